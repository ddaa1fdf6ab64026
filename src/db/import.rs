//! The statements of a roster import. [`RosterWriter`] runs them for a
//! whole import, inside its transaction: the look-ups by employee ID, email
//! and (for rows without a key) name and dates, the insert and update of an
//! alumnus, the bookkeeping of which alumni a file has already matched, and
//! the career entry of each change of company or title. Which row wins, and
//! what counts as a duplicate, is decided by `crate::import`; this module
//! only runs the statements. Also the log row of each file imported and the
//! page cache an import runs with.
//!
//! Rows come in batches. Before a batch is matched, [`RosterWriter::prefetch`]
//! reads every stored alumnus holding one of its keys, a few statements for
//! the whole batch; the rows are then matched against what it read, and the
//! new people are held back and written together by [`RosterWriter::flush`]
//! ([`Connection::insert_rows`]: one `COPY` on PostgreSQL), with the ids
//! they would have been given one by one. On a server, a round trip per row
//! would be the import's largest cost.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::db::sql::{Connection, OptionalExtension, Statement, ToSql, params, params_from_iter};
use anyhow::Result;

use super::alumni as table;
use crate::domain::{Alumnus, Field, FieldValues, RehireSource};

/// The two keys an alumnus is found by.
const KEYS: [Field; 2] = [Field::EmployeeId, Field::Email];

/// The statements and the state of one import, borrowing its transaction.
pub struct RosterWriter<'c> {
    conn: &'c Connection,
    by_employee_id: Statement<'c>,
    by_email: Statement<'c>,
    keyless: Statement<'c>,
    update: Statement<'c>,
    career: super::career::Recorder<'c>,
    /// The alumni this file has matched so far, with the (tagged) row that
    /// matched them: a second row for the same person is a duplicate. Kept
    /// here rather than in a table: it is asked on every row.
    seen: Seen,
    /// What the current batch's keys were found to belong to.
    known: Known,
    /// The people inserted but not written yet, in the order of their ids.
    pending: Vec<NewAlumnus>,
    /// The id the next person inserted gets; read at the first insert.
    next_id: Option<i64>,
    /// The time every row of the import is stamped with.
    now: String,
    /// Whether aliases or further emails are stored, to look up on every
    /// row: asked once, as most databases have none.
    others: bool,
    /// The keys this import gave anyone, where nobody was stored when it
    /// began: the keys of a batch none of them may be are not looked up.
    given: Option<Given>,
    /// Whether the import loads an empty database in bulk
    /// ([`super::bulk_load`]): decided at its first write of new people.
    bulk: Bulk,
}

/// The keys an import gave people, where the table was empty when it
/// began. Every other writer waits for the import, so a key none of them
/// can be is nobody's. One bit per hash of a key, in a set of fixed size:
/// a key sharing its bit with another is looked up, as every key is
/// without the set.
struct Given {
    bits: Vec<u64>,
}

impl Given {
    /// A megabyte: a hundred thousand people share few bits, a million a
    /// fifth of them.
    const BITS: u64 = 1 << 23;

    fn new() -> Given {
        Given {
            bits: vec![0; (Self::BITS / 64) as usize],
        }
    }

    fn bit(key: Field, value: &str) -> (usize, u64) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (key.index(), value).hash(&mut hasher);
        let bit = hasher.finish() % Self::BITS;
        ((bit / 64) as usize, 1 << (bit % 64))
    }

    fn add(&mut self, key: Field, value: &str) {
        let (word, mask) = Self::bit(key, value);
        self.bits[word] |= mask;
    }

    /// Whether someone may hold `value` as their `key`.
    fn may_be_held(&self, key: Field, value: &str) -> bool {
        let (word, mask) = Self::bit(key, value);
        self.bits[word] & mask != 0
    }

    /// Notes the keys of `values`, given to someone.
    fn add_keys(&mut self, values: &FieldValues) {
        for key in KEYS {
            if let Some(value) = &values[key.index()] {
                self.add(key, value);
            }
        }
    }
}

/// Whether an import loads in bulk.
enum Bulk {
    Undecided,
    No,
    Yes(super::bulk_load::Deferred),
}

/// A person inserted by the import, not written yet.
struct NewAlumnus {
    id: i64,
    values: FieldValues,
    source: Option<RehireSource>,
}

/// The alumni a batch's keys belong to, as stored, or as this import left
/// them. A key looked up and found free maps to `None`; a key not in a map
/// was not looked up.
#[derive(Default)]
struct Known {
    employee_ids: HashMap<String, Option<i64>>,
    emails: HashMap<String, Option<i64>>,
    /// The records read, as stored. A person inserted or updated since is
    /// not here: they are read again when needed.
    alumni: HashMap<i64, Alumnus>,
}

impl Known {
    fn keys(&mut self, key: Field) -> &mut HashMap<String, Option<i64>> {
        match key {
            Field::EmployeeId => &mut self.employee_ids,
            _ => &mut self.emails,
        }
    }

    /// Who holds `value` as their `key`: `Some(None)` for nobody, `None`
    /// when it was not looked up.
    fn owner(&mut self, key: Field, value: &str) -> Option<Option<i64>> {
        self.keys(key).get(value).copied()
    }

    /// Keeps a record read, and the keys it holds.
    fn add(&mut self, alumnus: Alumnus) {
        for key in KEYS {
            if let Some(value) = alumnus.get(key) {
                self.keys(key).insert(value.to_string(), Some(alumnus.id));
            }
        }
        self.alumni.insert(alumnus.id, alumnus);
    }

    /// Notes that alumnus `id`'s keys went from `before` to `after`.
    fn moved(&mut self, id: i64, before: &FieldValues, after: &FieldValues) {
        self.alumni.remove(&id);
        for key in KEYS {
            let (old, new) = (&before[key.index()], &after[key.index()]);
            if old == new {
                continue;
            }
            if let Some(old) = old {
                self.keys(key).insert(old.clone(), None);
            }
            if let Some(new) = new {
                self.keys(key).insert(new.clone(), Some(id));
            }
        }
    }

    fn clear(&mut self) {
        self.employee_ids.clear();
        self.emails.clear();
        self.alumni.clear();
    }
}

impl<'c> RosterWriter<'c> {
    pub fn new(conn: &'c Connection) -> Result<RosterWriter<'c>> {
        let select = &*table::SELECT;
        let now = super::now();
        // The import holds the write lock: nobody else adds anyone.
        let empty = !conn.prepare("SELECT 1 FROM alumni LIMIT 1")?.exists([])?;
        Ok(RosterWriter {
            conn,
            by_employee_id: conn.prepare(&format!("{select} WHERE employee_id = ?"))?,
            by_email: conn.prepare(&format!("{select} WHERE email = ?"))?,
            keyless: conn.prepare(&format!(
                "{select} WHERE name = ?1 AND employee_id IS NULL AND email IS NULL \
                 AND hire_date IS NOT DISTINCT FROM ?2 AND leave_date IS NOT DISTINCT FROM ?3 ORDER BY id LIMIT 1"
            ))?,
            update: conn.prepare(&table::UPDATE)?,
            career: super::career::Recorder::new(conn, &now)?,
            seen: Seen::default(),
            known: Known::default(),
            pending: Vec::new(),
            next_id: None,
            now,
            others: super::merges::any_others(conn)?,
            given: empty.then(Given::new),
            bulk: Bulk::Undecided,
        })
    }

    /// Reads the stored alumni holding the keys of a batch of rows (each
    /// row's employee ID and email), so that matching the batch asks the
    /// database nothing more about them. What is pending is written first.
    pub fn prefetch<'v>(&mut self, rows: impl IntoIterator<Item = &'v FieldValues>) -> Result<()> {
        self.flush()?;
        self.known.clear();
        let mut wanted: [Vec<&str>; 2] = Default::default();
        for values in rows {
            for (k, key) in KEYS.iter().enumerate() {
                if let Some(value) = values[key.index()].as_deref() {
                    wanted[k].push(value);
                }
            }
        }
        for (k, key) in KEYS.iter().enumerate() {
            let values = &mut wanted[k];
            values.sort_unstable();
            values.dedup();
            for value in values.iter() {
                self.known.keys(*key).insert(value.to_string(), None);
            }
            if let Some(given) = &self.given {
                values.retain(|value| given.may_be_held(*key, value));
            }
            if values.is_empty() {
                continue;
            }
            let column = key.column();
            let select = &*table::SELECT;
            // On PostgreSQL a join that looks each key up in the index, as
            // the table may have grown since the statement was planned.
            let sql = self
                .conn
                .pick(
                    &format!("{select} WHERE {column} IN (SELECT value FROM json_each(?1))"),
                    &format!(
                        "SELECT found.* FROM json_array_elements_text(CAST(?1 AS json)) AS k(v) \
                     CROSS JOIN LATERAL ({select} WHERE {column} = k.v LIMIT 1) AS found"
                    ),
                )
                .to_string();
            let list = serde_json::to_string(values)?;
            let found = self
                .conn
                .prepare_cached(&sql)?
                .query_map([list], table::from_row)?
                .collect::<crate::db::sql::Result<Vec<Alumnus>>>()?;
            for alumnus in found {
                self.known.add(alumnus);
            }
        }
        Ok(())
    }

    /// Gives the career entries from now on the log row `id`.
    pub fn set_import(&mut self, id: i64) {
        self.career.set_import(id);
    }

    /// Writes what is pending: the people inserted, then the career
    /// entries. Called at the end of each batch and sheet.
    pub fn flush(&mut self) -> Result<()> {
        self.write_pending()?;
        self.career.flush()
    }

    /// Writes what is pending, and makes again what a load in bulk put
    /// off: called once, when every file was read.
    pub fn finish(&mut self) -> Result<()> {
        self.flush()?;
        if let Bulk::Yes(deferred) = std::mem::replace(&mut self.bulk, Bulk::No) {
            deferred.restore(self.conn)?;
        }
        Ok(())
    }

    /// Writes the people inserted and not written yet, with their ids.
    fn write_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if let Bulk::Undecided = self.bulk {
            let deferred = if self.pending.len() >= super::bulk_load::ROWS {
                super::bulk_load::defer(self.conn)?
            } else {
                None
            };
            self.bulk = deferred.map_or(Bulk::No, Bulk::Yes);
        }
        let manual_fields = 0i64;
        let mut values: Vec<&dyn ToSql> =
            Vec::with_capacity(self.pending.len() * table::INSERT_COLUMNS.len());
        for new in &self.pending {
            values.push(&new.id);
            values.extend(table::insert_params(
                &new.values,
                &new.source,
                &manual_fields,
                &self.now,
            ));
        }
        self.conn
            .insert_rows("alumni", &table::INSERT_COLUMNS, &values)?;
        self.pending.clear();
        // Read again for the next batch, should anything else insert.
        self.next_id = None;
        Ok(())
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
        for key in KEYS {
            if let Some(value) = values[key.index()].as_deref()
                && self.owner(key, value)?.is_some()
            {
                return Ok(false);
            }
        }
        self.insert(values, source, row)?;
        Ok(true)
    }

    /// Inserts a new alumnus from file row `row`, which counts as matched
    /// by that row. Nobody holds its keys.
    pub fn insert(
        &mut self,
        values: &FieldValues,
        source: &Option<RehireSource>,
        row: u64,
    ) -> Result<()> {
        let id = match self.next_id {
            Some(id) => id,
            None => super::next_id(self.conn, "alumni")?,
        };
        self.next_id = Some(id + 1);
        if let Some(given) = &mut self.given {
            given.add_keys(values);
        }
        for key in KEYS {
            if let Some(value) = &values[key.index()] {
                self.known.keys(key).insert(value.clone(), Some(id));
            }
        }
        self.pending.push(NewAlumnus {
            id,
            values: values.clone(),
            source: *source,
        });
        self.career.record(id, None, values);
        self.mark_seen(id, row)?;
        Ok(())
    }

    /// The id of the alumnus holding `value` as their `key`, from what the
    /// batch's look-up found, else from the database.
    fn owner(&mut self, key: Field, value: &str) -> Result<Option<i64>> {
        if let Some(owner) = self.known.owner(key, value) {
            return Ok(owner);
        }
        if self
            .given
            .as_ref()
            .is_some_and(|g| !g.may_be_held(key, value))
        {
            self.known.keys(key).insert(value.to_string(), None);
            return Ok(None);
        }
        self.write_pending()?;
        let statement = match key {
            Field::EmployeeId => &mut self.by_employee_id,
            _ => &mut self.by_email,
        };
        let found = statement.query_row([value], table::from_row).optional()?;
        let id = found.as_ref().map(|a| a.id);
        match found {
            Some(alumnus) => self.known.add(alumnus),
            None => {
                self.known.keys(key).insert(value.to_string(), None);
            }
        }
        Ok(id)
    }

    /// Alumnus `id` as it is now: as read by the batch's look-up, else
    /// from the database, once what is pending is written.
    fn alumnus(&mut self, id: i64) -> Result<Option<Alumnus>> {
        if let Some(alumnus) = self.known.alumni.get(&id) {
            return Ok(Some(alumnus.clone()));
        }
        self.write_pending()?;
        let found = table::by_id(self.conn, id)?;
        if let Some(alumnus) = &found {
            self.known.alumni.insert(id, alumnus.clone());
        }
        Ok(found)
    }

    /// The alumnus whose employee ID (`key` [`Field::EmployeeId`]) or
    /// email (any other `key`) is `value`.
    /// An employee ID merged into another record finds that one, and so
    /// does a further email.
    pub fn find_by_key(&mut self, key: Field, value: &str) -> Result<Option<Alumnus>> {
        if let Some(id) = self.owner(key, value)? {
            return self.alumnus(id);
        }
        if !self.others {
            return Ok(None);
        }
        let owner = match key {
            Field::EmployeeId => super::merges::owner_of_alias(self.conn, value)?,
            _ => super::merges::owner_of_email(self.conn, value)?,
        };
        match owner {
            Some(id) => self.alumnus(id),
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
        self.write_pending()?;
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
        if self.pending.first().is_some_and(|first| id >= first.id) {
            self.write_pending()?;
        }
        self.update.execute(params_from_iter(table::update_params(
            values,
            source,
            &manual_fields,
            &self.now,
            &id,
        )))?;
        self.known.moved(id, before, values);
        if let Some(given) = &mut self.given {
            given.add_keys(values);
        }
        self.career.record(id, Some(before), values);
        Ok(())
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
    /// When the file was started, as [`super::now`] writes it.
    pub started_at: &'a str,
}

/// Adds the log row of an imported file, by the person running the
/// command; returns its id.
/// Starts the log row of a file (or sheet) as its first rows are written,
/// so that the career entries they add can name it; its counts, hash and
/// end are [`finish_log`]'s. Returns its id.
pub fn start_log(conn: &Connection, log: &ImportLog<'_>) -> Result<i64> {
    let id: i64 = conn.query_row(
        "INSERT INTO imports (file_name, content_hash, format, sheet, encoding, rows_read, inserted,
                              updated, unchanged, rejected, imported_by, started_at, finished_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
        params![
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
        ],
        |r| r.get(0),
    )?;
    Ok(id)
}

/// Writes the hash and counts of log row `id` as the file ends.
pub fn finish_log(conn: &Connection, id: i64, log: &ImportLog<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE imports SET content_hash = ?2, rows_read = ?3, inserted = ?4, updated = ?5,
                            unchanged = ?6, rejected = ?7, finished_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        log.content_hash,
        log.rows_read as i64,
        log.inserted as i64,
        log.updated as i64,
        log.unchanged as i64,
        log.rejected as i64,
        super::now(),
    ])?;
    Ok(())
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
    use super::{Given, Seen};
    use crate::domain::{Field, FieldValues};

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

    #[test]
    fn a_key_given_may_be_held_and_of_a_thousand_others_few_seem_to_be() {
        let mut given = Given::new();
        let mut values: FieldValues = Default::default();
        values[Field::EmployeeId.index()] = Some("00301".into());
        values[Field::Email.index()] = Some("ichiro.aoki@example.jp".into());
        given.add_keys(&values);
        assert!(given.may_be_held(Field::EmployeeId, "00301"));
        assert!(given.may_be_held(Field::Email, "ichiro.aoki@example.jp"));
        // A key is held as one field: the same text as the other is not it.
        assert!(!given.may_be_held(Field::Email, "00301"));
        for n in 0..1000 {
            given.add(Field::EmployeeId, &format!("M{n:04}"));
        }
        for n in 0..1000 {
            assert!(given.may_be_held(Field::EmployeeId, &format!("M{n:04}")));
        }
        let seeming = (1000..2000)
            .filter(|n| given.may_be_held(Field::EmployeeId, &format!("M{n:04}")))
            .count();
        assert!(seeming < 5, "{seeming} of 1,000 keys never given seem held");
    }
}
