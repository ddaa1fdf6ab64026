//! Personal data: `alumni forget`, `alumni retention`, and what is left of
//! an erased person in the files (nothing readable).

mod cleared;
mod corrections;
mod engagement;
mod forget;
mod retention;

use std::path::Path;

use crate::common::{Env, on_postgres, stdout};

/// The values of the person erased in `fixtures/privacy/people.csv` and in
/// the records [`seed`] gives them, as they are stored: every one must be
/// gone from the files after an erasure.
// The phone is looked for with its hyphens: bare digits could turn up by
// chance in the hex of the fingerprints kept of erased keys.
pub const ERASED: &[&str] = &["QZV", "qzv", "-7171-", "71719191", "ショウキョ", "花子"];

/// A database holding the two people of `privacy/people.csv`, with records
/// about the first (QZV0917) in every table that can hold text about them.
pub fn seed() -> Env {
    let env = Env::new();
    env.import(&["privacy/people.csv"]);
    let run = |args: &[&str]| stdout(&env, args);
    run(&[
        "consent",
        "QZV0917",
        "opted-in",
        "--purpose",
        "QZV再雇用のご案内",
        "--date",
        "2026-04-01",
    ]);
    run(&[
        "contact",
        "add",
        "QZV0917",
        "--channel",
        "email",
        "--summary",
        "QZV近況確認",
        "--date",
        "2026-10-01",
        "--follow-up",
        "2027-01-10",
    ]);
    let app = run(&[
        "pipeline",
        "add",
        "QZV0917",
        "--position",
        "営業",
        "--source",
        "event",
        "--date",
        "2026-10-02",
    ]);
    let app = app.trim();
    run(&[
        "pipeline",
        "move",
        app,
        "interview",
        "--note",
        "QZV一次面接メモ",
        "--date",
        "2026-10-20",
    ]);
    run(&[
        "pipeline",
        "close",
        app,
        "declined",
        "--reason",
        "QZV家庭の事情",
        "--date",
        "2026-11-01",
    ]);
    run(&[
        "referral",
        "add",
        "--by",
        "QZV0917",
        "--name",
        "QZV候補者",
        "--email",
        "qzv.cand@example.jp",
        "--phone",
        "070-7171-0000",
        "--date",
        "2026-10-05",
    ]);
    // A referral whose candidate is the person erased, made by someone else.
    run(&[
        "referral",
        "add",
        "--by",
        "00200",
        "--name",
        "消去 QZV花子",
        "--email",
        "qzv.hanako@example.jp",
        "--date",
        "2026-10-06",
    ]);
    run(&[
        "partner",
        "add",
        "QZV0917",
        "--kind",
        "speaker",
        "--notes",
        "QZVパートナーメモ",
    ]);
    let event = run(&[
        "event",
        "add",
        "2026 同窓会",
        "--date",
        "2026-08-01",
        "--kind",
        "reunion",
    ]);
    run(&["event", "attend", event.trim(), "QZV0917"]);
    env
}

/// The files of the database: the file, its WAL and its SHM, those there are.
pub fn database_files(env: &Env) -> Vec<std::path::PathBuf> {
    let name = env.db.file_name().unwrap().to_string_lossy().into_owned();
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| env.db.with_file_name(format!("{name}{suffix}")))
        .filter(|path| path.exists())
        .collect()
}

/// Every needle found in the raw bytes of `path`, with how many times.
pub fn found_in(path: &Path, needles: &[&str]) -> Vec<(String, usize)> {
    let bytes = std::fs::read(path).unwrap();
    needles
        .iter()
        .filter_map(|needle| {
            let needle = needle.as_bytes();
            let n = bytes.windows(needle.len()).filter(|w| *w == needle).count();
            (n > 0).then(|| (String::from_utf8_lossy(needle).into_owned(), n))
        })
        .collect()
}

/// Every text (or byte) column of every table of the PostgreSQL schema
/// that holds one of `needles`, as "table.column holds …": what is
/// readable of a person there, where the server, not alumni, keeps the
/// files.
pub fn found_through_sql(env: &Env, needles: &[&str]) -> Vec<String> {
    let conn = env.conn();
    let columns: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT table_name, column_name, data_type FROM information_schema.columns
             WHERE table_schema = current_schema()
               AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')
             ORDER BY table_name, column_name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        columns.iter().any(|(t, c, _)| t == "alumni" && c == "name"),
        "the schema's text columns are listed: {columns:?}"
    );
    let mut found = Vec::new();
    for (table, column, data_type) in columns {
        let holds = match data_type.as_str() {
            "bytea" => format!("position(convert_to(?1, 'UTF8') IN \"{column}\") > 0"),
            "text" | "character varying" | "character" => format!("strpos(\"{column}\", ?1) > 0"),
            _ => format!("strpos(CAST(\"{column}\" AS TEXT), ?1) > 0"),
        };
        for needle in needles {
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE {holds}"),
                    [*needle],
                    |r| r.get(0),
                )
                .unwrap();
            if n > 0 {
                found.push(format!("{table}.{column} holds {needle:?} ({n} rows)"));
            }
        }
    }
    found
}

/// Insists that no erased value is readable: in any file of the SQLite
/// database; on PostgreSQL, in any text column of any table.
pub fn assert_nothing_readable(env: &Env) {
    if on_postgres() {
        let found = found_through_sql(env, ERASED);
        assert!(found.is_empty(), "{found:#?}");
        return;
    }
    let files = database_files(env);
    assert!(!files.is_empty());
    for path in files {
        let found = found_in(&path, ERASED);
        assert!(found.is_empty(), "{} still holds {found:?}", path.display());
    }
}
