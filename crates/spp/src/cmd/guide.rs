//! `spp guide`.

use std::process::ExitCode;

/// Arguments of `spp guide`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp guide` is not built yet")
}
