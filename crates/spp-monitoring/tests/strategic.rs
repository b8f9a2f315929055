//! PRI-1, EUM-* and BEN-* on a hand-counted fixture. Every expected figure is counted by hand
//! from the table of `fixture()`.

mod common;

use common::{day, eur, lot};
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::LotRecord;
use spp_monitoring::strategic::benchmark::{median, scoreboard_extra};
use spp_monitoring::strategic::eu::objectives;
use spp_monitoring::strategic::prepare_all;
use spp_monitoring::strategic::priority::{priority_list, Risk};
use spp_monitoring::{FxTable, Options, PolicyCheck, PolicyOutcome};

/// Test policy: met when BT-06 says env-imp.
struct EnvImp;
impl PolicyCheck for EnvImp {
    fn name(&self) -> &str {
        "test: env-imp"
    }
    fn evaluate(&self, r: &LotRecord, _explain: bool) -> PolicyOutcome {
        PolicyOutcome::Covered {
            met: r.strategic.contains(&StrategicProcurement::EnvImp),
            reasons: Vec::new(),
        }
    }
}

fn award(
    notice: &str,
    lot_id: &str,
    buyer: &str,
    group: Option<&str>,
    value: Option<i64>,
) -> LotRecord {
    let mut r = lot(notice, 1, lot_id, "result");
    r.awarded = true;
    r.buyer_name = Some(buyer.into());
    r.procedure_id = Some(format!("P-{notice}"));
    r.product_group = group.map(String::from);
    r.awarded_value = value.and_then(eur);
    r.award_date = Some(day("2024-05-01"));
    r
}

/// | # | notice/lot | buyer | group | EUR | codes |
/// |---|---|---|---|---|---|
/// | a1 | A/L1 | Gent | vehicles | 100 000 | env-imp, BT-805 eu, BT-717 true |
/// | a2 | A/L2 | Gent | vehicles | 300 000 | BT-06 none, BT-805 none, BT-717 false |
/// | a3 | B/L1 | Gent | textiles | 200 000 | soc-obj, BT-71 res-ws, BT-805 national |
/// | a4 | C/L1 | Liège | vehicles | unknown | env-imp; neg-wo-call |
/// | a5 | D/L1 | Liège | ict-end-user | 50 000 | inn-pur, BT-805 other, BT-71 none |
/// | a6 | E/L1 | Liège | (none) | 70 000 | nothing reported |
/// | c1 | call of P-A, 2024-03-01 | | | | competition notice (not award stage) |
///
/// Award dates 2024-05-01; P-A's call 2024-03-01 → 61 days for a1 and a2.
fn fixture() -> Vec<LotRecord> {
    use StrategicProcurement as S;
    let mut a1 = award("A", "L1", "Gent", Some("vehicles"), Some(100_000));
    a1.strategic = vec![S::EnvImp];
    a1.gpp_criteria = vec![GppCriteria::Eu];
    a1.cvd_applies = Some(true);
    let mut a2 = award("A", "L2", "Gent", Some("vehicles"), Some(300_000));
    a2.strategic = vec![S::None];
    a2.gpp_criteria = vec![GppCriteria::None];
    a2.cvd_applies = Some(false);
    let mut a3 = award("B", "L1", "Gent", Some("textiles"), Some(200_000));
    a3.strategic = vec![S::SocObj];
    a3.reserved = vec![ReservedProcurement::parse("res-ws")];
    a3.gpp_criteria = vec![GppCriteria::National];
    let mut a4 = award("C", "L1", "Liège", Some("vehicles"), None);
    a4.strategic = vec![S::EnvImp];
    a4.procedure_type = Some(ProcedureType::NegWoCall);
    let mut a5 = award("D", "L1", "Liège", Some("ict-end-user"), Some(50_000));
    a5.strategic = vec![S::InnPur];
    a5.gpp_criteria = vec![GppCriteria::Other];
    a5.reserved = vec![ReservedProcurement::None];
    let mut a6 = award("E", "L1", "Liège", None, Some(70_000));
    a6.procedure_type = None;
    let mut c1 = lot("CALL-A", 1, "L1", "competition");
    c1.procedure_id = Some("P-A".into());
    c1.issue_date = Some(day("2024-03-01"));
    vec![a1, a2, a3, a4, a5, a6, c1]
}

fn risk() -> Vec<Risk> {
    let r = |g: &str, e, s| Risk {
        group: g.into(),
        environmental: e,
        social: s,
        listed: false,
    };
    vec![
        r("vehicles", 5, 2),
        r("textiles", 4, 5),
        r("ict-end-user", 4, 5),
        r("paper", 3, 1),
    ]
}

fn prepared_with<T>(f: impl FnOnce(&[spp_monitoring::Prepared]) -> T) -> T {
    let records = fixture();
    let refs: Vec<&LotRecord> = records.iter().collect();
    let fx = FxTable::bundled();
    let options = Options {
        group_by: None,
        extra_groupings: Vec::new(),
        policy: Some(&EnvImp),
        fx,
        include_implausible: false,
    };
    f(&prepare_all(&refs, &options))
}

fn dec(v: i64) -> Decimal {
    Decimal::from(v)
}

#[test]
fn priority_list_ranks_spend_times_risk() {
    let list = prepared_with(|p| priority_list(p, &risk()));
    // vehicles: 400 000 × 0.7 = 280 000; textiles: 200 000 × 0.9 = 180 000;
    // ict: 50 000 × 0.9 = 45 000; paper: no spend, last.
    let order: Vec<&str> = list.overall.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(order, ["vehicles", "textiles", "ict-end-user", "paper"]);
    let v = &list.overall[0];
    assert_eq!((v.rank, v.lots, v.valued_lots), (1, 3, 2));
    assert_eq!(v.spend_eur, dec(400_000));
    assert!((v.score - 280_000.0).abs() < 1e-6);
    // Sustainable (env-imp): a1 (100 000) and a4 (value unknown): 2 of 3 lots, 1/4 of spend.
    assert_eq!((v.sustainable_lots, v.sustainable_eur), (2, dec(100_000)));
    assert_eq!(v.sustainable_value_share(), Some(0.25));
    assert!((v.sustainable_count_share().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(list.overall[3].spend_eur, Decimal::ZERO);
    assert_eq!(
        (list.unclassified_lots, list.unclassified_eur),
        (1, dec(70_000))
    );
    // Per buyer: Gent vehicles 400 000 × 0.7 > textiles 180 000; Liège ict then vehicles (0 spend).
    let gent = &list.by_buyer.iter().find(|(b, _)| b == "Gent").unwrap().1;
    assert_eq!(
        gent.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        ["vehicles", "textiles"]
    );
    let liege = &list.by_buyer.iter().find(|(b, _)| b == "Liège").unwrap().1;
    assert_eq!(
        liege.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        ["ict-end-user", "vehicles"]
    );
}

#[test]
fn eu_objectives_count_lots_procedures_and_values() {
    let figures = prepared_with(objectives);
    let f = |id: &str| figures.iter().find(|f| f.id == id).unwrap().clone();
    // ENV (GPP-1's rule): BT-06 reported on a1–a5 (5 lots, procedures A B C D); green a1, a4
    // (env-imp), a3, a5 (BT-805 national, other) → 4 lots, procedures A B C D; value
    // 100 000 + 200 000 + 50 000 (a4 unknown); denominator value 650 000.
    let env = f("EUM-ENV");
    assert_eq!((env.lots, env.lots_denominator), (4, 5));
    assert_eq!((env.procedures, env.procedures_denominator), (4, 4));
    assert_eq!((env.value_eur, env.value_unknown), (dec(350_000), 1));
    assert_eq!(env.value_denominator_eur, dec(650_000));
    assert_eq!((env.coverage.reported, env.coverage.universe), (5, 6));
    // SOC: all 6 lots; a3 (soc-obj and reserved) → 1 lot, 200 000.
    let soc = f("EUM-SOC");
    assert_eq!(
        (soc.lots, soc.lots_denominator, soc.value_eur),
        (1, 6, dec(200_000))
    );
    // INN: a5 only.
    assert_eq!(
        (f("EUM-INN").lots, f("EUM-INN").value_eur),
        (1, dec(50_000))
    );
    // BT-805 reported on a1, a2, a3, a5: eu a1, national a3, other a5.
    for (id, value) in [
        ("EUM-GPP-EU", 100_000),
        ("EUM-GPP-NAT", 200_000),
        ("EUM-GPP-OTH", 50_000),
    ] {
        let g = f(id);
        assert_eq!(
            (g.lots, g.lots_denominator, g.value_eur),
            (1, 4, dec(value)),
            "{id}"
        );
    }
    // Reserved: BT-71 reported on a3, a5; reserved a3.
    let res = f("EUM-RES");
    assert_eq!(
        (res.lots, res.lots_denominator, res.coverage.reported),
        (1, 2, 2)
    );
    // CVD applies: a1 only; BT-717 reported on a1, a2.
    let cvd = f("EUM-CVD");
    assert_eq!(
        (cvd.lots, cvd.lots_denominator, cvd.coverage.reported),
        (1, 6, 2)
    );
}

#[test]
fn scoreboard_extras_and_median() {
    let by_buyer = prepared_with(|p| scoreboard_extra(p, |r| r.buyer_name.clone()));
    let gent = &by_buyer["Gent"];
    // Gent: a1 a2 a3 all open → 0 of 3 without call; a1 a2 linked to P-A's call: 61 days.
    assert_eq!((gent.no_call_lots, gent.procedure_known_lots), (0, 3));
    assert_eq!(gent.decision_days(), Some(61.0));
    assert_eq!(
        (gent.dsp_coverage.reported, gent.dsp_coverage.universe),
        (2, 3)
    );
    // Liège: a4 neg-wo-call, a5 open, a6 unreported → 1 of 2; no call notices.
    let liege = &by_buyer["Liège"];
    assert_eq!(liege.no_calls_share(), Some(0.5));
    assert_eq!(liege.decision_days(), None);
    assert_eq!(
        (liege.ncb_coverage.reported, liege.ncb_coverage.universe),
        (2, 3)
    );
    // Median of the groups, not a pooled rate: pooled would be 1/5 = 0.2.
    let m = median(by_buyer.values().map(|g| g.no_calls_share()));
    assert_eq!(m, Some(0.25));
    assert_eq!(median([Some(3.0), None, Some(1.0), Some(2.0)]), Some(2.0));
    assert_eq!(median([None]), None);
}
