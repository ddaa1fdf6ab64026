//! `campaign import`: what a delivery report records, read in the layouts
//! of `fixtures/campaigns/` (the ESP shape in UTF-8; CP932 with Japanese
//! headers in another order; a BOM and a title row with yes/no columns).

use super::*;

/// Employee ID → (delivered, opened, clicked, bounced, unsubscribed) of
/// campaign #1, for the recipients with any of them.
type Days = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn days(env: &Env) -> std::collections::BTreeMap<String, Days> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id, r.delivered_on, r.opened_on, r.clicked_on, r.bounced_on,
                    r.unsubscribed_on
             FROM campaign_recipients r JOIN alumni a ON a.id = r.alumnus_id
             WHERE r.campaign_id = 1 AND coalesce(r.delivered_on, r.opened_on, r.clicked_on,
                   r.bounced_on, r.unsubscribed_on) IS NOT NULL",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn day(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// (employee ID, date, summary) of the inbound contacts of campaign #1.
fn responses(env: &Env) -> Vec<(String, String, String)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id, c.date, c.summary FROM contacts c JOIN alumni a ON a.id = c.alumnus_id
             WHERE c.campaign_id = 1 AND c.direction = 'inbound' AND c.channel = 'newsletter'
             ORDER BY a.employee_id, c.summary",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_esp_report_fills_the_days_of_each_recipient() {
    let env = newsletter();
    let err = stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    assert!(
        err.contains(
            "6 rows read; recorded delivered 2, opened 3, clicked 1, bounced 1, unsubscribed 1"
        ),
        "{err}"
    );
    let got = days(&env);
    assert_eq!(
        got["00123"],
        (None, day("2026-11-20"), day("2026-11-20"), None, None)
    );
    assert_eq!(got["00124"], (None, day("2026-11-21"), None, None, None));
    assert_eq!(got["00125"], (None, None, None, day("2026-11-20"), None));
    assert_eq!(got["00128"], (day("2026-11-20"), None, None, None, None));
    assert_eq!(got["00129"], (None, None, None, None, day("2026-11-20")));
    // An ISO time in UTC is its day; the address matched whatever its case.
    assert_eq!(
        got["00130"],
        (day("2026-11-20"), day("2026-11-22"), None, None, None)
    );
    assert_eq!(got.len(), 6);
}

#[test]
fn opens_and_clicks_are_one_inbound_contact_per_recipient_and_kind() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    // The CP932 report says 佐藤 opened again and clicked.
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_sjis.csv")],
    );
    let t = |id: &str, date: &str, what: &str| {
        (
            id.to_string(),
            date.to_string(),
            format!("11月ニュースレター: {what}"),
        )
    };
    assert_eq!(
        responses(&env),
        [
            t("00123", "2026-11-20", "clicked"),
            t("00123", "2026-11-20", "opened"),
            t("00124", "2026-11-21", "clicked"),
            t("00124", "2026-11-21", "opened"),
            t("00130", "2026-11-22", "opened"),
        ]
    );
}

#[test]
fn importing_the_same_report_again_changes_nothing_and_says_so() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    let before = env.snapshot();
    let err = stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    assert!(err.contains("nothing changed"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_unsubscribe_opts_out_with_its_day_and_the_campaigns_purpose() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    let (consent, date, purpose): (String, String, String) = env
        .conn()
        .query_row(
            "SELECT consent, consent_date, consent_purpose FROM alumni WHERE employee_id = '00129'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (consent.as_str(), date.as_str(), purpose.as_str()),
        ("opted_out", "2026-11-20", "アルムナイ通信")
    );
    let history: (String, String, String, String) = env
        .conn()
        .query_row(
            "SELECT consent, date, purpose, source FROM consent_changes
             WHERE alumnus_id = (SELECT id FROM alumni WHERE employee_id = '00129')
             ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        history,
        (
            "opted_out".into(),
            "2026-11-20".into(),
            "アルムナイ通信".into(),
            "import".into()
        )
    );
    // The audit log names the alumnus, never the address.
    let audit: String = env.query(
        "SELECT string_agg(detail, ' / ' ORDER BY id) FROM audit WHERE command = 'campaign import'",
    );
    assert!(audit.contains("unsubscribed from campaign #1"), "{audit}");
    assert!(!audit.contains('@'), "{audit}");
    // The next campaign does not go to them.
    add(&env, &[]);
    assert!(!recipients(&env, 2).contains("00129"));
}

#[test]
fn a_bounce_marks_the_address_and_the_next_campaign_skips_it() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    let bounced: Option<String> =
        env.query("SELECT email_bounced_on FROM alumni WHERE employee_id = '00125'");
    assert_eq!(bounced, day("2026-11-20"));
    let err = add(&env, &[]);
    assert!(err.contains("bouncing 1"), "{err}");
    assert!(!recipients(&env, 2).contains("00125"));
}

#[test]
fn a_bounce_of_a_further_address_marks_that_address() {
    let env = roster_not_opted_out();
    // 00125 mailed at a further address of theirs.
    env.conn()
        .execute_batch(
            "INSERT INTO alumnus_contacts (alumnus_id, kind, value, created_at)
                 VALUES (3, 'email', 'ichiro.old@example.jp', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    add(&env, &[]);
    env.conn()
        .execute(
            "UPDATE campaign_recipients SET email = 'ichiro.old@example.jp' WHERE alumnus_id = 3",
            [],
        )
        .unwrap();
    let file = env.path("bounce.csv");
    std::fs::write(&file, "email,status\nichiro.old@example.jp,bounced\n").unwrap();
    stderr(&env, &["campaign", "import", "1", file.to_str().unwrap()]);
    let further: Option<String> =
        env.query("SELECT bounced_on FROM alumnus_contacts WHERE value = 'ichiro.old@example.jp'");
    assert_eq!(further, day("2026-11-20"));
    let primary: Option<String> = env.query("SELECT email_bounced_on FROM alumni WHERE id = 3");
    assert_eq!(primary, None);
}

#[test]
fn a_cp932_report_with_japanese_headers_in_another_order_is_read() {
    let env = newsletter();
    let err = stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_sjis.csv")],
    );
    assert!(err.contains("5 rows read"), "{err}");
    let got = days(&env);
    assert_eq!(
        got["00123"],
        (day("2026-11-20"), day("2026-11-20"), None, None, None)
    );
    assert_eq!(
        got["00124"],
        (
            day("2026-11-20"),
            day("2026-11-21"),
            day("2026-11-21"),
            None,
            None
        )
    );
    assert_eq!(got["00125"], (None, None, None, day("2026-11-20"), None));
    // 配信停止 ○ without a time: the campaign's day.
    assert_eq!(
        got["00129"],
        (day("2026-11-20"), None, None, None, day("2026-11-20"))
    );
    assert_eq!(got["00131"], (day("2026-11-20"), None, None, None, None));
}

#[test]
fn a_report_with_a_bom_a_title_row_and_yes_no_columns_is_read() {
    let env = newsletter();
    let err = stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_bom_title.csv")],
    );
    assert!(err.contains("4 rows read"), "{err}");
    let got = days(&env);
    let d = day("2026-11-20");
    assert_eq!(got["00123"], (d.clone(), d.clone(), d.clone(), None, None));
    assert_eq!(got["00124"], (d.clone(), d.clone(), None, None, None));
    assert_eq!(got["00131"], (d.clone(), d.clone(), None, None, None));
    assert_eq!(got["00132"], (d.clone(), None, None, None, None));
}

#[test]
fn rows_may_name_recipients_by_the_token_of_the_export() {
    let env = newsletter();
    let tokens = stdout(&env, &["campaign", "export", "1", "--no-bom"]);
    let rows = crate::common::parse_csv(&tokens);
    let sato = rows
        .iter()
        .find(|r| r["email"] == "sato@example.jp")
        .unwrap();
    let file = env.path("by_token.csv");
    std::fs::write(
        &file,
        format!(
            "id,event,timestamp\n{},open,2026-11-23 08:00:00\n",
            sato["id"]
        ),
    )
    .unwrap();
    let err = stderr(&env, &["campaign", "import", "1", file.to_str().unwrap()]);
    assert!(err.contains("recorded opened 1"), "{err}");
    assert_eq!(days(&env)["00124"].1, day("2026-11-23"));
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let env = newsletter();
    let before = env.snapshot();
    let err = stderr(
        &env,
        &[
            "campaign",
            "import",
            "1",
            &report("delivery_esp.csv"),
            "--dry-run",
        ],
    );
    assert!(err.contains("would record delivered 2, opened 3"), "{err}");
    assert_eq!(env.snapshot(), before);
}
