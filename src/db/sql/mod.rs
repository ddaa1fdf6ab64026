//! The storage boundary: one connection type over the two backends, the
//! embedded SQLite file and a shared PostgreSQL database.
//!
//! Its API is the small part of rusqlite's that the rest of `db` uses
//! (`execute`, `query_row`, `prepare_cached`, `query_map`, `params!`,
//! `ToSql`/`FromSql`, `OptionalExtension`), so that every statement is
//! written once, in the SQL both backends share: ISO dates kept as text,
//! `?N` placeholders (rewritten to `$N` for PostgreSQL), `ON CONFLICT`,
//! `COALESCE`, `string_agg`, `CAST(x AS DOUBLE PRECISION)`. The few
//! statements the two dialects cannot share are chosen by
//! [`Connection::backend`] at the place they are written.
//!
//! Values cross the boundary as SQLite's five storage classes
//! ([`Value`]): PostgreSQL's integers, floats, numerics and booleans are
//! read as integers and reals, and a parameter is converted to the type
//! PostgreSQL infers for its placeholder (`pg.rs`).

pub mod pg;
mod sqlite;
pub mod types;
pub mod url;

use std::fmt;

pub use pg::PgOptions;
pub use types::{FromSql, ToSql, Value, ValueRef};
pub use url::Location;

/// The result of a statement.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A failed statement or a value that would not convert.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// `query_row` found no row (see [`OptionalExtension`]).
    QueryReturnedNoRows,
    /// A stored value that is not of the type asked for.
    FromSqlConversionFailure(usize, types::Type, Box<dyn std::error::Error + Send + Sync>),
    InvalidColumnType(usize, String, types::Type),
    InvalidColumnIndex(usize),
    InvalidColumnName(String),
    /// A parameter that cannot be given to the backend.
    ToSqlConversionFailure(Box<dyn std::error::Error + Send + Sync>),
    /// A connection or setup failure, already worded.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => e.fmt(f),
            Error::Postgres(e) => match e.as_db_error() {
                // The server's own words, without the driver's "db error: ".
                Some(db) => write!(f, "{}", db.message()),
                None => e.fmt(f),
            },
            Error::QueryReturnedNoRows => f.write_str("Query returned no rows"),
            Error::FromSqlConversionFailure(i, t, e) => {
                write!(f, "Conversion error from type {t} at index: {i}, {e}")
            }
            Error::InvalidColumnType(i, name, t) => {
                write!(f, "Invalid column type {t} at index: {i}, name: {name}")
            }
            Error::InvalidColumnIndex(i) => write!(f, "Invalid column index: {i}"),
            Error::InvalidColumnName(name) => write!(f, "Invalid column name: {name}"),
            Error::ToSqlConversionFailure(e) => e.fmt(f),
            Error::Other(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            // Its message is the server's, shown already.
            Error::Postgres(_) => None,
            Error::FromSqlConversionFailure(_, _, e) | Error::ToSqlConversionFailure(e) => {
                Some(e.as_ref())
            }
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::QueryReturnedNoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<types::FromSqlError> for Error {
    fn from(e: types::FromSqlError) -> Error {
        Error::FromSqlConversionFailure(usize::MAX, types::Type::Null, Box::new(e))
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

impl Error {
    /// SQLite's result code, for the few callers that tell a busy or
    /// damaged file apart.
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Sqlite(e) => e.sqlite_error_code(),
            _ => None,
        }
    }

    /// PostgreSQL's SQLSTATE, five characters.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Error::Postgres(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }

    /// A uniqueness, foreign key, check or not-null constraint refused the
    /// statement, on either backend.
    pub fn is_constraint(&self) -> bool {
        self.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
            || self.sqlstate().is_some_and(|s| s.starts_with("23"))
    }

    /// The database role may not do this (PostgreSQL's 42501).
    pub fn is_permission_denied(&self) -> bool {
        self.sqlstate() == Some("42501")
    }
}

/// `query_row(...).optional()`: no row is `None`, as in rusqlite.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The parameters of a statement: an array of values, `params![…]`,
/// `params_from_iter(…)`, or `[]`.
pub trait Params {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R;
}

impl Params for [&dyn ToSql; 0] {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[])
    }
}

impl Params for &[&dyn ToSql] {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

impl<const N: usize> Params for &[&dyn ToSql; N] {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                let refs: [&dyn ToSql; $n] = std::array::from_fn(|i| &self[i] as &dyn ToSql);
                f(&refs)
            }
        }
    )+};
}

array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator, as rusqlite's `params_from_iter`.
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let items: Vec<I::Item> = self.0.into_iter().collect();
        let refs: Vec<&dyn ToSql> = items.iter().map(|v| v as &dyn ToSql).collect();
        f(&refs)
    }
}

/// `params![a, b, …]`: the parameters of one statement, as in rusqlite.
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::sql::ToSql] };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::db::sql::ToSql),+] as &[&dyn $crate::db::sql::ToSql]
    };
}
pub(crate) use params;

/// An open connection to either backend.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<pg::Client>),
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Connection({:?})", self.backend())
    }
}

impl Connection {
    /// A bare SQLite database in memory, without alumni's schema: for
    /// unit tests of single statements.
    pub fn open_in_memory() -> Result<Connection> {
        Ok(Connection::from_sqlite(
            rusqlite::Connection::open_in_memory()?,
        ))
    }

    /// A connection over an SQLite handle opened by `db`.
    pub fn from_sqlite(conn: rusqlite::Connection) -> Connection {
        Connection {
            inner: Inner::Sqlite(conn),
        }
    }

    /// Connects to the PostgreSQL database `options` name.
    pub fn connect_postgres(options: &PgOptions) -> Result<Connection> {
        Ok(Connection {
            inner: Inner::Postgres(Box::new(pg::Client::connect(options)?)),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// The SQLite handle, for what only SQLite has (pragmas, functions,
    /// the file itself); `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(conn) => Some(conn),
            Inner::Postgres(_) => None,
        }
    }

    /// The SQL text for this backend: `sqlite` where SQLite runs it,
    /// `postgres` where PostgreSQL does.
    pub fn pick<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self.backend() {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match &self.inner {
            Inner::Sqlite(conn) => params.with_values(|values| sqlite::execute(conn, sql, values)),
            Inner::Postgres(client) => params.with_values(|values| client.execute(sql, values)),
        }
    }

    /// Runs statements without parameters, separated by semicolons.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Inner::Postgres(client) => client.batch(sql),
        }
    }

    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut stmt = self.prepare_cached(sql)?;
        stmt.query_row(params, f)
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(Statement::Sqlite(sqlite::Stmt::Plain(conn.prepare(sql)?))),
            Inner::Postgres(client) => Ok(Statement::Postgres(client.prepare(sql)?)),
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(Statement::Sqlite(sqlite::Stmt::Cached(
                conn.prepare_cached(sql)?,
            ))),
            Inner::Postgres(client) => Ok(Statement::Postgres(client.prepare(sql)?)),
        }
    }

    /// Inserts rows into `table`: `values` holds them one after another,
    /// `columns.len()` values each. SQLite runs one prepared INSERT per
    /// row; PostgreSQL takes them all in one `COPY`, one round trip.
    /// Returns how many rows were inserted.
    pub fn insert_rows(&self, table: &str, columns: &[&str], values: &[&dyn ToSql]) -> Result<u64> {
        match &self.inner {
            Inner::Sqlite(conn) => sqlite::insert_rows(conn, table, columns, values),
            Inner::Postgres(client) => client.copy_rows(table, columns, values),
        }
    }

    /// The id the last insert gave its row.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner {
            Inner::Sqlite(conn) => conn.last_insert_rowid(),
            Inner::Postgres(client) => client.last_insert_id(),
        }
    }

    /// How long a write waits for another's lock.
    pub fn busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.busy_timeout(wait)?),
            Inner::Postgres(client) => client.lock_timeout(wait),
        }
    }

    /// Begins a transaction that writes: on SQLite `BEGIN IMMEDIATE`, which
    /// takes the write lock at once; on PostgreSQL a transaction holding
    /// the schema's write lock (an advisory lock), so that writers follow
    /// one another as they do on SQLite.
    pub fn begin_write(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("BEGIN IMMEDIATE")?),
            Inner::Postgres(client) => client.begin_write(),
        }
    }

    /// The snapshot of the read transaction under way, for a second
    /// connection to read the same state at the same time: PostgreSQL's,
    /// in a read ([`Connection::begin_read`]); none on SQLite or in a
    /// write.
    pub fn share_snapshot(&self) -> Result<Option<SharedSnapshot>> {
        match &self.inner {
            Inner::Sqlite(_) => Ok(None),
            Inner::Postgres(client) => Ok(client.export_snapshot()?.map(SharedSnapshot)),
        }
    }

    /// Begins a transaction that reads one snapshot.
    pub fn begin_read(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("BEGIN DEFERRED")?),
            Inner::Postgres(client) => client.begin_read(),
        }
    }

    pub fn commit(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("COMMIT")?),
            Inner::Postgres(client) => client.end("COMMIT"),
        }
    }

    pub fn rollback(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("ROLLBACK")?),
            Inner::Postgres(client) => client.end("ROLLBACK"),
        }
    }
}

/// A read's snapshot, shared with another connection: see
/// [`Connection::share_snapshot`].
pub struct SharedSnapshot(pg::Snapshot);

impl SharedSnapshot {
    /// A new connection, in a read transaction (rolled back as any read's)
    /// that sees the snapshot; valid while the sharing read is open.
    pub fn connect(&self) -> Result<Connection> {
        Ok(Connection {
            inner: Inner::Postgres(Box::new(self.0.connect()?)),
        })
    }
}

/// A prepared statement.
pub enum Statement<'c> {
    Sqlite(sqlite::Stmt<'c>),
    Postgres(pg::Stmt<'c>),
}

impl Statement<'_> {
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match self {
            Statement::Sqlite(stmt) => params.with_values(|values| stmt.execute(values)),
            Statement::Postgres(stmt) => params.with_values(|values| stmt.execute(values)),
        }
    }

    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        match self {
            Statement::Sqlite(stmt) => params.with_values(|values| stmt.query(values)),
            Statement::Postgres(stmt) => params.with_values(|values| stmt.query(values)),
        }
    }

    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            map: f,
        })
    }

    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::QueryReturnedNoRows),
        }
    }

    /// Whether the statement returns any row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }

    pub fn column_count(&self) -> usize {
        match self {
            Statement::Sqlite(stmt) => stmt.column_count(),
            Statement::Postgres(stmt) => stmt.column_names().len(),
        }
    }

    pub fn column_names(&self) -> Vec<&str> {
        match self {
            Statement::Sqlite(stmt) => stmt.column_names(),
            Statement::Postgres(stmt) => stmt.column_names(),
        }
    }
}

/// The rows of a query, read one at a time.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(pg::Rows<'s>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres(rows) => Ok(rows.next()?.map(Row::Postgres)),
        }
    }
}

/// Rows read through a function, as rusqlite's `query_map`.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    map: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.map)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a query.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r pg::PgRow),
}

/// A column by position or by name.
pub trait RowIndex: rusqlite::RowIndex + Copy {
    fn position(self, names: &[String]) -> Result<usize>;
}

impl RowIndex for usize {
    fn position(self, names: &[String]) -> Result<usize> {
        if self < names.len() {
            Ok(self)
        } else {
            Err(Error::InvalidColumnIndex(self))
        }
    }
}

impl RowIndex for &str {
    fn position(self, names: &[String]) -> Result<usize> {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(self))
            .ok_or_else(|| Error::InvalidColumnName(self.to_string()))
    }
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let value = self.get_ref(idx)?;
        T::column_result(value).map_err(|e| {
            let i = self.index_of(idx).unwrap_or(usize::MAX);
            match e {
                types::FromSqlError::InvalidType => {
                    Error::InvalidColumnType(i, self.name_of(i), value.data_type())
                }
                e => Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)),
            }
        })
    }

    pub fn get_ref<I: RowIndex>(&self, idx: I) -> Result<ValueRef<'_>> {
        match self {
            Row::Sqlite(row) => Ok(ValueRef::from(row.get_ref(idx)?)),
            Row::Postgres(row) => {
                let i = idx.position(row.names())?;
                Ok(row.value(i).as_ref())
            }
        }
    }

    fn index_of<I: RowIndex>(&self, idx: I) -> Result<usize> {
        match self {
            Row::Sqlite(row) => {
                let names: Vec<String> = row
                    .as_ref()
                    .column_names()
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                idx.position(&names)
            }
            Row::Postgres(row) => idx.position(row.names()),
        }
    }

    fn name_of(&self, i: usize) -> String {
        match self {
            Row::Sqlite(row) => row.as_ref().column_name(i).unwrap_or("").to_string(),
            Row::Postgres(row) => row.names().get(i).cloned().unwrap_or_default(),
        }
    }
}
