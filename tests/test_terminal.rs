//! What a person at a terminal sees: prompts in a real pseudo-terminal,
//! answered with the keys a person would press.

use crate::common::pty::{press, spawn};
use crate::common::{Env, fixture};

/// `alumni --db … ARGS` in a pseudo-terminal. (rexpect reads the screen
/// byte by byte, so only ASCII text is looked for on it.)
const DOWN: &str = "j";
const ENTER: &str = "\r";

/// Presses a key as a person would: after the prompt has switched the
/// terminal to reading single keys (a key typed earlier waits for a line end).
#[test]
fn an_unknown_column_is_mapped_at_a_prompt_offering_the_likely_field_first() {
    let env = Env::new();
    let file = fixture("unknown_header.csv");
    let mut session = spawn(&env, &["import", file.to_str().unwrap()]);
    // The first question is about 人事コード; the likeliest field, employee_id,
    // comes right after "leave this column out".
    session.exp_string("which field is the column").unwrap();
    session
        .exp_string("> (leave this column out)\r\n  employee_id (")
        .unwrap();
    press(&mut session, DOWN);
    press(&mut session, ENTER);
    // The second is about 趣味: leave it out.
    session.exp_string("which field is the column").unwrap();
    press(&mut session, ENTER);
    // The answers are given back as the options a script would pass, and
    // a column left out on purpose is not warned about.
    let said = session.exp_string("3 inserted").unwrap();
    assert!(said.contains("=employee_id' --map '"), "{said}");
    assert!(said.contains("=ignore'"), "{said}");
    assert!(!said.contains("matches no roster field"), "{said}");
    session.exp_eof().unwrap();

    let ids: String = env.query("SELECT group_concat(employee_id, ',') FROM alumni");
    assert_eq!(ids, "00123,00124,00125");

    // A file with the same header row is read as answered, without asking.
    let next = env.path("next.csv");
    std::fs::write(&next, "人事コード,氏名,趣味\n00126,田中 一郎,将棋\n").unwrap();
    let mut session = spawn(&env, &["import", next.to_str().unwrap()]);
    let said = session.exp_string("1 inserted").unwrap();
    assert!(!said.contains("which field"), "{said}");
    session.exp_eof().unwrap();
    let ids: String = env.query("SELECT group_concat(employee_id, ',') FROM alumni");
    assert_eq!(ids, "00123,00124,00125,00126");
}

#[test]
fn add_asks_for_a_missing_name_at_the_terminal() {
    let env = Env::empty();
    let mut session = spawn(&env, &["add", "--email", "hanako@example.jp"]);
    session.exp_string("Name (").unwrap();
    session.send_line("山田　花子").unwrap();
    session.exp_string("added #1").unwrap();
    session.exp_eof().unwrap();
    let name: String = env.query("SELECT name FROM alumni WHERE email = 'hanako@example.jp'");
    assert_eq!(name, "山田 花子");
}

#[test]
fn merge_asks_for_confirmation_at_the_terminal() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["add", "--name", "山田 太郎", "--employee-id", "09123"])
        .assert()
        .success();
    let mut session = spawn(&env, &["merge", "00123", "09123"]);
    session.exp_string("and remove #11?").unwrap();
    press(&mut session, "y");
    session.exp_string("merged #11 into #1").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn merge_declined_at_the_terminal_changes_nothing() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["add", "--name", "山田 太郎", "--employee-id", "09123"])
        .assert()
        .success();
    let before = env.snapshot();
    let mut session = spawn(&env, &["merge", "00123", "09123"]);
    session.exp_string("and remove #11?").unwrap();
    press(&mut session, "n");
    session.exp_string("nothing merged").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.snapshot(), before);
}
