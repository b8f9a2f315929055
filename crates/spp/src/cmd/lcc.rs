//! `spp lcc FILE.toml`: compare offers on life-cycle cost. The evaluation (parameters and
//! offers) is one TOML file, schema in docs/LCC.md.

use std::path::PathBuf;
use std::process::ExitCode;

use spp_app::lcc::render::{self, Format};

/// Arguments of `spp lcc`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The evaluation file (TOML): parameters and offers.
    pub file: PathBuf,
    /// Output format: table, json (every offer's breakdown, per-year rows, inputs) or csv.
    #[arg(long, default_value = "table", value_parser = Format::NAMES)]
    pub format: String,
    /// Show the per-year breakdown (table and csv; JSON always has it).
    #[arg(long)]
    pub years: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = Format::parse(&args.format)?;
    let result = spp_app::lcc::evaluate_file(&args.file)?;
    crate::out::stdout(render::render(&result, format, args.years)?.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
