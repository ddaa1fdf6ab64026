//! Career history: every change of a current company or title, by an
//! import, `alumni edit` or `alumni add`, as a dated entry, and the
//! timeline `alumni show` gives of it. On the rosters of
//! fixtures/career/ (see make_fixtures.py there): the same five people in
//! 2025 and a year later. `list --company` and `partner suggest` have a
//! file each.

mod company;
mod partner_suggest;

use crate::common::{Env, fixture, refused_unchanged, stderr, stdout};

/// The path of a fixture of fixtures/career/.
fn career_file(name: &str) -> String {
    fixture(&format!("career/{name}")).display().to_string()
}

/// Today as the binary stamps `since`: the local date.
fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// A database with the 2025 roster imported, its entries dated
/// 2025-04-01 as if it had been imported then, and the 2026 roster
/// imported today.
fn two_years() -> Env {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    env.conn()
        .execute("UPDATE career SET since = '2025-04-01'", [])
        .unwrap();
    stderr(&env, &["import", &career_file("roster_2026.csv")]);
    env
}

/// (since, company, title, prior_company, prior_title, source, import_id)
type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
);

/// The career entries of the alumnus with this employee ID, oldest first.
fn entries(env: &Env, employee_id: &str) -> Vec<Row> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT since, company, title, prior_company, prior_title, source, import_id
             FROM career WHERE alumnus_id = (SELECT id FROM alumni WHERE employee_id = ?)
             ORDER BY since, id",
        )
        .unwrap();
    stmt.query_map([employee_id], |r| {
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
}

fn row(
    since: &str,
    now: (Option<&str>, Option<&str>),
    before: (Option<&str>, Option<&str>),
    source: &str,
    import_id: Option<i64>,
) -> Row {
    let s = |v: Option<&str>| v.map(String::from);
    (
        since.to_string(),
        s(now.0),
        s(now.1),
        s(before.0),
        s(before.1),
        source.to_string(),
        import_id,
    )
}

#[test]
fn a_first_import_starts_the_history_of_everyone_with_a_company_or_title() {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    assert_eq!(env.count("career"), 4, "00005 has neither");
    assert_eq!(
        entries(&env, "00001"),
        [row(
            &today(),
            (Some("株式会社ミライ"), Some("営業")),
            (None, None),
            "import",
            Some(1)
        )]
    );
    assert!(entries(&env, "00005").is_empty());
}

#[test]
fn a_second_import_adds_an_entry_for_each_change_with_the_prior_values() {
    let env = two_years();
    let today = today();
    assert_eq!(
        entries(&env, "00002"),
        [
            row(
                "2025-04-01",
                (Some("株式会社ミライ"), Some("エンジニア")),
                (None, None),
                "import",
                Some(1)
            ),
            // Stored as imported: NFKC makes the full-width name ASCII.
            row(
                &today,
                (Some("ACME Inc."), Some("エンジニア")),
                (Some("株式会社ミライ"), Some("エンジニア")),
                "import",
                Some(2)
            ),
        ]
    );
    // A new title at the same company is a change too.
    assert_eq!(
        entries(&env, "00003")[1],
        row(
            &today,
            (Some("Acme Co., Ltd."), Some("Director")),
            (Some("Acme Co., Ltd."), Some("Manager")),
            "import",
            Some(2)
        )
    );
    // 00005 had nothing and now has a company.
    assert_eq!(
        entries(&env, "00005"),
        [row(
            &today,
            (Some("(株)ミライ"), Some("営業")),
            (None, None),
            "import",
            Some(2)
        )]
    );
    // Unchanged (00001) and an empty company cell (00004) add nothing.
    assert_eq!(entries(&env, "00001").len(), 1);
    assert_eq!(entries(&env, "00004").len(), 1);
    let company: String =
        env.query("SELECT current_company FROM alumni WHERE employee_id = '00004'");
    assert_eq!(
        company, "有限会社サクラ",
        "an empty cell erased the company"
    );
}

#[test]
fn a_reimport_that_changes_nothing_adds_no_entry() {
    let env = two_years();
    let before = env.count("career");
    stderr(&env, &["import", &career_file("roster_2026.csv")]);
    // The same roster saved by Excel in Shift_JIS is the same roster.
    stderr(&env, &["import", &career_file("roster_2026_sjis.csv")]);
    assert_eq!(env.count("career"), before);
}

#[test]
fn an_import_never_overwrites_a_company_set_by_hand_so_adds_no_entry() {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    stderr(
        &env,
        &["edit", "00002", "--current-company", "株式会社ミライ研究所"],
    );
    let before = entries(&env, "00002");
    stderr(&env, &["import", &career_file("roster_2026.csv")]);
    assert_eq!(entries(&env, "00002"), before);
    let company: String =
        env.query("SELECT current_company FROM alumni WHERE employee_id = '00002'");
    assert_eq!(company, "株式会社ミライ研究所");
}

#[test]
fn edit_adds_an_entry_with_the_prior_values_and_clear_is_a_change() {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    stderr(&env, &["edit", "00001", "--current-title", "営業部長"]);
    stderr(&env, &["edit", "00001", "--clear", "current_company"]);
    // Nothing changed: no entry.
    stderr(&env, &["edit", "00001", "--current-title", "営業部長"]);
    // Another field: no entry.
    stderr(&env, &["edit", "00001", "--department", "企画部"]);
    let today = today();
    assert_eq!(
        entries(&env, "00001")[1..],
        [
            row(
                &today,
                (Some("株式会社ミライ"), Some("営業部長")),
                (Some("株式会社ミライ"), Some("営業")),
                "edit",
                None
            ),
            row(
                &today,
                (None, Some("営業部長")),
                (Some("株式会社ミライ"), Some("営業部長")),
                "edit",
                None
            ),
        ]
    );
}

#[test]
fn add_starts_the_history_only_with_a_company_or_title() {
    let env = Env::empty();
    let id = stdout(
        &env,
        &[
            "add",
            "--name",
            "伊藤 誠",
            "--current-company",
            "株式会社ミライ",
            "--current-title",
            "顧問",
        ],
    );
    stdout(&env, &["add", "--name", "渡辺 愛"]);
    let rows: Vec<(i64, String, String)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT alumnus_id, company, source FROM career")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        rows,
        [(
            id.trim().parse().unwrap(),
            "株式会社ミライ".to_string(),
            "edit".to_string()
        )]
    );
}

#[test]
fn a_refused_edit_adds_no_entry() {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    // The email is 00002's: the edit is refused, and its company with it.
    refused_unchanged(
        &env,
        &[
            "edit",
            "00001",
            "--current-company",
            "ACME",
            "--email",
            "hanako@example.jp",
        ],
        65,
    );
}

#[test]
fn show_json_gives_the_career_history_oldest_first() {
    let env = two_years();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&env, &["show", "00002", "--format", "json"])).unwrap();
    let career = json["career"].as_array().unwrap();
    assert_eq!(career.len(), 2);
    assert_eq!(career[0]["since"], "2025-04-01");
    assert_eq!(career[0]["company"], "株式会社ミライ");
    assert_eq!(career[0]["prior_company"], serde_json::Value::Null);
    assert_eq!(career[1]["company"], "ACME Inc.");
    assert_eq!(career[1]["prior_company"], "株式会社ミライ");
    assert_eq!(career[1]["source"], "import");
    assert_eq!(career[1]["import_id"], 2);
}

/// The career part of `alumni show`: from its title to the timeline's.
fn career_part(text: &str, title: &str, next: &str) -> String {
    let start = text.find(title).expect("a career section");
    let end = text[start..].find(next).map_or(text.len(), |n| start + n);
    text[start..end].replace(&today(), "YYYY-MM-DD")
}

#[test]
fn show_lists_the_career_timeline_in_english_and_japanese() {
    let env = two_years();
    stderr(&env, &["edit", "00002", "--current-title", "テックリード"]);
    let english = career_part(
        &stdout(&env, &["show", "00002"]),
        "Career / 経歴",
        "Timeline",
    );
    let japanese = career_part(
        &stdout(&env, &["--lang", "ja", "show", "00002"]),
        "経歴",
        "履歴",
    );
    crate::test_interface::settings("alumni show 00002 (the career part)").bind(|| {
        insta::assert_snapshot!("table__show_career", english);
        insta::assert_snapshot!("table__show_career_ja", japanese);
    });
}

#[test]
fn show_says_so_when_there_is_no_career_history() {
    let env = Env::new();
    stderr(&env, &["import", &career_file("roster_2025.csv")]);
    let text = stdout(&env, &["show", "00005"]);
    assert!(text.contains("no career entries"), "{text}");
}
