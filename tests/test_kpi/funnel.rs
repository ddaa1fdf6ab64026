//! `alumni kpi` at a terminal ends with the funnel drawn in blocks, one
//! bar per stage, actual against required, in the run's language; a pipe,
//! a file and `--format csv|json` get the report without it.

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{Env, example, stdout};
use crate::test_output::on_terminal;

const REPORT: &str = "kpi --fy 2026 --as-of 2026-11-30";

/// The funnel's lines on a screen: those after its heading.
fn funnel_lines<'a>(screen: &'a str, heading: &str) -> Vec<&'a str> {
    screen
        .lines()
        .skip_while(|line| !line.starts_with(heading))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .collect()
}

fn stages(env: &Env) -> Vec<Value> {
    let json: Value =
        serde_json::from_str(&stdout(env, &["kpi", "--fy", "2026", "--format", "json"])).unwrap();
    json["stages"].as_array().unwrap().clone()
}

#[test]
fn at_a_terminal_the_report_ends_with_a_funnel_of_actual_against_required() {
    let env = example();
    let stages = stages(&env);
    let screen = on_terminal(&env, 80, &[], &format!("--lang ja {REPORT}"));
    let lines = funnel_lines(&screen, "ファネル");
    assert_eq!(lines.len(), stages.len(), "{screen}");
    for (line, stage) in lines.iter().zip(&stages) {
        let label = stage["label_ja"].as_str().unwrap();
        assert!(line.starts_with(label), "{label}: {line}");
        let required = stage["required"]
            .as_u64()
            .map_or("–".to_string(), |r| r.to_string());
        let figures = format!("{} / {required}", stage["actual"]);
        assert!(line.ends_with(&figures), "{figures}: {line}");
        assert!(line.width() <= 80, "{line}");
        if stage["actual"].as_u64() > Some(0) {
            assert!(line.contains('█'), "{line}");
        }
        if stage["required"].as_u64() > stage["actual"].as_u64() {
            assert!(line.contains('░'), "{line}");
        }
    }
    // Nothing follows the funnel but the end of the output.
    assert!(
        screen.trim_end().ends_with(lines.last().unwrap()),
        "{screen}"
    );

    // In English, with English stage names.
    let screen = on_terminal(&env, 80, &[], &format!("--lang en {REPORT}"));
    let lines = funnel_lines(&screen, "Funnel");
    assert_eq!(lines.len(), stages.len(), "{screen}");
    assert!(
        lines[0].starts_with(stages[0]["label_en"].as_str().unwrap()),
        "{screen}"
    );
}

#[test]
fn a_wider_terminal_draws_longer_bars() {
    let env = example();
    let blocks = |columns: u16| {
        let screen = on_terminal(&env, columns, &[], &format!("--lang en {REPORT}"));
        let lines = funnel_lines(&screen, "Funnel");
        assert!(!lines.is_empty(), "{screen}");
        for line in &lines {
            assert!(line.width() <= columns as usize, "{line}");
        }
        lines[0].chars().filter(|c| *c == '█' || *c == '░').count()
    };
    assert!(blocks(60) < blocks(100));
}

#[test]
fn csv_and_json_at_a_terminal_have_no_funnel() {
    let env = example();
    for format in ["csv", "json"] {
        let screen = on_terminal(&env, 80, &[], &format!("{REPORT} --format {format}"));
        assert!(
            !screen.contains('█') && !screen.contains("Funnel"),
            "{format}: {screen}"
        );
    }
}

#[test]
fn off_a_terminal_the_report_has_no_funnel() {
    let env = example();
    for args in [
        &["kpi", "--fy", "2026"][..],
        &["--lang", "ja", "kpi", "--fy", "2026"],
        &["kpi", "--fy", "2026", "--format", "json"],
    ] {
        let out = stdout(&env, args);
        assert!(!out.is_empty(), "{args:?}");
        assert!(
            !out.contains('█') && !out.contains("Funnel") && !out.contains("ファネル"),
            "{args:?}: {out}"
        );
    }
    // The table is still there.
    assert!(stdout(&env, &["kpi", "--fy", "2026"]).contains("Recruiting KPIs"));
}
