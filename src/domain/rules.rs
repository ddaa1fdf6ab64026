//! Rehire rules: a departure reason gives a default rehire eligibility to
//! the alumni whose eligibility nobody stated, and where each alumnus's
//! eligibility came from.

use std::collections::HashMap;

use super::vocabulary::stored_values;
use super::{Field, FieldValues};

stored_values! {
    /// Where an alumnus's rehire eligibility came from. A value set by hand
    /// is never overwritten by an import or a rule.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum RehireSource {
        Imported = "imported",
        Rule = "rule",
        Manual = "manual",
    }
}

/// Departure reason → default rehire eligibility.
pub type Rules = HashMap<String, String>;

/// Gives an alumnus whose eligibility nobody stated (neither the file nor a
/// person) the eligibility its departure reason's rule says. Says whether
/// a rule applied.
pub fn apply_rule(
    values: &mut FieldValues,
    rehire_source: &mut Option<RehireSource>,
    rules: &Rules,
) -> bool {
    let stated = matches!(
        rehire_source,
        Some(RehireSource::Imported | RehireSource::Manual)
    );
    let slot = Field::RehireEligible.index();
    if stated && values[slot].as_deref().is_some_and(|v| v != "unknown") {
        return false;
    }
    let rule = values[Field::LeaveReason.index()]
        .as_ref()
        .and_then(|reason| rules.get(reason));
    match rule {
        Some(eligibility) => {
            values[slot] = Some(eligibility.clone());
            *rehire_source = Some(RehireSource::Rule);
            true
        }
        None => false,
    }
}
