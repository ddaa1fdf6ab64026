//! `alumni rules`: the departure reason → rehire eligibility rules, listed
//! and set, and how they apply to stored and imported alumni.

use super::*;

#[test]
fn rules_are_listed_in_every_format_and_japanese_values_are_accepted() {
    let env = roster();
    assert_eq!(stdout(&env, "rules list --format json").trim(), "[]");
    run(&env, "rules set 懲戒 不可");
    run(&env, "rules set 転職 要相談");
    run(&env, "rules set 大学院進学 可");
    assert_eq!(rules_table(&env), "大学院進学=yes\n懲戒=no\n転職=review");
    let rows = json_rows(&env, "rules list");
    let by_reason: HashMap<&str, (&str, i64)> = rows
        .iter()
        .map(|r| {
            let rule = (
                r["rehire_eligible"].as_str().unwrap(),
                r["applied_to"].as_i64().unwrap(),
            );
            (r["leave_reason"].as_str().unwrap(), rule)
        })
        .collect();
    // 転職 decides 00127 only: 00130 and 00132 have a value from the file.
    assert_eq!(by_reason["転職"], ("review", 1));
    assert_eq!(by_reason["懲戒"], ("no", 0));
    let csv = parse_csv(&stdout(&env, "rules list --format csv"));
    assert_eq!(csv.len(), 3);
    assert_eq!(csv[2]["leave_reason"], "転職");
    assert_eq!(csv[2]["rehire_eligible"], "review");
    // `alumni rules` alone lists them.
    let table = stdout(&env, "rules");
    assert!(
        table.contains("懲戒") && table.contains("review"),
        "{table}"
    );
}

#[test]
fn rules_apply_to_alumni_nobody_stated_but_never_to_imported_or_manual_values() {
    let env = roster();
    // Someone whose eligibility was typed by hand, with the same reason.
    run(
        &env,
        "add --name 木村拓 --employee-id 00200 --leave-reason 転職 --rehire no",
    );
    let eligibility = |id: &str| {
        let value = column(&env, id, "rehire_eligible").unwrap();
        let source = column(&env, id, "rehire_source").unwrap_or_default();
        format!("{value}/{source}")
    };
    let untouched = || {
        assert_eq!(eligibility("00130"), "no/imported");
        assert_eq!(eligibility("00132"), "yes/imported");
        assert_eq!(eligibility("00200"), "no/manual");
    };
    assert_eq!(eligibility("00127"), "unknown/");

    let (_, err) = run(&env, "rules set 転職 review");
    assert!(err.contains("1 alumni updated"), "{err}");
    assert_eq!(eligibility("00127"), "review/rule");
    untouched();

    // A changed rule changes what a rule decided.
    let (_, err) = run(&env, "rules set 転職 yes");
    assert!(err.contains("1 alumni updated"), "{err}");
    assert_eq!(eligibility("00127"), "yes/rule");
    untouched();
    // The same rule again changes nobody.
    let (_, err) = run(&env, "rules set 転職 yes");
    assert!(err.contains("0 alumni updated"), "{err}");

    let (_, err) = run(&env, "rules remove 転職");
    assert!(err.contains("1 alumni"), "{err}");
    assert_eq!(eligibility("00127"), "unknown/");
    untouched();
    assert_eq!(rules_table(&env), "");

    // One audit row per alumnus changed, and one per command.
    let tanaka: i64 = env.query("SELECT id FROM alumni WHERE employee_id = '00127'");
    let audit: String = env.query(
        "SELECT string_agg(command || ':' || coalesce(CAST(alumnus_id AS TEXT), '-'), ',' ORDER BY id)
         FROM audit WHERE command LIKE 'rules %'",
    );
    assert_eq!(
        audit,
        format!(
            "rules set:{tanaka},rules set:-,rules set:{tanaka},rules set:-,rules set:-,\
             rules remove:{tanaka},rules remove:-"
        )
    );
}

#[test]
fn a_rule_reason_is_normalized_like_stored_departure_reasons() {
    let env = roster();
    run(&env, "rules set 　転職　 ｎｏ");
    assert_eq!(rules_table(&env), "転職=no");
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("no")
    );
}

#[test]
fn an_import_after_a_rule_gives_rows_without_eligibility_the_rules_value() {
    let env = Env::empty();
    run(&env, "rules set 転職 review");
    env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("review")
    );
    assert_eq!(
        column(&env, "00127", "rehire_source").as_deref(),
        Some("rule")
    );
    assert_eq!(
        column(&env, "00130", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00132", "rehire_eligible").as_deref(),
        Some("yes")
    );
    // Removing the rule takes back what it decided at the import.
    run(&env, "rules remove 転職");
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("unknown")
    );
    assert_eq!(
        column(&env, "00130", "rehire_eligible").as_deref(),
        Some("no")
    );
}

#[test]
fn rules_refuse_unknown_eligibility_a_bad_value_and_removing_a_missing_rule() {
    let env = roster();
    run(&env, "rules set 懲戒 no");
    let err = refused(&env, "rules set 転職 unknown", 2);
    assert!(err.contains("alumni rules remove 転職"), "{err}");
    let err = refused(&env, "rules set 転職 不明", 2);
    assert!(err.contains("unknown"), "{err}");
    let err = refused(&env, "rules set 転職 たぶん", 2);
    assert!(err.contains("yes, review or no"), "{err}");
    let err = refused(&env, "rules set 　 no", 2);
    assert!(err.contains("empty"), "{err}");
    let err = refused(&env, "rules remove 転職", 1);
    assert!(err.contains("no rule for \"転職\""), "{err}");
}
