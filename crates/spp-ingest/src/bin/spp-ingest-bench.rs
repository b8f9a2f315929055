//! `spp-ingest-bench`: end-to-end ingest benchmark (read + parse + classify + store with
//! all indexes) on a synthetic corpus, then the time to load every current lot record.
//!
//! Usage: `spp-ingest-bench COUNT DB [WORK_DIR] [TEMPLATE_DIR]`
//! - COUNT: notices to generate (seed 1); the corpus is written once to
//!   `WORK_DIR/synth-COUNT/` (default /tmp/spp-bench) and reused;
//! - DB: `sqlite` (a fresh file in WORK_DIR) or a `postgres://` URL (a fresh schema);
//! - prints one line of figures, peak memory read from VmHWM in /proc/self/status.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use spp_ingest::{ingest, synth::Templates, IngestOptions};
use spp_store::{RecordFilter, Store};

/// The allocator the `spp` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(err) => {
            eprintln!("spp-ingest-bench: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("spp-ingest-bench: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err(
            "usage: spp-ingest-bench COUNT sqlite|postgres://… [WORK_DIR] [TEMPLATE_DIR]".into(),
        );
    }
    let count: u64 = args[0].parse()?;
    let work = PathBuf::from(args.get(2).map_or("/tmp/spp-bench", String::as_str));
    let templates_dir = args.get(3).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/eforms"),
        PathBuf::from,
    );
    let corpus = work.join(format!("synth-{count}"));
    let done = corpus.join(".complete");
    if !done.exists() {
        let t = Instant::now();
        let templates = Templates::load(&templates_dir)?;
        templates.write_dir(&corpus, 1, count)?;
        std::fs::write(&done, b"")?;
        eprintln!(
            "generated {count} notices from {} templates in {:.1} s",
            templates.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let (url, cleanup) = if args[1] == "sqlite" {
        let path = work.join(format!("bench-{count}.sqlite"));
        // SPP_BENCH_KEEP=1 keeps an existing database (to time loading alone).
        if std::env::var_os("SPP_BENCH_KEEP").is_none() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        (format!("sqlite:{}", path.display()), None)
    } else {
        let schema = format!("spp_bench_{count}_{}", std::process::id());
        let admin = sqlx::PgPool::connect(&args[1]).await?;
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await?;
        let sep = if args[1].contains('?') { '&' } else { '?' };
        (
            format!("{}{sep}options=-c%20search_path%3D{schema}", args[1]),
            Some((admin, schema)),
        )
    };
    let store = Store::connect(&url).await?;
    let options = IngestOptions::default();
    let t = Instant::now();
    let summary = if std::env::var_os("SPP_BENCH_KEEP").is_some() {
        spp_ingest::Summary::default()
    } else {
        ingest(std::slice::from_ref(&corpus), &store, &options, &|_| {}).await?
    };
    let secs = t.elapsed().as_secs_f64();
    let peak_ingest = vm_hwm_mb();
    let t = Instant::now();
    let records = store.lot_records(&RecordFilter::default()).await?;
    let load_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = store.lot_records(&RecordFilter::default()).await?;
    eprintln!(
        "second load: {} records in {:.3} s",
        again.len(),
        t.elapsed().as_secs_f64()
    );
    drop(again);
    let counts = store.counts().await?;
    let backend = if cleanup.is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    let rate = summary.parsed as f64 / secs;
    let mb = summary.bytes as f64 / 1e6;
    let peak_load = vm_hwm_mb();
    println!(
        "{backend} {count} notices: {secs:.1} s, {rate:.0} notices/s, {:.1} MB/s ({mb:.0} MB), \
         parsed {} new {} failed {}, lots written {}, peak memory {peak_ingest} MB; \
         lot_records: {} records in {load_secs:.3} s (peak after {peak_load} MB); \
         store: {} notices ({} current), {} current lots",
        mb / secs,
        summary.parsed,
        summary.new,
        summary.failed,
        summary.lots,
        records.len(),
        counts.notices,
        counts.current_notices,
        counts.lots,
    );
    for f in summary.failures.iter().take(5) {
        eprintln!("  failed: {}: {}", f.source, f.reason);
    }
    store.close().await;
    if let Some((admin, schema)) = cleanup {
        sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&admin)
            .await?;
    }
    Ok(())
}

/// Peak resident memory of this process (VmHWM), in MB.
fn vm_hwm_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
