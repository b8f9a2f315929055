//! Classification of hand-built lots: product group and flags with evidence.

mod common;

use common::*;
use spp_catalogue::Catalogue;
use spp_domain::codelist::*;
use spp_domain::{AwardCriterion, FlagKind, LotCleanVehicles, LotFlag};

fn flags(r: &spp_domain::LotRecord) -> Vec<(FlagKind, String, String)> {
    r.flags
        .iter()
        .map(|f| (f.kind, f.field.clone(), f.evidence.clone()))
        .collect()
}

fn f(kind: FlagKind, field: &str, ev: &str) -> (FlagKind, String, String) {
    (kind, field.into(), ev.into())
}

fn ac(name: &str, desc: &str, lang: &str) -> AwardCriterion {
    AwardCriterion {
        criterion_type: Some(AwardCriterionType::Quality),
        name: text(lang, name),
        description: text(lang, desc),
        ..Default::default()
    }
}

#[test]
fn codes_give_flags_and_cpv_gives_group() {
    let cat = Catalogue::bundled().expect("catalogue");
    let mut l1 = lot("LOT-0001", Some("30213100"));
    l1.strategic.procurement = vec![StrategicProcurement::EnvImp, StrategicProcurement::SocObj];
    l1.strategic.environmental = vec![EnvironmentalImpact::CircEcon];
    l1.strategic.gpp_criteria = vec![GppCriteria::None];
    let mut l2 = lot("LOT-0002", Some("72230000"));
    l2.additional_cpv = vec![cpv("72500000"), cpv("34144910")];
    l2.strategic.innovative = vec![InnovativeAcquisition::ProdInnov];
    l2.reserved = vec![ReservedProcurement::ShelteredWorkshops];
    l2.reserved_execution = Some("yes".into());
    l2.clean_vehicles = Some(LotCleanVehicles {
        applies: Some(true),
        contract_types: vec![],
    });
    let n = notice(vec![l1, l2]);
    let mut recs = vec![record("LOT-0001"), record("LOT-0002"), record("LOT-9999")];
    recs[0].main_cpv = Some(cpv("30213100"));
    recs[0].gpp_criteria = vec![GppCriteria::Eu];
    cat.classify(&n, &mut recs);

    assert_eq!(recs[0].product_group.as_deref(), Some("ict-end-user"));
    assert_eq!(
        flags(&recs[0]),
        vec![
            f(FlagKind::Green, "BT-06", "env-imp"),
            f(FlagKind::Green, "BT-774", "circ-econ"),
            f(FlagKind::Green, "BT-805", "eu"),
            f(FlagKind::Social, "BT-06", "soc-obj"),
            f(FlagKind::Circular, "BT-774", "circ-econ"),
        ]
    );
    // Main CPV 72230000 has no group; the first additional CPV with a group decides:
    // 72500000 (computer-related services) is in data-centres.
    assert_eq!(recs[1].product_group.as_deref(), Some("data-centres"));
    assert_eq!(
        flags(&recs[1]),
        vec![
            f(FlagKind::Social, "BT-71", "res-ws"),
            f(FlagKind::Social, "BT-736", "yes"),
            f(FlagKind::Innovative, "BT-776", "prod-innov"),
        ]
    );
    // BT-717 = true (the directive applies) is not a clean vehicle: no flag from it.
    // A record without a lot in the notice keeps no group and gets no flags.
    assert_eq!(recs[2].product_group, None);
    assert!(recs[2].flags.is_empty());

    // Classifying twice does not duplicate flags.
    let before = recs[0].flags.len();
    cat.classify(&n, &mut recs);
    assert_eq!(recs[0].flags.len(), before);
}

#[test]
fn award_criterion_text_finds_labels_lcc_and_circularity() {
    let cat = Catalogue::bundled().expect("catalogue");
    let mut l = lot("LOT-1", Some("18110000"));
    l.award_criteria = vec![
        ac("Prijs", "Laagste levenscycluskost over 6 jaar", "NLD"),
        ac(
            "Milieu",
            "Producten met het Blauwe Engel-label of gelijkwaardig; Fair Wear-lidmaatschap",
            "NLD",
        ),
        ac(
            "Coût",
            "Le coût du cycle de vie est calculé sur 5 ans",
            "FRA",
        ),
        ac("Réemploi", "Part de vêtements réemployés", "FRA"),
    ];
    let mut l2 = lot("LOT-2", Some("30213100"));
    l2.award_criteria = vec![
        ac("Devices", "TCO Certified or equivalent", "ENG"),
        ac("Kosten", "Lebenszykluskosten nach Anhang", "DEU"),
    ];
    let mut l3 = lot("LOT-3", Some("30213100"));
    l3.award_criteria = vec![ac(
        "TCO",
        "Total cost of ownership over the period of use",
        "ENG",
    )];
    let n = notice(vec![l, l2, l3]);
    let mut recs = vec![record("LOT-1"), record("LOT-2"), record("LOT-3")];
    cat.classify(&n, &mut recs);

    assert_eq!(recs[0].product_group.as_deref(), Some("textiles"));
    assert_eq!(
        flags(&recs[0]),
        vec![
            f(FlagKind::Green, "BT-540", "Blauwe Engel"),
            f(FlagKind::Social, "BT-540", "Fair Wear"),
            f(FlagKind::Circular, "BT-734", "reemploi"),
            f(FlagKind::LifeCycleCost, "BT-540", "levenscycluskost"),
            f(FlagKind::LifeCycleCost, "BT-540", "cout du cycle de vie"),
        ]
    );
    // "TCO Certified" is a label, not a total-cost-of-ownership award.
    assert_eq!(
        flags(&recs[1]),
        vec![
            f(FlagKind::Green, "BT-540", "TCO Certified"),
            f(FlagKind::LifeCycleCost, "BT-540", "lebenszykluskosten"),
        ]
    );
    assert_eq!(
        flags(&recs[2]),
        vec![
            f(FlagKind::LifeCycleCost, "BT-734", "tco"),
            f(FlagKind::LifeCycleCost, "BT-540", "total cost of ownership"),
        ]
    );
}

#[test]
fn flags_already_on_the_record_are_kept() {
    let cat = Catalogue::bundled().expect("catalogue");
    let n = notice(vec![lot("LOT-1", Some("09310000"))]);
    let mut r = record("LOT-1");
    r.flags.push(LotFlag {
        kind: FlagKind::Green,
        field: "register".into(),
        evidence: "manual".into(),
    });
    r.vehicles_clean = Some(0);
    let mut recs = vec![r];
    cat.classify(&n, &mut recs);
    assert_eq!(recs[0].product_group.as_deref(), Some("electricity"));
    assert_eq!(
        flags(&recs[0]),
        vec![f(FlagKind::Green, "register", "manual")]
    );
}
