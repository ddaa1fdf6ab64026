//! `alumni show ALUMNUS`: one alumnus, every field.

use std::io::Write;

use anyhow::Result;

use super::Context;
use crate::cli::Format;
use crate::db::alumni;
use crate::domain::Field;
use crate::output::{csv_header, csv_record, new_table, to_json};

pub fn run(context: &Context, reference: &str, format: Format) -> Result<()> {
    let conn = context.open_db()?;
    let alumnus = alumni::find(&conn, reference)?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &to_json(&alumnus))?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(csv_header())?;
            csv.write_record(csv_record(&alumnus))?;
            csv.flush()?;
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
                _ => alumnus.consent.clone(),
            };
            table.add_row(["consent", "連絡同意", &consent]);
            table.add_row(["created_at", "登録日時", &alumnus.created_at]);
            table.add_row(["updated_at", "更新日時", &alumnus.updated_at]);
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}
