//! `alumni referral add --by ALUMNUS`: a candidate an alumnus referred,
//! opened as a referral application that goes through the same stages as a
//! rehire. The candidate is not an alumnus, so their name and contact are
//! kept on the application itself.

use anyhow::Result;

use super::consent::{self, Outbound};
use super::pipeline::{
    check_cost, closing_note, optional_text, overridden_note, refuse_erased, stage_name,
    starting_stage, warn_override,
};
use super::{Context, hand};
use crate::cli::pipeline::{ReferralAddArgs, ReferralCommand};
use crate::db::pipeline::{self, NewApplication, stages};
use crate::db::{Audit, Change, alumni};
use crate::domain::{Field, Kind};

pub fn run(context: &Context, command: ReferralCommand) -> Result<()> {
    match command {
        ReferralCommand::Add(args) => add(context, args),
    }
}

fn add(context: &Context, args: ReferralAddArgs) -> Result<()> {
    // Everything typed is checked before anyone is asked for a name.
    let email = match &args.email {
        Some(raw) => hand::value(Field::Email, raw)?,
        None => None,
    };
    let phone = match &args.phone {
        Some(raw) => hand::value(Field::Phone, raw)?,
        None => None,
    };
    let position = optional_text("--position", args.position)?;
    let department = optional_text("--department", args.department)?;
    let opened_on = hand::date_or_today("--date", args.date.as_deref())?;
    check_cost(args.cost)?;
    let reason = optional_text("--override-consent", args.override_consent)?;

    let mut db = context.db()?;
    // An unknown or opted-out referrer is reported before the prompt, not after it.
    let referrer = alumni::find(&db, &args.by)?;
    consent::check_outbound(&referrer, Outbound::Referral, reason.as_deref())?;
    let name = context
        .term
        .require(args.name, "--name", "Candidate's name (氏名)")?;
    let name = hand::text("--name", &name)?;

    let (id, referrer, new, first, stages) = db.write("referral add", |tx| {
        let referrer = alumni::find(tx, &args.by)?;
        refuse_erased(tx, referrer.id, &referrer.display_name())?;
        // The referrer is the one contacted about the referral: their
        // opt-out is what an override concerns, not the candidate's.
        let consent_override =
            consent::check_outbound(&referrer, Outbound::Referral, reason.as_deref())?;
        let stages = stages::all(tx)?;
        let first = starting_stage(&stages, args.stage.as_deref())?.clone();
        let new = NewApplication {
            kind: Kind::Referral,
            alumnus_id: None,
            referrer_id: Some(referrer.id),
            candidate_name: Some(name.clone()),
            candidate_email: email,
            candidate_phone: phone,
            position,
            department,
            source: Some("referral".into()),
            opened_on,
            cost: args.cost,
            consent_override: consent_override.map(String::from),
        };
        let id = pipeline::open(tx, &new, &first, &stages, false)?;
        // The audit names the referrer only: the candidate's name is personal
        // data, and the audit log must never hold personal data.
        let audit = Audit::new(
            Some(referrer.id),
            format!(
                "opened referral application {id} in {}{}",
                first.key,
                overridden_note(&new)
            ),
        );
        Ok(Change::audited((id, referrer, new, first, stages), audit))
    })?;

    println!("{id}");
    context.term.say(&format!(
        "opened referral application {id} for {name}, referred by {}, in {} on {}{}",
        referrer.display_name(),
        stage_name(&first),
        new.opened_on,
        closing_note(&first, &stages)
    ));
    warn_override(
        context,
        &referrer,
        &new,
        reason.is_some(),
        "recording the referral",
    );
    Ok(())
}
