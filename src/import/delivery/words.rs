//! The words of a delivery report: the names of its columns, the status
//! words of each mark, and the yes and no of a yes/no column, each in one
//! table; and reading one cell by them.

use unicode_normalization::UnicodeNormalization;

use crate::db::campaigns::Reported;
use crate::domain::{Field, dates};
use crate::ingest::{Cell, header};

/// What a column of a delivery report holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
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
pub(super) const COLUMNS: &[(Role, &[&str])] = &[
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
pub(super) fn role_of(name: &str) -> Option<Role> {
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
pub(super) fn status(cell: &Cell) -> Result<Option<Reported>, String> {
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
pub(super) fn mark(cell: &Cell, default_day: &str) -> Result<Option<String>, String> {
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

/// A day from a date or time cell: `2026-11-20 14:03:12`, `2026/11/20
/// 14:03`, ISO with T and Z, a native date, an Excel serial number.
pub(super) fn day(cell: &Cell) -> Option<String> {
    let date = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => dates::from_serial(*n, dates::Epoch::E1900),
        cell => dates::parse(&cell.text()),
    };
    date.filter(|d| dates::plausible(*d)).map(|d| d.to_string())
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
