//! The statements of a roster import. [`RosterWriter`] prepares them once
//! for a whole import, inside its transaction: the insert that gives way
//! when a key is taken, the look-ups by employee ID, email and (for rows
//! without a key) name and dates, the insert and update of an alumnus, and
//! the bookkeeping of which alumni a file has already matched, and the
//! career entry of each change of company or title. Which row
//! wins, and what counts as a duplicate, is decided by `crate::import`;
//! this module only runs the statements. Also the log row of each file
//! imported and the page cache an import runs with.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::db::sql::{Connection, OptionalExtension, Statement, params, params_from_iter};
use anyhow::Result;

use super::alumni as table;
use crate::domain::{Alumnus, Field, FieldValues, RehireSource};

/// The prepared statements of one import, borrowing its transaction.
pub struct RosterWriter<'c> {
    conn: &'c Connection,
    insert_new: Statement<'c>,
    by_employee_id: Statement<'c>,
    by_email: Statement<'c>,
    keyless: Statement<'c>,
    insert: Statement<'c>,
    update: Statement<'c>,
    career: super::career::Recorder<'c>,
    /// The alumni this file has matched so far, with the (tagged) row that
    /// matched them: a second row for the same person is a duplicate. Kept
    /// here rather than in a table: it is asked on every row.
    seen: Seen,
    /// The time every row of the import is stamped with.
    now: String,
    /// Whether aliases or further emails are stored, to look up on every
    /// row: asked once, as most databases have none.
    others: bool,
}

impl<'c> RosterWriter<'c> {
    pub fn new(conn: &'c Connection) -> Result<RosterWriter<'c>> {
        let select = &*table::SELECT;
        let now = super::now();
        Ok(RosterWriter {
            conn,
            insert_new: conn.prepare(&table::INSERT_NEW)?,
            by_employee_id: conn.prepare(&format!("{select} WHERE employee_id = ?"))?,
            by_email: conn.prepare(&format!("{select} WHERE email = ?"))?,
            keyless: conn.prepare(&format!(
                "{select} WHERE name = ?1 AND employee_id IS NULL AND email IS NULL \
                 AND hire_date IS NOT DISTINCT FROM ?2 AND leave_date IS NOT DISTINCT FROM ?3 ORDER BY id LIMIT 1"
            ))?,
            insert: conn.prepare(&format!("{} RETURNING id", *table::INSERT))?,
            update: conn.prepare(&table::UPDATE)?,
            career: super::career::Recorder::new(conn, &now)?,
            seen: Seen::default(),
            now,
            others: super::merges::any_others(conn)?,
        })
    }

    /// Writes what is pending (the career entries), at the end of a sheet.
    pub fn flush(&mut self) -> Result<()> {
        self.career.flush()
    }

    /// Forgets the alumni matched so far: a new file starts.
    pub fn start_file(&mut self) -> Result<()> {
        self.seen.clear();
        Ok(())
    }

    /// Inserts a new alumnus from file row `row` unless one of its keys
    /// (employee ID, email) is taken; says whether it did. One inserted
    /// counts as matched by that row.
    pub fn insert_new(
        &mut self,
        values: &FieldValues,
        source: &Option<RehireSource>,
        row: u64,
    ) -> Result<bool> {
        // A key that is another person's alias or further email is taken,
        // though no unique index says so.
        if self.others && self.held_elsewhere(values)? {
            return Ok(false);
        }
        // The id comes back with the insert: no second round trip.
        let inserted: Option<i64> = self
            .insert_new
            .query_row(
                params_from_iter(table::insert_params(values, source, &0, &self.now)),
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = inserted else {
            return Ok(false);
        };
        self.career.record(id, None, values)?;
        self.mark_seen(id, row)?;
        Ok(true)
    }

    /// Inserts a new alumnus from file row `row`, which counts as matched
    /// by that row.
    pub fn insert(
        &mut self,
        values: &FieldValues,
        source: &Option<RehireSource>,
        row: u64,
    ) -> Result<()> {
        let id: i64 = self.insert.query_row(
            params_from_iter(table::insert_params(values, source, &0, &self.now)),
            |r| r.get(0),
        )?;
        self.career.record(id, None, values)?;
        self.mark_seen(id, row)?;
        Ok(())
    }

    /// The alumnus whose employee ID (`key` [`Field::EmployeeId`]) or
    /// email (any other `key`) is `value`.
    /// An employee ID merged into another record finds that one, and so
    /// does a further email.
    pub fn find_by_key(&mut self, key: Field, value: &str) -> Result<Option<Alumnus>> {
        let statement = match key {
            Field::EmployeeId => &mut self.by_employee_id,
            _ => &mut self.by_email,
        };
        if let Some(found) = statement.query_row([value], table::from_row).optional()? {
            return Ok(Some(found));
        }
        if !self.others {
            return Ok(None);
        }
        let owner = match key {
            Field::EmployeeId => super::merges::owner_of_alias(self.conn, value)?,
            _ => super::merges::owner_of_email(self.conn, value)?,
        };
        match owner {
            Some(id) => table::by_id(self.conn, id),
            None => Ok(None),
        }
    }

    /// Whether the row names `stored` by one of their aliases or further
    /// emails rather than by the keys of their record: the row of a record
    /// merged into them. A row whose key is theirs but whose other key is
    /// nobody's is not such a row (it may be a duplicate in the file).
    pub fn through_other_key(&self, stored: &Alumnus, values: &FieldValues) -> Result<bool> {
        if !self.others {
            return Ok(false);
        }
        let other = |field: Field| {
            values[field.index()]
                .as_deref()
                .filter(|v| stored.get(field) != Some(*v))
        };
        if let Some(id) = other(Field::EmployeeId)
            && super::merges::owner_of_alias(self.conn, id)? == Some(stored.id)
        {
            return Ok(true);
        }
        if let Some(email) = other(Field::Email)
            && super::merges::owner_of_email(self.conn, email)? == Some(stored.id)
        {
            return Ok(true);
        }
        Ok(false)
    }

    /// Whether the row's employee ID is an alias, or its email a further
    /// email, of someone stored.
    fn held_elsewhere(&self, values: &FieldValues) -> Result<bool> {
        if let Some(id) = &values[Field::EmployeeId.index()]
            && super::merges::owner_of_alias(self.conn, id)?.is_some()
        {
            return Ok(true);
        }
        if let Some(email) = &values[Field::Email.index()]
            && super::merges::owner_of_email(self.conn, email)?.is_some()
        {
            return Ok(true);
        }
        Ok(false)
    }

    /// The first stored alumnus without an employee ID or email with this
    /// name, hire date and leave date.
    pub fn find_keyless(
        &mut self,
        name: Option<&str>,
        hire_date: Option<&str>,
        leave_date: Option<&str>,
    ) -> Result<Option<Alumnus>> {
        Ok(self
            .keyless
            .query_row(params![name, hire_date, leave_date], table::from_row)
            .optional()?)
    }

    /// Notes that file row `row` matched alumnus `id`; false, and the
    /// earlier row kept, when a row of this file matched them before.
    pub fn mark_seen(&mut self, id: i64, row: u64) -> Result<bool> {
        Ok(self.seen.mark(id, row))
    }

    /// The row of this file that matched alumnus `id`, if one did.
    pub fn seen_at(&mut self, id: i64) -> Result<Option<u64>> {
        Ok(self.seen.get(id))
    }

    /// Writes back the fields and bookkeeping of alumnus `id`, whose
    /// values were `before`; a new company or title starts a career entry.
    pub fn update(
        &mut self,
        before: &FieldValues,
        values: &FieldValues,
        source: &Option<RehireSource>,
        manual_fields: i64,
        id: i64,
    ) -> Result<()> {
        self.update.execute(params_from_iter(table::update_params(
            values,
            source,
            &manual_fields,
            &self.now,
            &id,
        )))?;
        self.career.record(id, Some(before), values)
    }
}

/// Which alumni a file has matched, and the row of each. Ids are dense
/// (SQLite gives each new row the next one), so they index a vector; an
/// id past [`Seen::DENSE`] goes to a map.
#[derive(Default)]
struct Seen {
    /// The row of alumnus `id` at `id`; 0 where none matched.
    dense: Vec<u64>,
    sparse: HashMap<i64, u64>,
}

impl Seen {
    const DENSE: i64 = 1 << 24;

    /// Notes `row` for `id`; false if a row was noted for it before.
    fn mark(&mut self, id: i64, row: u64) -> bool {
        if (1..Self::DENSE).contains(&id) {
            let at = id as usize;
            if self.dense.len() <= at {
                self.dense.resize((at + 1).next_power_of_two(), 0);
            }
            if self.dense[at] != 0 {
                return false;
            }
            // Rows are numbered from 1, so 0 is free to mean "none".
            self.dense[at] = row.max(1);
            return true;
        }
        match self.sparse.entry(id) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert(row);
                true
            }
        }
    }

    fn get(&self, id: i64) -> Option<u64> {
        if (1..Self::DENSE).contains(&id) {
            self.dense.get(id as usize).copied().filter(|row| *row != 0)
        } else {
            self.sparse.get(&id).copied()
        }
    }

    fn clear(&mut self) {
        self.dense.clear();
        self.sparse.clear();
    }
}

/// What the log keeps of one imported file.
#[derive(Clone, Debug)]
pub struct ImportLog<'a> {
    pub file_name: String,
    /// The SHA-256 of the file's bytes, as lower-case hex.
    pub content_hash: &'a str,
    pub format: &'a str,
    pub sheet: Option<&'a str>,
    pub encoding: Option<&'a str>,
    pub rows_read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// When the file was started, as [`super::now`] writes it; it is
    /// finished now.
    pub started_at: &'a str,
}

/// Adds the log row of an imported file, by the person running the
/// command; returns its id.
pub fn log_import(conn: &Connection, log: &ImportLog<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO imports (file_name, content_hash, format, sheet, encoding, rows_read, inserted,
                              updated, unchanged, rejected, imported_by, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        log.file_name,
        log.content_hash,
        log.format,
        log.sheet,
        log.encoding,
        log.rows_read as i64,
        log.inserted as i64,
        log.updated as i64,
        log.unchanged as i64,
        log.rejected as i64,
        super::actor(conn)?,
        log.started_at,
        super::now(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// SQLite's page cache size as `PRAGMA cache_size` gives it: pages, or
/// KiB when negative.
pub fn cache_size(conn: &Connection) -> Result<i64> {
    if conn.sqlite().is_none() {
        // The server has its own buffers.
        return Ok(0);
    }
    Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)
}

/// Sets SQLite's page cache size (as [`cache_size`] reads it).
pub fn set_cache_size(conn: &Connection, size: i64) -> Result<()> {
    if conn.sqlite().is_none() {
        return Ok(());
    }
    conn.execute_batch(&format!("PRAGMA cache_size = {size}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn a_second_row_for_one_alumnus_is_refused_and_the_first_kept() {
        let mut seen = Seen::default();
        assert!(seen.mark(3, 10));
        assert!(!seen.mark(3, 11));
        assert_eq!(seen.get(3), Some(10));
        assert_eq!(seen.get(4), None);
        // Far ids go to the map, with the same answers.
        assert!(seen.mark(Seen::DENSE + 5, 7));
        assert!(!seen.mark(Seen::DENSE + 5, 8));
        assert_eq!(seen.get(Seen::DENSE + 5), Some(7));
        seen.clear();
        assert_eq!(seen.get(3), None);
        assert!(seen.mark(3, 12));
    }
}
