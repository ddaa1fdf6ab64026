//! `alumni target rate|rates|hires`: the KPI inputs HR enters besides
//! targets. An assumed pass rate (想定歩留まり率) replaces the observed one
//! in the back-calculation (逆算); the company's hires of a month through
//! every channel (全採用数) are what the rehire share is taken of, since
//! the tool sees only alumni hires.

use anyhow::{Context as _, Result};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use super::super::{Context, listing};
use super::month;
use crate::cli::ListingArgs;
use crate::cli::targets::{TargetHiresArgs, TargetRateArgs};
use crate::db::pipeline::stages;
use crate::db::{Audit, Change, kpi_inputs, settings};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};
use crate::import::target_grid;

/// The assumed rates as a listing; the column names are also its JSON keys.
static RATES: Listing = Listing::fixed(
    "Rates",
    "rates",
    &[
        Column::shown("stage"),
        Column::shown("stage_label"),
        Column::shown("next_stage"),
        Column::shown("next_label"),
        Column::shown("rate"),
    ],
);

pub(super) fn rate(context: &Context, args: &TargetRateArgs) -> Result<()> {
    let rate = match &args.rate {
        Some(raw) if !args.clear => Some(parse_rate(raw).map_err(Failure::BadData)?),
        _ => None,
    };
    let done = context.write("target rate", |tx| {
        let all = stages::all(tx)?;
        let stage = stages::find(&all, &args.stage).context("STAGE")?;
        let Some(rate) = rate else {
            let Some(before) = kpi_inputs::clear_assumed_rate(tx, &stage.key)? else {
                context.term.say(&format!(
                    "no pass rate is assumed from {}; nothing to clear",
                    stage.key
                ));
                return Ok(Change::discarded(None));
            };
            let audit = Audit::new(None, format!("{}: {before} -> (none)", stage.key));
            let done = format!(
                "pass rate assumed from {} cleared (was {}); the observed one is used again",
                stage.key,
                percent(before)
            );
            return Ok(Change::audited(Some(done), audit));
        };
        let next = all
            .iter()
            .position(|s| s.key == stage.key)
            .and_then(|i| all.get(i + 1))
            .ok_or_else(|| {
                Failure::BadData(format!(
                    "STAGE {} is the last stage: there is no next stage to pass to, so no pass rate",
                    stage.key
                ))
            })?;
        let what = format!("from {} to {}", stage.key, next.key);
        let before = kpi_inputs::set_assumed_rate(tx, &stage.key, rate)?;
        if before == Some(rate) {
            context.term.say(&format!(
                "the pass rate assumed {what} is already {}",
                percent(rate)
            ));
            return Ok(Change::discarded(None));
        }
        let was = before.map_or("(none)".to_string(), |r| r.to_string());
        let audit = Audit::new(
            None,
            format!("{} (to {}): {was} -> {rate}", stage.key, next.key),
        );
        let was = before
            .map(|r| format!(" (was {})", percent(r)))
            .unwrap_or_default();
        let done = format!("pass rate assumed {what} set to {}{was}", percent(rate));
        Ok(Change::audited(Some(done), audit))
    })?;
    if let Some(done) = done {
        context.term.say(&done);
    }
    Ok(())
}

pub(super) fn rates(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let japanese = settings::japanese(&conn)?;
    let label = |en: String, ja: String| if japanese { ja } else { en };
    let rows = kpi_inputs::assumed_rates(&conn)?.into_iter().map(|r| {
        let (next_stage, next_label) = match r.next {
            Some((key, en, ja)) => (Some(key), Some(label(en, ja))),
            None => (None, None),
        };
        let row = json!({
            "stage": r.stage,
            "stage_label": label(r.label_en, r.label_ja),
            "next_stage": next_stage,
            "next_label": next_label,
            "rate": r.rate,
        });
        // People read a percentage; programs get the number.
        let mut shown = row.clone();
        shown["rate"] = json!(percent(r.rate));
        Listed::shown_as(row, shown)
    });
    if listing::print(&RATES, args, rows)? == 0 {
        context.term.say("no assumed pass rates");
    }
    Ok(())
}

pub(super) fn hires(context: &Context, args: &TargetHiresArgs) -> Result<()> {
    let month = month("MONTH", &args.month)?;
    let count = match &args.count {
        Some(raw) if !args.clear => Some(target_grid::parse_count(raw).ok_or_else(|| {
            Failure::BadData(format!(
                "COUNT {raw:?} is not a count: give a whole number, 0 or more"
            ))
        })?),
        _ => None,
    };
    let done = context.write("target hires", |tx| {
        let Some(count) = count else {
            let Some(before) = kpi_inputs::clear_all_hires(tx, month)? else {
                context.term.say(&format!(
                    "no all hires are stored for {month}; nothing to clear"
                ));
                return Ok(Change::discarded(None));
            };
            let audit = Audit::new(None, format!("{month} all hires: {before} -> (none)"));
            let done = format!("all hires of {month} cleared (was {before})");
            return Ok(Change::audited(Some(done), audit));
        };
        let before = kpi_inputs::set_all_hires(tx, month, count)?;
        if before == Some(count) {
            context
                .term
                .say(&format!("all hires of {month} are already {count}"));
            return Ok(Change::discarded(None));
        }
        let was = before.map_or("(none)".to_string(), |n| n.to_string());
        let audit = Audit::new(None, format!("{month} all hires: {was} -> {count}"));
        let was = before.map(|n| format!(" (was {n})")).unwrap_or_default();
        let done = format!("all hires of {month} set to {count}{was}");
        Ok(Change::audited(Some(done), audit))
    })?;
    if let Some(done) = done {
        context.term.say(&done);
    }
    Ok(())
}

/// A pass rate as people type it: `0.6`, `.6`, `60%`, `60 %`, `６０％`.
/// It must be more than 0 and at most 1 (100%); the error names the value.
pub fn parse_rate(raw: &str) -> std::result::Result<f64, String> {
    let text: String = raw.nfkc().collect();
    let text = text.trim();
    let (number, is_percent) = match text.strip_suffix('%') {
        Some(number) => (number.trim_end(), true),
        None => (text, false),
    };
    // Digits with at most one point, and a sign to be refused for its
    // value: no exponents, `inf` or `NaN`, which f64 would parse.
    let unsigned = number.strip_prefix(['-', '+']).unwrap_or(number);
    let well_formed = unsigned.bytes().any(|b| b.is_ascii_digit())
        && unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && unsigned.bytes().filter(|&b| b == b'.').count() <= 1;
    let value: f64 = match number.parse() {
        Ok(value) if well_formed => value,
        _ => {
            return Err(format!(
                "RATE {raw:?} is not a pass rate: give it as 0.6 or 60%"
            ));
        }
    };
    let rate = if is_percent { value / 100.0 } else { value };
    if rate > 0.0 && rate <= 1.0 {
        return Ok(rate);
    }
    let hint = if !is_percent && value > 1.0 && value <= 100.0 {
        format!("; for {value} percent write {number}%")
    } else {
        String::new()
    };
    Err(format!(
        "RATE {raw:?} is out of range: a pass rate is more than 0 and at most 1 (100%){hint}"
    ))
}

/// A rate as a percentage, to two decimals at most: 0.4 → `40%`, 1/3 → `33.33%`.
fn percent(rate: f64) -> String {
    let text = format!("{:.2}", rate * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_as_fractions_or_percentages_in_any_width() {
        for (typed, expected) in [
            ("0.6", 0.6),
            (".6", 0.6),
            ("60%", 0.6),
            ("60 %", 0.6),
            ("６０％", 0.6),
            ("０．６", 0.6),
            (" 40% ", 0.4),
            ("100%", 1.0),
            ("1", 1.0),
            ("12.5%", 0.125),
            ("0.05", 0.05),
        ] {
            assert_eq!(parse_rate(typed), Ok(expected), "{typed}");
        }
    }

    #[test]
    fn a_rate_of_zero_or_less_or_above_one_is_refused_naming_the_value() {
        for typed in ["0", "0%", "-0.5", "-60%", "1.5", "150%", "100.1%"] {
            let err = parse_rate(typed).unwrap_err();
            assert!(
                err.starts_with(&format!("RATE {typed:?} is out of range")),
                "{typed}: {err}"
            );
        }
        let err = parse_rate("60").unwrap_err();
        assert!(err.ends_with("for 60 percent write 60%"), "{err}");
    }

    #[test]
    fn what_is_not_a_number_is_not_a_rate() {
        for typed in [
            "", "%", "many", "6割", "1e-1", "inf", "NaN", "0.6.1", "60%%", ".",
        ] {
            let err = parse_rate(typed).unwrap_err();
            assert!(
                err.contains(&format!("RATE {typed:?} is not a pass rate")),
                "{typed}: {err}"
            );
        }
    }

    #[test]
    fn percentages_show_two_decimals_at_most() {
        assert_eq!(percent(0.4), "40%");
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(1.0 / 3.0), "33.33%");
    }
}
