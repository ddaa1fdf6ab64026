//! `alumni`: an HR tool for alumni programs (アルムナイ制度). It keeps the
//! roster of former employees, their contact history and the rehire
//! pipeline in one SQLite file, imports the spreadsheets HR already has,
//! and reports recruiting KPIs.
//!
//! The layout: `cli` (the command line), `cmd` (one module per command),
//! `ingest` (reading spreadsheets), `import` (rows into the database), `db`
//! (storage and migrations), `domain` (the records), `report` (the KPI
//! report), `export` (listings and exports as tables, CSV, JSON and xlsx),
//! `output` and `term` (what people see).

pub mod cli;
pub mod cmd;
pub mod db;
pub mod domain;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod i18n;
pub mod import;
pub mod ingest;
pub mod output;
pub mod report;
pub mod term;

/// The manual pages, rendered from the command line.
pub use cli::man;

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
            // Refusals quote names and cells: shown escaped, never obeyed.
            let message = output::visible(&format!("{error:#}")).into_owned();
            eprintln!("{}", i18n::tr!("error-prefix", message = message));
            exit_for(&error).into()
        }
    }
}

/// `alumni list | head` closing the pipe early is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            // serde_json keeps the writer's io::Error inside and does not
            // give it as its source, so JSON output needs asking.
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Write};

    /// A reader that has gone away, as `head` does.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_under_json_output_is_a_broken_pipe() {
        let error = serde_json::to_writer(ClosedPipe, &serde_json::json!({"a": 1})).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::from(error)));
        let error = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::from(error)));
        let other = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        assert!(!is_broken_pipe(&anyhow::Error::from(other)));
    }
}
