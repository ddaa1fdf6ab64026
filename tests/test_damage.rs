//! Damaged input is refused, never imported silently: each file of
//! `fixtures/damaged/` (see its README) is refused with exit status 65, a
//! message naming the file and the line, and the database file byte for
//! byte as it was.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::common::{Env, fixture, stderr_of};

mod rejects;

/// A database holding the ten people of `roster_utf8_bom.csv`.
fn imported() -> Env {
    let env = Env::new();
    env.import(&["roster_utf8_bom.csv"]);
    env
}

/// The database's bytes, and its journal's if one was left.
fn bytes_of(env: &Env) -> Vec<Vec<u8>> {
    let mut bytes: Vec<Vec<u8>> = ["", "-wal", "-journal"]
        .iter()
        .map(|suffix| {
            let path = format!("{}{suffix}", env.db.display());
            fs::read(path).unwrap_or_default()
        })
        .collect();
    // On PostgreSQL there is no file: every table's rows instead.
    if env.url.is_some() {
        bytes.push(env.snapshot().into_bytes());
    }
    bytes
}

/// Imports `file` into a database that holds a roster, insists on exit
/// status 65 and on the database bytes being unchanged; returns stderr.
fn refused_file(file: &Path, extra: &[&str]) -> String {
    let env = imported();
    let before = bytes_of(&env);
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend(extra);
    let output = env.alumni(&args).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(65), "{args:?}: {stderr}");
    assert!(bytes_of(&env) == before, "{args:?} changed the database");
    assert!(
        stderr.contains(file.to_str().unwrap()),
        "no file named: {stderr}"
    );
    stderr
}

fn damaged(name: &str) -> std::path::PathBuf {
    fixture(&format!("damaged/{name}"))
}

#[test]
fn an_unclosed_quote_that_swallows_the_rows_after_it_is_refused() {
    let stderr = refused_file(&damaged("unclosed_quote.csv"), &[]);
    assert!(
        stderr.contains("line 3: column 6: a quoted cell starts here and is never closed"),
        "{stderr}"
    );
}

#[test]
fn a_nul_inside_a_cell_is_refused_naming_line_and_column() {
    let stderr = refused_file(&damaged("nul_in_cell.csv"), &[]);
    assert!(
        stderr.contains("line 3: column 2: a control character (U+0000) inside a cell"),
        "{stderr}"
    );
}

#[test]
fn c1_and_del_control_characters_are_refused() {
    let stderr = refused_file(&damaged("c1_control.csv"), &[]);
    assert!(
        stderr.contains("line 4: column 6: a control character (U+0085)"),
        "{stderr}"
    );
    let stderr = refused_file(&damaged("del_in_cell.csv"), &[]);
    assert!(
        stderr.contains("line 2: column 1: a control character (U+007F)"),
        "{stderr}"
    );
}

#[test]
fn text_valid_in_no_encoding_is_refused_not_guessed() {
    let stderr = refused_file(&damaged("mixed_encoding.csv"), &[]);
    assert!(
        stderr.contains("not valid UTF-8 or Shift_JIS text: line 3 is not UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("--encoding"), "{stderr}");
}

#[test]
fn a_bad_byte_past_the_encoding_sample_stops_the_import() {
    let stderr = refused_file(&damaged("bad_byte_past_sample.csv"), &[]);
    assert!(
        stderr.contains("line 1502: column 2 is not valid UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn a_named_encoding_is_decoded_strictly_too() {
    let stderr = refused_file(&damaged("mixed_encoding.csv"), &["--encoding", "utf-8"]);
    assert!(
        stderr.contains("line 3: column 6 is not valid UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn a_replacement_character_typed_in_utf8_is_imported() {
    let env = Env::new();
    env.import(&["damaged/replacement_char.csv"]);
    let note: String = env.query("SELECT notes FROM alumni WHERE employee_id = '10002'");
    assert_eq!(note, "記号\u{FFFD}を含む備考");
}

#[test]
fn date_cells_out_of_range_are_refused_by_row() {
    let stderr = refused_file(&damaged("excel_dates.xlsx"), &[]);
    for (row, value) in [(3, "0"), (4, "-5"), (5, "3000000")] {
        assert!(
            stderr.contains(&format!(":{row}: 退職日 \"{value}\" is not a date")),
            "row {row}: {stderr}"
        );
    }
}

#[test]
fn era_dates_outside_their_era_are_refused_by_row() {
    let stderr = refused_file(&damaged("era_out_of_range.csv"), &[]);
    for (row, value) in [
        (2, "令和元年4月30日"),
        (3, "昭和64年1月8日"),
        (4, "平成31年5月1日"),
    ] {
        assert!(
            stderr.contains(&format!(":{row}: 退職日 \"{value}\" is not a date")),
            "row {row}: {stderr}"
        );
    }
}

#[test]
fn a_leave_date_before_the_hire_date_is_refused() {
    let stderr = refused_file(&damaged("leave_before_hire.csv"), &[]);
    assert!(
        stderr.contains(":3: 退職日 2019-03-31 is before 入社日 2020-04-01"),
        "{stderr}"
    );
}

#[test]
fn emails_with_invisible_characters_are_refused() {
    let stderr = refused_file(&damaged("invisible_email.csv"), &[]);
    assert!(stderr.contains(":2: メールアドレス"), "{stderr}");
    assert!(stderr.contains(":3: メールアドレス"), "{stderr}");
    assert!(stderr.contains("is not an email address"), "{stderr}");
}

#[test]
fn old_mac_line_ends_are_line_ends() {
    let env = Env::new();
    env.import(&["damaged/old_mac.csv"]);
    assert_eq!(env.count("alumni"), 3);
    let note: String = env.query("SELECT notes FROM alumni WHERE employee_id = '10002'");
    assert_eq!(note, "一行目\n二行目");
    let stderr = refused_file(&damaged("old_mac_bad_date.csv"), &[]);
    assert!(
        stderr.contains(":6: 退職日 \"2024-13-45\" is not a date"),
        "{stderr}"
    );
}

/// Writes a roster whose second row holds `cell` bytes of `x`, quoted or not.
fn roster_with_long_cell(path: &Path, cell: u64, quoted: bool) {
    let mut out = std::io::BufWriter::new(fs::File::create(path).unwrap());
    out.write_all("社員番号,氏名,備考\n1,山田,ok\n2,佐藤,".as_bytes())
        .unwrap();
    if quoted {
        out.write_all(b"\"").unwrap();
    }
    let chunk = vec![b'x'; 1 << 20];
    let mut left = cell;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    if quoted {
        out.write_all(b"\"").unwrap();
    }
    out.write_all(b"\n").unwrap();
    out.flush().unwrap();
}

#[test]
fn a_cell_of_a_gibibyte_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    for quoted in [false, true] {
        let file = dir.path().join("huge.csv");
        roster_with_long_cell(&file, 1 << 30, quoted);
        let started = std::time::Instant::now();
        let stderr = refused_file(&file, &[]);
        assert!(
            stderr.contains("line 3: column 3: a cell longer than 1 MiB"),
            "{stderr}"
        );
        // Reading the whole gibibyte would take far longer than the first MiB.
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        fs::remove_file(&file).unwrap();
    }
}

#[test]
fn a_row_longer_than_16_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wide.csv");
    let cell = "y".repeat(1_000_000);
    let mut text = String::from("社員番号,氏名,備考\n1,山田,ok\n");
    text.push_str(&vec![cell.as_str(); 18].join(","));
    text.push('\n');
    fs::write(&file, text).unwrap();
    let stderr = refused_file(&file, &[]);
    assert!(
        stderr.contains("line 3: a row longer than 16 MiB"),
        "{stderr}"
    );
}

#[test]
fn a_cell_just_under_the_limit_is_imported() {
    let env = Env::new();
    let file = env.path("long_note.csv");
    roster_with_long_cell(&file, 1_000_000, true);
    env.alumni(&["import", file.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(env.count("alumni"), 2);
}

/// `alumni import -` with `bytes` on standard input: its output and stderr.
fn import_stdin(env: &Env, bytes: Vec<u8>) -> (std::process::Output, String) {
    let output = env
        .alumni(&["import", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    (output, stderr)
}

#[test]
fn a_roster_is_read_from_standard_input() {
    let env = Env::new();
    let (output, stderr) = import_stdin(&env, fs::read(fixture("roster_utf8_bom.csv")).unwrap());
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.starts_with("- (csv, UTF-8, header row 1): 10 rows read: 10 inserted"),
        "{stderr}"
    );
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn shift_jis_on_standard_input_is_detected() {
    let env = Env::new();
    let (output, stderr) = import_stdin(&env, fs::read(fixture("roster_sjis.csv")).unwrap());
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("- (csv, Shift_JIS (CP932), header row"),
        "{stderr}"
    );
    let direct = Env::new();
    direct.import(&["roster_sjis.csv"]);
    assert_eq!(env.alumni_rows().len(), 10);
    let names = |e: &Env| -> Vec<String> {
        e.alumni_rows()
            .iter()
            .map(|r| r["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names(&env), names(&direct));
}

#[test]
fn standard_input_mixes_with_files_but_is_read_once() {
    let env = Env::new();
    let output = env
        .alumni(&[
            "import",
            fixture("roster_utf8_bom.csv").to_str().unwrap(),
            "-",
        ])
        .write_stdin("社員番号,氏名\n90001,新人　一郎\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(env.count("alumni"), 11);

    let before = bytes_of(&env);
    let output = env
        .alumni(&["import", "-", "-"])
        .write_stdin("社員番号,氏名\n90002,新人　二郎\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("named more than once"));
    assert!(bytes_of(&env) == before);
}

#[test]
fn damaged_standard_input_is_refused_like_a_file() {
    let env = imported();
    let before = bytes_of(&env);
    let (output, stderr) = import_stdin(&env, fs::read(damaged("unclosed_quote.csv")).unwrap());
    assert_eq!(output.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.contains("-: line 3: column 6: a quoted cell"),
        "{stderr}"
    );
    assert!(bytes_of(&env) == before);
    let (output, stderr) = import_stdin(&env, Vec::new());
    assert_eq!(output.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("-: the file is empty"), "{stderr}");
}

#[test]
fn control_characters_in_workbook_cells_are_refused_by_row() {
    let stderr = refused_file(&damaged("workbook_controls.xlsx"), &[]);
    assert!(
        stderr.contains(":3: 氏名 holds a control character (U+0085)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":4: 備考 holds a control character (U+007F)"),
        "{stderr}"
    );
    assert!(!stderr.contains(":2:"), "{stderr}");
}
