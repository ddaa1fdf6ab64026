//! The audit log: who changed what, and when. It names fields, never their
//! values, so erasing a person leaves nothing of them here. Also who "who"
//! is ([`actor`]), for the log and for everything else that records the
//! person at work (an import's `imported_by`, a contact's default owner).

use crate::db::sql::{Connection, ToSql, params, params_from_iter};
use anyhow::Result;

use super::settings::{self, Setting};

/// Records one change made by `command`, as done by [`actor`].
pub fn record(
    conn: &Connection,
    command: &str,
    alumnus_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    record_as(conn, &actor(conn)?, command, alumnus_id, detail)
}

/// Records one change made by `command`, as done by `actor`: for a write
/// that read its actor when it began, before its own work could change
/// the setting the actor comes from.
pub fn record_as(
    conn: &Connection,
    actor: &str,
    command: &str,
    alumnus_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    // The database role beside the person: PostgreSQL's `current_user`.
    conn.prepare_cached(conn.pick(
        "INSERT INTO audit (at, actor, command, alumnus_id, detail, db_role) \
         VALUES (?, ?, ?, ?, ?, NULL)",
        "INSERT INTO audit (at, actor, command, alumnus_id, detail, db_role) \
         VALUES (?, ?, ?, ?, ?, CAST(current_user AS TEXT))",
    ))?
    .execute(params![super::now(), actor, command, alumnus_id, detail])?;
    Ok(())
}

/// The person running the command: the `default-owner` setting, else
/// `$ALUMNI_USER`, else the name the operating system knows the user by.
///
/// Read from `conn`, so that inside a write it is the setting as that
/// transaction sees it. `$USER` is not consulted: anyone can set it to
/// anything, and the account the process runs as is what an auditor can
/// check.
pub fn actor(conn: &Connection) -> Result<String> {
    if let Some(owner) = settings::get(conn, Setting::DefaultOwner)?
        && !owner.trim().is_empty()
    {
        return Ok(owner);
    }
    if let Ok(user) = std::env::var("ALUMNI_USER")
        && !user.trim().is_empty()
    {
        return Ok(user.trim().to_string());
    }
    Ok(os_user())
}

/// The login name of the account the process runs as; on unix "uid N"
/// when the password database has no entry for it (a container run with
/// an arbitrary `--user`), so that the log always tells accounts apart.
#[cfg(unix)]
fn os_user() -> String {
    // SAFETY: getuid cannot fail and has no preconditions.
    let uid = unsafe { libc::getuid() };
    passwd_name(uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// The name of `uid` in the password database (`getpwuid_r`), if it has one.
#[cfg(unix)]
fn passwd_name(uid: libc::uid_t) -> Option<String> {
    use std::ffi::CStr;

    let mut buffer = vec![0u8; 1024];
    loop {
        // SAFETY: passwd is plain old data; all-zero is a valid value that
        // getpwuid_r overwrites.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call, and the buffer's
        // length is the one passed; the strings of `entry` point into
        // `buffer`, which outlives their use below.
        let status = unsafe {
            libc::getpwuid_r(
                uid,
                &mut entry,
                buffer.as_mut_ptr().cast(),
                buffer.len(),
                &mut found,
            )
        };
        // Entries with long fields (a directory service's) need a larger
        // buffer; 1 MiB is far beyond any real one.
        if status == libc::ERANGE && buffer.len() < 1 << 20 {
            buffer.resize(buffer.len() * 2, 0);
            continue;
        }
        if status != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name is a NUL-terminated string inside `buffer`.
        let name = unsafe { CStr::from_ptr(entry.pw_name) }.to_string_lossy();
        return (!name.trim().is_empty()).then(|| name.into_owned());
    }
}

/// The login name Windows gives the session; without one, a name that
/// says so rather than a made-up user.
#[cfg(not(unix))]
fn os_user() -> String {
    std::env::var("USERNAME")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "(no user name)".into())
}

/// One row of the audit log, with the names of its columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub at: String,
    pub actor: Option<String>,
    pub command: String,
    pub alumnus_id: Option<i64>,
    pub detail: Option<String>,
    /// The database role the change was made as: PostgreSQL's; none on
    /// SQLite.
    pub db_role: Option<String>,
}

/// Which rows of the audit log to read.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub alumnus_id: Option<i64>,
    /// Rows at or after this time, as `at` is stored (UTC).
    pub since: Option<String>,
    /// A command as stored ("pipeline move"), or the first words of one
    /// ("pipeline"): whole words only, so "pipe" matches nothing.
    pub command: Option<String>,
    /// Only the newest this many.
    pub limit: Option<u64>,
}

/// The rows `filter` asks for, oldest first (as a log reads), one at a time.
pub fn for_each(
    conn: &Connection,
    filter: &Filter,
    mut each: impl FnMut(Entry) -> Result<()>,
) -> Result<()> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    let mut bind = |value: Box<dyn ToSql>| {
        values.push(value);
        format!("?{}", values.len())
    };
    if let Some(id) = filter.alumnus_id {
        clauses.push(format!("alumnus_id = {}", bind(Box::new(id))));
    }
    if let Some(since) = &filter.since {
        clauses.push(format!("at >= {}", bind(Box::new(since.clone()))));
    }
    if let Some(command) = &filter.command {
        let exact = bind(Box::new(command.clone()));
        let words = bind(Box::new(format!("{command} ")));
        clauses.push(format!(
            "(command = {exact} OR substr(command, 1, length({words})) = {words})"
        ));
    }
    let condition = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    // The newest N are chosen newest first, then put back in log order.
    // Rows are ordered by id, not by time: `at` has whole seconds, and
    // the id is the order they were written in.
    let limit = match filter.limit {
        Some(n) => format!(
            "LIMIT {}",
            bind(Box::new(i64::try_from(n).unwrap_or(i64::MAX)))
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT id, at, actor, command, alumnus_id, detail, db_role FROM
           (SELECT * FROM audit {condition} ORDER BY id DESC {limit}) AS recent
         ORDER BY id"
    );
    let mut statement = conn.prepare(&sql)?;
    let mut rows = statement.query(params_from_iter(values.iter()))?;
    while let Some(row) = rows.next()? {
        each(Entry {
            id: row.get(0)?,
            at: row.get(1)?,
            actor: row.get(2)?,
            command: row.get(3)?,
            alumnus_id: row.get(4)?,
            detail: row.get(5)?,
            db_role: row.get(6)?,
        })?;
    }
    Ok(())
}

/// Whether any row of the log concerns alumnus `id`: one whose record
/// is gone or erased is still in the log, under its id.
pub fn mentions(conn: &Connection, alumnus_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM audit WHERE alumnus_id = ?)")?
        .query_row([alumnus_id], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        (dir, conn)
    }

    fn commands(conn: &Connection, filter: &Filter) -> Vec<String> {
        let mut seen = Vec::new();
        for_each(conn, filter, |e| {
            seen.push(e.command);
            Ok(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn the_default_owner_setting_is_the_actor() {
        let (_dir, conn) = database();
        settings::set(&conn, Setting::DefaultOwner, "人事部 佐藤").unwrap();
        assert_eq!(actor(&conn).unwrap(), "人事部 佐藤");
    }

    #[cfg(unix)]
    #[test]
    fn the_os_user_is_a_name_or_a_uid_never_unknown() {
        let name = os_user();
        assert!(!name.trim().is_empty());
        assert_ne!(name, "unknown");
        // SAFETY: as in os_user.
        let uid = unsafe { libc::getuid() };
        match passwd_name(uid) {
            Some(passwd) => assert_eq!(name, passwd),
            None => assert_eq!(name, format!("uid {uid}")),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_uid_without_a_passwd_entry_has_no_name() {
        // The largest uid but one ((uid_t)-1 means "no change" to some calls).
        assert_eq!(passwd_name(libc::uid_t::MAX - 1), None);
    }

    #[test]
    fn a_command_matches_whole_words_from_the_start() {
        let (_dir, conn) = database();
        for command in ["pipeline add", "pipeline move", "pipelines", "contact add"] {
            conn.execute(
                "INSERT INTO audit (at, actor, command) VALUES ('2026-01-01T00:00:00Z', 'a', ?)",
                [command],
            )
            .unwrap();
        }
        let only = |c: &str| Filter {
            command: Some(c.into()),
            ..Filter::default()
        };
        assert_eq!(
            commands(&conn, &only("pipeline")),
            ["pipeline add", "pipeline move"]
        );
        assert_eq!(commands(&conn, &only("pipeline move")), ["pipeline move"]);
        assert!(commands(&conn, &only("pipe")).is_empty());
        assert!(commands(&conn, &only("add")).is_empty());
    }

    #[test]
    fn a_limit_keeps_the_newest_in_log_order() {
        let (_dir, conn) = database();
        for n in 1..=5 {
            conn.execute(
                "INSERT INTO audit (at, actor, command) VALUES ('2026-01-01T00:00:00Z', 'a', ?)",
                [format!("c{n}")],
            )
            .unwrap();
        }
        let newest = Filter {
            limit: Some(2),
            ..Filter::default()
        };
        assert_eq!(commands(&conn, &newest), ["c4", "c5"]);
        assert_eq!(commands(&conn, &Filter::default()).len(), 5);
    }
}
