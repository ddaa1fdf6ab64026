//! `alumni contact`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::contact::ContactCommand) -> Result<()> {
    bail!("alumni contact is not available yet")
}
