//! The lots behind a figure add up to the figure, and search finds notices by publication
//! number, id, buyer and CPV, on the bundled sample in a real SQLite file.

use spp_app::figure::{parse_stage, FigureQuery};
use spp_app::{App, CataloguePolicy, Filter, ReportQuery};
use spp_monitoring::{Stage, Variant};

async fn sample_app(dir: &std::path::Path) -> App {
    let db = format!("sqlite:{}", dir.join("s.sqlite").display());
    let app = App::open(&db).await.unwrap();
    app.ingest_sample().await.unwrap();
    app
}

#[tokio::test]
async fn the_lots_behind_every_lot_figure_are_its_numerator_and_denominator() {
    let dir = tempfile::tempdir().unwrap();
    let app = sample_app(dir.path()).await;
    let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT).unwrap();
    for filter in [
        Filter::default(),
        Filter::parse([("country", "BEL")], app.catalogue()).unwrap(),
    ] {
        let query = ReportQuery {
            filter: filter.clone(),
            ..Default::default()
        };
        let report = app.report(&query, &policy).await.unwrap();
        let mut checked = 0;
        for row in report.totals().filter(|r| {
            r.measure.unit == "lots"
                && r.measure.variant == Variant::Count
                && r.measure.split.is_none()
        }) {
            let q = FigureQuery {
                filter: filter.clone(),
                indicator: row.id.to_string(),
                stage: row.measure.stage,
                limit: 5,
            };
            let lots = app.figure_lots(&q, &policy).await.unwrap();
            let what = format!("{} {:?}", row.id, row.measure.stage);
            assert_eq!(
                lots.numerator_lots.to_string(),
                row.measure.numerator.to_string(),
                "{what}"
            );
            assert_eq!(
                Some(lots.denominator_lots.to_string()),
                row.measure.denominator.map(|d| d.to_string()),
                "{what}"
            );
            assert!(lots.numerator.len() <= 5 && lots.denominator_only.len() <= 5);
            checked += 1;
        }
        assert!(checked >= 15, "lot figures checked: {checked}");
    }
    let bad = FigureQuery {
        filter: Filter::default(),
        indicator: "XYZ-9".into(),
        stage: Stage::Award,
        limit: 1,
    };
    let err = app.figure_lots(&bad, &policy).await.unwrap_err();
    assert_eq!(err.kind(), spp_app::ErrorKind::BadInput);
    assert!(err.to_string().contains("SPP-2"), "{err}");
    assert!(parse_stage("later").is_err());
}

#[tokio::test]
async fn search_finds_notices_by_number_id_buyer_and_cpv() {
    let dir = tempfile::tempdir().unwrap();
    let app = sample_app(dir.path()).await;
    // 00599533-2024 is an eForms notice of the sample (crates/spp/tests/report_cli.rs).
    let by_number = app.search("599533-2024", 10).await.unwrap();
    assert_eq!(by_number.total, 1, "{by_number:?}");
    let hit = &by_number.hits[0];
    assert_eq!(hit.publication_number.as_deref(), Some("00599533-2024"));
    assert!(hit.notice_id.starts_with("ddbec186"), "{hit:?}");
    let by_id = app.search(&hit.notice_id[..8], 10).await.unwrap();
    assert!(by_id.hits.iter().any(|h| h.notice_id == hit.notice_id));
    let buyer = hit.buyer.clone().unwrap();
    let by_buyer = app.search(&buyer.to_uppercase(), 50).await.unwrap();
    assert!(
        by_buyer.hits.iter().any(|h| h.notice_id == hit.notice_id),
        "{buyer}"
    );
    let cpv = hit.main_cpv.clone().unwrap();
    let by_cpv = app.search(&cpv[..4], 500).await.unwrap();
    assert!(by_cpv.hits.iter().all(|h| h.main_cpv.is_some()));
    assert!(by_cpv.hits.iter().any(|h| h.notice_id == hit.notice_id));
    assert_eq!(app.search("99999999-2024", 10).await.unwrap().total, 0);
}
