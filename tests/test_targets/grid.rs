//! `alumni target import`: month × stage grids from fixtures/targets.csv,
//! targets.xlsx and targets_bad.csv (fixtures/README.md), and small grids
//! written by the tests for the faults of a header and for the row of all
//! hires (全採用数).

use super::inputs::all_hires;
use super::{Target, audit, refused, target, targets};
use crate::common::{Env, fixture, stderr};

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

/// The 48 targets of fixtures/targets.csv, for a department and kind.
fn csv_targets(department: &str, kind: &str) -> Vec<Target> {
    let months = [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
        "2026-12", "2027-01", "2027-02", "2027-03",
    ];
    let rows: [(&str, [Option<i64>; 12]); 5] = [
        ("contacted", [Some(20); 12]),
        (
            "applied",
            [8, 8, 10, 10, 8, 8, 10, 10, 8, 8, 6, 6].map(Some),
        ),
        ("interview", [4, 4, 5, 5, 4, 4, 5, 5, 4, 4, 3, 3].map(Some)),
        (
            "offer",
            [
                Some(2),
                None,
                Some(2),
                None,
                Some(2),
                None,
                Some(2),
                None,
                Some(2),
                None,
                Some(1),
                None,
            ],
        ),
        (
            "rejoined",
            [
                None,
                Some(1),
                None,
                Some(1),
                None,
                Some(1),
                None,
                Some(1),
                None,
                Some(1),
                None,
                Some(1),
            ],
        ),
    ];
    let mut all: Vec<Target> = rows
        .iter()
        .flat_map(|(stage, counts)| {
            counts.iter().zip(months).filter_map(move |(count, month)| {
                count.map(|n| target(month, stage, department, kind, n))
            })
        })
        .collect();
    all.sort();
    all
}

#[test]
fn the_csv_grid_sets_one_target_per_filled_cell_field_by_field() {
    let env = Env::empty();
    let err = stderr(&env, &["target", "import", &path("targets.csv")]);
    assert_eq!(targets(&env), csv_targets("", ""));
    assert!(
        err.contains(
            "header row 3): 2026-04..2027-03: 48 targets set (48 new, 0 changed), 0 unchanged"
        ),
        "{err}"
    );
    let detail = &audit(&env, "target import")[0];
    assert!(detail.contains("targets.csv (sha256 "), "{detail}");
    assert!(
        detail.ends_with("all departments, both kinds: 48 set (48 new, 0 changed), 0 unchanged"),
        "{detail}"
    );
}

#[test]
fn reimporting_the_same_grid_changes_nothing_and_says_so() {
    let env = Env::empty();
    stderr(&env, &["target", "import", &path("targets.csv")]);
    let before = targets(&env);
    let err = stderr(&env, &["target", "import", &path("targets.csv")]);
    assert!(
        err.contains("0 targets set (0 new, 0 changed), 48 unchanged"),
        "{err}"
    );
    assert_eq!(targets(&env), before);
}

#[test]
fn an_import_replaces_counts_it_gives_and_keeps_targets_under_empty_cells() {
    let env = Env::empty();
    // 入社 2026-04 is empty in the grid; 応募 2026-04 is 8.
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "5"],
    );
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "applied", "1"],
    );
    let err = stderr(&env, &["target", "import", &path("targets.csv")]);
    assert!(
        err.contains("48 targets set (47 new, 1 changed), 0 unchanged"),
        "{err}"
    );
    let mut expected = csv_targets("", "");
    expected.push(target("2026-04", "rejoined", "", "", 5));
    expected.sort();
    assert_eq!(targets(&env), expected);
}

#[test]
fn department_and_kind_apply_to_every_target_of_the_grid() {
    let env = Env::empty();
    stderr(
        &env,
        &[
            "target",
            "import",
            &path("targets.csv"),
            "--department",
            "営業部",
            "--kind",
            "rehire",
        ],
    );
    assert_eq!(targets(&env), csv_targets("営業部", "rehire"));
}

#[test]
fn a_dry_run_reports_the_targets_and_writes_nothing() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "applied", "1"],
    );
    let before = env.snapshot();
    let err = stderr(
        &env,
        &["target", "import", &path("targets.csv"), "--dry-run"],
    );
    assert!(
        err.contains("48 targets would be set (47 new, 1 changed), 0 unchanged"),
        "{err}"
    );
    assert!(err.contains("dry run: nothing was written"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_xlsx_grid_reads_date_headings_labels_and_numbers_and_skips_the_sum_column() {
    let env = Env::empty();
    let err = stderr(
        &env,
        &[
            "target",
            "import",
            &path("targets.xlsx"),
            "--kind",
            "referral",
        ],
    );
    assert!(
        err.contains("sheet 2026年度, header row 3): 2026-04..2027-03: 34 targets set"),
        "{err}"
    );
    let stored = targets(&env);
    assert_eq!(stored.len(), 34);
    assert!(stored.iter().all(|t| t.2.is_empty() && t.3 == "referral"));
    let count = |month: &str, stage: &str| {
        stored
            .iter()
            .find(|t| t.0 == month && t.1 == stage)
            .map(|t| t.4)
    };
    let months = [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
        "2026-12", "2027-01", "2027-02", "2027-03",
    ];
    let applied: Vec<Option<i64>> = months.iter().map(|m| count(m, "applied")).collect();
    assert_eq!(
        applied,
        [6, 6, 8, 8, 6, 6, 8, 8, 6, 6, 4, 4].map(Some).to_vec()
    );
    let interview: Vec<Option<i64>> = months.iter().map(|m| count(m, "interview")).collect();
    assert_eq!(
        interview,
        [3, 3, 4, 4, 3, 3, 4, 4, 3, 3, 2, 2].map(Some).to_vec()
    );
    let offer: Vec<Option<i64>> = months.iter().map(|m| count(m, "offer")).collect();
    assert_eq!(
        offer,
        [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
            .map(|n| (n == 1).then_some(1))
            .to_vec()
    );
    let rejoined: Vec<Option<i64>> = months.iter().map(|m| count(m, "rejoined")).collect();
    assert_eq!(
        rejoined,
        [
            None,
            Some(1),
            None,
            None,
            None,
            Some(1),
            None,
            None,
            None,
            Some(1),
            None,
            Some(0)
        ]
    );
}

#[test]
fn months_without_a_year_need_fy_and_are_placed_in_that_fiscal_year() {
    let env = Env::empty();
    let file = path("targets.xlsx");
    let err = refused(&env, &["target", "import", &file, "--sheet", "月のみ"], 2);
    assert!(
        err.contains(
            "targets.xlsx:1: column \"4月\": a month without a year; give the fiscal year"
        ),
        "{err}"
    );
    assert!(err.contains("--fy 2026"), "{err}");
    stderr(
        &env,
        &[
            "target",
            "import",
            &file,
            "--sheet",
            "月のみ",
            "--fy",
            "2026",
        ],
    );
    let stored = targets(&env);
    assert_eq!(stored.len(), 24);
    assert_eq!(stored[0], target("2026-04", "offer", "", "", 2));
    assert_eq!(stored[1], target("2026-04", "rejoined", "", "", 1));
    assert_eq!(stored[23], target("2027-03", "rejoined", "", "", 1));
    assert!(stored.iter().any(|t| t.0 == "2027-01"));
    assert!(!stored.iter().any(|t| t.0 == "2026-01"));
}

#[test]
fn a_fiscal_year_starting_in_january_places_months_without_a_year_in_the_calendar_year() {
    let env = Env::empty();
    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    stderr(
        &env,
        &[
            "target",
            "import",
            &path("targets.xlsx"),
            "--sheet",
            "月のみ",
            "--fy",
            "2026",
        ],
    );
    let months: Vec<String> = targets(&env).into_iter().map(|t| t.0).collect();
    assert_eq!(months.first().unwrap(), "2026-01");
    assert_eq!(months.last().unwrap(), "2026-12");
}

#[test]
fn bad_cells_are_all_reported_with_file_row_and_column_and_nothing_is_written() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "applied", "1"],
    );
    let file = path("targets_bad.csv");
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("3 bad cells in") && err.contains("nothing was written"),
        "{err}"
    );
    for line in [
        "targets_bad.csv:2: column \"2026/5\": \"3.5\" is not a count",
        "targets_bad.csv:3: column \"段階\": no stage \"最終面接\"; the stages are contacted,",
        "targets_bad.csv:4: column \"2026/5\": \"多数\" is not a count",
    ] {
        assert!(err.contains(line), "{line} not in {err}");
    }
    assert_eq!(targets(&env), [target("2026-04", "applied", "", "", 1)]);
}

/// Writes a small UTF-8 grid into the test's directory.
fn grid(env: &Env, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_heading_that_is_not_a_month_stops_the_import() {
    let env = Env::empty();
    let file = grid(
        &env,
        "g.csv",
        "項目,2026年4月,2026年13月,2026年6月\n入社,1,1,1\n",
    );
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("g.csv:1: column \"2026年13月\": not a month"),
        "{err}"
    );
}

#[test]
fn a_month_given_twice_in_the_header_stops_the_import() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "項目,2026/4,2026年4月\n入社,1,2\n");
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("g.csv:1: column \"2026年4月\": 2026-04 is also column \"2026/4\""),
        "{err}"
    );
}

#[test]
fn a_month_outside_the_fiscal_year_given_stops_the_import() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "項目,2026/3,2026/4\n入社,1,2\n");
    let err = refused(&env, &["target", "import", &file, "--fy", "2026"], 65);
    assert!(
        err.contains("column \"2026/3\": 2026-03 is not in fiscal year 2026 (2026-04..2027-03)"),
        "{err}"
    );
}

#[test]
fn a_stage_given_twice_and_counts_without_a_stage_are_bad_cells() {
    let env = Env::empty();
    let file = grid(
        &env,
        "g.csv",
        "項目,2026/4,2026/5\n入社,1,2\nrejoined,3,4\n,5,6\n",
    );
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("g.csv:3: column \"項目\": the stage rejoined is also on row 2"),
        "{err}"
    );
    assert!(
        err.contains("g.csv:4: column \"項目\": no stage named"),
        "{err}"
    );
}

#[test]
fn a_count_under_a_column_with_no_heading_is_a_bad_cell() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "項目,2026/4,\n入社,1,7\n");
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("g.csv:2: column C: a count under no month; give the column a month in row 1"),
        "{err}"
    );
}

#[test]
fn a_file_without_a_row_of_months_is_bad_data() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "採用目標\n項目,上期,下期\n入社,3,3\n");
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(err.contains("no header row of months"), "{err}");
}

#[test]
fn a_missing_file_is_bad_data_and_an_unknown_encoding_a_usage_error() {
    let env = Env::empty();
    let err = refused(&env, &["target", "import", "missing.xlsx"], 65);
    assert!(err.contains("missing.xlsx: cannot open"), "{err}");
    let err = refused(
        &env,
        &[
            "target",
            "import",
            &path("targets.csv"),
            "--encoding",
            "klingon",
        ],
        2,
    );
    assert!(err.contains("unknown --encoding"), "{err}");
}

#[test]
fn total_and_notes_columns_and_rows_without_counts_are_not_read() {
    let env = Env::empty();
    let file = grid(
        &env,
        "g.csv",
        "No.,段階,2026/4,2026/5,合計,備考\n\
         1,面接,3,4,7,要確認\n\
         2,入社,1,,1,\n\
         ,合計,4,4,8,\n\
         ※入社は最低1名,,,,,\n",
    );
    stderr(&env, &["target", "import", &file]);
    assert_eq!(
        targets(&env),
        [
            target("2026-04", "interview", "", "", 3),
            target("2026-04", "rejoined", "", "", 1),
            target("2026-05", "interview", "", "", 4),
        ]
    );
}

#[test]
fn a_row_of_all_hires_sets_the_companys_hires_of_each_month() {
    let env = Env::empty();
    for (label, april) in [("全採用数", 40), ("採用数（全体）", 41), ("All hires", 42)] {
        let file = grid(
            &env,
            "g.csv",
            &format!("項目,2026年4月,2026年5月,合計\n入社,1,,1\n{label},{april},３５,75\n"),
        );
        stderr(&env, &["target", "import", &file]);
        assert_eq!(
            all_hires(&env),
            [("2026-04".to_string(), april), ("2026-05".to_string(), 35)],
            "{label}"
        );
    }
    assert_eq!(targets(&env), [target("2026-04", "rejoined", "", "", 1)]);
    let file = grid(
        &env,
        "g.csv",
        "項目,2026年4月,2026年5月\n入社,1,\nAll hires,42,36\n",
    );
    let err = stderr(&env, &["target", "import", &file]);
    assert!(
        err.contains(
            "0 targets set (0 new, 0 changed), 1 unchanged; \
             all hires of 1 month set (0 new, 1 changed), 1 unchanged"
        ),
        "{err}"
    );
    let audited = audit(&env, "target import");
    assert!(
        audited[3].ends_with("; all hires of 1 month set (0 new, 1 changed), 1 unchanged"),
        "{audited:?}"
    );
}

#[test]
fn a_dry_run_reports_the_all_hires_and_writes_nothing() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "項目,2026/4,2026/5\n全採用数,40,35\n");
    let before = env.snapshot();
    let err = stderr(&env, &["target", "import", &file, "--dry-run"]);
    assert!(
        err.contains(
            "0 targets would be set (0 new, 0 changed), 0 unchanged; \
             all hires of 2 months would be set (2 new, 0 changed), 0 unchanged"
        ),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn all_hires_in_a_grid_for_one_department_or_kind_stop_the_import() {
    let env = Env::empty();
    let file = grid(&env, "g.csv", "項目,2026/4\n入社,1\n全採用数,40\n");
    for flags in [&["--department", "営業部"][..], &["--kind", "rehire"]] {
        let mut args = vec!["target", "import", &file];
        args.extend(flags);
        let err = refused(&env, &args, 65);
        assert!(
            err.contains("g.csv:3: the all hires are the whole company's"),
            "{err}"
        );
    }
}

#[test]
fn a_second_row_of_all_hires_is_a_bad_cell() {
    let env = Env::empty();
    let file = grid(
        &env,
        "g.csv",
        "項目,2026/4\n全採用数,40\n入社,1\nall hires,41\n",
    );
    let err = refused(&env, &["target", "import", &file], 65);
    assert!(
        err.contains("g.csv:4: column \"項目\": the all hires are also on row 2"),
        "{err}"
    );
}
