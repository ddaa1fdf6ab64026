//! `alumni merge`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::people::MergeArgs) -> Result<()> {
    bail!("alumni merge is not available yet")
}
