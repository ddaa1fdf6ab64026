//! Reading a month × stage grid of targets, as HR types it in Excel:
//!
//! ```text
//! 2026年度 採用目標              ← title rows: skipped
//! 項目   2026年4月  2026年5月 … 合計   ← the header: months (a total column is skipped)
//! 応募   10         12                ← one row per stage, a count per month
//! 面接   5          6
//! 入社   1                             ← an empty cell: no target
//! 全採用数 40        35                ← the company's hires of each month
//! ```
//!
//! The header is the first of the top rows with two or more months in it
//! (else the first with one). The stage names are in the column just left
//! of its first month; columns further left are not read. Nothing is
//! written here, and the database is not read either: the stages to match
//! row labels against and the fiscal year's first month are given by the
//! caller. The grid is read whole and checked, and every bad cell is
//! reported at once, so that one run shows everything to fix.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use unicode_normalization::UnicodeNormalization;

use super::letter;
use crate::db::pipeline::stages;
use crate::domain::fiscal::{self, Month};
use crate::domain::{Stage, dates};
use crate::error::Failure;
use crate::ingest::{self, Cell, RawRow, ReadOptions, SourceInfo};

/// How many non-blank rows at the top may be titles above the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// How many bad cells an error lists before it stops counting them out.
const MAX_REPORTED: usize = 30;

/// Row and column headings of totals, which hold no target of their own.
const TOTALS: [&str; 9] = [
    "合計",
    "計",
    "小計",
    "総計",
    "年間",
    "年間合計",
    "通期",
    "total",
    "sum",
];

/// Column headings of notes, which are not read either.
const NOTES: [&str; 7] = [
    "備考",
    "メモ",
    "コメント",
    "note",
    "notes",
    "memo",
    "comment",
];

/// Row labels of the company's hires through every channel (全採用数),
/// compared folded (NFKC, lower case): not a stage, but entered on the
/// same sheet.
const ALL_HIRES: [&str; 7] = [
    "全採用数",
    "採用数(全体)",
    "全体採用数",
    "採用数(全社)",
    "全社採用数",
    "総採用数",
    "all hires",
];

/// One count of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridTarget {
    pub month: Month,
    /// The stage's key.
    pub stage: String,
    pub count: i64,
}

/// A grid read and checked.
#[derive(Debug)]
pub struct Grid {
    pub info: SourceInfo,
    pub header_row: u64,
    /// The months of the header, in its order.
    pub months: Vec<Month>,
    pub targets: Vec<GridTarget>,
    /// The company's hires of each month, from a row labelled 全採用数.
    pub all_hires: Vec<(Month, i64)>,
    /// The row they are on.
    pub all_hires_row: Option<u64>,
}

/// What the rows below the header hold, as they are read.
#[derive(Default)]
struct Body {
    targets: Vec<GridTarget>,
    all_hires: Vec<(Month, i64)>,
    all_hires_row: Option<u64>,
    /// The row of each stage read so far.
    stage_rows: HashMap<String, u64>,
    bad: Vec<String>,
}

/// What a heading of the header row says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heading {
    Empty,
    Month(Month),
    /// `4月`: a month whose year comes from `--fy`.
    Yearless(u8),
    /// A total or notes column: not read.
    Skipped,
    Other,
}

/// Reads `path` as a grid of targets for `stages`. `fy` places months
/// written without a year, and is then the year every month must be in;
/// `start` is the first month of a fiscal year.
pub fn read(
    path: &Path,
    options: &ReadOptions,
    stages: &[Stage],
    fy: Option<i32>,
    start: u8,
) -> Result<Grid> {
    ingest::with_rows(path, options, |source, info| {
        let mut rows: Vec<RawRow> = Vec::new();
        while let Some(row) = source.next_row()? {
            if !row.is_blank() {
                rows.push(row);
            }
        }
        let file = path.display().to_string();
        let header_index = find_header(&rows).ok_or_else(|| {
            Failure::bad_file(
                path,
                format!(
                    "no header row of months: none of the first {HEADER_SEARCH_ROWS} rows has a month \
                     (2026年4月, 2026/4, 2026-04, or 4月 with --fy) after its first cell"
                ),
            )
        })?;
        let header = &rows[header_index];
        let columns = columns(&file, header, fy, start)?;
        let mut body = Body::default();
        for row in &rows[header_index + 1..] {
            read_row(&file, row, &columns, stages, &mut body);
        }
        if !body.bad.is_empty() {
            return Err(bad_cells(&file, body.bad).into());
        }
        Ok(Grid {
            info,
            header_row: header.number,
            months: columns.months.iter().filter_map(|m| *m).collect(),
            targets: body.targets,
            all_hires: body.all_hires,
            all_hires_row: body.all_hires_row,
        })
    })
}

/// The columns of the grid, worked out from its header row.
struct Columns {
    header_row: u64,
    /// Where the stage names are.
    stage: usize,
    /// The heading of each column as the file writes it.
    names: Vec<String>,
    /// The month of each column right of the stage column (by index),
    /// `None` for a total column.
    months: Vec<Option<Month>>,
}

impl Columns {
    fn describe(&self, index: usize) -> String {
        describe(&self.names, index)
    }
}

/// `column "2026年4月"`, or `column D` for one without a heading.
fn describe(names: &[String], index: usize) -> String {
    match names.get(index).map(String::as_str) {
        Some(name) if !name.is_empty() => format!("column {name:?}"),
        _ => format!("column {}", letter(index)),
    }
}

/// The index of the header row: the first with two or more months right
/// of its first cell, else the first with one.
fn find_header(rows: &[RawRow]) -> Option<usize> {
    let top = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    top.iter()
        .position(|r| months_in(r) >= 2)
        .or_else(|| top.iter().position(|r| months_in(r) == 1))
}

/// How many cells right of the first name a month. Plain numbers 1-12
/// (a heading shown as 4月 by the format `0"月"`) count only as a run of
/// consecutive months, so that a row of counts is not taken for a header.
fn months_in(row: &RawRow) -> usize {
    let cells = || row.cells.iter().skip(1);
    let numbers: Vec<u8> = cells()
        .filter_map(|c| match (c, heading(c)) {
            (Cell::Number(_), Heading::Yearless(m)) => Some(m),
            _ => None,
        })
        .collect();
    let numbers_are_months =
        numbers.len() >= 2 && numbers.windows(2).all(|w| w[1] == w[0] % 12 + 1);
    cells()
        .filter(|c| match heading(c) {
            Heading::Month(_) => true,
            Heading::Yearless(_) => numbers_are_months || !matches!(c, Cell::Number(_)),
            _ => false,
        })
        .count()
}

fn heading(cell: &Cell) -> Heading {
    match cell {
        Cell::Empty => Heading::Empty,
        Cell::Date(date) => Heading::Month(Month::of_date(*date)),
        Cell::Number(n) if n.fract() == 0.0 => {
            let n = *n as i64;
            match n {
                // A number shown as 4月 by the cell format `0"月"`.
                1..=12 => Heading::Yearless(n as u8),
                190_001..=210_012 => Month::new((n / 100) as i32, (n % 100) as u8)
                    .map_or(Heading::Other, Heading::Month),
                // A date in a General cell: Excel's day number, of this century.
                _ => dates::from_serial(n as f64, dates::Epoch::E1900)
                    .filter(|d| (2000..2100).contains(&d.year()))
                    .map_or(Heading::Other, |d| Heading::Month(Month::of_date(d))),
            }
        }
        Cell::Text(text) if text.trim().is_empty() => Heading::Empty,
        Cell::Text(text) => {
            if let Some(month) = Month::parse(text) {
                Heading::Month(month)
            } else if let Some(number) = fiscal::month_without_year(text) {
                Heading::Yearless(number)
            } else if is_total(text) || NOTES.contains(&fold(text).as_str()) {
                Heading::Skipped
            } else {
                Heading::Other
            }
        }
        _ => Heading::Other,
    }
}

fn is_total(text: &str) -> bool {
    TOTALS.contains(&fold(text).as_str())
}

fn is_all_hires(text: &str) -> bool {
    ALL_HIRES.contains(&fold(text).as_str())
}

/// NFKC, trimmed, lower case: how headings are compared.
fn fold(text: &str) -> String {
    text.nfkc().collect::<String>().trim().to_lowercase()
}

/// Reads the header row into columns; a heading that is not a month, a
/// month repeated, or one outside `--fy` stops the import here.
fn columns(file: &str, header: &RawRow, fy: Option<i32>, start: u8) -> Result<Columns> {
    let names: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.to_text().trim().to_string())
        .collect();
    let headings: Vec<Heading> = header.cells.iter().map(heading).collect();
    let first_month = headings
        .iter()
        .skip(1)
        .position(|h| matches!(h, Heading::Month(_) | Heading::Yearless(_)))
        .expect("the header row has a month")
        + 1;
    let stage = first_month - 1;
    let mut months = vec![None; headings.len()];
    let at = |index: usize| format!("{file}:{}: {}", header.number, describe(&names, index));
    let mut bad = Vec::new();
    let mut seen: HashMap<Month, usize> = HashMap::new();
    for (index, heading) in headings.iter().enumerate().skip(first_month) {
        let month = match *heading {
            Heading::Empty | Heading::Skipped => continue,
            Heading::Other => {
                bad.push(format!(
                    "{}: not a month (2026年4月, 2026/4, 2026-04, or 4月 with --fy)",
                    at(index)
                ));
                continue;
            }
            Heading::Yearless(number) => match fy {
                Some(year) => fiscal::month_in_fiscal_year(year, number, start),
                None => {
                    return Err(Failure::Usage(format!(
                        "{}: a month without a year; give the fiscal year the grid is for, e.g. --fy 2026",
                        at(index)
                    ))
                    .into());
                }
            },
            Heading::Month(month) => {
                if let Some(year) = fy
                    && fiscal::fiscal_year_of(month, start) != year
                {
                    let (first, last) = fiscal::fiscal_year_range(year, start);
                    bad.push(format!(
                        "{}: {month} is not in fiscal year {year} ({first}..{last})",
                        at(index)
                    ));
                    continue;
                }
                month
            }
        };
        if let Some(&other) = seen.get(&month) {
            bad.push(format!(
                "{}: {month} is also {}",
                at(index),
                describe(&names, other)
            ));
            continue;
        }
        seen.insert(month, index);
        months[index] = Some(month);
    }
    if !bad.is_empty() {
        return Err(bad_cells(file, bad).into());
    }
    Ok(Columns {
        header_row: header.number,
        stage,
        names,
        months,
    })
}

/// Reads one row below the header into `body`: its targets or all hires,
/// or its faults.
fn read_row(file: &str, row: &RawRow, columns: &Columns, all_stages: &[Stage], body: &mut Body) {
    let bad = &mut body.bad;
    let at = |index: usize| format!("{file}:{}: {}", row.number, columns.describe(index));
    let label = row.cell(columns.stage).to_text();
    if is_total(&label) {
        return;
    }
    // The counts first: a row with none (a note below the grid, a stage
    // with no targets) sets nothing, whatever its first cell says.
    let mut counts = Vec::new();
    for (index, cell) in row.cells.iter().enumerate().skip(columns.stage + 1) {
        let month = columns.months.get(index).copied().flatten();
        let heading = columns.names.get(index).map_or("", String::as_str);
        match (count_of(cell), month) {
            (Ok(None), _) => {}
            (Ok(Some(_)), None) if !heading.is_empty() => {} // a total or notes column
            (Ok(Some(_)), None) => bad.push(format!(
                "{}: a count under no month; give the column a month in row {}",
                at(index),
                columns.header_row
            )),
            (Ok(Some(count)), Some(month)) => counts.push((month, count)),
            (Err(why), Some(_)) => bad.push(format!("{}: {why}", at(index))),
            (Err(_), None) => {}
        }
    }
    if counts.is_empty() {
        return;
    }
    if label.trim().is_empty() {
        bad.push(format!("{}: no stage named", at(columns.stage)));
        return;
    }
    if is_all_hires(&label) {
        match body.all_hires_row {
            Some(first) => bad.push(format!(
                "{}: the all hires are also on row {first}",
                at(columns.stage)
            )),
            None => {
                body.all_hires_row = Some(row.number);
                body.all_hires = counts;
            }
        }
        return;
    }
    let stage = match stages::find(all_stages, &label) {
        Ok(stage) => stage,
        Err(why) => {
            bad.push(format!("{}: {why}", at(columns.stage)));
            return;
        }
    };
    if let Some(first) = body.stage_rows.insert(stage.key.clone(), row.number) {
        bad.push(format!(
            "{}: the stage {} is also on row {first}",
            at(columns.stage),
            stage.key
        ));
        return;
    }
    body.targets
        .extend(counts.into_iter().map(|(month, count)| GridTarget {
            month,
            stage: stage.key.clone(),
            count,
        }));
}

/// The count in a cell: `None` for an empty cell or a dash (no target).
fn count_of(cell: &Cell) -> std::result::Result<Option<i64>, String> {
    let not_a_count = |shown: &str| format!("{shown:?} is not a count (a whole number, 0 or more)");
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && (0.0..=1e9).contains(n) => Ok(Some(*n as i64)),
        Cell::Number(n) => Err(not_a_count(&ingest::format_number(*n))),
        Cell::Text(text) => {
            let trimmed = text.trim();
            if trimmed.is_empty() || ["-", "－", "‐", "−", "—", "―", "ー"].contains(&trimmed)
            {
                return Ok(None);
            }
            parse_count(trimmed)
                .map(Some)
                .ok_or_else(|| not_a_count(trimmed))
        }
        other => Err(not_a_count(&other.to_text())),
    }
}

/// A count typed as text: `3`, `３`, `1,200`, `3人`, `3名`.
pub fn parse_count(raw: &str) -> Option<i64> {
    let text: String = raw.nfkc().collect::<String>();
    let text = text.trim();
    let text = text
        .strip_suffix('人')
        .or_else(|| text.strip_suffix('名'))
        .unwrap_or(text)
        .trim();
    let groups: Vec<&str> = text.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits = groups.concat();
    if !well_grouped
        || digits.is_empty()
        || digits.len() > 9
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// Every bad cell in one error, up to a limit.
fn bad_cells(file: &str, bad: Vec<String>) -> Failure {
    let total = bad.len();
    let mut lines: Vec<String> = bad.into_iter().take(MAX_REPORTED).collect();
    if total > MAX_REPORTED {
        lines.push(format!("… and {} more", total - MAX_REPORTED));
    }
    let what = if total == 1 {
        "1 bad cell".to_string()
    } else {
        format!("{total} bad cells")
    };
    Failure::BadData(format!(
        "{what} in {file}; nothing was written:\n  {}",
        lines.join("\n  ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn counts_are_whole_numbers_as_people_type_them() {
        assert_eq!(count_of(&Cell::Number(3.0)), Ok(Some(3)));
        assert_eq!(count_of(&text("３")), Ok(Some(3)));
        assert_eq!(count_of(&text("1,200")), Ok(Some(1200)));
        assert_eq!(count_of(&text("3人")), Ok(Some(3)));
        assert_eq!(count_of(&text("0")), Ok(Some(0)));
        assert_eq!(count_of(&text("")), Ok(None));
        assert_eq!(count_of(&text("-")), Ok(None));
        assert_eq!(count_of(&text("ー")), Ok(None));
        assert_eq!(count_of(&Cell::Empty), Ok(None));
        for bad in [
            text("3.5"),
            text("-2"),
            text("多数"),
            Cell::Number(2.5),
            Cell::Number(-1.0),
        ] {
            assert!(count_of(&bad).is_err(), "{bad:?}");
        }
        assert!(
            count_of(&Cell::Error("#N/A".into()))
                .unwrap_err()
                .contains("#N/A")
        );
    }

    #[test]
    fn headings_name_months_with_or_without_a_year() {
        let april = Month::new(2026, 4).unwrap();
        assert_eq!(heading(&text("2026年4月")), Heading::Month(april));
        assert_eq!(heading(&text("2026/4")), Heading::Month(april));
        assert_eq!(heading(&text("令和8年4月")), Heading::Month(april));
        let date = jiff::civil::Date::new(2026, 4, 1).unwrap();
        assert_eq!(heading(&Cell::Date(date)), Heading::Month(april));
        assert_eq!(heading(&Cell::Number(46113.0)), Heading::Month(april));
        assert_eq!(heading(&Cell::Number(202604.0)), Heading::Month(april));
        assert_eq!(heading(&text("4月")), Heading::Yearless(4));
        assert_eq!(heading(&Cell::Number(4.0)), Heading::Yearless(4));
        assert_eq!(heading(&text("合計")), Heading::Skipped);
        assert_eq!(heading(&text("Total")), Heading::Skipped);
        assert_eq!(heading(&text("備考")), Heading::Skipped);
        assert_eq!(heading(&text("項目")), Heading::Other);
        assert_eq!(heading(&text(" ")), Heading::Empty);
    }

    #[test]
    fn the_header_is_the_first_row_with_months_below_any_titles() {
        let row = |number: u64, cells: &[&str]| RawRow {
            number,
            cells: cells.iter().map(|c| text(c)).collect(),
        };
        let rows = [
            row(1, &["2026年度 採用目標"]),
            row(2, &["", "", "作成日", "2026/3/15"]),
            row(3, &["項目", "2026年4月", "2026年5月"]),
            row(4, &["入社", "1", "2"]),
        ];
        assert_eq!(find_header(&rows), Some(2));
        assert_eq!(find_header(&rows[..2]), Some(1));
        assert_eq!(find_header(&rows[..1]), None);
    }

    #[test]
    fn numbers_make_a_header_only_as_a_run_of_months() {
        let row = |number: u64, first: &str, numbers: &[f64]| RawRow {
            number,
            cells: std::iter::once(text(first))
                .chain(numbers.iter().map(|n| Cell::Number(*n)))
                .collect(),
        };
        assert_eq!(months_in(&row(1, "項目", &[4.0, 5.0, 6.0])), 3);
        assert_eq!(months_in(&row(1, "項目", &[11.0, 12.0, 1.0])), 3);
        assert_eq!(months_in(&row(2, "応募", &[8.0, 8.0, 10.0])), 0);
        assert_eq!(months_in(&row(2, "作成日", &[2026.0, 3.0, 15.0])), 0);
        let rows = [row(1, "項目", &[2026.0]), row(2, "入社", &[1.0, 1.0])];
        assert_eq!(find_header(&rows), None);
    }

    #[test]
    fn a_row_of_all_hires_is_known_by_its_label_in_any_width_or_case() {
        for label in [
            "全採用数",
            "採用数（全体）",
            "採用数(全体)",
            " All Hires ",
            "全社採用数",
        ] {
            assert!(is_all_hires(label), "{label}");
        }
        for label in ["入社", "採用数", "hires", "合計"] {
            assert!(!is_all_hires(label), "{label}");
        }
    }

    #[test]
    fn columns_are_lettered_as_in_a_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(3), "D");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }
}
