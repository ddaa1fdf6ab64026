//! Who to call next (`alumni suggest`): the score of an alumnus as a
//! candidate for a comeback, worked out from plain facts about them, as a
//! sum of parts that each say why. Nothing here reads the database; the
//! facts come from `db::suggest` and the weights from the settings.
//!
//! The formula, with `W…` the weights (docs/SUGGEST.md gives the same):
//!
//! - eligibility: `yes` scores `Weligible-yes`, `review` `Weligible-review`,
//!   `unknown` nothing (`no` is never a candidate);
//! - contacts in the window: outbound ones count 1, inbound ones 2 (the
//!   alumnus reached out), up to 10 in all, each `Wcontact`;
//! - events attended in the window: up to 5, each `Wevent`;
//! - the latest survey score in the window: a promoter (9–10) scores
//!   `Wsurvey`, a detractor (0–6) loses it, a passive (7–8) neither;
//! - campaigns in the window: each one clicked counts 1, each one only
//!   opened ½, up to 5 in all, each `Wcampaign`;
//! - years since leaving: `Wleft` inside the sweet spot (`min` to `max`
//!   years), rising in proportion before it (`Wleft × years / min`) and
//!   falling after it (`Wleft × max / years`);
//! - tenure (hire to leave): `Wtenure × years / 5`, at most `Wtenure`;
//! - fit: `Wfit` when the position asked for matches the job title, half of
//!   it when it matches the department, and `Wfit` when the department
//!   asked for matches the department they left from.

use jiff::ToSpan;
use jiff::civil::Date;

use super::normalize;
use super::{Period, Rehire};

/// Contact units (outbound 1, inbound 2) that count at most.
pub const MAX_CONTACT_UNITS: u32 = 10;
/// Events attended that count at most.
pub const MAX_EVENTS: u32 = 5;
/// Campaigns (clicked 1, opened ½) that count at most.
pub const MAX_CAMPAIGNS: f64 = 5.0;
/// The tenure, in years, that earns the whole tenure weight.
pub const FULL_TENURE_YEARS: f64 = 5.0;

/// The weights and the sweet spot, as the settings give them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    pub eligible_yes: f64,
    pub eligible_review: f64,
    pub contact: f64,
    pub event: f64,
    pub survey: f64,
    pub campaign: f64,
    pub left: f64,
    pub tenure: f64,
    pub fit: f64,
    /// The sweet spot of years since leaving, `min_years` to `max_years`.
    pub min_years: f64,
    pub max_years: f64,
}

/// What is known of one candidate: who they were, and their engagement
/// in the window (the twelve months up to the day of the ranking).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub eligibility: Option<Rehire>,
    pub department: Option<String>,
    pub job_title: Option<String>,
    pub hire_date: Option<Date>,
    pub leave_date: Option<Date>,
    pub inbound: u32,
    pub outbound: u32,
    pub events: u32,
    /// The score of the latest survey answer in the window, 0–10.
    pub survey_score: Option<u8>,
    /// Campaigns clicked in the window.
    pub clicked: u32,
    /// Campaigns opened but not clicked in the window.
    pub opened: u32,
}

/// What the ranking is for: `--position` and `--department`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Wanted {
    pub position: Option<String>,
    pub department: Option<String>,
}

/// One reason in a score.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub points: f64,
    pub reason: Reason,
}

/// What a part of the score is about, with what it says.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    Eligible(Rehire),
    Contacts {
        inbound: u32,
        outbound: u32,
    },
    Events(u32),
    Survey(u8),
    Campaigns {
        clicked: u32,
        opened: u32,
    },
    /// Years since leaving, to one decimal.
    Left(f64),
    /// Years from hire to leaving, to one decimal.
    Tenure(f64),
    /// The department and title they left from, and which the position
    /// and department asked for matched.
    Role {
        department: Option<String>,
        job_title: Option<String>,
        matched: Matched,
    },
}

/// Which of the wanted texts a former role matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Matched {
    pub position_title: bool,
    pub position_department: bool,
    pub department: bool,
}

impl Reason {
    /// The factor's name in JSON (`parts[].factor`).
    pub fn factor(&self) -> &'static str {
        match self {
            Reason::Eligible(_) => "eligibility",
            Reason::Contacts { .. } => "contacts",
            Reason::Events(_) => "events",
            Reason::Survey(_) => "survey",
            Reason::Campaigns { .. } => "campaigns",
            Reason::Left(_) => "left",
            Reason::Tenure(_) => "tenure",
            Reason::Role { .. } => "role",
        }
    }
}

/// A candidate's score: the sum of its parts, in the order they are told.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub total: f64,
    pub parts: Vec<Part>,
}

/// The score of one candidate on `today`. A part is there when there is a
/// fact behind it, even when it earns nothing (a passive's survey score),
/// so the reasons say what was looked at.
pub fn score(facts: &Facts, wanted: &Wanted, weights: &Weights, today: Date) -> Score {
    let mut parts = Vec::new();
    let eligibility = facts.eligibility.unwrap_or(Rehire::Unknown);
    parts.push(Part {
        points: match eligibility {
            Rehire::Yes => weights.eligible_yes,
            Rehire::Review => weights.eligible_review,
            Rehire::Unknown | Rehire::No => 0.0,
        },
        reason: Reason::Eligible(eligibility),
    });
    if facts.inbound + facts.outbound > 0 {
        let units = (facts.outbound + 2 * facts.inbound).min(MAX_CONTACT_UNITS);
        parts.push(Part {
            points: weights.contact * f64::from(units),
            reason: Reason::Contacts {
                inbound: facts.inbound,
                outbound: facts.outbound,
            },
        });
    }
    if facts.events > 0 {
        parts.push(Part {
            points: weights.event * f64::from(facts.events.min(MAX_EVENTS)),
            reason: Reason::Events(facts.events),
        });
    }
    if let Some(score) = facts.survey_score {
        parts.push(Part {
            points: match score {
                9.. => weights.survey,
                7..=8 => 0.0,
                _ => -weights.survey,
            },
            reason: Reason::Survey(score),
        });
    }
    if facts.clicked + facts.opened > 0 {
        let units = (f64::from(facts.clicked) + f64::from(facts.opened) / 2.0).min(MAX_CAMPAIGNS);
        parts.push(Part {
            points: weights.campaign * units,
            reason: Reason::Campaigns {
                clicked: facts.clicked,
                opened: facts.opened,
            },
        });
    }
    if let Some(left) = facts.leave_date {
        let years = years_between(left, today);
        parts.push(Part {
            points: weights.left * since_leaving(years, weights.min_years, weights.max_years),
            reason: Reason::Left(tenth(years)),
        });
    }
    if let (Some(hired), Some(left)) = (facts.hire_date, facts.leave_date) {
        let years = years_between(hired, left);
        parts.push(Part {
            points: weights.tenure * (years / FULL_TENURE_YEARS).min(1.0),
            reason: Reason::Tenure(tenth(years)),
        });
    }
    if facts.department.is_some() || facts.job_title.is_some() {
        let matched = role_match(facts, wanted);
        let mut points = 0.0;
        if matched.position_title {
            points += weights.fit;
        }
        if matched.position_department {
            points += weights.fit / 2.0;
        }
        if matched.department {
            points += weights.fit;
        }
        parts.push(Part {
            points,
            reason: Reason::Role {
                department: facts.department.clone(),
                job_title: facts.job_title.clone(),
                matched,
            },
        });
    }
    Score {
        total: parts.iter().map(|p| p.points).sum(),
        parts,
    }
}

/// The window engagement is counted in: the twelve months up to and
/// including `today` (2025-04-01 to 2026-03-31 for 2026-03-31), as the KPI
/// report's engagement counts them.
pub fn window(today: Date) -> Period {
    let from = today
        .checked_sub(12.months())
        .ok()
        .and_then(|d| d.tomorrow().ok())
        .unwrap_or(today);
    Period { from, to: today }
}

/// The share of the leaving weight earned `years` after leaving: all of it
/// from `min` to `max` years, in proportion before, `max / years` after.
pub fn since_leaving(years: f64, min: f64, max: f64) -> f64 {
    if years < min {
        years.max(0.0) / min
    } else if years <= max {
        1.0
    } else {
        max / years
    }
}

/// Years from `from` to `to` (365.25 days each), never below zero.
pub fn years_between(from: Date, to: Date) -> f64 {
    let days = to
        .since(from)
        .map(|span| f64::from(span.get_days()))
        .unwrap_or(0.0);
    (days / 365.25).max(0.0)
}

/// `x` rounded to one decimal, as the reasons show years and scores.
pub fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Which wanted texts the former role matches: text compared after NFKC,
/// in lower case, without spaces, either one containing the other, or
/// any word of two characters or more of the position found in the field.
pub fn role_match(facts: &Facts, wanted: &Wanted) -> Matched {
    let title = facts.job_title.as_deref().map(fold);
    let department = facts.department.as_deref().map(fold);
    let mut matched = Matched::default();
    if let Some(position) = wanted.position.as_deref() {
        matched.position_title = title.as_deref().is_some_and(|t| matches(position, t));
        matched.position_department = department.as_deref().is_some_and(|d| matches(position, d));
    }
    if let Some(wanted) = wanted.department.as_deref() {
        let wanted = fold(wanted);
        matched.department = department
            .as_deref()
            .is_some_and(|d| !wanted.is_empty() && (d.contains(&wanted) || wanted.contains(d)));
    }
    matched
}

/// Whether the wanted text matches a folded field.
fn matches(wanted: &str, field: &str) -> bool {
    if field.is_empty() {
        return false;
    }
    let whole = fold(wanted);
    if whole.is_empty() {
        return false;
    }
    if field.contains(&whole) || whole.contains(field) {
        return true;
    }
    normalize::text(wanted)
        .unwrap_or_default()
        .split_whitespace()
        .map(fold)
        .filter(|word| word.chars().count() >= 2)
        .any(|word| field.contains(&word))
}

/// Text as compared: NFKC, lower case, no white space.
pub fn fold(text: &str) -> String {
    normalize::key(text).unwrap_or_default().to_lowercase()
}

/// The order of the ranking: the higher score first; between equal
/// scores the better eligibility, then the lower id (the older record).
pub fn rank_order(a: (f64, Rehire, i64), b: (f64, Rehire, i64)) -> std::cmp::Ordering {
    let tier = |r: Rehire| match r {
        Rehire::Yes => 0,
        Rehire::Review => 1,
        Rehire::Unknown | Rehire::No => 2,
    };
    b.0.total_cmp(&a.0)
        .then(tier(a.1).cmp(&tier(b.1)))
        .then(a.2.cmp(&b.2))
}

#[cfg(test)]
mod tests;
