//! `alumni show`: one alumnus found by employee ID, email or #id, as a
//! table with Japanese labels or as JSON with every stored field.

use super::*;

fn show_json(env: &Env, reference: &str) -> Value {
    serde_json::from_str(&stdout(env, &["show", reference, "--format", "json"])).unwrap()
}

#[test]
fn show_finds_an_alumnus_by_employee_id() {
    let env = roster();
    let json = show_json(&env, "00123");
    assert_eq!(json["id"], 1);
    assert_eq!(json["name"], "山田 太郎");
    // Typed in full-width digits, it is the same ID.
    assert_eq!(show_json(&env, "００１２３")["employee_id"], "00123");
    assert_eq!(show_json(&env, "00130")["name"], "小林 直樹");
}

#[test]
fn show_finds_an_alumnus_by_email_in_any_case() {
    let env = roster();
    for email in [
        "taro.yamada@example.co.jp",
        "TARO.YAMADA@EXAMPLE.CO.JP",
        "Taro.Yamada@Example.co.jp",
    ] {
        assert_eq!(show_json(&env, email)["employee_id"], "00123", "{email}");
    }
    assert_eq!(
        show_json(&env, "ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ")["employee_id"],
        "00124"
    );
}

#[test]
fn show_finds_an_alumnus_by_internal_id() {
    let env = roster();
    assert_eq!(show_json(&env, "#1")["employee_id"], "00123");
    assert_eq!(show_json(&env, "#8")["employee_id"], "00130");
}

#[test]
fn an_unknown_employee_id_with_leading_zeros_is_not_taken_for_an_internal_id() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["show", "0005"], 1);
    assert!(stderr.contains("0005"), "{stderr}");
    refused(&env, &["edit", "0005", "--rehire", "no"], 1);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn show_table_has_japanese_labels() {
    let env = roster();
    let table = stdout(&env, &["show", "00123"]);
    let by_label: HashMap<String, String> = table_rows(&table)
        .into_iter()
        .filter(|row| row.len() == 3)
        .map(|row| (row[1].clone(), row[2].clone()))
        .collect();
    for (label, value) in [
        ("社員番号", "00123"),
        ("氏名", "山田 太郎"),
        ("フリガナ", "ヤマダ タロウ"),
        ("メールアドレス", "taro.yamada@example.co.jp"),
        ("部署", "営業部"),
        ("入社日", "2019-04-01"),
        ("退職日", "2024-03-31"),
        ("退職理由", "キャリアアップのため転職"),
        ("現在の勤務先", "株式会社サンプル商事"),
    ] {
        assert_eq!(
            by_label.get(label).map(String::as_str),
            Some(value),
            "{label}:\n{table}"
        );
    }
    assert!(
        by_label["再雇用可否"].starts_with("yes"),
        "再雇用可否:\n{table}"
    );
}

#[test]
fn show_table_lines_all_have_the_same_display_width() {
    let env = roster();
    // 00129 has two lines of notes.
    let page = stdout(&env, &["show", "00129"]);
    // The profile is the first table; the timeline follows after a blank line.
    let table = page.split("\n\n").next().unwrap();
    assert!(table.contains("連絡先は個人メールへ"), "{table}");
    assert_lines_have_one_display_width(table);
}

#[test]
fn show_json_has_every_stored_field_of_the_alumnus() {
    let env = roster();
    let json = show_json(&env, "00129");
    let object = json.as_object().unwrap();
    let db = &env.alumni_rows()[6];
    for field in MODEL_FIELDS {
        assert!(object.contains_key(field), "no {field:?} in {object:?}");
    }
    // The timeline of the alumnus comes with the profile.
    let histories = [
        "contacts",
        "applications",
        "events",
        "partners",
        "campaigns",
        "surveys",
        "consent_history",
        "timeline",
    ];
    for history in histories {
        assert_eq!(object[history], serde_json::json!([]), "{history}");
    }
    // Every email and phone of the person, the primary first, and the
    // employee IDs of records merged into them: none here.
    let primary = |key: &str| {
        serde_json::Value::Array(
            db[key]
                .is_string()
                .then(|| db[key].clone())
                .into_iter()
                .collect(),
        )
    };
    assert_eq!(object["emails"], primary("email"));
    assert_eq!(object["phones"], primary("phone"));
    assert_eq!(object["aliases"], serde_json::json!([]));
    // The career history: the one entry the import started it with, if
    // the roster gave a company or title.
    let career = object["career"].as_array().unwrap();
    let started = db["current_company"].is_string() || db["current_title"].is_string();
    assert_eq!(career.len(), usize::from(started), "{career:?}");
    for entry in career {
        assert_eq!(entry["company"], db["current_company"]);
        assert_eq!(entry["title"], db["current_title"]);
        assert_eq!(entry["source"], "import");
    }
    let lists = ["emails", "phones", "aliases", "career"];
    for (key, value) in object
        .iter()
        .filter(|(k, _)| !histories.contains(&k.as_str()) && !lists.contains(&k.as_str()))
    {
        let db_value = db
            .get(key)
            .unwrap_or_else(|| panic!("JSON key {key:?} is not in the data model"));
        if key != "tags" {
            assert_eq!(value, db_value, "{key}");
        }
    }
    assert_eq!(
        json["notes"],
        "送別会済み, PC返却済み\n連絡先は個人メールへ"
    );
    assert_eq!(json["hire_date"], "2024-04-01");
}

#[test]
fn show_of_an_unknown_alumnus_exits_1_naming_it_and_changes_nothing() {
    let env = roster();
    let before = env.snapshot();
    for reference in ["99999", "nobody@example.com", "#99", "A-404"] {
        let stderr = refused(&env, &["show", reference], 1);
        assert!(stderr.contains(reference), "{reference}: {stderr}");
    }
    assert_eq!(env.snapshot(), before);
}
