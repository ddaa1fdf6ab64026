//! `survey list` and `survey show`: counts, NPS, scores and comments, for
//! people (a table, in English or Japanese) and for programs (JSON, CSV).

use super::{import, shown, surveyed};
use crate::common::{Env, refused, stdout};
use crate::test_interface::settings;

#[test]
fn survey_show_gives_the_counts_the_nps_the_scores_and_the_comments() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    let text = stdout(&env, &["survey", "show", "1"]);
    settings("alumni survey show 1 (fixtures/surveys/google_en.csv)").bind(|| {
        insta::assert_snapshot!("survey__show", text);
    });
}

#[test]
fn survey_show_in_japanese_labels_the_groups_in_japanese() {
    let env = surveyed();
    import(&env, "google_ja.csv", &[]);
    let text = stdout(&env, &["--lang", "ja", "survey", "show", "1"]);
    assert!(
        text.contains("推奨者（9〜10）: 2   中立者（7〜8）: 1   批判者（0〜6）: 1"),
        "{text}"
    );
    assert!(text.contains("NPS: 25"), "{text}");
    assert!(text.contains("コメント: 2 件"), "{text}");
}

#[test]
fn survey_show_as_json_gives_every_response_with_its_answers() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    let json = shown(&env, "1");
    // 10, 9, 7, 9, 3: promoters 3, passives 1, detractors 1 of 5;
    // (3 − 1) / 5 × 100 = 40.
    assert_eq!(json["promoters"], 3);
    assert_eq!(json["passives"], 1);
    assert_eq!(json["detractors"], 1);
    assert_eq!(json["nps"], 40);
    assert_eq!(json["nps_exact"], 40.0);
    assert_eq!(json["response_count"], 5);
    let responses = json["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 5);
    assert_eq!(responses[0]["name"], "青木 健");
    assert_eq!(responses[0]["answered_on"], "2026-11-20");
    assert_eq!(
        responses[0]["answers"],
        serde_json::json!({"Which sessions did you attend?": "Keynote, Networking"})
    );
    assert_eq!(json["comment_question"], "Any other comments?");
}

#[test]
fn survey_show_as_csv_lists_every_response_with_a_bom() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    let text = stdout(&env, &["survey", "show", "1", "--format", "csv"]);
    assert!(text.starts_with('\u{feff}'), "{text:?}");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "answered_on,alumnus_id,employee_id,name,score,comment"
    );
    assert_eq!(lines.len(), 6, "{text}");
}

#[test]
fn survey_list_gives_each_survey_with_its_nps() {
    let env = surveyed();
    import(&env, "google_en.csv", &[]);
    import(&env, "ms_forms.xlsx", &[]);
    let csv = stdout(&env, &["survey", "list", "--format", "csv"]);
    let rows = crate::common::parse_csv(&csv);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["nps"], "40");
    assert_eq!(rows[1]["name"], "ms_forms");
    assert_eq!(rows[1]["nps"], "17");
    assert_eq!(rows[1]["responses"], "6");
}

#[test]
fn survey_list_without_surveys_says_so() {
    let env = Env::empty();
    let output = env.alumni(&["survey", "list"]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no surveys yet"));
    let json = stdout(&env, &["survey", "list", "--format", "json"]);
    assert_eq!(json.trim(), "[]");
}

#[test]
fn an_unknown_survey_is_not_found() {
    let env = surveyed();
    let err = refused(&env, &["survey", "show", "9"], 1);
    assert!(err.contains("no survey #9"), "{err}");
}
