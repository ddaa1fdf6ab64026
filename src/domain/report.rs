//! The vocabulary of reports: the language of labels (kept with the
//! catalogs, in `crate::i18n`), the two ways of counting a period's
//! applications, the groupings of `--by`, and what a campaign counts for
//! in engagement (`--engagement`).

pub use crate::i18n::Lang;

use super::vocabulary::stored_values;

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
    /// Which contacts of a campaign make its recipients engaged.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
    pub enum Engagement {
        // Only a recipient who opened or clicked: the campaign's inbound
        // responses count, its sends do not.
        #[default]
        Opened = "opened",
        // Every recipient the campaign was sent to.
        Sent = "sent",
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
