//! Imports longer than the batch an import matches at a time (1,024 rows):
//! a later batch sees what an earlier one added, whether the database was
//! empty when the import began or not, and on PostgreSQL a first import
//! that loads in bulk leaves the tables' indexes and foreign keys as
//! `alumni init` made them.

use serde_json::Value;

use super::support::{exported, file};
use crate::common::{Env, on_postgres, stderr_of};

/// `alumni import --skip-invalid many.csv many_next.csv`, which must
/// work; what it said.
fn import_many(env: &Env) -> String {
    let output = env
        .alumni(&[
            "import",
            "--skip-invalid",
            &file("many.csv"),
            &file("many_next.csv"),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    stderr_of(&output)
}

/// What an import said, less its timings and the paths of the fixtures.
fn said_without_times(said: &str) -> Vec<String> {
    said.lines()
        .filter(|line| !line.starts_with("created "))
        .map(|line| {
            let line = line.replace(&file(""), "");
            match line.find(" (0.").or_else(|| line.find(", in ")) {
                Some(at) => line[..at].to_string(),
                None => line,
            }
        })
        .collect()
}

/// The exported roster by employee ID, without what differs between two
/// databases that hold the same people under other ids.
fn roster_by_employee_id(env: &Env) -> Vec<(String, Value)> {
    let mut people: Vec<(String, Value)> = exported(env)
        .into_iter()
        .map(|mut person| {
            for field in ["id", "created_at", "updated_at"] {
                person.remove(field);
            }
            let key = person["employee_id"].as_str().unwrap_or("").to_string();
            (key, Value::Object(person))
        })
        .collect();
    people.sort_by(|a, b| a.0.cmp(&b.0));
    people
}

/// Every career entry, by the employee ID of whom it belongs to.
fn career(env: &Env) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id, c.since, c.company, c.title, c.prior_company, c.prior_title, c.source
             FROM career c JOIN alumni a ON a.id = c.alumnus_id ORDER BY a.employee_id, c.id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let cells: Vec<Option<String>> = (0..7).map(|i| r.get(i)).collect::<Result<_, _>>()?;
        Ok(format!("{cells:?}"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn an_import_of_many_batches_into_an_empty_database_matches_as_one_into_a_stored_roster() {
    let empty = Env::empty();
    let said_empty = import_many(&empty);
    // The same import where someone was stored before: every key is
    // looked up in the database.
    let stored = Env::empty();
    stored
        .alumni(&["add", "--name", "既存 太郎", "--employee-id", "X0001"])
        .assert()
        .success();
    let said_stored = import_many(&stored);
    assert_eq!(
        said_without_times(&said_empty),
        said_without_times(&said_stored)
    );
    let mut roster = roster_by_employee_id(&stored);
    roster.retain(|(key, _)| key != "X0001");
    assert_eq!(roster_by_employee_id(&empty), roster);
    let mut entries = career(&stored);
    entries.retain(|entry| !entry.contains("X0001"));
    assert_eq!(career(&empty), entries);

    // What each of the two was to find, in a batch after the first.
    for line in [
        "many.csv:2502: duplicate of row 4: both rows are M0003 田中 一郎",
        "many.csv:2503: duplicate of row 11: the same メールアドレス \"m0010@example.jp\" under another 社員番号",
        "many_next.csv:104: duplicate of row 102: the same メールアドレス \"new2101@example.jp\" under another 社員番号",
    ] {
        assert!(said_empty.contains(line), "{line} not in {said_empty}");
    }
    assert!(
        said_empty.contains("2606 rows read: 2502 inserted, 101 updated, 0 unchanged, 3 rejected"),
        "{said_empty}"
    );
    let person = |key: &str| {
        roster_by_employee_id(&empty)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("{key} is not stored"))
    };
    assert_eq!(person("M0003")["name"], "田中 一郎", "the first row kept");
    assert_eq!(person("M2001")["current_company"], "転職先株式会社");
    // The second file moved M2101's email, and M9003 took the old one.
    assert_eq!(person("M2101")["email"], "new2101@example.jp");
    assert_eq!(person("M9003")["email"], "m2101@example.jp");
    assert!(
        career(&empty)
            .iter()
            .any(|e| e.contains("\"M2001\"") && e.contains("転職先株式会社")),
        "{:?}",
        career(&empty)
    );
}

/// The definitions of the indexes of alumni and career, and the
/// constraints of career, with each index's object id: the same
/// definitions under new ids are indexes made again.
fn catalog(env: &Env) -> (Vec<String>, Vec<i64>) {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT pg_get_indexdef(indexrelid), CAST(indexrelid AS BIGINT) FROM pg_index
             WHERE indrelid IN (CAST('alumni' AS regclass), CAST('career' AS regclass))
             UNION ALL
             SELECT conname || ' ' || pg_get_constraintdef(oid), 0 FROM pg_constraint
             WHERE conrelid = CAST('career' AS regclass)
             ORDER BY 1",
        )
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.into_iter().unzip()
}

#[test]
fn a_first_import_of_many_rows_leaves_the_indexes_and_foreign_keys_as_init_made_them_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = Env::empty();
    let (made, ids) = catalog(&env);
    assert!(
        made.iter()
            .any(|d| d.contains("career_alumnus_id_fkey FOREIGN KEY")),
        "{made:?}"
    );
    // A failed import (its duplicates, without --skip-invalid) leaves
    // them, and nothing else, as they were.
    let output = env.alumni(&["import", &file("many.csv")]).output().unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr_of(&output));
    assert_eq!(catalog(&env), (made.clone(), ids.clone()));
    assert_eq!(env.count("alumni"), 0);

    import_many(&env);
    let (after, new_ids) = catalog(&env);
    assert_eq!(after, made);
    assert_ne!(
        new_ids, ids,
        "the import loaded in bulk, making indexes again"
    );
    assert_eq!(env.count("alumni"), 2502);
    // The foreign keys hold again.
    let refused = env
        .conn()
        .execute_batch(
            "INSERT INTO career (id, alumnus_id, since, source, recorded_at)
             VALUES (999999, 999999, '2026-01-01', 'edit', '2026-01-01T00:00:00Z')",
        )
        .unwrap_err();
    assert!(refused.is_constraint(), "{refused}");
}

#[test]
fn a_first_import_while_someone_reads_writes_row_by_row_rather_than_wait_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = Env::empty();
    let before = catalog(&env);
    let reader = env.conn();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM alumni;")
        .unwrap();
    import_many(&env);
    assert_eq!(catalog(&env), before, "the indexes were left standing");
    reader.execute_batch("COMMIT").unwrap();
    assert_eq!(env.count("alumni"), 2502);
}
