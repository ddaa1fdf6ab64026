//! `alumni partner`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::events::PartnerCommand) -> Result<()> {
    bail!("alumni partner is not available yet")
}
