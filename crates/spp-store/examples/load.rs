//! Times loading every current lot record of a store, as `spp report` does:
//! `cargo run --release -p spp-store --example load -- sqlite:PATH [RUNS]`.

use std::time::Instant;

use spp_store::{RecordFilter, Store};

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: load DB_URL [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    eprintln!(
        "size_of LotRecord = {}",
        std::mem::size_of::<spp_domain::LotRecord>()
    );
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
