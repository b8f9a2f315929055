//! Every indicator on the hand-counted corpus of `common::corpus()`.

mod common;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use spp_monitoring::indicators::{Indicators, Partials};
use spp_monitoring::{compute, GroupBy, Options, Prepared, Report, Stage, Variant};

use common::*;

fn report(group_by: Option<GroupBy>) -> Report {
    let fx = fx();
    let policy = EuCriteriaForComputers;
    compute(
        &corpus(),
        &Options {
            group_by,
            extra_groupings: vec![GroupBy::Year],
            policy: Some(&policy),
            fx: &fx,
            include_implausible: false,
        },
    )
}

/// (numerator, denominator, coverage reported, coverage universe) of one row.
fn nd(
    r: &Report,
    id: &str,
    group: &str,
    stage: Stage,
    variant: Variant,
    split: Option<&str>,
) -> (Decimal, Option<Decimal>, Option<(u64, u64)>) {
    let row = r
        .find(id, group, stage, variant, split)
        .unwrap_or_else(|| panic!("no row {id} {group} {stage:?} {variant:?} {split:?}"));
    (
        row.measure.numerator,
        row.measure.denominator,
        row.measure
            .coverage
            .as_ref()
            .map(|c| (c.reported, c.universe)),
    )
}

use Stage::{Award, Call};
use Variant::{Count, Value};

#[test]
fn facts_are_counted_by_hand() {
    let f = report(None).facts;
    assert_eq!(f.notices, 7);
    assert_eq!(f.notices_by_form_type.get("competition"), Some(&2));
    assert_eq!(f.notices_by_form_type.get("result"), Some(&4));
    assert_eq!(f.notices_by_form_type.get("planning"), Some(&1));
    assert_eq!(f.lots, 10, "superseded N3 v1 is not counted");
    assert_eq!(f.lots_strategic_reported, 7);
    assert_eq!((f.lots_env_imp, f.lots_soc_obj, f.lots_inn_pur), (2, 1, 1));
    assert_eq!(f.lots_gpp_criteria, 1);
    assert_eq!(f.result_notices, 4);
    // N3: ORG-1 (two lots, once) + ORG-2; N4: ORG-1 + ORG-9; N6: ORG-3.
    assert_eq!(f.winners, 5);
    assert_eq!(f.winners_sme, 3);
}

#[test]
fn spp2_declared_strategic() {
    let r = report(None);
    let c = |s, v| nd(&r, "SPP-2", "all", s, v, None);
    assert_eq!(c(Call, Count), (dec!(1), Some(dec!(2)), Some((2, 3))));
    assert_eq!(
        c(Call, Value),
        (dec!(100000), Some(dec!(150000)), Some((2, 3)))
    );
    assert_eq!(c(Award, Count), (dec!(3), Some(dec!(5)), Some((5, 6))));
    // r5 EUR 200 000 in both; r6 USD → EUR 100 000 in the denominator only.
    assert_eq!(
        c(Award, Value),
        (dec!(200000), Some(dec!(300000)), Some((5, 6)))
    );
    let row = r.find("SPP-2", "all", Award, Value, None).unwrap();
    assert_eq!(row.measure.value_unknown, 2, "r8 withheld, r9 not awarded");
    assert_eq!(row.measure.unconverted.get("JPY"), Some(&1));
    assert!((row.measure.value().unwrap() - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn gpp1_and_gpp2() {
    let r = report(None);
    assert_eq!(nd(&r, "GPP-1", "all", Call, Count, None).0, dec!(1));
    assert_eq!(nd(&r, "GPP-1", "all", Call, Count, None).1, Some(dec!(2)));
    assert_eq!(
        nd(&r, "GPP-1", "all", Award, Count, None).0,
        dec!(1),
        "r9 env-imp"
    );
    assert_eq!(nd(&r, "GPP-1", "all", Award, Value, None).0, dec!(0));
    assert_eq!(
        nd(&r, "GPP-2", "all", Call, Count, None),
        (dec!(1), Some(dec!(2)), Some((2, 3)))
    );
    assert_eq!(nd(&r, "GPP-2", "all", Call, Count, Some("eu")).0, dec!(1));
    assert_eq!(
        nd(&r, "GPP-2", "all", Call, Count, Some("national")).0,
        dec!(0)
    );
    let award = r.find("GPP-2", "all", Award, Count, None).unwrap();
    assert_eq!(award.measure.denominator, Some(dec!(0)));
    assert_eq!(
        award.measure.value(),
        None,
        "no BT-805 at award stage: null, not 0"
    );
}

#[test]
fn soc1_all_lots_and_reported_variant() {
    let r = report(None);
    assert_eq!(
        nd(&r, "SOC-1", "all", Award, Count, None),
        (dec!(2), Some(dec!(6)), Some((5, 6)))
    );
    assert_eq!(
        nd(&r, "SOC-1", "all", Award, Count, Some("bt06-reported")).0,
        dec!(1)
    );
    assert_eq!(
        nd(&r, "SOC-1", "all", Award, Count, Some("bt06-reported")).1,
        Some(dec!(5))
    );
    assert_eq!(nd(&r, "SOC-1", "all", Call, Count, None).0, dec!(0));
    assert_eq!(nd(&r, "SOC-1", "all", Call, Count, None).1, Some(dec!(3)));
}

#[test]
fn inn1_value_headline() {
    let r = report(None);
    assert_eq!(
        nd(&r, "INN-1", "all", Award, Value, None),
        (dec!(200000), Some(dec!(300000)), Some((5, 6)))
    );
    assert_eq!(
        nd(&r, "INN-1", "all", Award, Count, None).0,
        dec!(2),
        "inn-pur + innovation partnership"
    );
    assert_eq!(nd(&r, "INN-1", "all", Award, Count, None).1, Some(dec!(6)));
    let row = r.find("INN-1", "all", Award, Value, None).unwrap();
    assert_eq!(row.meta.target, Some(0.03));
    assert_eq!(row.measure.unconverted.get("JPY"), Some(&1));
}

#[test]
fn cvd1_vehicles_with_cap() {
    let r = report(None);
    // r7: 3 + 2 of 10; r8: 4 + 2 capped at 4.
    assert_eq!(
        nd(&r, "CVD-1", "all", Award, Count, None),
        (dec!(9), Some(dec!(14)), Some((2, 2)))
    );
    let row = r.find("CVD-1", "all", Award, Count, None).unwrap();
    assert_eq!(row.measure.unconverted.get("capped_lots"), Some(&1));
}

#[test]
fn sme_indicators() {
    let r = report(None);
    assert_eq!(
        nd(&r, "SME-1", "all", Award, Count, None),
        (dec!(3), Some(dec!(4)), Some((4, 5)))
    );
    assert_eq!(
        nd(&r, "SME-2", "all", Award, Count, None),
        (dec!(3), Some(dec!(4)), Some((2, 6)))
    );
    assert_eq!(nd(&r, "SME-3", "all", Call, Count, None).0, dec!(1));
    assert_eq!(nd(&r, "SME-3", "all", Call, Count, None).1, Some(dec!(2)));
    assert_eq!(nd(&r, "SME-3", "all", Award, Count, None).0, dec!(2));
    assert_eq!(nd(&r, "SME-3", "all", Award, Count, None).1, Some(dec!(4)));
}

#[test]
fn epr1_cmp1_cmp3() {
    let r = report(None);
    assert_eq!(
        nd(&r, "EPR-1", "all", Call, Count, None),
        (dec!(1), Some(dec!(2)), Some((2, 3)))
    );
    assert_eq!(nd(&r, "EPR-1", "all", Award, Count, None).1, Some(dec!(0)));
    // Awarded lots r5 r6 r7 r8 r10; BT-759 known for r5 r6 r7 r10; single: r5, r10.
    assert_eq!(
        nd(&r, "CMP-1", "all", Award, Count, None),
        (dec!(2), Some(dec!(4)), Some((4, 5)))
    );
    assert_eq!(nd(&r, "CMP-1", "all", Award, Value, None).0, dec!(200000));
    assert_eq!(
        nd(&r, "CMP-1", "all", Award, Value, None).1,
        Some(dec!(300000))
    );
    assert_eq!(
        nd(&r, "CMP-3", "all", Call, Count, None),
        (dec!(1), Some(dec!(2)), Some((2, 3)))
    );
}

#[test]
fn spd1_spend_never_mixes_ceilings() {
    let r = report(None);
    let spend = r.find("SPD-1", "all", Award, Value, None).unwrap();
    assert_eq!(spend.measure.numerator, dec!(300000));
    assert_eq!(spend.measure.denominator, None);
    assert_eq!(
        spend.measure.value_unknown, 2,
        "r7 ceiling only, r8 withheld"
    );
    assert_eq!(spend.measure.unconverted.get("JPY"), Some(&1));
    let ceiling = r
        .find("SPD-1", "all", Award, Value, Some("framework-ceiling"))
        .unwrap();
    assert_eq!(ceiling.measure.numerator, dec!(500000));
    assert_eq!(
        nd(&r, "SPD-1", "all", Award, Count, None),
        (dec!(2), Some(dec!(5)), Some((2, 5)))
    );
}

#[test]
fn spp1_applies_the_policy() {
    let r = report(None);
    assert_eq!(
        nd(&r, "SPP-1", "all", Call, Count, None),
        (dec!(1), Some(dec!(2)), Some((2, 3)))
    );
    assert_eq!(nd(&r, "SPP-1", "all", Award, Count, None).0, dec!(0));
    assert_eq!(nd(&r, "SPP-1", "all", Award, Count, None).1, Some(dec!(1)));
    // Without a policy nothing is covered.
    let fx = fx();
    let bare = compute(
        &corpus(),
        &Options {
            group_by: None,
            extra_groupings: vec![],
            policy: None,
            fx: &fx,
            include_implausible: false,
        },
    );
    assert_eq!(
        nd(&bare, "SPP-1", "all", Call, Count, None).1,
        Some(dec!(0))
    );
}

#[test]
fn groups_add_up_to_the_total() {
    let r = report(Some(GroupBy::Country));
    assert_eq!(nd(&r, "SPP-2", "BEL", Award, Count, None).1, Some(dec!(3)));
    assert_eq!(
        nd(&r, "SPP-2", "(unknown)", Award, Count, None).1,
        Some(dec!(2))
    );
    assert_eq!(nd(&r, "SPP-2", "NLD", Call, Count, None).1, Some(dec!(0)));
    assert_eq!(nd(&r, "SPP-2", "NLD", Call, Count, None).2, Some((0, 1)));
    for row in r.totals() {
        let parts: Decimal = r
            .rows_by(GroupBy::Country)
            .filter(|g| {
                g.group != "all"
                    && g.id == row.id
                    && g.measure.stage == row.measure.stage
                    && g.measure.variant == row.measure.variant
                    && g.measure.split == row.measure.split
            })
            .map(|g| g.measure.numerator)
            .sum();
        if row.id != "SME-3" && row.id != "SME-1" {
            assert_eq!(parts, row.measure.numerator, "{} {:?}", row.id, row.measure);
        }
    }
}

#[test]
fn partial_results_merge_exactly() {
    let fx = fx();
    let policy = EuCriteriaForComputers;
    let records = corpus();
    let ind = Indicators::default();
    let prepared: Vec<Prepared> = records
        .iter()
        .filter(|r| !(r.notice_id == "N3" && r.notice_version == 1))
        .map(|r| Prepared::new(r, &fx, Some(&policy), true))
        .collect();
    let mut whole = Partials::default();
    for p in &prepared {
        ind.fold(&mut whole, p);
    }
    let expected = format!("{:?}", ind.finalize(&whole));
    for split in 0..=prepared.len() {
        let (mut a, mut b) = (Partials::default(), Partials::default());
        for p in &prepared[..split] {
            ind.fold(&mut a, p);
        }
        for p in &prepared[split..] {
            ind.fold(&mut b, p);
        }
        ind.merge(&mut b, a);
        assert_eq!(
            format!("{:?}", ind.finalize(&b)),
            expected,
            "split at {split}"
        );
    }
}

#[test]
fn explain_uses_the_indicator_rules() {
    let fx = fx();
    let records: Vec<_> = corpus()
        .into_iter()
        .filter(|r| r.notice_id == "N1")
        .collect();
    let lots = spp_monitoring::explain(&records, &fx, None);
    assert_eq!(lots.len(), 2);
    let gpp1 = lots[0]
        .findings
        .iter()
        .find(|f| f.indicator == "GPP-1")
        .unwrap();
    assert!(gpp1.in_numerator && gpp1.in_denominator);
    assert_eq!(gpp1.reasons, vec!["BT-06 = env-imp", "BT-805 = eu"]);
    let epr = lots[1]
        .findings
        .iter()
        .find(|f| f.indicator == "EPR-1")
        .unwrap();
    assert!(epr.in_denominator && !epr.in_numerator);
    assert_eq!(epr.reasons, vec!["BT-17 = allowed"]);
    // N2 has BT-774 but no BT-06: outside the SPP-2 denominator, and it says so.
    let n2: Vec<_> = corpus()
        .into_iter()
        .filter(|r| r.notice_id == "N2")
        .collect();
    let spp2 = spp_monitoring::explain(&n2, &fx, None)[0]
        .findings
        .iter()
        .find(|f| f.indicator == "SPP-2")
        .cloned()
        .unwrap();
    assert!(!spp2.in_denominator && !spp2.in_numerator);
    assert_eq!(
        spp2.reasons[0],
        "BT-06 not reported: not in the denominator"
    );
    // Superseded versions are not explained.
    let n3: Vec<_> = corpus()
        .into_iter()
        .filter(|r| r.notice_id == "N3")
        .collect();
    let lots = spp_monitoring::explain(&n3, &fx, None);
    assert!(lots.iter().all(|l| l.notice_version == 2));
}
