//! `alumni consent`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::contact::ConsentArgs) -> Result<()> {
    bail!("alumni consent is not available yet")
}
