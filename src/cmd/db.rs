//! `alumni db copy` and `alumni db grant`.

use anyhow::{Result, bail};

use super::Context;
use crate::cli::db::{CopyArgs, DbCommand, GrantArgs, GrantLevel};
use crate::db::roles::{self, Level};
use crate::db::sql::pg::quote_ident;
use crate::db::{Audit, Change, Db, Location, copy};
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
    if !roles::role_exists(&db, user)? {
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
            roles::make_groups(tx, &groups)?;
            roles::grant_tables(tx, schema.unwrap_or("public"), &groups)?;
        }
        roles::set_membership(tx, user, level, &groups)?;
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
