//! `alumni partner add` and `alumni partner list`.

use super::*;

#[test]
fn partner_add_defaults_the_company_to_the_alumnus_current_company() {
    let env = roster();
    let out = stdout(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--kind",
            "client",
            "--status",
            "商談中",
        ],
    );
    assert_eq!(out, "1\n");
    let out = stdout(
        &env,
        &[
            "partner",
            "add",
            "taro.yamada@example.co.jp",
            "--kind",
            "speaker",
            "--company",
            "株式会社ミライ",
        ],
    );
    assert_eq!(out, "2\n");
    let companies: Vec<(String, String, Option<String>)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT company, kind, status FROM partners ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        companies,
        [
            (
                "株式会社サンプル商事".into(),
                "client".into(),
                Some("商談中".into())
            ),
            ("株式会社ミライ".into(), "speaker".into(), None),
        ]
    );
    let audited: i64 = env.query(
        "SELECT count(*) FROM audit WHERE command = 'partner add'
         AND alumnus_id = (SELECT id FROM alumni WHERE employee_id = '00123')",
    );
    assert_eq!(audited, 2);
}

#[test]
fn partner_add_refuses_a_missing_kind_or_an_unknown_alumnus() {
    let env = roster();
    let before = snapshot(&env);
    let err = refused(&env, &["partner", "add", "00123"], 2);
    assert!(err.contains("--kind"), "{err}");
    let err = refused(&env, &["partner", "add", "99999", "--kind", "client"], 1);
    assert!(err.contains("99999"), "{err}");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn partner_list_filters_by_kind_in_every_format() {
    let env = roster();
    stdout(&env, &["partner", "add", "00123", "--kind", "client"]);
    stdout(
        &env,
        &[
            "partner", "add", "00125", "--kind", "speaker", "--notes", "LT登壇",
        ],
    );
    stdout(&env, &["partner", "add", "00132", "--kind", "client"]);

    let rows = parse_csv(&stdout(
        &env,
        &["partner", "list", "--kind", "client", "--format", "csv"],
    ));
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str(),
                r["employee_id"].as_str(),
                r["name"].as_str(),
                r["company"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "00123", "山田 太郎", "株式会社サンプル商事"),
            ("3", "00132", "山本 大輔", "株式会社テックフロンティア"),
        ]
    );
    assert!(rows.iter().all(|r| r["kind"] == "client"));

    let json: Value = serde_json::from_str(&stdout(
        &env,
        &["partner", "list", "--kind", "speaker", "--format", "json"],
    ))
    .unwrap();
    let speakers = json.as_array().unwrap();
    assert_eq!(speakers.len(), 1);
    assert_eq!(speakers[0]["employee_id"], "00125");
    assert_eq!(speakers[0]["company"], "鈴木ソフトウェア合同会社");
    assert_eq!(speakers[0]["notes"], "LT登壇");
    assert_eq!(speakers[0]["status"], Value::Null);
    let keys: Vec<&str> = speakers[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "employee_id",
            "name",
            "company",
            "kind",
            "status",
            "notes",
            "created_at"
        ]
    );

    let table = stdout(&env, &["partner", "list"]);
    for name in ["山田 太郎", "鈴木 一郎", "山本 大輔"] {
        assert!(table.contains(name), "{name} missing:\n{table}");
    }
    let table = stdout(&env, &["partner", "list", "--kind", "ambassador"]);
    assert!(!table.contains("山田"), "{table}");
}
