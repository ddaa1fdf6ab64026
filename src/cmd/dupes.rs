//! `alumni dupes`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::people::DupesArgs) -> Result<()> {
    bail!("alumni dupes is not available yet")
}
