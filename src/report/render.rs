//! The KPI report as people and spreadsheets read it: the stage table and
//! the metrics as terminal tables (comfy-table, in the house style of
//! `crate::output::new_table`), the tables of a split report group by
//! group, and the stage table as a header and records of text for CSV.
//! Labels are in English or Japanese. The JSON of a report is
//! `Report::to_json` and `by::to_json`. The campaign and NPS tables are in
//! [`reach`].

mod reach;

use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::{Group, Report};
use crate::domain::{By, Counting, Lang, Period};
use crate::output::{new_table, visible};

/// The labels of the report, in one language.
fn label(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    lang.pick(en, ja)
}

/// Yen with thousands separators: ¥1,234,567.
fn yen(amount: f64) -> String {
    let digits = format!("{:.0}", amount.abs());
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{}¥{grouped}", if amount < 0.0 { "-" } else { "" })
}

fn percent(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| format!("{:.1}%", v * 100.0))
}

/// A score that may be negative, with its sign: +25.0, -12.5, 0.0.
fn sign(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.1}")
    } else {
        format!("{:.1}", if value == 0.0 { 0.0 } else { value })
    }
}

fn number(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| format!("{v:.1}"))
}

fn count(value: Option<u64>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

/// The columns of the stage table.
fn stage_header(lang: Lang) -> Vec<&'static str> {
    vec![
        label(lang, "stage", "段階"),
        label(lang, "target", "目標"),
        label(lang, "actual", "実績"),
        label(lang, "achievement", "達成率"),
        label(lang, "pass rate to next", "歩留まり率"),
        label(lang, "assumed rate", "想定歩留まり率"),
        label(lang, "required", "必要数(逆算)"),
        label(lang, "median days in stage", "滞留日数(中央値)"),
    ]
}

/// The stage table's header and rows, shared by the table and CSV.
fn stage_rows(report: &Report, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = stage_header(lang);
    let rows = report
        .stages
        .iter()
        .map(|s| {
            vec![
                match lang {
                    Lang::En => s.label_en.clone(),
                    Lang::Ja => s.label_ja.clone(),
                },
                count(s.target),
                s.actual.to_string(),
                percent(s.achievement),
                percent(s.pass_rate),
                percent(s.assumed_rate),
                count(s.required),
                number(s.median_days_in_stage),
            ]
        })
        .collect();
    (header, rows)
}

/// The stage table as CSV has it: the stage key first, then the table.
pub fn stage_records(report: &Report, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let (_, rows) = stage_rows(report, lang);
    let records = report
        .stages
        .iter()
        .zip(rows)
        .map(|(stage, row)| {
            let mut record = vec![stage.key.clone()];
            record.extend(row);
            record
        })
        .collect();
    (stage_record_header(lang), records)
}

/// The columns of the stage table as CSV has it.
fn stage_record_header(lang: Lang) -> Vec<&'static str> {
    let mut header = vec![label(lang, "key", "キー")];
    header.extend(stage_header(lang));
    header
}

/// The group's label in the language.
fn group_label(group: &Group, lang: Lang) -> &str {
    match lang {
        Lang::En => &group.label_en,
        Lang::Ja => &group.label_ja,
    }
}

/// The stage tables of a split report as CSV has them: the group first,
/// then the stage key and the table, one block of rows per group.
pub fn group_records(groups: &[Group], lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header = vec![label(lang, "group", "グループ")];
    header.extend(stage_record_header(lang));
    let mut records = Vec::new();
    for group in groups {
        for row in stage_records(&group.report, lang).1 {
            let mut record = vec![group_label(group, lang).to_string()];
            record.extend(row);
            records.push(record);
        }
    }
    (header, records)
}

fn counting_label(counting: Counting, lang: Lang) -> &'static str {
    match (counting, lang) {
        (Counting::Activity, Lang::En) => "counted by activity",
        (Counting::Cohort, Lang::En) => "counted by cohort",
        (Counting::Activity, Lang::Ja) => "活動ベース",
        (Counting::Cohort, Lang::Ja) => "コホートベース",
    }
}

/// A split report for people: a heading and the stage table per group,
/// with a line of the group's hires, offers and (where spend is kept for
/// the group) cost; everything else is in `--format json`.
pub fn write_group_tables(
    out: &mut impl Write,
    (period, counting, by): (Period, Counting, By),
    groups: &[Group],
    lang: Lang,
) -> Result<()> {
    let split = match by {
        By::Month => label(lang, "by month", "月別"),
        By::Quarter => label(lang, "by fiscal quarter", "四半期別"),
        By::Department => label(lang, "by department", "部署別"),
        By::Kind => label(lang, "by kind", "種別"),
        By::Source => label(lang, "by source", "チャネル別"),
    };
    writeln!(
        out,
        "{} {} – {} {split} ({})",
        label(lang, "Recruiting KPIs", "採用KPI"),
        period.from,
        period.to,
        counting_label(counting, lang)
    )?;
    if groups.is_empty() {
        writeln!(
            out,
            "{}",
            label(
                lang,
                "No applications in the period.",
                "期間中の応募はありません。"
            )
        )?;
    }
    for group in groups {
        let report = &group.report;
        writeln!(out)?;
        writeln!(
            out,
            "■ {} ({} – {})",
            visible(group_label(group, lang)),
            report.period.from,
            report.period.to
        )?;
        let (header, rows) = stage_rows(report, lang);
        let mut table = new_table();
        table.set_header(header);
        for row in rows {
            table.add_row(row);
        }
        writeln!(out, "{table}")?;
        writeln!(out, "{}", group_summary(report, by, lang))?;
    }
    if !by.attributes_spend() && !groups.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            label(
                lang,
                "Spend is kept per channel, not per department or kind: see --by source for cost per hire.",
                "費用はチャネル別に記録されるため、部署別・種別には採用単価を出しません(--by source を参照)。",
            )
        )?;
    }
    Ok(())
}

/// One line under a group's stage table: its hires, offer acceptance and
/// decline, days to rejoin, and spend and cost per hire where they belong
/// to the group.
fn group_summary(report: &Report, by: By, lang: Lang) -> String {
    let m = &report.metrics;
    let blank = |text: String| if text.is_empty() { "–".into() } else { text };
    let mut parts = vec![
        format!(
            "{} {} ({} {}, {} {})",
            label(lang, "hires", "入社数"),
            m.hires,
            label(lang, "rehires", "出戻り"),
            m.rehire_hires,
            label(lang, "referral", "リファラル"),
            m.referral_hires
        ),
        format!(
            "{} {}",
            label(lang, "offer acceptance", "内定承諾率"),
            blank(percent(m.offer_acceptance_rate))
        ),
        format!(
            "{} {}",
            label(lang, "declined", "辞退率"),
            blank(percent(m.decline_rate))
        ),
        format!(
            "{} {}",
            label(lang, "median days to rejoin", "入社までの日数(中央値)"),
            blank(number(m.median_days_to_rejoin))
        ),
    ];
    if by.attributes_spend() {
        parts.push(format!(
            "{} {}",
            label(lang, "spend", "費用"),
            yen(m.spend as f64)
        ));
        parts.push(format!(
            "{} {}",
            label(lang, "cost per hire", "採用単価"),
            blank(m.cost_per_hire.map_or(String::new(), yen))
        ));
    }
    parts.join(" · ")
}

pub fn write_table(out: &mut impl Write, report: &Report, lang: Lang) -> Result<()> {
    let counting = counting_label(report.counting, lang);
    writeln!(
        out,
        "{} {} – {} ({counting})",
        label(lang, "Recruiting KPIs", "採用KPI"),
        report.period.from,
        report.period.to
    )?;
    let (header, rows) = stage_rows(report, lang);
    let mut table = new_table();
    table.set_header(header);
    for row in rows {
        table.add_row(row);
    }
    writeln!(out, "{table}")?;

    let json = report.to_json();
    let m = &json["metrics"];
    let show = |key: &str, style: fn(&Value) -> String| style(&m[key]);
    let as_percent = |v: &Value| percent(v.as_f64());
    let as_number = |v: &Value| number(v.as_f64());
    let as_count = |v: &Value| v.as_i64().map_or(String::new(), |n| n.to_string());
    let as_yen = |v: &Value| v.as_f64().map_or(String::new(), yen);
    let lines: Vec<(&str, String)> = vec![
        (label(lang, "hires", "入社数"), show("hires", as_count)),
        (
            label(lang, "  rehires", "  出戻り入社"),
            show("rehire_hires", as_count),
        ),
        (
            label(lang, "  referral hires", "  リファラル入社"),
            show("referral_hires", as_count),
        ),
        (
            label(lang, "all hires (every channel)", "全採用数"),
            show("all_hires", as_count),
        ),
        (
            label(lang, "rehire share of all hires", "アルムナイ採用比率"),
            show("rehire_share", as_percent),
        ),
        (
            label(lang, "offer acceptance rate", "内定承諾率"),
            show("offer_acceptance_rate", as_percent),
        ),
        (
            label(lang, "decline rate", "辞退率"),
            show("decline_rate", as_percent),
        ),
        (
            label(lang, "median days to rejoin", "入社までの日数(中央値)"),
            show("median_days_to_rejoin", as_number),
        ),
        (
            label(
                lang,
                "median months from leaving to rejoining",
                "退職から再入社までの月数(中央値)",
            ),
            show("median_months_from_leaving_to_rejoining", as_number),
        ),
        (
            label(lang, "comeback conversion", "出戻り転換率"),
            show("comeback_conversion", as_percent),
        ),
        (
            label(
                lang,
                "engagement rate (12 months)",
                "エンゲージメント率(12か月)",
            ),
            show("engagement_rate", as_percent),
        ),
        (
            label(lang, "  campaigns count when", "  キャンペーンの計上"),
            match report.engagement {
                crate::domain::Engagement::Opened => label(lang, "opened", "開封・クリック時"),
                crate::domain::Engagement::Sent => label(lang, "sent", "送付時"),
            }
            .to_string(),
        ),
        (
            label(lang, "event attendance rate", "イベント参加率"),
            show("event_attendance_rate", as_percent),
        ),
        (label(lang, "spend", "費用"), show("spend", as_yen)),
        (
            label(lang, "  entered (spend add)", "  費用(入力)"),
            show("entered_spend", as_yen),
        ),
        (
            label(lang, "  event costs", "  イベント費用"),
            show("event_costs", as_yen),
        ),
        (
            label(lang, "  application costs", "  応募ごとの費用"),
            show("application_costs", as_yen),
        ),
        (
            label(lang, "cost per hire", "採用単価"),
            show("cost_per_hire", as_yen),
        ),
    ];
    let mut metrics = new_table();
    metrics.set_header([label(lang, "metric", "指標"), label(lang, "value", "値")]);
    for (name, value) in lines {
        metrics.add_row([name.to_string(), value]);
    }
    writeln!(out, "{metrics}")?;
    if let Some(figures) = &report.reach {
        reach::write(out, figures, lang)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_has_thousands_separators() {
        assert_eq!(yen(550000.0), "¥550,000");
        assert_eq!(yen(1234567.4), "¥1,234,567");
        assert_eq!(yen(999.0), "¥999");
        assert_eq!(yen(0.0), "¥0");
    }

    #[test]
    fn scores_carry_their_sign() {
        assert_eq!(sign(25.0), "+25.0");
        assert_eq!(sign(-100.0), "-100.0");
        assert_eq!(sign(0.0), "0.0");
        assert_eq!(sign(-0.0), "0.0");
    }
}
