//! Rehire rules: a departure reason, or a leave type, gives a default
//! rehire eligibility to the alumni whose eligibility nobody stated, and
//! where each alumnus's eligibility came from.
//!
//! A rule's key is matched against an alumnus's departure reason first
//! (退職理由, free text) and then against its leave type (退職区分): a key
//! that names a leave type (`involuntary` or 会社都合) decides everyone of
//! that type whose departure reason has no rule of its own.

use std::collections::HashMap;

use super::vocabulary::stored_values;
use super::{Field, FieldValues, LeaveType};

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

/// Rule key (a departure reason, or a leave type's name) → default rehire
/// eligibility.
pub type Rules = HashMap<String, String>;

/// The leave type a rule's key names, if it names one: the type's stored
/// text or its Japanese label (see [`LeaveType::named`]).
pub fn key_leave_type(key: &str) -> Option<LeaveType> {
    LeaveType::named(key)
}

/// The rule for alumni of `leave_type` whose departure reason has no rule:
/// its key and the eligibility it gives. Were two keys to name one type
/// (`involuntary` and 会社都合), the first in sort order decides, so that
/// the outcome never depends on the order rules are read in.
pub fn for_leave_type(rules: &Rules, leave_type: LeaveType) -> Option<(&str, &str)> {
    rules
        .iter()
        .filter(|(key, _)| key_leave_type(key) == Some(leave_type))
        .min_by(|(a, _), (b, _)| a.cmp(b))
        .map(|(key, eligibility)| (key.as_str(), eligibility.as_str()))
}

/// Gives an alumnus whose eligibility nobody stated (neither the file nor a
/// person) the eligibility its departure reason's rule says, or failing
/// that, its leave type's rule. Says whether a rule applied.
pub fn apply_rule(
    values: &mut FieldValues,
    rehire_source: &mut Option<RehireSource>,
    rules: &Rules,
) -> bool {
    // What a person set by hand, even an eligibility they cleared, is
    // theirs: no rule decides it again.
    if *rehire_source == Some(RehireSource::Manual) {
        return false;
    }
    let stated = *rehire_source == Some(RehireSource::Imported);
    let slot = Field::RehireEligible.index();
    if stated && values[slot].as_deref().is_some_and(|v| v != "unknown") {
        return false;
    }
    let by_reason = values[Field::LeaveReason.index()]
        .as_ref()
        .and_then(|reason| rules.get(reason))
        .map(String::as_str);
    let by_type = || {
        values[Field::LeaveType.index()]
            .as_deref()
            .and_then(LeaveType::from_stored)
            .and_then(|t| for_leave_type(rules, t))
            .map(|(_, eligibility)| eligibility)
    };
    match by_reason.or_else(by_type).map(str::to_string) {
        Some(eligibility) => {
            values[slot] = Some(eligibility);
            *rehire_source = Some(RehireSource::Rule);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alumnus(reason: Option<&str>, leave_type: Option<&str>) -> FieldValues {
        let mut values: FieldValues = Default::default();
        values[Field::LeaveReason.index()] = reason.map(str::to_string);
        values[Field::LeaveType.index()] = leave_type.map(str::to_string);
        values
    }

    fn rules(pairs: &[(&str, &str)]) -> Rules {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn decided(values: &FieldValues, rules: &Rules) -> Option<String> {
        let mut values = values.clone();
        let mut source = None;
        apply_rule(&mut values, &mut source, rules);
        values[Field::RehireEligible.index()].clone()
    }

    #[test]
    fn a_rule_named_by_a_leave_type_decides_alumni_of_that_type() {
        for key in ["involuntary", "会社都合", "Involuntary"] {
            let rules = rules(&[(key, "review")]);
            assert_eq!(
                decided(&alumnus(Some("事業所閉鎖"), Some("involuntary")), &rules).as_deref(),
                Some("review"),
                "{key}"
            );
            assert_eq!(
                decided(&alumnus(None, Some("voluntary")), &rules),
                None,
                "{key}"
            );
        }
    }

    #[test]
    fn the_departure_reason_is_matched_before_the_leave_type() {
        let rules = rules(&[("会社都合", "review"), ("懲戒", "no")]);
        assert_eq!(
            decided(&alumnus(Some("懲戒"), Some("involuntary")), &rules).as_deref(),
            Some("no")
        );
        // 会社都合 as a departure reason matches as a reason too.
        assert_eq!(
            decided(&alumnus(Some("会社都合"), None), &rules).as_deref(),
            Some("review")
        );
    }

    #[test]
    fn a_synonym_read_from_files_is_a_departure_reason_only() {
        // 解雇 is read as involuntary in a 退職区分 column, but a rule keyed
        // 解雇 is a rule for that departure reason.
        let rules = rules(&[("解雇", "no")]);
        assert_eq!(decided(&alumnus(None, Some("involuntary")), &rules), None);
        assert_eq!(
            decided(&alumnus(Some("解雇"), None), &rules).as_deref(),
            Some("no")
        );
    }

    #[test]
    fn two_keys_for_one_leave_type_decide_in_sort_order() {
        let rules = rules(&[("会社都合", "no"), ("involuntary", "review")]);
        assert_eq!(
            for_leave_type(&rules, LeaveType::Involuntary),
            Some(("involuntary", "review"))
        );
    }

    #[test]
    fn a_stated_eligibility_is_kept_whatever_the_leave_type() {
        let rules = rules(&[("involuntary", "no")]);
        let mut values = alumnus(None, Some("involuntary"));
        values[Field::RehireEligible.index()] = Some("yes".into());
        let mut source = Some(RehireSource::Imported);
        assert!(!apply_rule(&mut values, &mut source, &rules));
        assert_eq!(
            values[Field::RehireEligible.index()].as_deref(),
            Some("yes")
        );
    }

    #[test]
    fn an_eligibility_cleared_by_hand_is_left_to_the_person() {
        let rules = rules(&[("懲戒", "no")]);
        let mut values = alumnus(Some("懲戒"), None);
        let mut source = Some(RehireSource::Manual);
        assert!(!apply_rule(&mut values, &mut source, &rules));
        assert_eq!(values[Field::RehireEligible.index()], None);
        assert_eq!(source, Some(RehireSource::Manual));
    }
}
