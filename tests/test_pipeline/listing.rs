//! `alumni pipeline list` and `board`: filters, grouping and the three formats.

use super::*;

#[test]
fn list_shows_every_application_with_names_referrers_and_japanese_stage_labels() {
    let env = pipeline();
    let rows = json(&stdout(&env, &["pipeline", "list", "--format", "json"]));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["kind"], "rehire");
    assert_eq!(rows[0]["employee_id"], "00123");
    assert_eq!(rows[0]["name"], "山田 太郎");
    assert_eq!(rows[0]["position"], "営業");
    assert_eq!(rows[0]["department"], "営業部");
    assert_eq!(rows[0]["stage"], "interview");
    assert_eq!(rows[0]["stage_label"], "面接");
    assert_eq!(rows[0]["stage_entered_on"], "2026-10-05");
    assert_eq!(rows[0]["opened_on"], "2026-10-01");
    assert_eq!(rows[0]["outcome"], Value::Null);
    assert_eq!(rows[1]["outcome"], "declined");
    assert_eq!(rows[1]["closed_on"], "2026-10-03");
    assert_eq!(rows[2]["kind"], "referral");
    assert_eq!(rows[2]["name"], "高橋 次郎");
    assert_eq!(rows[2]["referrer"], "鈴木 一郎");
    assert_eq!(rows[2]["employee_id"], Value::Null);
    assert_eq!(rows[2]["source"], "referral");
}

#[test]
fn list_filters_by_stage_open_and_kind() {
    let env = pipeline();
    assert_eq!(listed(&env, &[]), [1, 2, 3]);
    assert_eq!(listed(&env, &["--open"]), [1, 3]);
    assert_eq!(listed(&env, &["--kind", "referral"]), [3]);
    assert_eq!(listed(&env, &["--kind", "rehire", "--open"]), [1]);
    assert_eq!(listed(&env, &["--stage", "interview"]), [1]);
    assert_eq!(
        listed(&env, &["--stage", "offer", "--open"]),
        Vec::<i64>::new()
    );
    let err = refused(&env, &["pipeline", "list", "--stage", "lunch"], 65);
    assert!(err.contains("the stages are contacted"), "{err}");
}

#[test]
fn list_writes_csv_with_the_data_model_columns() {
    let env = pipeline();
    let rows = parse_csv(&stdout(&env, &["pipeline", "list", "--format", "csv"]));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "1");
    assert_eq!(rows[0]["name"], "山田 太郎");
    assert_eq!(rows[0]["stage_label"], "面接");
    assert_eq!(rows[0]["referrer"], "");
    assert_eq!(rows[1]["outcome"], "declined");
    assert_eq!(rows[1]["outcome_reason"], "他社");
    assert_eq!(rows[2]["referrer"], "鈴木 一郎");
    assert_eq!(rows[2]["furthest_stage"], "contacted");
}

#[test]
fn list_as_a_table_has_the_listing_columns_and_a_row_per_application() {
    let env = pipeline();
    let table = stdout(&env, &["pipeline", "list"]);
    let header = table.lines().nth(1).unwrap();
    for column in [
        "id",
        "kind",
        "employee_id",
        "name",
        "referrer",
        "position",
        "department",
        "source",
        "opened_on",
        "stage",
        "stage_label",
        "stage_entered_on",
        "outcome",
        "closed_on",
    ] {
        assert!(header.contains(column), "{column} missing in {header}");
    }
    assert!(!header.contains("outcome_reason"), "{header}");
    let rows: Vec<&str> = table.lines().filter(|l| l.contains('┆')).skip(1).collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(
        rows[0].contains("山田 太郎") && rows[0].contains("面接"),
        "{table}"
    );
}

#[test]
fn board_groups_open_applications_under_every_stage_in_order() {
    let env = pipeline();
    let board = json(&stdout(&env, &["pipeline", "board", "--format", "json"]));
    let stages: Vec<&str> = board.iter().map(|g| g["stage"].as_str().unwrap()).collect();
    assert_eq!(
        stages,
        [
            "contacted",
            "interested",
            "applied",
            "screening",
            "interview",
            "offer",
            "accepted",
            "rejoined"
        ]
    );
    assert_eq!(board[0]["label_ja"], "接触");
    assert_eq!(board[0]["label_en"], "Contacted");
    let ids = |i: usize| -> Vec<i64> {
        board[i]["applications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(0), [3]);
    assert_eq!(ids(4), [1]);
    // The declined application is closed, so not on the board.
    assert_eq!(ids(5), Vec::<i64>::new());
    assert_eq!(board[4]["applications"][0]["name"], "山田 太郎");

    let rehires = json(&stdout(
        &env,
        &["pipeline", "board", "--kind", "rehire", "--format", "json"],
    ));
    assert_eq!(rehires[0]["applications"].as_array().unwrap().len(), 0);
    assert_eq!(rehires[4]["applications"].as_array().unwrap().len(), 1);
}

#[test]
fn board_as_csv_and_table_shows_each_stage_with_its_labels_and_count() {
    let env = pipeline();
    let rows = parse_csv(&stdout(&env, &["pipeline", "board", "--format", "csv"]));
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["stage"].as_str(),
                r["label_ja"].as_str(),
                r["id"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("contacted", "接触", "3"), ("interview", "面接", "1")]
    );

    let table = stdout(&env, &["pipeline", "board"]);
    assert!(
        table.contains("1 接触 / Contacted (contacted): 1"),
        "{table}"
    );
    assert!(
        table.contains("5 面接 / Interview (interview): 1"),
        "{table}"
    );
    assert!(table.contains("6 内定 / Offer (offer): 0"), "{table}");
}
