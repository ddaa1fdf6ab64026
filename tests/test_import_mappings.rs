//! `alumni import --mappings` and `--forget-mapping ID`: the remembered
//! column mappings, listed and forgotten, on a database that has none yet.

use serde_json::Value;

use crate::common::{Env, refused, refused_unchanged, roster, stderr_of, stdout_of};

#[test]
fn mappings_on_a_new_database_says_there_are_none() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let output = env.alumni(&["import", "--mappings"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("no mappings remembered yet"),
        "{}",
        stderr_of(&output)
    );
    let json = env
        .alumni(&["import", "--mappings", "--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let rows: Value = serde_json::from_str(&stdout_of(&json)).unwrap();
    assert_eq!(rows, Value::Array(vec![]));
    let csv = env
        .alumni(&["import", "--mappings", "--format", "csv", "--no-bom"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&csv).trim(), "id,headers,mappings,used_at");
}

#[test]
fn forgetting_a_mapping_that_is_not_there_is_refused_and_changes_nothing() {
    let env = roster();
    let err = refused_unchanged(&env, &["import", "--forget-mapping", "7"], 2);
    assert!(err.contains("no remembered mapping #7"), "{err}");
    assert!(err.contains("alumni import --mappings"), "{err}");
}

#[test]
fn import_without_a_file_or_a_mappings_flag_is_a_usage_error() {
    let env = Env::new();
    let err = refused(&env, &["import"], 2);
    assert!(err.contains("FILE"), "{err}");
    // --mappings imports nothing, so a file beside it is a mistake.
    let err = refused(&env, &["import", "--mappings", "roster.csv"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = refused(&env, &["import", "roster.csv", "--format", "json"], 2);
    assert!(err.contains("--mappings"), "{err}");
}

#[test]
fn a_remembered_mapping_is_listed_and_forgotten_with_an_audit_row() {
    let env = roster();
    // No import remembers mappings yet; store one as an import would.
    env.conn()
        .execute_batch(
            "INSERT INTO import_layouts (id, signature, headers, created_at, used_at)
             VALUES (3, 'sig', '人事コード\t氏名\t社内メモ', '2026-04-01T00:00:00Z', '2026-05-01T09:00:00Z');
             INSERT INTO import_mappings (layout_id, header, field) VALUES
                 (3, '社内メモ', NULL), (3, '人事コード', 'employee_id');",
        )
        .unwrap();
    let json = env
        .alumni(&["import", "--mappings", "--format", "json"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_str(&stdout_of(&json)).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([{
            "id": 3,
            "headers": ["人事コード", "氏名", "社内メモ"],
            "mappings": [
                {"header": "人事コード", "field": "employee_id"},
                {"header": "社内メモ", "field": null},
            ],
            "created_at": "2026-04-01T00:00:00Z",
            "used_at": "2026-05-01T09:00:00Z",
        }])
    );
    // The table shows the stored UTC time in local time.
    let table = stdout_of(
        &env.alumni(&["import", "--mappings"])
            .env("TZ", "Asia/Tokyo")
            .output()
            .unwrap(),
    );
    for text in [
        "人事コード → employee_id",
        "社内メモ → (left out)",
        "2026-05-01 18:00:00",
    ] {
        assert!(table.contains(text), "{text}\n{table}");
    }

    let out = env
        .alumni(&["import", "--forget-mapping", "3"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("forgot mapping #3"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(env.count("import_layouts"), 0);
    assert_eq!(env.count("import_mappings"), 0);
    let audit: String =
        env.query("SELECT command || ': ' || detail FROM audit ORDER BY id DESC LIMIT 1");
    assert_eq!(
        audit,
        "import forget-mapping: forgot remembered mapping #3 (2 columns)"
    );
}

#[test]
fn a_mapping_given_once_is_used_for_the_next_file_with_the_same_header_row() {
    let env = Env::new();
    let first = env.path("march.csv");
    std::fs::write(&first, "Code,Person,Hobby\n1,山田 太郎,釣り\n").unwrap();
    let output = env
        .alumni(&[
            "import",
            first.to_str().unwrap(),
            "--map",
            "Code=employee_id",
            "--map",
            "Person=name",
            "--map",
            "Hobby=ignore",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("remembered"),
        "{}",
        stderr_of(&output)
    );

    // April's export has the same header row, in another width: no --map.
    let second = env.path("april.csv");
    std::fs::write(&second, "ＣＯＤＥ,PERSON,hobby\n2,佐藤 花子,読書\n").unwrap();
    let output = env
        .alumni(&["import", second.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let stored: String =
        env.query("SELECT string_agg(employee_id || ':' || name, ',' ORDER BY id) FROM alumni");
    assert_eq!(stored, "1:山田 太郎,2:佐藤 花子");

    let listed = env
        .alumni(&["import", "--mappings", "--format", "json"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_str(&stdout_of(&listed)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    let id = rows[0]["id"].as_i64().unwrap().to_string();

    // Forgotten, the mapping no longer applies: the columns are unknown
    // again, and so no row names a roster column.
    let forget = env
        .alumni(&["import", "--forget-mapping", &id])
        .output()
        .unwrap();
    assert!(forget.status.success(), "{}", stderr_of(&forget));
    let third = env.path("may.csv");
    std::fs::write(&third, "Code,Person,Hobby\n3,鈴木 一郎,将棋\n").unwrap();
    let output = env
        .alumni(&["import", third.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("no header row"),
        "{}",
        stderr_of(&output)
    );
}
