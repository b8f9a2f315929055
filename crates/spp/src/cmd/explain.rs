//! `spp explain`.

use std::process::ExitCode;

/// Arguments of `spp explain`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp explain` is not built yet")
}
