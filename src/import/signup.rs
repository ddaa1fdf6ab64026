//! Reading an event's sign-up sheet (受付名簿, a form's export) into the
//! keys that name an alumnus, the email and the employee ID of each row,
//! and, when the sheet has a status column (出欠, 参加/不参加, Attended …),
//! what each row says happened: attended, registered or absent.
//!
//! The header row is found as a roster's is, below any title rows, and
//! only its email, employee ID and status columns are read; every other
//! column (name, department, a question of the form) is left alone.
//! Matching the rows to alumni is the caller's, since that reads the
//! database. A status the program does not understand refuses the whole
//! sheet: guessing would record an absentee as attended, which is the
//! mistake a status column is there to prevent.

use std::path::Path;

use anyhow::Result;
use unicode_normalization::UnicodeNormalization;

use super::letter;
use crate::domain::Field;
use crate::error::Failure;
use crate::i18n::tr;
use crate::import::record;
use crate::ingest::{self, Cell, HeaderOptions, ReadOptions};

/// How many bad status cells one error lists; the rest are counted.
const MAX_REPORTED: usize = 10;

/// What a row's status cell says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// 出席, 参加, 来場, 済, ○, yes, attended …
    Attended,
    /// 申込, 登録, 予約, registered …: signed up, not (yet) come.
    Registered,
    /// 欠席, 不参加, キャンセル, ×, no, absent …: did not come.
    Absent,
}

/// Names of a status column, compared after [`ingest::header::fold`] (so
/// "出席/欠席" is "出席欠席" and width and case do not matter).
const STATUS_HEADERS: &[&str] = &[
    "出欠",
    "出欠席",
    "出欠確認",
    "出欠状況",
    "出席欠席",
    "出席状況",
    "参加不参加",
    "参加可否",
    "参加状況",
    "参加有無",
    "来場",
    "来場状況",
    "attended",
    "attendance",
    "status",
    "rsvp",
    "ステータス",
    "状態",
];

/// Status words, compared after [`fold_value`]. A word that is not here is
/// refused, never guessed.
const REPLIES: &[(Reply, &[&str])] = &[
    (
        Reply::Attended,
        &[
            "出席",
            "出席済",
            "出席済み",
            "出",
            "参加",
            "参加済",
            "参加済み",
            "来場",
            "来場済",
            "来場済み",
            "受付済",
            "受付済み",
            "済",
            "済み",
            "可",
            "有",
            "あり",
            "○",
            "〇",
            "◯",
            "◎",
            "✓",
            "✔",
            "yes",
            "y",
            "true",
            "attended",
            "attend",
            "present",
            "checkedin",
        ],
    ),
    (
        Reply::Registered,
        &[
            "申込",
            "申込済",
            "申込済み",
            "申込み",
            "申し込み",
            "申し込み済み",
            "登録",
            "登録済",
            "登録済み",
            "予約",
            "予約済",
            "予約済み",
            "registered",
            "booked",
            "signedup",
        ],
    ),
    (
        Reply::Absent,
        &[
            "欠席",
            "欠",
            "不参加",
            "不参",
            "欠場",
            "不可",
            "否",
            "無",
            "なし",
            "キャンセル",
            "取消",
            "取り消し",
            "辞退",
            "×",
            "✕",
            "✖",
            "x",
            "no",
            "n",
            "false",
            "absent",
            "cancelled",
            "canceled",
            "declined",
            "noshow",
        ],
    ),
];

/// Folds a status cell for comparison: NFKC, lower case, no white space,
/// hyphens or dots ("Checked-in" and "ｙｅｓ" are "checkedin" and "yes").
fn fold_value(value: &str) -> String {
    value
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '。'))
        .collect()
}

/// What a status cell says; `Ok(None)` for an empty one, `Err` for a
/// value that is not understood (the cell as a person reads it).
pub fn reply(cell: &Cell) -> Result<Option<Reply>, String> {
    match cell {
        Cell::Bool(true) => Ok(Some(Reply::Attended)),
        Cell::Bool(false) => Ok(Some(Reply::Absent)),
        cell if cell.is_empty() => Ok(None),
        cell => {
            let text = cell.text();
            let folded = fold_value(&text);
            REPLIES
                .iter()
                .find(|(_, words)| words.iter().any(|w| fold_value(w) == folded))
                .map(|(reply, _)| Some(*reply))
                .ok_or_else(|| text.trim().to_string())
        }
    }
}

/// Whether a column name names a status column.
fn is_status_header(name: &str) -> bool {
    let folded = ingest::header::fold(name);
    STATUS_HEADERS
        .iter()
        .any(|h| ingest::header::fold(h) == folded)
}

/// One row of a sign-up sheet: its row number and the keys it gives.
#[derive(Debug)]
pub struct SignUp {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    /// The email, normalized as an import stores it; `Err` completes a
    /// sentence starting with "email": why the cell is not one.
    pub email: Result<Option<String>, String>,
    /// The employee ID; one that cannot be read is as good as none.
    pub employee_id: Option<String>,
    /// What the status column says; `None` without one, or for an empty
    /// cell: the command's own meaning then holds.
    pub reply: Option<Reply>,
}

/// Reads a sign-up sheet (`sheet` of a workbook, else its first visible
/// one): the header row is found as the importer finds it, and only its
/// email, employee ID and status columns are read. A header with neither
/// key, no data rows below it, or a status cell that is not understood is
/// bad data.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<SignUp>> {
    let options = ReadOptions {
        sheets: sheet.map(String::from).into_iter().collect(),
        encoding: None,
    };
    ingest::with_rows(path, &options, |source, _info| {
        let mut rows = ingest::locate_header(path, source, &HeaderOptions::default())?
            .map_err(|why| Failure::bad_file(path, why))?;
        let column = |field: Field| {
            rows.names
                .iter()
                .position(|name| ingest::header::field_for(name) == Some(field))
        };
        let (email_column, id_column) = (column(Field::Email), column(Field::EmployeeId));
        if email_column.is_none() && id_column.is_none() {
            return Err(Failure::bad_file(
                path,
                format!(
                    "the header row (row {}) has no email or employee ID column \
                     (メールアドレス, 社員番号, E-mail, Employee ID …)",
                    rows.row_number
                ),
            )
            .into());
        }
        // The first status column counts; a second (a 状態 beside a 出欠)
        // is left alone, as any other column is.
        let status_column = rows
            .names
            .iter()
            .position(|name| is_status_header(name))
            .map(|c| (c, rows.names[c].clone()));
        let mut sign_ups = Vec::new();
        let mut bad = Vec::new();
        let mut bad_total = 0usize;
        while let Some(row) = rows.next_row()? {
            let email = match email_column {
                Some(c) => record::value(Field::Email, row.cell(c)),
                None => Ok(None),
            };
            // A key that cannot be read is as good as none: it is reported
            // when the row matches nobody.
            let employee_id = id_column
                .and_then(|c| record::value(Field::EmployeeId, row.cell(c)).ok())
                .flatten();
            let reply = match &status_column {
                Some((c, header)) => match reply(row.cell(*c)) {
                    Ok(reply) => reply,
                    Err(value) => {
                        bad_total += 1;
                        if bad.len() < MAX_REPORTED {
                            bad.push(tr!(
                                "signup-bad-status-cell",
                                row = row.number,
                                column = letter(*c),
                                header = header.as_str(),
                                value = crate::output::visible(&value).into_owned(),
                            ));
                        }
                        None
                    }
                },
                None => None,
            };
            sign_ups.push(SignUp {
                row: row.number,
                email,
                employee_id,
                reply,
            });
        }
        if bad_total > 0 {
            if bad_total > bad.len() {
                bad.push(tr!("signup-bad-status-more", count = bad_total - bad.len()));
            }
            let reason = format!(
                "{}\n  {}\n{}",
                tr!("signup-bad-status", count = bad_total),
                bad.join("\n  "),
                tr!("signup-status-hint")
            );
            return Err(Failure::bad_file(path, reason).into());
        }
        if sign_ups.is_empty() {
            return Err(
                Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
            );
        }
        Ok(sign_ups)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn status_words_are_read_in_any_width_and_case() {
        for word in [
            "出席", "参加", "来場", "済", "○", "〇", "YES", "ｙ", "True", "Attended",
        ] {
            assert_eq!(reply(&text(word)), Ok(Some(Reply::Attended)), "{word}");
        }
        for word in ["申込", "申込済", "登録", "予約", "Registered"] {
            assert_eq!(reply(&text(word)), Ok(Some(Reply::Registered)), "{word}");
        }
        for word in [
            "欠席",
            "不参加",
            "キャンセル",
            "ｷｬﾝｾﾙ",
            "×",
            "no",
            "N",
            "FALSE",
            "absent",
            "Cancelled",
        ] {
            assert_eq!(reply(&text(word)), Ok(Some(Reply::Absent)), "{word}");
        }
        assert_eq!(reply(&Cell::Bool(true)), Ok(Some(Reply::Attended)));
        assert_eq!(reply(&Cell::Bool(false)), Ok(Some(Reply::Absent)));
    }

    #[test]
    fn an_empty_status_is_none_and_an_unknown_one_is_refused() {
        assert_eq!(reply(&Cell::Empty), Ok(None));
        assert_eq!(reply(&text("　")), Ok(None));
        assert_eq!(reply(&text(" 未定 ")), Err("未定".into()));
        assert_eq!(reply(&Cell::Number(1.0)), Err("1".into()));
        assert_eq!(reply(&text("yes?")), Err("yes?".into()));
    }

    #[test]
    fn status_headers_match_as_roster_headers_do() {
        for name in [
            "出欠",
            "出席/欠席",
            "参加／不参加",
            "参加可否",
            "ATTENDED",
            "Ａｔｔｅｎｄａｎｃｅ",
            "ステータス",
            "状態",
            "出欠席",
        ] {
            assert!(is_status_header(name), "{name}");
        }
        for name in ["参加区分", "受付時刻", "氏名"] {
            assert!(!is_status_header(name), "{name}");
        }
    }

    #[test]
    fn columns_are_named_by_letter() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(5), "F");
        assert_eq!(letter(26), "AA");
    }
}
