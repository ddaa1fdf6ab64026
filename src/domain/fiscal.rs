//! Months and fiscal years: the periods of KPI targets and spend.
//!
//! A month is stored as `YYYY-MM`. People type it as `2026-04`, `2026/4`,
//! `2026年4月`, `令和8年4月`, `R8.4`, `202604`, or as any date in it
//! (`2026/4/1`). A fiscal year is named by the calendar year it starts in:
//! with the year starting in month S, fiscal year Y runs from month S of Y
//! to month S-1 of Y+1 (S = 4: fiscal 2026 is 2026-04..2027-03, 2026年度).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use unicode_normalization::UnicodeNormalization;

use super::dates;

/// The first month of a fiscal year when the `fiscal-year-start` setting
/// is not set: April, as in most Japanese companies.
pub const DEFAULT_START: u8 = 4;

/// The years a month may be in; the same range as dates in an import.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u8,
}

impl Month {
    /// The month `month` (1-12) of `year`, if both are in range.
    pub fn new(year: i32, month: u8) -> Option<Month> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn of_date(date: Date) -> Month {
        Month {
            year: i32::from(date.year()),
            month: date.month() as u8,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for January.
    pub fn number(self) -> u8 {
        self.month
    }

    /// The month `n` months later (earlier for a negative `n`).
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + i32::from(self.month) - 1 + n;
        Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// A month as a person types it: `2026-04`, `2026/4`, `2026.4`,
    /// `2026年4月`, `令和8年4月`, `R8.4`, `202604`, or a date in the month
    /// (`2026/4/1`, `20260401`, `令和8年4月1日`). Full-width digits are
    /// accepted; two-digit years are not (`26/4` is refused).
    pub fn parse(raw: &str) -> Option<Month> {
        let text: String = raw.nfkc().collect::<String>().trim().to_lowercase();
        if text.is_empty() {
            return None;
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            // Not Excel serials: typed on a command line they are typos.
            return match text.len() {
                6 => Month::new(text[..4].parse().ok()?, text[4..].parse().ok()?),
                8 => dates::parse(&text).map(Month::of_date),
                _ => None,
            };
        }
        // A month is the date of its first day without the day: put the
        // day back and let the date reader do the rest (eras included).
        let first_day = if text.ends_with('月') {
            format!("{text}1日")
        } else {
            format!("{text}/1")
        };
        dates::parse(&first_day)
            .or_else(|| dates::parse(&text))
            .map(Month::of_date)
    }
}

/// `YYYY-MM`, as stored.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Reads a month as stored (`YYYY-MM`, exactly); see [`Month::parse`] for
/// what people type.
impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("{s:?} is not a month (YYYY-MM)");
        let (year, month) = s.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        Month::new(
            year.parse().map_err(|_| bad())?,
            month.parse().map_err(|_| bad())?,
        )
        .ok_or_else(bad)
    }
}

/// The month of a heading that names no year: `4月`, `04月`, `Apr`,
/// `April` (1-12), as a fiscal-year sheet often has.
pub fn month_without_year(raw: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let text: String = raw.nfkc().collect::<String>().trim().to_lowercase();
    let text = text.trim_end_matches('.');
    if let Some(digits) = text.strip_suffix('月') {
        let digits = digits.trim();
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return digits.parse().ok().filter(|m| (1..=12).contains(m));
    }
    NAMES
        .iter()
        .position(|name| text == *name || (text.len() == 3 && name.starts_with(text)))
        .map(|i| i as u8 + 1)
}

/// The twelve months of fiscal year `year` whose first month is `start`
/// (1-12), as `YYYY-MM`: `fiscal_year_months(2026, 4)` is 2026-04 …
/// 2027-03.
pub fn fiscal_year_months(year: i32, start: u8) -> [String; 12] {
    let first = first_month(year, start);
    std::array::from_fn(|i| first.plus(i as i32).to_string())
}

/// The first and last month of fiscal year `year`.
pub fn fiscal_year_range(year: i32, start: u8) -> (Month, Month) {
    let first = first_month(year, start);
    (first, first.plus(11))
}

/// The fiscal year a month belongs to: the year its fiscal year starts in.
/// With an April start, 2027-03 is in fiscal 2026 and 2027-04 in 2027.
pub fn fiscal_year_of(month: Month, start: u8) -> i32 {
    check_start(start);
    if month.month >= start {
        month.year
    } else {
        month.year - 1
    }
}

/// The month numbered `number` (1-12) inside fiscal year `year`: with an
/// April start, 4月 of fiscal 2026 is 2026-04 and 1月 is 2027-01.
pub fn month_in_fiscal_year(year: i32, number: u8, start: u8) -> Month {
    check_start(start);
    let first = first_month(year, start);
    first.plus((i32::from(number) - i32::from(start)).rem_euclid(12))
}

fn first_month(year: i32, start: u8) -> Month {
    check_start(start);
    Month { year, month: start }
}

fn check_start(start: u8) {
    assert!(
        (1..=12).contains(&start),
        "a fiscal year starts in month 1-12, not {start}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u8) -> Month {
        Month::new(year, month).unwrap()
    }

    #[test]
    fn an_april_fiscal_year_runs_from_april_to_the_next_march() {
        let months = fiscal_year_months(2026, 4);
        assert_eq!(months[0], "2026-04");
        assert_eq!(months[8], "2026-12");
        assert_eq!(months[9], "2027-01");
        assert_eq!(months[11], "2027-03");
    }

    #[test]
    fn a_january_fiscal_year_is_the_calendar_year() {
        let months = fiscal_year_months(2026, 1);
        let expected: Vec<String> = (1..=12).map(|n| format!("2026-{n:02}")).collect();
        assert_eq!(months.to_vec(), expected);
    }

    #[test]
    fn an_october_fiscal_year_crosses_the_new_year() {
        assert_eq!(fiscal_year_months(2026, 10)[0], "2026-10");
        assert_eq!(fiscal_year_months(2026, 10)[11], "2027-09");
        assert_eq!(fiscal_year_range(2026, 10), (m(2026, 10), m(2027, 9)));
    }

    #[test]
    fn a_month_belongs_to_the_fiscal_year_it_falls_in() {
        assert_eq!(fiscal_year_of(m(2026, 4), 4), 2026);
        assert_eq!(fiscal_year_of(m(2027, 3), 4), 2026);
        assert_eq!(fiscal_year_of(m(2026, 3), 4), 2025);
        assert_eq!(fiscal_year_of(m(2026, 1), 1), 2026);
        assert_eq!(fiscal_year_of(m(2026, 12), 1), 2026);
        assert_eq!(fiscal_year_of(m(2027, 9), 10), 2026);
    }

    #[test]
    fn every_month_of_a_fiscal_year_maps_back_to_it() {
        for start in 1..=12 {
            for month in fiscal_year_months(2026, start) {
                let month: Month = month.parse().unwrap();
                assert_eq!(fiscal_year_of(month, start), 2026, "{month} start {start}");
            }
        }
    }

    #[test]
    fn a_month_without_a_year_is_placed_in_the_fiscal_year() {
        assert_eq!(month_in_fiscal_year(2026, 4, 4), m(2026, 4));
        assert_eq!(month_in_fiscal_year(2026, 12, 4), m(2026, 12));
        assert_eq!(month_in_fiscal_year(2026, 1, 4), m(2027, 1));
        assert_eq!(month_in_fiscal_year(2026, 3, 4), m(2027, 3));
        assert_eq!(month_in_fiscal_year(2026, 3, 1), m(2026, 3));
    }

    #[test]
    #[should_panic(expected = "month 1-12")]
    fn a_fiscal_year_cannot_start_in_month_13() {
        fiscal_year_months(2026, 13);
    }

    #[test]
    fn months_are_read_in_the_forms_people_type() {
        for typed in [
            "2026-04",
            "2026/4",
            "2026/04",
            "2026.4",
            "2026年4月",
            "２０２６年４月",
            "2026年 4月",
            "令和8年4月",
            "R8.4",
            "r8/4",
            "202604",
            "2026/4/1",
            "2026-04-30",
            "20260415",
            "令和8年4月1日",
            "2026/04/01 0:00:00",
        ] {
            assert_eq!(Month::parse(typed), Some(m(2026, 4)), "{typed}");
        }
        assert_eq!(Month::parse("令和元年5月"), Some(m(2019, 5)));
        assert_eq!(Month::parse("平成31年4月"), Some(m(2019, 4)));
    }

    #[test]
    fn impossible_and_ambiguous_months_are_refused() {
        for typed in [
            "",
            "2026-13",
            "2026/0",
            "26/4",
            "4月",
            "2026",
            "2026年",
            "46113",
            "1850-04",
            "april",
            "next month",
            "令和0年4月",
        ] {
            assert_eq!(Month::parse(typed), None, "{typed}");
        }
    }

    #[test]
    fn a_stored_month_is_exactly_yyyy_mm() {
        assert_eq!("2026-04".parse::<Month>(), Ok(m(2026, 4)));
        assert!("2026-4".parse::<Month>().is_err());
        assert!("2026/04".parse::<Month>().is_err());
        assert!("2026-13".parse::<Month>().is_err());
        assert_eq!(m(2026, 4).to_string(), "2026-04");
    }

    #[test]
    fn months_count_across_years() {
        assert_eq!(m(2026, 12).plus(1), m(2027, 1));
        assert_eq!(m(2026, 1).plus(-1), m(2025, 12));
        assert_eq!(m(2026, 4).plus(23), m(2028, 3));
    }

    #[test]
    fn headings_without_a_year_name_a_month() {
        assert_eq!(month_without_year("4月"), Some(4));
        assert_eq!(month_without_year("０４月"), Some(4));
        assert_eq!(month_without_year("12月"), Some(12));
        assert_eq!(month_without_year("Apr"), Some(4));
        assert_eq!(month_without_year("April"), Some(4));
        assert_eq!(month_without_year("sep."), Some(9));
        for bad in ["13月", "0月", "月", "2026年4月", "Ap", "4"] {
            assert_eq!(month_without_year(bad), None, "{bad}");
        }
    }
}
