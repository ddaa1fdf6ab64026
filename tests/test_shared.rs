//! Several people on one database at once, on either backend: writes that
//! meet lose nothing, a change confirmed on a terminal after a colleague
//! changed the record meanwhile is refused, and the audit log names the
//! person and the database role.

use crate::common::pty::{press, spawn};
use crate::common::{Env, fixture, on_postgres, roster, stderr, stdout};

#[test]
fn people_importing_logging_contacts_and_moving_applications_at_once_lose_nothing() {
    let env = roster();
    let apps: Vec<String> = ["00123", "00124", "00125"]
        .iter()
        .map(|p| {
            stdout(&env, &["pipeline", "add", p, "--date", "2026-11-01"])
                .trim()
                .to_string()
        })
        .collect();
    let contacts_before = env.count("contacts");
    let merge_roster = fixture("merge_roster.csv").display().to_string();
    let types_roster = fixture("roster_types.csv").display().to_string();
    let mut jobs: Vec<Vec<String>> = vec![
        vec!["import".into(), merge_roster],
        vec!["import".into(), types_roster],
    ];
    for i in 0..12 {
        let who = ["00123", "00124", "00125", "00126"][i % 4];
        jobs.push(
            [
                "contact",
                "add",
                who,
                "--channel",
                "phone",
                "--date",
                "2026-11-20",
                "--summary",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([format!("同時の記録 {i}")])
            .collect(),
        );
    }
    for app in &apps {
        jobs.push(
            ["pipeline", "move", app, "interview", "--date", "2026-11-21"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
    }
    let outputs: Vec<(Vec<String>, std::process::Output)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                let env = &env;
                scope.spawn(move || {
                    let args: Vec<&str> = job.iter().map(String::as_str).collect();
                    (job.clone(), env.alumni(&args).output().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (job, output) in &outputs {
        assert!(
            output.status.success(),
            "{job:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(env.count("contacts"), contacts_before + 12);
    for i in 0..12 {
        assert_eq!(
            env.count(&format!("contacts WHERE summary = '同時の記録 {i}'")),
            1,
            "contact {i}"
        );
    }
    for app in &apps {
        let stage: String = env.query(&format!(
            "SELECT stage FROM stage_events WHERE application_id = {app} ORDER BY id DESC LIMIT 1"
        ));
        assert_eq!(stage, "interview", "application {app}");
    }
    // Both imports are there whole: one file's people each.
    assert_eq!(env.count("imports"), 3);
    assert!(env.count("alumni WHERE employee_id LIKE 'M%'") >= 3);
    let audit_rows = env.count("audit WHERE command IN ('contact add', 'pipeline move')");
    assert_eq!(audit_rows, 15, "one audit row per write");
}

/// Two records to merge, and the pseudo-terminal asking whether to.
fn merge_asked(env: &Env) -> rexpect::session::PtySession {
    let mut session = spawn(env, &["merge", "M001", "M002"]);
    session.exp_string("and remove #2?").unwrap();
    session
}

#[test]
fn a_merge_confirmed_after_a_colleague_changed_a_record_is_refused_and_the_change_kept() {
    let env = Env::new();
    env.import(&["merge_roster.csv"]);
    let mut session = merge_asked(&env);
    // While the first person reads the question, a colleague edits the
    // record that would be removed.
    stderr(&env, &["edit", "M002", "--notes", "電話で住所変更を確認"]);
    let before = env.snapshot();
    press(&mut session, "y");
    session.exp_string("changed since").unwrap();
    session.exp_eof().unwrap();
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 1)),
        "{status:?}"
    );
    assert_eq!(
        env.snapshot(),
        before,
        "nothing merged, nothing overwritten"
    );
    let notes: String = env.query("SELECT notes FROM alumni WHERE employee_id = 'M002'");
    assert_eq!(notes, "電話で住所変更を確認");

    // Asked again, with the record as it is now, the merge goes ahead.
    let mut session = merge_asked(&env);
    press(&mut session, "y");
    session.exp_string("merged #2 into #1").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.count("merges"), 1);
}

#[test]
fn an_erasure_confirmed_after_the_record_changed_is_refused() {
    let env = Env::new();
    env.import(&["merge_roster.csv"]);
    let mut session = spawn(&env, &["forget", "M003"]);
    session.exp_string("This cannot be undone").unwrap();
    stderr(
        &env,
        &["edit", "M003", "--current-company", "株式会社みらい"],
    );
    let before = env.snapshot();
    press(&mut session, "y");
    session.exp_string("changed since").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.snapshot(), before, "nothing erased");
}

#[test]
fn the_audit_log_names_the_person_and_the_database_role() {
    let env = roster();
    stderr(&env, &["edit", "00123", "--notes", "x"]);
    let row: String =
        env.query("SELECT actor || '|' || COALESCE(db_role, '') FROM audit WHERE command = 'edit'");
    if on_postgres() {
        assert_eq!(
            row, "tester|postgres",
            "the person, and the role connected as"
        );
    } else {
        assert_eq!(row, "tester|", "SQLite has no roles");
    }
}
