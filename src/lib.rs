//! `alumni`: an HR tool for alumni programs (アルムナイ制度). It keeps the
//! roster of former employees, their contact history and the rehire
//! pipeline in one SQLite file, imports the spreadsheets HR already has,
//! and reports recruiting KPIs.
//!
//! The layout: `cli` (the command line), `cmd` (one module per command),
//! `ingest` (reading spreadsheets), `import` (rows into the database), `db`
//! (storage and migrations), `domain` (the records), `output` and `term`
//! (what people and scripts see).

pub mod cli;
pub mod cmd;
pub mod db;
pub mod domain;
pub mod error;
pub mod export;
pub mod import;
pub mod ingest;
pub mod man;
pub mod output;
pub mod report;
pub mod term;

use std::process::ExitCode;

use clap::Parser;

use error::{Exit, exit_for};

/// Runs the program and turns its outcome into an exit status; errors are
/// printed here, once.
pub fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => Exit::Success.into(),
        Err(error) if is_broken_pipe(&error) => Exit::Success.into(),
        Err(error) => {
            eprintln!("alumni: {error:#}");
            exit_for(&error).into()
        }
    }
}

/// `alumni list | head` closing the pipe early is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
