//! `alumni merge KEEP OTHER`: join two records of one person, keeping all
//! history, after a confirmation on a terminal (`--yes` otherwise).

use anyhow::Result;

use super::Context;
use crate::cli::people::MergeArgs;
use crate::db::{Audit, Change, alumni, people};
use crate::error::Failure;

pub fn run(context: &Context, args: MergeArgs) -> Result<()> {
    let mut db = context.db()?;
    let keep = alumni::living(&db, &args.keep)?;
    let other = alumni::living(&db, &args.other)?;
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
    // Asked before the write transaction begins: a person deciding must
    // not hold the database's write lock.
    if !context.term.confirm(&question, args.yes)? {
        context.term.say("nothing merged");
        return Ok(());
    }
    let detail = db.write("merge", |tx| {
        // The two records confirmed, read again inside the transaction.
        let keep = alumni::living(tx, &format!("#{}", keep.id))?;
        let other = alumni::living(tx, &format!("#{}", other.id))?;
        let (_, moved) = people::merge(tx, &keep, &other)?;
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
        let audit = Audit::new(Some(keep.id), detail.clone());
        Ok(Change::audited(detail, audit))
    })?;
    context.term.say(&detail);
    Ok(())
}
