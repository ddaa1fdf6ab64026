//! The retention period: how long an alumnus's record is kept. It runs
//! from the later of the day they left and the day of their latest contact
//! (from the day the record was made, when there is neither) for a number
//! of years; a person who opted in to being contacted within that many
//! years is kept whatever the other dates say.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Consent;

/// What the retention period of one alumnus is counted from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dates<'a> {
    pub left_on: Option<&'a str>,
    pub last_contact: Option<&'a str>,
    /// When the record was made (a timestamp; its day is used).
    pub created_at: &'a str,
    pub consent: Consent,
    pub consent_date: Option<&'a str>,
}

/// Why an alumnus is past the retention period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expired {
    /// The day the period is counted from.
    pub since: Date,
    /// The last day of the period.
    pub ended_on: Date,
}

/// Whether the period of `years` has run out by `today`, and from when.
pub fn expired(dates: &Dates<'_>, years: u32, today: Date) -> Option<Expired> {
    let day = |text: &str| text.get(..10).and_then(|d| d.parse::<Date>().ok());
    let period = i64::from(years).years();
    if dates.consent == Consent::OptedIn {
        // Opted in without a day: nobody can tell it is old, so it holds.
        let opted = dates.consent_date.and_then(day)?;
        if opted.saturating_add(period) >= today {
            return None;
        }
    }
    let since = [dates.left_on, dates.last_contact]
        .into_iter()
        .flatten()
        .filter_map(day)
        .max()
        .or_else(|| day(dates.created_at))?;
    let ended_on = since.saturating_add(period);
    (ended_on < today).then_some(Expired { since, ended_on })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates<'a>(left: Option<&'a str>, contact: Option<&'a str>) -> Dates<'a> {
        Dates {
            left_on: left,
            last_contact: contact,
            created_at: "2019-06-01T09:00:00Z",
            consent: Consent::Unknown,
            consent_date: None,
        }
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn the_period_runs_from_the_later_of_leaving_and_the_last_contact() {
        let today = day("2026-12-01");
        let left_long_ago = dates(Some("2020-03-31"), None);
        let expired_one = expired(&left_long_ago, 5, today).unwrap();
        assert_eq!(expired_one.since, day("2020-03-31"));
        assert_eq!(expired_one.ended_on, day("2025-03-31"));
        // A contact since keeps the record.
        assert_eq!(
            expired(&dates(Some("2020-03-31"), Some("2022-01-10")), 5, today),
            None
        );
        // The last day of the period is still inside it.
        assert_eq!(expired(&dates(Some("2021-12-01"), None), 5, today), None);
        assert!(expired(&dates(Some("2021-11-30"), None), 5, today).is_some());
        // A longer period keeps it.
        assert_eq!(expired(&left_long_ago, 7, today), None);
    }

    #[test]
    fn without_dates_the_period_runs_from_when_the_record_was_made() {
        let found = expired(&dates(None, None), 5, day("2026-12-01")).unwrap();
        assert_eq!(found.since, day("2019-06-01"));
    }

    #[test]
    fn an_opt_in_within_the_period_keeps_the_record() {
        let today = day("2026-12-01");
        let mut opted = dates(Some("2015-03-31"), None);
        opted.consent = Consent::OptedIn;
        opted.consent_date = Some("2024-04-01");
        assert_eq!(expired(&opted, 5, today), None);
        opted.consent_date = Some("2020-04-01");
        assert!(expired(&opted, 5, today).is_some());
        opted.consent_date = None;
        assert_eq!(expired(&opted, 5, today), None);
        // Opting out does not keep anything.
        opted.consent = Consent::OptedOut;
        opted.consent_date = Some("2026-01-01");
        assert!(expired(&opted, 5, today).is_some());
    }
}
