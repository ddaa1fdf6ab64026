//! Campaign reach, open and click rates, alumni NPS and `--engagement` in
//! the KPI report, on a roster whose campaigns and surveys are put in the
//! database directly, each number worked out by hand.

use serde_json::Value;

use super::report;
use crate::common::{Env, refused_unchanged, roster, stdout};

/// The ten alumni of the roster (none opted out, none contacted before),
/// and in fiscal year 2026:
/// - the newsletter 5月ニュースレター of 2026-05-10 to alumni 1–4: delivered
///   to 1, 2 and 3, bounced for 4; 1 opened and clicked, 2 clicked only;
///   four outbound contacts, and inbound ones for 1 (05-11) and 2 (05-12);
/// - the SNS post 求人のお知らせ of 2026-06-01 to 5 and 6, no delivery
///   reported; 5 clicked (an inbound contact on 06-02);
/// - the reunion 同窓会 of 2026-07-18, whose survey 1–4 answered on 07-20
///   with 10, 9, 7 and 3 (2 promoters, 1 passive, 1 detractor: NPS 25);
/// - a yearly survey answered on 2026-09-01 by 5 (0) and 6 (10): NPS 0.
///
/// The year: 3 promoters, 1 passive, 2 detractors of 6: NPS 100/6 = 16.7.
pub fn history() -> Env {
    let env = roster();
    let ids: Vec<i64> = {
        let conn = env.conn();
        let mut stmt = conn.prepare("SELECT id FROM alumni ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(ids.len() >= 6, "the roster has {} alumni", ids.len());
    let sql = format!(
        "INSERT INTO campaigns (id, name, channel, date, created_at) VALUES
             (1, '5月ニュースレター', 'newsletter', '2026-05-10', 'x'),
             (2, '求人のお知らせ', 'sns', '2026-06-01', 'x');
         INSERT INTO contacts (id, alumnus_id, date, channel, direction, campaign_id, created_at) VALUES
             (901, {a}, '2026-05-10', 'newsletter', 'outbound', 1, 'x'),
             (902, {b}, '2026-05-10', 'newsletter', 'outbound', 1, 'x'),
             (903, {c}, '2026-05-10', 'newsletter', 'outbound', 1, 'x'),
             (904, {d}, '2026-05-10', 'newsletter', 'outbound', 1, 'x'),
             (905, {a}, '2026-05-11', 'newsletter', 'inbound', 1, 'x'),
             (906, {b}, '2026-05-12', 'newsletter', 'inbound', 1, 'x'),
             (907, {e}, '2026-06-01', 'sns', 'outbound', 2, 'x'),
             (908, {f}, '2026-06-01', 'sns', 'outbound', 2, 'x'),
             (909, {e}, '2026-06-02', 'sns', 'inbound', 2, 'x');
         INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, email, contact_id,
                 delivered_on, opened_on, clicked_on, bounced_on) VALUES
             (1, {a}, 't1', 'a@example.jp', 901, '2026-05-10', '2026-05-11', '2026-05-11', NULL),
             (1, {b}, 't2', 'b@example.jp', 902, '2026-05-10', NULL, '2026-05-12', NULL),
             (1, {c}, 't3', 'c@example.jp', 903, '2026-05-10', NULL, NULL, NULL),
             (1, {d}, 't4', 'd@example.jp', 904, NULL, NULL, NULL, '2026-05-10'),
             (2, {e}, 't5', NULL, 907, NULL, NULL, '2026-06-02', NULL),
             (2, {f}, 't6', NULL, 908, NULL, NULL, NULL, NULL);
         INSERT INTO events (id, name, date, kind, created_at) VALUES
             (71, '同窓会', '2026-07-18', 'reunion', 'x');
         INSERT INTO surveys (id, name, event_id, created_at) VALUES
             (1, '同窓会アンケート', 71, 'x'), (2, '年次アンケート', NULL, 'x');
         INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, created_at) VALUES
             (1, {a}, '2026-07-20', 10, 'x'), (1, {b}, '2026-07-20', 9, 'x'),
             (1, {c}, '2026-07-20', 7, 'x'), (1, {d}, '2026-07-20', 3, 'x'),
             (2, {e}, '2026-09-01', 0, 'x'), (2, {f}, '2026-09-01', 10, 'x');",
        a = ids[0],
        b = ids[1],
        c = ids[2],
        d = ids[3],
        e = ids[4],
        f = ids[5],
    );
    env.conn().execute_batch(&sql).unwrap();
    env
}

fn close(value: &Value, expected: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((got - expected).abs() < 1e-9, "{got} is not {expected}");
}

#[test]
fn engagement_counts_only_openers_and_clickers_of_a_campaign_by_default() {
    let env = history();
    let json = report(&env, &["--fy", "2026"]);
    assert_eq!(json["engagement"], "opened");
    // 1 and 2 (the newsletter), 5 (the post) of the ten.
    assert_eq!(json["metrics"]["contactable_alumni"], 10);
    assert_eq!(json["metrics"]["engaged_alumni"], 3);
    close(&json["metrics"]["engagement_rate"], 0.3);
}

#[test]
fn engagement_sent_counts_everyone_a_campaign_went_to() {
    let env = history();
    let json = report(&env, &["--fy", "2026", "--engagement", "sent"]);
    assert_eq!(json["engagement"], "sent");
    // 1–4 and 5–6.
    assert_eq!(json["metrics"]["engaged_alumni"], 6);
    close(&json["metrics"]["engagement_rate"], 0.6);
    // `export kpi` takes the same option.
    let exported = stdout(
        &env,
        &[
            "export",
            "kpi",
            "--fy",
            "2026",
            "--engagement",
            "sent",
            "--format",
            "json",
            "--out",
            "-",
        ],
    );
    let exported: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["metrics"]["engaged_alumni"], 6);
}

#[test]
fn each_campaign_has_its_reach_and_rates_and_a_click_counts_as_an_open() {
    let env = history();
    let json = report(&env, &["--fy", "2026"]);
    let campaigns = &json["campaigns"]["by_campaign"];
    let news = &campaigns[0];
    assert_eq!(news["name"], "5月ニュースレター");
    assert_eq!(news["date"], "2026-05-10");
    assert_eq!(news["channel"], "newsletter");
    let counts: Vec<&Value> = [
        "recipients",
        "delivered",
        "opened",
        "clicked",
        "bounced",
        "unsubscribed",
        "reach",
    ]
    .iter()
    .map(|key| &news[*key])
    .collect();
    assert_eq!(counts, [4, 3, 2, 2, 1, 0, 3]);
    // 2 of the 3 delivered opened, 2 clicked.
    close(&news["open_rate"], 2.0 / 3.0);
    close(&news["click_rate"], 2.0 / 3.0);
    // The post reported no delivery: its reach is its 2 recipients.
    let post = &campaigns[1];
    assert_eq!(
        (post["reach"].as_u64(), post["opened"].as_u64()),
        (Some(2), Some(1))
    );
    close(&post["open_rate"], 0.5);
    close(&post["click_rate"], 0.5);
    // The year: reach 5, opened 3, clicked 3.
    assert_eq!(json["campaigns"]["reach"], 5);
    close(&json["campaigns"]["open_rate"], 0.6);
    close(&json["campaigns"]["click_rate"], 0.6);
}

#[test]
fn campaigns_are_summed_by_the_month_of_their_date() {
    let env = history();
    let json = report(&env, &["--fy", "2026"]);
    let months = json["campaigns"]["by_month"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let month = |key: &str| months.iter().find(|m| m["month"] == key).unwrap();
    assert_eq!(month("2026-05")["reach"], 3);
    assert_eq!(month("2026-05")["campaigns"], 1);
    assert_eq!(month("2026-06")["reach"], 2);
    assert_eq!(month("2026-06")["clicked"], 1);
    assert_eq!(month("2026-04")["reach"], 0);
    assert_eq!(month("2026-04")["open_rate"], Value::Null);
}

#[test]
fn nps_of_the_year_of_each_month_and_of_the_event() {
    let env = history();
    let json = report(&env, &["--fy", "2026"]);
    let nps = &json["nps"];
    assert_eq!(
        (
            &nps["responses"],
            &nps["promoters"],
            &nps["passives"],
            &nps["detractors"]
        ),
        (&6.into(), &3.into(), &1.into(), &2.into())
    );
    close(&nps["nps"], 100.0 / 6.0);
    let event = &nps["by_event"][0];
    assert_eq!(event["event"], "同窓会");
    assert_eq!(event["date"], "2026-07-18");
    assert_eq!(event["responses"], 4);
    close(&event["nps"], 25.0);
    let months = nps["by_month"].as_array().unwrap();
    let month = |key: &str| months.iter().find(|m| m["month"] == key).unwrap();
    close(&month("2026-07")["nps"], 25.0);
    close(&month("2026-09")["nps"], 0.0);
    assert_eq!(month("2026-08")["nps"], Value::Null);
    // A period without responses has no NPS, and no events.
    let april = report(&env, &["--from", "2026-04", "--to", "2026-04"]);
    assert_eq!(april["nps"]["nps"], Value::Null);
    assert_eq!(april["nps"]["by_event"], serde_json::json!([]));
}

#[test]
fn the_table_shows_the_campaigns_and_the_nps_in_either_language() {
    let env = history();
    let en = stdout(&env, &["kpi", "--fy", "2026"]);
    assert!(en.contains("5月ニュースレター"), "{en}");
    assert!(en.contains("66.7%"), "{en}");
    assert!(
        en.contains("alumni NPS +16.7 (6 responses: 3 promoters, 1 passives, 2 detractors)"),
        "{en}"
    );
    assert!(en.contains("同窓会"), "{en}");
    let ja = stdout(&env, &["--lang", "ja", "kpi", "--fy", "2026"]);
    assert!(ja.contains("開封率"), "{ja}");
    assert!(ja.contains("アルムナイNPS +16.7"), "{ja}");
    // Without campaigns or surveys the table says so.
    let empty = stdout(&roster(), &["kpi", "--fy", "2026"]);
    assert!(empty.contains("no campaigns in the period"), "{empty}");
    assert!(empty.contains("no survey responses"), "{empty}");
}

#[test]
fn each_month_of_a_split_report_has_its_own_campaigns() {
    let env = history();
    let json = report(&env, &["--fy", "2026", "--by", "month"]);
    let groups = json["groups"].as_array().unwrap();
    let may = groups.iter().find(|g| g["group"] == "2026-05").unwrap();
    assert_eq!(may["campaigns"]["reach"], 3);
    assert_eq!(
        may["campaigns"]["by_campaign"][0]["name"],
        "5月ニュースレター"
    );
    // Departments are not what campaigns are split by.
    stdout(&env, &["pipeline", "add", "00123", "--date", "2026-05-01"]);
    let by_department = report(&env, &["--fy", "2026", "--by", "department"]);
    let groups = by_department["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for group in groups {
        assert!(group.get("campaigns").is_none(), "{group}");
        assert_eq!(group["engagement"], "opened");
    }
}

#[test]
fn an_unknown_engagement_rule_is_a_usage_error() {
    let env = history();
    let stderr = refused_unchanged(&env, &["kpi", "--engagement", "clicked"], 2);
    assert!(stderr.contains("opened"), "{stderr}");
}

/// Through the commands alone: a newsletter to the eight of the roster who
/// have an email and did not opt out, and the mail tool's report
/// (`fixtures/campaigns/delivery_esp.csv`): 00123 clicked, sato opened,
/// kobayashi was delivered and opened (the report gives an open time with
/// "delivered"), suzuki bounced, ito was delivered, watanabe unsubscribed.
/// Reach: the five it reached; opened 3 of 5, clicked 1 of 5.
#[test]
fn a_campaign_sent_and_reported_through_the_commands_counts_by_one_rule() {
    let env = roster();
    for args in [
        &["config", "set", "mailing-consent", "not-opted-out"][..],
        &["consent", "00126", "opted-out"],
        &[
            "campaign",
            "add",
            "11月ニュースレター",
            "--channel",
            "newsletter",
            "--date",
            "2026-11-20",
        ],
    ] {
        stdout(&env, args);
    }
    let delivery = crate::common::fixture("campaigns/delivery_esp.csv");
    stdout(
        &env,
        &["campaign", "import", "1", delivery.to_str().unwrap()],
    );

    let opened = report(&env, &["--fy", "2026", "--as-of", "2026-12-01"]);
    let row = &opened["campaigns"]["by_campaign"][0];
    assert_eq!(
        [
            &row["recipients"],
            &row["reach"],
            &row["opened"],
            &row["clicked"]
        ],
        [8, 5, 3, 1]
    );
    assert_eq!(row["open_rate"], 0.6);
    assert_eq!(row["click_rate"], 0.2);
    let shown: Value = serde_json::from_str(&stdout(
        &env,
        &["campaign", "show", "1", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(
        (&shown["open_rate"], &shown["click_rate"]),
        (&row["open_rate"], &row["click_rate"]),
        "campaign show and the KPI report give the same rates"
    );

    // Engagement: of the eight who may be contacted (ten, less 00126 and
    // watanabe, who unsubscribed), the three who opened or clicked; under
    // `sent`, the seven recipients who have not opted out since.
    let engaged = |report: &Value| {
        report["metrics"]["engaged_alumni"]
            .as_u64()
            .zip(report["metrics"]["contactable_alumni"].as_u64())
    };
    assert_eq!(engaged(&opened), Some((3, 8)), "{}", opened["metrics"]);
    let sent = report(
        &env,
        &[
            "--fy",
            "2026",
            "--as-of",
            "2026-12-01",
            "--engagement",
            "sent",
        ],
    );
    assert_eq!(engaged(&sent), Some((7, 8)), "{}", sent["metrics"]);
}
