//! Real notices through the whole chain: spp-eforms parser → spp_domain::derive::lot_records →
//! Catalogue::classify → Policy::evaluate.

use std::path::Path;

use spp_catalogue::{Catalogue, Policy, PolicyVerdict};
use spp_domain::derive::lot_records;
use spp_domain::FlagKind;

#[test]
fn sdk_example_with_declared_circularity() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cn_24_open_laptops.xml");
    let bytes = std::fs::read(&path).expect("fixture");
    let notice = spp_eforms::parse_notice(&bytes).expect("parse");
    let mut recs = lot_records(&notice);
    assert_eq!(recs.len(), 1);
    let cat = Catalogue::bundled().expect("catalogue");
    cat.classify(&notice, &mut recs);
    let r = &recs[0];
    assert_eq!(r.product_group.as_deref(), Some("ict-end-user"));
    let got: Vec<(FlagKind, &str, &str)> = r
        .flags
        .iter()
        .map(|f| (f.kind, f.field.as_str(), f.evidence.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (FlagKind::Green, "BT-774", "circ-econ"),
            (FlagKind::Circular, "BT-774", "circ-econ"),
        ]
    );
    let strategic = Policy::bundled("declared-strategic").expect("policy");
    assert_eq!(
        strategic.evaluate(r),
        PolicyVerdict::Covered {
            met: true,
            reasons: vec!["declares-strategic: BT-774 = circ-econ".into()]
        }
    );
    let flanders = Policy::bundled("flanders-essential").expect("policy");
    assert_eq!(
        flanders.evaluate(r),
        PolicyVerdict::Covered {
            met: true,
            reasons: vec!["ict-green: green flag (BT-774 = circ-econ)".into()]
        }
    );
}

/// Every notice of the shared corpus goes through without a panic; prints the flag counts.
#[test]
fn shared_corpus_classifies_without_panics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("SKIP: {} is absent", corpus.display());
        return;
    }
    let cat = Catalogue::bundled().expect("catalogue");
    let policy = Policy::bundled("flanders-essential").expect("policy");
    let (mut notices, mut lots, mut grouped, mut covered, mut met) = (0, 0, 0, 0, 0);
    let mut counts = std::collections::BTreeMap::new();
    let mut stack = vec![corpus];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "xml") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let Ok(notice) = spp_eforms::parse_notice(&bytes) else {
                continue;
            };
            notices += 1;
            let mut recs = lot_records(&notice);
            cat.classify(&notice, &mut recs);
            for r in &recs {
                lots += 1;
                grouped += usize::from(r.product_group.is_some());
                let verdict = policy.evaluate(r);
                covered += usize::from(verdict != PolicyVerdict::NotCovered);
                // The verdict without reasons is the same verdict.
                let bare = match verdict {
                    PolicyVerdict::Covered { met, .. } => PolicyVerdict::Covered {
                        met,
                        reasons: Vec::new(),
                    },
                    other => other,
                };
                assert_eq!(policy.verdict(r), bare, "{}", r.notice_id);
                if let PolicyVerdict::Covered { met: true, .. } = bare {
                    met += 1;
                }
                for f in &r.flags {
                    *counts.entry(f.kind.as_str()).or_insert(0usize) += 1;
                }
            }
        }
    }
    eprintln!("{notices} notices, {lots} lots, {grouped} with a product group, {covered} in flanders-essential scope ({met} meet it); flags {counts:?}");
    assert!(notices > 100, "{notices}");
    assert!(grouped > 0 && grouped <= lots);
}
