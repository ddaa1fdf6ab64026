//! Who may do what on a shared PostgreSQL database: three levels, each a
//! group role, and the check every command makes before it begins.
//!
//! On SQLite the file's permissions decide, and everything is allowed here.
//!
//! On PostgreSQL the groups are `alumni_reader`, `alumni_editor` and
//! `alumni_admin` for the `public` schema, else `alumni_<schema>_reader` …
//! (see [`group`]). `alumni db grant USER LEVEL` creates them when missing
//! and makes USER a member of one. Each gives, on every table of the schema:
//!
//! - reader: USAGE on the schema and SELECT;
//! - editor: a reader's, and INSERT, UPDATE, DELETE on every table but
//!   the admin-only ones, [`ADMIN_ONLY`]: `settings` (only `config set`
//!   and `config unset`, and the erasure salt of `forget` and `retention`,
//!   write it), `erasures` (`forget`, `retention`), `merges` and `aliases`
//!   (`merge` and `merge undo`), `backups` (the SQLite file's backups);
//! - admin: every privilege.
//!
//! A migration adds tables the grants do not cover yet: `db grant` is
//! idempotent and is run again after an upgrade.
//!
//! The level of the connected role: a superuser or the schema's owner is an
//! admin; else the highest group it is a member of; and where none of the
//! three groups exists (nobody ran `db grant`), whoever may connect is an
//! admin, so that a one-person database keeps working.

use std::sync::Mutex;

use anyhow::{Result, bail};

use super::sql::pg::quote_ident;
use super::sql::{Backend, Connection};
use crate::i18n::tr;

/// A level of access, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Reader,
    Editor,
    Admin,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Reader, Level::Editor, Level::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Level::Reader => "reader",
            Level::Editor => "editor",
            Level::Admin => "admin",
        }
    }
}

/// The tables an editor may read but not write.
pub const ADMIN_ONLY: [&str; 5] = ["settings", "erasures", "merges", "aliases", "backups"];

/// The level a write needs, by its audit action ("contact add").
pub fn needed(action: &str) -> Level {
    match action {
        "forget" | "retention" | "merge" | "merge undo" | "config set" | "config unset"
        | "db grant" | "db copy" => Level::Admin,
        _ => Level::Editor,
    }
}

/// The command being run, as `alumni …` names it, for refusals.
static COMMAND: Mutex<Option<String>> = Mutex::new(None);
/// The role connected and its level, once known, for rewording a
/// permission error.
static ROLE: Mutex<Option<(String, Option<Level>)>> = Mutex::new(None);

/// Records the command being run ("contact add"), for the refusals.
pub fn set_command(command: &str) {
    *COMMAND.lock().unwrap_or_else(|e| e.into_inner()) = Some(command.to_string());
}

fn command(fallback: &str) -> String {
    COMMAND
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_else(|| fallback.to_string())
}

/// The group role of `level` for `schema` (`None` or "public": the
/// database's default schema): an identifier of at most 63 bytes.
pub fn group(schema: Option<&str>, level: Level) -> String {
    let suffix = level.name();
    match schema {
        None | Some("public") => format!("alumni_{suffix}"),
        Some(schema) => {
            let room = 63 - "alumni__".len() - suffix.len();
            let mut part = String::new();
            for c in schema.chars() {
                if part.len() + c.len_utf8() > room {
                    break;
                }
                part.push(c);
            }
            if part.len() < schema.len() {
                // Cut: a hash of the whole name keeps two long ones apart.
                let hash = schema.bytes().fold(0xcbf29ce484222325u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
                });
                let tag = format!("{:08x}", hash as u32);
                while part.len() + tag.len() + 1 > room {
                    part.pop();
                }
                part.push('_');
                part.push_str(&tag);
            }
            format!("alumni_{part}_{suffix}")
        }
    }
}

/// The connected role and its level; `None` on SQLite. A level of `None`:
/// a member of no group while some exist.
pub fn current(conn: &Connection) -> Result<Option<(String, Option<Level>)>> {
    if conn.backend() == Backend::Sqlite {
        return Ok(None);
    }
    let (user, path, top): (String, String, bool) = conn.query_row(
        "SELECT CAST(current_user AS TEXT), current_setting('search_path'),
                COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
                OR COALESCE((SELECT pg_has_role(current_user, nspowner, 'USAGE')
                             FROM pg_namespace WHERE nspname = current_schema()), false)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let schema = schema_of_path(&path);
    let level = if top {
        Some(Level::Admin)
    } else {
        let schema = schema.as_deref();
        let mut any = false;
        let mut best = None;
        for level in Level::ALL {
            let member: Option<bool> = conn.query_row(
                "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?1",
                [group(schema, level)],
                |r| r.get(0),
            ).or_else(|e| match e {
                super::sql::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
            if let Some(member) = member {
                any = true;
                if member {
                    best = Some(level);
                }
            }
        }
        if any { best } else { Some(Level::Admin) }
    };
    *ROLE.lock().unwrap_or_else(|e| e.into_inner()) = Some((user.clone(), level));
    Ok(Some((user, level)))
}

/// The schema a `search_path` names first, as alumni sets it (`"hr"`);
/// `None` for the server's default path (`"$user", public`).
fn schema_of_path(path: &str) -> Option<String> {
    let first = path.split(',').next().unwrap_or("").trim();
    if first.is_empty() || first.contains("$user") {
        return None;
    }
    let name = match first.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => first.to_string(),
    };
    Some(name)
}

/// Refuses, before it begins, what the connected role may not do: a
/// write `action` ("contact add"), or with `None` a read.
pub fn require(conn: &Connection, action: Option<&str>) -> Result<()> {
    let needs = action.map_or(Level::Reader, needed);
    let Some((user, level)) = current(conn)? else {
        return Ok(());
    };
    if level.is_some_and(|l| l >= needs) {
        return Ok(());
    }
    anyhow::bail!(refusal(&user, level, &command(action.unwrap_or("")), needs))
}

/// Refuses, before it begins, the command being run (see [`set_command`])
/// where the connected role may not run it: for the commands that open
/// the database to change it, which need what their write needs.
pub fn require_command(conn: &Connection) -> Result<()> {
    let command = COMMAND.lock().unwrap_or_else(|e| e.into_inner()).clone();
    require(conn, Some(command.as_deref().unwrap_or("")))
}

/// "your database role hr1 (reader) may not run `alumni import`; …"
fn refusal(user: &str, level: Option<Level>, command: &str, needs: Level) -> String {
    tr!(
        "db-role-refused",
        role = user.to_string(),
        level = level.map_or_else(|| tr!("db-role-no-level"), |l| l.name().to_string()),
        command = command.to_string(),
        needs = needs.name()
    )
}

/// A PostgreSQL permission error that reached the user, worded as the
/// refusal [`require`] gives; any other error as it is.
pub fn reword(error: anyhow::Error) -> anyhow::Error {
    let denied = error.chain().any(|cause| {
        cause
            .downcast_ref::<super::sql::Error>()
            .is_some_and(super::sql::Error::is_permission_denied)
    });
    if !denied {
        return error;
    }
    let known = ROLE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let (user, level) = known.unwrap_or_else(|| ("?".into(), None));
    let command = command("");
    let needs = match level {
        Some(Level::Reader) => Level::Editor,
        Some(_) => Level::Admin,
        None => Level::Reader,
    };
    anyhow::anyhow!(refusal(&user, level, &command, needs))
}

/// Whether a role of this name exists on the server.
pub fn role_exists(tx: &Connection, name: &str) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// Creates the missing group roles, or refuses, before any fails, where
/// the connected role may not create roles.
pub fn make_groups(tx: &Connection, groups: &[(Level, String)]) -> Result<()> {
    let mut missing = Vec::new();
    for (_, group) in groups {
        if !role_exists(tx, group)? {
            missing.push(group.as_str());
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let (me, may): (String, bool) = tx.query_row(
        "SELECT CAST(current_user AS TEXT), rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !may {
        bail!(tr!(
            "db-grant-cannot-create",
            role = me,
            groups = missing.join(", ")
        ));
    }
    for group in missing {
        tx.execute_batch(&format!("CREATE ROLE {} NOLOGIN", quote_ident(group)))?;
    }
    Ok(())
}

/// Gives each group its privileges on every table of the schema (see
/// `roles`); run again, it changes nothing.
pub fn grant_tables(tx: &Connection, schema: &str, groups: &[(Level, String)]) -> Result<()> {
    let tables: Vec<String> = tx
        .prepare("SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = ?1 ORDER BY 1")?
        .query_map([schema], |r| r.get(0))?
        .collect::<crate::db::sql::Result<_>>()?;
    let schema = quote_ident(schema);
    let mut sql = String::new();
    for (level, group) in groups {
        let group = quote_ident(group);
        sql.push_str(&format!("GRANT USAGE ON SCHEMA {schema} TO {group};\n"));
        for table in &tables {
            let table_name = format!("{schema}.{}", quote_ident(table));
            let writes = match level {
                Level::Reader => false,
                Level::Editor => !ADMIN_ONLY.contains(&table.as_str()) && table != "alumni_schema",
                Level::Admin => true,
            };
            if *level == Level::Admin {
                sql.push_str(&format!(
                    "GRANT ALL PRIVILEGES ON {table_name} TO {group};\n"
                ));
                continue;
            }
            sql.push_str(&format!("GRANT SELECT ON {table_name} TO {group};\n"));
            if writes {
                sql.push_str(&format!(
                    "GRANT INSERT, UPDATE, DELETE ON {table_name} TO {group};\n"
                ));
            } else {
                sql.push_str(&format!(
                    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table_name} FROM {group};\n"
                ));
            }
        }
    }
    tx.execute_batch(&sql)?;
    Ok(())
}

/// Makes `user` a member of the group of `level` and of no other alumni
/// group (of none, for `None`: revoked).
pub fn set_membership(
    tx: &Connection,
    user: &str,
    level: Option<Level>,
    groups: &[(Level, String)],
) -> Result<()> {
    for (l, group) in groups {
        if Some(*l) != level && role_exists(tx, group)? {
            tx.execute_batch(&format!(
                "REVOKE {} FROM {}",
                quote_ident(group),
                quote_ident(user)
            ))?;
        }
    }
    if let Some(l) = level {
        let group = &groups[l as usize].1;
        tx.execute_batch(&format!(
            "GRANT {} TO {}",
            quote_ident(group),
            quote_ident(user)
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_groups_are_identifiers_of_at_most_63_bytes() {
        assert_eq!(group(None, Level::Reader), "alumni_reader");
        assert_eq!(group(Some("public"), Level::Admin), "alumni_admin");
        assert_eq!(group(Some("hr"), Level::Editor), "alumni_hr_editor");
        let long = "x".repeat(100);
        let a = group(Some(&long), Level::Editor);
        assert!(a.len() <= 63, "{a}");
        let other = group(Some(&format!("{long}y")), Level::Editor);
        assert_ne!(a, other);
        let kana = "人事".repeat(30);
        assert!(group(Some(&kana), Level::Reader).len() <= 63);
    }

    #[test]
    fn the_levels_of_the_writes() {
        assert_eq!(needed("contact add"), Level::Editor);
        assert_eq!(needed("import"), Level::Editor);
        assert_eq!(needed("forget"), Level::Admin);
        assert_eq!(needed("merge undo"), Level::Admin);
        assert_eq!(needed("config set"), Level::Admin);
    }

    #[test]
    fn everything_is_allowed_on_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        require(&conn, Some("forget")).unwrap();
        require(&conn, None).unwrap();
    }
}
