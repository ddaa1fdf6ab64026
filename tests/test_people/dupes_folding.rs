//! `alumni dupes` with the folding of search: records that only read as
//! one person once variant kanji and kana are folded, and addresses that
//! reach one mailbox.

use super::*;

fn variants() -> Env {
    let env = Env::new();
    env.import(&["names_variants.csv"]);
    env
}

#[test]
fn dupes_lists_names_that_differ_only_in_variant_kanji_and_kana() {
    // S001 渡辺 一郎 ワタナベ イチロウ and S002 渡邊 一郎 わたなべ いちろう,
    // whose employment overlaps; S003 渡邉 花子 is another person.
    let env = variants();
    let rows: Vec<Value> =
        serde_json::from_str(&run(&env, &["dupes", "--format", "json"])).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["employee_id"], "S001");
    assert_eq!(rows[0]["other_employee_id"], "S002");
    assert_eq!(
        rows[0]["reason"],
        "same name and reading once variant kanji and kana are folded, overlapping dates"
    );
}

#[test]
fn dupes_lists_addresses_that_reach_one_gmail_mailbox() {
    let env = variants();
    run(
        &env,
        &[
            "add",
            "--name",
            "本間 勉",
            "--email",
            "ho.mma+alumni@gmail.com",
        ],
    );
    run(
        &env,
        &["add", "--name", "ホンマ", "--email", "homma@googlemail.com"],
    );
    let rows: Vec<Value> =
        serde_json::from_str(&run(&env, &["dupes", "--format", "json"])).unwrap();
    let reasons: Vec<&str> = rows.iter().map(|r| r["reason"].as_str().unwrap()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        reasons.contains(&"same email but for dots or a +tag"),
        "{reasons:?}"
    );
}
