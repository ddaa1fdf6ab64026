//! The command line of `alumni db`: copying a database between backends,
//! and giving a team's PostgreSQL roles access.

use std::ffi::OsString;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni db copy --from alumni.db --to 'postgres://hr@db.example.com/alumni'   # needs a PostgreSQL server\n  \
    alumni --db 'postgres://admin@db.example.com/alumni' db grant hr1 reader   # needs a PostgreSQL server")]
pub enum DbCommand {
    /// Copy every record of one database into another: file or PostgreSQL, either way
    ///
    /// The source is read as of one moment and must have this program's
    /// schema; the target is made if missing and written in one
    /// transaction, so it gets the whole copy or nothing. Records keep
    /// their ids, and new records get the same ids on both afterwards. A
    /// target that holds records is refused unless --force, which replaces
    /// them. Counts per table are printed, and the target's audit log gets
    /// one row.
    #[command(after_help = "Examples:\n  \
        alumni db copy --from alumni.db --to 'postgres://hr@db.example.com/alumni?schema=hr'   # needs a PostgreSQL server\n  \
        alumni db copy --from 'postgres://hr@db.example.com/alumni' --to hr-copy.db   # needs a PostgreSQL server")]
    Copy(CopyArgs),

    /// Give a PostgreSQL role read, edit or admin access to the database (or take it back)
    ///
    /// reader: every list, show, export and report; editor: also imports
    /// and every change to records, but not forget, retention, merge or
    /// config set/unset; admin: everything. The levels are group roles
    /// (alumni_reader, alumni_editor, alumni_admin; alumni_SCHEMA_reader …
    /// with ?schema=), created when missing: this needs a superuser or a
    /// role with CREATEROLE that owns the schema. USER must exist already
    /// (CREATE ROLE hr1 LOGIN PASSWORD '…'). A role has one level: giving
    /// one takes the others away. Run it again after upgrading alumni, so
    /// that tables a new version added are granted too. On SQLite the
    /// file's permissions decide who may read and write it.
    #[command(after_help = "Examples:\n  \
        alumni --db 'postgres://admin@db.example.com/alumni' db grant hr1 editor   # needs a PostgreSQL server\n  \
        alumni --db 'postgres://admin@db.example.com/alumni' db grant hr1 --revoke   # needs a PostgreSQL server")]
    Grant(GrantArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database to copy: a file, or a postgres:// URL
    #[arg(long, value_name = "PATH|URL")]
    pub from: OsString,

    /// The database to write: a file, or a postgres:// URL (made if missing)
    #[arg(long, value_name = "PATH|URL")]
    pub to: OsString,

    /// Replace what the target holds
    #[arg(long)]
    pub force: bool,
}

/// A level of access to a PostgreSQL database.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GrantLevel {
    Reader,
    Editor,
    Admin,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The PostgreSQL login role
    #[arg(value_name = "USER")]
    pub user: String,

    /// What it may do
    #[arg(value_enum, required_unless_present = "revoke", value_name = "LEVEL")]
    pub level: Option<GrantLevel>,

    /// Take every level away from USER
    #[arg(long, conflicts_with = "level")]
    pub revoke: bool,
}
