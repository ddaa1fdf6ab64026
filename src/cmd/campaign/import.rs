//! `alumni campaign import ID FILE`: a mail tool's delivery report into a
//! campaign, in one transaction.
//!
//! Each row is matched to a recipient by its token (the `id` of `campaign
//! export`), else by the address the campaign went to. A row that cannot
//! be read or names nobody among the recipients refuses the whole report,
//! with every such row listed, unless `--skip-invalid` (then they are
//! listed, left out, and written to `--rejects FILE`). What each matched
//! row says is recorded once: a second import of the same report finds
//! every day already filled and changes nothing.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use super::Context;
use crate::cli::campaign::CampaignImportArgs;
use crate::db::campaigns::{self, Reported};
use crate::db::{Audit, Change};
use crate::error::Failure;
use crate::i18n::tr;
use crate::import::delivery::{self, Delivery};
use crate::ingest::{RawRow, ReadOptions};

/// How many refused rows a message lists; the rest are counted.
const MAX_LISTED: usize = 10;

/// What an import recorded, by kind of mark.
type Recorded = BTreeMap<Reported, u64>;

pub(super) fn run(context: &Context, args: &CampaignImportArgs) -> Result<()> {
    let encoding = crate::cmd::import::encoding_named(args.encoding.as_deref())?;
    if let Some(rejects) = &args.rejects {
        delivery::check_rejects(rejects, &context.db_path, &args.file)?;
    }
    // The campaign is looked up before the file is read: a report for a
    // campaign that is not there is refused whatever it holds.
    let campaign = context.read(|tx| campaigns::find(tx, &args.campaign))?;
    let read = ReadOptions {
        sheets: args.sheet.clone().into_iter().collect(),
        encoding,
    };
    let report = delivery::read(&args.file, &read, &campaign.date)?;
    let file = args.file.display().to_string();

    let (recorded, refused) = context.write("campaign import", |tx| {
        let campaign = campaigns::find(tx, &args.campaign)?;
        let recipients = campaigns::recipients(tx, campaign.id)?;
        let by_token: HashMap<&str, usize> = recipients
            .iter()
            .enumerate()
            .map(|(i, r)| (r.token.as_str(), i))
            .collect();
        let by_email: HashMap<&str, usize> = recipients
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.email.as_deref().map(|e| (e, i)))
            .collect();
        let find = |row: &Delivery| {
            row.token
                .as_deref()
                .and_then(|t| by_token.get(t))
                .or_else(|| row.email.as_deref().and_then(|e| by_email.get(e)))
                .copied()
        };
        let mut refused: Vec<(u64, &RawRow, String)> = report
            .problems
            .iter()
            .map(|p| (p.row, &p.raw, p.message.clone()))
            .collect();
        let mut matched = Vec::new();
        for row in &report.rows {
            match find(row) {
                Some(i) => matched.push((row, &recipients[i])),
                None => refused.push((
                    row.row,
                    &row.raw,
                    tr!(
                        "campaign-report-unknown-recipient",
                        row = row.row,
                        who = crate::output::visible(&row.named()).into_owned(),
                        id = campaign.id
                    ),
                )),
            }
        }
        refused.sort_by_key(|(row, _, _)| *row);
        if !refused.is_empty() && !args.skip_invalid {
            return Err(Failure::BadData(refusal(&file, &refused, true)).into());
        }
        if matched.is_empty() {
            return Err(Failure::BadData(refusal(&file, &refused, false)).into());
        }
        let owner = crate::db::actor(tx)?;
        let mut recorded = Recorded::new();
        let mut audits = Vec::new();
        for (row, recipient) in matched {
            // An erased person's history keeps its dates, and gains none.
            if recipient.erased {
                continue;
            }
            for (what, day) in &row.marks {
                if campaigns::record(tx, &campaign, recipient, *what, day, &owner)? {
                    *recorded.entry(*what).or_default() += 1;
                    if *what == Reported::Unsubscribed {
                        audits.push(Audit::new(
                            Some(recipient.alumnus_id),
                            format!(
                                "consent opted_out: unsubscribed from campaign #{}",
                                campaign.id
                            ),
                        ));
                    }
                }
            }
        }
        let refused: Vec<(RawRow, String)> = refused
            .into_iter()
            .map(|(_, raw, why)| (raw.clone(), why))
            .collect();
        if args.dry_run || recorded.is_empty() {
            return Ok(Change::discarded((recorded, refused)));
        }
        let mut change = Change::audited(
            (recorded.clone(), refused),
            Audit::new(
                None,
                format!("campaign #{}: {}", campaign.id, counts(&recorded, false)),
            ),
        );
        for audit in audits {
            change = change.and(audit);
        }
        Ok(change)
    })?;

    for (_, why) in refused.iter().take(MAX_LISTED) {
        context.term.warn(&format!("{file}: {why}"));
    }
    if refused.len() > MAX_LISTED {
        context.term.warn(&tr!(
            "campaign-report-more",
            count = refused.len() - MAX_LISTED
        ));
    }
    if let Some(path) = &args.rejects {
        let rows: Vec<(&RawRow, String)> = refused.iter().map(|(r, w)| (r, w.clone())).collect();
        delivery::write_rejects(path, &context.db_path, &args.file, &report.header, &rows)?;
    }
    let rows = report.rows.len() + report.problems.len();
    let message = if recorded.is_empty() {
        tr!("campaign-import-unchanged", id = campaign.id, rows = rows)
    } else if args.dry_run {
        tr!(
            "campaign-import-dry-run",
            id = campaign.id,
            rows = rows,
            recorded = counts(&recorded, true)
        )
    } else {
        tr!(
            "campaign-imported",
            id = campaign.id,
            rows = rows,
            recorded = counts(&recorded, true)
        )
    };
    context.term.say(&message);
    if !refused.is_empty() {
        context
            .term
            .say(&tr!("campaign-report-left-out", count = refused.len()));
    }
    Ok(())
}

/// "delivered 3, opened 2": in the language of the run for people, in
/// English for the audit log.
fn counts(recorded: &Recorded, translated: bool) -> String {
    recorded
        .iter()
        .map(|(what, n)| {
            if translated {
                tr!("campaign-mark", what = what.as_str(), count = *n)
            } else {
                format!("{} {n}", what.as_str())
            }
        })
        .collect::<Vec<_>>()
        .join(if translated {
            super::list_separator()
        } else {
            ", "
        })
}

/// The message of a refused report: the rows that cannot be imported (the
/// first few), and what to do.
fn refusal(file: &str, refused: &[(u64, &RawRow, String)], some_match: bool) -> String {
    let mut lines: Vec<String> = refused
        .iter()
        .take(MAX_LISTED)
        .map(|(_, _, why)| format!("  {why}"))
        .collect();
    if refused.len() > MAX_LISTED {
        lines.push(format!(
            "  {}",
            tr!("campaign-report-more", count = refused.len() - MAX_LISTED)
        ));
    }
    let head = if some_match {
        tr!(
            "campaign-report-refused",
            file = file,
            count = refused.len()
        )
    } else {
        tr!("campaign-report-none-matched", file = file)
    };
    if lines.is_empty() {
        head
    } else {
        format!("{head}\n{}", lines.join("\n"))
    }
}
