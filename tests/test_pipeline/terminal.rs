//! Prompts in a real pseudo-terminal: the stage select list of `pipeline
//! move` and the reason `pipeline close` asks for.

use super::*;
use crate::common::pty::{press, spawn};

/// `alumni --db … ARGS` in a pseudo-terminal; only ASCII is looked for on
/// the screen, as rexpect reads it byte by byte.
#[test]
fn a_move_without_a_stage_offers_the_stages_at_a_terminal() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let mut session = spawn(&env, &["pipeline", "move", "1", "--date", "2026-10-02"]);
    session.exp_string("Move application 1").unwrap();
    // The list starts on the stage after contacted: Enter moves there.
    session.exp_string("> interested").unwrap();
    press(&mut session, "\r");
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
