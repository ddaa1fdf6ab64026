//! `alumni pipeline`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::pipeline::PipelineCommand) -> Result<()> {
    bail!("alumni pipeline is not available yet")
}
