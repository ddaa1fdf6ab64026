//! `alumni show ALUMNUS`: one alumnus on one page: the profile, consent,
//! eligibility with its origin, then one dated timeline, oldest first, of
//! contacts, stage entries, closes, events, partner changes, consent
//! changes and edits; and the career history (company and title, oldest
//! first). CSV holds the profile only; JSON holds everything, the timeline
//! as `timeline`, the career history as `career`, and the campaigns that
//! went to them and their survey answers as `campaigns` and `surveys`.

use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::list::{AlumnusRow, roster, to_json};
use super::{Context, listing};
use crate::cli::ListingArgs;
use crate::db::career::{self, Entry};
use crate::db::contacts::{self, ConsentChange};
use crate::db::{alumni, timeline};
use crate::domain::Field;
use crate::export::Format;
use crate::i18n::{self, Lang, tr};
use crate::output::{Table, new_table};

pub fn run(context: &Context, reference: &str, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let alumnus = alumni::find(&conn, reference)?;
    let history = timeline::of(&conn, alumnus.id)?;
    let consents = contacts::consent_history(&conn, alumnus.id)?;
    let others = crate::db::merges::others_of(&conn, alumnus.id)?;
    let merged = timeline::merged(&conn, alumnus.id)?;
    let career = career::of(&conn, alumnus.id)?;
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
            object["campaigns"] = Value::Array(history.campaigns);
            object["surveys"] = Value::Array(history.surveys);
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
            object["career"] = serde_json::to_value(&career)?;
            serde_json::to_writer_pretty(&mut out, &object)?;
            writeln!(out)?;
        }
        Format::Table => {
            let ja = i18n::current() == Lang::Ja;
            let mut table = new_table();
            // One label column in the language of the run, except that
            // English keeps the Japanese labels beside the names, as
            // rosters are read by Japanese HR teams whatever the locale.
            let row = |table: &mut Table, name: &str, label: &str, value: &str| {
                if ja {
                    table.add_row([label, value]);
                } else {
                    table.add_row([name, label, value]);
                }
            };
            if ja {
                table.set_header([tr!("show-field"), tr!("show-value")]);
            } else {
                table.set_header(["field", "項目", "value"]);
            }
            row(&mut table, "id", "ID", &alumnus.id.to_string());
            for field in Field::ALL {
                let stored = alumnus.get(field).unwrap_or("");
                let mut value = if field == Field::RehireEligible {
                    word("show-rehire", stored)
                } else {
                    stored.to_string()
                };
                if field == Field::RehireEligible
                    && let Some(source) = &alumnus.rehire_source
                {
                    let source = word("show-rehire-source", source.as_str());
                    value.push_str(&tr!("show-rehire-origin", source = source));
                }
                row(&mut table, field.column(), field.label_ja(), &value);
            }
            let state = word("show-consent", alumnus.consent.as_str());
            let consent = match (&alumnus.consent_date, &alumnus.consent_purpose) {
                (Some(date), Some(purpose)) => {
                    tr!(
                        "show-consent-dated-purpose",
                        consent = state,
                        date = date,
                        purpose = purpose
                    )
                }
                (Some(date), None) => tr!("show-consent-dated", consent = state, date = date),
                _ => state,
            };
            for (name, label, values) in [
                ("other emails", tr!("show-other-emails"), &others.emails),
                ("other phones", tr!("show-other-phones"), &others.phones),
                ("aliases", tr!("show-aliases"), &others.aliases),
            ] {
                if !values.is_empty() {
                    row(&mut table, name, &label, &values.join(", "));
                }
            }
            row(&mut table, "consent", &tr!("show-consent"), &consent);
            if let Some(on) = alumnus.erased_on() {
                row(
                    &mut table,
                    "erased_at",
                    &tr!("show-erased-at"),
                    &tr!("show-erased", on = on),
                );
            }
            // Stored in UTC; shown, as every table shows times, in local time.
            let zone = jiff::tz::TimeZone::system();
            let local = |stored: &str| crate::output::local_time(stored, &zone);
            row(
                &mut table,
                "created_at",
                "登録日時",
                &local(&alumnus.created_at),
            );
            row(
                &mut table,
                "updated_at",
                "更新日時",
                &local(&alumnus.updated_at),
            );
            writeln!(out, "{table}")?;
            write_career(&mut out, &career)?;
            write_merged(&mut out, &merged)?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------ career

/// The career history under the profile, oldest first: since, company,
/// title and where each entry came from.
fn write_career(out: &mut impl Write, entries: &[Entry]) -> Result<()> {
    writeln!(out, "\n{}", tr!("career-title"))?;
    if entries.is_empty() {
        writeln!(out, "  {}", tr!("career-none"))?;
        return Ok(());
    }
    let mut table = new_table();
    table.set_header([
        tr!("career-since"),
        tr!("career-company"),
        tr!("career-position"),
        tr!("career-source"),
    ]);
    for entry in entries {
        let source = match entry.import_id {
            Some(id) => tr!("career-source-import-numbered", id = id),
            None => word("career-source", entry.source.as_str()),
        };
        table.add_row([
            entry.since.clone(),
            entry.company.clone().unwrap_or_default(),
            entry.title.clone().unwrap_or_default(),
            source,
        ]);
    }
    writeln!(out, "{table}")?;
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

/// The label of each kind of timeline entry: the message
/// `timeline-kind-KIND`, so that each language has its words in one place.
fn kind_label(kind: &str) -> String {
    match kind {
        "contact" => tr!("timeline-kind-contact"),
        "stage" => tr!("timeline-kind-stage"),
        "close" => tr!("timeline-kind-close"),
        "event" => tr!("timeline-kind-event"),
        "partner" => tr!("timeline-kind-partner"),
        "consent" => tr!("timeline-kind-consent"),
        "edit" => tr!("timeline-kind-edit"),
        _ => tr!("timeline-kind-other"),
    }
}

/// The word of the catalogs for a stored value (`show-consent-opted_in`),
/// or the value itself where the catalogs have none: a stored text this
/// version does not know is shown as it is, not hidden.
fn word(prefix: &str, value: &str) -> String {
    let key = format!("{prefix}-{value}");
    let text = i18n::message(i18n::current(), &key, &[]);
    if text == key { value.to_string() } else { text }
}

/// What one entry says, on one line.
fn describe(entry: &Value) -> String {
    let text = |key: &str| match &entry[key] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let planned = if entry["planned"] == 1 || entry["planned"] == true {
        tr!("timeline-planned")
    } else {
        String::new()
    };
    let line = match entry["kind"].as_str().unwrap_or("") {
        "contact" => format!(
            "#{} {} {} {} {}{}{}",
            text("contact"),
            word("timeline-channel", &text("channel")),
            word("timeline-direction", &text("direction")),
            text("summary"),
            text("owner"),
            if text("follow_up").is_empty() {
                String::new()
            } else {
                tr!("timeline-follow-up", date = text("follow_up"))
            },
            if text("follow_up_done_on").is_empty() {
                String::new()
            } else {
                tr!("timeline-done", date = text("follow_up_done_on"))
            }
        ),
        "stage" => format!(
            "{} {} {} {}",
            tr!("timeline-application", id = text("application")),
            text("stage"),
            text("label"),
            text("note")
        ),
        "close" => format!(
            "{} {} {}",
            tr!("timeline-application", id = text("application")),
            word("timeline-outcome", &text("outcome")),
            text("reason")
        ),
        "event" => format!(
            "#{} {} {}",
            text("event"),
            text("name"),
            word("timeline-status", &text("status"))
        ),
        "partner" => format!(
            "#{} {} ({}) {} {}",
            text("partner"),
            text("fields"),
            text("partner_kind"),
            text("company"),
            text("status")
        ),
        "consent" => tr!(
            "timeline-consent",
            consent = word("show-consent", &text("consent")),
            purpose = text("purpose"),
            source = word("timeline-source", &text("source"))
        ),
        "edit" => tr!(
            "timeline-edit",
            command = text("command"),
            by = text("by"),
            detail = text("detail")
        ),
        _ => String::new(),
    };
    format!(
        "{}{planned}",
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// The one timeline under the profile, oldest first.
fn write_merged(out: &mut impl Write, entries: &[Value]) -> Result<()> {
    writeln!(out, "\n{}", tr!("timeline-title"))?;
    if entries.is_empty() {
        writeln!(out, "{}", tr!("timeline-empty"))?;
        return Ok(());
    }
    let mut table = new_table();
    table.set_header([
        tr!("timeline-date"),
        tr!("timeline-kind"),
        tr!("timeline-what"),
    ]);
    for entry in entries {
        table.add_row([
            entry["date"].as_str().unwrap_or("").to_string(),
            kind_label(entry["kind"].as_str().unwrap_or("")),
            describe(entry),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}
