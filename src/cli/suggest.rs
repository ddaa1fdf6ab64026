//! The command line of `alumni suggest`: who to call next about a comeback.

use clap::Args;

use super::ListingArgs;

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The position to fill: matched against the job title and department
    /// each alumnus left from (ignoring width, case and spaces)
    #[arg(long, value_name = "TEXT")]
    pub position: Option<String>,
    /// The hiring department: matched against the department they left from
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Rank as on this day: engagement is counted in the 12 months up to it
    /// [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub output: ListingArgs,
}
