//! `export_parquet` on the bundled sample, read back by DuckDB (the Python package): the
//! GPP-1 share by count it computes from the indicator facts equals spp's report, and the
//! lots table has every lot, partitioned by year and country.

use std::path::Path;
use std::process::Command;

use spp_app::{App, CataloguePolicy, Filter, ReportQuery};

fn duckdb(script: &str, args: &[&str]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts")
        .join(script);
    let out = Command::new("python3")
        .arg(path)
        .args(args)
        .output()
        .expect("python3 runs (scripts/test.sh installs duckdb)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[tokio::test]
async fn duckdb_computes_the_same_gpp1_as_spp() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&format!("sqlite:{}", dir.path().join("s.sqlite").display()))
        .await
        .unwrap();
    app.ingest_sample().await.unwrap();
    let out = dir.path().join("parquet");
    let summary = app.export_parquet(&Filter::default(), &out).await.unwrap();
    assert!(summary
        .files
        .iter()
        .any(|f| f.to_string_lossy().contains("lots/year=2024/country=BEL/")));

    let query = ReportQuery {
        filter: Filter::default(),
        group_by: None,
        extra_groupings: Vec::new(),
        include_implausible: false,
        process_exits_after: false,
    };
    let policy = CataloguePolicy::load(spp_app::policy::DEFAULT).unwrap();
    let report = app.report(&query, &policy).await.unwrap();
    let spp: Vec<String> = report
        .totals()
        .filter(|r| r.id == "GPP-1" && r.measure.variant == spp_monitoring::Variant::Count)
        .filter(|r| r.measure.split.is_none())
        .map(|r| {
            let m = &r.measure;
            format!(
                "{} {} {}",
                m.stage.as_str(),
                m.numerator,
                m.denominator.unwrap_or_default()
            )
        })
        .collect();
    let mut spp = spp;
    spp.sort();
    let dir_arg = out.to_string_lossy().into_owned();
    let duck: Vec<String> = duckdb("duckdb_gpp1.py", &[&dir_arg])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(spp.len(), 2, "{spp:?}");
    assert!(
        spp.iter().all(|l| !l.ends_with(" 0")),
        "a stage without lots proves little: {spp:?}"
    );
    assert_eq!(duck, spp);

    let lots = App::open(&format!("sqlite:{}", dir.path().join("s.sqlite").display()))
        .await
        .unwrap()
        .store()
        .lot_records(&Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(summary.lots as usize, lots);
}
