//! `alumni show ALUMNUS`: one alumnus on one page: the profile, consent,
//! eligibility with its origin, then one dated timeline, oldest first, of
//! contacts, stage entries, closes, events, partner changes, consent
//! changes and edits. CSV holds the profile only; JSON holds everything,
//! the timeline as `timeline`.

use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::list::{AlumnusRow, roster, to_json};
use super::{Context, listing};
use crate::cli::ListingArgs;
use crate::db::contacts::{self, ConsentChange};
use crate::db::{alumni, timeline};
use crate::domain::Field;
use crate::export::Format;
use crate::output::new_table;

pub fn run(context: &Context, reference: &str, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let alumnus = alumni::find(&conn, reference)?;
    let history = timeline::of(&conn, alumnus.id)?;
    let consents = contacts::consent_history(&conn, alumnus.id)?;
    let others = crate::db::merges::others_of(&conn, alumnus.id)?;
    let merged = timeline::merged(&conn, alumnus.id)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Csv | Format::Xlsx => {
            listing::print(&roster(), args, [AlumnusRow(alumnus)])?;
        }
        Format::Json => {
            let mut object = to_json(&alumnus);
            object["contacts"] = Value::Array(history.contacts);
            object["applications"] = Value::Array(history.applications);
            object["events"] = Value::Array(history.events);
            object["partners"] = Value::Array(history.partners);
            object["consent_history"] = consent_history_json(&consents);
            // Every email and phone, the primary first; merged-away IDs.
            let all = |primary: Option<&str>, rest: &[String]| -> Value {
                primary
                    .into_iter()
                    .map(String::from)
                    .chain(rest.iter().cloned())
                    .collect()
            };
            object["emails"] = all(alumnus.get(Field::Email), &others.emails);
            object["phones"] = all(alumnus.get(Field::Phone), &others.phones);
            object["aliases"] = others.aliases.clone().into();
            object["erased_at"] = alumnus.erased_at.clone().into();
            object["timeline"] = Value::Array(merged);
            serde_json::to_writer_pretty(&mut out, &object)?;
            writeln!(out)?;
        }
        Format::Table => {
            let mut table = new_table();
            table.set_header(["field", "項目", "value"]);
            table.add_row(["id", "ID", &alumnus.id.to_string()]);
            for field in Field::ALL {
                let mut value = alumnus.get(field).unwrap_or("").to_string();
                if field == Field::RehireEligible
                    && let Some(source) = &alumnus.rehire_source
                {
                    value.push_str(&format!(" ({source})"));
                }
                table.add_row([field.column(), field.label_ja(), &value]);
            }
            let consent = match (&alumnus.consent_date, &alumnus.consent_purpose) {
                (Some(date), Some(purpose)) => format!("{} ({date}, {purpose})", alumnus.consent),
                (Some(date), None) => format!("{} ({date})", alumnus.consent),
                _ => alumnus.consent.to_string(),
            };
            for (name, label, values) in [
                ("other emails", "他のメール", &others.emails),
                ("other phones", "他の電話番号", &others.phones),
                ("aliases", "旧社員番号", &others.aliases),
            ] {
                if !values.is_empty() {
                    table.add_row([name, label, &values.join(", ")]);
                }
            }
            table.add_row(["consent", "連絡同意", &consent]);
            if let Some(on) = alumnus.erased_on() {
                table.add_row(["erased_at", "消去日", &format!("{on} (erased on request)")]);
            }
            table.add_row(["created_at", "登録日時", &alumnus.created_at]);
            table.add_row(["updated_at", "更新日時", &alumnus.updated_at]);
            writeln!(out, "{table}")?;
            write_merged(&mut out, &merged)?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------ consent history

/// The consent history as `consent_history` in JSON, newest first.
fn consent_history_json(changes: &[ConsentChange]) -> Value {
    changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "date": c.date,
                "consent": c.consent,
                "purpose": c.purpose,
                "source": c.source,
                "recorded_at": c.recorded_at,
            })
        })
        .collect()
}

/// The title of the timeline under the profile.
const TIMELINE_TITLE: &str = "Timeline / 履歴";
/// Shown when nothing happened yet.
const TIMELINE_EMPTY: &str = "  (none)";

/// The label of each kind of timeline entry, in one place.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "contact" => "contact / 接触",
        "stage" => "stage / 段階",
        "close" => "close / 終了",
        "event" => "event / イベント",
        "partner" => "partner / パートナー",
        "consent" => "consent / 連絡同意",
        "edit" => "edit / 修正",
        _ => "other",
    }
}

/// What one entry says, on one line.
fn describe(entry: &Value) -> String {
    let text = |key: &str| match &entry[key] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let planned = if entry["planned"] == 1 || entry["planned"] == true {
        " (planned)"
    } else {
        ""
    };
    let line = match entry["kind"].as_str().unwrap_or("") {
        "contact" => format!(
            "#{} {} {} {} {}{}{}",
            text("contact"),
            text("channel"),
            text("direction"),
            text("summary"),
            text("owner"),
            if text("follow_up").is_empty() {
                String::new()
            } else {
                format!(" follow up {}", text("follow_up"))
            },
            if text("follow_up_done_on").is_empty() {
                String::new()
            } else {
                format!(" (done {})", text("follow_up_done_on"))
            }
        ),
        "stage" => format!(
            "application {}: {} {} {}",
            text("application"),
            text("stage"),
            text("label"),
            text("note")
        ),
        "close" => format!(
            "application {}: {} {}",
            text("application"),
            text("outcome"),
            text("reason")
        ),
        "event" => format!("#{} {} {}", text("event"), text("name"), text("status")),
        "partner" => format!(
            "#{} {} ({}) {} {}",
            text("partner"),
            text("fields"),
            text("partner_kind"),
            text("company"),
            text("status")
        ),
        "consent" => format!(
            "{} {} ({})",
            text("consent"),
            text("purpose"),
            text("source")
        ),
        "edit" => format!("{} by {}: {}", text("command"), text("by"), text("detail")),
        _ => String::new(),
    };
    format!(
        "{}{planned}",
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// The one timeline under the profile, oldest first.
fn write_merged(out: &mut impl Write, entries: &[Value]) -> Result<()> {
    writeln!(out, "\n{TIMELINE_TITLE}")?;
    if entries.is_empty() {
        writeln!(out, "{TIMELINE_EMPTY}")?;
        return Ok(());
    }
    let mut table = new_table();
    table.set_header(["date", "kind", "what"]);
    for entry in entries {
        table.add_row([
            entry["date"].as_str().unwrap_or("").to_string(),
            kind_label(entry["kind"].as_str().unwrap_or("")).to_string(),
            describe(entry),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}
