//! Output that fits: tables no wider than the terminal (columns dropped,
//! cells cut with …), `--columns` and `--limit` on listings, the pager on
//! a terminal, a reader that goes away early, and stored times shown in
//! local time while JSON keeps them as stored.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use rexpect::session::spawn_command;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{Env, example, stderr_of, stdout_of};

/// Alumni with long Japanese names, and applications with long positions
/// and sources, added with the real commands.
fn long_japanese() -> Env {
    let env = Env::empty();
    let people = [
        (
            "10001",
            "長谷川 由紀子",
            "yukiko.hasegawa.longname@example.co.jp",
        ),
        (
            "10002",
            "勅使河原 三郎太",
            "saburota.teshigawara@example.co.jp",
        ),
        ("10003", "小鳥遊 かおり", "kaori.takanashi@example.co.jp"),
    ];
    for (id, name, email) in people {
        env.alumni(&["add", "--employee-id", id, "--name", name, "--email", email])
            .assert()
            .success();
        env.alumni(&[
            "pipeline",
            "add",
            id,
            "--position",
            "シニアソフトウェアエンジニア（決済基盤・バックエンド開発チーム）",
            "--department",
            "プロダクト開発本部 決済プラットフォーム部",
            "--source",
            "アルムナイ交流会（二〇二六年秋・東京本社）からの紹介",
        ])
        .assert()
        .success();
    }
    env
}

/// `alumni ARGS` in a pseudo-terminal `columns` wide, with `env` set;
/// returns the screen as text (line ends without their `\r`).
pub(crate) fn on_terminal(env: &Env, columns: u16, vars: &[(&str, &str)], args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("alumni");
    // The size is set inside the terminal before alumni starts, as a
    // resized window would be.
    let script = format!(
        "stty cols {columns} rows 40; exec '{}' --db '{}' {args}",
        bin.display(),
        env.db_arg().to_string_lossy()
    );
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .env_remove("ALUMNI_DB")
        .env_remove("COLUMNS")
        .env("PAGER", "")
        .env("ALUMNI_USER", "tester")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .current_dir(env.dir.path());
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut session = spawn_command(command, Some(30_000)).expect("a pseudo-terminal");
    let screen = session.exp_eof().expect("the command ends");
    // rexpect gives each byte as a char: put the UTF-8 back together.
    let bytes: Vec<u8> = screen.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes)
        .expect("UTF-8 on the screen")
        .replace('\r', "")
}

fn assert_fits(screen: &str, columns: usize) {
    assert!(screen.contains('┌'), "no table on the screen:\n{screen}");
    for line in screen.lines() {
        assert!(
            line.width() <= columns,
            "{} columns wide: {line:?}\n{screen}",
            line.width()
        );
    }
}

#[test]
fn pipeline_list_on_an_80_column_terminal_fits_every_line() {
    let env = long_japanese();
    let screen = on_terminal(&env, 80, &[], "pipeline list");
    assert_fits(&screen, 80);
    assert!(screen.contains('…'), "long cells are cut:\n{screen}");
    assert!(screen.contains("長谷川"), "{screen}");
    assert!(screen.contains("; see --columns"), "{screen}");
    // Without a terminal nothing is cut: a pipe gets every character.
    let piped = stdout_of(&env.alumni(&["pipeline", "list"]).output().unwrap());
    assert!(piped.contains("東京本社)からの紹介"), "{piped}");
    assert!(!piped.contains('…'), "{piped}");
}

#[test]
fn list_on_an_80_column_terminal_fits_and_says_what_it_hid() {
    let env = example();
    let screen = on_terminal(&env, 80, &[], "list");
    assert_fits(&screen, 80);
    // The least important go first; the id and the name stay.
    assert!(screen.contains("columns hidden: "), "{screen}");
    assert!(screen.contains("current_company"), "{screen}");
    let header = screen.lines().find(|l| l.starts_with("│ #")).unwrap();
    assert!(header.contains("name"), "{header}");
    assert!(!header.contains("current_company"), "{header}");
}

#[test]
fn columns_choose_the_columns_and_their_order() {
    let env = example();
    let csv = env
        .alumni(&[
            "list",
            "--columns",
            "name,id",
            "--format",
            "csv",
            "--no-bom",
        ])
        .output()
        .unwrap();
    let text = stdout_of(&csv);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("name,id"));
    assert_eq!(lines.next(), Some("山田 太郎,1"));

    // A column the table leaves out is shown when asked for, under its name.
    let table = stdout_of(
        &env.alumni(&["list", "--columns", "phone,name"])
            .output()
            .unwrap(),
    );
    let header = table.lines().nth(1).unwrap();
    assert!(
        header.starts_with("│ phone") && header.contains("┆ name"),
        "{table}"
    );
    assert!(!header.contains('#'), "{table}");

    let json = stdout_of(
        &env.alumni(&["list", "--columns", "email,id", "--format", "json"])
            .output()
            .unwrap(),
    );
    let rows: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    assert_eq!(keys, ["email", "id"]);
}

#[test]
fn an_unknown_column_is_refused_with_the_valid_ones() {
    let env = example();
    let out = env
        .alumni(&["pipeline", "list", "--columns", "id,nmae"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let message = stderr_of(&out);
    assert!(
        message.contains(
            "--columns: no column \"nmae\"; the columns are: id, kind, employee_id, name"
        ),
        "{message}"
    );
    assert!(stdout_of(&out).is_empty());
}

#[test]
fn limit_shows_at_most_that_many_rows_on_every_listing() {
    let env = example();
    for args in [
        &["list", "--limit", "2", "--format", "csv"][..],
        &["search", "example", "--limit", "2", "--format", "csv"],
        &["pipeline", "list", "--limit", "2", "--format", "csv"],
        &["contact", "list", "--limit", "2", "--format", "csv"],
    ] {
        let text = stdout_of(&env.alumni(args).output().unwrap());
        assert_eq!(text.lines().count(), 3, "{args:?}:\n{text}");
    }
    let json = stdout_of(
        &env.alumni(&["list", "--limit", "1", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(serde_json::from_str::<Vec<Value>>(&json).unwrap().len(), 1);
    // Off a terminal no note is added to stderr.
    let out = env.alumni(&["list", "--limit", "1"]).output().unwrap();
    assert!(stderr_of(&out).is_empty(), "{}", stderr_of(&out));
}

#[test]
fn on_a_terminal_a_limit_says_how_much_is_shown() {
    let env = example();
    let screen = on_terminal(&env, 200, &[], "list --limit 2");
    assert!(
        screen.contains("showing the first 2; see --limit"),
        "{screen}"
    );
    let screen = on_terminal(&env, 200, &[], "pipeline list --limit 1");
    let total = env.count("applications");
    assert!(
        screen.contains(&format!("showing 1 of {total}; see --limit")),
        "{screen}"
    );
}

#[test]
fn the_pager_gets_the_output_on_a_terminal_unless_no_pager() {
    let env = example();
    let paged = env.path("paged.txt");
    let pager = format!("cat > '{}'", paged.display());
    let screen = on_terminal(&env, 120, &[("PAGER", &pager)], "list");
    let text = std::fs::read_to_string(&paged).expect("the pager ran");
    assert!(text.contains("山田 太郎"), "{text}");
    assert!(!screen.contains("山田 太郎"), "{screen}");

    std::fs::remove_file(&paged).unwrap();
    let screen = on_terminal(&env, 120, &[("PAGER", &pager)], "--no-pager list");
    assert!(!paged.exists(), "--no-pager ran the pager");
    assert!(screen.contains("山田 太郎"), "{screen}");

    let screen = on_terminal(&env, 120, &[("PAGER", "")], "list");
    assert!(screen.contains("山田 太郎"), "{screen}");
}

#[test]
fn a_reader_that_stops_early_is_a_quiet_success() {
    let env = Env::new();
    // Enough rows that the table outgrows the pipe's buffer.
    let mut csv = String::from("社員番号,氏名,メールアドレス,退職日\n");
    for i in 0..3000 {
        csv.push_str(&format!("{i:05},山田 {i},p{i}@example.jp,2024-03-31\n"));
    }
    let file = env.path("many.csv");
    std::fs::write(&file, csv).unwrap();
    env.alumni(&["import", file.to_str().unwrap()])
        .assert()
        .success();
    for format in ["table", "csv", "json"] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("alumni"))
            .env_remove("ALUMNI_DB")
            .args(["--db", env.db.to_str().unwrap(), "list", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone, as `alumni list | head -1` leaves it.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {:?}", out.status);
        assert!(out.stderr.is_empty(), "{format}: {}", stderr_of(&out));
    }
}

#[test]
fn tables_show_local_time_and_json_keeps_utc_as_stored() {
    let env = example();
    let tokyo = |args: &[&str]| {
        let out = env.alumni(args).env("TZ", "Asia/Tokyo").output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        stdout_of(&out)
    };
    let json: Vec<Value> = serde_json::from_str(&tokyo(&["audit", "--format", "json"])).unwrap();
    let stored = json[0]["at"].as_str().unwrap().to_string();
    assert!(stored.ends_with('Z'), "{stored}");
    let local = stored
        .parse::<jiff::Timestamp>()
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    let table = tokyo(&["audit"]);
    assert!(table.contains(&local), "{local} not in\n{table}");
    assert!(!table.contains(&stored), "{table}");

    let roster: Vec<Value> =
        serde_json::from_str(&tokyo(&["list", "--limit", "1", "--format", "json"])).unwrap();
    let created = roster[0]["created_at"].as_str().unwrap();
    let csv = tokyo(&[
        "list",
        "--limit",
        "1",
        "--columns",
        "created_at",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(created), "CSV keeps the stored time: {csv}");
    let shown = tokyo(&["list", "--limit", "1", "--columns", "id,created_at"]);
    assert!(!shown.contains(created), "{shown}");
    assert!(!shown.contains('Z'), "{shown}");
    // `show` lays out its own table, and shows the record's times so too.
    let local_created = created
        .parse::<jiff::Timestamp>()
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    let id = roster[0]["id"].to_string();
    let profile = tokyo(&["show", &format!("#{id}")]);
    assert!(
        profile.contains(&local_created),
        "{local_created} not in
{profile}"
    );
    assert!(!profile.contains(created), "{profile}");
}
