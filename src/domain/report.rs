//! The vocabulary of reports: the language of labels, the two ways of
//! counting a period's applications, and the groupings of `--by`.

use super::vocabulary::stored_values;

stored_values! {
    /// The language of labels, messages and sheet names.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
    pub enum Lang {
        En = "en",
        Ja = "ja",
    }
}

impl Lang {
    /// The language a setting or a locale names: Japanese for anything
    /// starting with `ja` (`ja`, `ja_JP.UTF-8`), else English.
    pub fn from_locale(name: &str) -> Lang {
        if name.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The text in this language.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

stored_values! {
    /// How applications are counted for a period.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
    pub enum Counting {
        // An application counts for stage S when it entered S, or skipped
        // past it to a later stage, on a day inside the period (the
        // monthly 実績).
        Activity = "activity",
        // Applications opened in the period, followed to wherever they
        // got, whenever (the pass rates of a hiring campaign).
        Cohort = "cohort",
    }
}

stored_values! {
    /// What a report is split by (`--by`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
    pub enum By {
        // Each month of the period.
        Month = "month",
        // Each fiscal quarter of the period (Q1 is the first three months
        // of the fiscal year), clipped to the period.
        Quarter = "quarter",
        // The application's department; applications without one form a
        // group of their own.
        Department = "department",
        // rehire or referral.
        Kind = "kind",
        // The channel: the source, else the kind.
        Source = "source",
    }
}

// The variants carry plain comments, not doc comments: clap would show doc
// comments of a value enum's variants as help text of their own.

impl By {
    /// As `--by` and the JSON name it.
    pub fn name(self) -> &'static str {
        self.as_str()
    }

    /// Whether a group has its own spend and cost per hire. Spend is kept
    /// per month and channel, so it splits by time and by source but not
    /// by department or kind.
    pub fn attributes_spend(self) -> bool {
        !matches!(self, By::Department | By::Kind)
    }
}
