//! `alumni merge KEEP OTHER`: join two records of one person, keeping all
//! history, after a confirmation on a terminal (`--yes` otherwise).

use anyhow::Result;

use super::Context;
use crate::cli::people::MergeArgs;
use crate::db::{alumni, audit, people};
use crate::error::Failure;

pub fn run(context: &Context, args: MergeArgs) -> Result<()> {
    let mut conn = context.open_db()?;
    let tx = conn.transaction()?;
    let keep = alumni::find(&tx, &args.keep)?;
    let other = alumni::find(&tx, &args.other)?;
    if keep.id == other.id {
        return Err(Failure::Usage(format!(
            "{} and {} are the same record",
            args.keep, args.other
        ))
        .into());
    }
    let question = format!(
        "merge {} (#{}) into {} (#{}), and remove #{}?",
        other.display_name(),
        other.id,
        keep.display_name(),
        keep.id,
        other.id
    );
    if !context.term.confirm(&question, args.yes)? {
        context.term.say("nothing merged");
        return Ok(());
    }
    let (_, moved) = people::merge(&tx, &keep, &other)?;
    let fields: Vec<&str> = moved.fields.iter().map(|f| f.column()).collect();
    let detail = format!(
        "merged #{} into #{}: fields {}; {} contacts, {} applications, {} referrals, {} attendance, {} partners",
        other.id,
        keep.id,
        if fields.is_empty() {
            "none".into()
        } else {
            fields.join(", ")
        },
        moved.contacts,
        moved.applications,
        moved.referrals,
        moved.attendance,
        moved.partners
    );
    audit::record(&tx, "merge", Some(keep.id), &detail)?;
    tx.commit()?;
    context.term.say(&detail);
    Ok(())
}
