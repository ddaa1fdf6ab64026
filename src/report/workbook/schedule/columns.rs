//! The schedule's time columns: the weeks of the fiscal quarter that holds
//! the day the workbook is made on, and the months of the rest of the
//! period. Each column knows its first and last day, so that one rule ("a
//! bar covers the columns its span overlaps") draws bars across both.

use jiff::civil::{Date, Weekday};

use crate::domain::Period;
use crate::domain::fiscal::Month;
use crate::domain::period::{first_day, last_day};

/// One column of the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub first: Date,
    pub last: Date,
    /// A week of the current quarter, rather than a month.
    pub week: bool,
}

impl Column {
    /// Whether the column shares a day with `from..=to`.
    pub fn overlaps(&self, from: Date, to: Date) -> bool {
        self.first <= to && self.last >= from
    }

    pub fn holds(&self, day: Date) -> bool {
        self.first <= day && day <= self.last
    }
}

/// The columns of `period` seen on `today`: weeks (Monday to Sunday, cut at
/// the quarter's ends) for the quarter of `today`, months for the others.
/// Before the period begins its first quarter is shown by weeks, the one
/// about to start; once it is over, every month is a month.
pub fn columns(period: Period, today: Date) -> Vec<Column> {
    let quarter = weekly_quarter(period, today);
    let mut columns = Vec::new();
    let mut month = Month::of_date(period.from);
    while let (Some(start), Some(end)) = (first_day(month), last_day(month)) {
        if start > period.to {
            break;
        }
        let first = start.max(period.from);
        let last = end.min(period.to);
        match quarter {
            Some((from, to)) if from <= first && last <= to => {
                if first == from {
                    columns.extend(weeks(from, to));
                }
            }
            _ => columns.push(Column {
                first,
                last,
                week: false,
            }),
        }
        month = month.plus(1);
    }
    columns
}

/// The first and last day of the fiscal quarter shown by weeks. Quarters
/// count from the period's first month.
fn weekly_quarter(period: Period, today: Date) -> Option<(Date, Date)> {
    if today > period.to {
        return None;
    }
    let first = Month::of_date(period.from);
    let now = Month::of_date(today.max(period.from));
    let months =
        (now.year() - first.year()) * 12 + i32::from(now.number()) - i32::from(first.number());
    let start = first.plus(months / 3 * 3);
    let from = first_day(start)?.max(period.from);
    let to = last_day(start.plus(2))?.min(period.to);
    Some((from, to))
}

/// The weeks of a quarter, Monday to Sunday, the first and last cut at the
/// quarter's ends so that no week column holds a day of a month column.
fn weeks(from: Date, to: Date) -> Vec<Column> {
    let mut weeks = Vec::new();
    let mut first = from;
    while first <= to {
        let mut last = first;
        while last < to && last.weekday() != Weekday::Sunday {
            last = last.tomorrow().unwrap_or(to);
        }
        weeks.push(Column {
            first,
            last,
            week: true,
        });
        match last.tomorrow() {
            Ok(next) => first = next,
            Err(_) => break,
        }
    }
    weeks
}

/// The week column holding `today`; none when it is outside the period
/// (the months are not marked: a month is not "this week").
pub fn current_week(columns: &[Column], today: Date) -> Option<usize> {
    columns.iter().position(|c| c.week && c.holds(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fy2026() -> Period {
        Period {
            from: date(2026, 4, 1),
            to: date(2027, 3, 31),
        }
    }

    #[test]
    fn the_quarter_of_today_is_in_weeks_and_the_rest_in_months() {
        let columns = columns(fy2026(), date(2026, 10, 15));
        let months: Vec<Date> = columns
            .iter()
            .filter(|c| !c.week)
            .map(|c| c.first)
            .collect();
        assert_eq!(months.len(), 9);
        assert_eq!(months[0], date(2026, 4, 1));
        assert_eq!(months[5], date(2026, 9, 1));
        assert_eq!(months[6], date(2027, 1, 1));
        let weeks: Vec<&Column> = columns.iter().filter(|c| c.week).collect();
        assert_eq!(weeks.first().unwrap().first, date(2026, 10, 1));
        assert_eq!(weeks.first().unwrap().last, date(2026, 10, 4));
        assert_eq!(weeks.last().unwrap().last, date(2026, 12, 31));
        // Every day of the year is in exactly one column, in order.
        let mut day = date(2026, 4, 1);
        for column in &columns {
            assert_eq!(column.first, day);
            assert!(column.last >= column.first);
            day = column.last.tomorrow().unwrap();
        }
        assert_eq!(day, date(2027, 4, 1));
        let now = current_week(&columns, date(2026, 10, 15)).unwrap();
        assert_eq!(columns[now].first, date(2026, 10, 12));
        assert_eq!(columns[now].last, date(2026, 10, 18));
    }

    #[test]
    fn weeks_run_monday_to_sunday_across_months_and_stop_at_the_quarter() {
        let weeks = weeks(date(2026, 10, 1), date(2026, 12, 31));
        assert_eq!(weeks.len(), 14);
        assert_eq!(weeks[0].first, date(2026, 10, 1));
        assert_eq!(weeks[0].last, date(2026, 10, 4));
        assert_eq!(weeks[4].first, date(2026, 10, 26));
        assert_eq!(weeks[4].last, date(2026, 11, 1));
        assert_eq!(weeks[13].first, date(2026, 12, 28));
        assert_eq!(weeks[13].last, date(2026, 12, 31));
    }

    #[test]
    fn before_the_period_its_first_quarter_is_in_weeks_and_after_it_none() {
        let early = columns(fy2026(), date(2026, 3, 20));
        assert!(early.iter().take_while(|c| c.week).count() > 12);
        assert_eq!(early.iter().filter(|c| !c.week).count(), 9);
        assert_eq!(current_week(&early, date(2026, 3, 20)), None);
        let late = columns(fy2026(), date(2027, 5, 1));
        assert_eq!(late.len(), 12);
        assert!(late.iter().all(|c| !c.week));
        assert_eq!(current_week(&late, date(2027, 5, 1)), None);
    }

    #[test]
    fn the_last_quarter_holds_the_periods_last_day() {
        let columns = columns(fy2026(), date(2027, 3, 31));
        let now = current_week(&columns, date(2027, 3, 31)).unwrap();
        assert_eq!(columns[now].last, date(2027, 3, 31));
        assert_eq!(columns.iter().filter(|c| !c.week).count(), 9);
    }
}
