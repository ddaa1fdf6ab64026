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
    #[arg(required_unless_present = "undo")]
    pub keep: Option<String>,
    /// The record to merge into it and remove
    #[arg(required_unless_present = "undo")]
    pub other: Option<String>,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Merge even records whose names and readings both differ
    #[arg(long)]
    pub force: bool,
    /// Put back the two records merge ID joined, as they were before it
    /// (its number is printed by the merge)
    #[arg(long, value_name = "ID", conflicts_with_all = ["keep", "other", "force"])]
    pub undo: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The alumnus: an employee ID, an email, or #id
    #[arg(required_unless_present = "scrub")]
    pub alumnus: Option<String>,
    /// Why they are erased, for the audit log (any of their own values in it is left out)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Only rewrite the database file so that nothing erased earlier stays
    /// readable in it (when another program had it open during an erasure)
    #[arg(long, conflicts_with_all = ["alumnus", "reason", "yes"])]
    pub scrub: bool,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Erase every alumnus listed, in one transaction, as `alumni forget` does
    #[arg(long)]
    pub erase: bool,
    /// Do not ask for confirmation (needed with --erase without a terminal)
    #[arg(long, requires = "erase")]
    pub yes: bool,
    #[command(flatten)]
    pub output: ListingArgs,
}
