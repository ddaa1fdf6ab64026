//! `alumni stages`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: Option<crate::cli::pipeline::StagesCommand>) -> Result<()> {
    bail!("alumni stages is not available yet")
}
