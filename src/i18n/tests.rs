//! The catalogs agree: every key in both, with the same variables, and
//! every message formats cleanly with them.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// The messages of a catalog, each with the variables it names. A message
/// begins at a line `key =` in the first column; its lines run to the
/// next one.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut key = None;
    for line in source.lines() {
        let starts = line.starts_with(|c: char| c.is_ascii_alphabetic());
        if starts && let Some((name, _)) = line.split_once(" =") {
            key = Some(name.to_string());
            found.entry(name.to_string()).or_default();
        }
        let Some(key) = &key else { continue };
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            found.get_mut(key).unwrap().insert(rest[..end].to_string());
        }
    }
    found
}

#[test]
fn every_key_is_in_both_catalogs_and_japanese_asks_for_no_other_variables() {
    let en = messages(CATALOGS[0].1);
    let ja = messages(CATALOGS[1].1);
    let en_keys: BTreeSet<_> = en.keys().collect();
    let ja_keys: BTreeSet<_> = ja.keys().collect();
    assert_eq!(
        en_keys.difference(&ja_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys missing from ja.ftl"
    );
    assert_eq!(
        ja_keys.difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys missing from en.ftl"
    );
    // A translation may leave a value out (the board's English stage
    // label), never ask for one the code does not give.
    for (key, variables) in &ja {
        let unknown: Vec<_> = variables.difference(&en[key]).collect();
        assert!(unknown.is_empty(), "ja.ftl {key} names {unknown:?}");
    }
    assert!(en.len() > 50, "the catalogs were read: {} keys", en.len());
}

#[test]
fn every_message_formats_without_error_in_both_languages() {
    for (lang, source) in CATALOGS {
        for (key, variables) in messages(source) {
            // A number suits every variable: it is shown as text, and
            // selects a plural form.
            for n in [1, 2] {
                let args: Vec<(&str, Arg)> = variables
                    .iter()
                    .map(|v| (v.as_str(), Arg::from(n)))
                    .collect();
                let (text, errors) = formatted(lang, &key, &args).expect(&key);
                assert_eq!(errors, 0, "{lang} {key}: {text}");
                assert!(!text.trim().is_empty(), "{lang} {key} is empty");
            }
        }
    }
}

#[test]
fn a_message_takes_its_values_without_isolation_marks() {
    let args = [("path", Arg::from("/tmp/x.db"))];
    let en = message(Lang::En, "no-database", &args);
    assert!(en.starts_with("no database at /tmp/x.db"), "{en}");
    let ja = message(Lang::Ja, "no-database", &args);
    assert!(
        ja.starts_with("データベースがありません: /tmp/x.db"),
        "{ja}"
    );
}

#[test]
fn a_plural_follows_the_number_in_english() {
    let erased = |n: u64| message(Lang::En, "import-erased", &[("count", Arg::from(n))]);
    assert_eq!(
        erased(1),
        "; 1 row of a person erased on request was left out"
    );
    assert_eq!(
        erased(3),
        "; 3 rows of people erased on request were left out"
    );
}

#[test]
fn a_heading_is_translated_by_its_column_name_and_an_unknown_one_kept() {
    assert_eq!(message(Lang::Ja, "column-employee_id", &[]), "社員番号");
    assert_eq!(heading("活動ベース"), "活動ベース");
}

#[test]
fn a_missing_key_shows_itself() {
    assert_eq!(message(Lang::Ja, "no-such-message", &[]), "no-such-message");
}
