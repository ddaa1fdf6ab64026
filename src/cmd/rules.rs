//! `alumni rules`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: Option<crate::cli::contact::RulesCommand>) -> Result<()> {
    bail!("alumni rules is not available yet")
}
