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
    let arguments: Vec<String> = criteria
        .iter()
        .map(|c| format!("{},{}", ranges.range(c.field), c.countifs_argument()))
        .collect();
    let value = rows
        .filter(|row| criteria.iter().all(|c| c.matches(row)))
        .count() as u64;
    (format!("COUNTIFS({})", arguments.join(",")), value)
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
