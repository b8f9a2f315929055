//! `spp ingest`: a thin layer over `App::ingest`.

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
    /// Largest decompressed size of one archive or gzipped file, in bytes (default 64 GiB);
    /// past it reading that input stops with an error naming it.
    #[arg(long)]
    pub max_expanded_bytes: Option<u64>,
    /// Largest decompressed/compressed ratio of an archive or gzipped file once past 1 MiB
    /// (default 250): past it reading stops as a decompression bomb.
    #[arg(long)]
    pub max_ratio: Option<u64>,
}

/// The default limits, with the ones given on the command line.
fn limits(args: &Args) -> spp_ingest::Limits {
    let default = spp_ingest::Limits::default();
    spp_ingest::Limits {
        max_archive_bytes: args.max_expanded_bytes.unwrap_or(default.max_archive_bytes),
        max_ratio: args.max_ratio.unwrap_or(default.max_ratio),
        ..default
    }
}

/// Exit status 0 when every input was ingested, 1 when some failed (see the summary) or the
/// database failed, 130/143 when stopped by SIGINT/SIGTERM (committed batches are kept).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stop = spp_ingest::Cancel::new();
    let (summary, signal) = crate::out::runtime()?.block_on(async {
        let signal = crate::signal::on_stop(stop.clone())?;
        let app = spp_app::App::open(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let request = spp_app::ingest::IngestRequest {
            paths: args.paths.clone(),
            batch: args.batch,
            limits: limits(&args),
        };
        let bar = spp_ingest::progress::Bar::stderr();
        let summary = app.ingest_until(&request, &stop, &|p| bar.update(p)).await;
        bar.finish();
        app.close().await;
        anyhow::Ok((summary.context("ingest stopped")?, signal))
    })?;
    let text = if args.json {
        serde_json::to_string_pretty(&summary)? + "\n"
    } else {
        summary_text(&summary)
    };
    crate::out::stdout(text.as_bytes())?;
    if let (true, Some((name, status))) = (summary.interrupted, signal.get()) {
        crate::out::note(&format!(
            "spp: ingest interrupted by {name}: {} notices committed; the same command again \
             ingests the rest",
            summary.committed()
        ));
        return Ok(ExitCode::from(status));
    }
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn summary_text(s: &spp_ingest::Summary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let rate = s.parsed as f64 / s.seconds.max(0.001);
    let _ = writeln!(
        out,
        "{} files, {:.1} MB read in {:.1} s ({rate:.0} notices/s)",
        s.files,
        s.bytes as f64 / 1e6,
        s.seconds
    );
    let _ = writeln!(
        out,
        "parsed {}: new {}, updated {}, unchanged {}, older (ignored) {}; {} lot records written",
        s.parsed, s.new, s.updated, s.unchanged, s.older, s.lots
    );
    if s.skipped > 0 {
        let _ = writeln!(out, "skipped {} files that are not notices", s.skipped);
    }
    let _ = writeln!(out, "failed {}", s.failed);
    for f in &s.failures {
        let _ = writeln!(out, "  {}: {}", f.source, f.reason);
    }
    if s.failed as usize > s.failures.len() {
        let _ = writeln!(out, "  … and {} more", s.failed as usize - s.failures.len());
    }
    out
}
