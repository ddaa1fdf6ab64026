//! Months and fiscal years as the KPI report takes them: `--from 2026-04`,
//! `--to 2027-03`, `--fy 2026` (fiscal years start in April unless the
//! `fiscal-year-start` setting says otherwise).

use jiff::ToSpan;
use jiff::civil::Date;

use super::Period;

/// Reads a month: `2026-04`, `2026/4`, `2026年4月`, `令和8年4月`.
pub fn parse_month(raw: &str) -> Option<(i16, i8)> {
    // A month is the first of the month written without its day.
    let text = raw.trim().trim_end_matches('月');
    let date = crate::ingest::dates::parse(&format!("{text}/1"))
        .or_else(|| crate::ingest::dates::parse(&format!("{text}月1日")))?;
    Some((date.year(), date.month()))
}

/// The first day of a month.
pub fn first_day((year, month): (i16, i8)) -> Option<Date> {
    Date::new(year, month, 1).ok()
}

/// The last day of a month.
pub fn last_day(month: (i16, i8)) -> Option<Date> {
    first_day(month).map(|d| d.last_of_month())
}

/// Fiscal year `year`: from the first of month `start` of that year to the
/// day before the same day a year later (2026 with an April start is
/// 2026-04-01 to 2027-03-31).
pub fn fiscal_year(year: i16, start: i8) -> Option<Period> {
    let from = Date::new(year, start, 1).ok()?;
    let to = from.checked_add(1.year()).ok()?.yesterday().ok()?;
    Some(Period { from, to })
}

/// The fiscal year a day falls in.
pub fn fiscal_year_of(day: Date, start: i8) -> i16 {
    if day.month() >= start {
        day.year()
    } else {
        day.year() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_in_the_forms_people_type() {
        assert_eq!(parse_month("2026-04"), Some((2026, 4)));
        assert_eq!(parse_month("2026/4"), Some((2026, 4)));
        assert_eq!(parse_month("2026年4月"), Some((2026, 4)));
        assert_eq!(parse_month("令和8年4月"), Some((2026, 4)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("April"), None);
    }

    #[test]
    fn fiscal_years_start_in_the_configured_month() {
        let fy = fiscal_year(2026, 4).unwrap();
        assert_eq!((fy.from, fy.to), (date(2026, 4, 1), date(2027, 3, 31)));
        let calendar = fiscal_year(2026, 1).unwrap();
        assert_eq!(
            (calendar.from, calendar.to),
            (date(2026, 1, 1), date(2026, 12, 31))
        );
        assert_eq!(fiscal_year_of(date(2027, 3, 31), 4), 2026);
        assert_eq!(fiscal_year_of(date(2027, 4, 1), 4), 2027);
        assert_eq!(fiscal_year_of(date(2027, 1, 1), 1), 2027);
    }

    #[test]
    fn month_ends_include_leap_days() {
        assert_eq!(last_day((2028, 2)), Some(date(2028, 2, 29)));
        assert_eq!(last_day((2027, 2)), Some(date(2027, 2, 28)));
    }
}
