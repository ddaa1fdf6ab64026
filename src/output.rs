//! Text laid out for people: the house style of tables (UTF-8 borders,
//! wrapped to the terminal), which listings (`crate::export::Writer`) and
//! reports (`crate::report::render`) use; the escaping of characters that
//! would drive the terminal instead of being read ([`visible`]), which
//! every table cell and every message goes through; and the neutralizing
//! of CSV cells that a spreadsheet would run as formulas, which every CSV
//! written for people (exports, the rejects file of an import) goes
//! through.
//!
//! `table` is the listing table that streams its rows; `pager` is
//! standard output through `$PAGER`. How wide the screen is
//! ([`screen_width`]) and the notes about a table ([`note`]) are here.

pub mod pager;
pub mod table;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{ContentArrangement, presets};

/// `--quiet`: no notes about tables.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets, once for the run, whether output may go through the pager
/// (`--no-pager`) and whether notes are kept back (`--quiet`).
pub fn configure(paging: bool, quiet: bool) {
    pager::allow(paging);
    QUIET.store(quiet, Ordering::Relaxed);
}

/// How many columns a table may take: `COLUMNS` when it is set to a
/// number (so a script can ask for a width), else the width of the
/// terminal on standard output; on a pipe or in a file, no limit, so that
/// nothing a program reads is cut.
pub fn screen_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    terminal_size::terminal_size_of(io::stdout()).map(|(w, _)| usize::from(w.0))
}

/// A note about what a table on the terminal shows (columns left out, a
/// limit): on stderr, only when standard output is a terminal (a person
/// reads it) and not under `--quiet`.
pub fn note(message: &str) {
    if io::stdout().is_terminal() && !QUIET.load(Ordering::Relaxed) {
        eprintln!("{}", visible(message));
    }
}

/// The characters that make a spreadsheet read a cell as a formula (or
/// that hide one): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that Excel or LibreOffice would take for a formula gets a
/// single quote in front, as OWASP recommends against CSV injection: an
/// alumnus named `=HYPERLINK(…)` is shown as text, never run.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A character that a terminal obeys rather than shows: the C0 controls
/// (ESC starts the sequences that recolour, move the cursor, retitle the
/// window or write to the clipboard; BEL rings; CR overwrites the line),
/// DEL, the C1 controls (U+009B is a one-character CSI), and the
/// bidirectional controls, which reorder the text around them so that a
/// name reads as another. A line feed is kept: it only starts a line, and
/// a note of several lines stays readable.
fn drives_the_terminal(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{9}'
            | '\u{b}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061c}'
    )
}

/// Stored or imported text as it may be shown on a terminal: each
/// character that would drive the terminal ([`drives_the_terminal`]) is
/// written as Rust writes it in a string literal (`\u{1b}`, `\u{202e}`,
/// `\t`, `\r`), everything else as it is. Text that needs nothing is
/// borrowed, so the common case costs one scan. A table measures the
/// escaped form, so its columns stay aligned. JSON and CSV never go
/// through this: they carry the data exactly.
pub fn visible(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(drives_the_terminal) else {
        return Cow::Borrowed(text);
    };
    let mut shown = String::with_capacity(text.len() + 8);
    shown.push_str(&text[..first]);
    for c in text[first..].chars() {
        if drives_the_terminal(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// A stored RFC 3339 time as people read it, in `zone` (the local time
/// zone, for the screen) to the second; anything else as it is.
pub fn local_time(stored: &str, zone: &jiff::tz::TimeZone) -> String {
    match stored.parse::<jiff::Timestamp>() {
        Ok(time) => time
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => stored.to_string(),
    }
}

/// A table in the house style: UTF-8 borders, wrapped to the terminal
/// (or to `COLUMNS`, see [`screen_width`]),
/// and Japanese text measured by its display width (comfy-table does
/// that). Every heading and cell goes through [`visible`] on its way in,
/// so no table can print raw control characters, whoever fills it.
pub struct Table(comfy_table::Table);

impl Table {
    pub fn set_header<I>(&mut self, cells: I) -> &mut Table
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.0.set_header(shown(cells));
        self
    }

    pub fn add_row<I>(&mut self, cells: I) -> &mut Table
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.0.add_row(shown(cells));
        self
    }
}

fn shown<I>(cells: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    cells
        .into_iter()
        .map(|cell| visible(cell.as_ref()).into_owned())
        .collect()
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A new, empty [`Table`] in the house style.
pub fn new_table() -> Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = screen_width() {
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    }
    Table(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralized_and_others_kept() {
        for risky in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(risky), format!("'{risky}"));
        }
        for safe in ["山田 太郎", "a=b", "00123", "", "'quoted"] {
            assert_eq!(neutralize(safe), safe);
        }
    }

    #[test]
    fn escape_sequences_and_c0_controls_are_escaped() {
        assert_eq!(
            visible("\u{1b}[31m山田\u{1b}[0m"),
            "\\u{1b}[31m山田\\u{1b}[0m"
        );
        assert_eq!(visible("鈴木\u{7}"), "鈴木\\u{7}");
        assert_eq!(visible("a\0b"), "a\\u{0}b");
        assert_eq!(visible("a\rb\tc"), "a\\rb\\tc");
        assert_eq!(visible("\u{1f}"), "\\u{1f}");
    }

    #[test]
    fn del_and_c1_controls_are_escaped() {
        assert_eq!(visible("x\u{7f}"), "x\\u{7f}");
        assert_eq!(
            visible("\u{80}\u{85}\u{9b}31m\u{9f}"),
            "\\u{80}\\u{85}\\u{9b}31m\\u{9f}"
        );
    }

    #[test]
    fn bidirectional_controls_are_escaped() {
        for (c, shown) in [
            ('\u{202a}', "\\u{202a}"),
            ('\u{202b}', "\\u{202b}"),
            ('\u{202c}', "\\u{202c}"),
            ('\u{202d}', "\\u{202d}"),
            ('\u{202e}', "\\u{202e}"),
            ('\u{2066}', "\\u{2066}"),
            ('\u{2067}', "\\u{2067}"),
            ('\u{2068}', "\\u{2068}"),
            ('\u{2069}', "\\u{2069}"),
            ('\u{200e}', "\\u{200e}"),
            ('\u{200f}', "\\u{200f}"),
            ('\u{061c}', "\\u{61c}"),
        ] {
            assert_eq!(
                visible(&format!("田中{c}gpj.exe")),
                format!("田中{shown}gpj.exe")
            );
        }
    }

    #[test]
    fn plain_text_is_kept_and_borrowed() {
        for plain in [
            "",
            "山田 太郎",
            "ﾔﾏﾀﾞ ﾀﾛｳ",
            "株式会社サンプル商事",
            "送別会済み\n連絡先は個人メールへ",
            "a\\u{1b}b",
            "Zoë O'Brien — 🎌",
            "\u{a0}\u{200b}\u{3000}",
        ] {
            assert!(
                matches!(visible(plain), Cow::Borrowed(p) if p == plain),
                "{plain:?}"
            );
        }
    }

    #[test]
    fn a_table_shows_cells_escaped_and_measures_the_escaped_form() {
        let mut table = new_table();
        table.set_header(["name", "note"]);
        table.add_row(["\u{1b}[2J\u{202e}abc", "x"]);
        table.add_row(["山田", "y"]);
        let text = table.to_string();
        assert!(
            !text.contains(|c: char| c != '\n' && drives_the_terminal(c)),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}[2J\\u{202e}abc"), "{text}");
        // Every line of the table is as wide as the others: the escapes
        // were measured as what they show.
        let widths: Vec<usize> = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "{widths:?}\n{text}"
        );
    }
}
