//! `alumni pipeline close`: outcomes, reasons, and the closings refused.

use super::*;

#[test]
fn close_stores_the_outcome_its_reason_who_ended_it_and_when() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "offer", "2026-10-10");
    let output = env
        .alumni(&[
            "pipeline",
            "close",
            "1",
            "rejected",
            "--reason",
            "ポジション　充足",
            "--by",
            "company",
            "--date",
            "2026-10-15",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "");
    assert_eq!(app(&env, id, "outcome").as_deref(), Some("rejected"));
    assert_eq!(
        app(&env, id, "outcome_reason").as_deref(),
        Some("ポジション 充足")
    );
    assert_eq!(app(&env, id, "outcome_by").as_deref(), Some("company"));
    assert_eq!(app(&env, id, "closed_on").as_deref(), Some("2026-10-15"));
    // The stage where it ended stays, for the funnel.
    assert_eq!(app(&env, id, "stage").as_deref(), Some("offer"));
    // The reason is personal; the audit names the outcome only.
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'pipeline close'");
    assert_eq!(audit, "application 1: rejected");
}

#[test]
fn a_decline_is_the_candidates_decision_unless_told_otherwise() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "他社に入社",
        ],
    );
    assert_eq!(app(&env, 1, "outcome_by").as_deref(), Some("candidate"));
    open(&env, &["00124", "--date", "2026-10-01"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "2",
            "withdrawn",
            "--reason",
            "募集停止",
        ],
    );
    assert_eq!(app(&env, 2, "outcome_by"), None);
}

#[test]
fn closing_a_closed_application_is_refused_and_changes_nothing() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "他社に入社",
            "--date",
            "2026-10-20",
        ],
    );
    let err = refused(
        &env,
        &["pipeline", "close", "1", "rejected", "--reason", "別の理由"],
        65,
    );
    assert!(
        err.contains("application 1 was closed (declined) on 2026-10-20"),
        "{err}"
    );
    assert_eq!(
        app(&env, 1, "outcome_reason").as_deref(),
        Some("他社に入社")
    );
}

#[test]
fn close_without_a_reason_and_no_terminal_is_a_usage_error_naming_reason() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(&env, &["pipeline", "close", "1", "declined"], 2);
    assert!(err.contains("missing --reason"), "{err}");
    let err = refused(
        &env,
        &["pipeline", "close", "1", "declined", "--reason", "　"],
        2,
    );
    assert!(err.contains("--reason is empty"), "{err}");
}

#[test]
fn closing_an_unknown_application_or_before_its_last_entry_is_refused() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(
        &env,
        &["pipeline", "close", "7", "declined", "--reason", "x"],
        1,
    );
    assert!(err.contains("no application 7"), "{err}");
    let err = refused(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "x",
            "--date",
            "2026-09-30",
        ],
        65,
    );
    assert!(err.contains("out of order"), "{err}");
}
