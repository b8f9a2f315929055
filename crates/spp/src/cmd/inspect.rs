//! `spp inspect`.

use std::process::ExitCode;

/// Arguments of `spp inspect`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp inspect` is not built yet")
}
