//! `spp inspect`: parse one eForms notice and print what spp understood, as pretty JSON
//! (the serde form of `spp_domain::Notice`; field names are listed in docs/FORMAT.md).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `spp inspect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The eForms XML notice to read.
    pub file: PathBuf,
    /// Print only the warnings (unknown codes, unreadable values, dangling references).
    #[arg(long)]
    pub warnings: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let notice = spp_app::inspect::read_notice(&args.file)?;
    let json = if args.warnings {
        serde_json::to_string_pretty(&notice.warnings)?
    } else {
        serde_json::to_string_pretty(&notice)?
    };
    crate::out::line(&json)?;
    Ok(ExitCode::SUCCESS)
}
