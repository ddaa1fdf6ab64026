//! `alumni export`, run as a cron job would: no terminal on stdin or
//! stdout. Every export is read back (CSV with the csv crate, xlsx with
//! calamine, JSON with serde_json) and compared with the database. This
//! file: the roster and the mailing list, `--out` and exit statuses;
//! `listings` has contacts, the pipeline, events and the KPI report,
//! `safety` formula injection and the BOM, `listing_csv` the same for the
//! listings on standard output, `atomic` failed and killed exports, and
//! `concurrent` an export running beside a writer.

mod atomic;
mod concurrent;
mod listing_csv;
mod listings;
mod safety;

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::common::{Env, parse_csv, refused, roster, stderr, stderr_of, stdout, stdout_of};

/// The UTF-8 byte-order mark a CSV for Excel starts with.
const BOM: &str = "\u{feff}";

/// Runs an export that must succeed and returns its stderr.
fn export(env: &Env, args: &[&str]) -> String {
    let mut argv = vec!["export"];
    argv.extend(args);
    stderr(env, &argv)
}

/// A CSV file as records (header → cell), insisting on its BOM.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text
        .strip_prefix(BOM)
        .unwrap_or_else(|| panic!("{} has no BOM", path.display()));
    parse_csv(body)
}

/// The header line of a CSV file, after its BOM.
fn csv_header(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text
        .strip_prefix(BOM)
        .unwrap_or_else(|| panic!("{} has no BOM", path.display()));
    body.lines().next().unwrap_or_default().to_string()
}

/// A worksheet as rows of cells.
fn read_xlsx(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A worksheet as records (header → cell).
fn xlsx_records(path: &Path, sheet: &str) -> Vec<HashMap<String, Data>> {
    let rows = read_xlsx(path, sheet);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    rows[1..]
        .iter()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.iter().cloned().chain(std::iter::repeat(Data::Empty)))
                .collect()
        })
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The rows of a query, every value as text ("" for null), by column name.
fn rows(env: &Env, sql: &str) -> Vec<HashMap<String, String>> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    stmt.query_map([], |row| {
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let value = match row.get_ref(i).unwrap() {
                    alumni::db::sql::ValueRef::Null => String::new(),
                    alumni::db::sql::ValueRef::Integer(n) => n.to_string(),
                    alumni::db::sql::ValueRef::Real(f) => f.to_string(),
                    alumni::db::sql::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    alumni::db::sql::ValueRef::Blob(_) => "<blob>".into(),
                };
                (name.clone(), value)
            })
            .collect())
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// A cell as the database text it stands for: numbers without ".0".
fn data_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(n) => n.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Insists that CSV and xlsx records hold exactly `expected` under `columns`.
fn assert_same(
    what: &str,
    columns: &[&str],
    csv: &[HashMap<String, String>],
    xlsx: &[HashMap<String, Data>],
    expected: &[HashMap<String, String>],
) {
    assert_eq!(csv.len(), expected.len(), "{what}: CSV rows");
    assert_eq!(xlsx.len(), expected.len(), "{what}: xlsx rows");
    for (i, want) in expected.iter().enumerate() {
        for column in columns {
            let want = &want[*column];
            assert_eq!(&csv[i][*column], want, "{what}: CSV row {i} {column}");
            assert_eq!(
                &data_text(&xlsx[i][*column]),
                want,
                "{what}: xlsx row {i} {column}"
            );
        }
    }
}

// ---------------------------------------------------------------- roster

/// The roster export holds every column of `list --format csv`, as stored.
#[test]
fn the_roster_export_reads_back_as_the_database_in_every_format() {
    let env = roster();
    stderr(&env, &["edit", "00123", "--tags", "幹部候補,営業"]);
    export(&env, &["roster", "--out", "roster.csv"]);
    export(&env, &["roster", "--out", "roster.xlsx"]);
    export(&env, &["roster", "--out", "roster.json"]);

    let header = csv_header(&env.path("roster.csv"));
    let listed = stdout(&env, &["list", "--format", "csv"]);
    assert_eq!(
        header,
        listed.strip_prefix(BOM).unwrap().lines().next().unwrap(),
        "the columns of `list --format csv`"
    );
    let columns: Vec<&str> = header.split(',').collect();
    let expected = rows(&env, "SELECT * FROM alumni ORDER BY id");
    let csv = read_csv(&env.path("roster.csv"));
    let xlsx = xlsx_records(&env.path("roster.xlsx"), "Roster");
    assert_same("roster", &columns, &csv, &xlsx, &expected);
    assert_eq!(csv.len(), 10);

    // Text stays text in xlsx: an employee ID keeps its zeros.
    assert_eq!(xlsx[0]["employee_id"], Data::String("00123".into()));
    assert_eq!(xlsx[0]["id"], Data::Float(1.0));

    let json = read_json(&env.path("roster.json"));
    let listed: Value = serde_json::from_str(&stdout(&env, &["list", "--format", "json"])).unwrap();
    assert_eq!(json, listed, "the objects of `list --format json`");
    assert_eq!(json[0]["tags"], serde_json::json!(["幹部候補", "営業"]));
    assert_eq!(json.as_array().unwrap().len(), 10);
}

#[test]
fn the_roster_export_takes_the_filters_of_list() {
    let env = roster();
    export(
        &env,
        &[
            "roster",
            "--department",
            "営業部",
            "--rehire",
            "yes",
            "--out",
            "sales.csv",
        ],
    );
    let ids: Vec<String> = read_csv(&env.path("sales.csv"))
        .iter()
        .map(|r| r["employee_id"].clone())
        .collect();
    let expected: Vec<String> = rows(
        &env,
        "SELECT employee_id FROM alumni WHERE department = '営業部' AND rehire_eligible = 'yes' ORDER BY id",
    )
    .into_iter()
    .map(|r| r["employee_id"].clone())
    .collect();
    assert_eq!(ids, expected);
    assert_eq!(ids, ["00123"]);
}

#[test]
fn an_erased_alumnus_is_in_no_export() {
    let env = roster();
    // Both opted in, so that only the erasure keeps 00125 off the mailing list.
    for employee_id in ["00124", "00125"] {
        stderr(&env, &["consent", employee_id, "opted-in"]);
    }
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-01-01T00:00:00Z' WHERE employee_id = '00125'",
            [],
        )
        .unwrap();
    for kind in ["roster", "mailing-list"] {
        let out = stdout(&env, &["export", kind]);
        assert!(out.contains("00124"), "{kind}: {out}");
        assert!(!out.contains("00125"), "{kind}: {out}");
    }
}

// ---------------------------------------------------------------- mailing list and kpi

/// Opted out (00124), erased (00125) and without an email (00127) are
/// left out; unknown consent is in under `mailing-consent = not-opted-out`,
/// as the help says (the default, opted-in only, is tested in
/// tests/test_contacts/everywhere.rs).
#[test]
fn the_mailing_list_never_holds_anyone_opted_out_or_erased() {
    let env = roster();
    stderr(&env, &["config", "set", "mailing-consent", "not-opted-out"]);
    stderr(&env, &["consent", "00124", "opted-out"]);
    stderr(
        &env,
        &[
            "consent",
            "00126",
            "opted-in",
            "--purpose",
            "再雇用のご案内",
        ],
    );
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-01-01T00:00:00Z' WHERE employee_id = '00125'",
            [],
        )
        .unwrap();
    export(&env, &["mailing-list", "--out", "mail.csv"]);
    export(&env, &["mailing-list", "--out", "mail.xlsx"]);
    export(&env, &["mailing-list", "--out", "mail.json"]);

    let columns = ["employee_id", "name", "email", "department"];
    assert_eq!(csv_header(&env.path("mail.csv")), columns.join(","));
    let expected = rows(
        &env,
        "SELECT employee_id, name, email, department FROM alumni
         WHERE email IS NOT NULL AND consent <> 'opted_out' AND erased_at IS NULL ORDER BY id",
    );
    let csv = read_csv(&env.path("mail.csv"));
    let xlsx = xlsx_records(&env.path("mail.xlsx"), "Mailing list");
    assert_same("mailing list", &columns, &csv, &xlsx, &expected);
    let ids: Vec<&str> = csv.iter().map(|r| r["employee_id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "00123", "00126", "00128", "00129", "00130", "00131", "00132"
        ]
    );

    let json = read_json(&env.path("mail.json"));
    assert_eq!(json.as_array().unwrap().len(), 7);
    assert_eq!(json[1]["email"], "misaki.takahashi@example.co.jp");
    assert_eq!(
        json[1].as_object().unwrap().keys().collect::<Vec<_>>(),
        columns
    );

    export(
        &env,
        &[
            "mailing-list",
            "--consent",
            "opted_in",
            "--out",
            "opted-in.csv",
        ],
    );
    let opted_in = read_csv(&env.path("opted-in.csv"));
    assert_eq!(opted_in.len(), 1);
    assert_eq!(opted_in[0]["employee_id"], "00126");

    let err = refused(
        &env,
        &["export", "mailing-list", "--consent", "opted_out"],
        2,
    );
    assert!(err.contains("never includes anyone who opted out"), "{err}");
}

#[test]
fn the_kpi_workbook_is_exported_by_format_or_by_extension() {
    let env = roster();
    for (args, file) in [
        (
            &[
                "export", "kpi", "--format", "xlsx", "--lang", "ja", "--out", "a.xlsx",
            ][..],
            "a.xlsx",
        ),
        (
            &[
                "export",
                "kpi",
                "--fy",
                "2025",
                "--lang",
                "en",
                "--out",
                "kpi-{fy}.xlsx",
            ],
            "kpi-2025.xlsx",
        ),
    ] {
        env.alumni(args).assert().success();
        let path = env.path(file);
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names().len(), 9, "{file}");
        let data = book.worksheet_range_at(7).unwrap().unwrap();
        assert!(data.height() >= 1);
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------- --out and messages

#[test]
fn date_and_fiscal_year_placeholders_are_filled_in() {
    let env = roster();
    let today = jiff::Zoned::now().date();
    let fy = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    export(&env, &["roster", "--out", "roster-{date}-FY{fy}.csv"]);
    let name = format!("roster-{today}-FY{fy}.csv");
    assert!(env.path(&name).exists(), "{name}");

    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    export(&env, &["events", "--out", "events-{fy}.csv"]);
    assert!(env.path(&format!("events-{}.csv", today.year())).exists());

    // A KPI export's {fy} is the fiscal year of its period.
    export(&env, &["kpi", "--fy", "2024", "--out", "kpi-{fy}.json"]);
    assert!(env.path("kpi-2024.json").exists());

    let err = refused(&env, &["export", "roster", "--out", "roster-{data}.csv"], 2);
    assert!(err.contains("unknown placeholder {data}"), "{err}");
}

#[test]
fn the_format_comes_from_the_extension_and_must_agree_with_it() {
    let env = roster();
    export(&env, &["roster", "--out", "r.JSON"]);
    assert!(read_json(&env.path("r.JSON")).is_array());
    export(&env, &["roster", "--format", "json", "--out", "r.txt"]);
    assert!(read_json(&env.path("r.txt")).is_array());
    let err = refused(
        &env,
        &["export", "roster", "--format", "csv", "--out", "r.xlsx"],
        2,
    );
    assert!(err.contains("--format csv"), "{err}");
    assert!(!env.path("r.xlsx").exists());
}

#[test]
fn an_export_to_a_file_says_what_it_wrote_unless_quiet_and_prints_no_data() {
    let env = roster();
    let output = env
        .alumni(&["export", "roster", "--out", "roster.csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(stdout_of(&output), "");
    assert_eq!(stderr_of(&output), "exported 10 alumni to roster.csv\n");

    let output = env
        .alumni(&["--quiet", "export", "roster", "--out", "roster.csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        (stdout_of(&output), stderr_of(&output)),
        (String::new(), String::new())
    );
}

#[test]
fn an_export_to_stdout_writes_only_the_data() {
    let env = roster();
    let output = env.alumni(&["export", "roster"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(stderr_of(&output), "");
    let text = stdout_of(&output);
    assert!(text.starts_with(BOM), "CSV for Excel by default");
    assert_eq!(parse_csv(text.trim_start_matches(BOM)).len(), 10);

    let json = stdout(
        &env,
        &["export", "contacts", "--format", "json", "--out", "-"],
    );
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap(),
        serde_json::json!([])
    );

    // A workbook piped to another program is fine.
    let output = env
        .alumni(&["export", "roster", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.starts_with(b"PK"), "a zip file");
}

#[test]
fn bad_arguments_exit_2_bad_values_65_and_other_failures_1() {
    let env = roster();
    refused(&env, &["export", "roster", "--department", ""], 2);
    refused(&env, &["export", "roster", "--rehire", "xyz"], 2);
    refused(&env, &["export", "pipeline", "--stage", "nowhere"], 65);
    refused(&env, &["export", "contacts", "--since", "2026-13-45"], 65);
    refused(&env, &["export", "events", "--since", "someday"], 65);
    refused(&env, &["export", "kpi", "--from", "2026-13"], 65);
    refused(&env, &["export", "roster", "--out", "."], 2);
    let err = refused(&env, &["export", "roster", "--out", "no/such/dir/r.csv"], 1);
    assert!(err.contains("no directory"), "{err}");
    refused(&env, &["export", "roster", "--stage", "offer"], 2);
}

/// An export may not overwrite the database file (on PostgreSQL there is
/// none).
#[test]
fn an_export_to_the_database_file_is_refused_on_sqlite() {
    let env = roster();
    let db = env.db.display().to_string();
    let err = refused(&env, &["export", "roster", "--out", &db], 2);
    assert!(err.contains("the database itself"), "{err}");
}

/// Every export command's help ends with examples, as `alumni --help` does.
#[test]
fn every_export_command_help_ends_with_examples() {
    let env = Env::new();
    for kind in [
        "roster",
        "contacts",
        "pipeline",
        "events",
        "kpi",
        "mailing-list",
    ] {
        let help = stdout(&env, &["export", kind, "--help"]);
        let examples = help
            .rfind("\nExample")
            .unwrap_or_else(|| panic!("export {kind}: no examples:\n{help}"));
        assert!(
            help[examples..].contains(&format!("alumni export {kind}")),
            "export {kind}: {help}"
        );
        assert!(help.find("Options:").unwrap() < examples, "export {kind}");
    }
    let help = stdout(&env, &["export", "roster", "--help"]);
    assert!(help.contains("OWASP"), "{help}");
    let help = stdout(&env, &["export", "mailing-list", "--help"]);
    assert!(help.contains("consent is unknown"), "{help}");
    assert!(help.contains("mailing-consent not-opted-out"), "{help}");
    assert!(!env.db.exists(), "--help created the database");
}
