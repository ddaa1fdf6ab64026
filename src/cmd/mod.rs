//! One module per command. Each takes plain values (no clap types beyond the
//! argument structs of `crate::cli`) and returns when its work is done.

mod add;
mod audit;
mod backup;
mod campaign;
mod check;
mod completions;
mod config;
mod consent;
mod contact;
mod db;
mod dupes;
mod edit;
mod event;
mod export;
mod forget;
pub mod hand;
mod import;
mod import_mappings;
mod init;
mod kpi;
mod list;
mod listing;
mod merge;
mod partner;
mod pipeline;
mod referral;
mod retention;
mod rules;
mod show;
mod spend;
mod stages;
mod suggest;
mod survey;
mod target;

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::db::settings::{self, Setting};
use crate::db::{Change, Db, Location, Tx};
use crate::i18n::{self, Lang};
use crate::term::Terminal;

/// What every command gets: where the database is, who is watching, and
/// in which language.
pub struct Context {
    /// Where the database is: a file, or a PostgreSQL URL.
    pub location: Location,
    /// The database file; for PostgreSQL, a path no file is at, so that
    /// what is kept beside the file (rejects, exports) is never mistaken
    /// for it.
    pub db_path: PathBuf,
    pub term: Terminal,
    /// `--lang`, which beats the database's `default-language` setting.
    pub lang_flag: Option<Lang>,
}

impl Context {
    /// The language of this run: see [`i18n::resolve`]. Before a
    /// database is open it is `--lang` or the locale's; opening one
    /// brings in its `default-language` setting.
    pub fn lang(&self) -> Lang {
        i18n::current()
    }

    /// Takes the `default-language` setting of `db` into the language of
    /// the run, unless `--lang` chose it. The setting is read only from a
    /// database opened anyway, so that no database is made for it.
    fn adopt_language(&self, db: &Db) -> Result<()> {
        if self.lang_flag.is_none() {
            let setting = settings::get(db, Setting::DefaultLanguage)?;
            i18n::set(i18n::resolve(None, setting.as_deref(), env_var));
        }
        Ok(())
    }

    /// The database, brought up to date if need be. It must exist: only
    /// `init` and `import` make one ([`Context::create`]), so that a
    /// mistyped `--db` or `$ALUMNI_DB` is refused rather than taken for a
    /// new, empty database.
    pub fn db(&self) -> Result<Db> {
        let db = Db::open_location(&self.location)?;
        // Opened to change it: the role may run this command (`roles`).
        crate::db::roles::require_command(&db)?;
        self.adopt_language(&db)?;
        Ok(db)
    }

    /// The database, created (with its directory) if it is not there; for
    /// `init` and `import` only.
    pub fn create(&self) -> Result<Db> {
        let db = Db::create(&self.location)?;
        crate::db::roles::require(&db, None)?;
        self.adopt_language(&db)?;
        Ok(db)
    }

    /// The database, for a command that only reads records: it must exist
    /// and is opened without being written (see [`Db::open_reader`]).
    pub fn reader(&self) -> Result<Db> {
        let db = Db::open_location_reader(&self.location)?;
        crate::db::roles::require(&db, None)?;
        self.adopt_language(&db)?;
        Ok(db)
    }

    /// Whether the database is there: the file, or alumni's tables in
    /// the PostgreSQL schema.
    pub fn db_exists(&self) -> Result<bool> {
        match &self.location {
            Location::File(path) => Ok(path.exists()),
            Location::Postgres(options) => crate::db::postgres::exists(options),
        }
    }

    /// The file-only commands (`backup`, `check`) refuse a PostgreSQL
    /// database, saying what does their work there.
    pub fn file_only(&self, command: &str, instead: &str) -> Result<&std::path::Path> {
        match &self.location {
            Location::File(path) => Ok(path),
            Location::Postgres(_) => Err(crate::error::Failure::Usage(crate::i18n::tr!(
                "file-only",
                command = command,
                instead = instead
            ))
            .into()),
        }
    }

    /// Opens the database and runs `work` as one audited write; see
    /// [`Db::write`].
    pub fn write<T>(
        &self,
        action: &str,
        work: impl FnOnce(&Tx<'_>) -> Result<Change<T>>,
    ) -> Result<T> {
        self.db()?.write(action, work)
    }

    /// Opens the database for reading ([`Context::reader`]) and runs
    /// `work` on one snapshot of it; see [`Db::read`].
    pub fn read<T>(&self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.reader()?.read(work)
    }
}

/// A locale variable, as [`i18n::resolve`] looks one up; one that is not
/// valid Unicode names no language we have.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The command being run, as its words ("contact add"), for refusals.
fn command_path() -> Option<String> {
    use clap::CommandFactory;
    let matches = Cli::command()
        .try_get_matches_from(std::env::args_os())
        .ok()?;
    let mut names = Vec::new();
    let mut at = &matches;
    while let Some((name, sub)) = at.subcommand() {
        names.push(name.to_string());
        at = sub;
    }
    Some(names.join(" "))
}

/// Runs the command `cli` gives; a PostgreSQL permission error is worded
/// as the refusal of `crate::db::roles`.
pub fn run(cli: Cli) -> Result<()> {
    if let Some(command) = command_path() {
        crate::db::roles::set_command(&command);
    }
    dispatch(cli).map_err(crate::db::roles::reword)
}

fn dispatch(cli: Cli) -> Result<()> {
    i18n::set(i18n::resolve(cli.lang, None, env_var));
    // Completions need no database, nor a place to keep one.
    if let Command::Completions(args) = &cli.command {
        return completions::run(args);
    }
    crate::output::configure(!cli.no_pager, cli.quiet);
    let location = crate::db::resolve(cli.db.as_deref())?;
    let context = Context {
        db_path: match &location {
            Location::File(path) => path.clone(),
            Location::Postgres(_) => PathBuf::from("/nonexistent/alumni/postgres"),
        },
        location,
        term: Terminal::detect(cli.quiet),
        lang_flag: cli.lang,
    };
    match cli.command {
        Command::Init => init::run(&context),
        Command::Import(args) => import::run(&context, args),
        Command::List(args) => list::run(&context, None, &args),
        Command::Search { text, list } => list::run(&context, Some(text), &list),
        Command::Show { alumnus, output } => show::run(&context, &alumnus, &output),
        Command::Add(fields) => add::run(&context, fields),
        Command::Edit {
            alumnus,
            fields,
            clear,
        } => edit::run(&context, &alumnus, &fields, &clear),
        Command::Contact(command) => contact::run(&context, command),
        Command::Consent(args) => consent::run(&context, args),
        Command::Rules { command } => rules::run(&context, command),
        Command::Pipeline(command) => pipeline::run(&context, command),
        Command::Stages { command } => stages::run(&context, command),
        Command::Referral(command) => referral::run(&context, command),
        Command::Event(command) => event::run(&context, command),
        Command::Campaign(command) => campaign::run(&context, command),
        Command::Partner(command) => partner::run(&context, command),
        Command::Survey(command) => survey::run(&context, command),
        Command::Dupes(args) => dupes::run(&context, args),
        Command::Merge(args) => merge::run(&context, args),
        Command::Forget(args) => forget::run(&context, &args),
        Command::Retention(args) => retention::run(&context, &args),
        Command::Suggest(args) => suggest::run(&context, &args),
        Command::Kpi { report, output } => kpi::run(&context, &report, &output),
        Command::Export(command) => export::run(&context, command),
        Command::Target(command) => target::run(&context, command),
        Command::Spend(command) => spend::run(&context, command),
        Command::Config(command) => config::run(&context, command),
        Command::Backup(args) => backup::run(&context, &args),
        Command::Check(_) => check::run(&context),
        Command::Completions(args) => completions::run(&args),
        Command::Audit(args) => audit::run(&context, &args),
        Command::Db(command) => db::run(&context, command),
    }
}
