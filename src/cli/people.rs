//! The command line of finding and merging duplicate people.

use clap::Args;

use super::ListingArgs;

#[derive(Debug, Args)]
pub struct DupesArgs {
    #[command(flatten)]
    pub output: ListingArgs,
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
