//! `spp suggest`.

use std::process::ExitCode;

/// Arguments of `spp suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp suggest` is not built yet")
}
