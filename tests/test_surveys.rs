//! `alumni survey import|list|show`, run as a user would on a database
//! holding the six people of `fixtures/surveys/roster.csv` (ids #1-#6 in
//! file order: 00201 青木 健 … 00206 加藤 彩). The exports in
//! `fixtures/surveys/` follow the layouts of Google Forms and Microsoft
//! Forms; their NPS, worked out by hand, is in make_survey_fixtures.py.
//! This file: importing; bad input and the listings have a file each.

mod bad_input;
mod show;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{Env, fixture, stderr, stdout};

/// A database with the survey roster.
fn surveyed() -> Env {
    let env = Env::new();
    env.import(&["surveys/roster.csv"]);
    env
}

/// A copy of a survey fixture in the test's directory, so that its
/// default rejects file is written there; returns the copy's path.
fn copy(env: &Env, name: &str) -> String {
    let to = env.path(name);
    std::fs::copy(fixture(&format!("surveys/{name}")), &to).unwrap();
    to.display().to_string()
}

/// `survey import` of a copy of `name` with `more` options; returns stderr.
fn import(env: &Env, name: &str, more: &[&str]) -> String {
    let path = copy(env, name);
    let mut args = vec!["survey", "import", path.as_str()];
    args.extend(more);
    stderr(env, &args)
}

/// Employee ID → (day, score, comment) of survey `id`'s responses.
fn responses(env: &Env, id: i64) -> BTreeMap<String, (String, Option<i64>, Option<String>)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id, r.answered_on, r.score, r.comment
             FROM survey_responses r JOIN alumni a ON a.id = r.alumnus_id
             WHERE r.survey_id = ?",
        )
        .unwrap();
    stmt.query_map([id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `survey show ID --format json`.
fn shown(env: &Env, id: &str) -> Value {
    serde_json::from_str(&stdout(env, &["survey", "show", id, "--format", "json"])).unwrap()
}

fn answer(day: &str, score: i64, comment: Option<&str>) -> (String, Option<i64>, Option<String>) {
    (day.into(), Some(score), comment.map(String::from))
}

#[test]
fn a_google_forms_export_in_english_is_imported_with_scores_comments_and_answers() {
    let env = surveyed();
    let path = copy(&env, "google_en.csv");
    let output = env.alumni(&["survey", "import", &path]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "1\n");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(
            "5 rows read: 5 responses imported as survey #1, 0 unmatched, 0 invalid; NPS 40"
        ),
        "{err}"
    );
    assert!(
        err.contains("comment question: Any other comments?"),
        "{err}"
    );
    let got = responses(&env, 1);
    assert_eq!(
        got["00201"],
        answer("2026-11-20", 10, Some("Great to see everyone again."))
    );
    assert_eq!(got["00202"], answer("2026-11-20", 9, None));
    assert_eq!(got["00205"], answer("2026-11-22", 3, None));
    assert_eq!(got.len(), 5);
    let (name, question, hash): (String, String, String) = env
        .conn()
        .query_row(
            "SELECT name, score_question, content_hash FROM surveys WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(name, "google_en", "the name is the file's stem");
    assert!(
        question.starts_with("How likely are you to recommend"),
        "{question}"
    );
    assert_eq!(hash.len(), 64);
    let answers: String = env.query("SELECT answers FROM survey_responses WHERE alumnus_id = 1");
    assert_eq!(
        answers,
        r#"{"Which sessions did you attend?":"Keynote, Networking"}"#
    );
}

#[test]
fn each_response_is_an_inbound_contact_on_the_day_of_the_answer() {
    let env = surveyed();
    import(&env, "google_en.csv", &["--name", "Autumn mixer feedback"]);
    let contacts: Vec<(String, String, String, String, String)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare(
                "SELECT c.date, c.channel, c.direction, c.summary, c.owner FROM contacts c
                 JOIN survey_responses r ON r.contact_id = c.id ORDER BY c.alumnus_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let days: Vec<&str> = contacts.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        days,
        [
            "2026-11-20",
            "2026-11-20",
            "2026-11-21",
            "2026-11-21",
            "2026-11-22"
        ]
    );
    for (_, channel, direction, summary, owner) in &contacts {
        assert_eq!(
            (
                channel.as_str(),
                direction.as_str(),
                summary.as_str(),
                owner.as_str()
            ),
            ("other", "inbound", "Autumn mixer feedback", "tester")
        );
    }
    assert_eq!(env.count("contacts"), 5);
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'survey import'");
    assert_eq!(
        audit,
        "survey #1: 5 responses imported, 0 unmatched, 0 invalid"
    );
}

#[test]
fn a_japanese_google_forms_export_with_a_bom_and_a_zone_suffix_is_read() {
    let env = surveyed();
    let err = import(&env, "google_ja.csv", &[]);
    assert!(err.contains("NPS 25"), "{err}");
    let got = responses(&env, 1);
    assert_eq!(
        got["00206"],
        answer(
            "2026-12-18",
            10,
            Some("また参加したいです。次回も楽しみにしています。")
        )
    );
    assert_eq!(got["00203"], answer("2026-12-19", 5, None));
    // 8, 10, 5, 10: promoters 2, passives 1, detractors 1 of 4.
    let json = shown(&env, "1");
    assert_eq!(
        (
            &json["promoters"],
            &json["passives"],
            &json["detractors"],
            &json["nps"]
        ),
        (
            &Value::from(2),
            &Value::from(1),
            &Value::from(1),
            &Value::from(25)
        )
    );
}

#[test]
fn a_microsoft_forms_workbook_takes_the_completion_day_and_its_id_is_no_employee_id() {
    let env = surveyed();
    let err = import(&env, "ms_forms.xlsx", &[]);
    assert!(err.contains("6 responses imported"), "{err}");
    assert!(err.contains("comment question: Feedback"), "{err}");
    let got = responses(&env, 1);
    assert_eq!(
        got["00201"],
        answer("2026-11-20", 10, Some("Thank you for organising."))
    );
    // Row 6 started 2026-11-20 at 14:00 plus 15 hours: the next day.
    assert_eq!(got["00206"], answer("2026-11-21", 0, None));
    let answers: Vec<String> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT answers FROM survey_responses WHERE answers IS NOT NULL")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        answers,
        [
            r#"{"What did you enjoy most?":"Meeting old friends"}"#,
            r#"{"What did you enjoy most?":"The talks"}"#,
            r#"{"What did you enjoy most?":"Food"}"#,
        ]
    );
    // 10, 10, 9, 8, 2, 0: promoters 3, passives 1, detractors 2 of 6;
    // (3 − 2) / 6 = 16.67 → 17.
    let json = shown(&env, "1");
    assert_eq!(json["nps"], 17);
    assert_eq!(
        json["distribution"],
        serde_json::json!([1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 2])
    );
}

#[test]
fn a_cp932_microsoft_forms_export_below_a_title_matches_by_employee_id_after_email() {
    let env = surveyed();
    let err = import(&env, "ms_forms_ja.csv", &[]);
    assert!(err.contains("3 responses imported"), "{err}");
    assert!(err.contains("score question: 推奨度（0～10）"), "{err}");
    let got = responses(&env, 1);
    // Row 5's private email is nobody's; its 社員番号 00202 is 石井 美咲's.
    assert_eq!(got["00202"], answer("2026-11-20", 10, None));
    assert_eq!(
        got["00203"],
        answer("2026-11-21", 6, Some("会場が遠かった"))
    );
    // 9, 10, 6: (2 − 1) / 3 = 33.3 → 33.
    assert_eq!(shown(&env, "1")["nps"], 33);
}

#[test]
fn a_further_email_of_an_alumnus_matches() {
    let env = surveyed();
    env.conn()
        .execute(
            "INSERT INTO alumnus_contacts (alumnus_id, kind, value, created_at)
             VALUES (6, 'email', 'stranger@example.com', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    let err = import(&env, "unmatched.csv", &[]);
    assert!(err.contains("3 responses imported"), "{err}");
    assert_eq!(
        responses(&env, 1)["00206"],
        answer("2026-11-20", 10, Some("Who am I?"))
    );
}

#[test]
fn the_same_file_imported_again_changes_nothing_and_says_so() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    let before = env.snapshot();
    let output = env
        .alumni(&[
            "survey",
            "import",
            &env.path("google_en.csv").display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("imported before, as survey #1 (google_en); nothing changed"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_updated_export_of_the_same_form_adds_only_the_new_answers_to_its_survey() {
    let env = surveyed();
    import(&env, "google_en.csv", &["--name", "Autumn mixer feedback"]);
    let contacts = env.count("contacts");
    let err = import(
        &env,
        "google_en_later.csv",
        &["--name", "Autumn mixer feedback"],
    );
    assert!(
        err.contains("5 respondents had answered survey #1 before"),
        "{err}"
    );
    assert_eq!(env.count("surveys"), 1, "one survey, not a second");
    assert_eq!(env.count("survey_responses"), 6);
    assert_eq!(
        env.count("contacts"),
        contacts + 1,
        "one contact, the new answer's"
    );
    // 10, 9, 7, 9, 3 and now 10: 4 promoters, 1 detractor of 6 → 50.
    let json = shown(&env, "1");
    assert_eq!(json["responses"].as_array().map(Vec::len), Some(6));
    assert_eq!(json["nps"], 50);
    // The newest export again adds nothing.
    let before = env.snapshot();
    let err = import(
        &env,
        "google_en_later.csv",
        &["--name", "Autumn mixer feedback"],
    );
    assert!(err.contains("imported before, as survey #1"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_survey_is_linked_to_its_event_by_id_or_name() {
    let env = surveyed();
    stdout(
        &env,
        &[
            "event",
            "add",
            "2026 秋の交流会",
            "--date",
            "2026-11-19",
            "--kind",
            "mixer",
        ],
    );
    import(
        &env,
        "google_en.csv",
        &[
            "--event",
            "2026 秋の交流会",
            "--name",
            "秋の交流会 アンケート",
        ],
    );
    let list: Value =
        serde_json::from_str(&stdout(&env, &["survey", "list", "--format", "json"])).unwrap();
    assert_eq!(
        list,
        serde_json::json!([{
            "id": 1, "name": "秋の交流会 アンケート", "event_id": 1, "event": "2026 秋の交流会",
            "responses": 5, "nps": 40,
            "first_answered_on": "2026-11-20", "last_answered_on": "2026-11-22"
        }])
    );
}

#[test]
fn a_dry_run_reports_what_it_would_import_and_changes_nothing() {
    let env = surveyed();
    let before = env.snapshot();
    let path = copy(&env, "unmatched.csv");
    let output = env
        .alumni(&["survey", "import", &path, "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("2 responses would be imported, 2 unmatched"),
        "{err}"
    );
    assert!(err.contains("dry run: nothing was imported"), "{err}");
    assert_eq!(env.snapshot(), before);
    assert!(!env.path("unmatched.rejects.csv").exists());
}

#[test]
fn unmatched_rows_are_listed_and_written_to_the_rejects_file_beside_the_input() {
    let env = surveyed();
    let err = import(&env, "unmatched.csv", &[]);
    let path = env.path("unmatched.csv").display().to_string();
    assert!(
        err.contains(&format!(
            "{path}:3: no alumnus with email stranger@example.com"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}:5: no email or employee ID to match")),
        "{err}"
    );
    assert!(
        err.contains("2 responses imported as survey #1, 2 unmatched"),
        "{err}"
    );
    let rejects = env.path("unmatched.rejects.csv");
    assert!(
        err.contains(&format!(
            "the 2 rows not imported were written to {}",
            rejects.display()
        )),
        "{err}"
    );
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with(",reason"), "{text}");
    assert!(
        lines[1].starts_with("11/20/2026 14:05:00,stranger@example.com,10,"),
        "{text}"
    );
    assert!(
        lines[2].ends_with(",no email or employee ID to match"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rejects).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the rejects file is readable by others: {mode:o}"
        );
    }
    // 9 and 4: one promoter, one detractor of two.
    assert_eq!(shown(&env, "1")["nps"], 0);
}

#[test]
fn the_rejects_file_goes_where_rejects_names() {
    let env = surveyed();
    let to = env.path("nobody.csv");
    let err = import(
        &env,
        "unmatched.csv",
        &["--rejects", &to.display().to_string()],
    );
    assert!(err.contains("written to"), "{err}");
    assert!(to.exists());
    assert!(!env.path("unmatched.rejects.csv").exists());
}

#[test]
fn people_erased_on_request_never_match() {
    let env = surveyed();
    stdout(&env, &["forget", "00201", "--yes"]);
    let err = import(&env, "google_en.csv", &[]);
    assert!(
        err.contains("4 responses imported as survey #1, 1 unmatched"),
        "{err}"
    );
    assert!(
        err.contains(":2: no alumnus with email ken.aoki@example.jp"),
        "{err}"
    );
    assert!(!responses(&env, 1).contains_key("00201"));
}

#[test]
fn forgetting_a_respondent_empties_their_comment_and_answers_and_keeps_the_score() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    stdout(&env, &["forget", "00201", "--yes"]);
    let row: (Option<String>, Option<String>, i64) = env
        .conn()
        .query_row(
            "SELECT comment, answers, score FROM survey_responses WHERE alumnus_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, (None, None, 10));
    assert_eq!(shown(&env, "1")["nps"], 40);
}

#[test]
fn someone_who_answered_twice_counts_once_by_the_later_answer() {
    let env = surveyed();
    let err = import(&env, "answered_twice.csv", &[]);
    assert!(err.contains("2 responses imported"), "{err}");
    assert_eq!(
        responses(&env, 1)["00201"],
        answer("2026-11-21", 10, Some("On reflection, great"))
    );
    let rejects = std::fs::read_to_string(env.path("answered_twice.rejects.csv")).unwrap();
    assert!(rejects.contains("First thoughts"), "{rejects}");
    assert!(rejects.contains("answered again in row 4"), "{rejects}");
    assert_eq!(shown(&env, "1")["nps"], 100);
}
