//! `alumni search`: by name, reading (in either kana), email and company,
//! with the list filters, and what it takes literally.

use super::*;

#[test]
fn search_finds_by_kanji_name() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "山田"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "山"]), ["00123", "00132"]);
    assert_eq!(employee_ids(&env, &["search", "山田　太郎"]), ["00123"]);
}

#[test]
fn search_finds_by_katakana_reading() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "ヤマダ"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "ハナコ"]), ["00124"]);
    // Half-width katakana is normalized first.
    assert_eq!(employee_ids(&env, &["search", "ﾔﾏﾀﾞ"]), ["00123"]);
}

#[test]
fn search_finds_a_katakana_reading_typed_in_hiragana() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "やまだ"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "やま"]), ["00123", "00132"]);
    assert_eq!(
        employee_ids(&env, &["search", "すずき いちろう"]),
        ["00125"]
    );
}

#[test]
fn search_typed_in_katakana_finds_a_reading_stored_in_hiragana() {
    let env = roster();
    stdout(
        &env,
        &[
            "add",
            "--employee-id",
            "00201",
            "--name",
            "山口 花子",
            "--kana",
            "やまぐち はなこ",
        ],
    );
    assert_eq!(employee_ids(&env, &["search", "やまぐち"]), ["00201"]);
    assert_eq!(employee_ids(&env, &["search", "ヤマグチ"]), ["00201"]);
}

#[test]
fn search_finds_by_part_of_an_email() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "sato@"]), ["00124"]);
    assert_eq!(
        employee_ids(&env, &["search", "DAISUKE.YAMAMOTO"]),
        ["00132"]
    );
    assert_eq!(
        employee_ids(&env, &["search", "example.co.jp"]).len(),
        8,
        "all but sato@example.jp and the one without email"
    );
}

#[test]
fn search_finds_by_current_company() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "サンプル商事"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "ミライ会計"]), ["00130"]);
    assert_eq!(
        employee_ids(&env, &["search", "株式会社"]),
        ["00123", "00130", "00132"]
    );
}

#[test]
fn search_combines_with_list_filters() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["search", "開発部"]),
        ["00125", "00129", "00132"]
    );
    assert_eq!(
        employee_ids(&env, &["search", "開発部", "--rehire", "yes"]),
        ["00129", "00132"]
    );
}

#[test]
fn search_without_a_match_prints_an_empty_result_and_exits_0() {
    let env = roster();
    assert!(employee_ids(&env, &["search", "存在しない人"]).is_empty());
    let csv = stdout(&env, &["search", "存在しない人", "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}id,employee_id,name"), "{csv:?}");
    assert_eq!(csv.lines().count(), 1, "{csv:?}");
    let json: Value = serde_json::from_str(&stdout(
        &env,
        &["search", "存在しない人", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json, Value::Array(vec![]));
    let table = stdout(&env, &["search", "存在しない人"]);
    assert_eq!(table_rows(&table).len(), 1, "only the header:\n{table}");
}

#[test]
fn search_takes_percent_and_underscore_literally() {
    let env = roster();
    assert!(employee_ids(&env, &["search", "_"]).is_empty());
    assert!(employee_ids(&env, &["search", "%"]).is_empty());
}

#[test]
fn search_finds_a_name_typed_without_its_space() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "山田太郎"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "やまだたろう"]), ["00123"]);
}
