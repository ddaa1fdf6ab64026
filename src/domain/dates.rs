//! Dates as Japanese HR spreadsheets write them: ISO, `2024/4/1`,
//! `2024年4月1日`, Japanese eras (`令和6年4月1日`, `R6.4.1`, `令和元年`),
//! `20240401`, and Excel serial numbers in either epoch.

use jiff::ToSpan;
use jiff::civil::Date;
use unicode_normalization::UnicodeNormalization;

/// The earliest and latest years accepted: anything outside is a typo.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// A Japanese era: its names and the first day of its first year.
struct Era {
    names: &'static [&'static str],
    start: (i16, i8, i8),
    /// The last year number of the era, for eras that have ended.
    last_year: Option<i16>,
}

/// The era table: newest first. Year N of an era is `start.year + N - 1`.
const ERAS: [Era; 5] = [
    Era {
        names: &["令和", "r"],
        start: (2019, 5, 1),
        last_year: None,
    },
    Era {
        names: &["平成", "h"],
        start: (1989, 1, 8),
        last_year: Some(31),
    },
    Era {
        names: &["昭和", "s"],
        start: (1926, 12, 25),
        last_year: Some(64),
    },
    Era {
        names: &["大正", "t"],
        start: (1912, 7, 30),
        last_year: Some(15),
    },
    Era {
        names: &["明治", "m"],
        start: (1868, 1, 25),
        last_year: Some(45),
    },
];

/// One past the serial number of 9999-12-31, Excel's last day.
const MAX_SERIAL: f64 = 2_958_466.0;

/// Which day Excel's serial number 0 stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Epoch {
    /// Windows Excel: serial 1 is 1900-01-01, and 1900-02-29 (serial 60) is
    /// a day that never was.
    E1900,
    /// Old Mac Excel: serial 0 is 1904-01-01.
    E1904,
}

/// Reads a date written as text. Full-width digits are accepted.
pub fn parse(raw: &str) -> Option<Date> {
    let normalized: String = raw.nfkc().collect::<String>().to_lowercase();
    let text = strip_time(normalized.trim());
    if text.is_empty() {
        return None;
    }
    if let Some(date) = parse_era(text) {
        return Some(date);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.len() {
            8 => ymd(
                text[..4].parse().ok()?,
                text[4..6].parse().ok()?,
                text[6..].parse().ok()?,
            ),
            1..=5 => from_serial(text.parse().ok()?, Epoch::E1900),
            _ => None,
        };
    }
    if let Some(serial) = text.strip_suffix(".0").or(text.strip_suffix(".00"))
        && serial.bytes().all(|b| b.is_ascii_digit())
        && (1..=5).contains(&serial.len())
    {
        return from_serial(serial.parse().ok()?, Epoch::E1900);
    }
    let [year, month, day] = three_numbers(text)?;
    if year.len() != 4 {
        return None; // "24/4/1": two-digit years are ambiguous
    }
    ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// A date from an Excel serial number; the fraction (time of day) is dropped.
pub fn from_serial(serial: f64, epoch: Epoch) -> Option<Date> {
    // Beyond serial 2,958,465 (9999-12-31) a span of days would not even
    // fit jiff's calendar; 0, negatives, NaN and infinities are no days.
    if !serial.is_finite() || !(1.0..MAX_SERIAL).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let date = match epoch {
        Epoch::E1900 if days == 60 => return None,
        Epoch::E1900 if days < 60 => Date::new(1899, 12, 31).ok()?.checked_add(days.days()),
        Epoch::E1900 => Date::new(1899, 12, 30).ok()?.checked_add(days.days()),
        Epoch::E1904 => Date::new(1904, 1, 1).ok()?.checked_add(days.days()),
    }
    .ok()?;
    YEARS.contains(&date.year()).then_some(date)
}

/// The date part of `2024/04/01 0:00:00` or `2024-04-01T00:00:00`.
fn strip_time(text: &str) -> &str {
    // The shortest date with a time after it is "2024/4/1 0:00".
    let cut = text.find([' ', 't']).filter(|&at| {
        let rest = text[at + 1..].trim();
        at >= 8
            && !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || ":.z+-".contains(c))
    });
    cut.map_or(text, |at| &text[..at])
}

fn parse_era(text: &str) -> Option<Date> {
    let (index, era, rest) = ERAS.iter().enumerate().find_map(|(index, era)| {
        era.names
            .iter()
            .find_map(|name| text.strip_prefix(name))
            .map(|rest| (index, era, rest.trim_start()))
    })?;
    // "元年" is the first year of an era.
    let rest = rest.replacen('元', "1", 1);
    let [year, month, day] = three_numbers(&rest)?;
    let year: i16 = year.parse().ok()?;
    if year < 1 || era.last_year.is_some_and(|last| year > last) {
        return None;
    }
    let date = ymd(
        era.start.0 + year - 1,
        month.parse().ok()?,
        day.parse().ok()?,
    )?;
    // An era runs from its first day to the day before the next one began:
    // 令和元年4月30日 and 平成31年5月1日 are days that era never had.
    let start = Date::new(era.start.0, era.start.1, era.start.2).ok()?;
    let next = index.checked_sub(1).and_then(|newer| {
        let (y, m, d) = ERAS[newer].start;
        Date::new(y, m, d).ok()
    });
    (date >= start && next.is_none_or(|next| date < next)).then_some(date)
}

/// Whether a date is one a roster can hold (years 1900 to 2100): a date
/// cell outside them is a typo or a serial number out of range.
pub fn plausible(date: Date) -> bool {
    YEARS.contains(&date.year())
}

/// Splits `2024/4/1`, `2024-04-01`, `2024.4.1` or `2024年4月1日` into its
/// three runs of digits; anything else between them refuses the text.
fn three_numbers(text: &str) -> Option<[&str; 3]> {
    let mut parts = text
        .split(['/', '-', '.', '年', '月', '日', ' '])
        .filter(|p| !p.is_empty());
    let numbers = [parts.next()?, parts.next()?, parts.next()?];
    let all_digits = numbers
        .iter()
        .all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    (parts.next().is_none() && all_digits).then_some(numbers)
}

fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    if !YEARS.contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Option<Date> {
        Some(Date::new(y, m, day).unwrap())
    }

    #[test]
    fn iso_and_slashed_dates() {
        assert_eq!(parse("2024-04-01"), d(2024, 4, 1));
        assert_eq!(parse("2024/4/1"), d(2024, 4, 1));
        assert_eq!(parse("2024.4.1"), d(2024, 4, 1));
        assert_eq!(parse("２０２４／４／１"), d(2024, 4, 1));
    }

    #[test]
    fn kanji_dates() {
        assert_eq!(parse("2024年4月1日"), d(2024, 4, 1));
        assert_eq!(parse("2024年04月01日"), d(2024, 4, 1));
    }

    #[test]
    fn era_dates() {
        assert_eq!(parse("令和6年4月1日"), d(2024, 4, 1));
        assert_eq!(parse("令和元年5月1日"), d(2019, 5, 1));
        assert_eq!(parse("R6.4.1"), d(2024, 4, 1));
        assert_eq!(parse("r06/04/01"), d(2024, 4, 1));
        assert_eq!(parse("平成30年3月31日"), d(2018, 3, 31));
        assert_eq!(parse("H31.4.30"), d(2019, 4, 30));
        assert_eq!(parse("平成元年1月8日"), d(1989, 1, 8));
        assert_eq!(parse("昭和64年1月7日"), d(1989, 1, 7));
        assert_eq!(parse("S50.10.10"), d(1975, 10, 10));
    }

    #[test]
    fn era_years_past_the_end_of_the_era_are_refused() {
        assert_eq!(parse("平成32年1月1日"), None);
        assert_eq!(parse("昭和65年1月1日"), None);
        assert_eq!(parse("令和0年1月1日"), None);
    }

    #[test]
    fn era_dates_outside_their_era_are_refused() {
        assert_eq!(parse("令和元年4月30日"), None);
        assert_eq!(parse("昭和64年1月8日"), None);
        assert_eq!(parse("平成31年5月1日"), None);
        assert_eq!(parse("平成元年1月7日"), None);
        assert_eq!(parse("R1.4.30"), None);
        // The last and first days of each are theirs.
        assert_eq!(parse("平成31年4月30日"), d(2019, 4, 30));
        assert_eq!(parse("昭和元年12月25日"), d(1926, 12, 25));
        assert_eq!(parse("昭和元年12月24日"), None);
    }

    #[test]
    fn serials_out_of_range_are_no_dates() {
        for bad in [
            0.0,
            -1.0,
            -45000.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2_958_466.0,
            1e300,
        ] {
            assert_eq!(from_serial(bad, Epoch::E1900), None, "{bad}");
            assert_eq!(from_serial(bad, Epoch::E1904), None, "{bad}");
        }
        assert!(!plausible(Date::new(9999, 12, 31).unwrap()));
        assert!(!plausible(Date::new(1899, 12, 31).unwrap()));
        assert!(plausible(Date::new(2024, 4, 1).unwrap()));
    }

    #[test]
    fn compact_and_serial_dates() {
        assert_eq!(parse("20230331"), d(2023, 3, 31));
        assert_eq!(parse("45382"), d(2024, 3, 31));
        assert_eq!(parse("45382.0"), d(2024, 3, 31));
        assert_eq!(parse("1"), d(1900, 1, 1));
    }

    #[test]
    fn excel_serials_in_both_epochs() {
        assert_eq!(from_serial(45382.0, Epoch::E1900), d(2024, 3, 31));
        assert_eq!(from_serial(45382.75, Epoch::E1900), d(2024, 3, 31));
        assert_eq!(from_serial(59.0, Epoch::E1900), d(1900, 2, 28));
        assert_eq!(from_serial(60.0, Epoch::E1900), None);
        assert_eq!(from_serial(61.0, Epoch::E1900), d(1900, 3, 1));
        assert_eq!(from_serial(0.0, Epoch::E1904), None);
        assert_eq!(from_serial(43920.0, Epoch::E1904), d(2024, 3, 31));
    }

    #[test]
    fn trailing_times_are_dropped() {
        assert_eq!(parse("2024/04/01 0:00:00"), d(2024, 4, 1));
        assert_eq!(parse("2024-04-01T09:30:00"), d(2024, 4, 1));
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        for bad in [
            "2024-13-45",
            "2024-02-30",
            "24/4/1",
            "1850/1/1",
            "2024/4",
            "yesterday",
            "2024/4/1/2",
            "123456",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
