//! `alumni db copy` and `alumni db grant`.

use anyhow::{Result, bail};

use super::Context;
use crate::cli::db::{CopyArgs, DbCommand, GrantArgs, GrantLevel};
use crate::db::roles::{self, ADMIN_ONLY, Level};
use crate::db::sql::pg::quote_ident;
use crate::db::{Audit, Change, Db, Location, Tx, copy};
use crate::error::Failure;
use crate::i18n::{Lang, tr};

pub fn run(context: &Context, command: DbCommand) -> Result<()> {
    match command {
        DbCommand::Copy(args) => copy(context, &args),
        DbCommand::Grant(args) => grant(context, &args),
    }
}

/// Whether two locations name one database.
fn same(a: &Location, b: &Location) -> bool {
    match (a, b) {
        (Location::File(a), Location::File(b)) => {
            a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
        }
        (Location::Postgres(_), Location::Postgres(_)) => a.to_string() == b.to_string(),
        _ => false,
    }
}

fn copy(context: &Context, args: &CopyArgs) -> Result<()> {
    let from = Location::parse(&args.from)?;
    let to = Location::parse(&args.to)?;
    if same(&from, &to) {
        return Err(Failure::Usage(tr!("db-copy-same", db = to.to_string())).into());
    }
    let mut source = Db::open_location_reader(&from)?;
    roles::require(&source, None)?;
    let mut target = Db::create(&to)?;
    let copied = copy::copy(&mut source, &mut target, &to.to_string(), args.force)?;
    context.term.say(&tr!(
        "db-copy-done",
        counts = copied.summary(context.lang() == Lang::En)
    ));
    Ok(())
}

impl From<GrantLevel> for Level {
    fn from(level: GrantLevel) -> Level {
        match level {
            GrantLevel::Reader => Level::Reader,
            GrantLevel::Editor => Level::Editor,
            GrantLevel::Admin => Level::Admin,
        }
    }
}

fn grant(context: &Context, args: &GrantArgs) -> Result<()> {
    let Location::Postgres(options) = &context.location else {
        return Err(Failure::Usage(tr!("db-grant-sqlite")).into());
    };
    let schema = options.schema.as_deref();
    let mut db = context.db()?;
    let user = args.user.as_str();
    let exists: bool = db.query_row(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        [user],
        |r| r.get(0),
    )?;
    if !exists {
        bail!(tr!(
            "db-grant-no-user",
            user = user.to_string(),
            create = format!("CREATE ROLE {} LOGIN PASSWORD '…'", quote_ident(user))
        ));
    }
    let level = if args.revoke {
        None
    } else {
        args.level.map(Level::from)
    };
    let groups: Vec<(Level, String)> = Level::ALL
        .iter()
        .map(|&l| (l, roles::group(schema, l)))
        .collect();
    db.write("db grant", |tx| {
        if level.is_some() {
            make_groups(tx, &groups)?;
            grant_tables(tx, schema.unwrap_or("public"), &groups)?;
        }
        for (l, group) in &groups {
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
        let detail = match level {
            Some(l) => format!("role {user}: {}", l.name()),
            None => format!("role {user}: revoked"),
        };
        Ok(Change::audited((), Audit::new(None, detail)))
    })?;
    context.term.say(&match level {
        Some(l) => tr!(
            "db-grant-done",
            user = user.to_string(),
            level = l.name(),
            group = groups[l as usize].1.clone()
        ),
        None => tr!("db-grant-revoked", user = user.to_string()),
    });
    Ok(())
}

fn role_exists(tx: &Tx<'_>, name: &str) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// Creates the missing group roles, or refuses, before any fails, where
/// the connected role may not create roles.
fn make_groups(tx: &Tx<'_>, groups: &[(Level, String)]) -> Result<()> {
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
fn grant_tables(tx: &Tx<'_>, schema: &str, groups: &[(Level, String)]) -> Result<()> {
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
