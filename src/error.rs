//! The kinds of failure a caller must tell apart, and the exit status of each.

use std::path::Path;
use std::process::ExitCode;

/// Exit statuses, as the README and the man page give them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Other = 1,
    Usage = 2,
    /// EX_DATAERR from sysexits.h: the input data was bad.
    BadData = 65,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A failure whose kind decides the exit status. Anything else is `Exit::Other`.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line lacks something or is self-contradictory.
    #[error("{0}")]
    Usage(String),
    /// A file or value given to the program is not acceptable.
    #[error("{0}")]
    BadData(String),
    /// The alumnus, application or other record named does not exist.
    #[error("{0}")]
    NotFound(String),
}

impl Failure {
    /// A file that cannot be read as a roster: "roster.xlsx: the file is empty".
    pub fn bad_file(path: &Path, reason: String) -> Failure {
        Failure::BadData(format!("{}: {reason}", path.display()))
    }

    pub fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::BadData(_) => Exit::BadData,
            Failure::NotFound(_) => Exit::Other,
        }
    }
}

/// The exit status for an error: the first [`Failure`] in its chain decides.
pub fn exit_for(error: &anyhow::Error) -> Exit {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Failure>())
        .map_or(Exit::Other, Failure::exit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn the_failure_in_the_chain_decides_the_exit_status() {
        let err = anyhow::Error::from(Failure::BadData("bad".into())).context("importing");
        assert_eq!(exit_for(&err), Exit::BadData);
        let err: anyhow::Result<()> =
            Err(std::io::Error::other("disk")).context("writing the database");
        assert_eq!(exit_for(&err.unwrap_err()), Exit::Other);
        let err = anyhow::Error::from(Failure::Usage("missing --name".into()));
        assert_eq!(exit_for(&err), Exit::Usage);
    }
}
