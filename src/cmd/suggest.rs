//! `alumni suggest`: who to call next about a comeback. Reads every
//! candidate's facts in one snapshot (`db::suggest`), scores them with the
//! weights of the settings (`domain::suggest`), and lists the best, each
//! with its score and the reasons in words, in the language of the run.

use anyhow::Result;
use serde_json::{Value, json};

use super::{Context, hand, listing};
use crate::cli::ListingArgs;
use crate::cli::suggest::SuggestArgs;
use crate::db::settings;
use crate::db::suggest::{self as store, Candidate};
use crate::domain::Rehire;
use crate::domain::suggest::{self, Part, Reason, Score, Wanted};
use crate::export::{Column, Listed, Listing};
use crate::i18n::tr;

/// How many are listed without `--limit`.
const DEFAULT_LIMIT: u64 = 20;

/// The ranking as a listing; the column names are also its JSON keys,
/// where `parts` adds the score's parts.
static SUGGESTIONS: Listing = Listing::fixed(
    "Suggestions",
    "alumni",
    &[
        Column::headed("rank", "suggest_rank").keep(8),
        Column::hidden("alumnus_id"),
        Column::shown("employee_id").keep(7),
        Column::shown("name").keep(7),
        Column::headed("score", "suggest_score").keep(8),
        Column::headed("reasons", "suggest_reasons"),
    ],
);

pub fn run(context: &Context, args: &SuggestArgs) -> Result<()> {
    // Checked before the database is opened, as every command's input is.
    let wanted = Wanted {
        position: args
            .position
            .as_deref()
            .map(|p| hand::text("--position", p))
            .transpose()?,
        department: args
            .department
            .as_deref()
            .map(|d| hand::text("--department", d))
            .transpose()?,
    };
    let today = hand::date_or_today("--as-of", args.as_of.as_deref())?;
    let today = today.parse()?;
    let window = suggest::window(today);

    let (weights, candidates) = context.read(|tx| {
        let weights = settings::suggest_weights(tx)?;
        Ok((weights, store::candidates(tx, window)?))
    })?;
    let mut ranked: Vec<(Candidate, Score)> = candidates
        .into_iter()
        .map(|c| {
            let score = suggest::score(&c.facts, &wanted, &weights, today);
            (c, score)
        })
        .collect();
    ranked.sort_by(|(a, sa), (b, sb)| {
        suggest::rank_order(
            (sa.total, eligibility(a), a.id),
            (sb.total, eligibility(b), b.id),
        )
    });

    let limit = args.output.limit.unwrap_or(DEFAULT_LIMIT);
    let output = ListingArgs {
        format: args.output.format,
        columns: args.output.columns.clone(),
        limit: Some(limit),
        csv: args.output.csv,
    };
    let mut writer = listing::start(&SUGGESTIONS, &output)?;
    let total = ranked.len();
    for (rank, (candidate, score)) in ranked.iter().take(limit as usize).enumerate() {
        writer.write(row(rank + 1, candidate, score))?;
    }
    let shown = listing::end(writer)?;
    if total == 0 {
        context.term.say(&tr!("suggest-none"));
    } else {
        context
            .term
            .say(&tr!("suggest-shown", shown = shown, candidates = total));
    }
    Ok(())
}

fn eligibility(candidate: &Candidate) -> Rehire {
    candidate.facts.eligibility.unwrap_or(Rehire::Unknown)
}

/// One suggestion as a row of [`SUGGESTIONS`].
fn row(rank: usize, candidate: &Candidate, score: &Score) -> Listed {
    let details: Vec<String> = score.parts.iter().map(detail).collect();
    let parts: Vec<Value> = score
        .parts
        .iter()
        .zip(&details)
        .map(|(part, detail)| {
            json!({
                "factor": part.reason.factor(),
                "points": suggest::tenth(part.points),
                "detail": detail,
            })
        })
        .collect();
    let total = suggest::tenth(score.total);
    let value = json!({
        "rank": rank,
        "alumnus_id": candidate.id,
        "employee_id": candidate.employee_id,
        "name": candidate.name,
        "score": total,
        "reasons": details.join("; "),
        "parts": parts,
    });
    // People read the score with its one decimal, 12.0 as well as 12.5.
    let mut table = value.clone();
    table["score"] = json!(format!("{total:.1}"));
    Listed::shown_as(value, table)
}

/// What one part says, in the language of the run.
fn detail(part: &Part) -> String {
    match &part.reason {
        Reason::Eligible(rehire) => {
            let value = match rehire {
                Rehire::Yes => tr!("suggest-eligible-yes"),
                Rehire::Review => tr!("suggest-eligible-review"),
                Rehire::Unknown | Rehire::No => tr!("suggest-eligible-unknown"),
            };
            tr!("suggest-eligible", value = value)
        }
        Reason::Contacts { inbound, outbound } if *inbound > 0 => tr!(
            "suggest-contacts-inbound",
            count = inbound + outbound,
            inbound = *inbound
        ),
        Reason::Contacts { outbound, .. } => tr!("suggest-contacts", count = *outbound),
        Reason::Events(count) => tr!("suggest-events", count = *count),
        Reason::Survey(score) => tr!("suggest-survey", score = *score),
        Reason::Campaigns { clicked, opened: 0 } => tr!("suggest-clicked", count = *clicked),
        Reason::Campaigns { clicked: 0, opened } => tr!("suggest-opened", count = *opened),
        Reason::Campaigns { clicked, opened } => tr!(
            "suggest-clicked-opened",
            clicked = *clicked,
            opened = *opened
        ),
        Reason::Left(years) => tr!("suggest-left", years = format!("{years:.1}")),
        Reason::Tenure(years) => tr!("suggest-tenure", years = format!("{years:.1}")),
        Reason::Role {
            department,
            job_title,
            matched,
        } => {
            let role: Vec<&str> = [department, job_title]
                .into_iter()
                .filter_map(|t| t.as_deref())
                .collect();
            let role = role.join(" ");
            if matched.position_title || matched.position_department || matched.department {
                tr!("suggest-role-matched", role = role)
            } else {
                tr!("suggest-role", role = role)
            }
        }
    }
}
