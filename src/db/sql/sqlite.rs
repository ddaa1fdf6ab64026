//! The SQLite side of the boundary: rusqlite underneath, with parameters
//! bound through [`Bind`].

use std::rc::Rc;

use super::types::{ToSql, ToSqlOutput, ValueRef};
use super::{Result, Rows};

/// A parameter as rusqlite takes it.
enum Bind<'a> {
    Value(ToSqlOutput<'a>),
    Array(rusqlite::vtab::array::Array),
}

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput as Out, ValueRef as R};
        Ok(match self {
            Bind::Array(array) => return array.to_sql(),
            Bind::Value(value) => Out::Borrowed(match value.value_ref() {
                ValueRef::Null => R::Null,
                ValueRef::Integer(n) => R::Integer(n),
                ValueRef::Real(x) => R::Real(x),
                ValueRef::Text(t) => R::Text(t),
                ValueRef::Blob(b) => R::Blob(b),
            }),
        })
    }
}

fn binds<'a>(values: &'a [&'a dyn ToSql]) -> Result<Vec<Bind<'a>>> {
    values
        .iter()
        .map(|v| {
            Ok(match v.to_sql()? {
                ToSqlOutput::Array(ids) => Bind::Array(Rc::new(
                    ids.iter()
                        .map(|&n| rusqlite::types::Value::Integer(n))
                        .collect(),
                )),
                value => Bind::Value(value),
            })
        })
        .collect()
}

fn as_params<'a>(binds: &'a [Bind<'a>]) -> Vec<&'a dyn rusqlite::ToSql> {
    binds.iter().map(|b| b as &dyn rusqlite::ToSql).collect()
}

pub(super) fn execute(
    conn: &rusqlite::Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<usize> {
    let binds = binds(values)?;
    Ok(conn
        .prepare_cached(sql)?
        .execute(as_params(&binds).as_slice())?)
}

/// One prepared INSERT into `table`, run for each row of `values`
/// (`columns.len()` values a row).
pub(super) fn insert_rows(
    conn: &rusqlite::Connection,
    table: &str,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> Result<u64> {
    let width = columns.len();
    if width == 0 {
        return Ok(0);
    }
    let list: Vec<String> = columns.iter().map(|c| super::pg::quote_ident(c)).collect();
    let marks = vec!["?"; width].join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({marks})",
        list.join(", ")
    ))?;
    let mut inserted = 0;
    for row in values.chunks(width) {
        let binds = binds(row)?;
        inserted += stmt.execute(as_params(&binds).as_slice())? as u64;
    }
    Ok(inserted)
}

/// A prepared statement, cached or not.
pub enum Stmt<'c> {
    Plain(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
}

impl<'c> Stmt<'c> {
    fn get(&mut self) -> &mut rusqlite::Statement<'c> {
        match self {
            Stmt::Plain(s) => s,
            Stmt::Cached(s) => s,
        }
    }

    fn get_ref(&self) -> &rusqlite::Statement<'c> {
        match self {
            Stmt::Plain(s) => s,
            Stmt::Cached(s) => s,
        }
    }

    pub(super) fn execute(&mut self, values: &[&dyn ToSql]) -> Result<usize> {
        let binds = binds(values)?;
        Ok(self.get().execute(as_params(&binds).as_slice())?)
    }

    pub(super) fn query(&mut self, values: &[&dyn ToSql]) -> Result<Rows<'_>> {
        let binds = binds(values)?;
        let stmt = self.get();
        // Bound here, so that the rows borrow only the statement.
        for (i, b) in binds.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, b)?;
        }
        let expected = stmt.parameter_count();
        if expected != binds.len() {
            return Err(rusqlite::Error::InvalidParameterCount(binds.len(), expected).into());
        }
        Ok(Rows::Sqlite(stmt.raw_query()))
    }

    pub(super) fn column_count(&self) -> usize {
        self.get_ref().column_count()
    }

    pub(super) fn column_names(&self) -> Vec<&str> {
        self.get_ref().column_names()
    }
}
