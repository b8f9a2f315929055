//! `spp report`.

use std::process::ExitCode;

/// Arguments of `spp report`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp report` is not built yet")
}
