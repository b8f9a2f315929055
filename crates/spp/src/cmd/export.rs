//! `spp export --format ocds|parquet`: the lots in scope (filters as `spp report`) as an OCDS
//! release package or JSON Lines (to a file or standard output), or as Parquet files in a
//! directory.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::export::ocds::OcdsExport;
use spp_app::{App, Filter};

use crate::out;

/// Arguments of `spp export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// ocds or parquet.
    #[arg(long)]
    pub format: String,
    /// OCDS: a file, or `-` for standard output (the default). Parquet: a directory (required).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// OCDS: one release per line instead of a release package.
    #[arg(long)]
    pub jsonl: bool,
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
    #[command(flatten)]
    pub filter: super::filter_args::FilterArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let summary = out::runtime()?.block_on(async {
        let app = App::open(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let filter = Filter::parse(args.filter.pairs(), app.catalogue())?;
        let summary = match args.format.as_str() {
            "ocds" => ocds(&app, filter, &args).await,
            "parquet" => {
                let dir = args
                    .output
                    .clone()
                    .context("--output DIR is required for parquet")?;
                Ok(app.export_parquet(&filter, &dir).await?)
            }
            other => anyhow::bail!("--format {other:?}: expected ocds or parquet"),
        };
        app.close().await;
        summary
    })?;
    out::note(&format!(
        "exported {} notices, {} lots{}",
        summary.notices,
        summary.lots,
        if summary.files.is_empty() {
            String::new()
        } else {
            format!(" in {} files", summary.files.len())
        }
    ));
    Ok(ExitCode::SUCCESS)
}

async fn ocds(
    app: &App,
    filter: Filter,
    args: &Args,
) -> anyhow::Result<spp_app::export::ExportSummary> {
    let query = OcdsExport {
        filter,
        jsonl: args.jsonl,
    };
    let target = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    Ok(match target {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            app.export_ocds(&query, &mut w, &path.display().to_string())
                .await?
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            app.export_ocds(&query, &mut w, "standard output").await?
        }
    })
}
