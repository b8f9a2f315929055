//! The policy reports over the bundled sample in a real SQLite file: every report in Dutch
//! and French carries no English text of spp's own; the English one does; the annual report
//! says "no register data" instead of register figures; the PDF is made by Chromium.

use spp_app::reports::benchmark::BenchmarkBy;
use spp_app::reports::doc::{render_html, Cell, Doc};
use spp_app::reports::eu::Period;
use spp_app::reports::priority::PriorityQuery;
use spp_app::reports::register::NoRegister;
use spp_app::{App, CataloguePolicy, Filter};
use spp_catalogue::Lang;

/// Words of spp's English texts that occur in no Dutch or French text of spp.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "spend",
    "share",
    "coverage",
    "priority",
    "rank",
    "buyer",
    "buyers",
    "summary",
    "annex",
    "award",
    "stage",
    "rose",
    "fell",
    "far",
    "target",
    "sustainable",
    "environmental",
    "risk",
    "count",
    "value",
    "register",
    "no",
    "policy",
    "vehicles",
    "winners",
    "tenders",
    "bids",
    "objective",
    "contracts",
    "unit",
    "median",
    "stayed",
    "thin",
    "product",
    "groups",
    "period",
    "methods",
];

/// spp's own texts of a document: title, subtitle, headings (`headings` first ones),
/// paragraphs, table headers and first-column labels (`labels`).
fn own_texts(doc: &Doc, headings: usize, labels: bool) -> Vec<String> {
    let mut out = vec![doc.title.clone(), doc.subtitle.clone()];
    for (i, s) in doc.sections.iter().enumerate() {
        if i < headings {
            out.push(s.heading.clone());
        }
        out.extend(s.paragraphs.iter().cloned());
        if let Some(t) = &s.table {
            out.extend(t.headers.iter().cloned());
            if labels {
                out.extend(t.rows.iter().filter_map(|r| match r.first() {
                    Some(Cell::Text(s)) => Some(s.clone()),
                    _ => None,
                }));
            }
        }
    }
    out
}

fn english_words(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .flat_map(|t| {
            // File paths (data/priority/risk.toml) are names, not text.
            t.split_whitespace()
                .filter(|token| !token.contains('/'))
                .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
                .map(|w| format!("{w:?} in {t:?}"))
                .collect::<Vec<_>>()
        })
        .collect()
}

async fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let app = App::open(&db).await.expect("open");
    app.ingest_sample().await.expect("sample");
    (dir, app)
}

#[tokio::test(flavor = "multi_thread")]
async fn dutch_and_french_reports_have_no_english() {
    let (_dir, app) = app().await;
    let policy = CataloguePolicy::load("declared-strategic").expect("policy");
    let priority = app
        .priority(
            &PriorityQuery {
                filter: Filter::default(),
                buyers: 3,
            },
            &policy,
        )
        .await
        .expect("priority");
    let eu = app
        .eu_monitoring(
            Period::parse("2016-2024").expect("period"),
            Filter::default(),
            &policy,
            &NoRegister,
        )
        .await
        .expect("eu");
    let regions = app
        .benchmark(BenchmarkBy::Region, &Filter::default(), &policy)
        .await
        .expect("regions");
    let countries = app
        .benchmark(BenchmarkBy::Country, &Filter::default(), &policy)
        .await
        .expect("countries");
    let annual = app
        .annual(2023, &Filter::default(), &policy, &NoRegister)
        .await
        .expect("annual");
    for lang in [Lang::Nl, Lang::Fr, Lang::En] {
        let docs = [
            own_texts(&priority.doc(&app, lang), 1, true),
            own_texts(&eu.doc(lang), 99, true),
            own_texts(&regions.doc(lang), 99, false),
            own_texts(&countries.doc(lang), 99, false),
            // The by-buyer table's labels are buyer names: its headers only.
            own_texts(&annual.doc(&app, lang), 99, false),
        ];
        let found: Vec<String> = docs.iter().flat_map(|d| english_words(d)).collect();
        if lang == Lang::En {
            assert!(
                found.len() > 50,
                "the English reports must use the English words: {found:?}"
            );
        } else {
            assert!(
                found.is_empty(),
                "{lang:?}: English in the report: {found:#?}"
            );
        }
    }
    let nl = annual.doc(&app, Lang::Nl);
    let register = nl
        .sections
        .iter()
        .find(|s| s.heading == "Uit het contractregister")
        .expect("register section");
    assert!(register
        .paragraphs
        .iter()
        .all(|p| p.contains("geen registergegevens")));
    let below = eu.doc(Lang::Fr);
    assert!(below.sections[2].paragraphs[0].contains("pas de données du registre"));
    assert!(eu.below_threshold_eur.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn annual_report_prints_to_pdf() {
    let (_dir, app) = app().await;
    let policy = CataloguePolicy::load("declared-strategic").expect("policy");
    let annual = app
        .annual(2023, &Filter::default(), &policy, &NoRegister)
        .await
        .expect("annual");
    let html = render_html(&annual.doc(&app, Lang::Fr));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"fr\""));
    let pdf = spp_app::reports::pdf::html_to_pdf(&html).expect("Chromium is present in CI");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(pdf.len() > 10_000, "PDF of {} bytes", pdf.len());
}
