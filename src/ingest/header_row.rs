//! Finding the header row below any title rows, and replaying the rows read
//! past it while looking.

use std::collections::VecDeque;
use std::path::Path;

use anyhow::Result;

use super::header::{HEADER_SEARCH_ROWS, fold, score_row};
use super::{RawRow, RowSource};
use crate::error::Failure;

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
    pub names: Vec<String>,
    source: &'a mut dyn RowSource,
    pending: VecDeque<RawRow>,
}

impl Header<'_> {
    /// The next data row that is not blank.
    pub fn next_row(&mut self) -> Result<Option<RawRow>> {
        loop {
            let row = match self.pending.pop_front() {
                Some(row) => Some(row),
                None => self.source.next_row()?,
            };
            match row {
                Some(row) if row.is_blank() => continue,
                other => return Ok(other),
            }
        }
    }

    pub fn bytes_read(&self) -> Option<u64> {
        self.source.bytes_read()
    }

    pub fn content_hash(&mut self) -> Option<String> {
        self.source.content_hash()
    }
}

/// Reads rows until the header row is found: the row `options.row` if given,
/// else the first of the top rows that names at least two roster fields
/// (else the one that names the most, if any does).
pub fn locate_header<'a>(
    path: &Path,
    source: &'a mut dyn RowSource,
    options: &HeaderOptions,
) -> Result<Header<'a>> {
    let mut seen: VecDeque<RawRow> = VecDeque::new();
    let known = |cell: &str| options.mapped.contains(&fold(cell));
    let mut best: Option<(usize, usize)> = None; // (score, index in seen)
    let mut found: Option<usize> = None;
    let mut non_blank = 0;
    while let Some(row) = source.next_row()? {
        if let Some(wanted) = options.row {
            if row.number == wanted {
                if row.is_blank() {
                    return Err(
                        Failure::bad_file(path, format!("header row {wanted} is empty")).into(),
                    );
                }
                seen.push_back(row);
                found = Some(seen.len() - 1);
                break;
            }
            if row.number > wanted {
                return Err(
                    Failure::bad_file(path, format!("header row {wanted} is empty")).into(),
                );
            }
            continue;
        }
        if row.is_blank() {
            continue;
        }
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
        return Err(Failure::bad_file(path, reason).into());
    };
    let header = seen.remove(index).expect("index is inside seen");
    let pending = seen.split_off(index);
    Ok(Header {
        row_number: header.number,
        names: header
            .cells
            .iter()
            .map(|c| c.to_text().trim().to_string())
            .collect(),
        source,
        pending,
    })
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
        let mut header = locate_header(path, &mut source, &HeaderOptions::default()).unwrap();
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
        let mut header = locate_header(Path::new("f.csv"), &mut source, &options).unwrap();
        assert_eq!(header.names, ["x", "y"]);
        assert_eq!(header.next_row().unwrap().unwrap().number, 3);
    }

    #[test]
    fn a_single_known_column_is_enough_when_nothing_names_two() {
        let mut source = rows(&[&["名簿"], &["メールアドレス", "趣味"], &["a@b.jp", "釣り"]]);
        let header =
            locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default()).unwrap();
        assert_eq!(header.row_number, 2);
    }

    #[test]
    fn rows_read_past_the_header_are_replayed() {
        // The best row is only known after reading on; nothing is lost.
        let mut source = rows(&[&["タイトル"], &["メール"], &["a@b.jp"], &["c@d.jp"]]);
        let mut header =
            locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default()).unwrap();
        assert_eq!(header.row_number, 2);
        assert_eq!(header.next_row().unwrap().unwrap().number, 3);
        assert_eq!(header.next_row().unwrap().unwrap().number, 4);
    }

    #[test]
    fn no_known_column_is_an_error_that_says_what_to_do() {
        let mut source = rows(&[&["趣味", "好きな色"], &["釣り", "青"]]);
        let err = locate_header(Path::new("f.csv"), &mut source, &HeaderOptions::default())
            .err()
            .unwrap();
        assert!(format!("{err:#}").contains("--header-row"), "{err:#}");
    }
}
