//! Totals and the months after the report's day, written one way on every
//! sheet. A total is the SUM of exactly the cells it totals, blank when they
//! are all blank; a month that starts after the day on 採用計画's 基準日 cell
//! (`--as-of`, an input) shows blank actuals, so a user who changes that day
//! sees the months follow, and totals add the months shown.

use jiff::civil::Date;

use super::cells::{Value, relative};
use super::{Book, PLAN, plan};

/// `IF(COUNT(range)=0,"",SUM(range))` over the cells from one to the other.
pub fn sum(from: (usize, u16), to: (usize, u16)) -> String {
    let range = format!("{}:{}", relative(from.0, from.1), relative(to.0, to.1));
    format!("IF(COUNT({range})=0,\"\",SUM({range}))")
}

/// The value of `sum` over these values: blank when none is a number.
pub fn sum_value(values: impl IntoIterator<Item = Option<u64>>) -> Value {
    values
        .into_iter()
        .flatten()
        .reduce(|a, b| a + b)
        .map_or(Value::Blank, Value::count)
}

/// The as-of cell of the plan sheet, as other sheets' formulas read it.
pub fn as_of(book: &Book) -> String {
    format!("{}{}", book.sheet(PLAN), plan::AS_OF_CELL)
}

/// Whether the month starting on `month` is after the report's day.
pub fn future(book: &Book, month: Date) -> bool {
    month > book.model.today
}

/// `formula`, blank for a month (its first day in `month_ref`) after the
/// report's day.
pub fn shown(book: &Book, month_ref: &str, formula: &str) -> String {
    format!("IF({month_ref}>{},\"\",{formula})", as_of(book))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_of_blanks_is_blank() {
        assert_eq!(sum((4, 2), (6, 2)), "IF(COUNT(C5:C7)=0,\"\",SUM(C5:C7))");
        assert_eq!(sum_value([None, None]), Value::Blank);
        assert_eq!(sum_value([Some(1), None, Some(2)]), Value::Number(3.0));
        assert_eq!(sum_value([Some(0)]), Value::Number(0.0));
    }
}
