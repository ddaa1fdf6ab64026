//! `alumni import --mappings` and `alumni import --forget-mapping ID`: the
//! column mappings remembered for header rows seen before, listed, and one
//! of them forgotten.

use anyhow::Result;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthChar;

use super::{Context, listing};
use crate::cli::{ImportArgs, ListingArgs};
use crate::db::mappings::{self, Remembered};
use crate::db::{Audit, Change};
use crate::error::Failure;
use crate::export::{Cell, Column, Format, Listing, Row};

/// What a person reads for a column left out.
const LEFT_OUT: &str = "(left out)";

/// How wide the header row may be in a table, in terminal columns.
const HEADERS_WIDTH: usize = 40;

/// The remembered mappings as a listing; the column names are also the
/// JSON keys.
static MAPPINGS: Listing = Listing::fixed(
    "Remembered mappings",
    "mappings",
    &[
        Column::shown("id"),
        Column::shown("headers"),
        Column::shown("mappings"),
        Column::shown("used_at").timestamp(),
    ],
);

/// Runs `--mappings` or `--forget-mapping` when one is given; `None` when
/// the command is an import. `--format` without `--mappings` is refused.
pub fn run(context: &Context, args: &ImportArgs) -> Option<Result<()>> {
    if args.list_mappings {
        let output = ListingArgs {
            format: args.format.unwrap_or(Format::Table),
            csv: args.csv,
            ..ListingArgs::default()
        };
        return Some(list(context, &output));
    }
    if args.format.is_some() {
        return Some(Err(Failure::Usage(
            "--format is for the listing of --mappings; an import writes no listing".into(),
        )
        .into()));
    }
    args.forget_mapping.map(|id| forget(context, id))
}

fn list(context: &Context, output: &ListingArgs) -> Result<()> {
    let remembered = context.read(|tx| mappings::all(tx))?;
    if listing::print(&MAPPINGS, output, remembered.into_iter().map(LayoutRow))? == 0 {
        context.term.say(
            "no mappings remembered yet; an import remembers the ones given with --map or at its prompt",
        );
    }
    Ok(())
}

fn forget(context: &Context, id: i64) -> Result<()> {
    let headers = context.write("import forget-mapping", |tx| {
        let Some(layout) = mappings::all(tx)?.into_iter().find(|l| l.id == id) else {
            // An id that is not there was mistyped: a usage error.
            return Err(Failure::Usage(format!(
                "no remembered mapping #{id} (see `alumni import --mappings`)"
            ))
            .into());
        };
        mappings::forget(tx, id)?;
        let audit = Audit::new(
            None,
            format!(
                "forgot remembered mapping #{id} ({} columns)",
                layout.mappings.len()
            ),
        );
        Ok(Change::audited(layout.headers, audit))
    })?;
    context.term.say(&format!(
        "forgot mapping #{id} for {}",
        shorten(&headers.join(", "), HEADERS_WIDTH)
    ));
    Ok(())
}

/// One remembered layout under [`MAPPINGS`]'s columns.
struct LayoutRow(Remembered);

impl LayoutRow {
    /// `HEADER → field`, one per line, as people read it.
    fn mapping_lines(&self) -> String {
        self.0
            .mappings
            .iter()
            .map(|(header, field)| {
                let field = field.map_or(LEFT_OUT, |f| f.column());
                format!("{header} → {field}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Row for LayoutRow {
    fn cells(&self, _: &[Column]) -> Vec<Cell> {
        vec![
            Cell::Int(self.0.id),
            Cell::text(self.0.headers.join(", ")),
            Cell::text(self.mapping_lines()),
            Cell::text(self.0.used_at.clone()),
        ]
    }

    fn shown(&self, _: &[Column]) -> Vec<Cell> {
        vec![
            Cell::Int(self.0.id),
            Cell::text(shorten(&self.0.headers.join(", "), HEADERS_WIDTH)),
            Cell::text(self.mapping_lines()),
            Cell::text(self.0.used_at.clone()),
        ]
    }

    fn into_json(self, _: &[Column]) -> Value {
        let mappings: Vec<Value> = self
            .0
            .mappings
            .iter()
            .map(|(header, field)| json!({ "header": header, "field": field.map(|f| f.column()) }))
            .collect();
        json!({
            "id": self.0.id,
            "headers": self.0.headers,
            "mappings": mappings,
            "created_at": self.0.created_at,
            "used_at": self.0.used_at,
        })
    }
}

/// `text` cut to at most `width` terminal columns, with `…` where it was
/// cut; Japanese characters count two.
fn shorten(text: &str, width: usize) -> String {
    let total: usize = text.chars().filter_map(UnicodeWidthChar::width).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        // One column is kept for the ellipsis.
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_header_row_is_cut_by_display_width() {
        assert_eq!(shorten("社員番号, 氏名", 40), "社員番号, 氏名");
        let cut = shorten("社員番号, 氏名, メールアドレス, 退職日, 退職理由", 20);
        assert_eq!(cut, "社員番号, 氏名, メ…");
        let width: usize = cut.chars().filter_map(UnicodeWidthChar::width).sum();
        assert!(width <= 20, "{width}");
    }
}
