//! `campaign import` of bad input: each refused with the file, row and
//! column named, exit 65 (1 for a campaign that is not there), and the
//! database exactly as it was; `--skip-invalid` imports the rest.

use super::*;

#[test]
fn a_campaign_that_does_not_exist_is_refused() {
    let env = newsletter();
    let err = refused_unchanged(
        &env,
        &["campaign", "import", "#9", &report("delivery_esp.csv")],
        1,
    );
    assert!(err.contains("no campaign \"#9\""), "{err}");
    refused_unchanged(
        &env,
        &["campaign", "import", "abc", &report("delivery_esp.csv")],
        1,
    );
}

#[test]
fn a_report_without_an_email_or_id_column_is_refused() {
    let env = newsletter();
    let file = report("delivery_no_email.csv");
    let err = refused_unchanged(&env, &["campaign", "import", "1", &file], 65);
    assert!(
        err.contains(&file) && err.contains("row 1") && err.contains("no email or id column"),
        "{err}"
    );
}

#[test]
fn an_address_not_among_the_recipients_refuses_the_report_naming_its_row() {
    let env = newsletter();
    let file = report("delivery_unknown.csv");
    let err = refused_unchanged(&env, &["campaign", "import", "1", &file], 65);
    assert!(err.contains(&file), "{err}");
    assert!(
        err.contains("row 3: nobody@example.com is not a recipient of campaign #1"),
        "{err}"
    );
    assert!(err.contains("--skip-invalid"), "{err}");
}

#[test]
fn an_unreadable_date_refuses_the_report_naming_its_row_and_column() {
    let env = newsletter();
    let file = report("delivery_bad_date.csv");
    let err = refused_unchanged(&env, &["campaign", "import", "1", &file], 65);
    assert!(
        err.contains(&file)
            && err.contains("row 3, column C (opened_at)")
            && err.contains("2026-13-45"),
        "{err}"
    );
}

#[test]
fn an_unknown_status_refuses_the_report_naming_its_row_and_column() {
    let env = newsletter();
    let file = env.path("status.csv");
    std::fs::write(&file, "email,status\ntaro.yamada@example.co.jp,maybe\n").unwrap();
    let err = refused_unchanged(
        &env,
        &["campaign", "import", "1", file.to_str().unwrap()],
        65,
    );
    assert!(
        err.contains("row 2, column B (status)") && err.contains("\"maybe\""),
        "{err}"
    );
}

#[test]
fn a_report_for_another_campaign_matches_nobody_and_is_refused() {
    let env = newsletter();
    let file = env.path("other.csv");
    std::fs::write(&file, "email,status\nsomeone@example.org,opened\n").unwrap();
    let err = refused_unchanged(
        &env,
        &[
            "campaign",
            "import",
            "1",
            file.to_str().unwrap(),
            "--skip-invalid",
        ],
        65,
    );
    assert!(err.contains("no row names a recipient"), "{err}");
}

#[test]
fn skip_invalid_imports_the_rest_and_writes_the_rejects() {
    let env = newsletter();
    let rejects = env.path("rejects.csv");
    let err = stderr(
        &env,
        &[
            "campaign",
            "import",
            "1",
            &report("delivery_unknown.csv"),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(err.contains("row 3: nobody@example.com"), "{err}");
    assert!(err.contains("1 row left out"), "{err}");
    let opened: i64 =
        env.query("SELECT count(*) FROM campaign_recipients WHERE opened_on IS NOT NULL");
    assert_eq!(opened, 1);
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows = crate::common::parse_csv(&text);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["email"], "nobody@example.com");
    assert!(rows[0]["reason"].contains("not a recipient"), "{rows:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rejects).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}

#[test]
fn rejects_may_not_replace_the_report() {
    let env = newsletter();
    let file = report("delivery_unknown.csv");
    refused_unchanged(
        &env,
        &[
            "campaign",
            "import",
            "1",
            &file,
            "--skip-invalid",
            "--rejects",
            &file,
        ],
        2,
    );
}

/// The database file itself (on PostgreSQL there is none to replace).
#[test]
fn rejects_may_not_replace_the_database_on_sqlite() {
    let env = newsletter();
    let file = report("delivery_unknown.csv");
    let db = env.db.display().to_string();
    refused_unchanged(
        &env,
        &[
            "campaign",
            "import",
            "1",
            &file,
            "--skip-invalid",
            "--rejects",
            &db,
        ],
        2,
    );
}
