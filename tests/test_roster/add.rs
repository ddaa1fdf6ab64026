//! `alumni add`: one alumnus by hand, its values normalized, the values
//! refused, and its audit row.

use super::*;

#[test]
fn add_prints_the_new_id_on_stdout() {
    let env = roster();
    let out = stdout(&env, &["add", "--name", "木村 拓哉"]);
    assert_eq!(out, "11\n");
    let name: String = env.query("SELECT name FROM alumni WHERE id = 11");
    assert_eq!(name, "木村 拓哉");
    assert_eq!(env.count("alumni"), 11);
}

#[test]
fn add_stores_normalized_values() {
    let env = roster();
    let id = stdout(
        &env,
        &[
            "add",
            "--employee-id",
            "００２０１",
            "--name",
            "木村　拓哉",
            "--kana",
            "ｷﾑﾗ ﾀｸﾔ",
            "--email",
            "ＴＡＫＵＹＡ.Kimura@Example.JP",
            "--phone",
            "０９０－１２３４－５６７８",
            "--department",
            "ＩＴ推進室",
            "--hire-date",
            "平成31年4月1日",
            "--leave-date",
            "令和6年3月31日",
            "--rehire",
            "要相談",
            "--tags",
            "OB会、講師",
        ],
    );
    assert_eq!(id.trim(), "11");
    let row = &env.alumni_rows()[10];
    for (column, value) in [
        ("employee_id", "00201"),
        ("name", "木村 拓哉"),
        ("name_kana", "キムラ タクヤ"),
        ("email", "takuya.kimura@example.jp"),
        ("phone", "090-1234-5678"),
        ("department", "IT推進室"),
        ("hire_date", "2019-04-01"),
        ("leave_date", "2024-03-31"),
        ("rehire_eligible", "review"),
        ("rehire_source", "manual"),
        ("tags", "OB会,講師"),
    ] {
        assert_eq!(row[column], value, "{column}");
    }
    assert_eq!(row["job_title"], Value::Null);
    // Era dates in short form too.
    stdout(
        &env,
        &[
            "add",
            "--name",
            "x",
            "--leave-date",
            "R6.10.31",
            "--hire-date",
            "2024/4/1",
        ],
    );
    let row = &env.alumni_rows()[11];
    assert_eq!(row["leave_date"], "2024-10-31");
    assert_eq!(row["hire_date"], "2024-04-01");
}

#[test]
fn add_without_a_name_and_without_a_terminal_is_a_usage_error_naming_name() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["add", "--employee-id", "00201"], 2);
    assert!(stderr.contains("--name"), "{stderr}");
    let stderr = refused(&env, &["add", "--name", "　"], 2);
    assert!(stderr.contains("--name"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_invalid_date_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--leave-date", "2024-13-45"],
        65,
    );
    assert!(stderr.contains("--leave-date"), "{stderr}");
    assert!(stderr.contains("2024-13-45"), "{stderr}");
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--hire-date", "2023/2/29"],
        65,
    );
    assert!(stderr.contains("--hire-date"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_invalid_email_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--email", "taro.example.com"],
        65,
    );
    assert!(stderr.contains("--email"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_email_that_belongs_to_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &[
            "add",
            "--name",
            "山田 太郎",
            "--email",
            "TARO.YAMADA@example.co.jp",
        ],
        65,
    );
    assert!(stderr.contains("taro.yamada@example.co.jp"), "{stderr}");
    assert!(stderr.contains("00123"), "names who has it: {stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_employee_id_that_belongs_to_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--employee-id", "００１２３"],
        65,
    );
    assert!(stderr.contains("00123"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_writes_an_audit_row_without_the_values() {
    let env = roster();
    let audits = env.count("audit");
    stdout(
        &env,
        &["add", "--name", "木村 拓哉", "--email", "takuya@example.jp"],
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
    assert_eq!(command, "add");
    assert_eq!(alumnus, 11);
    assert_eq!(actor, "tester");
    assert!(!detail.contains("木村"), "{detail}");
    assert!(!detail.contains("takuya"), "{detail}");
}
