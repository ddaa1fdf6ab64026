//! `alumni spend add|list`: money spent per month and channel, and the
//! budget for it, from which the KPI report works out cost per hire.
//! `spend add` adds to what the month and channel already have, so that
//! each invoice can be entered as it comes.

use anyhow::Result;
use serde_json::json;

use super::target::{fiscal_range, month};
use super::{Context, listing};
use crate::cli::targets::{MonthListArgs, SpendAddArgs, SpendCommand};
use crate::db::events::costed_events_in;
use crate::db::targets::{self, Amount};
use crate::db::{Audit, Change};
use crate::domain::normalize;
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};
use crate::i18n::tr;

/// Spend as a listing; the column names are also its JSON keys.
static SPEND: Listing = Listing::fixed(
    "Spend",
    "months",
    &[
        Column::shown("month"),
        Column::shown("channel"),
        Column::shown("budget"),
        Column::shown("amount"),
    ],
);

/// The largest amount accepted: a trillion yen is a typo.
const MAX_YEN: i64 = 1_000_000_000_000;

pub fn run(context: &Context, command: SpendCommand) -> Result<()> {
    match command {
        SpendCommand::Add(args) => add(context, &args),
        SpendCommand::List(args) => list(context, &args),
    }
}

fn add(context: &Context, args: &SpendAddArgs) -> Result<()> {
    let month = month("MONTH", &args.month)?;
    let channel = channel(&args.channel)?;
    let amount = match &args.amount {
        Some(raw) => Some(yen("AMOUNT", raw)?),
        None => None,
    };
    let budget = match &args.budget {
        Some(raw) => Some(yen("--budget", raw)?),
        None => None,
    };
    let change = match amount {
        None => Amount::Keep,
        Some(n) if args.replace => Amount::Set(n),
        Some(n) => Amount::Add(n),
    };

    let (was, after, events) = context.write("spend add", |tx| {
        let (before, after) = targets::record_spend(tx, month, &channel, change, budget)?;
        if after.amount > MAX_YEN {
            return Err(Failure::BadData(format!(
                "{month} {channel} would come to {} yen, more than {} yen; \
                 correct the amount with --replace",
                after.amount, MAX_YEN
            ))
            .into());
        }
        let was = before.as_ref().map_or(0, |b| b.amount);
        let mut detail = format!("{month} {channel}: amount {was} -> {}", after.amount);
        if let Some(budget) = budget {
            let was = before.as_ref().and_then(|b| b.budget);
            detail.push_str(&format!(
                ", budget {} -> {budget}",
                was.map_or("(none)".into(), |b| b.to_string())
            ));
        }
        // An event's cost is on the event: spend for events of the same
        // month is most often the same invoice a second time.
        let events =
            if channel == "event" && matches!(change, Amount::Add(n) | Amount::Set(n) if n > 0) {
                costed_events_in(tx, &month.to_string())?
            } else {
                Vec::new()
            };
        Ok(Change::audited(
            (was, after, events),
            Audit::new(None, detail),
        ))
    })?;

    let mut message = format!("{month} {channel}: spent {} yen", grouped(after.amount));
    match change {
        Amount::Add(n) if was > 0 => {
            message.push_str(&format!(" ({} + {})", grouped(was), grouped(n)));
        }
        Amount::Set(_) if was != after.amount => {
            message.push_str(&format!(" (was {})", grouped(was)));
        }
        _ => {}
    }
    if let Some(budget) = after.budget {
        message.push_str(&format!(", budget {} yen", grouped(budget)));
    }
    context.term.say(&message);
    for event in events {
        context.term.warn(&tr!(
            "spend-also-event-cost",
            event = event.name,
            date = event.date,
            amount = yen_text(event.cost)
        ));
    }
    Ok(())
}

fn list(context: &Context, args: &MonthListArgs) -> Result<()> {
    let conn = context.reader()?;
    let range = fiscal_range(&conn, args.fy)?;
    let rows = targets::spend(&conn, range)?.into_iter().map(|s| {
        Listed::new(json!({
            "month": s.month.to_string(),
            "channel": s.channel,
            "budget": s.budget,
            "amount": s.amount,
        }))
    });
    if listing::print(&SPEND, &args.output, rows)? == 0 {
        context.term.say("no spend recorded");
    }
    Ok(())
}

/// An amount of yen as messages write it: ¥300,000.
pub(super) fn yen_text(n: i64) -> String {
    format!("¥{}", grouped(n))
}

/// A number with commas every three digits, as amounts are written: 120,000.
pub(super) fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A channel as stored: normalized, lower case, with the Japanese names of
/// the usual channels read as their English keys (イベント → event).
fn channel(raw: &str) -> Result<String> {
    let text = normalize::text(raw)
        .ok_or_else(|| Failure::Usage("--channel is empty".into()))?
        .to_lowercase();
    let known = match text.as_str() {
        "出戻り" | "出戻り採用" | "再雇用" | "再入社" | "カムバック" => "rehire",
        "リファラル" | "リファラル採用" | "紹介" | "社員紹介" | "アルムナイ紹介" => {
            "referral"
        }
        "イベント" | "同窓会" | "交流会" => "event",
        "メルマガ" | "メールマガジン" | "ニュースレター" => "newsletter",
        "その他" => "other",
        other => other,
    };
    Ok(known.to_string())
}

/// Whole yen, 0 or more, as people write it: `120000`, `120,000`,
/// `¥120,000`, `120,000円`, `12万`, `1.5万`; full-width digits too.
fn yen(flag: &str, raw: &str) -> Result<i64> {
    parse_yen(raw).ok_or_else(|| {
        Failure::BadData(format!(
            "{flag} {raw:?} is not an amount of yen: give a whole number, 0 or more \
             (120000, 120,000, 12万)"
        ))
        .into()
    })
}

fn parse_yen(raw: &str) -> Option<i64> {
    let text = normalize::key(raw)?;
    let text = text.trim_start_matches(['¥', '\\']);
    let text = text.strip_suffix('円').unwrap_or(text);
    let (number, scale) = match text.strip_suffix('万') {
        Some(n) => (n, 10_000),
        None => (text, 1),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole = digits_with_commas(whole)?;
    if fraction.len() > 4 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // 1.5万 is 15,000 yen; four decimals of 万 are still whole yen, but a
    // fraction of a yen itself is refused.
    let fraction_value: i64 = match (fraction.is_empty(), scale) {
        (true, _) => 0,
        (false, 1) => return None,
        (false, _) => format!("{fraction:0<4}").parse().ok()?,
    };
    let value = whole.checked_mul(scale)?.checked_add(fraction_value)?;
    (value <= MAX_YEN).then_some(value)
}

/// `120000` or `120,000` (commas every three digits), as a number.
fn digits_with_commas(text: &str) -> Option<i64> {
    let groups: Vec<&str> = text.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !well_grouped || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_are_read_as_people_write_them() {
        assert_eq!(parse_yen("120000"), Some(120_000));
        assert_eq!(parse_yen("120,000"), Some(120_000));
        assert_eq!(parse_yen("１２０，０００"), Some(120_000));
        assert_eq!(parse_yen("¥120,000"), Some(120_000));
        assert_eq!(parse_yen("￥1,200,000"), Some(1_200_000));
        assert_eq!(parse_yen("120000円"), Some(120_000));
        assert_eq!(parse_yen("12万"), Some(120_000));
        assert_eq!(parse_yen("12万円"), Some(120_000));
        assert_eq!(parse_yen("1.5万"), Some(15_000));
        assert_eq!(parse_yen("0"), Some(0));
    }

    #[test]
    fn negative_fractional_and_misgrouped_amounts_are_refused() {
        for bad in [
            "-1",
            "1.5",
            "12,00",
            "1,2345",
            ",000",
            "abc",
            "",
            "1.23456万",
            "0.00001万",
            "12万万",
            "2000000000000",
        ] {
            assert_eq!(parse_yen(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_are_shown_with_commas() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_200_000), "1,200,000");
    }

    #[test]
    fn channels_are_stored_in_lower_case_with_japanese_names_read_as_keys() {
        assert_eq!(channel("Event").unwrap(), "event");
        assert_eq!(channel("イベント").unwrap(), "event");
        assert_eq!(channel("リファラル").unwrap(), "referral");
        assert_eq!(channel("Job  Board").unwrap(), "job board");
        assert!(channel("  ").is_err());
    }
}
