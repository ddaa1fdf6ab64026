//! `alumni add`: one alumnus typed in by hand. A current company or title
//! given starts their career history.

use anyhow::Result;

use super::{Context, hand};
use crate::cli::AddArgs;
use crate::db::{Audit, Change, alumni, career, privacy};
use crate::domain::rules::apply_rule;
use crate::domain::{CareerSource, RehireSource};
use crate::domain::{Field, FieldValues};

pub fn run(context: &Context, add: AddArgs) -> Result<()> {
    let AddArgs {
        fields: mut args,
        readmit_erased,
    } = add;
    args.name = Some(
        context
            .term
            .require(args.name.take(), "--name", "Name (氏名)")?,
    );
    let mut values: FieldValues = Default::default();
    let mut manual = 0;
    for (field, raw) in args.given() {
        values[field.index()] = hand::value(field, raw)?;
        manual |= field.bit();
    }
    if values[Field::Name.index()].is_none() {
        return Err(crate::error::Failure::Usage("--name is empty".into()).into());
    }
    let mut source = values[Field::RehireEligible.index()]
        .is_some()
        .then_some(RehireSource::Manual);

    let mut db = context.db()?;
    let id = db.write("add", |tx| {
        hand::check_unique(tx, &values, None)?;
        if !readmit_erased && let Some(on) = privacy::Erasures::load(tx)?.erased_on(&values) {
            return Err(crate::error::Failure::BadData(format!(
                "this person was erased on request on {on}; add them again only if they asked \
                 to be, with --readmit-erased"
            ))
            .into());
        }
        let rules = crate::db::contacts::rule_map(tx)?;
        apply_rule(&mut values, &mut source, &rules);
        let id = alumni::insert(tx, &values, source, manual)?;
        career::record(tx, id, None, &values, CareerSource::Edit)?;
        let fields: Vec<&str> = args.given().iter().map(|(f, _)| f.column()).collect();
        Ok(Change::audited(
            id,
            Audit::new(Some(id), format!("added with {}", fields.join(", "))),
        ))
    })?;
    println!("{id}");
    let added = alumni::by_id(&db, id)?
        .map(|a| a.display_name())
        .unwrap_or_default();
    context.term.say(&format!("added {added} as #{id}"));
    Ok(())
}
