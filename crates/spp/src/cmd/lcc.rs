//! `spp lcc`.

use std::process::ExitCode;

/// Arguments of `spp lcc`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp lcc` is not built yet")
}
