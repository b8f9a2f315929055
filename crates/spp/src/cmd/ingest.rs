//! `spp ingest`: a thin layer over `spp_ingest::ingest`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `spp ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// XML notices, folders (read recursively), TED daily packages (.tar.gz) or .zip archives.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Database: sqlite:PATH (created when missing) or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Most notices per write transaction (each notice stays whole either way).
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
}

/// Exit status 0 when every input was ingested, 1 when some failed (see the summary).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let summary = runtime.block_on(async {
        let store = spp_store::Store::connect(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let options = spp_ingest::IngestOptions {
            batch: args.batch,
            ..Default::default()
        };
        let bar = spp_ingest::progress::Bar::stderr();
        let summary = spp_ingest::ingest(&args.paths, &store, &options, &|p| bar.update(p)).await;
        bar.finish();
        store.close().await;
        summary.context("ingest stopped")
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary);
    }
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_summary(s: &spp_ingest::Summary) {
    let rate = s.parsed as f64 / s.seconds.max(0.001);
    println!(
        "{} files, {:.1} MB read in {:.1} s ({rate:.0} notices/s)",
        s.files,
        s.bytes as f64 / 1e6,
        s.seconds
    );
    println!(
        "parsed {}: new {}, updated {}, unchanged {}, older (ignored) {}; {} lot records written",
        s.parsed, s.new, s.updated, s.unchanged, s.older, s.lots
    );
    if s.skipped > 0 {
        println!("skipped {} files that are not notices", s.skipped);
    }
    println!("failed {}", s.failed);
    for f in &s.failures {
        println!("  {}: {}", f.source, f.reason);
    }
    if s.failed as usize > s.failures.len() {
        println!("  … and {} more", s.failed as usize - s.failures.len());
    }
}
