//! `alumni pipeline board`: the open applications grouped by stage, every
//! stage in order (empty ones too, so a gap in the funnel shows), with how
//! long each application has been in its stage.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use super::to_json;
use crate::cli::ListingArgs;
use crate::cmd::{Context, hand, listing};
use crate::db::pipeline::{self, Application, stages};
use crate::domain::{Kind, Stage};
use crate::export::{Column, CsvOptions, Destination, Format, Listed, Listing, Writer};
use crate::output::visible;

/// The board as a listing: one flat table, the stage repeated on each row,
/// for a spreadsheet. A stage's table on the terminal shows the columns
/// after the stage's own.
static BOARD: Listing = Listing::fixed(
    "Board",
    "applications",
    &[
        Column::hidden("stage"),
        Column::hidden("label_ja"),
        Column::hidden("label_en"),
        Column::shown("id"),
        Column::shown("kind"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("referrer"),
        Column::shown("position"),
        Column::shown("department"),
        Column::shown("stage_entered_on"),
        Column::shown("days_in_stage"),
    ],
);

pub fn run(context: &Context, kind: Option<Kind>, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let stages = stages::all(&conn)?;
    let filter = pipeline::Filter {
        open: true,
        kind,
        ..Default::default()
    };
    let apps = pipeline::list(&conn, &filter)?;
    let today = hand::today();
    let groups: Vec<(&Stage, Vec<Value>)> = stages
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

    match args.format {
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
        Format::Csv | Format::Xlsx => {
            let rows = groups.into_iter().flat_map(|(stage, rows)| {
                rows.into_iter().map(move |mut row| {
                    row["stage"] = json!(stage.key);
                    row["label_ja"] = json!(stage.label_ja);
                    row["label_en"] = json!(stage.label_en);
                    Listed::new(row)
                })
            });
            listing::print(&BOARD, args, rows)?;
        }
        Format::Table => {
            let mut out = Destination::stdout();
            for (stage, rows) in groups {
                let heading = crate::i18n::tr!(
                    "board-stage",
                    position = stage.position.to_string(),
                    label_ja = visible(&stage.label_ja).into_owned(),
                    label_en = visible(&stage.label_en).into_owned(),
                    key = &stage.key,
                    count = rows.len()
                );
                writeln!(out, "{heading}")?;
                if rows.is_empty() {
                    continue;
                }
                let mut table = Writer::new(Format::Table, &BOARD, CsvOptions::default(), out)?;
                for row in rows {
                    table.write(Listed::new(row))?;
                }
                out = table.finish()?.0;
            }
            out.commit()?;
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
