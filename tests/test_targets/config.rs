//! `alumni config get|set|list`: the settings kept in the database.

use serde_json::Value;

use super::{audit, json_rows, refused};
use crate::common::{Env, parse_csv, roster, stderr, stdout};

#[test]
fn config_list_shows_every_setting_with_its_default_until_it_is_set() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let rows = json_rows(&env, &["config", "list"]);
    let keys: Vec<&str> = rows.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "fiscal-year-start",
            "default-language",
            "default-owner",
            "retention-years",
            "mailing-consent",
            "suggest-weight-eligible-yes",
            "suggest-weight-eligible-review",
            "suggest-weight-contact",
            "suggest-weight-event",
            "suggest-weight-survey",
            "suggest-weight-campaign",
            "suggest-weight-left",
            "suggest-weight-tenure",
            "suggest-weight-fit",
            "suggest-min-years",
            "suggest-max-years"
        ]
    );
    assert_eq!(rows[3]["default"], "5");
    assert_eq!(rows[4]["default"], "opted-in");
    assert_eq!(rows[0]["value"], "4");
    assert_eq!(rows[0]["set"], false);
    assert_eq!(rows[0]["default"], "4");
    assert_eq!(rows[1]["value"], "en");
    assert_eq!(rows[2]["value"], Value::Null);
    assert_eq!(rows[2]["default"], Value::Null);

    stderr(&env, &["config", "set", "fiscal-year-start", "10"]);
    stderr(&env, &["config", "set", "default-owner", "人事部　佐藤"]);
    let rows = json_rows(&env, &["config", "list"]);
    assert_eq!(rows[0]["value"], "10");
    assert_eq!(rows[0]["set"], true);
    assert_eq!(rows[0]["default"], "4");
    assert_eq!(rows[1]["set"], false);
    assert_eq!(rows[2]["value"], "人事部 佐藤");
    assert_eq!(rows[2]["set"], true);

    let csv = parse_csv(&stdout(&env, &["config", "list", "--format", "csv"]));
    assert_eq!(csv[0]["key"], "fiscal-year-start");
    assert_eq!(csv[0]["value"], "10");
    assert_eq!(csv[0]["set"], "true");
    assert_eq!(csv[2]["value"], "人事部 佐藤");
    let table = stdout(&env, &["config", "list"]);
    assert!(
        table.contains("default-language") && table.contains("人事部 佐藤"),
        "{table}"
    );
}

#[test]
fn config_get_prints_the_value_or_the_default() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    assert_eq!(stdout(&env, &["config", "get", "fiscal-year-start"]), "4\n");
    assert_eq!(stdout(&env, &["config", "get", "default-language"]), "en\n");
    let output = env
        .alumni(&["config", "get", "default-owner"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, b"");
    assert!(String::from_utf8_lossy(&output.stderr).contains("default-owner is not set"));

    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    stderr(&env, &["config", "set", "default_language", "日本語"]);
    assert_eq!(stdout(&env, &["config", "get", "fiscal-year-start"]), "1\n");
    assert_eq!(stdout(&env, &["config", "get", "default-language"]), "ja\n");
}

#[test]
fn config_set_is_audited_without_the_owner_s_name() {
    let env = Env::empty();
    let err = stderr(&env, &["config", "set", "fiscal-year-start", "April"]);
    assert!(err.contains("fiscal-year-start set to 4"), "{err}");
    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    let err = stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    assert!(err.contains("fiscal-year-start is already 1"), "{err}");
    stderr(&env, &["config", "set", "default-owner", "佐藤"]);
    assert_eq!(
        audit(&env, "config set"),
        [
            "fiscal-year-start: (not set) -> 4",
            "fiscal-year-start: 4 -> 1",
            "default-owner changed"
        ]
    );
}

#[test]
fn an_unknown_key_is_a_usage_error_listing_the_keys() {
    let env = Env::empty();
    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    for args in [
        &["config", "set", "fiscal-year", "4"][..],
        &["config", "get", "colour"],
    ] {
        let err = refused(&env, args, 2);
        assert!(
            err.contains("the settings are fiscal-year-start, default-language, default-owner"),
            "{err}"
        );
    }
}

#[test]
fn a_value_a_setting_does_not_accept_is_bad_data() {
    let env = Env::empty();
    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    let err = refused(&env, &["config", "set", "fiscal-year-start", "13"], 65);
    assert!(
        err.contains("fiscal-year-start \"13\": give the first month"),
        "{err}"
    );
    let err = refused(&env, &["config", "set", "default-language", "fr"], 65);
    assert!(
        err.contains("default-language \"fr\": give en or ja"),
        "{err}"
    );
    let err = refused(&env, &["config", "set", "default-owner", "　"], 65);
    assert!(err.contains("default-owner"), "{err}");
}

#[test]
fn the_default_owner_set_here_is_the_one_contact_add_uses() {
    let env = roster();
    stderr(&env, &["config", "set", "default-owner", "人事部 佐藤"]);
    stdout(
        &env,
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "email",
            "--summary",
            "近況確認",
        ],
    );
    let owner: String = env.query("SELECT owner FROM contacts");
    assert_eq!(owner, "人事部 佐藤");
}
