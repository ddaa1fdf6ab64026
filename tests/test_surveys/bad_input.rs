//! Survey files that are refused, with the database as it was.

use super::{copy, surveyed};
use crate::common::{Env, refused, refused_unchanged, stderr};

#[test]
fn a_score_of_eleven_names_the_file_row_and_column_and_imports_nothing() {
    let env = surveyed();
    let path = copy(&env, "score_11.csv");
    let err = refused_unchanged(&env, &["survey", "import", &path], 65);
    assert!(
        err.contains(&format!(
            "{path}:3: column C (How likely are you to recommend our alumni events to a former colleague?): 11 is not a score from 0 to 10"
        )),
        "{err}"
    );
    assert!(err.contains("--skip-invalid"), "{err}");
    assert!(!env.path("score_11.rejects.csv").exists());
}

#[test]
fn with_skip_invalid_a_bad_score_is_rejected_and_the_rest_imported() {
    let env = surveyed();
    let path = copy(&env, "score_11.csv");
    let err = stderr(&env, &["survey", "import", &path, "--skip-invalid"]);
    assert!(
        err.contains("2 responses imported as survey #1, 0 unmatched, 1 invalid"),
        "{err}"
    );
    let rejects = std::fs::read_to_string(env.path("score_11.rejects.csv")).unwrap();
    assert!(
        rejects.contains("11 is not a score from 0 to 10"),
        "{rejects}"
    );
    assert_eq!(env.count("survey_responses"), 2);
}

#[test]
fn a_file_without_an_email_or_employee_id_column_is_refused() {
    let env = surveyed();
    let path = copy(&env, "no_email.csv");
    let err = refused_unchanged(&env, &["survey", "import", &path], 65);
    assert!(err.contains(&path), "{err}");
    assert!(err.contains("no email or employee ID column"), "{err}");
}

#[test]
fn a_file_none_of_whose_rows_matches_is_refused() {
    let env = Env::empty();
    let path = copy(&env, "google_en.csv");
    let err = refused_unchanged(&env, &["survey", "import", &path], 65);
    assert!(
        err.contains("no row matches an alumnus; nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains(":2: no alumnus with email ken.aoki@example.jp"),
        "{err}"
    );
    assert!(!env.path("google_en.rejects.csv").exists());
}

#[test]
fn an_unknown_event_is_refused() {
    let env = surveyed();
    let path = copy(&env, "google_en.csv");
    let err = refused_unchanged(&env, &["survey", "import", &path, "--event", "新年会"], 1);
    assert!(err.contains("新年会"), "{err}");
}

#[test]
fn a_missing_file_is_refused_and_creates_no_database() {
    let env = Env::new();
    let err = refused(&env, &["survey", "import", "nowhere.csv"], 65);
    assert!(err.contains("nowhere.csv: cannot open"), "{err}");
    assert!(!env.db.exists());
}

#[test]
fn the_rejects_file_may_not_be_the_input() {
    let env = surveyed();
    let path = copy(&env, "unmatched.csv");
    refused_unchanged(&env, &["survey", "import", &path, "--rejects", &path], 2);
}

/// The database file itself (on PostgreSQL there is none to replace).
#[test]
fn the_rejects_file_may_not_be_the_database_on_sqlite() {
    let env = surveyed();
    let path = copy(&env, "unmatched.csv");
    let db = env.db.display().to_string();
    refused_unchanged(&env, &["survey", "import", &path, "--rejects", &db], 2);
}
