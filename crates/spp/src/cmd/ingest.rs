//! `spp ingest`.

use std::process::ExitCode;

/// Arguments of `spp ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`spp ingest` is not built yet")
}
