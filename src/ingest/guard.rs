//! What keeps a damaged or hostile file from crashing, hanging or
//! exhausting the importer: only regular files are opened, the counts and
//! cell references a workbook declares are checked against Excel's limits
//! before calamine trusts them, and a panic inside calamine becomes a
//! "damaged file" refusal.
//!
//! calamine reserves memory from what a file says (a shared-strings count,
//! ODS repeat attributes) and an allocation failure aborts the process, so
//! those numbers are read here first, with the `zip` crate calamine itself
//! uses, and a file whose numbers cannot be true is refused before calamine
//! sees it.

use std::cell::Cell as Flag;
use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use anyhow::Result;
use quick_xml::events::{BytesStart, Event};

use crate::error::Failure;

/// Excel's last row, 1,048,576, as a 0-based index bound.
pub const MAX_ROWS: u64 = 1_048_576;
/// Excel's last column, XFD, as a 0-based index bound.
pub const MAX_COLUMNS: u64 = 16_384;

/// Shared strings held in memory beyond what the file really holds: a
/// little slack for writers that count loosely.
const SHARED_STRINGS_SLACK: u64 = 100_000;
/// The most shared-string text read into memory. A roster of a million
/// people holds well under this.
const MAX_SHARED_STRINGS_BYTES: u64 = 1 << 30;
/// The longest text or tag in a workbook's XML. Excel caps a cell at 32,767
/// characters; escaped and in UTF-8 that is well under a megabyte.
const MAX_TOKEN_BYTES: u64 = 16 << 20;
/// The most cells calamine may lay out for one .ods sheet: it builds the
/// sheet densely, about 56 bytes a cell, twice over while it trims it.
const MAX_ODS_CELLS: u64 = 2_000_000;

fn damaged(path: &Path, why: impl std::fmt::Display) -> anyhow::Error {
    Failure::bad_file(path, format!("the file is damaged: {why}")).into()
}

/// Refuses anything that is not a regular file before it is opened:
/// opening a FIFO that nobody writes to blocks forever, and a device or a
/// directory is not a spreadsheet. Returns the file's size.
pub fn regular_file(path: &Path) -> Result<u64> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| Failure::bad_file(path, format!("cannot open: {e}")))?;
    if metadata.is_dir() {
        return Err(Failure::bad_file(path, "is a directory, not a file".into()).into());
    }
    if !metadata.is_file() {
        return Err(Failure::bad_file(
            path,
            "not a regular file (a pipe, socket or device); save the data to a file and import that"
                .into(),
        )
        .into());
    }
    Ok(metadata.len())
}

thread_local! {
    /// Set while this thread runs a reader under [`contained`].
    static QUIET: Flag<bool> = const { Flag::new(false) };
}

/// Runs `read`, a call into calamine, and turns a panic inside it into a
/// refusal of the file. The panic message is not printed: the refusal says
/// what happened, in the user's words.
pub fn contained<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Flag::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    QUIET.with(|q| q.set(was));
    outcome.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(damaged(path, format!("the reader stopped on it ({what})")))
    })
}

/// Refuses a cell beyond Excel's last row or column: padding a row out to
/// it would take the memory of the machine.
pub fn cell_position(path: &Path, row: u64, column: u64) -> Result<()> {
    if row >= MAX_ROWS || column >= MAX_COLUMNS {
        return Err(damaged(
            path,
            format!(
                "a cell at row {}, column {} lies beyond the last row ({MAX_ROWS}) or column ({MAX_COLUMNS}) a workbook can have",
                row + 1,
                column + 1
            ),
        ));
    }
    Ok(())
}

/// A cell reference such as `B12` as a 0-based (row, column), with
/// arithmetic that cannot overflow; `None` when it is not one.
pub fn parse_reference(text: &str) -> Option<(u64, u64)> {
    let text = text.trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at(letters);
    let row = row.trim_start_matches('$');
    if letters == 0 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(26)?
            .checked_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u64 = row.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

/// What [`check_xlsx`] learned of a workbook on the way.
#[derive(Clone, Copy, Debug)]
pub struct XlsxFacts {
    /// Some sheet may hold merged cells. When none does, calamine's second
    /// pass over every sheet's XML to find them can be skipped.
    pub merges: bool,
}

/// Checks an .xlsx before calamine opens it: the shared-strings table holds
/// what it declares, no text in it is larger than a workbook allows, and
/// every sheet's declared dimension lies within Excel's limits.
pub fn check_xlsx(path: &Path) -> Result<XlsxFacts> {
    // Unless every sheet was read and shown to hold no merge, calamine looks.
    let unknown = XlsxFacts { merges: true };
    let Ok(file) = File::open(path) else {
        // calamine reports it, in its own words.
        return Ok(unknown);
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(unknown);
    };
    let mut merges = false;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index(index) else {
            continue;
        };
        let Ok(shown) = entry.name().map(|n| n.to_string()) else {
            continue;
        };
        let name = shown.to_ascii_lowercase();
        if name.ends_with("sharedstrings.xml") {
            check_shared_strings(path, &shown, entry)?;
        } else if name.contains("worksheets/") && name.ends_with(".xml") {
            check_sheet_head(path, &shown, entry)?;
            let scanned = match zip.by_index(index) {
                Ok(entry) => scan_sheet(entry),
                Err(_) => SheetScan::UNREAD,
            };
            // A text inside the sheet itself (an inline string) is held
            // whole by calamine's reader, like a shared string.
            if scanned.longest > MAX_TOKEN_BYTES {
                return Err(damaged(
                    path,
                    format!(
                        "{shown} holds a text of more than {MAX_TOKEN_BYTES} bytes, more than a cell can"
                    ),
                ));
            }
            merges = merges || scanned.merges;
        }
    }
    Ok(XlsxFacts { merges })
}

/// What a look at the bytes of a sheet's XML tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SheetScan {
    /// Whether the name `mergeCell` occurs in it anywhere. An element's
    /// name cannot be escaped, so a sheet without those bytes has no
    /// `<mergeCells>`; text that happens to contain them only costs
    /// calamine's look, which parses the whole sheet again.
    merges: bool,
    /// The longest run of bytes between a `<` or `>` and the next one (a
    /// text, or a tag) of those that reach across two reads of the sheet
    /// (256 KiB each): a shorter run cannot matter.
    longest: u64,
}

impl SheetScan {
    /// What is assumed of a sheet that could not be read: calamine looks.
    const UNREAD: SheetScan = SheetScan {
        merges: true,
        longest: 0,
    };
}

/// Inflates a sheet once and looks at its bytes (with memchr, a fraction
/// of the cost of parsing it); stops at a run longer than a cell may be.
fn scan_sheet(mut reader: impl Read) -> SheetScan {
    const NAME: &[u8] = b"mergeCell";
    let finder = memchr::memmem::Finder::new(NAME);
    let keep = NAME.len() - 1;
    // The last bytes of the previous chunk are kept in front of the next,
    // so a name split between two reads is still found.
    let mut buffer = vec![0u8; (256 << 10) + keep];
    let mut carried = 0;
    let mut scan = SheetScan {
        merges: false,
        longest: 0,
    };
    // The bytes since the last `<` or `>`, across chunks.
    let mut run: u64 = 0;
    loop {
        let n = match reader.read(&mut buffer[carried..]) {
            Ok(0) => return scan,
            Ok(n) => n,
            // A broken entry is calamine's to report.
            Err(_) => return SheetScan::UNREAD,
        };
        let filled = carried + n;
        scan.merges = scan.merges || finder.find(&buffer[..filled]).is_some();
        // Only a run that reaches across reads can be longer than a cell
        // may be: runs inside one read are not measured.
        let fresh = &buffer[carried..filled];
        match memchr::memchr2(b'<', b'>', fresh) {
            None => run += fresh.len() as u64,
            Some(first) => {
                scan.longest = scan.longest.max(run + first as u64);
                let last = memchr::memrchr2(b'<', b'>', fresh).unwrap_or(first);
                run = (fresh.len() - last - 1) as u64;
            }
        }
        scan.longest = scan.longest.max(run);
        if scan.longest > MAX_TOKEN_BYTES {
            return scan;
        }
        carried = keep.min(filled);
        buffer.copy_within(filled - carried..filled, 0);
    }
}

/// The shared strings: the count in `<sst uniqueCount=...>` against the
/// `<si>` elements really there, since calamine reserves the count.
fn check_shared_strings(path: &Path, entry: &str, reader: impl Read) -> Result<()> {
    let mut scan = Scan::new(b"si");
    let mut declared = None;
    let mut head = Vec::new();
    let mut reader = reader.take(MAX_SHARED_STRINGS_BYTES + 1);
    let mut buffer = vec![0u8; 64 << 10];
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            // calamine reports a broken entry when it reads it.
            Err(_) => return Ok(()),
        };
        if declared.is_none() && head.len() < 4096 {
            head.extend_from_slice(&buffer[..n.min(4096)]);
            declared = declared_count(&head);
        }
        scan.feed(&buffer[..n]);
        if scan.longest > MAX_TOKEN_BYTES {
            return Err(damaged(
                path,
                format!(
                    "{entry} holds a text of more than {MAX_TOKEN_BYTES} bytes, more than a cell can"
                ),
            ));
        }
    }
    if scan.bytes > MAX_SHARED_STRINGS_BYTES {
        return Err(Failure::bad_file(
            path,
            format!(
                "{entry} holds more than {MAX_SHARED_STRINGS_BYTES} bytes of text, more than the importer reads from one workbook; split it or save it as CSV"
            ),
        )
        .into());
    }
    if let Some(declared) = declared
        && declared > scan.count.saturating_add(SHARED_STRINGS_SLACK)
    {
        return Err(damaged(
            path,
            format!(
                "{entry} declares {declared} strings but holds {}",
                scan.count
            ),
        ));
    }
    Ok(())
}

/// `uniqueCount` of the `<sst>` start tag, once the tag has been read
/// whole; an unreadable number counts as the largest.
fn declared_count(head: &[u8]) -> Option<u64> {
    let mut xml = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                return Some(
                    attribute(&e, "uniqueCount")
                        .map_or(0, |v| v.parse::<u64>().unwrap_or(u64::MAX)),
                );
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => buf.clear(),
        }
    }
}

fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.trim().to_string())
}

/// A sheet's `<dimension ref=...>`, which comes before its cells.
fn check_sheet_head(path: &Path, entry: &str, reader: impl Read) -> Result<()> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader.take(1 << 20)));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "dimension" => {
                    let reference = attribute(&e, "ref").unwrap_or_default();
                    for corner in reference.split(':') {
                        let Some((row, column)) = parse_reference(corner) else {
                            return Err(damaged(
                                path,
                                format!(
                                    "{entry} declares the dimension {reference:?}, which is not a range of cells"
                                ),
                            ));
                        };
                        if row >= MAX_ROWS || column >= MAX_COLUMNS {
                            return Err(damaged(
                                path,
                                format!(
                                    "{entry} declares the dimension {reference:?}, beyond the last row or column a workbook can have"
                                ),
                            ));
                        }
                    }
                }
                "sheetData" => return Ok(()),
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Counts the elements of one local name and measures the longest text
/// run or tag, a chunk at a time, without parsing (a parser would hold a
/// gigabyte-long text in memory to hand it over).
struct Scan {
    name: &'static [u8],
    /// The name of the tag being read, while it is short enough to matter.
    tag: Option<Vec<u8>>,
    run: u64,
    longest: u64,
    count: u64,
    bytes: u64,
}

impl Scan {
    fn new(name: &'static [u8]) -> Scan {
        Scan {
            name,
            tag: None,
            run: 0,
            longest: 0,
            count: 0,
            bytes: 0,
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        for &byte in chunk {
            if byte == b'<' || byte == b'>' {
                self.longest = self.longest.max(self.run);
                self.run = 0;
            } else {
                self.run += 1;
            }
            if byte == b'<' {
                self.tag = Some(Vec::with_capacity(16));
                continue;
            }
            let Some(tag) = self.tag.as_mut() else {
                continue;
            };
            if byte.is_ascii_alphanumeric() || b":_-.".contains(&byte) {
                if tag.len() < 64 {
                    tag.push(byte);
                    continue;
                }
            } else {
                let local = tag.rsplit(|&b| b == b':').next().unwrap_or(tag);
                if local == self.name {
                    self.count += 1;
                }
            }
            self.tag = None;
        }
        self.longest = self.longest.max(self.run);
    }
}

/// Checks an .ods before calamine lays its sheets out densely: the cells
/// its repeat attributes stand for must fit in [`MAX_ODS_CELLS`].
pub fn check_ods(path: &Path) -> Result<()> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheet = OdsSheet::default();
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                sheet = OdsSheet::default();
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                sheet.start_row(repeats(&e, "number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => sheet.end_row(),
            ref event @ (Event::Start(ref e) | Event::Empty(ref e))
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                // A cell with content or a value type is one calamine keeps.
                let filled = matches!(event, Event::Start(_))
                    || e.attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "value-type");
                sheet.cell(repeats(e, "number-columns-repeated"), filled);
            }
            _ => {}
        }
        if sheet.cells() > MAX_ODS_CELLS {
            return Err(Failure::bad_file(
                path,
                format!(
                    "the sheet's repeated cells stand for more than {MAX_ODS_CELLS} cells, more than the importer lays out from an .ods file; delete the empty rows and columns, or save it as .xlsx or CSV"
                ),
            )
            .into());
        }
        buf.clear();
    }
}

fn repeats(element: &BytesStart<'_>, local: &str) -> u64 {
    attribute(element, local).map_or(1, |v| v.parse().unwrap_or(u64::MAX))
}

/// What calamine will hold for one .ods sheet: the cells of each row up to
/// its last filled one (capped at Excel's columns), then the rows between
/// the first and last filled ones, repeats included, at the widest width.
#[derive(Default)]
struct OdsSheet {
    row_repeats: u64,
    row_cells: u64,
    pending_empty: u64,
    /// Cells of the rows as written, before repeats are laid out.
    written: u64,
    width: u64,
    /// Rows from the first filled one through the last filled one.
    rows_to_last: u64,
    rows_since_first: Option<u64>,
}

impl OdsSheet {
    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats.min(MAX_ROWS);
        self.row_cells = 0;
        self.pending_empty = 0;
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        let repeats = repeats.min(MAX_COLUMNS);
        if filled {
            self.row_cells = (self.row_cells + self.pending_empty + repeats).min(MAX_COLUMNS);
            self.pending_empty = 0;
        } else {
            // calamine keeps only the last run of empty cells before a value.
            self.pending_empty = repeats;
        }
    }

    fn end_row(&mut self) {
        self.written += self.row_cells;
        if let Some(rows) = self.rows_since_first.as_mut() {
            *rows = (*rows + self.row_repeats).min(MAX_ROWS);
        }
        if self.row_cells > 0 {
            self.width = self.width.max(self.row_cells);
            let rows = self.rows_since_first.get_or_insert(self.row_repeats);
            self.rows_to_last = *rows;
        }
    }

    fn cells(&self) -> u64 {
        self.written
            .max(self.rows_to_last.saturating_mul(self.width))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_without_overflow() {
        assert_eq!(parse_reference("A1"), Some((0, 0)));
        assert_eq!(parse_reference("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_reference("$B$12"), Some((11, 1)));
        assert_eq!(parse_reference("ZZZZZZZZZZZZZZZZZZZZ1"), None);
        assert_eq!(parse_reference("A99999999999999999999999"), None);
        assert_eq!(parse_reference("A0"), None);
        assert_eq!(parse_reference("12"), None);
    }

    #[test]
    fn the_scan_counts_elements_across_chunks_and_measures_runs() {
        let mut scan = Scan::new(b"si");
        for chunk in [&b"<sst><s"[..], b"i><t>ab</t></si><x:si/><sis/><si"] {
            scan.feed(chunk);
        }
        scan.feed(b">");
        assert_eq!(scan.count, 3);
        assert_eq!(scan.longest, 5, "'x:si/' is the longest run");
    }

    #[test]
    fn a_merge_is_seen_even_across_two_reads() {
        let sheet = b"<worksheet><sheetData/><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
        assert!(scan_sheet(&sheet[..]).merges);
        // A reader that hands over three bytes at a time splits the name.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(3).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        assert!(scan_sheet(Trickle(sheet)).merges);
        assert!(scan_sheet(Trickle(b"<x:mergeCells><x:mergeCell ref=\"A1:A2\"/>")).merges);
        assert!(
            !scan_sheet(Trickle(
                b"<worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>"
            ))
            .merges
        );
        assert!(!scan_sheet(&b""[..]).merges);
    }

    #[test]
    fn the_longest_text_of_a_sheet_is_measured_across_reads() {
        let sheet = b"<row><c t=\"inlineStr\"><is><t>abcdefghij</t></is></c></row>";
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(4).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        // Four bytes a read: every run longer than that reaches across
        // reads, and `c t="inlineStr"` (15 bytes) is longer than the text.
        assert_eq!(scan_sheet(Trickle(sheet)).longest, 15);
        // Read at once, no run reaches across reads.
        assert_eq!(scan_sheet(&sheet[..]).longest, 0);
    }

    #[test]
    fn the_declared_count_is_read_from_the_sst_tag() {
        assert_eq!(
            declared_count(br#"<?xml?><sst count="9" uniqueCount="7">"#),
            Some(7)
        );
        assert_eq!(
            declared_count(br#"<sst uniqueCount="18446744073709551616">"#),
            Some(u64::MAX)
        );
        assert_eq!(declared_count(br#"<sst uniqueCou"#), None);
    }

    #[test]
    fn an_ods_sheet_counts_what_calamine_lays_out() {
        let mut sheet = OdsSheet::default();
        // A header row, then a million rows of a value at column 16,001.
        sheet.start_row(1);
        sheet.cell(3, true);
        sheet.end_row();
        sheet.start_row(1_000_000);
        sheet.cell(16_000, false);
        sheet.cell(1, true);
        sheet.end_row();
        assert_eq!(sheet.cells(), 1_000_001 * 16_001);
        // Trailing empty rows, as LibreOffice writes them, cost nothing.
        let mut sheet = OdsSheet::default();
        sheet.start_row(1);
        sheet.cell(12, true);
        sheet.end_row();
        sheet.start_row(1_048_562);
        sheet.cell(12, false);
        sheet.end_row();
        assert_eq!(sheet.cells(), 12);
    }
}
