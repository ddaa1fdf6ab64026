//! The language alumni speaks: `--lang`, then the database's
//! `default-language` setting, then `LC_ALL` > `LC_MESSAGES` > `LANG`; and
//! snapshots of what a Japanese reader sees.

use super::{failure, redacted};
use crate::common::{Env, fixture, roster, stderr_of, stdout_of};

/// `alumni ARGS…` with the locale variables `vars`: its standard output
/// and error, one after the other.
fn said(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = env.alumni(args);
    for (name, value) in vars {
        cmd.env(name, value);
    }
    let output = cmd.output().unwrap();
    format!("{}{}", stdout_of(&output), stderr_of(&output))
}

const UNKNOWN_EN: &str = "no alumnus \"99999\"";
const UNKNOWN_JA: &str = "該当する退職者がいません: \"99999\"";

#[test]
fn lc_all_c_beats_a_japanese_lang() {
    let env = roster();
    let text = said(
        &env,
        &[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")],
        &["show", "99999"],
    );
    assert!(text.contains(UNKNOWN_EN), "{text}");
}

#[test]
fn a_japanese_lang_speaks_japanese() {
    let env = roster();
    let text = said(&env, &[("LANG", "ja_JP.UTF-8")], &["show", "99999"]);
    assert!(text.contains(UNKNOWN_JA), "{text}");
    let listed = said(&env, &[("LANG", "ja_JP.UTF-8")], &["list"]);
    assert!(listed.contains("社員番号"), "{listed}");
}

#[test]
fn an_empty_lc_all_is_skipped_for_lc_messages() {
    let env = roster();
    let vars = [
        ("LC_ALL", ""),
        ("LC_MESSAGES", "ja_JP.UTF-8"),
        ("LANG", "C"),
    ];
    let text = said(&env, &vars, &["show", "99999"]);
    assert!(text.contains(UNKNOWN_JA), "{text}");
}

#[test]
fn the_flag_beats_the_locale_and_the_setting() {
    let env = roster();
    let ja = [("LC_ALL", "ja_JP.UTF-8"), ("LANG", "ja_JP.UTF-8")];
    let text = said(&env, &ja, &["--lang", "en", "show", "99999"]);
    assert!(text.contains(UNKNOWN_EN), "{text}");
    let text = said(&env, &[("LC_ALL", "C")], &["--lang", "ja", "show", "99999"]);
    assert!(text.contains(UNKNOWN_JA), "{text}");
    env.alumni(&["config", "set", "default-language", "ja"])
        .assert()
        .success();
    let text = said(&env, &ja, &["--lang", "en", "show", "99999"]);
    assert!(text.contains(UNKNOWN_EN), "{text}");
}

#[test]
fn the_database_setting_beats_the_locale() {
    let env = roster();
    env.alumni(&["config", "set", "default-language", "ja"])
        .assert()
        .success();
    let text = said(&env, &[("LC_ALL", "C")], &["show", "99999"]);
    assert!(text.contains(UNKNOWN_JA), "{text}");
    env.alumni(&["config", "set", "default-language", "en"])
        .assert()
        .success();
    let text = said(&env, &[("LANG", "ja_JP.UTF-8")], &["show", "99999"]);
    assert!(text.contains(UNKNOWN_EN), "{text}");
}

#[test]
fn a_missing_database_is_refused_in_the_locale_language_and_none_is_made() {
    let env = Env::new();
    let text = said(&env, &[("LANG", "ja_JP.UTF-8")], &["list"]);
    assert!(text.contains("データベースがありません: "), "{text}");
    assert!(!env.db_exists(), "a database was made");
}

#[test]
fn the_japanese_import_summary() {
    let env = Env::new();
    let file = fixture("roster.xlsx").display().to_string();
    let text = said(&env, &[], &["--lang", "ja", "import", &file]);
    let mut settings = redacted(&env, "alumni --lang ja import roster.xlsx");
    settings.add_filter(r"\d+\.\d\d 秒", "[SECONDS] 秒");
    settings.bind(|| insta::assert_snapshot!("lang__ja_import_summary", text));
}

#[test]
fn a_japanese_table_header() {
    let env = roster();
    let text = said(
        &env,
        &[],
        &["--lang", "ja", "list", "--department", "営業部"],
    );
    redacted(&env, "alumni --lang ja list --department 営業部").bind(|| {
        insta::assert_snapshot!("lang__ja_list", text);
    });
}

#[test]
fn a_japanese_error() {
    let env = roster();
    let text = failure(&env, &["--lang", "ja", "show", "99999"]);
    redacted(&env, "alumni --lang ja show 99999").bind(|| {
        insta::assert_snapshot!("lang__ja_unknown_alumnus", text);
    });
}

/// The roster with 00123's story: a contact with a follow-up, an
/// application moved on and one step planned, an event and a partner.
fn a_story() -> Env {
    let env = roster();
    for args in [
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "email",
            "--summary",
            "近況確認",
            "--date",
            "2026-10-03",
            "--follow-up",
            "2026-11-01",
        ][..],
        &["pipeline", "add", "00123", "--date", "2026-10-01"],
        &["pipeline", "move", "1", "interview", "--date", "2026-10-05"],
        &[
            "pipeline",
            "move",
            "1",
            "offer",
            "--date",
            "2099-01-10",
            "--planned",
        ],
        &[
            "event",
            "add",
            "2026 夏の同窓会",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
        ],
        &["event", "invite", "1", "00123"],
        &[
            "consent",
            "00123",
            "opted-in",
            "--date",
            "2026-09-01",
            "--purpose",
            "再雇用の案内",
        ],
    ] {
        env.alumni(args).assert().success();
    }
    env
}

/// Times of day the run itself stamps, which differ from run to run.
fn without_clock(settings: &mut insta::Settings) {
    settings.add_filter(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\.\d+)?Z?", "[TIME]");
}

#[test]
fn show_in_japanese_has_one_label_column_and_a_japanese_timeline() {
    let env = a_story();
    let text = said(&env, &[], &["--lang", "ja", "show", "00123"]);
    for english in [
        "field",
        "value",
        "Timeline",
        "contact /",
        "application 1",
        "(planned)",
    ] {
        assert!(!text.contains(english), "{english:?} in\n{text}");
    }
    let mut settings = redacted(&env, "alumni --lang ja show 00123");
    without_clock(&mut settings);
    // The career entry of the import is dated the day it ran.
    let today = jiff::Zoned::now().date().to_string();
    settings.add_filter(&today, "[TODAY]   ");
    settings.bind(|| insta::assert_snapshot!("lang__ja_show", text));
}

#[test]
fn show_in_english_keeps_its_words() {
    let env = a_story();
    let text = said(&env, &[], &["show", "00123"]);
    for english in [
        "field",
        "項目",
        "Timeline / 履歴",
        "contact / 接触",
        "application 1: interview",
        "(planned)",
        "follow up 2026-11-01",
    ] {
        assert!(text.contains(english), "no {english:?} in\n{text}");
    }
}

#[test]
fn the_japanese_merge_conflict_table_and_message() {
    let env = Env::new();
    let file = fixture("merge_roster.csv").display().to_string();
    env.alumni(&["import", &file]).assert().success();
    let text = said(
        &env,
        &[],
        &["--lang", "ja", "merge", "M001", "M002", "--yes"],
    );
    for english in ["values that differ", "kept", "merged #", "primary"] {
        assert!(!text.contains(english), "{english:?} in\n{text}");
    }
    redacted(&env, "alumni --lang ja merge M001 M002 --yes").bind(|| {
        insta::assert_snapshot!("lang__ja_merge", text);
    });
}

#[test]
fn a_future_date_is_refused_in_japanese_and_nothing_written() {
    let env = roster();
    let before = env.snapshot();
    let args = [
        "--lang",
        "ja",
        "contact",
        "add",
        "00123",
        "--channel",
        "phone",
        "--summary",
        "面談",
        "--date",
        "2099-03-01",
    ];
    let err = crate::common::refused_unchanged(&env, &args, 65);
    assert!(
        err.contains("--date 2099-03-01 は未来の日付です") && err.contains("--planned"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}
