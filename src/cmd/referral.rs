//! `alumni referral`: not written yet.

use anyhow::{Result, bail};

use super::Context;

pub fn run(_context: &Context, _args: crate::cli::pipeline::ReferralCommand) -> Result<()> {
    bail!("alumni referral is not available yet")
}
