//! `alumni consent ALUMNUS opted-in|opted-out|unknown`: record whether an
//! alumnus agreed to be contacted, when, and for what purpose (APPI asks
//! for all three); each change also goes into the alumnus's consent
//! history, which `alumni show` displays.
//!
//! Also the one rule every outbound path applies (`contact add`, `event
//! invite`, `pipeline add`, `referral add --by`): nothing goes out to an
//! alumnus who opted out unless a reason is given with `--override-consent`,
//! and that reason is recorded with what was done.

use anyhow::Result;

use super::contact::living;
use super::{Context, hand};
use crate::cli::contact::ConsentArgs;
use crate::db::{Audit, Change, contacts};
use crate::domain::{Alumnus, Consent, Field};
use crate::error::Failure;

pub fn run(context: &Context, args: ConsentArgs) -> Result<()> {
    let date = hand::date_or_today("--date", args.date.as_deref())?;
    let purpose = match &args.purpose {
        Some(raw) => Some(hand::text("--purpose", raw)?),
        None => None,
    };
    let consent = args.state;
    let alumnus = context.write("consent", |tx| {
        let alumnus = living(tx, &args.alumnus)?;
        contacts::set_consent(tx, alumnus.id, consent, &date, purpose.as_deref())?;
        // The states only, never the purpose's text.
        let mut detail = format!("consent {consent} (was {})", alumnus.consent);
        if purpose.is_some() {
            detail.push_str(", purpose set");
        }
        let audit = Audit::new(Some(alumnus.id), detail);
        Ok(Change::audited(alumnus, audit))
    })?;
    let label = consent.label();
    context.term.say(&format!(
        "{}: consent {label} as of {date}{}",
        alumnus.display_name(),
        purpose.map(|p| format!(", for: {p}")).unwrap_or_default()
    ));
    Ok(())
}

/// Something sent or done towards an alumnus, which their opt-out forbids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outbound {
    Contact,
    Invitation,
    Application,
    Referral,
}

impl Outbound {
    /// What is refused, and how it would be done anyway.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Outbound::Contact => ("an outbound contact", "log it"),
            Outbound::Invitation => ("an invitation to an event", "invite them"),
            Outbound::Application => ("a rehire application", "open it"),
            Outbound::Referral => ("recording them as a referrer", "record the referral"),
        }
    }
}

/// The override to record for `what` towards `alumnus`: `None` when they
/// have not opted out (nothing to override), the reason when they have
/// and one was given; without a reason, the refusal (exit 65), which names
/// them, says since when, and how to go ahead anyway.
pub(super) fn check_outbound<'r>(
    alumnus: &Alumnus,
    what: Outbound,
    reason: Option<&'r str>,
) -> Result<Option<&'r str>> {
    if alumnus.consent != Consent::OptedOut {
        return Ok(None);
    }
    match reason {
        Some(reason) => Ok(Some(reason)),
        None => Err(Failure::BadData(opted_out_refusal(alumnus, what)).into()),
    }
}

/// "#2 00124 佐藤 花子 opted out of being contacted on 2026-10-01 (連絡拒否),
/// so an invitation to an event is refused; to invite them anyway, give the
/// reason with --override-consent REASON".
pub(super) fn opted_out_refusal(alumnus: &Alumnus, what: Outbound) -> String {
    let (refused, _) = what.words();
    format!(
        "{} opted out of being contacted{} (連絡拒否), so {refused} is refused; {}",
        who(alumnus),
        since(alumnus),
        how_to_override(what)
    )
}

/// "#2 00124 佐藤 花子 opted out on 2026-10-01": one line of a refusal that
/// names several people.
pub(super) fn opted_out_line(alumnus: &Alumnus) -> String {
    format!("{} opted out{}", who(alumnus), since(alumnus))
}

/// "to invite them anyway, give the reason with --override-consent REASON".
pub(super) fn how_to_override(what: Outbound) -> String {
    let (_, anyway) = what.words();
    format!("to {anyway} anyway, give the reason with --override-consent REASON")
}

/// " on 2026-10-01", the day the opt-out took effect, when it is known.
fn since(alumnus: &Alumnus) -> String {
    alumnus
        .consent_date
        .as_deref()
        .map(|d| format!(" on {d}"))
        .unwrap_or_default()
}

/// The alumnus by internal id and name: "#2 00124 佐藤 花子".
fn who(alumnus: &Alumnus) -> String {
    match alumnus.get(Field::EmployeeId) {
        Some(_) => format!("#{} {}", alumnus.id, alumnus.display_name()),
        // Without an employee ID the display name starts with the id already.
        None => alumnus.display_name(),
    }
}

/// The warning for an `--override-consent` that overrode nothing (and so
/// is not stored): the alumnus has not opted out.
pub(super) fn override_ignored(alumnus: &Alumnus) -> String {
    format!(
        "--override-consent ignored: {} has not opted out",
        alumnus.display_name()
    )
}
