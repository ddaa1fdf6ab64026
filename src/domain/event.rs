//! The vocabulary of events and partners: kinds of event, where an
//! alumnus stands with one, and the kinds of business through alumni.

use super::vocabulary::{Choice, stored_values};

stored_values! {
    /// The kinds of alumni event.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum EventKind {
        Reunion = "reunion",
        Mixer = "mixer",
        Seminar = "seminar",
        Workshop = "workshop",
        Webinar = "webinar",
        Other = "other",
    }
}

impl Choice for EventKind {
    fn label_ja(self) -> &'static str {
        match self {
            EventKind::Reunion => "同窓会",
            EventKind::Mixer => "交流会",
            EventKind::Seminar => "セミナー",
            EventKind::Workshop => "ワークショップ",
            EventKind::Webinar => "ウェビナー",
            EventKind::Other => "その他",
        }
    }
}

stored_values! {
    /// Where an alumnus stands with an event. The order is the order of
    /// progress: a status never moves back.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Attendance {
        Invited = "invited",
        Registered = "registered",
        Attended = "attended",
    }
}

stored_values! {
    /// Business opportunities through an alumnus.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum PartnerKind {
        Client = "client",
        Partner = "partner",
        Speaker = "speaker",
        Ambassador = "ambassador",
    }
}

impl Choice for PartnerKind {
    fn label_ja(self) -> &'static str {
        match self {
            PartnerKind::Client => "取引先",
            PartnerKind::Partner => "協業先",
            PartnerKind::Speaker => "講師・登壇者",
            PartnerKind::Ambassador => "アンバサダー",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_names_are_the_stored_texts() {
        for kind in EventKind::ALL {
            assert_eq!(kind.key(), kind.as_str());
        }
        for kind in PartnerKind::ALL {
            assert_eq!(kind.key(), kind.as_str());
        }
        assert!(Attendance::Invited < Attendance::Attended);
    }
}
