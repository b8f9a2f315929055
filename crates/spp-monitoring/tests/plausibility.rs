//! The plausibility checks in a whole report: flagged values are listed, left out of spend,
//! value shares and vehicle counts, and counted when asked (`include_implausible`). Every
//! expected figure is counted by hand from the records below.

mod common;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use spp_domain::codelist::StrategicProcurement;
use spp_domain::LotRecord;
use spp_monitoring::output::{render, Format};
use spp_monitoring::plausibility::{Field, Rule};
use spp_monitoring::{compute, Options, Report, Stage, Variant};

use common::*;

/// | notice | lot | awarded EUR | estimate EUR | vehicles (CVD) | flag |
/// |---|---|---|---|---|---|
/// | A | L1 | 1 000 000 (BT-06 none) | — | 20 / 10 clean | — |
/// | A | L2 | 3 000 000 (env-imp) | 2 000 000 | — | — |
/// | B | L1 | 20 000 000 000 (env-imp) | — | — | P-1 |
/// | C | L1 | 5 000 000 | 10 000 | — | P-2 |
/// | D | L1..L3 | 100 each | — | 400 / 400 clean each | P-4 (×3) |
/// | E | L1 | 100 | — | 77 763 / 0 clean | P-3 |
fn records() -> Vec<LotRecord> {
    let award = |notice: &str, lot_id: &str, value: i64| {
        let mut r = lot(notice, 1, lot_id, "result");
        r.awarded = true;
        r.awarded_value = eur(value);
        r.award_date = Some(day("2024-03-01"));
        r
    };
    let vehicles = |mut r: LotRecord, total: u64, clean: u64| {
        r.cvd_applies = Some(true);
        r.vehicles_total = Some(total);
        r.vehicles_clean = Some(clean);
        r
    };
    let mut a2 = award("A", "L2", 3_000_000);
    a2.estimated_value = eur(2_000_000);
    a2.strategic = vec![StrategicProcurement::EnvImp];
    let mut b1 = award("B", "L1", 20_000_000_000);
    b1.strategic = vec![StrategicProcurement::EnvImp];
    let mut c1 = award("C", "L1", 5_000_000);
    c1.estimated_value = eur(10_000);
    let mut a1 = vehicles(award("A", "L1", 1_000_000), 20, 10);
    a1.strategic = vec![StrategicProcurement::None];
    vec![
        a1,
        a2,
        b1,
        c1,
        vehicles(award("D", "L1", 100), 400, 400),
        vehicles(award("D", "L2", 100), 400, 400),
        vehicles(award("D", "L3", 100), 400, 400),
        vehicles(award("E", "L1", 100), 77_763, 0),
    ]
}

fn report(include_implausible: bool) -> Report {
    let fx = fx();
    compute(
        &records(),
        &Options {
            group_by: None,
            extra_groupings: Vec::new(),
            policy: None,
            fx: &fx,
            include_implausible,
        },
    )
}

fn figure(r: &Report, id: &str, variant: Variant) -> (Decimal, Option<Decimal>) {
    let row = r
        .find(id, "all", Stage::Award, variant, None)
        .unwrap_or_else(|| panic!("no row {id}"));
    (row.measure.numerator, row.measure.denominator)
}

#[test]
fn flagged_values_are_listed_with_notice_lot_field_value_and_rule() {
    let r = report(false);
    let listed: Vec<(&str, &str, Rule, Field, Decimal)> = r
        .implausible
        .iter()
        .map(|f| {
            (
                f.notice_id.as_str(),
                f.lot_id.as_str(),
                f.rule,
                f.field,
                f.value,
            )
        })
        .collect();
    use Field::*;
    use Rule::*;
    assert_eq!(
        listed,
        [
            ("B", "L1", ValueCeiling, AwardedValue, dec!(20000000000)),
            ("C", "L1", FarAboveEstimate, AwardedValue, dec!(5000000)),
            ("D", "L1", RepeatedVehicles, Vehicles, dec!(400)),
            ("D", "L2", RepeatedVehicles, Vehicles, dec!(400)),
            ("D", "L3", RepeatedVehicles, Vehicles, dec!(400)),
            ("E", "L1", VehicleBound, Vehicles, dec!(77763)),
        ]
    );
    assert!(r.implausible.iter().all(|f| !f.included));
}

#[test]
fn flagged_values_are_left_out_of_spend_value_shares_and_vehicles() {
    let r = report(false);
    // Spend: A 1 000 000 + 3 000 000, D 3 × 100, E 100; B and C left out.
    assert_eq!(figure(&r, "SPD-1", Variant::Value).0, dec!(4000400));
    // The count variant still counts every awarded lot; the flagged ones have no value.
    assert_eq!(
        figure(&r, "SPD-1", Variant::Count),
        (dec!(6), Some(dec!(8)))
    );
    // GPP-1 by value, over the lots reporting BT-06 (A L1 `none`, A L2 and B env-imp):
    // A L2's 3 000 000 of A's 4 000 000; B's 20 billion is left out of both sides.
    assert_eq!(
        figure(&r, "GPP-1", Variant::Value),
        (dec!(3000000), Some(dec!(4000000)))
    );
    // CVD-1: only A L1 (10 clean of 20); D's repeated 400s and E's 77 763 are left out.
    assert_eq!(
        figure(&r, "CVD-1", Variant::Count),
        (dec!(10), Some(dec!(20)))
    );
    let cvd = r
        .find("CVD-1", "all", Stage::Award, Variant::Count, None)
        .unwrap();
    assert_eq!(
        cvd.measure.unconverted.get("implausible (left out)"),
        Some(&4)
    );
}

#[test]
fn include_implausible_counts_them_and_still_lists_them() {
    let r = report(true);
    assert_eq!(r.implausible.len(), 6);
    assert!(r.implausible.iter().all(|f| f.included));
    assert_eq!(
        figure(&r, "SPD-1", Variant::Value).0,
        dec!(20009000400),
        "4 000 400 + 20 000 000 000 + 5 000 000"
    );
    assert_eq!(
        figure(&r, "CVD-1", Variant::Count),
        (dec!(1210), Some(dec!(78983))),
        "10 + 3 × 400 clean of 20 + 3 × 400 + 77 763"
    );
    assert_eq!(
        figure(&r, "GPP-1", Variant::Value),
        (dec!(20003000000), Some(dec!(20004000000)))
    );
}

#[test]
fn the_outputs_show_the_list() {
    let r = report(false);
    let table = String::from_utf8(render(&r, Format::Table).unwrap()).unwrap();
    let section = table
        .split("IMPLAUSIBLE VALUES")
        .nth(1)
        .expect("table section");
    assert!(section.contains("E v1 | L1 | vehicles (OPT-156) | 77 763 | P-3"));
    assert!(section.contains("B v1 | L1 | awarded value (BT-720) | 20 000 000 000 | P-1"));
    assert!(table.contains("6 values or counts fail the plausibility checks"));
    let html = String::from_utf8(render(&r, Format::Html).unwrap()).unwrap();
    assert!(html.contains("<table id=\"implausible\">"));
    assert!(html.contains("<td>77 763</td><td>P-3 more than 10,000 vehicles in one lot</td>"));
    let json: serde_json::Value =
        serde_json::from_slice(&render(&r, Format::Json).unwrap()).unwrap();
    let first = &json["implausible"][0];
    assert_eq!(first["notice_id"], "B");
    assert_eq!(first["lot_id"], "L1");
    assert_eq!(first["rule"], "P-1");
    assert_eq!(first["field"], "awarded_value");
    assert_eq!(first["value"], 20_000_000_000i64);
    assert_eq!(json["include_implausible"], false);
}

#[test]
fn explain_says_why_a_value_is_left_out() {
    let fx = fx();
    let records: Vec<LotRecord> = records()
        .into_iter()
        .filter(|r| r.notice_id == "D")
        .collect();
    let lots = spp_monitoring::explain(&records, &fx, None);
    let cvd = lots[0]
        .findings
        .iter()
        .find(|f| f.indicator == "CVD-1")
        .unwrap();
    assert!(!cvd.in_denominator);
    assert!(
        cvd.reasons[0].starts_with("implausible, left out: P-4"),
        "{:?}",
        cvd.reasons
    );
}
