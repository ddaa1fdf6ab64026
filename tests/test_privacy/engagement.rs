//! `alumni forget` of someone a campaign reached, who answered a survey and
//! whose career was recorded: nothing of theirs is left readable, the
//! mail tool's id for them no longer leads back to the row, and the
//! campaign's counts and the survey's NPS stay what they were.

use serde_json::Value;

use super::{assert_nothing_readable, database_files, found_in, seed};
use crate::common::{Env, fixture, stderr, stdout};

fn engaged() -> (Env, String) {
    let env = seed();
    // The opt-in of the seed covers a newsletter.
    stdout(
        &env,
        &[
            "edit",
            "QZV0917",
            "--current-company",
            "QZV新商事",
            "--current-title",
            "QZV課長",
        ],
    );
    let campaign = stdout(
        &env,
        &[
            "campaign",
            "add",
            "秋のニュースレター",
            "--channel",
            "newsletter",
            "--date",
            "2026-10-01",
            "--purpose",
            "アルムナイ通信",
        ],
    );
    let campaign = campaign.trim().to_string();
    let delivery = fixture("privacy/delivery.csv");
    stderr(
        &env,
        &["campaign", "import", &campaign, delivery.to_str().unwrap()],
    );
    let survey = fixture("privacy/survey.csv");
    let rejects = env.path("rejects.csv");
    stderr(
        &env,
        &[
            "survey",
            "import",
            survey.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    (env, campaign)
}

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(env, args)).unwrap()
}

#[test]
fn forget_leaves_no_campaign_address_survey_comment_or_career_readable_in_the_sqlite_files() {
    let (env, campaign) = engaged();
    let token: String = env.query("SELECT token FROM campaign_recipients");
    let held: usize = database_files(&env)
        .iter()
        .map(|p| found_in(p, &["QZV新商事", "QZVまた参加したい", &token]).len())
        .sum();
    assert!(held > 0, "the records hold what is looked for");
    let shown = json(&env, &["campaign", "show", &campaign, "--format", "json"]);
    assert_eq!(
        (shown["recipients"].as_u64(), shown["clicked"].as_u64()),
        (Some(1), Some(1))
    );
    let nps = json(&env, &["survey", "show", "1", "--format", "json"])["nps"].clone();
    assert!(nps.is_number(), "{nps}");

    stderr(
        &env,
        &["forget", "QZV0917", "--reason", "本人から", "--yes"],
    );
    assert_nothing_readable(&env);
    for path in database_files(&env) {
        let found = found_in(&path, &["QZV新商事", "QZVまた参加したい", &token]);
        assert!(found.is_empty(), "{} still holds {found:?}", path.display());
    }
    assert_eq!(
        env.count("career"),
        1,
        "only the other person's entry is left"
    );

    let after = json(&env, &["campaign", "show", &campaign, "--format", "json"]);
    for count in ["recipients", "delivered", "opened", "clicked"] {
        assert_eq!(after[count], shown[count], "{count}");
    }
    assert_eq!(
        json(&env, &["survey", "show", "1", "--format", "json"])["nps"],
        nps
    );
    let export = stdout(&env, &["campaign", "export", &campaign]);
    assert!(
        !export.contains("qzv") && !export.contains(&token),
        "{export}"
    );
}

#[test]
fn show_discloses_the_campaigns_and_survey_answers_held_and_forget_empties_them() {
    let (env, _) = engaged();
    let held = json(&env, &["show", "QZV0917", "--format", "json"]);
    assert_eq!(held["campaigns"][0]["email"], "qzv.hanako@example.jp");
    assert_eq!(held["campaigns"][0]["clicked_on"], "2026-10-02");
    assert_eq!(held["surveys"][0]["score"], 9);
    assert_eq!(held["surveys"][0]["comment"], "QZVまた参加したい");
    stderr(
        &env,
        &["forget", "QZV0917", "--reason", "本人から", "--yes"],
    );
    let left = json(&env, &["show", "#1", "--format", "json"]);
    assert_eq!(left["campaigns"][0]["email"], Value::Null);
    assert_eq!(left["campaigns"][0]["clicked_on"], "2026-10-02");
    assert_eq!(left["surveys"][0]["comment"], Value::Null);
    assert_eq!(left["surveys"][0]["score"], 9);
}
