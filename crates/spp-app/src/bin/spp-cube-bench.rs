//! `spp-cube-bench`: what the stored aggregates cost at ingest and give at report time, on a
//! synthetic corpus.
//!
//! Usage: `spp-cube-bench COUNT sqlite|postgres://… [WORK_DIR] [RUNS]`, or
//! `spp-cube-bench --latencies DB_URL [RUNS]` for the report timings alone over a kept store.
//! - COUNT notices (seed 1, templates: the bundled sample's eForms notices) are written once
//!   to `WORK_DIR/cube-COUNT.tar.gz` (default WORK_DIR /tmp/spp-cube-bench) and reused;
//! - ingests them into a fresh store twice: without the aggregates (a plain store) and with
//!   them (the application's store), and prints notices/s of each;
//! - times `App::report` RUNS times (default 50) with no filter and with each single filter
//!   (p50 / p95), the first report of a fresh process (the aggregates read from the
//!   database, what `spp report` pays), and one report computed from the records;
//! - removes the databases it made, unless `SPP_CUBE_BENCH_KEEP=1` (then the store with the
//!   aggregates stays, for `spp serve` and `wrk`, and its URL is printed);
//!   `SPP_CUBE_BENCH_PLAIN=0` skips the ingest without aggregates (at 1M notices it takes
//!   minutes and only serves the comparison).

use std::path::{Path, PathBuf};
use std::time::Instant;

use spp_app::{App, CataloguePolicy, Filter, ReportQuery};
use spp_ingest::synth::Templates;
use spp_monitoring::cube::view::View;
use spp_monitoring::GroupBy;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--latencies") && args.len() >= 2 {
        // Only the report timings, over a store kept by an earlier run.
        let runs: usize = args.get(2).map_or(Ok(50), |r| r.parse())?;
        return latencies(&args[1], runs).await;
    }
    if args.len() < 2 {
        return Err("usage: spp-cube-bench COUNT sqlite|postgres://… [WORK_DIR] [RUNS]".into());
    }
    let count: u64 = args[0].parse()?;
    let work = PathBuf::from(args.get(2).map_or("/tmp/spp-cube-bench", String::as_str));
    let runs: usize = args.get(3).map_or(Ok(50), |r| r.parse())?;
    std::fs::create_dir_all(&work)?;
    let corpus = corpus(&work, count)?;
    if std::env::var("SPP_CUBE_BENCH_PLAIN").as_deref() != Ok("0") {
        plain_ingest(&args[1], &work, &corpus).await?;
    }
    let db = fresh_db(&args[1], &work, "cube").await?;
    let app = App::open(&db.0).await?;
    let t = Instant::now();
    let request = spp_app::ingest::IngestRequest {
        paths: vec![corpus.clone()],
        batch: spp_ingest::IngestOptions::default().batch,
        limits: spp_ingest::Limits::default(),
    };
    let s = app.ingest(&request, &|_| {}).await?;
    let cube_secs = t.elapsed().as_secs_f64();
    let counts = app.store().counts().await?;
    println!(
        "ingest with aggregates: {} notices in {cube_secs:.1} s, {:.0} notices/s; store: {} \
         current notices, {} lots",
        s.parsed,
        s.parsed as f64 / cube_secs,
        counts.current_notices,
        counts.lots,
    );
    for view in View::all() {
        let rows = app.store().aggregate_rows_of(i64::from(view.id)).await?;
        println!(
            "  view {:2} {:?}: {} cells, {} notice spans, {} spanning procedures",
            view.id,
            view.dims,
            rows.cells.len(),
            rows.spans.len(),
            rows.spanning.len()
        );
    }
    app.close().await;
    latencies(&db.0, runs).await?;
    if std::env::var("SPP_CUBE_BENCH_KEEP").as_deref() == Ok("1") {
        println!("kept: {}", db.0);
    } else {
        drop_db(db).await?;
    }
    Ok(())
}

async fn plain_ingest(target: &str, work: &Path, corpus: &Path) -> Result<()> {
    let plain = fresh_db(target, work, "plain").await?;
    let store = spp_store::Store::connect(&plain.0).await?;
    let t = Instant::now();
    let options = spp_ingest::IngestOptions {
        catalogue: Some(std::sync::Arc::new(spp_catalogue::Catalogue::bundled()?)),
        ..spp_ingest::IngestOptions::default()
    };
    let s = spp_ingest::ingest(
        std::slice::from_ref(&corpus.to_path_buf()),
        &store,
        &options,
        &|_| {},
    )
    .await?;
    let plain_secs = t.elapsed().as_secs_f64();
    store.close().await;
    drop_db(plain).await?;
    println!(
        "ingest without aggregates: {} notices in {plain_secs:.1} s, {:.0} notices/s",
        s.parsed,
        s.parsed as f64 / plain_secs
    );

    Ok(())
}

/// The report of `spp report` and the dashboard: all rows, charts by year, country, CPV.
fn query(app: &App, pairs: &[(&str, &str)]) -> Result<ReportQuery> {
    Ok(ReportQuery {
        filter: Filter::parse(pairs.iter().copied(), app.catalogue())?,
        extra_groupings: vec![GroupBy::Year, GroupBy::Country, GroupBy::CpvDivision],
        ..ReportQuery::default()
    })
}

async fn latencies(url: &str, runs: usize) -> Result<()> {
    let app = App::open(url).await?;
    let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT)?;
    let t = Instant::now();
    let first = app.report(&query(&app, &[])?, &policy).await?;
    println!(
        "first report of a process (aggregates read): {:.3} s, {} lots",
        t.elapsed().as_secs_f64(),
        first.facts.lots
    );
    if std::env::var("SPP_CUBE_BENCH_RECORDS").as_deref() != Ok("0") {
        let t = Instant::now();
        app.report_from_records(&query(&app, &[])?, &policy).await?;
        println!(
            "report from the records (no filter): {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
    let filters: &[(&str, &[(&str, &str)])] = &[
        ("none", &[]),
        (
            "years 2023-2024",
            &[("year_from", "2023"), ("year_to", "2024")],
        ),
        ("country BEL", &[("country", "BEL")]),
        ("nuts BE2", &[("nuts", "BE2")]),
        ("product group vehicles", &[("product_group", "vehicles")]),
        ("procedure open", &[("procedure_type", "open")]),
        ("cpv division 45", &[("cpv_division", "45")]),
    ];
    for (name, pairs) in filters {
        let q = query(&app, pairs)?;
        let mut ms = Vec::with_capacity(runs);
        let mut lots = 0;
        for _ in 0..runs.max(2) {
            let t = Instant::now();
            lots = app.report(&q, &policy).await?.facts.lots;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        // The first computes the answer from the views (their rows read once per process
        // and generation); the others are the same query again.
        let first = ms.remove(0);
        ms.sort_by(f64::total_cmp);
        let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
        println!(
            "App::report, filter {name}: first {first:.1} ms, then p50 {:.2} ms, p95 {:.2} ms, \
             max {:.2} ms ({} runs, {lots} lots)",
            at(0.50),
            at(0.95),
            ms[ms.len() - 1],
            ms.len()
        );
    }
    app.close().await;
    Ok(())
}

fn corpus(work: &Path, count: u64) -> Result<PathBuf> {
    let path = work.join(format!("cube-{count}.tar.gz"));
    if !path.exists() {
        let t = Instant::now();
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
        let templates = Templates::load(&sample)?;
        let partial = path.with_extension("partial");
        templates.write_tar_gz(&partial, 1, count)?;
        std::fs::rename(&partial, &path)?;
        eprintln!(
            "generated {count} notices from {} templates in {:.1} s",
            templates.len(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(path)
}

/// A fresh database: (URL, what to remove afterwards).
async fn fresh_db(target: &str, work: &Path, name: &str) -> Result<(String, Cleanup)> {
    if target == "sqlite" {
        let path = work.join(format!("{name}.sqlite"));
        remove_sqlite(&path);
        return Ok((format!("sqlite:{}", path.display()), Cleanup::File(path)));
    }
    let schema = format!("spp_cube_bench_{name}_{}", std::process::id());
    let admin = sqlx::PgPool::connect(target).await?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await?;
    admin.close().await;
    let sep = if target.contains('?') { '&' } else { '?' };
    Ok((
        format!("{target}{sep}options=-c%20search_path%3D{schema}"),
        Cleanup::Schema(target.to_string(), schema),
    ))
}

enum Cleanup {
    File(PathBuf),
    Schema(String, String),
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

async fn drop_db((_, cleanup): (String, Cleanup)) -> Result<()> {
    match cleanup {
        Cleanup::File(path) => remove_sqlite(&path),
        Cleanup::Schema(base, schema) => {
            let admin = sqlx::PgPool::connect(&base).await?;
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await?;
        }
    }
    Ok(())
}
