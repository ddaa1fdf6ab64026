//! `alumni completions SHELL`: the shell's completion script, on stdout.
//! It needs no database and makes none.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::cli::ops::CompletionsArgs;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    // Written to memory first: clap_complete panics on a failed write, and
    // `alumni completions bash | head` must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "alumni", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
