//! The command line of looking after the database and the shell: backup,
//! check and completions. (The man pages are rendered from these
//! definitions too: see `crate::man`.)

use std::path::PathBuf;

use clap::Args;

/// The shells `alumni completions` writes a script for.
pub use clap_complete::Shell;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni backup /backup/alumni-$(date +%F).db\n  \
    alumni --db /srv/hr/alumni.db backup --force /backup/alumni-latest.db")]
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
    alumni --db /backup/alumni-latest.db check --quiet || echo 'the backup is damaged'")]
pub struct CheckArgs {}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alumni completions bash > ~/.local/share/bash-completion/completions/alumni\n  \
    alumni completions zsh > ~/.zfunc/_alumni")]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}
