//! Prompts in a real pseudo-terminal: the stage select list of `pipeline
//! move` and the reason `pipeline close` asks for.

use std::process::Command;

use super::*;

/// `alumni --db … ARGS` in a pseudo-terminal; only ASCII is looked for on
/// the screen, as rexpect reads it byte by byte.
fn spawn(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("alumni"));
    command
        .env_remove("ALUMNI_DB")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("--db")
        .arg(&env.db)
        .args(args);
    rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal")
}

#[test]
fn a_move_without_a_stage_offers_the_stages_at_a_terminal() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let mut session = spawn(&env, &["pipeline", "move", "1", "--date", "2026-10-02"]);
    session.exp_string("Move application 1").unwrap();
    session.exp_string("interested").unwrap();
    // Down once: from contacted to interested.
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("j").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("\r").unwrap();
    session.flush().unwrap();
    session.exp_string("-> interested").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(app(&env, 1, "stage").as_deref(), Some("interested"));
}

#[test]
fn close_asks_for_a_missing_reason_at_a_terminal() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let mut session = spawn(&env, &["pipeline", "close", "1", "declined"]);
    session.exp_string("Reason (").unwrap();
    session.send_line("他社に入社").unwrap();
    session.exp_string("closed as declined").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(
        app(&env, 1, "outcome_reason").as_deref(),
        Some("他社に入社")
    );
}
