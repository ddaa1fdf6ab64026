//! The main tables on the bundled example (examples/data and
//! examples/history.sh): the roster, the year's KPIs in English and
//! Japanese, and the pipeline board. The history is dated, so only the
//! board's days in stage, counted to today, are redacted.

use super::settings;
use crate::common::{Env, example, stdout_of};

fn table(env: &Env, args: &[&str], english: bool) -> String {
    let mut cmd = env.alumni(args);
    if english {
        // The report's language otherwise follows LANG.
        cmd.env_remove("LANG");
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "alumni {args:?} failed");
    stdout_of(&output)
}

#[test]
fn the_main_tables_of_the_example_are_as_reviewed() {
    let env = example();

    settings("alumni list").bind(|| {
        insta::assert_snapshot!("table__list", table(&env, &["list"], false));
    });
    settings("alumni kpi --fy 2026 (no LANG)").bind(|| {
        insta::assert_snapshot!("table__kpi", table(&env, &["kpi", "--fy", "2026"], true));
    });
    settings("alumni kpi --fy 2026 --lang ja").bind(|| {
        insta::assert_snapshot!(
            "table__kpi_ja",
            table(&env, &["kpi", "--fy", "2026", "--lang", "ja"], false)
        );
    });

    let board = table(&env, &["pipeline", "board"], false);
    assert!(board.contains("┆ days_in_stage │"), "{board}");
    let mut board_settings = settings("alumni pipeline board (days in stage redacted)");
    // The last column, 13 wide (its heading's width): "[days]" keeps it so.
    board_settings.add_filter(r"(?m)┆ -?\d+ +│$", "┆ [days]        │");
    board_settings.bind(|| {
        insta::assert_snapshot!("table__pipeline_board", board);
    });
}
