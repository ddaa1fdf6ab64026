//! The campaign and NPS tables of アルムナイ指標 read back, on the history of
//! `test_kpi::reach` (two campaigns, a survey after an event and a yearly
//! one): the counts as values, the rates and NPS as formulas with their
//! results, the months after the report's day blank, the 定義 rows with the
//! `--engagement` setting of the workbook, the campaigns' days on the
//! schedule, and every formula as LibreOffice recalculates it.

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::recalculation::{converted, same, skip, soffice};
use super::{formulas, number, row_of, sheet, text, write_workbook};
use crate::test_kpi::reach::history;

const SHEET: &str = "アルムナイ指標";

fn close(value: Option<f64>, expected: f64, what: &str) {
    let got = value.unwrap_or_else(|| panic!("{what} is blank"));
    assert!(
        (got - expected).abs() < 1e-9,
        "{what}: {got}, not {expected}"
    );
}

#[test]
fn each_campaign_has_its_counts_as_values_and_its_rates_as_formulas() {
    let env = history();
    let path = write_workbook(&env, "reach.xlsx", &["--lang", "ja"]);
    let range = sheet(&path, SHEET);
    let found = formulas(&path, SHEET);
    let head = row_of(&range, 0, &["キャンペーン名", "日付", "チャネル", "送付数"]);
    let news = head + 1;
    assert_eq!(text(&range, news, 0), "5月ニュースレター");
    assert_eq!(text(&range, news, 2), "メールマガジン");
    let counts: Vec<Option<f64>> = (3..=6).map(|c| number(&range, news, c)).collect();
    assert_eq!(counts, [Some(4.0), Some(3.0), Some(2.0), Some(2.0)]);
    for col in 3..=6 {
        assert_eq!(
            super::formula_at(&found, news, col),
            None,
            "a value, not a formula"
        );
    }
    close(number(&range, news, 7), 2.0 / 3.0, "open rate");
    close(number(&range, news, 8), 2.0 / 3.0, "click rate");
    let formula = super::formula_at(&found, news, 7).expect("the open rate is a formula");
    assert!(formula.starts_with("IFERROR("), "{formula}");
    // The post reported no delivery: over its 2 recipients.
    let post = news + 1;
    assert_eq!(text(&range, post, 0), "求人のお知らせ");
    close(number(&range, post, 7), 0.5, "the post's open rate");
}

#[test]
fn months_sum_the_campaign_table_by_date_and_later_months_are_blank() {
    let env = history();
    let path = write_workbook(
        &env,
        "reach-months.xlsx",
        &["--lang", "ja", "--as-of", "2026-05-20"],
    );
    let range = sheet(&path, SHEET);
    let found = formulas(&path, SHEET);
    let head = row_of(
        &range,
        0,
        &["月", "キャンペーン到達数", "開封数", "クリック数"],
    );
    let (april, may, june) = (head + 1, head + 2, head + 3);
    assert_eq!(number(&range, april, 1), Some(0.0));
    assert_eq!(number(&range, april, 4), None, "no reach, no rate");
    assert_eq!(number(&range, may, 1), Some(3.0));
    assert_eq!(number(&range, may, 2), Some(2.0));
    close(number(&range, may, 4), 2.0 / 3.0, "May's open rate");
    let formula = super::formula_at(&found, may, 1).unwrap();
    assert!(formula.contains("SUMIFS("), "{formula}");
    // June is after the report's day: blank, though its post was sent.
    assert_eq!(number(&range, june, 1), None);
    assert_eq!(number(&range, june, 4), None);
    // The total adds the months shown.
    let total = head + 13;
    assert_eq!(text(&range, total, 0), "合計");
    assert_eq!(number(&range, total, 1), Some(3.0));
}

#[test]
fn nps_per_event_and_per_month_has_the_groups_as_values_and_nps_as_a_formula() {
    let env = history();
    let path = write_workbook(&env, "reach-nps.xlsx", &["--lang", "en"]);
    let range = sheet(&path, "Alumni metrics");
    let found = formulas(&path, "Alumni metrics");
    let head = row_of(&range, 0, &["Event", "Date", "Promoters (9–10)"]);
    let event = head + 1;
    assert_eq!(text(&range, event, 0), "同窓会");
    let groups: Vec<Option<f64>> = (2..=5).map(|c| number(&range, event, c)).collect();
    assert_eq!(groups, [Some(2.0), Some(1.0), Some(1.0), Some(4.0)]);
    close(number(&range, event, 6), 25.0, "the reunion's NPS");
    assert!(super::formula_at(&found, event, 6).is_some());
    let head = row_of(&range, 0, &["Month", "Promoters (9–10)"]);
    // July (the fourth month) 25, September (the sixth) 0, August blank.
    close(number(&range, head + 4, 5), 25.0, "July's NPS");
    assert_eq!(number(&range, head + 5, 5), None);
    close(number(&range, head + 6, 5), 0.0, "September's NPS");
    // The workbook is made on 2026-12-01: January to March are blank.
    assert_eq!(number(&range, head + 10, 1), None);
    let period = head + 13;
    assert_eq!(text(&range, period, 0), "Period");
    close(number(&range, period, 5), 100.0 / 6.0, "the year's NPS");
}

#[test]
fn the_definitions_name_reach_rates_nps_and_the_engagement_rule_used() {
    let env = history();
    for (rule, extra) in [
        ("--engagement opened", &[][..]),
        ("--engagement sent", &["--engagement", "sent"][..]),
    ] {
        let mut args = vec!["--lang", "en"];
        args.extend_from_slice(extra);
        let path = write_workbook(&env, "reach-definitions.xlsx", &args);
        let range = sheet(&path, "Definitions");
        for name in ["Reach", "Open rate", "Click rate", "Alumni NPS"] {
            row_of(&range, 0, &[name]);
        }
        let row = row_of(&range, 0, &["Campaigns in engagement"]);
        assert!(
            text(&range, row, 1).starts_with(rule),
            "{}",
            text(&range, row, 1)
        );
        // And the metrics sheet counts by it: 3 or 6 of the 10 engaged.
        let metrics = sheet(&path, "Alumni metrics");
        let engaged = row_of(&metrics, 0, &["Contacted or attended, last 12 months"]);
        let expected = if extra.is_empty() { 3.0 } else { 6.0 };
        assert_eq!(number(&metrics, engaged, 1), Some(expected));
    }
}

#[test]
fn the_schedule_marks_each_campaign_on_its_day() {
    let env = history();
    let path = write_workbook(&env, "reach-schedule.xlsx", &["--lang", "ja"]);
    let range = sheet(&path, "採用スケジュール");
    let heading = row_of(&range, 0, &["キャンペーン"]);
    let names: Vec<String> = (heading + 1..heading + 3)
        .map(|r| text(&range, r, 0))
        .collect();
    assert_eq!(names, ["5月ニュースレター", "求人のお知らせ"]);
}

#[test]
fn libreoffice_recalculates_the_campaign_and_nps_tables_to_the_values_written() {
    let Some(program) = soffice() else {
        return skip("the campaign and NPS recalculation");
    };
    let env = history();
    let path = write_workbook(
        &env,
        "reach-recalculated.xlsx",
        &["--lang", "ja", "--as-of", "2026-08-15"],
    );
    let again = converted(
        program,
        &path,
        &env.dir.path().join("recalculated"),
        "xlsx",
        env.dir.path(),
    );
    let mut ours: Xlsx<_> = open_workbook(&path).unwrap();
    let mut theirs: Xlsx<_> = open_workbook(&again).unwrap();
    let found = ours.worksheet_formula(SHEET).unwrap();
    let mine = ours.worksheet_range(SHEET).unwrap();
    let recalculated = theirs.worksheet_range(SHEET).unwrap();
    let first = row_of(&mine, 0, &["キャンペーン名"]);
    let (r0, c0) = found.start().unwrap();
    let mut compared = 0;
    for (row, col, formula) in found.used_cells() {
        let at = (r0 + row as u32, c0 + col as u32);
        if formula.is_empty() || (at.0 as usize) < first {
            continue;
        }
        let a = mine.get_value(at).cloned().unwrap_or(Data::Empty);
        let b = recalculated.get_value(at).cloned().unwrap_or(Data::Empty);
        assert!(
            same(&a, &b),
            "{SHEET}!{at:?} = {formula}: alumni wrote {a:?}, LibreOffice computed {b:?}"
        );
        compared += 1;
    }
    // 2 campaigns × 2 rates, 13 month rows × 5, 1 event × 2, 13 NPS rows × 5.
    assert!(compared >= 130, "only {compared} formulas compared");
}
