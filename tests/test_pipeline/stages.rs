//! `alumni stages`: listing, renaming (a new key reaches every application and
//! its history), reordering and adding stages, and the keys refused.

use super::*;

#[test]
fn stages_without_a_subcommand_lists_the_default_stages_in_order() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let table = stdout(&env, &["stages"]);
    assert!(table.contains("意向あり"), "{table}");
    let rows = json(&stdout(&env, &["stages", "list", "--format", "json"]));
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["position"], 1);
    assert_eq!(rows[0]["key"], "contacted");
    assert_eq!(rows[0]["label_ja"], "接触");
    assert_eq!(rows[7]["key"], "rejoined");
    assert_eq!(rows[7]["label_en"], "Rejoined");
}

#[test]
fn renaming_a_stage_key_reaches_existing_applications_and_their_history() {
    let env = pipeline();
    let output = env
        .alumni(&[
            "stages",
            "rename",
            "interview",
            "--key",
            "interviews",
            "--ja",
            "面接選考",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("1 application and 1 history entry now say interviews"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(app(&env, 1, "stage").as_deref(), Some("interviews"));
    assert_eq!(
        app(&env, 1, "furthest_stage").as_deref(),
        Some("interviews")
    );
    assert_eq!(
        history(&env, 1),
        pairs(&[("contacted", "2026-10-01"), ("interviews", "2026-10-05")])
    );
    assert_eq!(env.count("stage_events WHERE stage = 'interview'"), 0);
    let rows = json(&stdout(&env, &["pipeline", "list", "--format", "json"]));
    assert_eq!(rows[0]["stage_label"], "面接選考");
    let label: String = env.query("SELECT label_en FROM stages WHERE key = 'interviews'");
    assert_eq!(label, "Interview");
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'stages rename'");
    assert_eq!(audit, "stage interview: key interviews, label_ja 面接選考");
    // Moves go on under the new key.
    move_to(&env, 1, "offer", "2026-10-06");
    assert_eq!(app(&env, 1, "furthest_stage").as_deref(), Some("offer"));
}

#[test]
fn a_stage_key_must_be_a_new_lower_case_ascii_word() {
    let env = roster();
    let err = refused(
        &env,
        &["stages", "rename", "screening", "--key", "Docs"],
        65,
    );
    assert!(err.contains("lower-case ASCII word"), "{err}");
    let err = refused(
        &env,
        &["stages", "rename", "screening", "--key", "書類"],
        65,
    );
    assert!(err.contains("lower-case ASCII word"), "{err}");
    let err = refused(
        &env,
        &["stages", "rename", "screening", "--key", "offer"],
        65,
    );
    assert!(err.contains("already a stage \"offer\""), "{err}");
    let err = refused(
        &env,
        &["stages", "rename", "screening", "--key", "declined"],
        65,
    );
    assert!(err.contains("name of an outcome"), "{err}");
    let err = refused(&env, &["stages", "rename", "screening"], 2);
    assert!(err.contains("nothing to change"), "{err}");
    let err = refused(&env, &["stages", "rename", "lunch", "--en", "Lunch"], 65);
    assert!(err.contains("no stage \"lunch\""), "{err}");
}

#[test]
fn moving_a_stage_reorders_positions_one_to_n_and_furthest_follows_the_new_order() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "screening", "2026-10-02");
    move_to(&env, id, "interested", "2026-10-03");
    assert_eq!(
        app(&env, id, "furthest_stage").as_deref(),
        Some("screening")
    );

    stdout(&env, &["stages", "move", "screening", "2"]);
    assert_eq!(
        stage_keys(&env),
        "contacted,screening,interested,applied,interview,offer,accepted,rejoined"
    );
    let positions: String =
        env.query("SELECT string_agg(CAST(position AS TEXT), ',' ORDER BY position) FROM stages");
    assert_eq!(positions, "1,2,3,4,5,6,7,8");
    // interested now comes after screening, so it is the furthest reached.
    assert_eq!(
        app(&env, id, "furthest_stage").as_deref(),
        Some("interested")
    );

    stdout(&env, &["stages", "move", "screening", "4"]);
    assert_eq!(
        stage_keys(&env),
        "contacted,interested,applied,screening,interview,offer,accepted,rejoined"
    );
    let audit = env.count("audit WHERE command = 'stages move'");
    assert_eq!(audit, 2);
}

#[test]
fn the_hire_stage_stays_last() {
    let env = roster();
    let err = refused(&env, &["stages", "move", "rejoined", "3"], 65);
    assert!(err.contains("it stays last"), "{err}");
    let err = refused(&env, &["stages", "move", "offer", "8"], 65);
    assert!(err.contains("choose 1 to 7"), "{err}");
    let err = refused(&env, &["stages", "move", "offer", "0"], 65);
    assert!(err.contains("out of range"), "{err}");
    let err = refused(
        &env,
        &[
            "stages",
            "add",
            "onboarding",
            "--after",
            "rejoined",
            "--en",
            "Onboarding",
            "--ja",
            "オンボーディング",
        ],
        65,
    );
    assert!(err.contains("nothing can come after rejoined"), "{err}");
}

#[test]
fn a_stage_added_after_another_takes_the_next_place() {
    let env = roster();
    let output = env
        .alumni(&[
            "stages",
            "add",
            "casual",
            "--after",
            "interested",
            "--en",
            "Casual talk",
            "--ja",
            "カジュアル面談",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        stage_keys(&env),
        "contacted,interested,casual,applied,screening,interview,offer,accepted,rejoined"
    );
    let row: String = env.query(
        "SELECT position || ' ' || label_ja || ' ' || label_en FROM stages WHERE key = 'casual'",
    );
    assert_eq!(row, "3 カジュアル面談 Casual talk");
    let max: i64 = env.query("SELECT max(position) FROM stages");
    assert_eq!(max, 9);
    assert_eq!(env.count("audit WHERE command = 'stages add'"), 1);
    // And applications can enter it.
    let id = open(
        &env,
        &["00123", "--stage", "casual", "--date", "2026-10-01"],
    );
    assert_eq!(app(&env, id, "stage").as_deref(), Some("casual"));

    let err = refused(
        &env,
        &[
            "stages",
            "add",
            "Casual Talk",
            "--after",
            "interested",
            "--en",
            "x",
            "--ja",
            "y",
        ],
        65,
    );
    assert!(err.contains("lower-case ASCII word"), "{err}");
    let err = refused(
        &env,
        &[
            "stages",
            "add",
            "chat",
            "--after",
            "interested",
            "--en",
            "Offer",
            "--ja",
            "y",
        ],
        65,
    );
    assert!(
        err.contains("already the label of the stage offer"),
        "{err}"
    );
}
