//! The period of a report as days: a fiscal year (`--fy 2026`) or a range
//! of months (`--from 2026-04 --to 2027-03`), built on `super::fiscal`.

use jiff::civil::Date;

use super::fiscal::{self, Month};

/// A closed range of days, inclusive at both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    /// The months the period starts and ends in.
    pub fn months(&self) -> (Month, Month) {
        (Month::of_date(self.from), Month::of_date(self.to))
    }
}

/// The first day of a month.
pub fn first_day(month: Month) -> Option<Date> {
    Date::new(i16::try_from(month.year()).ok()?, month.number() as i8, 1).ok()
}

/// The last day of a month.
pub fn last_day(month: Month) -> Option<Date> {
    first_day(month).map(|d| d.last_of_month())
}

/// Fiscal year `year` as days: 2026 with an April start is 2026-04-01 to
/// 2027-03-31.
pub fn fiscal_year(year: i32, start: u8) -> Option<Period> {
    let (first, last) = fiscal::fiscal_year_range(year, start);
    Some(Period {
        from: first_day(first)?,
        to: last_day(last)?,
    })
}

/// The fiscal year a day falls in, as days.
pub fn fiscal_year_around(day: Date, start: u8) -> Option<Period> {
    fiscal_year(fiscal::fiscal_year_of(Month::of_date(day), start), start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn fiscal_years_as_days() {
        let fy = fiscal_year(2026, 4).unwrap();
        assert_eq!((fy.from, fy.to), (date(2026, 4, 1), date(2027, 3, 31)));
        let calendar = fiscal_year(2026, 1).unwrap();
        assert_eq!(
            (calendar.from, calendar.to),
            (date(2026, 1, 1), date(2026, 12, 31))
        );
        assert_eq!(fiscal_year_around(date(2027, 3, 31), 4), Some(fy));
    }

    #[test]
    fn month_ends_include_leap_days() {
        assert_eq!(
            last_day(Month::new(2028, 2).unwrap()),
            Some(date(2028, 2, 29))
        );
        assert_eq!(
            last_day(Month::new(2027, 2).unwrap()),
            Some(date(2027, 2, 28))
        );
    }
}
