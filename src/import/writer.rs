//! Writing records into the database: matching each to a stored alumnus by
//! its key, inserting or merging, and catching rows that repeat a person
//! already seen in the same file. The statements, each prepared once for
//! the import, are `db::import::RosterWriter`'s; the decisions are made
//! here.

use anyhow::{Context, Result};

use super::columns::ColumnMap;
use super::merge;
use super::record::Record;
use crate::db::Tx;
use crate::db::import::RosterWriter;
use crate::db::privacy::Erasures;
use crate::domain::rules::{RehireSource, Rules, apply_rule};
use crate::domain::{Alumnus, Field, FieldValues};

/// What writing one record did.
#[derive(Debug)]
pub enum Outcome {
    Inserted {
        values: FieldValues,
    },
    Updated {
        before: Box<Alumnus>,
        after: FieldValues,
        changed: Vec<Field>,
        kept: Vec<Field>,
    },
    Unchanged {
        kept: Vec<Field>,
    },
    /// The row is a person erased on request on `on`, left out.
    Erased {
        on: String,
    },
}

/// Writes the records of one import, inside its transaction.
pub struct Writer<'c> {
    db: RosterWriter<'c>,
    rules: Rules,
    /// The people erased on request, whose rows are left out unless
    /// `readmit` (empty when nobody was ever erased).
    erasures: Erasures,
    readmit: bool,
    /// The last row matched a stored person: match the next before inserting.
    matching_first: bool,
    /// The sheet being read (from 1), and the names of the file's sheets so far.
    sheet: u64,
    sheets: Vec<String>,
    /// When the file being read was started, as the log keeps it.
    started_at: String,
}

impl<'c> Writer<'c> {
    pub fn new(tx: &'c Tx<'_>, readmit: bool) -> Result<Writer<'c>> {
        Ok(Writer {
            db: RosterWriter::new(tx)?,
            rules: crate::db::contacts::rule_map(tx)?,
            erasures: Erasures::load(tx)?,
            readmit,
            matching_first: false,
            sheet: 1,
            sheets: Vec::new(),
            started_at: String::new(),
        })
    }

    /// Reads what the rows of a batch will be matched against, before
    /// they are written (see `db::import`).
    pub fn prefetch<'r>(&mut self, records: impl IntoIterator<Item = &'r Record>) -> Result<()> {
        self.db.prefetch(records.into_iter().map(|r| &r.values))
    }

    /// Writes what the database side holds back, at the end of a batch
    /// and of a sheet.
    pub fn flush(&mut self) -> Result<()> {
        self.db.flush()
    }

    /// Ends the import's writing, once every file was read (see
    /// `db::import::RosterWriter::finish`).
    pub fn finish(&mut self) -> Result<()> {
        self.db.finish()
    }

    /// Starts a new file: duplicates are looked for within one file.
    pub fn start_file(&mut self) -> Result<()> {
        self.sheets.clear();
        self.started_at = crate::db::now();
        self.db.start_file()
    }

    /// When the current file was started.
    pub fn started_at(&self) -> &str {
        &self.started_at
    }

    /// Gives the career entries of the rows from now on the log row `id`
    /// of their file or sheet.
    pub fn set_import(&mut self, id: i64) {
        self.db.set_import(id);
    }

    /// Starts sheet `index` (from 1) of the file: the rows of a workbook's
    /// sheets are told apart by it in the bookkeeping of rows seen.
    pub fn start_sheet(&mut self, index: u64, name: Option<&str>) {
        self.sheet = index;
        self.sheets.push(name.unwrap_or_default().to_string());
    }

    /// A row of the current sheet as the bookkeeping keeps it.
    fn tag(&self, row: u64) -> u64 {
        (self.sheet << 32) | row
    }

    /// "row 5", or "row 5 of 正社員" for a row of another sheet.
    fn row_name(&self, tagged: u64) -> String {
        let (sheet, row) = (tagged >> 32, tagged & 0xFFFF_FFFF);
        match self.sheets.get(sheet as usize - 1) {
            Some(name) if sheet != self.sheet && !name.is_empty() => format!("row {row} of {name}"),
            _ => format!("row {row}"),
        }
    }

    /// Writes one record. The outer error is a database failure; the inner
    /// one says why this row was refused.
    pub fn write(
        &mut self,
        mut record: Record,
        key: Field,
        columns: &ColumnMap,
    ) -> Result<Result<Outcome, String>> {
        // In a first import most rows are new people, so the insert is tried
        // first: it does nothing when a key is taken, and only then is the
        // row matched against what is stored. In a re-import most rows are
        // stored already, and that try is wasted; so while rows keep
        // matching stored people, matching comes first. Rows without a key
        // are always matched by name first.
        let has_key = record.get(Field::EmployeeId).is_some() || record.get(Field::Email).is_some();
        if !self.readmit
            && let Some(on) = self.erasures.erased_on(&record.values).map(str::to_string)
            && !self.stored_again(&record)?
        {
            return Ok(Ok(Outcome::Erased { on }));
        }
        let mut source = record
            .get(Field::RehireEligible)
            .map(|_| RehireSource::Imported);
        let ruled = apply_rule(&mut record.values, &mut source, &self.rules);
        let row = self.tag(record.row);
        if has_key && !self.matching_first {
            if self.db.insert_new(&record.values, &source, row)? {
                return Ok(Ok(Outcome::Inserted {
                    values: record.values,
                }));
            }
            self.matching_first = true;
        }
        let stored = match self.resolve(&record, key, columns)? {
            Ok(stored) => stored,
            Err(why) => return Ok(Err(why)),
        };
        let Some(stored) = stored else {
            self.matching_first = false;
            self.db.insert(&record.values, &source, row)?;
            return Ok(Ok(Outcome::Inserted {
                values: record.values,
            }));
        };
        if ruled {
            // Merging starts again from what the file said.
            record.values[Field::RehireEligible.index()] = None;
        }
        // A row found through an alias or a further email is a record
        // merged into this person: its keys stay where the merge put them,
        // and it is no duplicate of the row with the primary keys.
        let through_other = self.db.through_other_key(&stored, &record.values)?;
        if through_other {
            for k in [Field::EmployeeId, Field::Email] {
                record.values[k.index()] = stored.get(k).map(String::from);
            }
        }
        if !through_other && !self.db.mark_seen(stored.id, row)? {
            let first = self
                .db
                .seen_at(stored.id)?
                .context("a duplicate's first row is not in the import's bookkeeping")?;
            return Ok(Err(format!(
                "duplicate of {}: both rows are {}",
                self.row_name(first),
                stored.display_name()
            )));
        }
        let merged = merge::merge(&stored, &record.values, &self.rules);
        if merged.changed.is_empty() {
            return Ok(Ok(Outcome::Unchanged { kept: merged.kept }));
        }
        self.db.update(
            &stored.values,
            &merged.values,
            &merged.rehire_source,
            stored.manual_fields,
            stored.id,
        )?;
        Ok(Ok(Outcome::Updated {
            before: Box::new(stored),
            after: merged.values,
            changed: merged.changed,
            kept: merged.kept,
        }))
    }

    /// Finds the stored alumnus a record is about, by `key` first and the
    /// other key second; a record whose two keys point at two different
    /// people is refused.
    fn resolve(
        &mut self,
        record: &Record,
        key: Field,
        columns: &ColumnMap,
    ) -> Result<Result<Option<Alumnus>, String>> {
        let other = if key == Field::Email {
            Field::EmployeeId
        } else {
            Field::Email
        };
        let primary = self.lookup(key, record.get(key))?;
        // Where the person found by the key holds the other key's value too,
        // nobody else can (it is unique): no second look-up.
        let secondary = match &primary {
            Some(found) if found.get(other) == record.get(other) => None,
            _ => self.lookup(other, record.get(other))?,
        };
        match (primary, secondary) {
            (Some(a), Some(b)) if a.id != b.id => {
                Ok(Err(self.conflict(other, record, &b, columns)?))
            }
            (Some(a), _) => Ok(Ok(Some(a))),
            // Found by the other key only: the same person unless the stored
            // record has a different value of the key.
            (None, Some(b)) if record.get(key).is_none() || b.get(key).is_none() => Ok(Ok(Some(b))),
            (None, Some(b)) => Ok(Err(self.conflict(other, record, &b, columns)?)),
            (None, None) if record.get(key).is_none() && record.get(other).is_none() => {
                let found = self.db.find_keyless(
                    record.get(Field::Name),
                    record.get(Field::HireDate),
                    record.get(Field::LeaveDate),
                )?;
                Ok(Ok(found))
            }
            (None, None) => Ok(Ok(None)),
        }
    }

    /// Whether a person erased before has a record again (they were
    /// readmitted): then their rows are theirs to update.
    fn stored_again(&mut self, record: &Record) -> Result<bool> {
        for key in [Field::EmployeeId, Field::Email] {
            if self.lookup(key, record.get(key))?.is_some() {
                return Ok(true);
            }
        }
        let keyless = record.get(Field::EmployeeId).is_none() && record.get(Field::Email).is_none();
        Ok(keyless
            && self
                .db
                .find_keyless(
                    record.get(Field::Name),
                    record.get(Field::HireDate),
                    record.get(Field::LeaveDate),
                )?
                .is_some())
    }

    fn lookup(&mut self, field: Field, value: Option<&str>) -> Result<Option<Alumnus>> {
        let Some(value) = value else { return Ok(None) };
        self.db.find_by_key(field, value)
    }

    /// "メールアドレス a@b.jp already belongs to 00123 山田 太郎", or, when
    /// that person came from an earlier row of this file, a duplicate.
    fn conflict(
        &mut self,
        field: Field,
        record: &Record,
        owner: &Alumnus,
        columns: &ColumnMap,
    ) -> Result<String> {
        let value = record.get(field).unwrap_or_default();
        let header = columns.header_of(field);
        Ok(match self.db.seen_at(owner.id)? {
            Some(row) => format!(
                "duplicate of {}: the same {header} {value:?} under another {}",
                self.row_name(row),
                columns.header_of(if field == Field::Email {
                    Field::EmployeeId
                } else {
                    Field::Email
                })
            ),
            None => format!(
                "{header} {value:?} already belongs to {} (#{})",
                owner.display_name(),
                owner.id
            ),
        })
    }
}
