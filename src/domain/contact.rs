//! The vocabulary of keeping in touch: consent to be contacted, the
//! channels of a contact and its direction.

use super::vocabulary::{Choice, stored_values};

stored_values! {
    /// Whether an alumnus agreed to be contacted (APPI asks for it, with
    /// the date and the purpose of use it covers). Typed as `opted-in` or
    /// as the stored `opted_in`: people copy either from help and listings.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum Consent {
        #[value(alias = "opted_in")]
        OptedIn = "opted_in",
        #[value(alias = "opted_out")]
        OptedOut = "opted_out",
        Unknown = "unknown",
    }
}

impl Consent {
    /// How a person is told the state: "opted in (連絡同意あり)".
    pub fn label(self) -> &'static str {
        match self {
            Consent::OptedIn => "opted in (連絡同意あり)",
            Consent::OptedOut => "opted out (連絡拒否)",
            Consent::Unknown => "unknown (同意不明)",
        }
    }
}

stored_values! {
    /// The channels of a contact.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum Channel {
        Email = "email",
        Phone = "phone",
        Meeting = "meeting",
        Event = "event",
        Newsletter = "newsletter",
        Sns = "sns",
        Other = "other",
    }
}

impl Choice for Channel {
    fn label_ja(self) -> &'static str {
        match self {
            Channel::Email => "メール",
            Channel::Phone => "電話",
            Channel::Meeting => "面談",
            Channel::Event => "イベント",
            Channel::Newsletter => "メールマガジン",
            Channel::Sns => "SNS",
            Channel::Other => "その他",
        }
    }
}

stored_values! {
    /// Who reached out: HR (outbound) or the alumnus (inbound).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
    pub enum Direction {
        Outbound = "outbound",
        Inbound = "inbound",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_round_trip() {
        for consent in Consent::ALL {
            assert_eq!(Consent::from_stored(consent.as_str()), Some(*consent));
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::from_stored(channel.as_str()), Some(*channel));
            // The command line's name is the stored text.
            assert_eq!(channel.key(), channel.as_str());
        }
        assert_eq!(Consent::from_stored("opted-in"), None);
        assert_eq!(Direction::from_stored("inbound"), Some(Direction::Inbound));
    }

    #[test]
    fn a_consent_is_typed_in_either_spelling() {
        use clap::ValueEnum;
        for (typed, consent) in [
            ("opted-in", Consent::OptedIn),
            ("opted_in", Consent::OptedIn),
            ("opted-out", Consent::OptedOut),
            ("opted_out", Consent::OptedOut),
            ("unknown", Consent::Unknown),
        ] {
            assert_eq!(Consent::from_str(typed, false), Ok(consent), "{typed}");
        }
        assert!(Consent::from_str("opted in", false).is_err());
    }
}
