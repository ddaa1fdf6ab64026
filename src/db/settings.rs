//! The settings kept with the data (`settings` table): which keys there
//! are, what each accepts, its default, and reading and writing them.
//! Commands read a setting through the typed functions at the bottom, so
//! that a default lives in one place.

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::Result;

use crate::domain::fiscal;
use crate::domain::normalize;
use crate::domain::suggest::Weights;
use crate::error::Failure;

/// A setting `alumni config` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The first month of a fiscal year, 1-12.
    FiscalYearStart,
    /// `en` or `ja`: the language of labels in listings and reports.
    DefaultLanguage,
    /// Who contacts logged without `--owner` are for, and who the audit
    /// log says made a change.
    DefaultOwner,
    /// How many years after the later of leaving and the last contact an
    /// alumnus's record is kept (`alumni retention`).
    RetentionYears,
    /// Who the mailing list holds: `opted-in` only, or everyone `not-opted-out`.
    MailingConsent,
    /// A weight or the sweet spot of `alumni suggest`.
    Suggest(Knob),
}

/// Who the mailing list holds (the `mailing-consent` setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailingRule {
    /// Only alumni who opted in (the default).
    OptedIn,
    /// Everyone but those who opted out: unknown consent included.
    NotOptedOut,
}

impl MailingRule {
    /// The setting's value for the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            MailingRule::OptedIn => "opted-in",
            MailingRule::NotOptedOut => "not-opted-out",
        }
    }
}

/// The retention period when `retention-years` is not set.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

impl Setting {
    pub const ALL: [Setting; 16] = [
        Setting::FiscalYearStart,
        Setting::DefaultLanguage,
        Setting::DefaultOwner,
        Setting::RetentionYears,
        Setting::MailingConsent,
        Setting::Suggest(Knob::EligibleYes),
        Setting::Suggest(Knob::EligibleReview),
        Setting::Suggest(Knob::Contact),
        Setting::Suggest(Knob::Event),
        Setting::Suggest(Knob::Survey),
        Setting::Suggest(Knob::Campaign),
        Setting::Suggest(Knob::Left),
        Setting::Suggest(Knob::Tenure),
        Setting::Suggest(Knob::Fit),
        Setting::Suggest(Knob::MinYears),
        Setting::Suggest(Knob::MaxYears),
    ];

    /// The key, as typed and as stored.
    pub fn key(self) -> &'static str {
        match self {
            Setting::FiscalYearStart => "fiscal-year-start",
            Setting::DefaultLanguage => "default-language",
            Setting::DefaultOwner => "default-owner",
            Setting::RetentionYears => "retention-years",
            Setting::MailingConsent => "mailing-consent",
            Setting::Suggest(knob) => knob.about().0,
        }
    }

    /// The setting a key names (`fiscal_year_start` works too); an unknown
    /// key is a usage error that lists the keys.
    pub fn find(raw: &str) -> Result<Setting> {
        let wanted = raw.trim().to_lowercase().replace('_', "-");
        Setting::ALL
            .into_iter()
            .find(|s| s.key() == wanted)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "no setting {raw:?}; the settings are {}",
                    Setting::ALL.map(Setting::key).join(", ")
                ))
                .into()
            })
    }

    /// The value used while the setting is not set, if there is a fixed one.
    pub fn default_value(self) -> Option<&'static str> {
        match self {
            Setting::FiscalYearStart => Some("4"),
            Setting::DefaultLanguage => Some("en"),
            Setting::DefaultOwner => None,
            Setting::RetentionYears => Some("5"),
            Setting::MailingConsent => Some("opted-in"),
            Setting::Suggest(knob) => Some(knob.about().1),
        }
    }

    /// What the setting is for, and what happens without it.
    pub fn description(self) -> &'static str {
        match self {
            Setting::FiscalYearStart => "the first month of a fiscal year (1-12)",
            Setting::DefaultLanguage => "the language of labels and reports (en or ja)",
            Setting::DefaultOwner => {
                "the owner of contacts logged without --owner, and the actor in the audit log \
                 [default: $ALUMNI_USER, else the user running the command]"
            }
            Setting::RetentionYears => {
                "years a record is kept after the later of leaving and the last contact (alumni retention)"
            }
            Setting::MailingConsent => {
                "who the mailing list holds: opted-in, or not-opted-out (unknown consent included)"
            }
            Setting::Suggest(knob) => knob.about().2,
        }
    }

    /// Checks and normalizes a value typed for the setting; the error says
    /// what is accepted.
    pub fn check(self, raw: &str) -> std::result::Result<String, String> {
        let text = normalize::text(raw).unwrap_or_default();
        let refuse = |what: &str| format!("{} {raw:?}: {what}", self.key());
        match self {
            Setting::FiscalYearStart => {
                let month = text
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .or_else(|| fiscal::month_without_year(&text));
                month.map(|m| m.to_string()).ok_or_else(|| {
                    refuse("give the first month of the fiscal year, 1-12 (4 is April)")
                })
            }
            Setting::DefaultLanguage => match text.to_lowercase().as_str() {
                "en" | "english" | "英語" => Ok("en".into()),
                "ja" | "jp" | "japanese" | "日本語" => Ok("ja".into()),
                _ => Err(refuse("give en or ja")),
            },
            Setting::DefaultOwner if text.is_empty() => Err(refuse("give a name")),
            Setting::DefaultOwner => Ok(text),
            Setting::RetentionYears => text
                .parse::<u32>()
                .ok()
                .filter(|y| (1..=100).contains(y))
                .map(|y| y.to_string())
                .ok_or_else(|| refuse("give a number of years, 1-100")),
            Setting::MailingConsent => match mailing_rule(&text) {
                Some(rule) => Ok(rule.as_str().into()),
                None => Err(refuse("give opted-in or not-opted-out")),
            },
            Setting::Suggest(knob @ (Knob::MinYears | Knob::MaxYears)) => knob
                .value(&text)
                .map(|y| y.to_string())
                .ok_or_else(|| refuse("give a number of years, 0-50 (2.5 for two and a half)")),
            Setting::Suggest(knob) => knob
                .value(&text)
                .map(|w| w.to_string())
                .ok_or_else(|| refuse("give a whole number of points, 0-100")),
        }
    }
}

/// The value stored for a setting, if it is set.
pub fn get(conn: &Connection, setting: Setting) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?")?
        .query_row([setting.key()], |r| r.get(0))
        .optional()?)
}

/// Stores a checked value; returns the one it replaced.
pub fn set(conn: &Connection, setting: Setting, value: &str) -> Result<Option<String>> {
    let before = get(conn, setting)?;
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![setting.key(), value])?;
    Ok(before)
}

/// The first month of a fiscal year: the `fiscal-year-start` setting, else April.
pub fn fiscal_year_start(conn: &Connection) -> Result<u8> {
    let setting = Setting::FiscalYearStart;
    match get(conn, setting)? {
        None => Ok(fiscal::DEFAULT_START),
        // Stored values were checked when set; one edited into the file by
        // hand is reported rather than guessed at.
        Some(value) => value
            .parse::<u8>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| {
                Failure::BadData(format!(
                    "the setting {} is {value:?}, which is not a month; \
                     fix it with `alumni config set {} 4`",
                    setting.key(),
                    setting.key()
                ))
                .into()
            }),
    }
}

/// The retention period in years: the `retention-years` setting, else 5.
pub fn retention_years(conn: &Connection) -> Result<u32> {
    match get(conn, Setting::RetentionYears)? {
        None => Ok(DEFAULT_RETENTION_YEARS),
        Some(value) => value
            .parse::<u32>()
            .ok()
            .filter(|y| (1..=100).contains(y))
            .ok_or_else(|| hand_edited(Setting::RetentionYears, &value, "5")),
    }
}

/// Who the mailing list holds: the `mailing-consent` setting, else opted-in only.
pub fn mailing_consent(conn: &Connection) -> Result<MailingRule> {
    match get(conn, Setting::MailingConsent)? {
        None => Ok(MailingRule::OptedIn),
        Some(value) => mailing_rule(&value)
            .ok_or_else(|| hand_edited(Setting::MailingConsent, &value, "opted-in")),
    }
}

/// The rule a value names, in either spelling (`opted-in`, `opted_in`).
fn mailing_rule(text: &str) -> Option<MailingRule> {
    match text.trim().to_lowercase().replace('_', "-").as_str() {
        "opted-in" => Some(MailingRule::OptedIn),
        "not-opted-out" => Some(MailingRule::NotOptedOut),
        _ => None,
    }
}

/// A stored value that was not checked (edited into the file by hand).
fn hand_edited(setting: Setting, value: &str, example: &str) -> anyhow::Error {
    Failure::BadData(format!(
        "the setting {} is {value:?}, which it cannot be; fix it with `alumni config set {} {example}`",
        setting.key(),
        setting.key()
    ))
    .into()
}

/// Whether labels are shown in Japanese: the `default-language` setting is `ja`.
pub fn japanese(conn: &Connection) -> Result<bool> {
    Ok(get(conn, Setting::DefaultLanguage)?.as_deref() == Some("ja"))
}

/// The settings of `alumni suggest`'s score (`domain::suggest` has the
/// formula they go into).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    EligibleYes,
    EligibleReview,
    Contact,
    Event,
    Survey,
    Campaign,
    Left,
    Tenure,
    Fit,
    MinYears,
    MaxYears,
}

impl Knob {
    pub const ALL: [Knob; 11] = [
        Knob::EligibleYes,
        Knob::EligibleReview,
        Knob::Contact,
        Knob::Event,
        Knob::Survey,
        Knob::Campaign,
        Knob::Left,
        Knob::Tenure,
        Knob::Fit,
        Knob::MinYears,
        Knob::MaxYears,
    ];

    /// The setting's key, its default and what it is for.
    fn about(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Knob::EligibleYes => (
                "suggest-weight-eligible-yes",
                "30",
                "suggest: points for rehire eligibility yes (unknown scores 0, no is never suggested)",
            ),
            Knob::EligibleReview => (
                "suggest-weight-eligible-review",
                "15",
                "suggest: points for rehire eligibility review",
            ),
            Knob::Contact => (
                "suggest-weight-contact",
                "2",
                "suggest: points per contact in the last 12 months (an inbound one counts twice; 10 at most)",
            ),
            Knob::Event => (
                "suggest-weight-event",
                "6",
                "suggest: points per event attended in the last 12 months (5 at most)",
            ),
            Knob::Survey => (
                "suggest-weight-survey",
                "10",
                "suggest: points for a latest survey score of 9-10 (taken off for 0-6)",
            ),
            Knob::Campaign => (
                "suggest-weight-campaign",
                "4",
                "suggest: points per campaign clicked in the last 12 months (one only opened counts half; 5 at most)",
            ),
            Knob::Left => (
                "suggest-weight-left",
                "20",
                "suggest: points for having left between suggest-min-years and suggest-max-years ago (less outside)",
            ),
            Knob::Tenure => (
                "suggest-weight-tenure",
                "10",
                "suggest: points for 5 years or more from hire to leaving (in proportion below)",
            ),
            Knob::Fit => (
                "suggest-weight-fit",
                "20",
                "suggest: points when --position matches the job title (half for the department) \
                 or --department the department left from",
            ),
            Knob::MinYears => (
                "suggest-min-years",
                "1",
                "suggest: the sweet spot of years since leaving starts here",
            ),
            Knob::MaxYears => (
                "suggest-max-years",
                "5",
                "suggest: the sweet spot of years since leaving ends here",
            ),
        }
    }

    /// A value for the knob: a weight is a whole number 0-100, a number of
    /// years one from 0 to 50, with one decimal at most.
    fn value(self, text: &str) -> Option<f64> {
        match self {
            Knob::MinYears | Knob::MaxYears => {
                let (_, decimals) = text.split_once('.').unwrap_or((text, ""));
                text.parse::<f64>()
                    .ok()
                    .filter(|y| (0.0..=50.0).contains(y) && decimals.len() <= 1)
                    .filter(|_| text.chars().all(|c| c.is_ascii_digit() || c == '.'))
            }
            _ => text.parse::<u8>().ok().filter(|w| *w <= 100).map(f64::from),
        }
    }
}

/// The weights of `alumni suggest`: each `suggest-…` setting, else its
/// default. The sweet spot must not end before it starts.
pub fn suggest_weights(conn: &Connection) -> Result<Weights> {
    let mut values = [0.0; Knob::ALL.len()];
    for (value, knob) in values.iter_mut().zip(Knob::ALL) {
        let setting = Setting::Suggest(knob);
        let (_, default, _) = knob.about();
        let stored = get(conn, setting)?;
        let text = stored.as_deref().unwrap_or(default);
        *value = knob
            .value(text)
            .ok_or_else(|| hand_edited(setting, text, default))?;
    }
    let [
        eligible_yes,
        eligible_review,
        contact,
        event,
        survey,
        campaign,
        left,
        tenure,
        fit,
        min_years,
        max_years,
    ] = values;
    if min_years > max_years {
        return Err(Failure::BadData(format!(
            "the setting suggest-min-years ({min_years}) is above suggest-max-years ({max_years}); \
             set one of them again (alumni config set suggest-max-years 5)"
        ))
        .into());
    }
    Ok(Weights {
        eligible_yes,
        eligible_review,
        contact,
        event,
        survey,
        campaign,
        left,
        tenure,
        fit,
        min_years,
        max_years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fiscal_year_start_is_a_month_number_or_name() {
        let s = Setting::FiscalYearStart;
        assert_eq!(s.check("1"), Ok("1".into()));
        assert_eq!(s.check("１０"), Ok("10".into()));
        assert_eq!(s.check("4月"), Ok("4".into()));
        assert_eq!(s.check("April"), Ok("4".into()));
        for bad in ["0", "13", "", "spring", "-1"] {
            assert!(s.check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_language_is_en_or_ja() {
        let s = Setting::DefaultLanguage;
        assert_eq!(s.check("JA"), Ok("ja".into()));
        assert_eq!(s.check("日本語"), Ok("ja".into()));
        assert_eq!(s.check("en"), Ok("en".into()));
        assert!(s.check("fr").unwrap_err().contains("en or ja"));
    }

    #[test]
    fn an_owner_is_normalized_text() {
        let s = Setting::DefaultOwner;
        assert_eq!(s.check(" 人事部　佐藤 "), Ok("人事部 佐藤".into()));
        assert!(s.check("  ").is_err());
    }

    #[test]
    fn a_retention_is_whole_years_and_a_mailing_rule_one_of_two() {
        let years = Setting::RetentionYears;
        assert_eq!(years.check("７"), Ok("7".into()));
        for bad in ["0", "101", "five", "2.5", ""] {
            assert!(years.check(bad).is_err(), "{bad}");
        }
        let rule = Setting::MailingConsent;
        assert_eq!(rule.check("opted_in"), Ok("opted-in".into()));
        assert_eq!(rule.check("Not-Opted-Out"), Ok("not-opted-out".into()));
        assert!(
            rule.check("everyone")
                .unwrap_err()
                .contains("not-opted-out")
        );
    }

    #[test]
    fn unset_retention_and_mailing_rule_have_their_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("r.db")).unwrap();
        assert_eq!(retention_years(&conn).unwrap(), 5);
        assert_eq!(mailing_consent(&conn).unwrap(), MailingRule::OptedIn);
        set(&conn, Setting::RetentionYears, "3").unwrap();
        set(&conn, Setting::MailingConsent, "not-opted-out").unwrap();
        assert_eq!(retention_years(&conn).unwrap(), 3);
        assert_eq!(mailing_consent(&conn).unwrap(), MailingRule::NotOptedOut);
    }

    #[test]
    fn suggest_weights_are_whole_points_and_the_years_allow_one_decimal() {
        let yes = Setting::find("suggest_weight_eligible_yes").unwrap();
        assert_eq!(yes, Setting::Suggest(Knob::EligibleYes));
        assert_eq!(yes.check("４０"), Ok("40".into()));
        for bad in ["-1", "101", "2.5", "lots", ""] {
            assert!(yes.check(bad).is_err(), "{bad}");
        }
        let min = Setting::Suggest(Knob::MinYears);
        assert_eq!(min.check("0.5"), Ok("0.5".into()));
        assert_eq!(min.check("3"), Ok("3".into()));
        for bad in ["-1", "51", "1.25", "two", "1e1", ""] {
            assert!(min.check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unset_suggest_weights_have_their_defaults_and_a_sweet_spot_cannot_end_before_it_starts() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("w.db")).unwrap();
        let weights = suggest_weights(&conn).unwrap();
        assert_eq!(
            (weights.eligible_yes, weights.eligible_review),
            (30.0, 15.0)
        );
        assert_eq!((weights.min_years, weights.max_years), (1.0, 5.0));
        assert_eq!(weights.fit, 20.0);
        set(&conn, Setting::Suggest(Knob::Event), "12").unwrap();
        set(&conn, Setting::Suggest(Knob::MaxYears), "7.5").unwrap();
        let weights = suggest_weights(&conn).unwrap();
        assert_eq!((weights.event, weights.max_years), (12.0, 7.5));
        set(&conn, Setting::Suggest(Knob::MinYears), "8").unwrap();
        let err = suggest_weights(&conn).unwrap_err();
        assert!(format!("{err}").contains("suggest-max-years"), "{err}");
    }

    #[test]
    fn keys_are_found_with_either_separator() {
        assert_eq!(
            Setting::find("fiscal_year_start").unwrap(),
            Setting::FiscalYearStart
        );
        let err = Setting::find("colour").unwrap_err();
        assert!(format!("{err}").contains("default-language"), "{err}");
    }

    #[test]
    fn an_unset_fiscal_year_starts_in_april_and_a_set_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(fiscal_year_start(&conn).unwrap(), 4);
        set(&conn, Setting::FiscalYearStart, "1").unwrap();
        assert_eq!(fiscal_year_start(&conn).unwrap(), 1);
        conn.execute(
            "UPDATE settings SET value = 'x' WHERE key = 'fiscal-year-start'",
            [],
        )
        .unwrap();
        assert!(fiscal_year_start(&conn).is_err());
    }
}
