//! The `career` table: every change of an alumnus's current company or
//! title, dated, with the values before and where it came from. Imports
//! write it through [`Recorder`], a statement prepared once for the whole
//! import; `add` and `edit` through [`record`]. Also the SQL function that
//! folds company names (`alumni_company_fold`, [`fold_company`]), which the
//! roster filter and [`suggestions`] match with.

use std::collections::BTreeMap;

use crate::db::sql::types::Array;
use crate::db::sql::{Connection, OptionalExtension, ToSql, params};
use anyhow::Result;
use rusqlite::functions::FunctionFlags;
use serde::Serialize;

use crate::domain::career::fold_company;
use crate::domain::{CareerSource, Field, FieldValues, PartnerKind};

const INSERT: &str = "INSERT INTO career (alumnus_id, since, company, title, prior_company, \
                      prior_title, source, import_id, recorded_at) \
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// One entry of a career history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub since: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub prior_company: Option<String>,
    pub prior_title: Option<String>,
    pub source: CareerSource,
    pub import_id: Option<i64>,
    pub recorded_at: String,
}

/// The company and title in a record's values.
fn position(values: &FieldValues) -> (Option<&str>, Option<&str>) {
    (
        values[Field::CurrentCompany.index()].as_deref(),
        values[Field::CurrentTitle.index()].as_deref(),
    )
}

/// The change from `before` (nothing, for a new record) to `after`, if
/// the company or title differ: the values after, then before.
type Change<'a> = (
    (Option<&'a str>, Option<&'a str>),
    (Option<&'a str>, Option<&'a str>),
);

fn change<'a>(before: Option<&'a FieldValues>, after: &'a FieldValues) -> Option<Change<'a>> {
    let now = position(after);
    let then = before.map(position).unwrap_or((None, None));
    (now != then).then_some((now, then))
}

/// Today in the local time zone, the day a change takes effect.
fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// Adds the entry for a change of `alumnus_id`'s company or title from
/// `before` (`None` for a new record) to `after`, if there is one; says
/// whether it did.
pub fn record(
    conn: &Connection,
    alumnus_id: i64,
    before: Option<&FieldValues>,
    after: &FieldValues,
    source: CareerSource,
) -> Result<bool> {
    let Some(((company, title), (prior_company, prior_title))) = change(before, after) else {
        return Ok(false);
    };
    conn.prepare_cached(INSERT)?.execute(params![
        alumnus_id,
        today(),
        company,
        title,
        prior_company,
        prior_title,
        source,
        None::<i64>,
        super::now(),
    ])?;
    Ok(true)
}

/// The career entries of one import, held back and written together by
/// [`Recorder::flush`] (one `COPY` on PostgreSQL) rather than one round
/// trip each, which a server's network would make the import's largest
/// cost. The import flushes after the alumni they belong to are written:
/// at the end of each batch of rows and of each sheet. Each entry names
/// the log row of its file ([`Recorder::set_import`]).
pub struct Recorder<'c> {
    conn: &'c Connection,
    pending: Vec<Pending>,
    since: String,
    now: String,
    /// The log row of the file being imported.
    import_id: Option<i64>,
}

/// An entry not written yet: the alumnus, and the company and title after
/// and before.
type Pending = (i64, [Option<String>; 4]);

impl<'c> Recorder<'c> {
    pub fn new(conn: &'c Connection, now: &str) -> Result<Recorder<'c>> {
        Ok(Recorder {
            conn,
            pending: Vec::new(),
            since: today(),
            now: now.to_string(),
            import_id: None,
        })
    }

    /// Gives the entries from now on the log row `id` (entries pending
    /// are written first by the import, at the end of a sheet).
    pub fn set_import(&mut self, id: i64) {
        self.import_id = Some(id);
    }

    /// Adds the entry for a change from `before` to `after`, if there is one.
    pub fn record(&mut self, alumnus_id: i64, before: Option<&FieldValues>, after: &FieldValues) {
        if let Some(((company, title), (prior_company, prior_title))) = change(before, after) {
            self.pending.push((
                alumnus_id,
                [company, title, prior_company, prior_title].map(|v| v.map(str::to_string)),
            ));
        }
    }

    /// Writes the entries pending, in order.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let source = CareerSource::Import;
        // Given their ids here, the entries are written without a trigger
        // call each on PostgreSQL.
        let first = super::next_id(self.conn, "career")?;
        let ids: Vec<i64> = (first..).take(self.pending.len()).collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(self.pending.len() * 10);
        for ((alumnus_id, texts), id) in self.pending.iter().zip(&ids) {
            values.push(id);
            values.push(alumnus_id);
            values.push(&self.since);
            for text in texts {
                values.push(text);
            }
            values.push(&source);
            values.push(&self.import_id);
            values.push(&self.now);
        }
        self.conn.insert_rows(
            "career",
            &[
                "id",
                "alumnus_id",
                "since",
                "company",
                "title",
                "prior_company",
                "prior_title",
                "source",
                "import_id",
                "recorded_at",
            ],
            &values,
        )?;
        self.pending.clear();
        Ok(())
    }
}

/// The career history of `alumnus_id`, oldest first.
pub fn of(conn: &Connection, alumnus_id: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, since, company, title, prior_company, prior_title, source, import_id,
                recorded_at
         FROM career WHERE alumnus_id = ? ORDER BY since, id",
    )?;
    let rows = stmt.query_map([alumnus_id], |r| {
        Ok(Entry {
            id: r.get(0)?,
            since: r.get(1)?,
            company: r.get(2)?,
            title: r.get(3)?,
            prior_company: r.get(4)?,
            prior_title: r.get(5)?,
            source: r.get(6)?,
            import_id: r.get(7)?,
            recorded_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Registers `alumni_company_fold(name)`, [`fold_company`], on this
/// connection (NULL stays NULL).
pub fn register_folding(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("alumni_company_fold", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<String>>(0)?
            .map(|name| fold_company(&name)))
    })?;
    Ok(())
}

/// The SQL condition, on a row of `alumni`, that its company, folded,
/// holds the folded text bound at `placeholder`: the current company, and
/// unless `current_only` any company of its career history, before or
/// after a change. Needs [`register_folding`].
pub fn company_clause(placeholder: &str, current_only: bool) -> String {
    let current = format!("instr(alumni_company_fold(current_company), {placeholder}) > 0");
    if current_only {
        return current;
    }
    format!(
        "({current} OR id IN (SELECT alumnus_id FROM career \
         WHERE instr(alumni_company_fold(company), {placeholder}) > 0 \
            OR instr(alumni_company_fold(prior_company), {placeholder}) > 0))"
    )
}

/// The alumni whose company, folded, holds `folded`, as [`company_clause`]
/// finds them, for PostgreSQL, where no SQL function folds: the names are
/// folded here, in id order.
pub fn ids_at_company(conn: &Connection, folded: &str, current_only: bool) -> Result<Array> {
    let holds = |name: Option<String>| name.is_some_and(|n| fold_company(&n).contains(folded));
    let mut ids = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare("SELECT id, current_company FROM alumni ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if holds(row.get(1)?) {
            ids.insert(row.get::<_, i64>(0)?);
        }
    }
    if !current_only {
        let mut stmt =
            conn.prepare("SELECT alumnus_id, company, prior_company FROM career ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if holds(row.get(1)?) || holds(row.get(2)?) {
                ids.insert(row.get::<_, i64>(0)?);
            }
        }
    }
    Ok(Array::new(ids.into_iter().collect()))
}

/// Why an alumnus is suggested as a partner: the partner records or the
/// given names whose company is theirs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reasons {
    /// Partner and client records at the company: id and kind.
    pub partners: Vec<(i64, PartnerKind)>,
    /// The names given on the command line that are the company.
    pub given: Vec<String>,
}

/// One alumnus suggested for the partners sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub alumnus_id: i64,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub company: String,
    pub title: Option<String>,
    /// Since when they have been at the company, from their career history.
    pub since: Option<String>,
    pub reasons: Reasons,
}

/// The alumni, not erased, whose current company is the company of a
/// client or partner record, or one of `given`, folded as
/// [`fold_company`] folds, and who have no partner record at that company
/// yet; in id order. One query over the roster.
pub fn suggestions(conn: &Connection, given: &[String]) -> Result<Vec<Suggestion>> {
    let mut wanted: BTreeMap<String, Reasons> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT p.id, p.company, p.kind FROM partners p JOIN alumni a ON a.id = p.alumnus_id
             WHERE p.kind IN ('client', 'partner') AND p.company IS NOT NULL
               AND a.erased_at IS NULL ORDER BY p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, PartnerKind>(2)?,
            ))
        })?;
        for row in rows {
            let (id, company, kind) = row?;
            let folded = fold_company(&company);
            if !folded.is_empty() {
                wanted.entry(folded).or_default().partners.push((id, kind));
            }
        }
    }
    for name in given {
        let folded = fold_company(name);
        if !folded.is_empty() {
            let reasons = wanted.entry(folded).or_default();
            if !reasons.given.contains(name) {
                reasons.given.push(name.clone());
            }
        }
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    // The companies each alumnus already has a partner record at, folded.
    let mut recorded: std::collections::HashMap<i64, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT alumnus_id, company FROM partners WHERE company IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (alumnus_id, company) = row?;
            recorded
                .entry(alumnus_id)
                .or_default()
                .insert(fold_company(&company));
        }
    }
    // The roster's companies are folded here, on either backend.
    let mut found = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, employee_id, name, current_company, current_title FROM alumni
             WHERE erased_at IS NULL AND current_company IS NOT NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let company: String = r.get(3)?;
            let folded = fold_company(&company);
            let Some(reasons) = wanted.get(&folded) else {
                continue;
            };
            let alumnus_id: i64 = r.get(0)?;
            if recorded
                .get(&alumnus_id)
                .is_some_and(|companies| companies.contains(&folded))
            {
                continue;
            }
            found.push(Suggestion {
                alumnus_id,
                employee_id: r.get(1)?,
                name: r.get(2)?,
                company,
                title: r.get(4)?,
                since: None,
                reasons: reasons.clone(),
            });
        }
    }
    let mut since = conn.prepare_cached(
        "SELECT since FROM career
         WHERE alumnus_id = ?1 AND company = ?2
           AND prior_company IS DISTINCT FROM company
         ORDER BY since DESC, id DESC LIMIT 1",
    )?;
    for suggestion in &mut found {
        suggestion.since = since
            .query_row(params![suggestion.alumnus_id, suggestion.company], |r| {
                r.get(0)
            })
            .optional()?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(company: Option<&str>, title: Option<&str>) -> FieldValues {
        let mut values: FieldValues = Default::default();
        values[Field::Name.index()] = Some("山田 太郎".into());
        values[Field::CurrentCompany.index()] = company.map(String::from);
        values[Field::CurrentTitle.index()] = title.map(String::from);
        values
    }

    #[test]
    fn only_a_new_company_or_title_is_a_change() {
        let a = values(Some("株式会社ミライ"), Some("営業"));
        let mut other = a.clone();
        other[Field::Department.index()] = Some("営業部".into());
        assert!(change(Some(&a), &other).is_none(), "another field changed");
        assert!(change(Some(&a), &a).is_none());
        let cleared = values(None, Some("営業"));
        assert_eq!(
            change(Some(&a), &cleared),
            Some(((None, Some("営業")), (Some("株式会社ミライ"), Some("営業"))))
        );
        assert!(
            change(None, &values(None, None)).is_none(),
            "nothing to start with"
        );
        assert_eq!(
            change(None, &a),
            Some(((Some("株式会社ミライ"), Some("営業")), (None, None)))
        );
    }

    #[test]
    fn an_import_writes_its_entries_when_flushed_in_order() {
        let conn = super::super::open_in_memory().unwrap();
        let id = super::super::alumni::insert(&conn, &values(None, None), None, 0).unwrap();
        let mut recorder = Recorder::new(&conn, &super::super::now()).unwrap();
        let companies: Vec<String> = (0..=400).map(|i| format!("C{i}")).collect();
        let mut before = values(None, None);
        for company in &companies {
            let after = values(Some(company), None);
            recorder.record(id, Some(&before), &after);
            before = after;
        }
        assert!(
            of(&conn, id).unwrap().is_empty(),
            "nothing written before the flush"
        );
        recorder.flush().unwrap();
        let written: Vec<String> = of(&conn, id)
            .unwrap()
            .into_iter()
            .map(|e| e.company.unwrap())
            .collect();
        assert_eq!(written, companies, "every entry, in order");
    }

    #[test]
    fn entries_of_an_import_get_its_id_and_no_others() {
        let conn = super::super::open_in_memory().unwrap();
        let id = super::super::alumni::insert(&conn, &values(None, None), None, 0).unwrap();
        record(
            &conn,
            id,
            None,
            &values(Some("A"), None),
            CareerSource::Edit,
        )
        .unwrap();
        conn.execute(
            "INSERT INTO imports (id, file_name, content_hash, format, rows_read, inserted, \
             updated, unchanged, rejected, imported_by, started_at, finished_at) \
             VALUES (7, 'a.csv', '', 'csv', 1, 0, 1, 0, 0, 't', '', '')",
            [],
        )
        .unwrap();
        {
            let mut recorder = Recorder::new(&conn, &super::super::now()).unwrap();
            recorder.set_import(7);
            recorder.record(id, Some(&values(Some("A"), None)), &values(Some("B"), None));
            recorder.record(id, Some(&values(Some("B"), None)), &values(Some("B"), None));
            recorder.flush().unwrap();
        }
        let found = of(&conn, id).unwrap();
        let sources: Vec<(CareerSource, Option<i64>, Option<String>)> = found
            .into_iter()
            .map(|e| (e.source, e.import_id, e.prior_company))
            .collect();
        assert_eq!(
            sources,
            [
                (CareerSource::Edit, None, None),
                (CareerSource::Import, Some(7), Some("A".into()))
            ]
        );
    }
}
