//! The listing table, written as its rows come: the first rows (up to
//! [`SAMPLE`]) fix the columns' widths, and every later row is printed at
//! once with those widths, so a table of a million rows takes the memory
//! of a few hundred.
//!
//! It draws what comfy-table draws in the house style (UTF-8 borders,
//! one space of padding, a cell of several lines shown on several lines),
//! byte for byte when nothing limits the width. Given a width (the
//! terminal's, see [`super::screen_width`]), it drops the least important
//! columns until the others can fit, then narrows the widest ones; a cell
//! wider than its column is cut and ends in `…`. Widths are display
//! widths: a Japanese character takes two columns.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::visible;

/// How many rows are laid out before the widths are fixed.
pub const SAMPLE: usize = 200;

/// The narrowest a column is made, unless its heading and cells are
/// narrower: a whole date, or enough to read the start of a name.
const NARROWEST: usize = 10;

/// A table that prints its rows as they come.
pub struct StreamTable {
    headings: Vec<String>,
    /// How much each column matters: the lowest is dropped first.
    keep: Vec<u8>,
    width: Option<usize>,
    /// The rows waiting for the layout.
    sample: Vec<Vec<String>>,
    layout: Option<Layout>,
    rows: u64,
}

/// The columns that are shown, in order, and how wide each is.
struct Layout {
    shown: Vec<usize>,
    widths: Vec<usize>,
}

impl StreamTable {
    /// A table under `headings`; `keep` ranks the columns (the lowest is
    /// dropped first, the rightmost among equals); `width` is the most
    /// columns a line may take, if anything limits it.
    pub fn new(headings: Vec<String>, keep: Vec<u8>, width: Option<usize>) -> StreamTable {
        let headings = headings.iter().map(|h| visible(h).into_owned()).collect();
        StreamTable {
            headings,
            keep,
            width,
            sample: Vec::new(),
            layout: None,
            rows: 0,
        }
    }

    /// Adds a row: kept until the layout is fixed, then printed at once.
    pub fn push(&mut self, out: &mut impl Write, cells: Vec<String>) -> io::Result<()> {
        let cells: Vec<String> = cells.into_iter().map(escaped).collect();
        self.rows += 1;
        match &self.layout {
            Some(layout) => write_row(out, layout, &cells),
            None => {
                self.sample.push(cells);
                if self.sample.len() >= SAMPLE {
                    self.lay_out(out)?;
                }
                Ok(())
            }
        }
    }

    /// Ends the table; returns the headings of the columns it dropped.
    pub fn finish(mut self, out: &mut impl Write) -> io::Result<Vec<String>> {
        if self.layout.is_none() {
            self.lay_out(out)?;
        }
        let layout = self.layout.as_ref().expect("laid out");
        if self.headings.is_empty() {
            return Ok(Vec::new());
        }
        write_rule(out, layout, ['└', '─', '┴', '┘'])?;
        let shown = &layout.shown;
        Ok((0..self.headings.len())
            .filter(|i| !shown.contains(i))
            .map(|i| self.headings[i].clone())
            .collect())
    }

    /// Fixes the widths from the heading and the rows so far, and prints
    /// the top, the heading and those rows.
    fn lay_out(&mut self, out: &mut impl Write) -> io::Result<()> {
        let natural: Vec<usize> = (0..self.headings.len())
            .map(|i| {
                let cells = self.sample.iter().filter_map(|row| row.get(i));
                std::iter::once(&self.headings[i])
                    .chain(cells)
                    .map(|c| widest_line(c))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let layout = fit(&natural, &self.headings, &self.keep, self.width);
        if !self.headings.is_empty() {
            write_rule(out, &layout, ['┌', '─', '┬', '┐'])?;
            write_row(out, &layout, &self.headings)?;
            write_rule(out, &layout, ['╞', '═', '╪', '╡'])?;
        }
        for row in std::mem::take(&mut self.sample) {
            write_row(out, &layout, &row)?;
        }
        self.layout = Some(layout);
        Ok(())
    }
}

/// A cell as a terminal may show it ([`visible`]), reusing its text when
/// nothing needs escaping.
fn escaped(cell: String) -> String {
    let shown = match visible(&cell) {
        std::borrow::Cow::Owned(shown) => Some(shown),
        std::borrow::Cow::Borrowed(_) => None,
    };
    shown.unwrap_or(cell)
}

/// A table line of `cells` costs its widths, a space either side of each
/// and one border between and around them.
fn line_width(widths: impl Iterator<Item = usize>) -> usize {
    let (sum, count) = widths.fold((0, 0), |(s, n), w| (s + w, n + 1));
    sum + 3 * count + 1
}

/// Which columns to show and how wide, so that a line takes at most
/// `limit` columns.
fn fit(natural: &[usize], headings: &[String], keep: &[u8], limit: Option<usize>) -> Layout {
    let mut shown: Vec<usize> = (0..natural.len()).collect();
    let Some(limit) = limit else {
        return Layout {
            shown,
            widths: natural.to_vec(),
        };
    };
    // A heading is kept whole where it can be: a cut heading reads badly.
    let narrowest = |i: usize| natural[i].min(headings[i].width().max(NARROWEST));
    while shown.len() > 1 && line_width(shown.iter().map(|&i| narrowest(i))) > limit {
        let least = shown
            .iter()
            .enumerate()
            .min_by_key(|&(position, &i)| {
                (keep.get(i).copied().unwrap_or(0), usize::MAX - position)
            })
            .map(|(position, _)| position)
            .expect("a column");
        shown.remove(least);
    }
    let mut widths: Vec<usize> = shown.iter().map(|&i| natural[i]).collect();
    let floors: Vec<usize> = shown.iter().map(|&i| narrowest(i)).collect();
    while line_width(widths.iter().copied()) > limit {
        // Narrow the widest column that may still give; when none may,
        // the widest of all (one column on a very narrow screen).
        let widest = (0..widths.len())
            .filter(|&k| widths[k] > floors[k])
            .max_by_key(|&k| widths[k])
            .or_else(|| {
                (0..widths.len())
                    .filter(|&k| widths[k] > 1)
                    .max_by_key(|&k| widths[k])
            });
        match widest {
            Some(k) => widths[k] -= 1,
            None => break,
        }
    }
    Layout { shown, widths }
}

fn widest_line(cell: &str) -> usize {
    cell.split('\n')
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

fn write_rule(
    out: &mut impl Write,
    layout: &Layout,
    [left, fill, join, right]: [char; 4],
) -> io::Result<()> {
    let mut line = String::new();
    line.push(left);
    for (k, width) in layout.widths.iter().enumerate() {
        if k > 0 {
            line.push(join);
        }
        line.extend(std::iter::repeat_n(fill, width + 2));
    }
    line.push(right);
    writeln!(out, "{line}")
}

/// One row, over as many lines as its tallest cell has.
fn write_row(out: &mut impl Write, layout: &Layout, cells: &[String]) -> io::Result<()> {
    let lines: Vec<Vec<&str>> = layout
        .shown
        .iter()
        .map(|&i| cells.get(i).map_or(vec![""], |c| c.split('\n').collect()))
        .collect();
    let height = lines.iter().map(Vec::len).max().unwrap_or(1);
    let mut text = String::new();
    for n in 0..height {
        text.push('│');
        for (k, width) in layout.widths.iter().enumerate() {
            if k > 0 {
                text.push('┆');
            }
            let part = lines[k].get(n).copied().unwrap_or("");
            let cut = cut(part, *width);
            text.push(' ');
            text.push_str(&cut);
            text.extend(std::iter::repeat_n(' ', width - cut.width() + 1));
        }
        text.push_str("│\n");
    }
    out.write_all(text.as_bytes())
}

/// `text` in at most `width` display columns: as it is if it fits, else
/// its start and `…`.
pub fn cut(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut taken = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        taken.push(c);
        used += w;
    }
    if width > 0 {
        taken.push('…');
    }
    std::borrow::Cow::Owned(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::new_table;

    fn streamed(
        headings: &[&str],
        rows: &[Vec<&str>],
        width: Option<usize>,
    ) -> (String, Vec<String>) {
        let keep = vec![0; headings.len()];
        let mut table = StreamTable::new(
            headings.iter().map(|h| h.to_string()).collect(),
            keep,
            width,
        );
        let mut out = Vec::new();
        for row in rows {
            table
                .push(&mut out, row.iter().map(|c| c.to_string()).collect())
                .unwrap();
        }
        let dropped = table.finish(&mut out).unwrap();
        (String::from_utf8(out).unwrap(), dropped)
    }

    fn comfy(headings: &[&str], rows: &[Vec<&str>]) -> String {
        let mut table = new_table();
        table.set_header(headings);
        for row in rows {
            table.add_row(row);
        }
        format!("{table}\n")
    }

    #[test]
    fn without_a_width_it_draws_what_comfy_table_draws() {
        let headings = ["#", "name", "note"];
        let rows = vec![
            vec!["1", "山田 太郎", "送別会済み\n連絡先は個人メールへ"],
            vec!["22", "", "\u{1b}[31m"],
            vec!["3", "Zoë O'Brien", ""],
        ];
        assert_eq!(streamed(&headings, &rows, None).0, comfy(&headings, &rows));
        assert_eq!(streamed(&headings, &[], None).0, comfy(&headings, &[]));
        let many: Vec<Vec<&str>> = (0..SAMPLE + 50)
            .map(|i| {
                if i == SAMPLE + 10 {
                    vec!["1", "a", "b"]
                } else {
                    vec!["12", "ab", "c"]
                }
            })
            .collect();
        assert_eq!(streamed(&headings, &many, None).0, comfy(&headings, &many));
    }

    #[test]
    fn a_narrow_table_drops_the_last_columns_and_cuts_long_cells() {
        let headings = ["#", "name", "position", "source"];
        let rows = vec![vec![
            "1",
            "山田 太郎太郎太郎太郎",
            "シニアソフトウェアエンジニア（バックエンド基盤）",
            "リファラル（元同僚からの紹介）",
        ]];
        let (text, dropped) = streamed(&headings, &rows, Some(36));
        assert_eq!(dropped, ["source"]);
        for line in text.lines() {
            assert!(
                line.width() <= 36,
                "{line:?} is {} wide\n{text}",
                line.width()
            );
        }
        assert!(text.contains('…'), "{text}");
        assert!(text.contains("position"), "{text}");
    }

    #[test]
    fn later_rows_keep_the_widths_of_the_first_and_are_cut() {
        let mut rows: Vec<Vec<&str>> = (0..SAMPLE).map(|_| vec!["ab"]).collect();
        rows.push(vec!["a much longer cell"]);
        let (text, _) = streamed(&["x"], &rows, None);
        let widths: Vec<usize> = text.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{text}");
        assert!(text.contains("│ a… │"), "{text}");
    }

    #[test]
    fn cells_are_cut_by_display_width() {
        assert_eq!(cut("山田太郎", 8), "山田太郎");
        assert_eq!(cut("山田太郎", 7), "山田太…");
        assert_eq!(cut("山田太郎", 6), "山田…");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 1), "…");
    }
}
