//! `alumni event`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::events::EventCommand) -> Result<()> {
    bail!("alumni event is not available yet")
}
