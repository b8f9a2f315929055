//! Register benchmark (a bench binary, `cargo bench -p spp-app --bench register`): a
//! synthetic register of `SPP_BENCH_ENTITIES` entities (50) and `SPP_BENCH_CONTRACTS`
//! contracts (100,000) written to a CSV file, imported into a fresh SQLite file (one
//! transaction), imported again (nothing changes), then the register report and the export
//! timed. `SPP_BENCH_DB=postgres://…` runs it on PostgreSQL (the schema must be empty).
//! Figures: docs/PERFORMANCE.md.

use std::time::Instant;

use spp_app::auth::Actor;
use spp_app::register::monitor::Sources;
use spp_app::register::synth;
use spp_app::register::table::{self, FileFormat};
use spp_app::{App, CataloguePolicy};
use spp_catalogue::Lang;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let (n_entities, n_contracts) = (
        env("SPP_BENCH_ENTITIES", 50),
        env("SPP_BENCH_CONTRACTS", 100_000),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let db = std::env::var("SPP_BENCH_DB")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("register.sqlite").display()));
    let app = App::open(&db).await.expect("open database");
    let cli = Actor::cli();
    for e in synth::entities(n_entities) {
        app.save_entity(&cli, &e).await.expect("entity");
    }
    let started = Instant::now();
    let table = synth::register(app.catalogue(), n_entities, n_contracts);
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, table::encode(&table, FileFormat::Csv).expect("csv")).expect("write csv");
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {n_contracts} contracts, {} lots, {:.1} MB CSV in {:.2} s",
        table.rows.len(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let timed = |what: &str, t: Instant, extra: String| {
        let s = t.elapsed().as_secs_f64();
        println!("{what:<28} {s:>8.2} s  {extra}");
        s
    };
    let t = Instant::now();
    let dry = app
        .import_register(&cli, &csv, true)
        .await
        .expect("dry run");
    timed(
        "import --dry-run",
        t,
        format!("{} rows, {} errors", dry.rows, dry.errors.len()),
    );
    let t = Instant::now();
    let first = app
        .import_register(&cli, &csv, false)
        .await
        .expect("import");
    assert!(
        first.errors.is_empty(),
        "{:?}",
        &first.errors[..first.errors.len().min(3)]
    );
    let s = timed(
        "import (one transaction)",
        t,
        format!("{} created", first.created),
    );
    println!(
        "{:<28} {:>8.0} contracts/s, {:.0} lots/s",
        "",
        n_contracts as f64 / s,
        first.rows as f64 / s
    );
    let t = Instant::now();
    let again = app
        .import_register(&cli, &csv, false)
        .await
        .expect("re-import");
    timed(
        "re-import (unchanged)",
        t,
        format!("{} unchanged", again.unchanged),
    );
    let policy = CataloguePolicy::bundled("flanders-essential").expect("policy");
    for round in 1..=3 {
        let t = Instant::now();
        let r = app
            .register_report(&cli, Sources::Both, &policy)
            .await
            .expect("report");
        timed(
            &format!("register report, run {round}"),
            t,
            format!("{} rows", r.rows.len()),
        );
    }
    let t = Instant::now();
    let list = app
        .contracts(&cli, &Default::default())
        .await
        .expect("list");
    timed("load all contracts", t, format!("{} contracts", list.len()));
    let t = Instant::now();
    let bytes = app
        .export_register(&cli, FileFormat::Csv, Lang::En, &Default::default())
        .await
        .expect("export");
    timed(
        "export CSV",
        t,
        format!("{:.1} MB", bytes.len() as f64 / 1e6),
    );
    app.close().await;
}
