//! The conditions a summary cell counts applications by, written once and
//! used twice: rendered as the COUNTIFS (or array IF) of the cell's formula
//! over the data sheet, and evaluated over the same rows for the result the
//! formula is written with. Building both from one list is what keeps the
//! cached values and a spreadsheet's recalculation equal.

use jiff::civil::Date;

use super::model::{DataRow, Field, fold};

/// One condition on one column of the data sheet.
#[derive(Clone, Debug)]
pub struct Criterion {
    pub field: Field,
    pub test: Test,
}

#[derive(Clone, Debug)]
pub enum Test {
    /// The date is on or after a day, held in the cell or expression `reference`.
    OnOrAfter { day: Date, reference: String },
    /// The date is on or before a day.
    OnOrBefore { day: Date, reference: String },
    /// The text equals this one (case-insensitively, as spreadsheets
    /// compare): the text, and the text folded.
    Is(String, String),
    /// The cell is not empty.
    Filled,
}

/// `field` on a day between two, both ends included.
pub fn between(field: Field, span: &Span) -> [Criterion; 2] {
    [
        Criterion {
            field,
            test: Test::OnOrAfter {
                day: span.from,
                reference: span.from_ref.clone(),
            },
        },
        Criterion {
            field,
            test: Test::OnOrBefore {
                day: span.to,
                reference: span.to_ref.clone(),
            },
        },
    ]
}

pub fn is(field: Field, text: &str) -> Criterion {
    Criterion {
        field,
        test: Test::Is(text.to_string(), fold(text)),
    }
}

pub fn filled(field: Field) -> Criterion {
    Criterion {
        field,
        test: Test::Filled,
    }
}

/// A span of days, with the cells (or expressions) a formula reads them from.
#[derive(Clone, Debug)]
pub struct Span {
    pub from: Date,
    pub to: Date,
    pub from_ref: String,
    pub to_ref: String,
}

impl Criterion {
    pub fn matches(&self, row: &DataRow) -> bool {
        match &self.test {
            Test::OnOrAfter { day, .. } => row.date(self.field).is_some_and(|d| d >= *day),
            Test::OnOrBefore { day, .. } => row.date(self.field).is_some_and(|d| d <= *day),
            Test::Is(_, folded) => row.folded(self.field) == Some(folded.as_str()),
            Test::Filled => row.date(self.field).is_some() || row.text(self.field).is_some(),
        }
    }

    /// The field and folded text of an equality, which rows can be grouped by.
    pub fn folded_text(&self) -> Option<(Field, &str)> {
        match &self.test {
            Test::Is(_, folded) => Some((self.field, folded.as_str())),
            _ => None,
        }
    }

    /// The criterion as a COUNTIFS argument.
    fn countifs_argument(&self) -> String {
        match &self.test {
            Test::OnOrAfter { reference, .. } => format!("\">=\"&{reference}"),
            Test::OnOrBefore { reference, .. } => format!("\"<=\"&{reference}"),
            // "=" makes the criterion an equality whatever the text begins
            // with, and ~ keeps * and ? from being wildcards.
            Test::Is(text, _) => {
                let escaped: String = text
                    .chars()
                    .flat_map(|c| match c {
                        '*' | '?' | '~' => vec!['~', c],
                        '"' => vec!['"', '"'],
                        c => vec![c],
                    })
                    .collect();
                format!("\"={escaped}\"")
            }
            Test::Filled => "\"<>\"".to_string(),
        }
    }

    /// The criterion as a condition over a range, for an array formula.
    fn array_condition(&self, range: &str) -> String {
        match &self.test {
            Test::OnOrAfter { reference, .. } => format!("({range}>={reference})"),
            Test::OnOrBefore { reference, .. } => format!("({range}<={reference})"),
            Test::Is(text, _) => format!("({range}={})", quoted(text)),
            Test::Filled => format!("({range}<>\"\")"),
        }
    }
}

/// A text as a formula's string literal.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Where the data sheet's columns are, as absolute ranges.
pub trait Ranges {
    fn range(&self, field: Field) -> String;
}

/// `COUNTIFS(...)` over the criteria, and how many of `rows` meet them all.
pub fn count<'a>(
    ranges: &impl Ranges,
    rows: impl Iterator<Item = &'a DataRow>,
    criteria: &[Criterion],
) -> (String, u64) {
    let value = rows
        .filter(|row| criteria.iter().all(|c| c.matches(row)))
        .count() as u64;
    (countifs(ranges, criteria), value)
}

/// The `COUNTIFS(...)` of the criteria.
pub fn countifs(ranges: &impl Ranges, criteria: &[Criterion]) -> String {
    let arguments: Vec<String> = criteria
        .iter()
        .map(|c| format!("{},{}", ranges.range(c.field), c.countifs_argument()))
        .collect();
    format!("COUNTIFS({})", arguments.join(","))
}

/// Criteria that bound one date field, with the others beside them: the
/// shape of nearly every count of the workbook (a stage reached in a month,
/// or opened in it, of a channel or department). The rows the others
/// select can be sorted by that date once, and each count is then two
/// binary searches instead of a pass over the period's applications.
pub struct DateRange<'a> {
    pub field: Field,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The criteria that are not bounds of `field`.
    pub others: Vec<&'a Criterion>,
}

impl<'a> DateRange<'a> {
    /// The split of `criteria`, when all their bounds are on one field.
    pub fn of(criteria: &'a [Criterion]) -> Option<DateRange<'a>> {
        let mut range: Option<DateRange> = None;
        let mut others = Vec::new();
        for c in criteria {
            let (from, to) = match &c.test {
                Test::OnOrAfter { day, .. } => (Some(*day), None),
                Test::OnOrBefore { day, .. } => (None, Some(*day)),
                Test::Is(..) | Test::Filled => {
                    others.push(c);
                    continue;
                }
            };
            let r = range.get_or_insert(DateRange {
                field: c.field,
                from: None,
                to: None,
                others: Vec::new(),
            });
            if r.field != c.field {
                return None;
            }
            // Two bounds on one side: the tighter one holds.
            r.from = r.from.max(from);
            r.to = match (r.to, to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let mut range = range?;
        range.others = others;
        Some(range)
    }

    /// What tells apart the rows the other criteria select, for a cache.
    pub fn key(&self) -> String {
        let others: Vec<String> = self
            .others
            .iter()
            .map(|c| format!("{:?}={:?}", c.field, c.test))
            .collect();
        format!("{:?}|{}", self.field, others.join("|"))
    }

    /// The days of `field` of the rows the other criteria select, sorted.
    pub fn days<'r>(&self, rows: impl Iterator<Item = &'r DataRow>) -> Vec<Date> {
        let mut days: Vec<Date> = rows
            .filter(|row| self.others.iter().all(|c| c.matches(row)))
            .filter_map(|row| row.date(self.field))
            .collect();
        days.sort_unstable();
        days
    }

    /// How many of the sorted `days` fall within the bounds.
    pub fn count_in(&self, days: &[Date]) -> u64 {
        let start = self
            .from
            .map_or(0, |from| days.partition_point(|d| *d < from));
        let end = self
            .to
            .map_or(days.len(), |to| days.partition_point(|d| *d <= to));
        end.saturating_sub(start) as u64
    }
}

/// `SUMIFS(...)` of the applications' costs over the criteria, and the
/// sum of the costs of the `rows` that meet them all.
pub fn sum_costs<'a>(
    ranges: &impl Ranges,
    rows: impl Iterator<Item = &'a DataRow>,
    criteria: &[Criterion],
) -> (String, i64) {
    let mut arguments = vec![ranges.range(Field::Cost)];
    arguments.extend(
        criteria
            .iter()
            .map(|c| format!("{},{}", ranges.range(c.field), c.countifs_argument())),
    );
    let value = rows
        .filter(|row| criteria.iter().all(|c| c.matches(row)))
        .map(|row| row.cost)
        .sum();
    (format!("SUMIFS({})", arguments.join(",")), value)
}

/// The product of the criteria as array conditions: 1 where a row meets
/// them all.
pub fn array_conditions(ranges: &impl Ranges, criteria: &[Criterion]) -> String {
    criteria
        .iter()
        .map(|c| c.array_condition(&ranges.range(c.field)))
        .collect::<Vec<_>>()
        .join("*")
}

/// The rows meeting every criterion.
pub fn matching<'a>(
    rows: &'a [DataRow],
    criteria: &'a [Criterion],
) -> impl Iterator<Item = &'a DataRow> + 'a {
    rows.iter()
        .filter(move |row| criteria.iter().all(|c| c.matches(row)))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Columns;
    impl Ranges for Columns {
        fn range(&self, field: Field) -> String {
            match field {
                Field::Department => "D!$E$2:$E$9".into(),
                _ => "D!$H$2:$H$9".into(),
            }
        }
    }

    #[test]
    fn equality_criteria_escape_wildcards_and_quotes() {
        let c = is(Field::Department, "R&D *\"A\"?");
        assert_eq!(c.countifs_argument(), "\"=R&D ~*\"\"A\"\"~?\"");
        let (formula, _) = count(&Columns, [].iter(), &[c]);
        assert_eq!(formula, "COUNTIFS(D!$E$2:$E$9,\"=R&D ~*\"\"A\"\"~?\")");
    }

    #[test]
    fn texts_match_without_case_as_spreadsheets_do() {
        let c = is(Field::Department, "Sales");
        assert!(matches!(&c.test, Test::Is(_, folded) if folded == "sales"));
        assert_eq!(fold("ＡＢＣ営業部"), "ａｂｃ営業部");
    }

    /// Counting by sorted days gives what a pass over the rows gives, for
    /// every shape of criteria the sheets use and some they do not.
    #[test]
    fn a_date_range_counts_what_a_pass_over_the_rows_counts() {
        let mut rng = fastrand::Rng::with_seed(13);
        let start = jiff::civil::date(2026, 4, 1);
        let day = |rng: &mut fastrand::Rng| {
            start
                .checked_add(jiff::Span::new().days(rng.i64(0..400)))
                .unwrap()
        };
        let rows: Vec<DataRow> = (0..500)
            .map(|_| {
                let reached = (0..3).map(|_| rng.bool().then(|| day(&mut rng))).collect();
                let department = ["Sales", "sales", "R&D"][rng.usize(0..3)];
                let opened = day(&mut rng);
                DataRow::for_test(rng.bool().then_some(department), "event", opened, reached)
            })
            .collect();
        let span = |from: Date, days: i64| Span {
            from,
            to: from.checked_add(jiff::Span::new().days(days)).unwrap(),
            from_ref: "$A$1".into(),
            to_ref: "$A$2".into(),
        };
        let mut shapes = 0;
        for _ in 0..200 {
            let s = span(day(&mut rng), rng.i64(0..120));
            let mut criteria = between(Field::Reached(rng.usize(0..3)), &s).to_vec();
            match rng.u8(0..4) {
                0 => criteria = between(Field::Opened, &s).to_vec(),
                1 => criteria.push(is(Field::Department, "SALES")),
                2 => criteria.push(filled(Field::Reached(2))),
                _ => criteria.truncate(1),
            }
            let range = DateRange::of(&criteria).expect("bounds on one field");
            let days = range.days(rows.iter());
            let (_, scanned) = count(&Columns, rows.iter(), &criteria);
            assert_eq!(range.count_in(&days), scanned, "{criteria:?}");
            shapes += usize::from(scanned > 0);
        }
        assert!(shapes > 50, "most spans count some rows: {shapes}");
        // Bounds on two fields are not one range.
        let s = span(start, 30);
        let mut two = between(Field::Opened, &s).to_vec();
        two.extend(between(Field::Reached(0), &s));
        assert!(DateRange::of(&two).is_none());
    }

    #[test]
    fn array_conditions_multiply() {
        let span = Span {
            from: jiff::civil::date(2026, 4, 1),
            to: jiff::civil::date(2026, 4, 30),
            from_ref: "$B$1".into(),
            to_ref: "EOMONTH($B$1,0)".into(),
        };
        let criteria = between(Field::Opened, &span);
        assert_eq!(
            array_conditions(&Columns, &criteria),
            "(D!$H$2:$H$9>=$B$1)*(D!$H$2:$H$9<=EOMONTH($B$1,0))"
        );
    }
}
