//! Times loading every current lot record of a store, as `spp report` does:
//! `cargo run --release -p spp-store --example load -- sqlite:PATH [RUNS]`.

use std::time::Instant;

use spp_store::{RecordFilter, Store};

/// The allocator the `spp` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: load DB_URL [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    tracing_subscriber::fmt()
        .with_env_filter("spp_store=debug")
        .with_writer(std::io::stderr)
        .init();
    let store = Store::connect(&url).await?;
    for run in 1..=runs {
        let t = Instant::now();
        let records = store.lot_records(&RecordFilter::default()).await?;
        println!(
            "run {run}: {} records in {:.3} s",
            records.len(),
            t.elapsed().as_secs_f64()
        );
    }
    store.close().await;
    Ok(())
}
