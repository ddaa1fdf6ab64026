//! `alumni show ALUMNUS`: one alumnus on one page: the profile, consent,
//! eligibility with its origin, then the timeline of contacts, applications
//! with their stage history, events and partners. CSV holds the profile
//! only; JSON holds everything.

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
use crate::output::{new_table, visible};

pub fn run(context: &Context, reference: &str, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let alumnus = alumni::find(&conn, reference)?;
    let history = timeline::of(&conn, alumnus.id)?;
    let consents = contacts::consent_history(&conn, alumnus.id)?;
    let others = crate::db::merges::others_of(&conn, alumnus.id)?;
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
            write_consent_history(&mut out, &consents)?;
            write_timeline(&mut out, &history)?;
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

/// The consent history under the profile, newest first: what the alumnus
/// agreed to or withdrew, when, and for what purpose (APPI).
fn write_consent_history(out: &mut impl Write, changes: &[ConsentChange]) -> Result<()> {
    writeln!(out, "\nConsent history / 連絡同意の履歴")?;
    if changes.is_empty() {
        writeln!(out, "  (none)")?;
        return Ok(());
    }
    let mut table = new_table();
    table.set_header(["date", "consent", "purpose", "source"]);
    for change in changes {
        table.add_row([
            change.date.as_deref().unwrap_or(""),
            change.consent.as_str(),
            change.purpose.as_deref().unwrap_or(""),
            change.source.as_str(),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}

/// The timeline under the profile: one table per kind of history.
fn write_timeline(out: &mut impl Write, history: &timeline::Timeline) -> Result<()> {
    section(
        out,
        "Contacts / 接触履歴",
        &[
            "date",
            "channel",
            "direction",
            "summary",
            "owner",
            "follow_up",
        ],
        &history.contacts,
    )?;
    writeln!(out, "\nApplications / 応募")?;
    if history.applications.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for application in &history.applications {
        // Written line by line, not as a table: each text is escaped here.
        let text = |key: &str| visible(application[key].as_str().unwrap_or("")).into_owned();
        let what = match text("role").as_str() {
            "referrer" => format!("referral of {}", text("candidate_name")),
            _ => text("kind"),
        };
        let state = match text("outcome").as_str() {
            "" => format!("{} {}", text("stage"), text("stage_label")),
            outcome => format!("{outcome} {} {}", text("closed_on"), text("outcome_reason")),
        };
        writeln!(
            out,
            "  #{} {what} {} {} (opened {}): {}",
            application["id"],
            text("position"),
            text("department"),
            text("opened_on"),
            state.trim()
        )?;
        for stage in application["stages"].as_array().into_iter().flatten() {
            let field = |key: &str| visible(stage[key].as_str().unwrap_or(""));
            writeln!(
                out,
                "      {} {} {} {}",
                field("entered_on"),
                field("stage"),
                field("label"),
                field("note")
            )?;
        }
    }
    section(
        out,
        "Events / イベント",
        &["date", "name", "kind", "status"],
        &history.events,
    )?;
    section(
        out,
        "Partners / パートナー",
        &["company", "kind", "status", "notes"],
        &history.partners,
    )
}

fn section(out: &mut impl Write, title: &str, columns: &[&str], rows: &[Value]) -> Result<()> {
    writeln!(out, "\n{title}")?;
    if rows.is_empty() {
        writeln!(out, "  (none)")?;
        return Ok(());
    }
    let mut table = new_table();
    table.set_header(columns.to_vec());
    for row in rows {
        table.add_row(
            columns
                .iter()
                .map(|c| {
                    row[*c]
                        .as_str()
                        .map_or_else(|| row[*c].to_string(), String::from)
                })
                .map(|s| if s == "null" { String::new() } else { s })
                .collect::<Vec<_>>(),
        );
    }
    writeln!(out, "{table}")?;
    Ok(())
}
