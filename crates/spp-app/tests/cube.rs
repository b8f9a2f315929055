//! The report from the stored aggregates is the report from the records, byte for byte (as
//! JSON), on SQLite and on the real PostgreSQL: on the bundled sample and on a synthetic
//! corpus, with every filter kind the cube keeps and every grouping, with and without the
//! implausible values, after change notices and newer versions took notices out again, and
//! the aggregates kept by the saves equal the aggregates rebuilt from the notices.

use std::path::{Path, PathBuf};

use spp_app::{App, CataloguePolicy, Filter, ReportQuery};
use spp_monitoring::output::{render, Format};
use spp_monitoring::GroupBy;
use spp_store::test_support::TestDatabase;

fn json(report: &spp_monitoring::Report) -> String {
    String::from_utf8(render(report, Format::Json).unwrap()).unwrap()
}

/// One filter of each kind the cube keeps, and none.
fn filters(app: &App) -> Vec<Filter> {
    let pairs: &[&[(&str, &str)]] = &[
        &[],
        &[("year_from", "2023"), ("year_to", "2024")],
        &[("year_from", "2016")],
        &[("country", "BEL")],
        &[("nuts", "BE2")],
        &[("nuts", "BE")],
        &[("product_group", "vehicles")],
        &[("procedure_type", "open")],
        &[("cpv_division", "45")],
        &[("cpv_division", "34")],
        &[
            ("country", "BEL"),
            ("year_from", "2022"),
            ("cpv_division", "45"),
        ],
    ];
    pairs
        .iter()
        .map(|p| Filter::parse(p.iter().copied(), app.catalogue()).unwrap())
        .collect()
}

/// Every filter × (no grouping, each grouping) × with and without implausible values:
/// the cube's report equals the records' report.
async fn assert_cube_equals_records(app: &App, what: &str) -> usize {
    let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT).unwrap();
    let groupings: Vec<Option<GroupBy>> = std::iter::once(None)
        .chain(
            GroupBy::ALL
                .into_iter()
                .filter(|g| *g != GroupBy::Buyer)
                .map(Some),
        )
        .collect();
    let mut compared = 0;
    for (i, filter) in filters(app).into_iter().enumerate() {
        // Every grouping without a filter; the extra groupings (year, country, CPV division)
        // are in every report, so each filter is also seen grouped.
        let groupings = if i == 0 {
            groupings.clone()
        } else {
            vec![None, Some(GroupBy::Nuts)]
        };
        for group_by in &groupings {
            for include_implausible in [false, true] {
                let query = ReportQuery {
                    filter: filter.clone(),
                    group_by: *group_by,
                    extra_groupings: vec![GroupBy::Year, GroupBy::Country, GroupBy::CpvDivision],
                    include_implausible,
                    process_exits_after: false,
                };
                let cube = app.report_from_cube(&query, &policy).await.unwrap();
                let cube = cube.unwrap_or_else(|| panic!("{what}: the cube did not answer"));
                let records = app.report_from_records(&query, &policy).await.unwrap();
                assert_eq!(
                    json(&cube),
                    json(&records),
                    "{what}: filter {:?}, by {group_by:?}, implausible {include_implausible}",
                    filter.pairs()
                );
                compared += 1;
            }
        }
    }
    compared
}

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

/// Notices `0..n` of a synthetic corpus (change notices name earlier ones), and newer
/// versions of every tenth with other amounts.
fn synthetic(dir: &Path, n: u64) -> (PathBuf, PathBuf) {
    let templates = spp_ingest::synth::Templates::load(&sample_dir()).unwrap();
    let first = templates.write_dir(&dir.join("v1"), 11, n).unwrap();
    let newer = dir.join("v2");
    std::fs::create_dir_all(&newer).unwrap();
    for i in (0..n).step_by(10) {
        let (name, bytes) = templates.generate(11, i);
        let xml = String::from_utf8(bytes).unwrap();
        let xml = xml
            .replace(
                "<cbc:VersionID>01</cbc:VersionID>",
                "<cbc:VersionID>02</cbc:VersionID>",
            )
            .replacen("currencyID=\"EUR\">", "currencyID=\"EUR\">3", 2);
        std::fs::write(newer.join(name), xml).unwrap();
    }
    (first, newer)
}

async fn ingest(app: &App, path: PathBuf) -> spp_ingest::Summary {
    let request = spp_app::ingest::IngestRequest {
        paths: vec![path],
        batch: 64,
        limits: spp_ingest::Limits::default(),
    };
    let summary = app.ingest(&request, &|_| {}).await.unwrap();
    let status = app.store().aggregate_status().await.unwrap();
    assert!(
        status.views_current(),
        "the ingest derived the views: {status:?}"
    );
    summary
}

/// The stored rows of every view, sorted.
async fn rows(app: &App) -> (Vec<(String, Vec<u8>)>, Vec<Vec<u8>>, Vec<(String, Vec<u8>)>) {
    let (mut cells, mut spans, mut spanning) = (Vec::new(), Vec::new(), Vec::new());
    for view in spp_monitoring::cube::view::View::all() {
        let r = app
            .store()
            .aggregate_rows_of(i64::from(view.id))
            .await
            .unwrap();
        assert!(!r.cells.is_empty(), "view {} has cells", view.id);
        cells.extend(r.cells);
        spans.extend(r.spans);
        spanning.extend(r.spanning);
    }
    cells.sort();
    spans.sort();
    spanning.sort();
    (cells, spans, spanning)
}

async fn scenario(db: &TestDatabase, name: &str) {
    let app = App::open(&db.url).await.unwrap();
    app.ingest_sample().await.unwrap();
    let n = assert_cube_equals_records(&app, &format!("{name} sample")).await;
    assert!(n >= 50, "{n} reports compared");
    let dir = tempfile::tempdir().unwrap();
    let (first, newer) = synthetic(dir.path(), 300);
    let s = ingest(&app, first).await;
    assert_eq!(s.failed, 0, "{:?}", s.failures);
    let counts = app.store().counts().await.unwrap();
    assert!(
        counts.superseded_notices > 0,
        "change notices took some out"
    );
    assert_cube_equals_records(&app, &format!("{name} synthetic")).await;
    let s = ingest(&app, newer).await;
    assert!(s.updated >= 20, "newer versions replaced older ones: {s:?}");
    assert_cube_equals_records(&app, &format!("{name} newer versions")).await;
    // Subtraction was exact: the kept aggregates are those rebuilt from the notices (and the
    // views derived from them the same).
    let kept = rows(&app).await;
    let status = app.store().aggregate_status().await.unwrap();
    assert!(status.is_current(&app.cube_fingerprint()));
    app.rebuild_aggregates().await.unwrap();
    assert!(
        app.refresh_views().await.unwrap(),
        "{name}: views derived again"
    );
    assert_eq!(
        rows(&app).await,
        kept,
        "{name}: kept aggregates differ from rebuilt ones"
    );
    app.close().await;
}

#[tokio::test]
async fn cube_equals_records_on_sqlite() {
    let db = TestDatabase::sqlite();
    scenario(&db, "sqlite").await;
}

#[tokio::test]
async fn cube_equals_records_on_postgres() {
    let Some(db) = TestDatabase::postgres("cube_equal") else {
        return;
    };
    scenario(&db, "postgres").await;
    db.remove().await;
}

/// A store written without the aggregates (another writer, an older spp) is rebuilt before
/// the cube answers, and a report computed with another policy is computed from records.
#[tokio::test]
async fn stale_aggregates_are_rebuilt_and_other_policies_scan() {
    let db = TestDatabase::sqlite();
    let plain = spp_store::Store::connect(&db.url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = synthetic(dir.path(), 120);
    let options = spp_ingest::IngestOptions::default();
    spp_ingest::ingest(&[first], &plain, &options, &|_| {})
        .await
        .unwrap();
    plain.close().await;
    let app = App::open(&db.url).await.unwrap();
    let status = app.store().aggregate_status().await.unwrap();
    assert!(!status.is_current(&app.cube_fingerprint()));
    assert_cube_equals_records(&app, "rebuilt").await;
    let other = CataloguePolicy::bundled("flanders-essential").unwrap();
    let query = ReportQuery::default();
    assert!(app
        .report_from_cube(&query, &other)
        .await
        .unwrap()
        .is_none());
    let buyer = ReportQuery {
        group_by: Some(GroupBy::Buyer),
        ..ReportQuery::default()
    };
    let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT).unwrap();
    assert!(app
        .report_from_cube(&buyer, &policy)
        .await
        .unwrap()
        .is_none());
    app.close().await;
}
