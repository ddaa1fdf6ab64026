//! The recruiting-KPI workbook (README, "The KPI workbook"): nine
//! sheets in Japanese or English, whose summary cells are COUNTIFS / SUMIFS
//! / IFERROR formulas over the data sheet, each written with the value it
//! computes so that readers that do not recalculate show the same numbers.
//! Inputs (targets, assumed pass rates, spend, purpose) are filled cells a
//! user may change; everything that depends on them follows.
//!
//! `model` reads what the sheets are written from, `criteria` builds each
//! counting formula together with its value, `cells` wraps a worksheet with
//! the formats and column widths, and one module per sheet lays it out.

mod alumni;
mod cells;
mod channels;
mod charts;
mod criteria;
mod data;
mod definitions;
mod departments;
mod funnel;
pub mod model;
mod monthly;
mod plan;
mod print;
mod reach;
mod schedule;
mod totals;

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use anyhow::Result;
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::db::Tx;
use crate::domain::{Counting, Engagement, Lang, Period};
use cells::Styles;
use criteria::{Criterion, DateRange, Ranges, Span};
use model::{Field, Model};

/// How a workbook is written.
#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Names replaced by pseudonyms on the data sheet.
    pub pseudonymize: bool,
    /// The day the workbook is made on: months after its month are the
    /// future, blank, and the schedule marks its week.
    pub today: jiff::civil::Date,
    /// Whether a campaign's sends made its recipients engaged.
    pub engagement: Engagement,
}

/// What was written, for the command's message.
pub struct Written {
    pub applications: usize,
}

/// Writes the workbook of `period` to `out`.
pub fn write(
    conn: &Tx<'_>,
    period: Period,
    counting: Counting,
    options: &Options,
    out: impl Write + Send,
) -> Result<Written> {
    let model = Model::load(conn, period, counting, options)?;
    let mut workbook = Workbook::new();
    // Fast compression: the data sheet of a year can hold a hundred
    // thousand rows, and level 6 spends more time than it saves bytes.
    workbook.set_zip_compression_level(1);
    // The data sheet, a roster-sized table, is written in constant-memory
    // mode on this thread while a second one lays out the summary sheets
    // (both only read the model); then the sheets are put in the order
    // of the sheet names.
    workbook.add_worksheet_with_constant_memory()?;
    let summary = std::thread::scope(|scope| {
        let summary = scope.spawn(|| summary_sheets(&model));
        data::write(
            &Book::new(&model),
            workbook.worksheet_from_index(0)?,
            &Styles::new(),
        )?;
        summary
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;
    let sheets = workbook.worksheets_mut();
    let data = sheets.remove(0);
    let mut summary = summary.into_iter();
    sheets.extend(summary.by_ref().take(DATA));
    sheets.push(data);
    sheets.extend(summary);
    workbook.save_to_writer(out)?;
    Ok(Written {
        applications: model.rows.len(),
    })
}

/// Every sheet but the data sheet, in order.
fn summary_sheets(model: &Model) -> Result<Vec<Worksheet>> {
    let book = Book::new(model);
    let styles = Styles::new();
    let mut sheets: [Worksheet; 8] = std::array::from_fn(|_| Worksheet::new());
    let [p, f, s, m, c, d, a, defs] = &mut sheets;
    plan::write(&book, p, &styles)?;
    funnel::write(&book, f, &styles)?;
    schedule::write(&book, s, &styles)?;
    monthly::write(&book, m, &styles)?;
    channels::write(&book, c, &styles)?;
    departments::write(&book, d, &styles)?;
    alumni::write(&book, a, &styles)?;
    definitions::write(&book, defs, &styles)?;
    Ok(Vec::from(sheets))
}

/// The names of the sheets, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Ja => [
            "採用計画",
            "逆算",
            "採用スケジュール",
            "KPI管理",
            "チャネル別",
            "部署別",
            "アルムナイ指標",
            "データ",
            "定義",
        ],
        Lang::En => [
            "Plan",
            "Back-calculation",
            "Schedule",
            "Monthly KPI",
            "By channel",
            "By department",
            "Alumni metrics",
            "Data",
            "Definitions",
        ],
    }
}

/// Sheet indexes, by their place in `sheet_names`.
pub const PLAN: usize = 0;
pub const FUNNEL: usize = 1;
pub const SCHEDULE: usize = 2;
pub const MONTHLY: usize = 3;
pub const CHANNELS: usize = 4;
pub const DEPARTMENTS: usize = 5;
pub const ALUMNI: usize = 6;
pub const DATA: usize = 7;
pub const DEFINITIONS: usize = 8;

/// The model with what every sheet needs to refer to another: sheet names,
/// the data sheet's columns, the period's cells.
pub struct Book<'a> {
    pub model: &'a Model,
    pub names: [&'static str; 9],
    /// The rows of each value of a text field, made when first asked for:
    /// a count with a condition on a department, channel or job title reads
    /// only those rows, not the year's applications every time.
    groups: RefCell<HashMap<Field, Rc<Groups>>>,
    /// The sorted days of the rows of each `DateRange` key, made when first
    /// asked for: the many counts of a month grid share them.
    days: RefCell<HashMap<String, Rc<Vec<jiff::civil::Date>>>>,
}

type Groups = HashMap<String, Vec<usize>>;

/// The columns of the data sheet before the stage dates.
pub const DATA_COLUMNS: usize = 13;

impl<'a> Book<'a> {
    fn new(model: &'a Model) -> Book<'a> {
        Book {
            model,
            names: sheet_names(model.lang),
            groups: RefCell::default(),
            days: RefCell::default(),
        }
    }

    /// A sheet's name as a formula reference prefix: `'データ'!`.
    pub fn sheet(&self, index: usize) -> String {
        format!("'{}'!", self.names[index])
    }

    /// The data sheet's column of a field (0-based).
    pub fn column(&self, field: Field) -> u16 {
        match field {
            Field::Kind => 1,
            Field::Department => 4,
            Field::Position => 5,
            Field::Channel => 6,
            Field::Opened => 7,
            Field::Outcome => 9,
            Field::Left => 11,
            Field::Cost => 12,
            Field::Reached(i) => (DATA_COLUMNS + i) as u16,
        }
    }

    /// The last row of the data sheet (1-based), at least the first below
    /// the header, so that ranges are never empty.
    pub fn last_data_row(&self) -> usize {
        self.model.rows.len().max(1) + 1
    }

    /// The whole period, read from the plan sheet's period cells.
    pub fn period_span(&self) -> Span {
        let plan = self.sheet(PLAN);
        Span {
            from: self.model.period.from,
            to: self.model.period.to,
            from_ref: format!("{plan}$C$4"),
            to_ref: format!("{plan}$C$5"),
        }
    }

    /// The criteria for "counts for stage `stage` in `span`", by the
    /// report's counting: reached in the span (activity), or opened in it
    /// and reached at any time (cohort).
    pub fn counts_for(&self, stage: usize, span: &Span) -> Vec<Criterion> {
        match self.model.counting {
            Counting::Activity => criteria::between(Field::Reached(stage), span).to_vec(),
            Counting::Cohort => {
                let mut c = criteria::between(Field::Opened, span).to_vec();
                c.push(criteria::filled(Field::Reached(stage)));
                c
            }
        }
    }

    /// COUNTIFS over the data sheet, with its value.
    pub fn count(&self, criteria: &[Criterion]) -> (String, u64) {
        if let Some(range) = DateRange::of(criteria) {
            let days = self.days(&range, criteria);
            return (criteria::countifs(self, criteria), range.count_in(&days));
        }
        let rows = &self.model.rows;
        let Some((field, folded)) = criteria.iter().find_map(Criterion::folded_text) else {
            return criteria::count(self, rows.iter(), criteria);
        };
        let groups = self.groups(field);
        let subset = groups.get(folded).map(Vec::as_slice).unwrap_or_default();
        criteria::count(self, subset.iter().map(|&i| &rows[i]), criteria)
    }

    /// The sorted days of `range`, read from the rows of the group an
    /// equality of `criteria` names, or from every row.
    fn days(&self, range: &DateRange, criteria: &[Criterion]) -> Rc<Vec<jiff::civil::Date>> {
        let key = range.key();
        if let Some(days) = self.days.borrow().get(&key) {
            return Rc::clone(days);
        }
        let rows = &self.model.rows;
        let days = Rc::new(match criteria.iter().find_map(Criterion::folded_text) {
            Some((field, folded)) => {
                let groups = self.groups(field);
                let subset = groups.get(folded).map(Vec::as_slice).unwrap_or_default();
                range.days(subset.iter().map(|&i| &rows[i]))
            }
            None => range.days(rows.iter()),
        });
        self.days.borrow_mut().insert(key, Rc::clone(&days));
        days
    }

    fn groups(&self, field: Field) -> Rc<Groups> {
        let mut cache = self.groups.borrow_mut();
        let groups = cache.entry(field).or_insert_with(|| {
            let mut groups = Groups::new();
            for (i, row) in self.model.rows.iter().enumerate() {
                if let Some(text) = row.folded(field) {
                    groups.entry(text.to_string()).or_default().push(i);
                }
            }
            Rc::new(groups)
        });
        Rc::clone(groups)
    }
}

impl Ranges for Book<'_> {
    fn range(&self, field: Field) -> String {
        let column = cells::column_name(self.column(field));
        format!(
            "{}${column}$2:${column}${}",
            self.sheet(DATA),
            self.last_data_row()
        )
    }
}

/// `part / whole` as a spreadsheet divides: nothing when the whole is 0.
pub fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part / whole)
}
