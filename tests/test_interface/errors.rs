//! The main error messages, each with its exit status: what a person reads
//! when a command is refused.

use super::{failure, redacted};
use crate::common::{Env, fixture, roster, stdout};

#[test]
fn show_of_an_unknown_alumnus() {
    let env = roster();
    let text = failure(&env, &["show", "99999"]);
    redacted(&env, "an unknown alumnus").bind(|| {
        insta::assert_snapshot!("error__show_unknown_alumnus", text);
    });
}

#[test]
fn import_of_a_file_with_a_bad_date() {
    let env = Env::new();
    let file = fixture("bad_date.csv").display().to_string();
    let text = failure(&env, &["import", &file]);
    redacted(&env, "a bad date in an import").bind(|| {
        insta::assert_snapshot!("error__import_bad_date", text);
    });
}

#[test]
fn import_of_a_file_that_is_not_a_spreadsheet() {
    let env = Env::new();
    let file = fixture("not_a_spreadsheet.xlsx").display().to_string();
    let text = failure(&env, &["import", &file]);
    redacted(&env, "an .xlsx file that is not a spreadsheet").bind(|| {
        insta::assert_snapshot!("error__import_not_a_spreadsheet", text);
    });
}

#[test]
fn a_missing_required_flag_without_a_terminal() {
    let env = roster();
    let text = failure(&env, &["contact", "add", "00123"]);
    redacted(&env, "a value that would be asked for, with no terminal").bind(|| {
        insta::assert_snapshot!("error__missing_flag_without_a_terminal", text);
    });
}

#[test]
fn merge_without_yes_off_a_terminal() {
    let env = roster();
    let text = failure(&env, &["merge", "00123", "00124", "--force"]);
    redacted(
        &env,
        "a confirmation that would be asked for, with no terminal",
    )
    .bind(|| {
        insta::assert_snapshot!("error__merge_without_yes", text);
    });
}

#[test]
fn an_unknown_flag() {
    let env = roster();
    let text = failure(&env, &["list", "--bogus"]);
    redacted(&env, "a usage error from the command line parser").bind(|| {
        insta::assert_snapshot!("error__unknown_flag", text);
    });
}

#[test]
fn backup_over_an_existing_file_on_sqlite() {
    let env = roster();
    std::fs::write(env.path("copy.db"), "an earlier copy").unwrap();
    let text = failure(&env, &["backup", "copy.db"]);
    redacted(&env, "a backup over a file, without --force").bind(|| {
        insta::assert_snapshot!("error__backup_over_an_existing_file", text);
    });
}

#[test]
fn close_of_a_closed_application() {
    let env = roster();
    let id = stdout(&env, &["pipeline", "add", "00123", "--date", "2026-10-01"]);
    let id = id.trim();
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            id,
            "declined",
            "--reason",
            "他社に入社",
            "--by",
            "candidate",
            "--date",
            "2026-10-05",
        ],
    );
    let text = failure(
        &env,
        &[
            "pipeline",
            "close",
            id,
            "rejected",
            "--reason",
            "充足",
            "--by",
            "company",
            "--date",
            "2026-10-06",
        ],
    );
    redacted(&env, "closing an application a second time").bind(|| {
        insta::assert_snapshot!("error__close_of_a_closed_application", text);
    });
}

#[test]
fn check_of_a_file_that_is_not_a_database_on_sqlite() {
    let env = Env::new();
    std::fs::write(&env.db, "name,email\n山田 太郎,taro@example.jp\n").unwrap();
    let text = failure(&env, &["check"]);
    redacted(&env, "a database file that is not a database").bind(|| {
        insta::assert_snapshot!("error__check_not_a_database", text);
    });
}
