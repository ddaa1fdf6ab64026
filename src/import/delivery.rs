//! Reading a mail tool's delivery report (配信レポート) into what it says of
//! each recipient: delivered, opened, clicked, bounced or unsubscribed, and
//! on which day.
//!
//! The file is read as a roster is (any encoding, the header row found
//! below titles, columns in any order), and its columns are told apart by
//! the names in [`COLUMNS`]: the recipient's email or the token of
//! `campaign export`; a status column whose words are in [`STATUSES`]; and
//! one column per kind of mark, holding a day or time (opened_at, 開封日時)
//! or a yes/no (開封, opened). A yes without a time is the campaign's day.
//! Matching the rows to recipients is the caller's, since that reads the
//! database. A cell that cannot be read makes its row a [`Problem`], named
//! by file, row and column; a header without an email or id column refuses
//! the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use unicode_normalization::UnicodeNormalization;

use super::ImportOptions;
use super::record;
use super::rejects::Rejects;
use super::signup::letter;
use crate::db::campaigns::Reported;
use crate::domain::{Field, dates};
use crate::error::Failure;
use crate::i18n::tr;
use crate::ingest::{self, Cell, HeaderOptions, RawRow, ReadOptions, header};

/// What a column of a delivery report holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The address the campaign went to.
    Email,
    /// The recipient's token, as `campaign export` wrote it.
    Token,
    /// A status word per row ([`STATUSES`]).
    Status,
    /// The time of the row's status, when the report has one column for it.
    When,
    /// One kind of mark: a day or time, or yes/no.
    Mark(Reported),
}

/// The names of a delivery report's columns, compared after
/// [`header::fold`] (width, case, spaces and punctuation do not matter:
/// "Opened At" is "opened_at"). An email column is also found by the
/// roster's own names for it (メールアドレス, E-mail …).
const COLUMNS: &[(Role, &[&str])] = &[
    (
        Role::Email,
        &[
            "email",
            "宛先",
            "宛先メールアドレス",
            "送信先",
            "送信先アドレス",
            "配信先",
            "recipient",
            "recipient email",
            "address",
            "to",
        ],
    ),
    (
        Role::Token,
        &[
            "id",
            "token",
            "recipient id",
            "recipient token",
            "unsubscribe id",
            "トークン",
            "識別子",
        ],
    ),
    (
        Role::Status,
        &[
            "status",
            "delivery status",
            "result",
            "event",
            "配信結果",
            "配信状況",
            "配信ステータス",
            "ステータス",
            "結果",
            "状態",
        ],
    ),
    (
        Role::When,
        &[
            "timestamp",
            "time",
            "date",
            "datetime",
            "event time",
            "日時",
            "日付",
            "送信日時",
            "タイムスタンプ",
        ],
    ),
    (
        Role::Mark(Reported::Delivered),
        &[
            "delivered",
            "delivered_at",
            "delivered on",
            "sent_at",
            "配信日時",
            "配信日",
            "配信済み",
            "到達",
            "到達日時",
        ],
    ),
    (
        Role::Mark(Reported::Opened),
        &[
            "opened",
            "opened_at",
            "opened on",
            "first opened",
            "open",
            "開封",
            "開封日時",
            "開封日",
            "開封有無",
            "開封済み",
        ],
    ),
    (
        Role::Mark(Reported::Clicked),
        &[
            "clicked",
            "clicked_at",
            "clicked on",
            "first clicked",
            "click",
            "クリック",
            "クリック日時",
            "クリック日",
            "クリック有無",
        ],
    ),
    (
        Role::Mark(Reported::Bounced),
        &[
            "bounced",
            "bounced_at",
            "bounced on",
            "bounce",
            "不達",
            "不達日時",
            "エラー",
            "エラー日時",
        ],
    ),
    (
        Role::Mark(Reported::Unsubscribed),
        &[
            "unsubscribed",
            "unsubscribed_at",
            "unsubscribed on",
            "unsubscribe",
            "配信停止",
            "配信停止日時",
            "配信停止日",
            "購読解除",
            "購読停止",
        ],
    ),
];

/// Status words, compared after [`fold_value`]; `None` is a status that
/// records nothing (a soft bounce is retried, a queued mail not yet sent).
/// A word that is not here makes its row a problem, never a guess.
const STATUSES: &[(Option<Reported>, &[&str])] = &[
    (
        Some(Reported::Delivered),
        &[
            "delivered",
            "delivery",
            "sent",
            "success",
            "succeeded",
            "ok",
            "unopened",
            "配信済み",
            "配信済",
            "配信成功",
            "成功",
            "送信済み",
            "送信済",
            "到達",
            "未開封",
        ],
    ),
    (
        Some(Reported::Opened),
        &["opened", "open", "開封", "開封済み", "開封済"],
    ),
    (
        Some(Reported::Clicked),
        &["clicked", "click", "クリック", "クリック済み", "クリック済"],
    ),
    (
        Some(Reported::Bounced),
        &[
            "bounced",
            "bounce",
            "hard_bounce",
            "hardbounce",
            "failed",
            "failure",
            "error",
            "invalid",
            "エラー",
            "不達",
            "配信エラー",
            "配信失敗",
            "失敗",
            "宛先不明",
        ],
    ),
    (
        Some(Reported::Unsubscribed),
        &[
            "unsubscribed",
            "unsubscribe",
            "opt_out",
            "opted_out",
            "配信停止",
            "購読解除",
            "購読停止",
        ],
    ),
    (
        None,
        &[
            "soft_bounce",
            "softbounce",
            "deferred",
            "pending",
            "queued",
            "processing",
            "保留",
            "送信待ち",
            "配信待ち",
        ],
    ),
];

/// A yes of a mark column without a time, compared after [`fold_value`].
const YES: &[&str] = &[
    "1", "yes", "y", "true", "○", "〇", "◯", "✓", "✔", "済", "済み", "あり", "有",
];
/// A no of a mark column, compared after [`fold_value`].
const NO: &[&str] = &[
    "0",
    "no",
    "n",
    "false",
    "×",
    "✕",
    "-",
    "なし",
    "無",
    "未",
    "未開封",
];

/// Folds a cell for comparison: NFKC, lower case, no white space, hyphens
/// between words or underscores ("Hard Bounce" is "hardbounce").
fn fold_value(value: &str) -> String {
    let folded: String = value
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    if folded.len() > 1 {
        folded.replace('-', "")
    } else {
        folded
    }
}

/// The role a column name gives its column.
fn role_of(name: &str) -> Option<Role> {
    let folded = header::fold(name);
    if folded.is_empty() {
        return None;
    }
    COLUMNS
        .iter()
        .find(|(_, names)| names.iter().any(|n| header::fold(n) == folded))
        .map(|(role, _)| *role)
        .or_else(|| (header::field_for(name) == Some(Field::Email)).then_some(Role::Email))
}

/// What a status cell says; `Ok(None)` for an empty cell or a status that
/// records nothing, `Err` with the cell as it reads for one not understood.
fn status(cell: &Cell) -> Result<Option<Reported>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    let text = cell.text();
    let folded = fold_value(&text);
    STATUSES
        .iter()
        .find(|(_, words)| words.iter().any(|w| fold_value(w) == folded))
        .map(|(reported, _)| *reported)
        .ok_or_else(|| text.trim().to_string())
}

/// What a mark cell says: `Ok(None)` for empty or no, the day for a date or
/// time, `default_day` for a yes; `Err` with the cell as it reads.
fn mark(cell: &Cell, default_day: &str) -> Result<Option<String>, String> {
    let yes = || Ok(Some(default_day.to_string()));
    match cell {
        cell if cell.is_empty() => return Ok(None),
        Cell::Bool(true) => return yes(),
        Cell::Bool(false) => return Ok(None),
        Cell::Date(d) if dates::plausible(*d) => return Ok(Some(d.to_string())),
        _ => {}
    }
    let text = cell.text();
    let folded = fold_value(&text);
    if YES.iter().any(|w| fold_value(w) == folded) {
        return yes();
    }
    if NO.iter().any(|w| fold_value(w) == folded) {
        return Ok(None);
    }
    day(cell).map(Some).ok_or_else(|| text.trim().to_string())
}

/// Keeps the first reason a row cannot be read.
fn note(why: &mut Option<String>, message: String) {
    why.get_or_insert(message);
}

/// A day from a date or time cell: `2026-11-20 14:03:12`, `2026/11/20
/// 14:03`, ISO with T and Z, a native date, an Excel serial number.
fn day(cell: &Cell) -> Option<String> {
    let date = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => dates::from_serial(*n, dates::Epoch::E1900),
        cell => dates::parse(&cell.text()),
    };
    date.filter(|d| dates::plausible(*d)).map(|d| d.to_string())
}

/// One row of a delivery report that could be read.
#[derive(Debug)]
pub struct Delivery {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    /// The address, normalized as an import stores it.
    pub email: Option<String>,
    pub token: Option<String>,
    /// What the row says, with the day of each.
    pub marks: BTreeMap<Reported, String>,
    /// The row as it was, for a rejects file.
    pub raw: RawRow,
}

impl Delivery {
    /// How the row names its recipient, for messages: the token, else the
    /// address.
    pub fn named(&self) -> String {
        match (&self.token, &self.email) {
            (Some(token), _) => format!("id {token}"),
            (None, Some(email)) => email.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A row that cannot be read, and why (naming its row and column).
#[derive(Debug)]
pub struct Problem {
    pub row: u64,
    pub message: String,
    pub raw: RawRow,
}

/// A delivery report as read: its column names, the rows that could be
/// read, and those that could not.
#[derive(Debug)]
pub struct Report {
    pub header: Vec<String>,
    pub rows: Vec<Delivery>,
    pub problems: Vec<Problem>,
}

/// Reads a delivery report; `campaign_day` is the day a yes without a
/// time stands for. A file without an email or id column, or with no data
/// rows, is bad data.
pub fn read(path: &Path, read: &ReadOptions, campaign_day: &str) -> Result<Report> {
    // The report's own column names count as known when the header row is
    // looked for, besides the roster's.
    let mapped = COLUMNS
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| header::fold(n)))
        .collect();
    let options = HeaderOptions { row: None, mapped };
    ingest::with_rows(path, read, |source, _info| {
        let mut rows = ingest::locate_header(path, source, &options)?
            .map_err(|why| Failure::bad_file(path, why))?;
        let roles: Vec<Option<Role>> = rows.names.iter().map(|n| role_of(n)).collect();
        let first = |role: Role| roles.iter().position(|r| *r == Some(role));
        let (email, token) = (first(Role::Email), first(Role::Token));
        if email.is_none() && token.is_none() {
            return Err(Failure::bad_file(
                path,
                tr!("campaign-report-no-key-column", row = rows.row_number),
            )
            .into());
        }
        let (status_column, when) = (first(Role::Status), first(Role::When));
        let marks: Vec<(usize, Reported)> = roles
            .iter()
            .enumerate()
            .filter_map(|(c, role)| match role {
                Some(Role::Mark(what)) => Some((c, *what)),
                _ => None,
            })
            .collect();
        let header = rows.names.clone();
        let bad = |row: u64, column: usize, why: String| {
            tr!(
                "campaign-report-bad-cell",
                row = row,
                column = letter(column),
                header = header[column].as_str(),
                why = why
            )
        };
        let mut report = Report {
            header: rows.names.clone(),
            rows: Vec::new(),
            problems: Vec::new(),
        };
        while let Some(raw) = rows.next_row()? {
            let mut why: Option<String> = None;
            let email = match email.map(|c| (c, record::value(Field::Email, raw.cell(c)))) {
                Some((_, Ok(value))) => value,
                Some((c, Err(e))) => {
                    note(&mut why, bad(raw.number, c, format!("email {e}")));
                    None
                }
                None => None,
            };
            let token = token
                .map(|c| raw.cell(c).text().trim().to_lowercase())
                .filter(|t| !t.is_empty());
            let mut found = BTreeMap::new();
            if let Some(c) = status_column {
                match status(raw.cell(c)) {
                    Ok(Some(what)) => {
                        // The time of the status, else the campaign's day.
                        let at = match when.map(|w| (w, raw.cell(w))) {
                            Some((w, cell)) if !cell.is_empty() => day(cell).or_else(|| {
                                note(
                                    &mut why,
                                    bad(
                                        raw.number,
                                        w,
                                        tr!(
                                            "campaign-report-not-a-day",
                                            value = format!("{:?}", cell.to_text())
                                        ),
                                    ),
                                );
                                None
                            }),
                            _ => Some(campaign_day.to_string()),
                        };
                        if let Some(at) = at {
                            found.insert(what, at);
                        }
                    }
                    Ok(None) => {}
                    Err(value) => note(
                        &mut why,
                        bad(
                            raw.number,
                            c,
                            tr!("campaign-report-bad-status", value = format!("{value:?}")),
                        ),
                    ),
                }
            }
            // A day of its own beats the status's.
            for &(c, what) in &marks {
                match mark(raw.cell(c), campaign_day) {
                    Ok(Some(at)) => {
                        found.insert(what, at);
                    }
                    Ok(None) => {}
                    Err(value) => note(
                        &mut why,
                        bad(
                            raw.number,
                            c,
                            tr!("campaign-report-not-a-mark", value = format!("{value:?}")),
                        ),
                    ),
                }
            }
            if why.is_none() && email.is_none() && token.is_none() {
                note(&mut why, tr!("campaign-report-no-key", row = raw.number));
            }
            match why {
                Some(message) => report.problems.push(Problem {
                    row: raw.number,
                    message,
                    raw,
                }),
                None => report.rows.push(Delivery {
                    row: raw.number,
                    email,
                    token,
                    marks: found,
                    raw,
                }),
            }
        }
        if report.rows.is_empty() && report.problems.is_empty() {
            return Err(
                Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
            );
        }
        Ok(report)
    })
}

/// Writes the rows left out of a delivery report, with a reason column,
/// to `path` (as the roster import's rejects: whole, 0600, with a BOM).
/// The path may be neither the database nor the report itself.
pub fn write_rejects(
    path: &Path,
    database: &Path,
    input: &Path,
    header: &[String],
    rows: &[(&RawRow, String)],
) -> Result<()> {
    let options = ImportOptions {
        files: vec![input.to_path_buf()],
        database: Some(database.to_path_buf()),
        ..ImportOptions::default()
    };
    let mut rejects = Rejects::create(path, &options)?;
    for (raw, reason) in rows {
        rejects.write(header, raw, reason)?;
    }
    rejects.finish()
}

/// Refuses a rejects path that would cost data, before anything is read.
pub fn check_rejects(path: &Path, database: &Path, input: &Path) -> Result<()> {
    super::rejects::check_target(path, Some(database), &[PathBuf::from(input)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn columns_are_known_by_their_usual_names() {
        for (name, role) in [
            ("Email", Role::Email),
            ("メールアドレス", Role::Email),
            ("宛先", Role::Email),
            ("E-mail Address", Role::Email),
            ("id", Role::Token),
            ("配信結果", Role::Status),
            ("Status", Role::Status),
            ("opened_at", Role::Mark(Reported::Opened)),
            ("Opened At", Role::Mark(Reported::Opened)),
            ("開封日時", Role::Mark(Reported::Opened)),
            ("開封", Role::Mark(Reported::Opened)),
            ("クリック日時", Role::Mark(Reported::Clicked)),
            ("配信停止", Role::Mark(Reported::Unsubscribed)),
            ("bounced_at", Role::Mark(Reported::Bounced)),
        ] {
            assert_eq!(role_of(name), Some(role), "{name}");
        }
        assert_eq!(role_of("氏名"), None);
        assert_eq!(role_of(""), None);
    }

    #[test]
    fn status_words_are_read_in_any_width_and_case() {
        for (word, what) in [
            ("delivered", Reported::Delivered),
            ("配信済み", Reported::Delivered),
            ("成功", Reported::Delivered),
            ("Hard Bounce", Reported::Bounced),
            ("hard_bounce", Reported::Bounced),
            ("不達", Reported::Bounced),
            ("エラー", Reported::Bounced),
            ("ｴﾗｰ", Reported::Bounced),
            ("OPENED", Reported::Opened),
            ("開封", Reported::Opened),
            ("クリック", Reported::Clicked),
            ("配信停止", Reported::Unsubscribed),
        ] {
            assert_eq!(status(&text(word)), Ok(Some(what)), "{word}");
        }
        assert_eq!(status(&text("soft_bounce")), Ok(None));
        assert_eq!(status(&Cell::Empty), Ok(None));
        assert_eq!(status(&text(" 謎 ")), Err("謎".into()));
    }

    #[test]
    fn a_mark_is_a_day_a_yes_or_a_no() {
        let day = "2026-11-20";
        for yes in ["1", "yes", "TRUE", "○", "✓", "ｙｅｓ"] {
            assert_eq!(mark(&text(yes), day), Ok(Some(day.into())), "{yes}");
        }
        for no in ["0", "no", "FALSE", "×", "-", ""] {
            assert_eq!(mark(&text(no), day), Ok(None), "{no:?}");
        }
        assert_eq!(mark(&Cell::Bool(true), day), Ok(Some(day.into())));
        for time in [
            "2026-11-21 14:03:12",
            "2026/11/21 14:03",
            "2026-11-21T05:03:12Z",
            "2026/11/21",
        ] {
            assert_eq!(
                mark(&text(time), day),
                Ok(Some("2026-11-21".into())),
                "{time}"
            );
        }
        assert_eq!(mark(&text("someday"), day), Err("someday".into()));
        assert_eq!(mark(&text("2026-13-40"), day), Err("2026-13-40".into()));
    }
}
