//! `campaign list`, `campaign show` and `campaign export`: the counts, the
//! recipients with their status, and the mail tool's import file.

use super::*;
use crate::common::parse_csv;

#[test]
fn list_shows_each_campaign_with_its_counts() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "1", &report("delivery_esp.csv")],
    );
    let json = stdout(&env, &["campaign", "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &rows[0];
    for (key, value) in [
        ("id", serde_json::json!(1)),
        ("name", serde_json::json!("11月ニュースレター")),
        ("channel", serde_json::json!("newsletter")),
        ("date", serde_json::json!("2026-11-20")),
        ("recipients", serde_json::json!(8)),
        // Two said delivered; the three who opened, clicked or
        // unsubscribed got it too.
        ("delivered", serde_json::json!(5)),
        ("opened", serde_json::json!(3)),
        ("clicked", serde_json::json!(1)),
        ("bounced", serde_json::json!(1)),
        ("unsubscribed", serde_json::json!(1)),
        ("purpose", serde_json::json!("アルムナイ通信")),
    ] {
        assert_eq!(row[key], value, "{key}: {row}");
    }
    let csv = stdout(&env, &["campaign", "list", "--format", "csv", "--no-bom"]);
    assert!(
        csv.starts_with(
            "id,name,channel,date,recipients,delivered,opened,clicked,bounced,unsubscribed"
        ),
        "{csv}"
    );
}

#[test]
fn list_of_no_campaigns_says_so() {
    let env = roster();
    let err = stderr(&env, &["campaign", "list"]);
    assert!(err.contains("no campaigns yet"), "{err}");
}

#[test]
fn show_gives_counts_rates_and_each_recipients_status() {
    let env = newsletter();
    stderr(
        &env,
        &["campaign", "import", "#1", &report("delivery_esp.csv")],
    );
    let table = stdout(&env, &["campaign", "show", "#1"]);
    crate::test_interface::settings("campaign show after the ESP delivery report").bind(|| {
        insta::assert_snapshot!("campaign__show", table);
    });
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &env,
        &["campaign", "show", "1", "--format", "json"],
    ))
    .unwrap();
    // 3 of the 5 it reached opened, 1 of 5 clicked.
    assert_eq!(json["open_rate"], serde_json::json!(3.0 / 5.0));
    assert_eq!(json["click_rate"], serde_json::json!(1.0 / 5.0));
    let list = json["recipients_list"].as_array().unwrap();
    assert_eq!(list.len(), 8);
    // In Japanese the statuses are Japanese; JSON keeps the keys.
    let ja = stdout(&env, &["--lang", "ja", "campaign", "show", "1"]);
    for status in ["クリック", "開封", "不達", "配信停止"] {
        assert!(ja.contains(status), "{status} in\n{ja}");
    }
    assert!(!ja.contains("unsubscribed"), "{ja}");
    let listed = stdout(&env, &["--lang", "ja", "campaign", "list"]);
    assert!(listed.contains("メールマガジン"), "{listed}");
    let status = |id: &str| {
        list.iter()
            .find(|r| r["employee_id"] == id)
            .map(|r| r["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(status("00123"), "clicked");
    assert_eq!(status("00124"), "opened");
    assert_eq!(status("00125"), "bounced");
    assert_eq!(status("00128"), "delivered");
    assert_eq!(status("00129"), "unsubscribed");
    assert_eq!(status("00131"), "sent");
}

#[test]
fn export_writes_email_name_and_an_opaque_token_with_a_bom_readable_by_the_owner_only() {
    let env = newsletter();
    let out = env.path("recipients.csv");
    let err = stderr(
        &env,
        &["campaign", "export", "1", "--out", out.to_str().unwrap()],
    );
    assert!(err.contains("8 addresses"), "{err}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("email,name,id\n"), "{text}");
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 8);
    let stored: Vec<(String, String)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT email, token FROM campaign_recipients ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut tokens = BTreeSet::new();
    for (row, (email, token)) in rows.iter().zip(&stored) {
        assert_eq!(&row["email"], email);
        assert_eq!(&row["id"], token);
        // 16 random bytes as hex.
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        tokens.insert(token.clone());
    }
    assert_eq!(tokens.len(), 8, "tokens repeat");
    assert_eq!(rows[0]["name"], "山田 太郎");
    // Nothing of the person is in a token: a second campaign to the same
    // people, ids and addresses gets other tokens.
    add(&env, &[]);
    let again: i64 = env.query(
        "SELECT count(*) FROM campaign_recipients a JOIN campaign_recipients b
         ON a.token = b.token AND a.campaign_id = 1 AND b.campaign_id = 2",
    );
    assert_eq!(again, 0);
}

#[test]
fn export_to_stdout_as_json_and_without_anyone_who_opted_out_since() {
    let env = newsletter();
    stderr(&env, &["consent", "00123", "opted-out"]);
    let output = env
        .alumni(&["campaign", "export", "1", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let emails: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails.len(), 7);
    assert!(!emails.contains(&"taro.yamada@example.co.jp"));
    assert!(rows[0].get("id").is_some() && rows[0].get("name").is_some());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("1 recipient left out"), "{err}");
}

#[test]
fn export_of_an_sns_post_is_refused() {
    let env = roster_not_opted_out();
    add(&env, &["--channel", "sns"]);
    let out = env.path("recipients.csv");
    let err = refused_unchanged(
        &env,
        &["campaign", "export", "1", "--out", out.to_str().unwrap()],
        2,
    );
    assert!(err.contains("SNS post"), "{err}");
    assert!(!out.exists());
    refused(&env, &["campaign", "export", "7"], 1);
}

#[test]
fn forget_empties_the_address_a_campaign_went_to_and_the_export_leaves_them_out() {
    let env = newsletter();
    stderr(&env, &["forget", "00123", "--yes"]);
    let email: Option<String> =
        env.query("SELECT email FROM campaign_recipients WHERE alumnus_id = 1");
    assert_eq!(email, None);
    let csv = stdout(&env, &["campaign", "export", "1", "--no-bom"]);
    assert_eq!(parse_csv(&csv).len(), 7);
    assert!(!csv.contains("taro.yamada"), "{csv}");
}
