//! Reading a feedback survey: the response export of Google Forms (CSV) or
//! Microsoft Forms (xlsx, or CSV) into one response per row, with the keys
//! that name the respondent, the day of the answer, the 0–10
//! recommendation score, the free-text comment and the other answers.
//!
//! The file is read as a roster is (any encoding, a title above the
//! header, columns in any order). The columns are found by their names:
//! the form's own (Timestamp, タイムスタンプ; ID, Start time, Completion
//! time, 開始時刻, 完了時刻 …), the email and employee ID as a roster names
//! them (a bare "ID" is the form's response number, never an employee ID),
//! the score question by words such as おすすめ度, 推奨度 or "How likely"
//! (among several, the one whose answers are all whole numbers from 0 to
//! 10), and the comment by words such as コメント, ご意見, 感想 or
//! Feedback, else the column of the longest answers. Matching respondents
//! to alumni is the caller's, since that reads the database.

use std::path::{Path, PathBuf};

use anyhow::Result;
use jiff::civil::Date;
use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use super::ImportOptions;
use super::letter;
use super::record;
use super::rejects::Rejects;
use crate::domain::dates::{self, Epoch};
use crate::domain::{Field, normalize};
use crate::error::Failure;
use crate::i18n::tr;
use crate::ingest::{self, Cell, HeaderOptions, RawRow, ReadOptions, header};

/// Names of the form's own columns, which are neither questions nor keys.
/// The first group holds the day of the answer, best first.
const TIMESTAMPS: &[&str] = &[
    "timestamp",
    "タイムスタンプ",
    "completion time",
    "完了時刻",
    "submitted at",
    "submission time",
    "回答日時",
    "送信日時",
    "start time",
    "開始時刻",
];
const FORM_COLUMNS: &[&str] = &[
    "id",
    "last modified time",
    "最終更新時刻",
    "name",
    "名前",
    "total points",
    "合計点",
    "score",
    "スコア",
];

/// Words of a 0–10 recommendation question, compared after
/// [`header::fold`] as parts of the header.
const SCORE_WORDS: &[&str] = &[
    "すすめ",
    "ススメ",
    "おすすめ",
    "お勧め",
    "お薦め",
    "オススメ",
    "推奨度",
    "推奨",
    "薦め",
    "勧め",
    "推薦",
    "how likely",
    "recommend",
    "nps",
    "net promoter",
];

/// Words of a free-text comment question, compared as [`SCORE_WORDS`].
const COMMENT_WORDS: &[&str] = &[
    "コメント",
    "ご意見",
    "意見",
    "感想",
    "ご要望",
    "自由記述",
    "フィードバック",
    "comment",
    "feedback",
    "anything else",
    "suggestion",
];

/// A column of longer answers than this on average (in characters) may
/// be the comment when no header says which is.
const COMMENT_MIN_LENGTH: f64 = 10.0;

/// How many bad cells one error lists; the rest are counted.
const MAX_REPORTED: usize = 10;

/// A survey export as read.
#[derive(Debug)]
pub struct Form {
    pub path: PathBuf,
    /// The SHA-256 of the file's bytes.
    pub content_hash: String,
    pub header_row: u64,
    /// The header's column names, for the rejects file.
    pub names: Vec<String>,
    /// The header of the score question and of the comment question.
    pub score_question: Option<String>,
    pub comment_question: Option<String>,
    pub responses: Vec<Response>,
}

/// One row of the export.
#[derive(Debug)]
pub struct Response {
    /// The row as read, for the rejects file; its number is the one a
    /// spreadsheet shows.
    pub row: RawRow,
    /// The email, normalized as the roster stores it; `Err` completes a
    /// sentence starting with "email": why the cell is not one.
    pub email: Result<Option<String>, String>,
    pub employee_id: Option<String>,
    /// The day of the answer.
    pub answered_on: Result<Date, String>,
    /// The 0–10 score; `Err` says why the cell is not one, naming its
    /// column.
    pub score: Result<Option<u8>, String>,
    pub comment: Option<String>,
    /// The other questions' answers: header → answer.
    pub answers: Map<String, Value>,
}

impl Response {
    /// Why the row cannot be imported whoever answered it: a bad score or
    /// day, for the error or the rejects file.
    pub fn invalid(&self) -> Option<String> {
        let mut why = Vec::new();
        if let Err(e) = &self.score {
            why.push(e.clone());
        }
        if let Err(e) = &self.answered_on {
            why.push(e.clone());
        }
        (!why.is_empty()).then(|| why.join("; "))
    }
}

/// The folded names of the form's own columns, which the header search
/// counts as known.
fn form_names() -> Vec<String> {
    TIMESTAMPS
        .iter()
        .chain(FORM_COLUMNS)
        .map(|n| header::fold(n))
        .collect()
}

fn has_word(name: &str, words: &[&str]) -> bool {
    let folded = header::fold(name);
    words.iter().any(|w| folded.contains(&header::fold(w)))
}

/// Reads a survey export. A file without an email or employee ID column,
/// without a timestamp column, or without data rows is bad data; a bad
/// score or day is left in its row's [`Response`] for the caller to
/// refuse or reject.
pub fn read(path: &Path) -> Result<Form> {
    let options = ReadOptions::default();
    let header_options = HeaderOptions {
        row: None,
        mapped: form_names(),
    };
    let (header_row, names, rows) = ingest::with_rows(path, &options, |source, _info| {
        let mut header = ingest::locate_header(path, source, &header_options)?
            .map_err(|why| Failure::bad_file(path, why))?;
        let mut rows = Vec::new();
        while let Some(row) = header.next_row()? {
            rows.push(row);
        }
        Ok((header.row_number, header.names.clone(), rows))
    })?;
    let content_hash = ingest::hash_file(path)?;
    let columns = Columns::find(path, header_row, &names, &rows)?;
    if rows.is_empty() {
        return Err(
            Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
        );
    }
    let day_first = day_first(rows.iter().map(|r| r.cell(columns.timestamp)));
    let responses = rows
        .into_iter()
        .map(|row| columns.response(&names, row, day_first))
        .collect();
    Ok(Form {
        path: path.to_path_buf(),
        content_hash,
        header_row,
        score_question: columns.score.map(|c| names[c].clone()),
        comment_question: columns.comment.map(|c| names[c].clone()),
        names,
        responses,
    })
}

/// Which column holds what.
struct Columns {
    timestamp: usize,
    email: Option<usize>,
    employee_id: Option<usize>,
    score: Option<usize>,
    comment: Option<usize>,
    /// Whether each column is one of the form's own or a key: not an
    /// answer.
    known: Vec<bool>,
}

impl Columns {
    fn find(path: &Path, header_row: u64, names: &[String], rows: &[RawRow]) -> Result<Columns> {
        let folded: Vec<String> = names.iter().map(|n| header::fold(n)).collect();
        let field = |wanted: Field| {
            folded
                .iter()
                .zip(names)
                .position(|(f, n)| f != "id" && header::field_for(n) == Some(wanted))
        };
        let (email, employee_id) = (field(Field::Email), field(Field::EmployeeId));
        if email.is_none() && employee_id.is_none() {
            return Err(
                Failure::bad_file(path, tr!("survey-no-key-column", row = header_row)).into(),
            );
        }
        let timestamp = TIMESTAMPS
            .iter()
            .find_map(|t| folded.iter().position(|f| *f == header::fold(t)))
            .ok_or_else(|| Failure::bad_file(path, tr!("survey-no-timestamp", row = header_row)))?;
        let form_names = form_names();
        let known: Vec<bool> = (0..names.len())
            .map(|c| {
                let f = &folded[c];
                f.is_empty()
                    || form_names.contains(f)
                    || matches!(
                        header::field_for(&names[c]),
                        Some(Field::Email | Field::EmployeeId | Field::Name)
                    )
            })
            .collect();
        let values = |c: usize| {
            rows.iter()
                .map(move |r| r.cell(c))
                .filter(|c| !c.is_empty())
        };
        // Among the score questions, one answered only with 0–10 wins; else
        // one with any number, whose bad cells are then reported.
        let score_candidates: Vec<usize> = (0..names.len())
            .filter(|c| !known[*c] && has_word(&names[*c], SCORE_WORDS))
            .collect();
        let score = score_candidates
            .iter()
            .copied()
            .find(|&c| values(c).next().is_some() && values(c).all(|v| score_of(v).is_ok()))
            .or_else(|| {
                score_candidates
                    .iter()
                    .copied()
                    .find(|&c| values(c).any(|v| number_of(v).is_some()))
            });
        let is_free = |c: &usize| !known[*c] && Some(*c) != score;
        let total_length =
            |c: usize| -> usize { values(c).map(|v| v.text().chars().count()).sum() };
        let comment = (0..names.len())
            .filter(|c| is_free(c) && has_word(&names[*c], COMMENT_WORDS))
            .max_by_key(|&c| (total_length(c), std::cmp::Reverse(c)))
            .or_else(|| {
                (0..names.len())
                    .filter(is_free)
                    .filter(|&c| {
                        let count = values(c).count();
                        count > 0
                            && values(c).any(|v| number_of(v).is_none())
                            && total_length(c) as f64 / count as f64 >= COMMENT_MIN_LENGTH
                    })
                    .max_by_key(|&c| (total_length(c), std::cmp::Reverse(c)))
            });
        Ok(Columns {
            timestamp,
            email,
            employee_id,
            score,
            comment,
            known,
        })
    }

    fn response(&self, names: &[String], row: RawRow, day_first: bool) -> Response {
        let email = match self.email {
            Some(c) => record::value(Field::Email, row.cell(c)),
            None => Ok(None),
        };
        let employee_id = self
            .employee_id
            .and_then(|c| record::value(Field::EmployeeId, row.cell(c)).ok())
            .flatten();
        let at = |c: usize| format!("{} ({})", letter(c), names[c]);
        let score = match self.score {
            Some(c) if !row.cell(c).is_empty() => {
                score_of(row.cell(c)).map(Some).map_err(|value| {
                    tr!(
                        "survey-bad-score",
                        column = at(c),
                        value = crate::output::visible(&value).into_owned()
                    )
                })
            }
            _ => Ok(None),
        };
        let answered_on = answered_on(row.cell(self.timestamp), day_first).ok_or_else(|| {
            tr!(
                "survey-bad-timestamp",
                column = at(self.timestamp),
                value = crate::output::visible(row.cell(self.timestamp).text().trim()).into_owned()
            )
        });
        let comment = self
            .comment
            .and_then(|c| normalize::multiline(&row.cell(c).text()));
        let mut answers = Map::new();
        for (c, name) in names.iter().enumerate() {
            if self.known[c] || Some(c) == self.score || Some(c) == self.comment {
                continue;
            }
            if let Some(answer) = normalize::multiline(&row.cell(c).text()) {
                answers.insert(name.clone(), Value::String(answer));
            }
        }
        Response {
            email,
            employee_id,
            answered_on,
            score,
            comment,
            answers,
            row,
        }
    }
}

/// A cell as a number, if it is one (text too, in any width).
fn number_of(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t.nfkc().collect::<String>().trim().parse().ok(),
        _ => None,
    }
}

/// A 0–10 score, or the cell as a person reads it.
fn score_of(cell: &Cell) -> Result<u8, String> {
    match number_of(cell) {
        Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => Ok(n as u8),
        _ => Err(cell.text().trim().to_string()),
    }
}

/// The three numbers of a date written with `/`, `-` or `.`, before any
/// time of day.
fn date_parts(text: &str) -> Option<[u32; 3]> {
    let text: String = text.nfkc().collect();
    let first = text.split_whitespace().next()?;
    let parts: Vec<&str> = first.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    Some([a.parse().ok()?, b.parse().ok()?, c.parse().ok()?])
}

/// Whether the timestamps of a file that writes the year last put the
/// day first (20/11/2026, a British locale): so when any such date's first
/// number is above 12. Otherwise the month comes first (11/20/2026, the
/// United States).
fn day_first<'a>(cells: impl Iterator<Item = &'a Cell>) -> bool {
    cells
        .filter_map(|c| date_parts(&c.text()))
        .any(|[a, _, c]| {
            // Year first (2026/11/20) says nothing about the order.
            a <= 31 && c >= 1 && a > 12
        })
}

/// The day of a form's timestamp: "2026/11/20 14:03:12", "2026/11/20
/// 14:03:12 GMT+9", "11/20/2026 14:03:12", "11/20/26 2:03:12 PM", a date
/// cell of a workbook or its serial number. The day is the one the form
/// wrote, in its own time zone.
pub fn answered_on(cell: &Cell, day_first: bool) -> Option<Date> {
    let date = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => dates::from_serial(*n, Epoch::E1900),
        Cell::Text(text) => {
            let text: String = text.nfkc().collect();
            let first = text.split_whitespace().next()?;
            match date_parts(first) {
                Some([y, m, d]) if y > 31 => ymd(y, m, d),
                Some([a, b, y]) => {
                    let year = if y < 100 { 2000 + y } else { y };
                    let (m, d) = if day_first { (b, a) } else { (a, b) };
                    ymd(year, m, d)
                }
                None => dates::parse(first),
            }
        }
        _ => None,
    }?;
    dates::plausible(date).then_some(date)
}

/// The date of three numbers, if they make one.
fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// The error for the invalid rows of a form (bad scores or days): each
/// with its file and row, ten at most, then how many more.
pub fn invalid_rows(form: &Form, rows: &[(u64, String)]) -> Failure {
    let mut lines: Vec<String> = rows
        .iter()
        .take(MAX_REPORTED)
        .map(|(row, why)| format!("  {}:{row}: {why}", form.path.display()))
        .collect();
    if rows.len() > MAX_REPORTED {
        lines.push(format!(
            "  {}",
            tr!("survey-more-rows", count = rows.len() - MAX_REPORTED)
        ));
    }
    Failure::BadData(format!(
        "{}\n{}\n{}",
        tr!(
            "survey-invalid-rows",
            file = form.path.display().to_string(),
            count = rows.len()
        ),
        lines.join("\n"),
        tr!("survey-invalid-hint")
    ))
}

/// The rejects file of a survey import: its rows as they were, under the
/// form's header, with a reason column; 0600, with a BOM. Nothing is in
/// place until [`SurveyRejects::finish`].
pub struct SurveyRejects(Rejects);

impl SurveyRejects {
    /// Starts the rejects file at `path`, refusing the database, its
    /// journals, the form itself and a symbolic link.
    pub fn create(path: &Path, input: &Path, database: &Path) -> Result<SurveyRejects> {
        let options = ImportOptions {
            files: vec![input.to_path_buf()],
            database: Some(database.to_path_buf()),
            ..ImportOptions::default()
        };
        Ok(SurveyRejects(Rejects::create(path, &options)?))
    }

    pub fn write(&mut self, names: &[String], row: &RawRow, reason: &str) -> Result<()> {
        self.0.write(names, row, reason)
    }

    pub fn finish(self) -> Result<()> {
        self.0.finish()
    }
}

/// Where the rejects of `input` go without `--rejects`: beside it, as
/// `<stem>.rejects.csv`.
pub fn default_rejects(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "survey".into());
    input.with_file_name(format!("{stem}.rejects.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn timestamps_of_both_forms_and_locales_give_the_day() {
        for (raw, day_first, want) in [
            ("2026/11/20 14:03:12", false, "2026-11-20"),
            ("2026/11/20 14:03:12 GMT+9", false, "2026-11-20"),
            ("11/20/2026 14:03:12", false, "2026-11-20"),
            ("11/20/26 14:03:12", false, "2026-11-20"),
            ("11/20/26 2:03:12 PM", false, "2026-11-20"),
            ("20/11/2026 14:03:12", true, "2026-11-20"),
            ("2026-11-20T14:03:12", false, "2026-11-20"),
            ("２０２６/１１/２０ １４:０３", false, "2026-11-20"),
        ] {
            assert_eq!(answered_on(&text(raw), day_first), Some(day(want)), "{raw}");
        }
        assert_eq!(
            answered_on(&Cell::Date(day("2026-11-20")), false),
            Some(day("2026-11-20"))
        );
        // 46346 is 2026-11-20 in Excel's 1900 system.
        assert_eq!(
            answered_on(&Cell::Number(46346.6), false),
            Some(day("2026-11-20"))
        );
        for bad in [
            "",
            "yesterday",
            "13/13/2026",
            "2026/02/30 10:00",
            "2026/257/1",
            "70000/1/1",
            "1/1/99999999999",
        ] {
            assert_eq!(answered_on(&text(bad), false), None, "{bad}");
        }
    }

    #[test]
    fn the_day_comes_first_only_when_a_first_number_is_above_twelve() {
        let us = [text("11/20/2026 10:00"), text("12/01/2026 10:00")];
        assert!(!day_first(us.iter()));
        let gb = [text("01/12/2026 10:00"), text("20/11/2026 10:00")];
        assert!(day_first(gb.iter()));
        let iso = [text("2026/11/20 10:00")];
        assert!(!day_first(iso.iter()));
    }

    #[test]
    fn scores_are_whole_numbers_from_zero_to_ten() {
        assert_eq!(score_of(&Cell::Number(10.0)), Ok(10));
        assert_eq!(score_of(&text(" 0 ")), Ok(0));
        assert_eq!(score_of(&text("９")), Ok(9));
        assert_eq!(score_of(&Cell::Number(11.0)), Err("11".into()));
        assert_eq!(score_of(&Cell::Number(7.5)), Err("7.5".into()));
        assert_eq!(score_of(&text("-1")), Err("-1".into()));
        assert_eq!(score_of(&text("とても良い")), Err("とても良い".into()));
    }

    #[test]
    fn score_and_comment_questions_are_known_by_their_words() {
        for name in [
            "この交流会を友人におすすめする可能性は？",
            "アルムナイ交流会を元同僚にすすめる可能性はどのくらいありますか？（0〜10）",
            "推奨度（0〜10）",
            "How likely are you to recommend us to a friend?",
            "NPS",
        ] {
            assert!(has_word(name, SCORE_WORDS), "{name}");
        }
        for name in [
            "ご意見・ご感想",
            "コメント",
            "Any other comments?",
            "Feedback",
            "Anything else?",
        ] {
            assert!(has_word(name, COMMENT_WORDS), "{name}");
        }
        assert!(!has_word("参加したセッション", SCORE_WORDS));
        assert!(!has_word("Which sessions did you attend?", COMMENT_WORDS));
    }

    #[test]
    fn the_default_rejects_file_is_beside_the_input() {
        assert_eq!(
            default_rejects(Path::new("/tmp/forms/交流会アンケート.csv")),
            PathBuf::from("/tmp/forms/交流会アンケート.rejects.csv")
        );
    }
}
