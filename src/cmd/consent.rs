//! `alumni consent ALUMNUS opted-in|opted-out|unknown`: record whether an
//! alumnus agreed to be contacted, when, and for what purpose (APPI asks
//! for all three). `contact add` refuses outbound contacts with anyone
//! opted out.

use anyhow::Result;

use super::contact::living;
use super::{Context, hand};
use crate::cli::contact::ConsentArgs;
use crate::db::{Audit, Change, contacts};

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
