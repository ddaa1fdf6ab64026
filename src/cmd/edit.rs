//! `alumni edit ALUMNUS`: change fields by hand. What is set here is marked
//! as set by hand, and no later import overwrites it. A new current
//! company or title, or one cleared, is a career entry.

use anyhow::Result;

use super::{Context, hand};
use crate::cli::FieldArgs;
use crate::db::{Audit, Change, alumni, career};
use crate::domain::Field;
use crate::domain::{CareerSource, RehireSource};
use crate::error::Failure;

pub fn run(context: &Context, reference: &str, args: &FieldArgs, clear: &[Field]) -> Result<()> {
    let given = args.given();
    if given.is_empty() && clear.is_empty() {
        return Err(Failure::Usage(
            "nothing to change: give a field, e.g. --department 営業部, or --clear FIELD".into(),
        )
        .into());
    }
    let (alumnus, detail) = context.write("edit", |tx| {
        let mut alumnus = alumni::living(tx, reference)?;
        let before = alumnus.values.clone();
        for (field, raw) in given {
            let value = hand::value(field, raw)?;
            if value.is_none() {
                return Err(Failure::Usage(format!(
                    "{} is empty; to empty a field use --clear {field}",
                    hand::flag(field)
                ))
                .into());
            }
            alumnus.values[field.index()] = value;
            alumnus.manual_fields |= field.bit();
        }
        for field in clear {
            alumnus.values[field.index()] = None;
            alumnus.manual_fields |= field.bit();
        }
        if args.rehire.is_some() || clear.contains(&Field::RehireEligible) {
            alumnus.rehire_source = Some(RehireSource::Manual);
        }
        hand::check_unique(tx, &alumnus.values, Some(alumnus.id))?;
        let changed: Vec<&str> = Field::ALL
            .iter()
            .filter(|f| alumnus.values[f.index()] != before[f.index()])
            .map(|f| f.column())
            .collect();
        alumni::update(tx, &alumnus)?;
        career::record(
            tx,
            alumnus.id,
            Some(&before),
            &alumnus.values,
            CareerSource::Edit,
        )?;
        let detail = if changed.is_empty() {
            "marked as set by hand; no value changed".to_string()
        } else {
            format!("changed {}", changed.join(", "))
        };
        let audit = Audit::new(Some(alumnus.id), detail.clone());
        Ok(Change::audited((alumnus, detail), audit))
    })?;
    context.term.say(&format!(
        "{} (#{}): {detail}",
        alumnus.display_name(),
        alumnus.id
    ));
    Ok(())
}
