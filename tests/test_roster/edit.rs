//! `alumni edit`: fields changed or cleared by hand, which a later import
//! keeps, the changes refused, and its audit row.

use super::*;

#[test]
fn edit_changes_fields_and_an_import_keeps_them() {
    let env = roster();
    stdout(
        &env,
        &[
            "edit",
            "00123",
            "--current-company",
            "株式会社ミライ",
            "--job-title",
            "営業マネージャー",
        ],
    );
    assert_eq!(
        column(&env, "00123", "current_company").as_deref(),
        Some("株式会社ミライ")
    );
    assert_eq!(
        column(&env, "00123", "job_title").as_deref(),
        Some("営業マネージャー")
    );

    // roster.xlsx says 株式会社サンプル商事 and 営業: the hand values stay.
    let stderr = env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00123", "current_company").as_deref(),
        Some("株式会社ミライ")
    );
    assert_eq!(
        column(&env, "00123", "job_title").as_deref(),
        Some("営業マネージャー")
    );
    let kept = stderr
        .split([';', '\n'])
        .find(|part| part.contains("kept"))
        .unwrap_or_else(|| panic!("the import does not mention kept values: {stderr}"));
    assert!(kept.contains('2'), "two values were kept: {stderr}");
    // What was not edited still comes from the file.
    assert_eq!(
        column(&env, "00123", "department").as_deref(),
        Some("営業部")
    );
}

#[test]
fn edit_normalizes_what_is_typed() {
    let env = roster();
    stdout(
        &env,
        &[
            "edit",
            "TARO.YAMADA@EXAMPLE.CO.JP",
            "--department",
            "ＩＴ推進室",
            "--leave-date",
            "令和6年4月30日",
            "--email",
            "Taro@Example.JP",
        ],
    );
    let row = &env.alumni_rows()[0];
    assert_eq!(row["department"], "IT推進室");
    assert_eq!(row["leave_date"], "2024-04-30");
    assert_eq!(row["email"], "taro@example.jp");
}

#[test]
fn edit_rehire_no_is_set_by_hand_and_survives_an_import() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--rehire", "no"]);
    assert_eq!(
        column(&env, "00123", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00123", "rehire_source").as_deref(),
        Some("manual")
    );
    // roster.xlsx says 可 (yes) for 00123.
    env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00123", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00123", "rehire_source").as_deref(),
        Some("manual")
    );
    assert_eq!(
        employee_ids(&env, &["list", "--rehire", "no"]),
        ["00123", "00130"]
    );
}

#[test]
fn edit_clear_empties_a_field() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--phone", "03-1234-5678"]);
    assert_eq!(
        column(&env, "00123", "phone").as_deref(),
        Some("03-1234-5678")
    );
    let before = env.alumni_rows();
    stdout(&env, &["edit", "00123", "--clear", "phone"]);
    let after = env.alumni_rows();
    assert_eq!(after[0]["phone"], Value::Null);
    for (column, value) in &before[0] {
        if !["phone", "updated_at", "manual_fields"].contains(&column.as_str()) {
            assert_eq!(&after[0][column], value, "{column}");
        }
    }
    assert_eq!(after[1..], before[1..]);
}

#[test]
fn a_field_cleared_by_hand_stays_empty_after_an_import() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--clear", "current_company"]);
    assert_eq!(column(&env, "00123", "current_company"), None);
    env.import(&["roster.xlsx"]);
    assert_eq!(column(&env, "00123", "current_company"), None);
}

#[test]
fn an_eligibility_cleared_by_hand_is_not_decided_again_by_a_rule() {
    let env = Env::new();
    env.import(&["roster_types.csv"]);
    crate::common::stderr(&env, &["rules", "set", "転職", "no"]);
    assert_eq!(
        column(&env, "T001", "rehire_eligible").as_deref(),
        Some("no")
    );
    stdout(&env, &["edit", "T001", "--clear", "rehire_eligible"]);
    let cleared = column(&env, "T001", "rehire_eligible");
    assert_ne!(cleared.as_deref(), Some("no"));

    // Neither a re-import of the file, which states no eligibility, nor
    // another rule for the same reason decides it again.
    env.import(&["roster_types.csv"]);
    assert_eq!(column(&env, "T001", "rehire_eligible"), cleared);
    crate::common::stderr(&env, &["rules", "set", "転職", "review"]);
    assert_eq!(column(&env, "T001", "rehire_eligible"), cleared);
    assert_eq!(
        column(&env, "T001", "rehire_source").as_deref(),
        Some("manual")
    );
}

#[test]
fn edit_without_a_change_is_a_usage_error() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123"], 2);
    assert!(
        stderr.contains("--clear"),
        "says how to change something: {stderr}"
    );
    refused(&env, &["edit", "00123", "--clear", "hobby"], 2);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_empty_name() {
    let env = roster();
    let before = env.snapshot();
    let output = env
        .alumni(&["edit", "00124", "--name", ""])
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "the name is now {:?}",
        column(&env, "00124", "name")
    );
    assert!(
        stderr_of(&output).contains("--name"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_of_an_unknown_alumnus_exits_1_and_changes_nothing() {
    let env = roster();
    let before = env.snapshot();
    for reference in ["99999", "nobody@example.com", "#99"] {
        let stderr = refused(&env, &["edit", reference, "--phone", "03-1234-5678"], 1);
        assert!(stderr.contains(reference), "{reference}: {stderr}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_email_or_employee_id_of_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123", "--email", "SATO@example.jp"], 65);
    assert!(stderr.contains("sato@example.jp"), "{stderr}");
    let stderr = refused(&env, &["edit", "00123", "--employee-id", "00124"], 65);
    assert!(stderr.contains("00124"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_invalid_date_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123", "--leave-date", "2024-02-30"], 65);
    assert!(stderr.contains("--leave-date"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_writes_an_audit_row_naming_the_fields_but_not_their_values() {
    let env = roster();
    let audits = env.count("audit");
    stdout(
        &env,
        &[
            "edit",
            "00123",
            "--phone",
            "090-1234-5678",
            "--current-company",
            "株式会社ミライ",
        ],
    );
    assert_eq!(env.count("audit"), audits + 1);
    let (command, alumnus, actor, detail): (String, i64, String, String) = env
        .conn()
        .query_row(
            "SELECT command, alumnus_id, actor, detail FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(command, "edit");
    assert_eq!(alumnus, 1);
    assert_eq!(actor, "tester");
    assert!(detail.contains("phone"), "{detail}");
    assert!(detail.contains("current_company"), "{detail}");
    for value in ["090", "1234", "ミライ", "サンプル商事", "山田"] {
        assert!(!detail.contains(value), "{value:?} in {detail}");
    }
}
