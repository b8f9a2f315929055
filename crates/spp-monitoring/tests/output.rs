//! The report formats on the hand-counted corpus.

mod common;

use spp_monitoring::output::{render, Format};
use spp_monitoring::{compute, GroupBy, Options};

use common::*;

fn report() -> spp_monitoring::Report {
    let fx = fx();
    compute(
        &corpus(),
        &Options {
            group_by: Some(GroupBy::Country),
            extra_groupings: vec![GroupBy::Year],
            policy: Some(&EuCriteriaForComputers),
            fx: &fx,
            include_implausible: false,
        },
    )
}

#[test]
fn json_has_facts_and_one_object_per_figure() {
    let bytes = render(&report(), Format::Json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["facts"]["winners"], 5);
    let rows = json["indicators"].as_array().unwrap();
    // Only `all` and the country rows: the year breakdown is for the HTML charts.
    assert!(rows
        .iter()
        .all(|r| r["group_by"].is_null() || r["group_by"] == "country"));
    let gpp2 = rows
        .iter()
        .find(|r| {
            r["id"] == "GPP-2"
                && r["group"] == "all"
                && r["stage"] == "award"
                && r["variant"] == "count"
                && r["split"].is_null()
        })
        .unwrap();
    assert_eq!(gpp2["denominator"], 0);
    assert!(gpp2["value"].is_null());
    let spend = rows
        .iter()
        .find(|r| {
            r["id"] == "SPD-1"
                && r["group"] == "all"
                && r["variant"] == "value"
                && r["split"].is_null()
        })
        .unwrap();
    assert_eq!(spend["numerator"], 300000);
    assert_eq!(spend["unconverted"]["JPY"], 1);
}

#[test]
fn csv_has_one_line_per_row_and_a_bom() {
    let r = report();
    let text = String::from_utf8(render(&r, Format::Csv).unwrap()).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), r.main_rows().count() + 1);
    assert!(text.contains("\nCVD-1,clean-vehicle procurement,all,all,award,count,,vehicles,9,14,0.642857,1.000000,2,2,0,capped_lots: 1\n"));
}

#[test]
fn table_and_html_show_headline_and_warnings() {
    let r = report();
    let table = String::from_utf8(render(&r, Format::Table).unwrap()).unwrap();
    let headline = table.split("CORPUS FACTS").next().unwrap();
    assert!(headline.contains("SPP-2 declared strategic procurement (award, lots)"));
    assert!(headline.contains("60.0 %"), "3 of 5: {headline}");
    assert!(table.contains("BY COUNTRY"));
    assert!(table.contains("in JPY, which has no ECB reference rate"));
    let html = String::from_utf8(render(&r, Format::Html).unwrap()).unwrap();
    assert!(html.contains("id=\"chart-year\""));
    // 2024 and 2025 bars exist; names are escaped.
    assert!(html.contains(">2024</text>") && html.contains(">2025</text>"));
    assert!(html.contains("BT-06 ∈ {env-imp, soc-obj, inn-pur}"));
    assert!(!html.contains("<script"));
    let xlsx = render(&r, Format::Xlsx).unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}
