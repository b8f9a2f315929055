//! Policy verdicts (indicator SPP-1) on hand-built records.

mod common;

use common::*;
use spp_catalogue::{Catalogue, CatalogueError, Policy, PolicyVerdict};
use spp_domain::codelist::*;
use spp_domain::{FlagKind, LotFlag};

fn covered(v: PolicyVerdict) -> (bool, Vec<String>) {
    match v {
        PolicyVerdict::Covered { met, reasons } => (met, reasons),
        PolicyVerdict::NotCovered => panic!("expected Covered"),
    }
}

#[test]
fn declared_strategic_covers_every_lot() {
    let p = Policy::bundled("declared-strategic").expect("policy");
    let mut r = record("LOT-1");
    assert_eq!(
        covered(p.evaluate(&r)),
        (false, vec!["declares-strategic: missing one of BT-06 in [env-imp, soc-obj, inn-pur] | BT-774 (any code) | BT-775 (any code) | BT-776 (any code) | BT-805 other than [none]".to_string()])
    );
    r.strategic = vec![StrategicProcurement::None];
    r.gpp_criteria = vec![GppCriteria::None];
    assert!(!covered(p.evaluate(&r)).0, "none codes do not count");
    r.gpp_criteria = vec![GppCriteria::None, GppCriteria::National];
    assert_eq!(
        covered(p.evaluate(&r)),
        (
            true,
            vec!["declares-strategic: BT-805 = national".to_string()]
        )
    );
    let mut r2 = record("LOT-2");
    r2.social = vec![SocialObjective::WorkCond];
    assert_eq!(
        covered(p.evaluate(&r2)),
        (
            true,
            vec!["declares-strategic: BT-775 = work-cond".to_string()]
        )
    );
    let mut r3 = record("LOT-3");
    r3.strategic = vec![StrategicProcurement::InnPur];
    assert_eq!(
        covered(p.evaluate(&r3)),
        (
            true,
            vec!["declares-strategic: BT-06 = inn-pur".to_string()]
        )
    );
}

#[test]
fn flanders_essential_covers_priority_groups_only() {
    let cat = Catalogue::bundled().expect("catalogue");
    let p = Policy::bundled("flanders-essential").expect("policy");
    assert!(p.unknown_groups(&cat).is_empty());

    // IT services: not a priority group.
    let mut r = record("LOT-1");
    r.product_group = None;
    assert_eq!(p.evaluate(&r), PolicyVerdict::NotCovered);
    r.product_group = Some("roads".into());
    assert_eq!(p.evaluate(&r), PolicyVerdict::NotCovered);

    // Vehicles with BT-717 = true: the directive applies, which says nothing about the
    // vehicles; not met. With clean vehicles counted (OPT-156): met through the flag.
    let mut n = notice(vec![lot("LOT-V", Some("34110000"))]);
    n.lots[0].clean_vehicles = Some(spp_domain::LotCleanVehicles {
        applies: Some(true),
        contract_types: vec![],
    });
    let mut recs = vec![record("LOT-V")];
    cat.classify(&n, &mut recs);
    assert!(!covered(p.evaluate(&recs[0])).0);
    let mut recs = vec![record("LOT-V")];
    recs[0].vehicles_total = Some(4);
    recs[0].vehicles_clean = Some(3);
    cat.classify(&n, &mut recs);
    assert_eq!(
        covered(p.evaluate(&recs[0])),
        (
            true,
            vec!["vehicles-clean: clean_vehicle flag (OPT-156 = vehicles-clean=3)".to_string()]
        )
    );

    // Textiles need green AND social: only green → not met, reason names the missing flag.
    let mut t = record("LOT-T");
    t.product_group = Some("textiles".into());
    t.flags.push(LotFlag {
        kind: FlagKind::Green,
        field: "BT-06".into(),
        evidence: "env-imp".into(),
    });
    assert_eq!(
        covered(p.evaluate(&t)),
        (
            false,
            vec![
                "textiles-green-and-social: green flag (BT-06 = env-imp)".to_string(),
                "textiles-green-and-social: missing social flag".to_string()
            ]
        )
    );
    t.flags.push(LotFlag {
        kind: FlagKind::Social,
        field: "BT-540".into(),
        evidence: "Fair Wear".into(),
    });
    assert!(covered(p.evaluate(&t)).0);

    // Cleaning without any flag: covered, not met.
    let mut c = record("LOT-C");
    c.product_group = Some("cleaning".into());
    assert_eq!(
        covered(p.evaluate(&c)),
        (
            false,
            vec!["cleaning-green: missing green flag".to_string()]
        )
    );
}

#[test]
fn policy_files_are_validated() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("mine.toml");
    let head = "id = \"mine\"\nnames.nl = \"a\"\nnames.fr = \"b\"\nnames.en = \"c\"\ndescription.nl = \"a\"\ndescription.fr = \"b\"\ndescription.en = \"c\"\n";
    std::fs::write(
        &path,
        format!("{head}[[rule]]\nid = \"r1\"\nany_of = [{{ field = \"BT-999\" }}]\n"),
    )
    .expect("write");
    let err = Policy::load(&path).expect_err("bad field").to_string();
    assert!(
        err.contains("mine.toml")
            && err.contains("rule \"r1\"")
            && err.contains("unknown field \"BT-999\""),
        "{err}"
    );

    std::fs::write(
        &path,
        format!("{head}[[rule]]\nid = \"r2\"\nall_of = [{{ flag = \"greenish\" }}]\n"),
    )
    .expect("write");
    let err = Policy::load(&path).expect_err("bad flag");
    assert!(matches!(err, CatalogueError::Toml { .. }), "{err}");

    std::fs::write(&path, format!("{head}[[rule]]\nid = \"r3\"\ngroups = [\"vehicles\"]\nall_of = [{{ flag = \"green\" }}]\n")).expect("write");
    let p = Policy::load(&path).expect("valid");
    assert_eq!(p.rules.len(), 1);
    assert!(matches!(
        Policy::bundled("nope"),
        Err(CatalogueError::UnknownPolicy(_))
    ));
}

/// `verdict` gives `evaluate`'s answer without formatting its reasons, met or not.
#[test]
fn verdict_without_reasons_agrees() {
    for name in ["declared-strategic", "flanders-essential"] {
        let p = Policy::bundled(name).expect("policy");
        let mut r = record("LOT-1");
        let bare = |v: PolicyVerdict| match v {
            PolicyVerdict::Covered { met, .. } => Some(met),
            PolicyVerdict::NotCovered => None,
        };
        for step in 0..3 {
            match step {
                1 => r.gpp_criteria = vec![GppCriteria::Eu],
                2 => r.strategic = vec![StrategicProcurement::EnvImp],
                _ => {}
            }
            let full = p.evaluate(&r);
            assert_eq!(
                bare(p.verdict(&r)),
                bare(full.clone()),
                "{name} step {step}"
            );
            if let PolicyVerdict::Covered { reasons, .. } = p.verdict(&r) {
                assert!(reasons.is_empty(), "{reasons:?}");
            }
        }
    }
    let p = Policy::bundled("declared-strategic").expect("policy");
    let mut r = record("LOT-1");
    assert_eq!(bare_met(&p, &r), Some(false));
    r.gpp_criteria = vec![GppCriteria::National];
    assert_eq!(bare_met(&p, &r), Some(true));
}

fn bare_met(p: &Policy, r: &spp_domain::LotRecord) -> Option<bool> {
    match p.verdict(r) {
        PolicyVerdict::Covered { met, .. } => Some(met),
        PolicyVerdict::NotCovered => None,
    }
}
