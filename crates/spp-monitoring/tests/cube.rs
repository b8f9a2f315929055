//! The cube answers as the records do: on the hand-counted corpus, the report from stored
//! aggregates equals the report computed from the records (as JSON), for every grouping,
//! cells selected by each dimension, and after notices are taken out again.

mod common;

use spp_domain::LotRecord;
use spp_monitoring::cube::contribution::contribution;
use spp_monitoring::cube::memory::MemoryCube;
use spp_monitoring::cube::CellKey;
use spp_monitoring::output::{render, Format};
use spp_monitoring::{compute_within, GroupBy, Options};

use common::*;

fn by_notice(records: &[LotRecord]) -> Vec<Vec<LotRecord>> {
    let mut out: Vec<Vec<LotRecord>> = Vec::new();
    let mut sorted = records.to_vec();
    sorted.sort_by(|a, b| a.notice_id.cmp(&b.notice_id));
    for r in sorted {
        match out.last_mut() {
            Some(last) if last[0].notice_id == r.notice_id => last.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

fn json(report: &spp_monitoring::Report) -> String {
    String::from_utf8(render(report, Format::Json).unwrap()).unwrap()
}

#[test]
fn cube_reports_equal_record_reports() {
    let fx = fx();
    let policy = EuCriteriaForComputers;
    // One version per notice, as the store keeps them.
    let notices: Vec<Vec<LotRecord>> = by_notice(&corpus())
        .into_iter()
        .map(|n| {
            let top = n.iter().map(|r| r.notice_version).max().unwrap_or(0);
            n.into_iter().filter(|r| r.notice_version == top).collect()
        })
        .collect();
    let records: Vec<LotRecord> = notices.iter().flatten().cloned().collect();
    let mut cube = MemoryCube::default();
    for n in &notices {
        cube.apply(&contribution(n, &fx, Some(&policy)), 1).unwrap();
    }
    // Add and take out a notice again: the cube is where it was.
    let extra = &notices[0];
    let before = cube.clone();
    cube.apply(&contribution(extra, &fx, Some(&policy)), 1)
        .unwrap();
    cube.apply(&contribution(extra, &fx, Some(&policy)), -1)
        .unwrap();
    assert_eq!(cube.cells, before.cells);
    let loaded = cube.load().unwrap();
    type Pick = Box<dyn Fn(&CellKey) -> bool>;
    let picks: Vec<(&str, Pick)> = vec![
        ("all", Box::new(|_| true)),
        ("country", Box::new(|k| k.country.as_deref() == Some("BEL"))),
        ("year", Box::new(|k| k.date_year == Some(2024))),
        ("cpv", Box::new(|k| k.cpv_division.as_deref() == Some("30"))),
        ("group", Box::new(|k| k.product_group.is_some())),
    ];
    for include_implausible in [false, true] {
        for by in [None, Some(GroupBy::Year), Some(GroupBy::CpvDivision)] {
            for (name, pick) in &picks {
                let options = Options {
                    group_by: by,
                    extra_groupings: vec![GroupBy::Country, GroupBy::ProductGroup],
                    policy: Some(&policy),
                    fx: &fx,
                    include_implausible,
                };
                let chosen: Vec<&LotRecord> =
                    records.iter().filter(|r| pick(&CellKey::of(r))).collect();
                let all: Vec<&LotRecord> = records.iter().collect();
                let expected = compute_within(&chosen, Some(&all), &options);
                let got = loaded.report(Some(pick.as_ref()), &options).unwrap();
                if *name == "all" {
                    let whole = loaded.report(None, &options).unwrap();
                    assert_eq!(json(&whole), json(&expected), "every cell, by {by:?}");
                }
                assert!(expected.facts.lots > 0 || *name != "all");
                assert_eq!(json(&got), json(&expected), "{name} by {by:?}");
            }
        }
    }
}
