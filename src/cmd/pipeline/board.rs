//! `alumni pipeline board`: the open applications grouped by stage, every
//! stage in order (empty ones too, so a gap in the funnel shows), with how
//! long each application has been in its stage.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use super::to_json;
use crate::cli::Format;
use crate::cmd::{Context, hand};
use crate::db::pipeline::{self, Application, stages};
use crate::domain::Kind;
use crate::output::{new_table, print_listing};

/// The columns of one stage's table.
const TABLE_COLUMNS: [&str; 9] = [
    "id",
    "kind",
    "employee_id",
    "name",
    "referrer",
    "position",
    "department",
    "stage_entered_on",
    "days_in_stage",
];

pub fn run(context: &Context, kind: Option<Kind>, format: Format) -> Result<()> {
    let conn = context.db()?;
    let stages = stages::all(&conn)?;
    let filter = pipeline::Filter {
        open: true,
        kind,
        ..Default::default()
    };
    let apps = pipeline::list(&conn, &filter)?;
    let today = hand::today();
    let groups: Vec<(&pipeline::Stage, Vec<Value>)> = stages
        .iter()
        .map(|stage| {
            let rows = apps
                .iter()
                .filter(|a| a.stage.as_deref() == Some(stage.key.as_str()))
                .map(|a| row(a, &today))
                .collect();
            (stage, rows)
        })
        .collect();

    match format {
        Format::Json => {
            let board: Vec<Value> = groups
                .into_iter()
                .map(|(stage, rows)| {
                    json!({
                        "stage": stage.key,
                        "label_ja": stage.label_ja,
                        "label_en": stage.label_en,
                        "applications": rows,
                    })
                })
                .collect();
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &board)?;
            writeln!(out)?;
        }
        Format::Csv => {
            // One flat table, the stage repeated on each row, for a spreadsheet.
            let mut columns = vec!["stage", "label_ja", "label_en"];
            columns.extend(TABLE_COLUMNS);
            let rows: Vec<Value> = groups
                .into_iter()
                .flat_map(|(stage, rows)| {
                    rows.into_iter().map(move |mut row| {
                        row["stage"] = json!(stage.key);
                        row["label_ja"] = json!(stage.label_ja);
                        row["label_en"] = json!(stage.label_en);
                        row
                    })
                })
                .collect();
            print_listing(Format::Csv, &columns, &rows)?;
        }
        Format::Table => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (stage, rows) in groups {
                writeln!(
                    out,
                    "{} {} / {} ({}): {}",
                    stage.position,
                    stage.label_ja,
                    stage.label_en,
                    stage.key,
                    rows.len()
                )?;
                if rows.is_empty() {
                    continue;
                }
                let mut table = new_table();
                table.set_header(TABLE_COLUMNS.to_vec());
                for row in &rows {
                    table.add_row(TABLE_COLUMNS.iter().map(|c| cell(&row[*c])));
                }
                writeln!(out, "{table}")?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// A listing row with the days the application has spent in its stage.
fn row(app: &Application, today: &str) -> Value {
    let mut row = to_json(app);
    row["days_in_stage"] = json!(days_between(app.stage_entered_on.as_deref(), today));
    row
}

fn days_between(from: Option<&str>, to: &str) -> Option<i64> {
    let from: jiff::civil::Date = from?.parse().ok()?;
    let to: jiff::civil::Date = to.parse().ok()?;
    Some(i64::from(from.until(to).ok()?.get_days()))
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
