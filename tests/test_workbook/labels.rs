//! Everything a manager reads is in the workbook's language: every text
//! cell of every sheet is read back, and none of the Japanese workbook is
//! a stored key or English words, nor any label of the English one
//! Japanese, but for the data's own values (names, departments, events).

use std::collections::HashSet;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::{example, write_workbook};

/// The stored keys of the vocabulary a label could leak as.
const KEYS: &[&str] = &[
    "rehire",
    "referral",
    "alumni_referral",
    "event",
    "newsletter",
    "direct",
    "email",
    "phone",
    "meeting",
    "sns",
    "website",
    "job_board",
    "agency",
    "other",
    "reunion",
    "mixer",
    "seminar",
    "workshop",
    "webinar",
    "hired",
    "rejected",
    "withdrawn",
    "declined",
    "opted_in",
    "opted_out",
    "unknown",
    "inbound",
    "outbound",
];

/// English the Japanese workbook may show: abbreviations Japanese uses.
const ALLOWED: &[&str] = &["KPI", "SNS", "ID", "pt"];

fn texts(path: &std::path::Path) -> Vec<(String, u32, u32, String)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut all = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for (r, c, cell) in range.cells() {
            if let Data::String(s) = cell {
                all.push((name.clone(), r as u32, c as u32, s.clone()));
            }
        }
    }
    all
}

#[test]
fn the_japanese_workbook_has_no_english_labels() {
    let env = example();
    let path = write_workbook(
        &env,
        "kpi-ja.xlsx",
        &["--lang", "ja", "--as-of", "2026-11-20"],
    );
    let all = texts(&path);
    assert!(all.len() > 100, "only {} texts", all.len());
    for (sheet, r, c, text) in all {
        let bare = text.trim();
        assert!(
            !KEYS.contains(&bare.to_lowercase().as_str()),
            "{sheet} ({r}, {c}) shows the stored key {text:?}"
        );
        let words: Vec<&str> = bare
            .split(|ch: char| !ch.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let english =
            !words.is_empty() && bare.is_ascii() && words.iter().any(|w| !ALLOWED.contains(w));
        assert!(!english, "{sheet} ({r}, {c}) is English: {text:?}");
    }
}

#[test]
fn the_english_workbook_has_no_japanese_labels() {
    let env = example();
    let path = write_workbook(
        &env,
        "kpi-en.xlsx",
        &["--lang", "en", "--as-of", "2026-11-20"],
    );
    // The data's own values, as the database holds them.
    let mut values: HashSet<String> = HashSet::new();
    for sql in [
        "SELECT string_agg(name, '\n') FROM events",
        "SELECT string_agg(department, '\n') FROM applications",
        "SELECT string_agg(position, '\n') FROM applications",
    ] {
        let joined: Option<String> = env.query(sql);
        values.extend(joined.unwrap_or_default().lines().map(str::to_string));
    }
    let all = texts(&path);
    let data = "Data";
    for (sheet, r, c, text) in &all {
        let japanese = text.chars().any(|ch| !ch.is_ascii() && ch > '\u{3000}');
        // Names and referrers are the data sheet's columns C and D.
        let a_name = sheet == data && (*c == 2 || *c == 3) && *r > 0;
        assert!(
            !japanese || a_name || values.contains(text.trim()),
            "{sheet} ({r}, {c}) is Japanese: {text:?}"
        );
    }
}
