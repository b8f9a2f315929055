//! `spp inspect`: parse one eForms notice and print what spp understood, as pretty JSON
//! (the serde form of `spp_domain::Notice`; field names are listed in docs/FORMAT.md).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

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
    let path = &args.file;
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    // Refuse before reading a huge file into memory.
    if meta.len() > spp_eforms::MAX_NOTICE_BYTES as u64 {
        anyhow::bail!(
            "{}: file too large: {} bytes (the limit is {} bytes)",
            path.display(),
            meta.len(),
            spp_eforms::MAX_NOTICE_BYTES
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let notice = spp_eforms::parse_notice(&bytes)
        .with_context(|| format!("{}: cannot parse the notice", path.display()))?;
    let json = if args.warnings {
        serde_json::to_string_pretty(&notice.warnings)?
    } else {
        serde_json::to_string_pretty(&notice)?
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}")?;
    tracing::debug!(file = %path.display(), warnings = notice.warnings.len(), "inspected");
    Ok(ExitCode::SUCCESS)
}
