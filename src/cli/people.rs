//! The command line of finding and merging duplicate people.

use clap::Args;

use super::Format;

#[derive(Debug, Args)]
pub struct DupesArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The record to keep: an employee ID, an email, or #id
    pub keep: String,
    /// The record to merge into it and remove
    pub other: String,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long)]
    pub yes: bool,
}
