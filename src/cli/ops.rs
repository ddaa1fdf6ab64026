//! The command line of looking after the database and the shell: backup,
//! check, completions and the audit log. (The man pages are rendered from these
//! definitions too: see `crate::man`.)

use std::path::PathBuf;

use clap::Args;

use super::formats;
use crate::export::Format;

/// The shells `alumni completions` writes a script for.
pub use clap_complete::Shell;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni backup /backup/alumni-$(date +%F).db   # needs the folder /backup\n  \
    alumni --db /srv/hr/alumni.db backup --force /backup/alumni-latest.db   # needs those folders")]
pub struct BackupArgs {
    /// The copy to write; an existing file is refused unless --force
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Replace FILE if it exists (atomically: it is the old copy or the new one, never half of each)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni check\n  \
    alumni --db /backup/alumni-latest.db check --quiet && echo 'the backup is sound'   # needs a backup there")]
pub struct CheckArgs {}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni completions bash > ~/.local/share/bash-completion/completions/alumni   # needs that folder\n  \
    alumni completions zsh > ~/.zfunc/_alumni   # needs the folder ~/.zfunc")]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni audit --since 2026-12-01\n  \
    alumni audit --alumnus 00123 --command pipeline\n  \
    alumni audit --alumnus '#42' --format json")]
pub struct AuditArgs {
    /// Only changes to this alumnus: an employee ID, an email, or #id (an erased one by #id)
    #[arg(long, value_name = "ALUMNUS")]
    pub alumnus: Option<String>,

    /// Only changes made on or after this day (local time), e.g. 2026-12-01, 令和8年12月1日
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only this command, as the log names it ("pipeline move"), or its first words ("pipeline")
    #[arg(long, value_name = "NAME")]
    pub command: Option<String>,

    /// Only the newest N changes
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    #[arg(long, value_parser = formats(&[Format::Table, Format::Json]), default_value = "table")]
    pub format: Format,
}
