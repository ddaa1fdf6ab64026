//! Turning one raw row into a roster record: each cell checked and
//! normalized by the rules of its field, every problem named by its column.

use crate::domain::dates::{self, Epoch};
use crate::domain::normalize;
use crate::domain::{EmploymentType, Field, FieldKind, FieldValues, LeaveType, Rehire};
use crate::ingest::{Cell, RawRow};

use super::columns::{ColumnMap, NameColumns, Source};

/// A row's values, ready to be matched against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub row: u64,
    pub values: FieldValues,
}

impl Record {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field.index()].as_deref()
    }
}

/// Builds the record of `row`, or says everything wrong with it, one
/// message per column: `退職日 "2024-13-45" is not a date`.
pub fn build(row: &RawRow, columns: &ColumnMap) -> Result<Record, Vec<String>> {
    let mut values: FieldValues = Default::default();
    let mut problems = Vec::new();
    for (column, field) in columns.fields.iter().enumerate() {
        let Some(field) = *field else { continue };
        let cell = row.cell(column);
        match value(field, cell) {
            Ok(v) => values[field.index()] = v,
            Err(why) => problems.push(crate::i18n::tr!(
                "bad-cell",
                column = &columns.headers[column],
                why = why
            )),
        }
    }
    for name in &columns.names {
        match name_value(row, columns, name) {
            Ok(v) => values[name.field.index()] = v,
            Err(why) => problems.push(why),
        }
    }
    problems.extend(control_characters(row, columns));
    problems.extend(date_order(&values, columns));
    let has = |f: Field| values[f.index()].is_some();
    if problems.is_empty() && !has(Field::Name) && !has(Field::EmployeeId) && !has(Field::Email) {
        problems.push(format!(
            "the row has no {}, {} or {}",
            columns.header_of(Field::Name),
            columns.header_of(Field::EmployeeId),
            columns.header_of(Field::Email)
        ));
    }
    if problems.is_empty() {
        Ok(Record {
            row: row.number,
            values,
        })
    } else {
        Err(problems)
    }
}

/// A name or reading from the first of its sources that the row fills: a
/// split name is joined as "姓 名".
fn name_value(
    row: &RawRow,
    columns: &ColumnMap,
    name: &NameColumns,
) -> Result<Option<String>, String> {
    for source in &name.sources {
        let (text, column) = match *source {
            Source::Whole(column) => (cell_text(row, column)?, column),
            Source::Split { family, given } => {
                let half = |column: Option<usize>| match column {
                    Some(column) => cell_text(row, column).map_err(|why| (why, column)),
                    None => Ok(String::new()),
                };
                let (family_text, given_text) = match (half(family), half(given)) {
                    (Ok(f), Ok(g)) => (f, g),
                    (Err((why, column)), _) | (_, Err((why, column))) => {
                        return Err(crate::i18n::tr!(
                            "bad-cell",
                            column = &columns.headers[column],
                            why = why
                        ));
                    }
                };
                let joined = [family_text.trim(), given_text.trim()]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                (joined, family.or(given).unwrap_or_default())
            }
        };
        match value(name.field, &Cell::Text(text)) {
            Ok(Some(v)) => return Ok(Some(v)),
            Ok(None) => continue,
            Err(why) => {
                return Err(crate::i18n::tr!(
                    "bad-cell",
                    column = &columns.headers[column],
                    why = why
                ));
            }
        }
    }
    Ok(None)
}

/// The text of a cell that is meant to hold text.
fn cell_text(row: &RawRow, column: usize) -> Result<String, String> {
    match row.cell(column) {
        Cell::Error(e) => Err(crate::i18n::tr!("cell-error-value", value = e.to_string())),
        cell => Ok(cell.to_text()),
    }
}

/// A control character (C0 but tab and line breaks, DEL, C1) in a cell of
/// a workbook: a text file is refused whole for one while it is read, but a
/// workbook's cells hold whatever the program that wrote them put there.
fn control_characters(row: &RawRow, columns: &ColumnMap) -> Vec<String> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    // Every control character starts with a byte below 0x20, 0x7F or
    // 0xC2 (C1 in UTF-8): most cells are passed over by their bytes alone.
    let may_hold = |text: &str| {
        text.bytes()
            .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2)
    };
    row.cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| matches!(cell, Cell::Text(text) if may_hold(text)))
        .filter(|(column, _)| {
            *column < columns.headers.len() && columns.field_of(*column).is_some()
        })
        .filter_map(|(column, cell)| match cell {
            Cell::Text(text) => text.chars().find(|&c| is_control(c)).map(|c| {
                format!(
                    "{} holds a control character (U+{:04X})",
                    columns.headers[column], c as u32
                )
            }),
            _ => None,
        })
        .collect()
}

/// A leave date before the hire date is a typo in one of them (often the
/// year): neither can be trusted, so the row is refused.
fn date_order(values: &FieldValues, columns: &ColumnMap) -> Option<String> {
    let hired = values[Field::HireDate.index()].as_deref()?;
    let left = values[Field::LeaveDate.index()].as_deref()?;
    // Both are ISO dates (YYYY-MM-DD), which sort as text.
    (left < hired).then(|| {
        format!(
            "{} {left} is before {} {hired}",
            columns.header_of(Field::LeaveDate),
            columns.header_of(Field::HireDate)
        )
    })
}

/// The stored value of one cell for `field`; `Ok(None)` for an empty cell.
/// The error completes a sentence that starts with the column name.
pub fn value(field: Field, cell: &Cell) -> Result<Option<String>, String> {
    if let Cell::Error(e) = cell {
        return Err(crate::i18n::tr!("cell-error-value", value = e.to_string()));
    }
    if cell.is_empty() {
        return Ok(None);
    }
    let text = cell.text();
    let shown = || format!("{:?}", text.trim());
    match field.kind() {
        FieldKind::Text => Ok(normalize::text(&text)),
        FieldKind::Key => Ok(normalize::key(&text)),
        FieldKind::Kana => Ok(normalize::text(&text).map(|t| normalize::katakana(&t))),
        FieldKind::Notes => Ok(normalize::multiline(&text)),
        FieldKind::Tags => Ok(normalize::tags(&text)),
        FieldKind::EmploymentType => {
            Ok(normalize::text(&text).map(|t| EmploymentType::read(&t).as_str().to_string()))
        }
        FieldKind::LeaveType => {
            Ok(normalize::text(&text).map(|t| LeaveType::read(&t).as_str().to_string()))
        }
        FieldKind::Email => normalize::email(&text)
            .map_err(|_| crate::i18n::tr!("cell-not-an-email", value = shown())),
        FieldKind::Date => {
            let date = match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => dates::from_serial(*n, Epoch::E1900),
                _ => dates::parse(&text),
            };
            date.map(|d| Some(d.to_string()))
                .ok_or_else(|| crate::i18n::tr!("cell-not-a-date", value = shown()))
        }
        FieldKind::Rehire => {
            let parsed = match cell {
                Cell::Bool(b) => Some(if *b { Rehire::Yes } else { Rehire::No }),
                _ => normalize::text(&text).and_then(|t| Rehire::parse(&t)),
            };
            // "Unknown" states nothing: like an empty cell, it erases nothing.
            parsed
                .map(|r| (r != Rehire::Unknown).then(|| r.as_str().to_string()))
                .ok_or_else(|| {
                    format!(
                        "{} is not a rehire eligibility (可, 不可, 要相談, yes, no, review)",
                        shown()
                    )
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_every_form_become_iso() {
        for (cell, want) in [
            (text("2024/4/1"), "2024-04-01"),
            (text("令和6年4月1日"), "2024-04-01"),
            (text("R6.4.1"), "2024-04-01"),
            (Cell::Number(45382.0), "2024-03-31"),
            (Cell::Date(jiff::civil::date(2019, 4, 1)), "2019-04-01"),
        ] {
            assert_eq!(
                value(Field::LeaveDate, &cell),
                Ok(Some(want.into())),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn bad_values_say_what_they_are() {
        assert_eq!(
            value(Field::LeaveDate, &text("2024-13-45")),
            Err("\"2024-13-45\" is not a date".into())
        );
        assert_eq!(
            value(Field::Email, &text("taro.example.com")),
            Err("\"taro.example.com\" is not an email address".into())
        );
        assert!(value(Field::RehireEligible, &text("たぶん")).is_err());
        assert_eq!(
            value(Field::Name, &Cell::Error("#N/A".into())),
            Err("holds the error value #N/A".into())
        );
    }

    #[test]
    fn employment_and_leave_types_are_stored_normalized_and_unknown_text_as_other() {
        assert_eq!(
            value(Field::EmploymentType, &text("契約社員")),
            Ok(Some("contract".into()))
        );
        assert_eq!(
            value(Field::EmploymentType, &text("役員")),
            Ok(Some("other".into()))
        );
        assert_eq!(
            value(Field::LeaveType, &text("　会社都合　")),
            Ok(Some("involuntary".into()))
        );
        assert_eq!(
            value(Field::LeaveType, &text("懲戒")),
            Ok(Some("other".into()))
        );
        assert_eq!(value(Field::LeaveType, &text("　")), Ok(None));
    }

    #[test]
    fn numeric_employee_ids_lose_the_spurious_fraction() {
        assert_eq!(
            value(Field::EmployeeId, &Cell::Number(1234.0)),
            Ok(Some("1234".into()))
        );
    }

    #[test]
    fn a_row_without_name_or_key_names_its_columns() {
        let columns = ColumnMap::new(
            &["社員番号".into(), "氏名".into(), "退職日".into()],
            &[],
            None,
        );
        let row = RawRow {
            number: 7,
            cells: vec![Cell::Empty, Cell::Empty, text("2024/4/1")],
        };
        let problems = build(&row, &columns).unwrap_err();
        assert_eq!(
            problems,
            ["the row has no 氏名, 社員番号 or メールアドレス"]
        );
    }

    #[test]
    fn control_characters_in_cells_are_refused_but_line_breaks_kept() {
        let columns = ColumnMap::new(&["氏名".into(), "備考".into()], &[], None);
        let row = |name: &str, note: &str| RawRow {
            number: 2,
            cells: vec![text(name), text(note)],
        };
        assert_eq!(
            build(&row("山田\0", "x\u{85}"), &columns).unwrap_err(),
            [
                "氏名 holds a control character (U+0000)",
                "備考 holds a control character (U+0085)"
            ]
        );
        assert!(build(&row("山田", "一行目\r\n二行目\tタブ"), &columns).is_ok());
    }

    #[test]
    fn a_leave_date_before_the_hire_date_is_refused() {
        let columns = ColumnMap::new(
            &["氏名".into(), "入社日".into(), "退職日".into()],
            &[],
            None,
        );
        let row = |hired: &str, left: &str| RawRow {
            number: 4,
            cells: vec![text("山田"), text(hired), text(left)],
        };
        assert_eq!(
            build(&row("2020/4/1", "2019/3/31"), &columns).unwrap_err(),
            ["退職日 2019-03-31 is before 入社日 2020-04-01"]
        );
        assert!(build(&row("2020/4/1", "2020/4/1"), &columns).is_ok());
        assert!(build(&row("2020/4/1", ""), &columns).is_ok());
    }

    #[test]
    fn every_bad_column_of_a_row_is_reported() {
        let columns = ColumnMap::new(
            &["氏名".into(), "メール".into(), "退職日".into()],
            &[],
            None,
        );
        let row = RawRow {
            number: 3,
            cells: vec![text("山田"), text("nope"), text("2024-02-30")],
        };
        let problems = build(&row, &columns).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("メール "));
        assert!(problems[1].starts_with("退職日 "));
    }
}
