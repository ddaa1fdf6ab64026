//! `alumni campaign`, run as a user would on a database filled from
//! `fixtures/roster.xlsx` (the ten people of fixtures/README.md, ids #1-#10
//! in file order; #5 00127 has no email). This file: adding a campaign and
//! who it goes to; listings and the export, and the delivery reports of
//! `fixtures/campaigns/`, have a file each.

mod delivery;
mod delivery_bad;
mod listing;

use std::collections::BTreeSet;

use crate::common::{Env, fixture, refused, refused_unchanged, roster, stderr, stdout};

/// The roster with `mailing-consent` at not-opted-out and 00126 (#4)
/// opted out: a newsletter goes to the eight others with an email.
fn roster_not_opted_out() -> Env {
    let env = roster();
    stderr(&env, &["config", "set", "mailing-consent", "not-opted-out"]);
    stderr(&env, &["consent", "00126", "opted-out"]);
    env
}

/// [`roster_not_opted_out`] with campaign #1, a newsletter on 2026-11-20
/// for the purpose アルムナイ通信.
fn newsletter() -> Env {
    let env = roster_not_opted_out();
    let id = stdout(
        &env,
        &[
            "campaign",
            "add",
            "11月ニュースレター",
            "--channel",
            "newsletter",
            "--date",
            "2026-11-20",
            "--purpose",
            "アルムナイ通信",
        ],
    );
    assert_eq!(id, "1\n");
    env
}

/// The employee IDs of a campaign's recipients.
fn recipients(env: &Env, campaign: i64) -> BTreeSet<String> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id FROM campaign_recipients r JOIN alumni a ON a.id = r.alumnus_id
             WHERE r.campaign_id = ?",
        )
        .unwrap();
    stmt.query_map([campaign], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn report(name: &str) -> String {
    fixture(&format!("campaigns/{name}")).display().to_string()
}

/// `campaign add お知らせ` with `extra`, by email on 2026-11-20 unless
/// `extra` gives --channel or --date; returns its stderr.
fn add(env: &Env, extra: &[&str]) -> String {
    let mut args = vec!["campaign", "add", "お知らせ"];
    for (flag, value) in [("--channel", "email"), ("--date", "2026-11-20")] {
        if !extra.contains(&flag) {
            args.extend([flag, value]);
        }
    }
    args.extend_from_slice(extra);
    stderr(env, &args)
}

#[test]
fn recipients_are_the_opted_in_only_by_default() {
    let env = roster();
    stderr(&env, &["consent", "00123", "opted-in"]);
    stderr(&env, &["consent", "00125", "opted-in"]);
    stderr(&env, &["consent", "00127", "opted-in"]); // no email
    stderr(&env, &["consent", "00124", "opted-out"]);
    let err = add(&env, &[]);
    assert_eq!(recipients(&env, 1), ids(&["00123", "00125"]));
    assert!(
        err.contains(
            "campaign #1: 2 recipients; 8 skipped: opted out 1, consent unknown 6, no email 1"
        ),
        "{err}"
    );
}

#[test]
fn unknown_consent_receives_only_under_not_opted_out_and_opted_out_never() {
    let env = roster_not_opted_out();
    add(&env, &[]);
    assert_eq!(
        recipients(&env, 1),
        ids(&[
            "00123", "00124", "00125", "00128", "00129", "00130", "00131", "00132"
        ])
    );
    // --consent opted-out is refused, as for the mailing list.
    let err = refused_unchanged(
        &env,
        &[
            "campaign",
            "add",
            "x",
            "--channel",
            "email",
            "--date",
            "2026-11-20",
            "--consent",
            "opted-out",
        ],
        2,
    );
    assert!(err.contains("opted out"), "{err}");
}

#[test]
fn erased_alumni_are_never_recipients() {
    let env = roster_not_opted_out();
    stderr(&env, &["forget", "00123", "--yes"]);
    add(&env, &["--channel", "sns"]);
    let got = recipients(&env, 1);
    assert!(!got.iter().any(|id| id == "00123"), "{got:?}");
    let erased: i64 = env.query(
        "SELECT count(*) FROM campaign_recipients r JOIN alumni a ON a.id = r.alumnus_id
         WHERE a.erased_at IS NOT NULL",
    );
    assert_eq!(erased, 0);
    // An SNS post needs no address, so 00127 (no email) is one; 00126 opted out is not.
    assert!(got.contains("00127") && !got.contains("00126"), "{got:?}");
    assert_eq!(got.len(), 8, "{got:?}");
}

#[test]
fn each_recipient_gets_one_outbound_contact_of_the_campaign() {
    let env = newsletter();
    let rows: Vec<(i64, String, String, String, String, String, i64)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare(
                "SELECT c.alumnus_id, c.date, c.channel, c.direction, c.summary, c.owner, c.campaign_id
                 FROM contacts c ORDER BY c.alumnus_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    assert_eq!(rows.len(), 8);
    for (_, date, channel, direction, summary, owner, campaign) in &rows {
        assert_eq!(
            (
                date.as_str(),
                channel.as_str(),
                direction.as_str(),
                summary.as_str(),
                owner.as_str(),
                *campaign
            ),
            (
                "2026-11-20",
                "newsletter",
                "outbound",
                "11月ニュースレター",
                "tester",
                1
            )
        );
    }
    let linked: i64 = env.query(
        "SELECT count(*) FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
         WHERE c.alumnus_id = r.alumnus_id",
    );
    assert_eq!(linked, 8);
    let stored: (String, String, String, String) = env
        .conn()
        .query_row(
            "SELECT name, channel, date, purpose FROM campaigns WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        (
            "11月ニュースレター".into(),
            "newsletter".into(),
            "2026-11-20".into(),
            "アルムナイ通信".into()
        )
    );
}

#[test]
fn the_filters_of_list_choose_the_segment_and_are_kept() {
    let env = roster_not_opted_out();
    add(&env, &["--department", "営業部", "--rehire", "可"]);
    let listed = stdout(
        &env,
        &[
            "list",
            "--department",
            "営業部",
            "--rehire",
            "可",
            "--format",
            "csv",
            "--columns",
            "employee_id",
            "--no-bom",
        ],
    );
    let mut expected: BTreeSet<String> = listed.lines().skip(1).map(String::from).collect();
    // 00127 (営業部) has no email; list shows them, a mail does not go to them.
    expected.remove("00127");
    assert_eq!(recipients(&env, 1), expected);
    let segment: String = env.query("SELECT segment FROM campaigns WHERE id = 1");
    assert_eq!(segment, r#"{"department":"営業部","rehire":"yes"}"#);
}

#[test]
fn a_dry_run_counts_and_writes_nothing() {
    let env = roster_not_opted_out();
    let before = env.snapshot();
    let output = env
        .alumni(&[
            "campaign",
            "add",
            "x",
            "--channel",
            "newsletter",
            "--date",
            "2026-11-20",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("dry run: 8 recipients; 2 skipped"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bouncing_address_is_skipped_by_the_next_mailing_but_not_by_an_sns_post() {
    let env = newsletter();
    env.conn()
        .execute(
            "UPDATE alumni SET email_bounced_on = '2026-11-20' WHERE employee_id = '00125'",
            [],
        )
        .unwrap();
    let err = add(&env, &[]);
    assert!(err.contains("bouncing 1"), "{err}");
    assert!(!recipients(&env, 2).contains("00125"));
    add(&env, &["--channel", "sns"]);
    assert!(recipients(&env, 3).contains("00125"));
    // A corrected address is mailed again.
    stderr(
        &env,
        &["edit", "00125", "--email", "ichiro.suzuki@example.jp"],
    );
    add(&env, &[]);
    assert!(recipients(&env, 4).contains("00125"));
}

#[test]
fn a_future_date_needs_planned_and_makes_planned_contacts() {
    let env = roster_not_opted_out();
    let err = refused_unchanged(
        &env,
        &[
            "campaign",
            "add",
            "x",
            "--channel",
            "email",
            "--date",
            "2099-01-01",
        ],
        65,
    );
    assert!(err.contains("--date") && err.contains("--planned"), "{err}");
    add(&env, &["--date", "2099-01-01", "--planned"]);
    let planned: i64 = env.query("SELECT count(*) FROM contacts WHERE planned = 1");
    assert_eq!(planned, 8);
}

#[test]
fn a_segment_with_nobody_to_send_to_is_refused() {
    let env = roster_not_opted_out();
    let err = refused_unchanged(
        &env,
        &[
            "campaign",
            "add",
            "x",
            "--channel",
            "email",
            "--date",
            "2026-11-20",
            "--department",
            "総務部",
        ],
        65,
    );
    assert!(err.contains("nobody to send to"), "{err}");
    refused_unchanged(
        &env,
        &[
            "campaign",
            "add",
            "x",
            "--channel",
            "fax",
            "--date",
            "2026-11-20",
        ],
        2,
    );
    refused_unchanged(
        &env,
        &[
            "campaign",
            "add",
            "x",
            "--channel",
            "email",
            "--date",
            "2026-13-45",
        ],
        65,
    );
}

#[test]
fn the_add_summary_is_in_english_and_japanese() {
    let env = roster();
    stderr(&env, &["consent", "00123", "opted-in"]);
    stderr(&env, &["consent", "00124", "opted-out"]);
    stderr(&env, &["consent", "00127", "opted-in"]);
    let mut texts = String::new();
    for lang in ["en", "ja"] {
        let output = env
            .alumni(&[
                "--lang",
                lang,
                "campaign",
                "add",
                "x",
                "--channel",
                "newsletter",
                "--date",
                "2026-11-20",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        texts.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    crate::test_interface::settings("campaign add: the summary in English, then in Japanese").bind(
        || {
            insta::assert_snapshot!("campaign__add_summary", texts);
        },
    );
    assert_eq!(
        refused(&env, &["campaign", "show", "99"], 1).trim(),
        "alumni: no campaign \"99\" (name one by its id, 3 or #3; `alumni campaign list` shows them)"
    );
}
