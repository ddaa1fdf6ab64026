//! The PostgreSQL side of the boundary: the synchronous `postgres` client.
//!
//! Statements are written in the SQL both backends share, with SQLite's
//! `?N` placeholders, which [`translate`] rewrites to `$N`. A parameter is
//! converted to the type PostgreSQL infers for its placeholder, and every
//! result column is read back as one of SQLite's storage classes, so that
//! the code above sees the same values from both backends.
//!
//! Writers take the schema's advisory lock when they begin, so that two
//! people's imports and edits follow one another, as on SQLite. Reads run
//! in a REPEATABLE READ transaction, one snapshot for a whole export or
//! report; their queries stream through a cursor, a thousand rows at
//! first and more as a read goes on (see [`FETCH_FIRST`]). Other queries
//! read their rows whole.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::error::Error as StdError;
use std::rc::Rc;
use std::sync::Arc;

use bytes::BytesMut;
use postgres::types::{FromSql as PgFromSql, IsNull, ToSql as PgToSql, Type as PgType};

use super::types::{ToSqlOutput, Value, ValueRef};
use super::{Error, Result};

/// How to reach a PostgreSQL database: the driver's configuration, the
/// schema named by `?schema=`, how TLS is used, and the address as it may
/// be shown (never with a password).
#[derive(Clone)]
pub struct PgOptions {
    pub config: postgres::Config,
    pub schema: Option<String>,
    pub tls: Tls,
    pub shown: String,
}

/// `sslmode`, as libpq reads it: `disable`; `prefer` (the default) and
/// `require`, which encrypt without checking the server's certificate;
/// `verify-ca`, which checks that an authority of the system's
/// certificates (or of `sslrootcert`) signed it, and `verify-full`, which
/// also checks that it names the host connected to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    Disable,
    Prefer,
    Require,
    Verify {
        root_cert: Option<std::path::PathBuf>,
        /// The certificate must name the host (`verify-full`).
        host: bool,
    },
}

/// How many rows a read's cursor fetches first; each FETCH that comes
/// back full asks for twice as many, up to [`FETCH_MOST`]. A report reads
/// a million rows in about 130 round trips rather than a thousand, which
/// a server across a network makes count, while a small read still asks
/// for little and the rows held at once stay bounded.
const FETCH_FIRST: usize = 1000;
const FETCH_MOST: usize = 8000;

/// How many bytes of a COPY's rows are sent at a time.
const COPY_CHUNK: usize = 16 * 1024;

/// The rows the FETCH after one of `rows` (which came back full) asks for.
fn next_fetch(rows: usize) -> usize {
    (rows * 2).min(FETCH_MOST)
}

pub struct Client {
    client: RefCell<postgres::Client>,
    cache: RefCell<HashMap<String, postgres::Statement>>,
    /// Inside a transaction begun by [`Client::begin_read`].
    reading: Cell<bool>,
    /// Inside a transaction begun by [`Client::begin_write`].
    writing: Cell<bool>,
    cursors: Cell<u64>,
    /// How it was reached, for a second connection to the same database.
    options: PgOptions,
}

/// A read transaction's snapshot, exported (`pg_export_snapshot`) for a
/// second connection to read the same database state at the same time. It
/// can be taken up only while the exporting transaction is open.
pub struct Snapshot {
    options: PgOptions,
    id: String,
}

impl Client {
    pub fn connect(options: &PgOptions) -> Result<Client> {
        let tls = tls_connector(&options.tls)?;
        let mut config = options.config.clone();
        config.ssl_mode(match options.tls {
            Tls::Disable => postgres::config::SslMode::Disable,
            Tls::Prefer => postgres::config::SslMode::Prefer,
            Tls::Require | Tls::Verify { .. } => postgres::config::SslMode::Require,
        });
        config.application_name("alumni");
        let client = config.connect(tls).map_err(|e| {
            Error::Other(crate::i18n::tr!(
                "db-connect-failed",
                db = options.shown.clone(),
                why = connect_reason(&e)
            ))
        })?;
        let client = Client {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            reading: Cell::new(false),
            writing: Cell::new(false),
            cursors: Cell::new(0),
            options: options.clone(),
        };
        let mut setup = String::from("SET client_min_messages = warning;");
        if let Some(schema) = &options.schema {
            setup.push_str(&format!("SET search_path TO {};", quote_ident(schema)));
        }
        client.batch(&setup)?;
        Ok(client)
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(stmt) = self.cache.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self
            .client
            .borrow_mut()
            .prepare(&translate(sql))
            .map_err(|e| debug_sql(e.into(), sql))?;
        self.cache
            .borrow_mut()
            .insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&self, sql: &str, values: &[&dyn super::types::ToSql]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let params = params(values)?;
        let n = self.client.borrow_mut().execute(&stmt, &refs(&params))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        let stmt = self.statement(sql)?;
        let names: Rc<[String]> = stmt
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        Ok(Stmt {
            client: self,
            sql: sql.to_string(),
            stmt,
            names,
        })
    }

    /// Inserts rows with `COPY … FROM STDIN`: `values` holds them one after
    /// another, `columns.len()` values each. One round trip for them all;
    /// the table's triggers and constraints apply as to an INSERT.
    pub fn copy_rows(
        &self,
        table: &str,
        columns: &[&str],
        values: &[&dyn super::types::ToSql],
    ) -> Result<u64> {
        let width = columns.len();
        if width == 0 || values.is_empty() {
            return Ok(0);
        }
        let list: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
        let list = list.join(", ");
        // The columns' types, from a statement that reads none of their rows.
        let types: Vec<PgType> = self
            .statement(&format!("SELECT {list} FROM {table} LIMIT 0"))?
            .columns()
            .iter()
            .map(|c| c.type_().clone())
            .collect();
        let mut client = self.client.borrow_mut();
        let mut writer = client.copy_in(&format!("COPY {table} ({list}) FROM STDIN"))?;
        let mut send = |text: &[u8]| {
            std::io::Write::write_all(&mut writer, text)
                .map_err(|e| Error::Other(format!("cannot send the rows of {table}: {e}")))
        };
        // The rows are sent as they are written out, a chunk at a time, so
        // that the server stores the first while the rest are made. A value
        // that cannot be given drops the writer unfinished, which ends the
        // COPY without a row of it kept.
        let mut text = Vec::with_capacity(COPY_CHUNK + 4096);
        for (i, value) in values.iter().enumerate() {
            let column = i % width;
            copy_text(&value.to_sql()?, &types[column], &mut text)
                .map_err(|why| Error::Other(format!("{table}.{}: {why}", columns[column])))?;
            if column + 1 == width {
                text.push(b'\n');
                if text.len() >= COPY_CHUNK {
                    send(&text)?;
                    text.clear();
                }
            } else {
                text.push(b'\t');
            }
        }
        send(&text)?;
        Ok(writer.finish()?)
    }

    pub fn last_insert_id(&self) -> i64 {
        self.client
            .borrow_mut()
            .query_one("SELECT current_setting('alumni.last_id', true)", &[])
            .ok()
            .and_then(|row| row.try_get::<_, Option<String>>(0).ok().flatten())
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    }

    pub fn lock_timeout(&self, wait: std::time::Duration) -> Result<()> {
        self.batch(&format!("SET lock_timeout = {}", wait.as_millis()))
    }

    pub fn begin_write(&self) -> Result<()> {
        self.batch(
            "BEGIN ISOLATION LEVEL READ COMMITTED;
             SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), 1096));",
        )?;
        self.writing.set(true);
        Ok(())
    }

    pub fn begin_read(&self) -> Result<()> {
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ")?;
        self.reading.set(true);
        Ok(())
    }

    /// The snapshot of the read transaction under way, for another
    /// connection to read too; none in a write, whose own changes another
    /// connection could not see.
    pub fn export_snapshot(&self) -> Result<Option<Snapshot>> {
        if !self.reading.get() || self.writing.get() {
            return Ok(None);
        }
        let row = self
            .client
            .borrow_mut()
            .query_one("SELECT pg_export_snapshot()", &[])?;
        Ok(Some(Snapshot {
            options: self.options.clone(),
            id: row.try_get(0)?,
        }))
    }

    /// Commits or rolls back. A write's commit first keeps the highest ids
    /// its inserts gave (the schema's `alumni_keep_sequences`), as SQLite
    /// keeps `sqlite_sequence`.
    pub fn end(&self, how: &str) -> Result<()> {
        self.reading.set(false);
        let wrote = self.writing.replace(false);
        if wrote && how == "COMMIT" {
            return self.batch("SELECT alumni_keep_sequences(); COMMIT");
        }
        self.batch(how)
    }
}

impl Snapshot {
    /// A new connection in a read-only transaction that sees this
    /// snapshot.
    pub fn connect(&self) -> Result<Client> {
        let client = Client::connect(&self.options)?;
        client.batch(&format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{}'",
            self.id.replace('\'', "''")
        ))?;
        client.reading.set(true);
        Ok(client)
    }
}

/// A statement prepared on the server.
pub struct Stmt<'c> {
    client: &'c Client,
    sql: String,
    stmt: postgres::Statement,
    names: Rc<[String]>,
}

impl Stmt<'_> {
    pub(super) fn execute(&mut self, values: &[&dyn super::types::ToSql]) -> Result<usize> {
        let params = params(values)?;
        let n = self
            .client
            .client
            .borrow_mut()
            .execute(&self.stmt, &refs(&params))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(super) fn query(&mut self, values: &[&dyn super::types::ToSql]) -> Result<super::Rows<'_>> {
        let params = params(values)?;
        if self.client.reading.get() && !self.stmt.columns().is_empty() {
            let n = self.client.cursors.get() + 1;
            self.client.cursors.set(n);
            let name = format!("alumni_cursor_{n}");
            self.client.client.borrow_mut().execute(
                &format!(
                    "DECLARE {name} NO SCROLL CURSOR FOR {}",
                    translate(&self.sql)
                ),
                &refs(&params),
            )?;
            return Ok(super::Rows::Postgres(Rows {
                client: self.client,
                names: self.names.clone(),
                types: self
                    .stmt
                    .columns()
                    .iter()
                    .map(|c| c.type_().clone())
                    .collect(),
                buffer: VecDeque::new(),
                cursor: Some(name),
                fetch: FETCH_FIRST,
                current: None,
            }));
        }
        let rows = self
            .client
            .client
            .borrow_mut()
            .query(&self.stmt, &refs(&params))?;
        let buffer = rows
            .iter()
            .map(|row| {
                let values = (0..row.len())
                    .map(|i| row.try_get::<_, Cell0>(i).map(|c| c.0))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                Ok(PgRow {
                    values,
                    names: self.names.clone(),
                })
            })
            .collect::<Result<VecDeque<_>>>()?;
        Ok(super::Rows::Postgres(Rows {
            client: self.client,
            names: self.names.clone(),
            types: Vec::new(),
            buffer,
            cursor: None,
            fetch: FETCH_FIRST,
            current: None,
        }))
    }

    pub(super) fn column_names(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }
}

/// The rows of a query: read whole, or fetched from a cursor.
pub struct Rows<'s> {
    client: &'s Client,
    names: Rc<[String]>,
    types: Vec<PgType>,
    buffer: VecDeque<PgRow>,
    cursor: Option<String>,
    /// How many rows the cursor's next FETCH asks for.
    fetch: usize,
    current: Option<PgRow>,
}

impl Rows<'_> {
    pub(super) fn next(&mut self) -> Result<Option<&PgRow>> {
        if self.buffer.is_empty() {
            self.fetch()?;
        }
        self.current = self.buffer.pop_front();
        Ok(self.current.as_ref())
    }

    fn fetch(&mut self) -> Result<()> {
        let Some(cursor) = &self.cursor else {
            return Ok(());
        };
        let messages = self
            .client
            .client
            .borrow_mut()
            .simple_query(&format!("FETCH {} FROM {cursor}", self.fetch))?;
        for message in messages {
            if let postgres::SimpleQueryMessage::Row(row) = message {
                let values = self
                    .types
                    .iter()
                    .enumerate()
                    .map(|(i, ty)| from_text(ty, row.get(i)))
                    .collect::<Result<Vec<_>>>()?;
                self.buffer.push_back(PgRow {
                    values,
                    names: self.names.clone(),
                });
            }
        }
        if self.buffer.len() < self.fetch {
            let cursor = self.cursor.take().expect("an open cursor");
            self.client.batch(&format!("CLOSE {cursor}"))?;
        } else {
            self.fetch = next_fetch(self.fetch);
        }
        Ok(())
    }
}

impl Drop for Rows<'_> {
    fn drop(&mut self) {
        if let Some(cursor) = self.cursor.take() {
            // An aborted transaction has closed it already.
            let _ = self.client.batch(&format!("CLOSE {cursor}"));
        }
    }
}

/// One row, its values read.
pub struct PgRow {
    values: Vec<Value>,
    names: Rc<[String]>,
}

impl PgRow {
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn value(&self, i: usize) -> &Value {
        &self.values[i]
    }
}

/// With `$ALUMNI_DEBUG_SQL` set, an error names the statement it came
/// from: for whoever works on the SQL, never in a user's messages.
fn debug_sql(e: Error, sql: &str) -> Error {
    if std::env::var_os("ALUMNI_DEBUG_SQL").is_some() {
        Error::Other(format!("{e}\n  in: {}", translate(sql)))
    } else {
        e
    }
}

/// `?N` and `?` placeholders as `$N`; quoted text and comments untouched.
pub fn translate(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' | b'"' => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == c)
                    .map_or(bytes.len(), |p| i + 1 + p + 1);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'?' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits == 0 {
                    out.push_str(&format!("${next}"));
                    next += 1;
                } else {
                    let n = &sql[i + 1..i + 1 + digits];
                    next = n.parse::<usize>().unwrap_or(0) + 1;
                    out.push('$');
                    out.push_str(n);
                }
                i += 1 + digits;
            }
            _ => {
                let len = sql[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&sql[i..i + len]);
                i += len;
            }
        }
    }
    out
}

/// `"name"`, for an identifier built into a statement.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One value in `COPY`'s text format, for a column of type `ty`: `\\N` for
/// NULL, backslash, tab and line ends escaped, bytes as `bytea` hex.
fn copy_text(
    value: &ToSqlOutput<'_>,
    ty: &PgType,
    out: &mut Vec<u8>,
) -> std::result::Result<(), String> {
    fn escaped(text: &[u8], out: &mut Vec<u8>) {
        for &b in text {
            match b {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                _ => out.push(b),
            }
        }
    }
    fn hex(bytes: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(b"\\\\x");
        for b in bytes {
            out.extend_from_slice(format!("{b:02x}").as_bytes());
        }
    }
    if let ToSqlOutput::Array(_) = value {
        return Err("a list of ids cannot be copied".into());
    }
    match value.value_ref() {
        ValueRef::Null => out.extend_from_slice(b"\\N"),
        ValueRef::Integer(n) if *ty == PgType::BOOL => out.push(if n != 0 { b't' } else { b'f' }),
        ValueRef::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        ValueRef::Real(x)
            if matches!(*ty, PgType::INT8 | PgType::INT4 | PgType::INT2) && x.fract() == 0.0 =>
        {
            out.extend_from_slice((x as i64).to_string().as_bytes())
        }
        ValueRef::Real(x) => out.extend_from_slice(x.to_string().as_bytes()),
        ValueRef::Text(t) | ValueRef::Blob(t) if *ty == PgType::BYTEA => hex(t, out),
        ValueRef::Text(t) => escaped(t, out),
        ValueRef::Blob(b) => match std::str::from_utf8(b) {
            Ok(text) => escaped(text.as_bytes(), out),
            Err(_) => return Err(format!("bytes cannot be given as {ty}")),
        },
    }
    Ok(())
}

/// A parameter, owned so that it can be sent to the driver's thread.
#[derive(Debug)]
enum Param {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    Ids(Vec<i64>),
}

fn params(values: &[&dyn super::types::ToSql]) -> Result<Vec<Param>> {
    values
        .iter()
        .map(|v| {
            Ok(match super::types::ToSql::to_sql(*v)? {
                ToSqlOutput::Array(ids) => Param::Ids(ids.to_vec()),
                out => match out.value_ref() {
                    ValueRef::Null => Param::Null,
                    ValueRef::Integer(n) => Param::Integer(n),
                    ValueRef::Real(x) => Param::Real(x),
                    ValueRef::Text(t) => Param::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Param::Blob(b.to_vec()),
                },
            })
        })
        .collect()
}

fn refs(params: &[Param]) -> Vec<&(dyn PgToSql + Sync)> {
    params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect()
}

type BoxError = Box<dyn StdError + Sync + Send>;

fn is_text(ty: &PgType) -> bool {
    matches!(
        *ty,
        PgType::TEXT | PgType::VARCHAR | PgType::BPCHAR | PgType::NAME | PgType::UNKNOWN
    )
}

impl PgToSql for Param {
    fn to_sql(&self, ty: &PgType, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self {
            Param::Null => Ok(IsNull::Yes),
            Param::Integer(n) => match *ty {
                PgType::INT8 => PgToSql::to_sql(&n, ty, out),
                PgType::INT4 => PgToSql::to_sql(&i32::try_from(*n)?, ty, out),
                PgType::INT2 => PgToSql::to_sql(&i16::try_from(*n)?, ty, out),
                PgType::FLOAT8 => PgToSql::to_sql(&(*n as f64), ty, out),
                PgType::FLOAT4 => PgToSql::to_sql(&(*n as f32), ty, out),
                PgType::BOOL => PgToSql::to_sql(&(*n != 0), ty, out),
                PgType::NUMERIC => numeric(&n.to_string(), out),
                _ if is_text(ty) => PgToSql::to_sql(&n.to_string(), &PgType::TEXT, out),
                _ => Err(format!("an integer cannot be given as {ty}").into()),
            },
            Param::Real(x) => match *ty {
                PgType::FLOAT8 => PgToSql::to_sql(&x, ty, out),
                PgType::FLOAT4 => PgToSql::to_sql(&(*x as f32), ty, out),
                PgType::NUMERIC => numeric(&x.to_string(), out),
                PgType::INT8 if x.fract() == 0.0 => PgToSql::to_sql(&(*x as i64), ty, out),
                _ if is_text(ty) => PgToSql::to_sql(&x.to_string(), &PgType::TEXT, out),
                _ => Err(format!("a real number cannot be given as {ty}").into()),
            },
            Param::Text(t) => match *ty {
                PgType::INT8 => PgToSql::to_sql(&t.trim().parse::<i64>()?, ty, out),
                PgType::INT4 => PgToSql::to_sql(&t.trim().parse::<i32>()?, ty, out),
                PgType::INT2 => PgToSql::to_sql(&t.trim().parse::<i16>()?, ty, out),
                PgType::FLOAT8 => PgToSql::to_sql(&t.trim().parse::<f64>()?, ty, out),
                PgType::NUMERIC => numeric(t.trim(), out),
                PgType::BYTEA => PgToSql::to_sql(&t.as_bytes(), ty, out),
                _ => PgToSql::to_sql(&t.as_str(), &PgType::TEXT, out),
            },
            Param::Blob(b) => match *ty {
                PgType::BYTEA => PgToSql::to_sql(&b.as_slice(), ty, out),
                _ if is_text(ty) => PgToSql::to_sql(&std::str::from_utf8(b)?, &PgType::TEXT, out),
                _ => Err(format!("bytes cannot be given as {ty}").into()),
            },
            Param::Ids(ids) => match *ty {
                PgType::INT8_ARRAY => PgToSql::to_sql(&ids, ty, out),
                _ => Err(format!("a list of ids cannot be given as {ty}").into()),
            },
        }
    }

    fn accepts(_: &PgType) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A NUMERIC parameter, from its decimal text, in the binary format.
fn numeric(text: &str, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
    use bytes::BufMut;
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(format!("{text} is not a number").into());
    }
    // Base-10000 groups: the integer part padded on the left, the
    // fraction on the right.
    let int_pad = (4 - int.len() % 4) % 4;
    let int_text = format!("{}{int}", "0".repeat(int_pad));
    let frac_pad = (4 - frac.len() % 4) % 4;
    let frac_text = format!("{frac}{}", "0".repeat(frac_pad));
    let mut groups: Vec<i16> = int_text
        .as_bytes()
        .chunks(4)
        .chain(frac_text.as_bytes().chunks(4))
        .map(|c| std::str::from_utf8(c).unwrap().parse::<i16>().unwrap())
        .collect();
    let mut weight = i16::try_from(int_text.len() / 4).unwrap_or(i16::MAX) - 1;
    while groups.first() == Some(&0) {
        groups.remove(0);
        weight -= 1;
    }
    while groups.last() == Some(&0) {
        groups.pop();
    }
    out.put_i16(i16::try_from(groups.len())?);
    out.put_i16(if groups.is_empty() { 0 } else { weight });
    out.put_u16(if negative { 0x4000 } else { 0 });
    out.put_u16(u16::try_from(frac.len())?);
    for g in groups {
        out.put_i16(g);
    }
    Ok(IsNull::No)
}

/// One result value, read as a storage class.
struct Cell0(Value);

impl<'a> PgFromSql<'a> for Cell0 {
    fn from_sql(ty: &PgType, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Cell0(match *ty {
            PgType::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            PgType::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            PgType::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            PgType::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            PgType::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            PgType::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            PgType::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            PgType::NUMERIC => number(&numeric_text(raw)?),
            PgType::BYTEA => Value::Blob(raw.to_vec()),
            _ if is_text(ty) => Value::Text(String::from_utf8(raw.to_vec())?),
            _ => return Err(format!("a column of type {ty} is not read by alumni").into()),
        }))
    }

    fn from_sql_null(_: &PgType) -> std::result::Result<Self, BoxError> {
        Ok(Cell0(Value::Null))
    }

    fn accepts(_: &PgType) -> bool {
        true
    }
}

/// A decimal text as an integer where it is whole, else a real.
fn number(text: &str) -> Value {
    match text.parse::<i64>() {
        Ok(n) => Value::Integer(n),
        Err(_) => Value::Real(text.parse::<f64>().unwrap_or(f64::NAN)),
    }
}

/// The decimal text of a binary NUMERIC.
fn numeric_text(raw: &[u8]) -> std::result::Result<String, BoxError> {
    let word = |i: usize| -> std::result::Result<u16, BoxError> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "a short NUMERIC".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(word(2)? as i16);
    let sign = word(4)?;
    let dscale = usize::from(word(6)?);
    if sign == 0xC000 {
        return Ok("NaN".into());
    }
    let digits: Vec<u16> = (0..ndigits)
        .map(|k| word(8 + 2 * k))
        .collect::<std::result::Result<_, _>>()?;
    let mut int = String::new();
    for k in 0..=weight.max(-1) {
        let d = usize::try_from(k)
            .ok()
            .and_then(|k| digits.get(k))
            .copied()
            .unwrap_or(0);
        if int.is_empty() {
            if d != 0 {
                int.push_str(&d.to_string());
            }
        } else {
            int.push_str(&format!("{d:04}"));
        }
    }
    if int.is_empty() {
        int.push('0');
    }
    let mut frac = String::new();
    let mut k = weight + 1;
    while frac.len() < dscale {
        let d = usize::try_from(k)
            .ok()
            .and_then(|k| digits.get(k))
            .copied()
            .unwrap_or(0);
        frac.push_str(&format!("{d:04}"));
        k += 1;
    }
    frac.truncate(dscale);
    let sign = if sign == 0x4000 { "-" } else { "" };
    Ok(
        if frac.is_empty() || frac.bytes().all(|b| b == b'0') && dscale == 0 {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        },
    )
}

/// A value a cursor's FETCH gave as text, read by its column's type.
fn from_text(ty: &PgType, text: Option<&str>) -> Result<Value> {
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    let bad = || Error::Other(format!("cannot read {text:?} as {ty}"));
    Ok(match *ty {
        PgType::INT8 | PgType::INT4 | PgType::INT2 | PgType::OID => {
            Value::Integer(text.parse().map_err(|_| bad())?)
        }
        PgType::BOOL => Value::Integer(i64::from(text == "t")),
        PgType::FLOAT8 | PgType::FLOAT4 => Value::Real(match text {
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            _ => text.parse().map_err(|_| bad())?,
        }),
        PgType::NUMERIC => {
            // Whole numbers print without a point unless their scale is
            // above zero; "12.00" is still the integer 12.
            match text.split_once('.') {
                Some((int, frac)) if frac.bytes().all(|b| b == b'0') => number(int),
                _ => number(text),
            }
        }
        PgType::BYTEA => {
            let hex = text.strip_prefix("\\x").ok_or_else(bad)?;
            Value::Blob(
                (0..hex.len() / 2)
                    .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| bad())?,
            )
        }
        _ if is_text(ty) => Value::Text(text.to_string()),
        _ => {
            return Err(Error::Other(format!(
                "a column of type {ty} is not read by alumni"
            )));
        }
    })
}

fn tls_connector(tls: &Tls) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?;
    let config = match tls {
        Tls::Verify { root_cert, host } => {
            let mut roots = rustls::RootCertStore::empty();
            match root_cert {
                Some(path) => {
                    let pem = std::fs::read(path).map_err(|e| {
                        Error::Other(format!("cannot read sslrootcert {}: {e}", path.display()))
                    })?;
                    for cert in rustls_pemfile_certs(&pem) {
                        let _ = roots.add(cert);
                    }
                }
                None => {
                    for cert in rustls_native_certs::load_native_certs().certs {
                        let _ = roots.add(cert);
                    }
                }
            }
            if *host {
                builder.with_root_certificates(roots).with_no_client_auth()
            } else {
                let chain = rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider,
                )
                .build()
                .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(AnyName(chain)))
                    .with_no_client_auth()
            }
        }
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth(),
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The DER certificates of a PEM file.
fn rustls_pemfile_certs(pem: &[u8]) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem)
        .filter_map(std::result::Result::ok)
        .collect()
}

/// `sslmode=prefer` and `require`: the connection is encrypted, and the
/// certificate is not checked, as libpq does for these modes.
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the certificate must be signed by an authority
/// trusted, as `verify-full` checks it, but may name another host than the
/// one connected to, as libpq allows in this mode.
#[derive(Debug)]
struct AnyName(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                NotValidForName | NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Why a connection failed, in the server's or the system's words; a
/// password the server asked for and was not given, with where to give it.
fn connect_reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text = s.to_string();
        source = s.source();
    }
    if text == "password missing" {
        return crate::i18n::tr!("db-connect-password");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_full_fetch_asks_for_twice_as_many_rows_up_to_the_most() {
        let mut asked = vec![FETCH_FIRST];
        while asked.len() < 6 {
            asked.push(next_fetch(*asked.last().unwrap()));
        }
        assert_eq!(asked, [1000, 2000, 4000, 8000, 8000, 8000]);
    }

    #[test]
    fn placeholders_become_dollar_numbers_outside_quotes() {
        assert_eq!(translate("SELECT ?1, ?2, ?1"), "SELECT $1, $2, $1");
        assert_eq!(translate("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(
            translate("x = '?' AND y = ?3 AND z = ?"),
            "x = '?' AND y = $3 AND z = $4"
        );
        assert_eq!(translate("-- why?\nSELECT ?"), "-- why?\nSELECT $1");
        assert_eq!(translate("名前 = ?1"), "名前 = $1");
    }

    #[test]
    fn numerics_read_as_their_decimal_text() {
        // 12345.678 : ndigits 3, weight 1, +, dscale 3: 1 2345 6780
        let raw = [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C];
        assert_eq!(numeric_text(&raw).unwrap(), "12345.678");
        // 0 : no digits
        assert_eq!(numeric_text(&[0, 0, 0, 0, 0, 0, 0, 0]).unwrap(), "0");
        // -42 : ndigits 1, weight 0, -, dscale 0
        assert_eq!(
            numeric_text(&[0, 1, 0, 0, 0x40, 0, 0, 0, 0, 42]).unwrap(),
            "-42"
        );
        // 0.05 : ndigits 1, weight -1, +, dscale 2: 500
        assert_eq!(
            numeric_text(&[0, 1, 0xFF, 0xFF, 0, 0, 0, 2, 0x01, 0xF4]).unwrap(),
            "0.05"
        );
    }

    #[test]
    fn numerics_are_written_in_base_ten_thousand() {
        let mut out = BytesMut::new();
        numeric("12345.678", &mut out).unwrap();
        assert_eq!(
            &out[..],
            &[0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C]
        );
        assert_eq!(numeric_text(&out).unwrap(), "12345.678");
        let mut out = BytesMut::new();
        numeric("-42", &mut out).unwrap();
        assert_eq!(numeric_text(&out).unwrap(), "-42");
    }
}
