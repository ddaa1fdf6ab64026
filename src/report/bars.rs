//! The funnel of a KPI report as a person sees it at a glance: one bar per
//! stage, drawn with Unicode blocks, the actual count in full blocks (█)
//! and what is still missing to the required (back-calculated) count in
//! light shade (░), scaled to the width of the terminal. `alumni kpi`
//! prints it under its tables when standard output is a terminal.

use unicode_width::UnicodeWidthStr;

use super::Report;
use crate::domain::Lang;
use crate::output::visible;

/// The widest a bar is drawn, however wide the terminal: longer bars read
/// no better.
const MAX_BAR: usize = 60;
/// The narrowest, so that a narrow terminal still shows proportions.
const MIN_BAR: usize = 10;

/// The funnel of `report`, in `lang`, for a screen `width` columns wide:
/// a heading line, then one line per stage, each ending in a newline.
pub fn funnel(report: &Report, lang: Lang, width: usize) -> String {
    let rows: Vec<(String, u64, Option<u64>)> = report
        .stages
        .iter()
        .map(|s| {
            let label = match lang {
                Lang::En => &s.label_en,
                Lang::Ja => &s.label_ja,
            };
            (visible(label).into_owned(), s.actual, s.required)
        })
        .collect();
    let label_width = rows
        .iter()
        .map(|(label, _, _)| label.width())
        .max()
        .unwrap_or(0);
    let actual_width = rows
        .iter()
        .map(|(_, actual, _)| actual.to_string().len())
        .max()
        .unwrap_or(1);
    let required_text =
        |required: Option<u64>| required.map_or("–".to_string(), |r| r.to_string());
    let required_width = rows
        .iter()
        .map(|(_, _, required)| required_text(*required).width())
        .max()
        .unwrap_or(1);
    // label, two spaces, the bar, two spaces, "actual / required".
    let fixed = label_width + 2 + 2 + actual_width + 3 + required_width;
    let bar = width.saturating_sub(fixed).clamp(MIN_BAR, MAX_BAR);
    let scale = rows
        .iter()
        .map(|(_, actual, required)| (*actual).max(required.unwrap_or(0)))
        .max()
        .unwrap_or(0);
    let cells = |n: u64| -> usize {
        if n == 0 || scale == 0 {
            return 0;
        }
        // Rounded, but a stage with anything at all shows a block.
        let exact = n as f64 * bar as f64 / scale as f64;
        (exact.round() as usize).clamp(1, bar)
    };
    let mut out = format!(
        "{}\n",
        lang.pick(
            "Funnel: █ actual ░ to required",
            "ファネル: █ 実績 ░ 必要数(逆算)まで",
        )
    );
    for (label, actual, required) in &rows {
        let full = cells(*actual);
        let short = required.map_or(0, |r| cells(r).saturating_sub(full));
        let padding = label_width - label.width();
        out.push_str(&format!(
            "{label}{:padding$}  {}{}{:rest$}  {actual:>actual_width$} / {}\n",
            "",
            "█".repeat(full),
            "░".repeat(short),
            "",
            required_text(*required),
            rest = bar - full - short,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Counting, Period};
    use crate::report::kpi::{Metrics, StageRow};
    use jiff::civil::date;

    /// A report whose stages have these (English, Japanese, actual,
    /// required) figures.
    fn report(stages: &[(&str, &str, u64, Option<u64>)]) -> Report {
        Report {
            period: Period {
                from: date(2026, 4, 1),
                to: date(2027, 3, 31),
            },
            counting: Counting::Activity,
            engagement: Default::default(),
            stages: stages
                .iter()
                .map(|(en, ja, actual, required)| StageRow {
                    key: en.to_string(),
                    label_en: en.to_string(),
                    label_ja: ja.to_string(),
                    target: None,
                    actual: *actual,
                    achievement: None,
                    pass_rate: None,
                    assumed_rate: None,
                    required: *required,
                    median_days_in_stage: None,
                })
                .collect(),
            metrics: Metrics::default(),
            reach: None,
        }
    }

    fn example() -> Report {
        report(&[
            ("contacted", "接触", 6, Some(28)),
            ("interested", "意向あり", 4, Some(20)),
            ("applied", "応募", 4, Some(12)),
            ("interview", "面接", 3, Some(8)),
            ("offer", "内定", 1, Some(4)),
            ("rejoined", "入社", 1, Some(4)),
        ])
    }

    #[test]
    fn japanese_funnel_on_an_80_column_terminal() {
        insta::assert_snapshot!(funnel(&example(), Lang::Ja, 80));
    }

    #[test]
    fn english_funnel_on_a_narrow_terminal() {
        insta::assert_snapshot!(funnel(&example(), Lang::En, 40));
    }

    #[test]
    fn without_a_hire_target_only_the_actual_is_drawn() {
        let text = funnel(
            &report(&[
                ("contacted", "接触", 10, None),
                ("applied", "応募", 0, None),
                ("rejoined", "入社", 2, None),
            ]),
            Lang::En,
            80,
        );
        insta::assert_snapshot!(text);
        let bars: String = text.lines().skip(1).collect();
        assert!(!bars.contains('░'), "{bars}");
    }

    #[test]
    fn every_line_fits_the_width_and_bars_keep_their_proportions() {
        let text = funnel(&example(), Lang::Ja, 80);
        for line in text.lines() {
            assert!(line.width() <= 80, "{line}");
        }
        let first = text.lines().nth(1).unwrap();
        // 6 of 28 on a bar of 60 blocks: 13 full blocks, 47 short.
        assert_eq!(first.matches('█').count(), 13);
        assert_eq!(first.matches('░').count(), 47);
    }

    #[test]
    fn an_empty_report_draws_empty_bars() {
        let text = funnel(&report(&[("contacted", "接触", 0, Some(0))]), Lang::En, 80);
        let bars: String = text.lines().skip(1).collect();
        assert!(!bars.contains('█') && !bars.contains('░'), "{text}");
        assert!(text.ends_with("0 / 0\n"), "{text}");
    }
}
