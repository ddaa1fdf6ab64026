//! Where listings, exports and reports go: a listing on standard output
//! (`alumni contact list`), or the file that `--out` names (`alumni export
//! contacts --out …`), with the message that says where it went. Both are
//! written by `crate::export::Writer`.

use anyhow::Result;

use super::{Context, hand};
use crate::cli::{CsvArgs, ListingArgs};
use crate::export::path::{self, Placeholders};
use crate::export::{CsvOptions, Destination, Format, Listing, Row, Selection, Writer};
use crate::i18n::tr;
use crate::output;
use unicode_width::UnicodeWidthStr;

/// How CSV is written: for Excel, unless `--no-bom` or `--raw`.
pub(super) fn csv_options(args: &CsvArgs) -> CsvOptions {
    CsvOptions {
        bom: !args.no_bom,
        neutralize: !args.raw,
    }
}

/// The columns and the number of rows `--columns` and `--limit` ask for.
pub(super) fn selection(args: &ListingArgs) -> Selection {
    Selection {
        columns: args.columns.clone(),
        limit: args.limit,
    }
}

/// Starts `listing` on standard output, in the format `args` asks for,
/// with the columns and rows it chooses.
pub(super) fn start<'l>(
    listing: &'l Listing,
    args: &ListingArgs,
) -> Result<Writer<'l, Destination>> {
    Writer::selecting(
        args.format,
        listing,
        csv_options(&args.csv),
        Destination::stdout(),
        &selection(args),
    )
}

/// Ends a listing on standard output that was given every row; returns
/// how many it showed. On a terminal, notes say what the table left out.
pub(super) fn end(writer: Writer<'_, Destination>) -> Result<u64> {
    finish(writer, Given::Every)
}

/// How many of the rows there are a listing was given.
pub(super) enum Given {
    /// Every row, so it knows how many there are.
    Every,
    /// Only one past its limit (the database stopped there), so it knows
    /// only that there are more.
    UpToLimit,
}

/// Ends a listing on standard output; returns how many rows it showed.
pub(super) fn finish(writer: Writer<'_, Destination>, given: Given) -> Result<u64> {
    let finished = writer.end()?;
    finished.out.commit()?;
    // After the pager has gone: a note would be lost on its screen.
    if !finished.dropped.is_empty() {
        output::note(&hidden(&finished.dropped));
    }
    if finished.seen > finished.rows {
        output::note(&match given {
            Given::Every => tr!(
                "listing-showing-of",
                shown = finished.rows,
                seen = finished.seen
            ),
            Given::UpToLimit => tr!("listing-showing-first", shown = finished.rows),
        });
    }
    Ok(finished.rows)
}

/// The note on the columns a table left out to fit the screen; as many
/// of their headings as the screen has room for.
fn hidden(headings: &[String]) -> String {
    // Room for the words around the names.
    let room = output::screen_width()
        .unwrap_or(usize::MAX)
        .saturating_sub(40);
    let mut names = String::new();
    for heading in headings {
        if !names.is_empty() && names.width() + heading.width() + 2 > room {
            names.push_str(", …");
            break;
        }
        if !names.is_empty() {
            names.push_str(", ");
        }
        names.push_str(heading);
    }
    tr!(
        "listing-columns-hidden",
        count = headings.len(),
        names = names
    )
}

/// Writes `rows` as `listing` on standard output; returns how many there were.
pub(super) fn print<R: Row>(
    listing: &Listing,
    args: &ListingArgs,
    rows: impl IntoIterator<Item = R>,
) -> Result<u64> {
    let mut writer = start(listing, args)?;
    for row in rows {
        writer.write(row)?;
    }
    end(writer)
}

/// Opens `--out` with its placeholders filled in (`fy` is the fiscal year
/// `{fy}` stands for); returns it with the path to show in the closing
/// message (none for standard output).
pub(super) fn open(
    context: &Context,
    out: &str,
    format: Format,
    fy: i32,
) -> Result<(Destination, Option<String>)> {
    let values = Placeholders {
        date: hand::today(),
        fy,
    };
    let target = path::expand(out, &values)?;
    let destination = Destination::open(&target, format, &context.db_path)?;
    let shown = (target != "-").then_some(target);
    Ok((destination, shown))
}

/// Says what was written where, when it went to a file.
pub(super) fn done(context: &Context, what: &str, shown: Option<String>) {
    if let Some(path) = shown {
        context.term.say(&format!("exported {what} to {path}"));
    }
}
