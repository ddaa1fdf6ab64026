//! Finding the header row below any title rows (and the sub-header rows
//! under it, in a header of two or three rows), and replaying the rows read
//! past it while looking. Merged cells are filled here: a block of rows
//! merged down gives its value to every row, and a header cell merged
//! across gives its name to every column under it.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::header::{HEADER_SEARCH_ROWS, fold, is_header_word, score_row};
use super::{Cell, Merge, RawRow, RowSource};
use crate::error::Failure;

/// How many rows a header may span.
const MAX_HEADER_ROWS: usize = 3;

/// What decides which row is the header.
#[derive(Clone, Debug, Default)]
pub struct HeaderOptions {
    /// `--header-row N`: the 1-based row (line) number, as the user sees it.
    pub row: Option<u64>,
    /// Column names the user mapped with `--map`, folded; they count as known.
    pub mapped: Vec<String>,
}

/// The header row, and a stream of the data rows below it.
pub struct Header<'a> {
    pub row_number: u64,
    /// How many rows the header spans (2 or 3 under merged cells).
    pub rows: usize,
    /// The name of each column: in a header of several rows, the names
    /// from top to bottom joined by " / " ("氏名 / 姓").
    pub names: Vec<String>,
    /// How many distinct roster fields the header names.
    pub score: usize,
    path: PathBuf,
    /// The names of the first header row, trimmed, to catch it repeated
    /// among the data.
    top: Vec<String>,
    named: usize,
    source: &'a mut dyn RowSource,
    pending: VecDeque<RawRow>,
    fill: MergeFill,
}

impl Header<'_> {
    /// The next data row that is not blank, with merged cells filled in.
    /// A row that repeats the header (two files pasted together) is damage.
    pub fn next_row(&mut self) -> Result<Option<RawRow>> {
        loop {
            let row = match self.pending.pop_front() {
                Some(row) => Some(row),
                None => self.source.next_row()?,
            };
            let Some(mut row) = row else {
                return Ok(None);
            };
            let blank = row.is_blank();
            self.fill.apply(&mut row, false);
            if blank {
                continue;
            }
            if self.repeats_header(&row) {
                return Err(Failure::bad_file(
                    &self.path,
                    format!(
                        "row {} repeats the header row {}: are two files pasted together? \
                         Nothing was imported",
                        row.number, self.row_number
                    ),
                )
                .into());
            }
            return Ok(Some(row));
        }
    }

    /// Whether most of the header's names stand in this row again. Checked
    /// on every row, so it gives up at the first half of names missing.
    fn repeats_header(&self, row: &RawRow) -> bool {
        if self.named < 2 {
            return false;
        }
        let (mut same, mut other) = (0, 0);
        for (column, name) in self.top.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            match row.cell(column) {
                Cell::Text(text) if text.trim() == name => same += 1,
                _ => other += 1,
            }
            if other * 2 >= self.named {
                return false;
            }
        }
        same * 2 > self.named
    }

    pub fn bytes_read(&self) -> Option<u64> {
        self.source.bytes_read()
    }

    pub fn content_hash(&mut self) -> Option<String> {
        self.source.content_hash()
    }
}

/// Gives the cells covered by a merge the value of its top-left cell:
/// down a block in every row, and across as well in header rows.
struct MergeFill {
    /// Merges not yet reached, by first row, last first.
    waiting: Vec<Merge>,
    /// Merges under way, with the value of their top-left cell.
    active: Vec<(Merge, Cell)>,
}

impl MergeFill {
    fn new(merges: &[Merge]) -> MergeFill {
        let mut waiting: Vec<Merge> = merges
            .iter()
            .filter(|m| m.last_row > m.first_row || m.last_column > m.first_column)
            .copied()
            .collect();
        waiting.sort_by_key(|m| std::cmp::Reverse((m.first_row, m.first_column)));
        MergeFill {
            waiting,
            active: Vec::new(),
        }
    }

    fn apply(&mut self, row: &mut RawRow, across: bool) {
        if self.waiting.is_empty() && self.active.is_empty() {
            return;
        }
        self.active.retain(|(m, _)| m.last_row >= row.number);
        while let Some(next) = self.waiting.last() {
            if next.first_row > row.number {
                break;
            }
            let merge = self.waiting.pop().expect("just looked");
            if merge.last_row >= row.number {
                let value = if merge.first_row == row.number {
                    row.cell(merge.first_column).clone()
                } else {
                    Cell::Empty
                };
                self.active.push((merge, value));
            }
        }
        for (merge, value) in &self.active {
            if value.is_empty() {
                continue;
            }
            let last = if across {
                merge.last_column
            } else {
                merge.first_column
            };
            for column in merge.first_column..=last {
                if row.cell(column).is_empty() {
                    if row.cells.len() <= column {
                        row.cells.resize(column + 1, Cell::Empty);
                    }
                    row.cells[column] = value.clone();
                }
            }
        }
    }

    /// The columns of the row just filled that a merge across several
    /// columns covers.
    fn merged_across(&self) -> Vec<(usize, usize)> {
        self.active
            .iter()
            .filter(|(m, _)| m.last_column > m.first_column)
            .map(|(m, _)| (m.first_column, m.last_column))
            .collect()
    }
}

/// Reads rows until the header row is found: the row `options.row` if given,
/// else the first of the top rows that names at least two roster fields
/// (else the one that names the most, if any does). Rows right below it
/// that hold only column names (姓, 名, セイ …) are part of the header.
/// The inner error says why there is no header.
pub fn locate_header<'a>(
    path: &Path,
    source: &'a mut dyn RowSource,
    options: &HeaderOptions,
) -> Result<Result<Header<'a>, String>> {
    let mut fill = MergeFill::new(source.merges());
    let mut seen: VecDeque<RawRow> = VecDeque::new();
    let known = |cell: &str| options.mapped.contains(&fold(cell));
    let mut best: Option<(usize, usize)> = None; // (score, index in seen)
    let mut found: Option<usize> = None;
    let mut non_blank = 0;
    while let Some(mut row) = source.next_row()? {
        if let Some(wanted) = options.row {
            if row.number == wanted {
                if row.is_blank() {
                    return Ok(Err(format!("header row {wanted} is empty")));
                }
                fill.apply(&mut row, true);
                seen.push_back(row);
                found = Some(seen.len() - 1);
                break;
            }
            if row.number > wanted {
                return Ok(Err(format!("header row {wanted} is empty")));
            }
            fill.apply(&mut row, true);
            continue;
        }
        if row.is_blank() {
            continue;
        }
        fill.apply(&mut row, true);
        non_blank += 1;
        let texts: Vec<String> = row.cells.iter().map(|c| c.to_text()).collect();
        let score = score_row(texts.iter().map(String::as_str), &known);
        seen.push_back(row);
        if score >= 2 {
            found = Some(seen.len() - 1);
            break;
        }
        if score > best.map_or(0, |b| b.0) {
            best = Some((score, seen.len() - 1));
        }
        if non_blank >= HEADER_SEARCH_ROWS {
            break;
        }
    }
    let Some(index) = found.or(best.map(|b| b.1)) else {
        let reason = match (options.row, seen.is_empty()) {
            (Some(wanted), _) => format!("there is no row {wanted}"),
            (None, true) => "the file has no rows".to_string(),
            (None, false) => format!(
                "no header row: none of the first {HEADER_SEARCH_ROWS} rows names a roster column \
                 (社員番号, 氏名, メールアドレス, Employee ID, Name, Email …); \
                 point at it with --header-row N and name its columns with --map 'HEADER=field'"
            ),
        };
        return Ok(Err(reason));
    };
    let first = seen.remove(index).expect("index is inside seen");
    let mut pending = seen.split_off(index);
    // The header row's merges were filled when it was read; find them again.
    let mut across = MergeFill::new(source.merges());
    across.apply(&mut first.clone(), true);
    let mut across = across.merged_across();
    let mut stack = vec![first];
    while stack.len() < MAX_HEADER_ROWS {
        let next = match pending.pop_front() {
            Some(row) => Some(row),
            None => source.next_row()?,
        };
        let Some(mut row) = next else { break };
        let blank = row.is_blank();
        fill.apply(&mut row, true);
        if !blank && is_sub_header(&row, stack.last().expect("the header row"), &across) {
            across = fill.merged_across();
            stack.push(row);
        } else {
            pending.push_front(row);
            break;
        }
    }
    let names = stacked_names(&stack);
    source.limit_width(names.len());
    let score = score_row(names.iter().map(String::as_str), &known);
    let top = &stack[0];
    Ok(Ok(Header {
        row_number: top.number,
        rows: stack.len(),
        top: top
            .cells
            .iter()
            .map(|c| c.to_text().trim().to_string())
            .collect(),
        named: top.cells.iter().filter(|c| !c.is_empty()).count(),
        names,
        score,
        path: path.to_path_buf(),
        source,
        pending,
        fill,
    }))
}

/// A row under the header that holds only column names, names under a
/// header cell merged across, or the names above it again (merged down):
/// the second row of a two-row header.
fn is_sub_header(row: &RawRow, above: &RawRow, across: &[(usize, usize)]) -> bool {
    let mut any = false;
    for (column, cell) in row.cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let Cell::Text(text) = cell else { return false };
        let under_merge = across.iter().any(|(a, b)| (*a..=*b).contains(&column));
        let same_as_above = above.cell(column) == cell;
        if !(is_header_word(text) || under_merge || same_as_above) {
            return false;
        }
        any = true;
    }
    any
}

/// The name of each column of a header of one or more rows. Where a file
/// kept no merges (CSV), a blank upper cell over a named lower one belongs
/// to the name on its left: "フリガナ, (blank)" over "セイ, メイ".
fn stacked_names(stack: &[RawRow]) -> Vec<String> {
    let width = stack.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let texts: Vec<Vec<String>> = stack
        .iter()
        .map(|row| {
            (0..width)
                .map(|c| row.cell(c).to_text().trim().to_string())
                .collect()
        })
        .collect();
    (0..width)
        .map(|column| {
            let mut parts: Vec<&str> = Vec::new();
            for (level, row) in texts.iter().enumerate() {
                let mut text = row[column].as_str();
                let below_named = texts[level + 1..].iter().any(|r| !r[column].is_empty());
                if text.is_empty() && below_named && level + 1 < texts.len() {
                    text = (0..column)
                        .rev()
                        .map(|c| row[c].as_str())
                        .find(|t| !t.is_empty())
                        .unwrap_or("");
                }
                if !text.is_empty() && parts.last() != Some(&text) {
                    parts.push(text);
                }
            }
            parts.join(" / ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::Cell;
    use super::*;

    struct Rows(VecDeque<RawRow>);

    impl RowSource for Rows {
        fn next_row(&mut self) -> Result<Option<RawRow>> {
            Ok(self.0.pop_front())
        }
    }

    fn rows(lines: &[&[&str]]) -> Rows {
        Rows(
            lines
                .iter()
                .enumerate()
                .map(|(i, cells)| RawRow {
                    number: i as u64 + 1,
                    cells: cells
                        .iter()
                        .map(|c| match *c {
                            "" => Cell::Empty,
                            text => Cell::Text(text.into()),
                        })
                        .collect(),
                })
                .collect(),
        )
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let mut source = rows(&[
            &["退職者名簿（2024年度）", "", ""],
            &["", "", ""],
            &["社員番号", "氏名", "退職日"],
            &["00123", "山田 太郎", "2024/4/1"],
        ]);
        let path = Path::new("roster.csv");
        let mut header = locate_header(path, &mut source, &HeaderOptions::default())
            .unwrap()
            .unwrap();
        assert_eq!(header.row_number, 3);
        assert_eq!(header.names, ["社員番号", "氏名", "退職日"]);
        let data = header.next_row().unwrap().unwrap();
        assert_eq!(data.number, 4);
        assert!(header.next_row().unwrap().is_none());
    }

    #[test]
    fn header_row_option_overrides_the_search() {
        let mut source = rows(&[&["a", "b"], &["x", "y"], &["1", "2"]]);
        let options = HeaderOptions {
            row: Some(2),
            mapped: vec![],
        };
        let mut header = locate_header(Path::new("f.csv"), &mut source, &options)
            .unwrap()
            .unwrap();
        assert_eq!(header.names, ["x", "y"]);
        assert_eq!(header.next_row().unwrap().unwrap().number, 3);
    }

    #[test]
    fn a_single_known_column_is_enough_when_nothing_names_two() {
        let mut source = rows(&[&["名簿"], &["メールアドレス", "趣味"], &["a@b.jp", "釣り"]]);
        let header = locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default())
            .unwrap()
            .unwrap();
        assert_eq!(header.row_number, 2);
    }

    #[test]
    fn rows_read_past_the_header_are_replayed() {
        // The best row is only known after reading on; nothing is lost.
        let mut source = rows(&[&["タイトル"], &["メール"], &["a@b.jp"], &["c@d.jp"]]);
        let mut header = locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default())
            .unwrap()
            .unwrap();
        assert_eq!(header.row_number, 2);
        assert_eq!(header.next_row().unwrap().unwrap().number, 3);
        assert_eq!(header.next_row().unwrap().unwrap().number, 4);
    }

    #[test]
    fn no_known_column_is_an_error_that_says_what_to_do() {
        let mut source = rows(&[&["趣味", "好きな色"], &["釣り", "青"]]);
        let err = locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default())
            .unwrap()
            .err()
            .unwrap();
        assert!(err.contains("--header-row"), "{err}");
    }
}
