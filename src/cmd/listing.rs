//! Where listings, exports and reports go: a listing on standard output
//! (`alumni contact list`), or the file that `--out` names (`alumni export
//! contacts --out …`), with the message that says where it went. Both are
//! written by `crate::export::Writer`.

use anyhow::Result;

use super::{Context, hand};
use crate::cli::{CsvArgs, ListingArgs};
use crate::export::path::{self, Placeholders};
use crate::export::{CsvOptions, Destination, Format, Listing, Row, Writer};

/// How CSV is written: for Excel, unless `--no-bom` or `--raw`.
pub(super) fn csv_options(args: &CsvArgs) -> CsvOptions {
    CsvOptions {
        bom: !args.no_bom,
        neutralize: !args.raw,
    }
}

/// Starts `listing` on standard output, in the format `args` asks for.
pub(super) fn start<'l>(
    listing: &'l Listing,
    args: &ListingArgs,
) -> Result<Writer<'l, Destination>> {
    Writer::new(
        args.format,
        listing,
        csv_options(&args.csv),
        Destination::stdout(),
    )
}

/// Ends a listing on standard output; returns how many rows it held.
pub(super) fn end(writer: Writer<'_, Destination>) -> Result<u64> {
    let (out, rows) = writer.finish()?;
    out.commit()?;
    Ok(rows)
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
