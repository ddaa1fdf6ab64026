//! The vocabulary of the rehire pipeline: the kinds of application, how
//! one ends and who ended it, the stages it moves through, and its history
//! of the stages it entered.

use jiff::civil::Date;

use super::vocabulary::stored_values;

stored_values! {
    /// What an application is: an alumnus coming back, or a candidate an
    /// alumnus referred.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
    pub enum Kind {
        #[default]
        Rehire = "rehire",
        Referral = "referral",
    }
}

impl Kind {
    /// The label people read: 出戻り, リファラル in Japanese.
    pub fn label_ja(self) -> &'static str {
        match self {
            Kind::Rehire => "出戻り",
            Kind::Referral => "リファラル",
        }
    }
}

stored_values! {
    /// How an application ended. `Rejoined` comes from entering the last
    /// stage, never from `pipeline close`, so the command line hides it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum Outcome {
        #[value(skip)]
        Rejoined = "rejoined",
        Declined = "declined",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

impl Outcome {
    /// The label people read in Japanese.
    pub fn label_ja(self) -> &'static str {
        match self {
            Outcome::Rejoined => "入社",
            Outcome::Declined => "辞退",
            Outcome::Rejected => "不採用",
            Outcome::Withdrawn => "取り下げ",
        }
    }

    /// Who ends an application this way when nobody said: the candidate
    /// declines, the company rejects; a withdrawal may be either.
    pub fn usual_ender(self) -> Option<EndedBy> {
        match self {
            Outcome::Declined => Some(EndedBy::Candidate),
            Outcome::Rejected => Some(EndedBy::Company),
            Outcome::Rejoined | Outcome::Withdrawn => None,
        }
    }
}

stored_values! {
    /// Who ended an application.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum EndedBy {
        Company = "company",
        Candidate = "candidate",
    }
}

/// One stage of the pipeline, as the database's stage list holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub key: String,
    pub label_en: String,
    pub label_ja: String,
    /// 1 for the first stage.
    pub position: i64,
}

/// One application's history, reduced to what the funnel needs. Stages are
/// indexes into the ordered stage list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub opened_on: Date,
    /// Every stage entered, in date order, with its date.
    pub entries: Vec<(usize, Date)>,
}

impl History {
    /// The day the application first reached stage `stage` or any later
    /// one: a skipped stage counts as reached on the day it was skipped
    /// past. Moving back never counts twice.
    pub fn reached_on(&self, stage: usize) -> Option<Date> {
        self.entries
            .iter()
            .find(|(entered, _)| *entered >= stage)
            .map(|(_, date)| *date)
    }

    /// The furthest stage the application ever entered.
    pub fn furthest(&self) -> Option<usize> {
        self.entries.iter().map(|(stage, _)| *stage).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn rejoined_is_stored_but_not_offered_to_close() {
        assert_eq!(Outcome::from_stored("rejoined"), Some(Outcome::Rejoined));
        assert!(Outcome::Rejoined.to_possible_value().is_none());
        assert_eq!(Outcome::value_variants().len(), 3);
        assert!(Outcome::from_str("rejoined", false).is_err());
        assert_eq!(Outcome::from_str("declined", false), Ok(Outcome::Declined));
    }
}
