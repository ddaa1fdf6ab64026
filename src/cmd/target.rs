//! `alumni target set|import|list`: the KPI goals per month and stage,
//! optionally per department and kind, that the KPI report measures
//! actuals against. Also the reading of months and fiscal years that
//! `spend` shares. The other KPI inputs (`rate`, `rates`, `hires`) are in
//! `inputs`.

mod inputs;

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use super::{Context, hand, listing};
use crate::cli::targets::{MonthListArgs, TargetCommand, TargetImportArgs, TargetSetArgs};
use crate::db::pipeline::stages;
use crate::db::targets::{self, TargetKey};
use crate::db::{Audit, Change, Db, Tx, kpi_inputs, settings};
use crate::domain::Kind;
use crate::domain::fiscal::{self, Month};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};
use crate::import::target_grid;
use crate::ingest::{ReadOptions, encoding};

/// Targets as a listing; the column names are also its JSON keys.
static TARGETS: Listing = Listing::fixed(
    "Targets",
    "targets",
    &[
        Column::shown("month"),
        Column::shown("stage"),
        Column::shown("stage_label"),
        Column::shown("department"),
        Column::shown("kind"),
        Column::shown("count"),
    ],
);

/// How `target list` labels the row of a month's all hires.
const ALL_HIRES_EN: &str = "All hires";
const ALL_HIRES_JA: &str = "全採用数";

pub fn run(context: &Context, command: TargetCommand) -> Result<()> {
    match command {
        TargetCommand::Set(args) => set(context, &args),
        TargetCommand::Import(args) => import(context, args),
        TargetCommand::List(args) => list(context, &args),
        TargetCommand::Rate(args) => inputs::rate(context, &args),
        TargetCommand::Rates { output } => inputs::rates(context, &output),
        TargetCommand::Hires(args) => inputs::hires(context, &args),
    }
}

fn set(context: &Context, args: &TargetSetArgs) -> Result<()> {
    let month = month("MONTH", &args.month)?;
    let count = target_grid::parse_count(&args.count).ok_or_else(|| {
        Failure::BadData(format!(
            "COUNT {:?} is not a count: give a whole number, 0 or more",
            args.count
        ))
    })?;
    let department = department(args.department.as_deref())?;
    let set = context.write("target set", |tx| {
        let all = stages::all(tx)?;
        let stage = stages::find(&all, &args.stage).context("--stage")?;
        let key = TargetKey {
            month,
            stage: stage.key.clone(),
            department,
            kind: args.kind,
        };
        let before = targets::set_target(tx, &key, count)?;
        let what = describe(&key);
        if before == Some(count) {
            context
                .term
                .say(&format!("the target of {what} is already {count}"));
            return Ok(Change::discarded(None));
        }
        let was = before.map_or("(none)".to_string(), |n| n.to_string());
        let audit = Audit::new(None, format!("{what}: {was} -> {count}"));
        Ok(Change::audited(Some((what, before)), audit))
    })?;
    let Some((what, before)) = set else {
        return Ok(());
    };
    let was = before.map(|n| format!(" (was {n})")).unwrap_or_default();
    context
        .term
        .say(&format!("target of {what} set to {count}{was}"));
    Ok(())
}

fn import(context: &Context, args: TargetImportArgs) -> Result<()> {
    let encoding = match &args.encoding {
        Some(name) => Some(encoding::by_name(name).ok_or_else(|| {
            Failure::Usage(format!(
                "unknown --encoding {name:?}; try utf-8, cp932 (Shift_JIS) or euc-jp"
            ))
        })?),
        None => None,
    };
    let department = department(args.department.as_deref())?;
    let kind = args.kind;
    let mut db = context.db()?;
    let start = settings::fiscal_year_start(&db)?;
    if let Some(year) = args.fy {
        check_year("--fy", year, start)?;
    }
    let options = ReadOptions {
        sheets: args.sheet.into_iter().collect(),
        encoding,
    };
    let file = args.file.display().to_string();
    // The write lock is taken before the stages are read, so that the
    // grid is checked against the stages it is written with.
    let (grid, span, (set, new, changed, unchanged), hires) = db.write("target import", |tx| {
        let all = stages::all(tx)?;
        let grid = target_grid::read(&args.file, &options, &all, args.fy, start)?;
        if let Some(row) = grid.all_hires_row
            && (!department.is_empty() || kind.is_some())
        {
            return Err(Failure::BadData(format!(
                "{file}:{row}: the all hires are the whole company's, not one department's or kind's; \
                 import them without --department and --kind; nothing was written"
            ))
            .into());
        }
        let (mut new, mut changed, mut unchanged) = (0, 0, 0);
        for target in &grid.targets {
            let key = TargetKey {
                month: target.month,
                stage: target.stage.clone(),
                department: department.clone(),
                kind,
            };
            match targets::target(tx, &key)? {
                Some(count) if count == target.count => unchanged += 1,
                before => {
                    targets::set_target(tx, &key, target.count)?;
                    if before.is_some() {
                        changed += 1;
                    } else {
                        new += 1;
                    }
                }
            }
        }
        let hires = import_all_hires(tx, &grid.all_hires)?;
        let span = match (grid.months.iter().min(), grid.months.iter().max()) {
            (Some(first), Some(last)) => format!("{first}..{last}"),
            _ => "no months".into(),
        };
        let set = new + changed;
        if args.dry_run {
            return Ok(Change::discarded((grid, span, (set, new, changed, unchanged), hires)));
        }
        let hash = crate::ingest::hash_file(&args.file)
            .with_context(|| format!("cannot read {file} again"))?;
        let scope = describe_scope(&department, kind);
        let audit = Audit::new(
            None,
            format!(
                "{file} (sha256 {hash}), {span}, {scope}: {set} set ({new} new, {changed} changed), {unchanged} unchanged{}",
                hires.describe("")
            ),
        );
        Ok(
            Change::audited((grid, span, (set, new, changed, unchanged), hires), audit)
                .commit_context("cannot commit the targets"),
        )
    })?;
    let mut about = vec![grid.info.format.name().to_string()];
    about.extend(grid.info.encoding.clone());
    about.extend(grid.info.sheet.as_ref().map(|s| format!("sheet {s}")));
    about.push(format!("header row {}", grid.header_row));
    let would = if args.dry_run { "would be " } else { "" };
    context.term.say(&format!(
        "{file} ({}): {span}: {set} targets {would}set ({new} new, {changed} changed), {unchanged} unchanged{}",
        about.join(", "),
        hires.describe(would)
    ));
    if args.dry_run {
        context.term.say("dry run: nothing was written");
    }
    Ok(())
}

/// How many months of all hires an import set.
#[derive(Default)]
struct HiresImported {
    /// Whether the grid had a row of them.
    present: bool,
    new: usize,
    changed: usize,
    unchanged: usize,
}

impl HiresImported {
    /// `; all hires of 2 months set (1 new, 1 changed), 0 unchanged`, or
    /// nothing for a grid without them.
    fn describe(&self, would: &str) -> String {
        if !self.present {
            return String::new();
        }
        let set = self.new + self.changed;
        let months = if set == 1 { "month" } else { "months" };
        format!(
            "; all hires of {set} {months} {would}set ({} new, {} changed), {} unchanged",
            self.new, self.changed, self.unchanged
        )
    }
}

/// Writes the all hires of a grid, month by month.
fn import_all_hires(tx: &Tx<'_>, hires: &[(Month, i64)]) -> Result<HiresImported> {
    let mut out = HiresImported {
        present: !hires.is_empty(),
        ..HiresImported::default()
    };
    for (month, count) in hires {
        match kpi_inputs::set_all_hires(tx, *month, *count)? {
            Some(before) if before == *count => out.unchanged += 1,
            Some(_) => out.changed += 1,
            None => out.new += 1,
        }
    }
    Ok(out)
}

fn list(context: &Context, args: &MonthListArgs) -> Result<()> {
    let conn = context.reader()?;
    let range = fiscal_range(&conn, args.fy)?;
    let japanese = settings::japanese(&conn)?;
    let mut rows: Vec<Value> = targets::targets(&conn, range)?
        .into_iter()
        .map(|t| {
            json!({
                "month": t.month.to_string(),
                "stage": t.stage,
                "stage_label": if japanese { t.label_ja } else { t.label_en },
                // '' (all departments, both kinds) is shown as no value.
                "department": Some(t.department).filter(|d| !d.is_empty()),
                "kind": t.kind.map(Kind::as_str),
                "count": t.count,
            })
        })
        .collect();
    // A month's all hires come after its targets, as the row below the
    // stages of HR's grid; the sort is stable.
    rows.extend(
        kpi_inputs::all_hires(&conn, range)?
            .into_iter()
            .map(|(month, count)| {
                json!({
                    "month": month.to_string(),
                    "stage": null,
                    "stage_label": if japanese { ALL_HIRES_JA } else { ALL_HIRES_EN },
                    "department": null,
                    "kind": null,
                    "count": count,
                })
            }),
    );
    rows.sort_by(|a, b| a["month"].as_str().cmp(&b["month"].as_str()));
    if listing::print(&TARGETS, &args.output, rows.into_iter().map(Listed::new))? == 0 {
        context.term.say("no targets");
    }
    Ok(())
}

/// A month typed on the command line; anything else is bad data naming
/// the argument.
pub(super) fn month(flag: &str, raw: &str) -> Result<Month> {
    Month::parse(raw).ok_or_else(|| {
        Failure::BadData(format!(
            "{flag} {raw:?} is not a month: give it as 2026-04, 2026/4, 2026年4月 or 令和8年4月"
        ))
        .into()
    })
}

/// The months of fiscal year `fy` under the `fiscal-year-start` setting;
/// no year is no limit.
pub(super) fn fiscal_range(db: &Db, fy: Option<i32>) -> Result<Option<(Month, Month)>> {
    let Some(year) = fy else {
        return Ok(None);
    };
    let start = settings::fiscal_year_start(db)?;
    check_year("--fy", year, start)?;
    Ok(Some(fiscal::fiscal_year_range(year, start)))
}

/// Refuses a fiscal year whose months cannot be stored.
fn check_year(flag: &str, year: i32, start: u8) -> Result<()> {
    if Month::new(year, start).is_none() || Month::new(year + 1, 12).is_none() {
        return Err(Failure::BadData(format!("{flag} {year} is not a year (1900-2099)")).into());
    }
    Ok(())
}

/// `--department` normalized; none is all departments, stored as ''.
fn department(raw: Option<&str>) -> Result<String> {
    match raw {
        Some(raw) => hand::text("--department", raw),
        None => Ok(String::new()),
    }
}

/// The stored kind: '' for both.
/// "2026-04 rejoined (営業部, rehire)", or "(all departments, both kinds)".
fn describe(key: &TargetKey) -> String {
    format!(
        "{} {} ({})",
        key.month,
        key.stage,
        describe_scope(&key.department, key.kind)
    )
}

fn describe_scope(department: &str, kind: Option<Kind>) -> String {
    let department = if department.is_empty() {
        "all departments"
    } else {
        department
    };
    let kind = kind.map_or("both kinds", Kind::as_str);
    format!("{department}, {kind}")
}
