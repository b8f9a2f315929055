//! A hand-counted corpus of lot records covering the tricky cases of the indicator spec.
//! Every expected figure in the tests is counted by hand from the table in `corpus()`.
#![allow(dead_code)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{Cpv, LotRecord, Money, RecordSource, Winner};
use spp_monitoring::{FxTable, PolicyCheck, PolicyOutcome};

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn eur(v: i64) -> Option<Money> {
    money(v, "EUR")
}

pub fn money(v: i64, currency: &str) -> Option<Money> {
    Some(Money::Amount {
        value: Decimal::from(v),
        currency: Some(currency.to_string()),
    })
}

pub fn winner(org: &str, size: Option<&str>) -> Winner {
    Winner {
        organisation_id: org.to_string(),
        name: Some(format!("{org} name")),
        company_id: None,
        country: Some("BEL".into()),
        size: size.map(CompanySize::parse),
        leader: None,
        tender_value: None,
    }
}

/// A bare lot: everything unreported.
pub fn lot(notice: &str, version: u32, lot: &str, form: &str) -> LotRecord {
    LotRecord {
        form_type: Some(FormType::parse(form)),
        issue_date: Some(day("2024-03-01")),
        year: Some(2024),
        procedure_type: Some(ProcedureType::Open),
        ..LotRecord::unreported(RecordSource::Notice, notice, version, lot)
    }
}

/// Rates for the tests: USD 1.08 on Friday 7 June 2024; no JPY column.
pub fn fx() -> FxTable {
    FxTable::parse("Date,USD,SEK,\n2024-06-07,1.0800,11.50,\n", "test-rates").unwrap()
}

/// | # | notice | form | what it tests |
/// |---|---|---|---|
/// | r1 | N1 v1 L1 | competition | env-imp + BT-805 eu, e-sub required, price only, EUR 100 000 |
/// | r2 | N1 v1 L2 | competition | BT-06 none, BT-805 none, e-sub allowed, price+quality, EUR 50 000 |
/// | r3 | N2 v1 L1 | competition | BT-06 missing but BT-774 present; estimate withheld; NLD |
/// | r4 | N3 v1 L1 | result | superseded by N3 v2: must not count |
/// | r5 | N3 v2 L1 | result | inn-pur, EUR 200 000, 1 tender (1 SME), consortium ORG-1 small + ORG-2 large |
/// | r6 | N3 v2 L2 | result | BT-06 none, USD 108 000 on a Sunday → EUR 100 000, ORG-1 again (same notice) |
/// | r7 | N4 v1 L1 | result | framework: ceiling EUR 500 000 only; reserved res-ws; CVD 10 / 3 clean / 2 ZE; ORG-1 medium |
/// | r8 | N4 v1 L2 | result | soc-obj, value withheld (partial), CVD 4 / 4 / 2 (capped); ORG-9 size unknown |
/// | r9 | N5 v1 L1 | result | env-imp, not awarded (tender without contract), 2 tenders |
/// | r10 | N6 v1 L1 | result | innovation partnership, JPY without rate, 1 tender, ORG-3 micro |
/// | r11 | N7 v1 L1 | planning | facts only |
pub fn corpus() -> Vec<LotRecord> {
    use StrategicProcurement as S;
    let mut r1 = lot("N1", 1, "LOT-0001", "competition");
    r1.procedure_id = Some("P1".into());
    r1.lots_in_notice = 2;
    r1.buyer_country = Some("BEL".into());
    r1.strategic = vec![S::EnvImp];
    r1.gpp_criteria = vec![GppCriteria::Eu];
    r1.esubmission = Some(ESubmission::Required);
    r1.award_criterion_types = vec![AwardCriterionType::Price];
    r1.estimated_value = eur(100_000);
    r1.main_cpv = Some(Cpv::parse("30213100").unwrap());
    r1.product_group = Some("computers".into());

    let mut r2 = lot("N1", 1, "LOT-0002", "competition");
    r2.procedure_id = Some("P1".into());
    r2.lots_in_notice = 2;
    r2.buyer_country = Some("BEL".into());
    r2.strategic = vec![S::None];
    r2.gpp_criteria = vec![GppCriteria::None];
    r2.esubmission = Some(ESubmission::Allowed);
    r2.award_criterion_types = vec![AwardCriterionType::Price, AwardCriterionType::Quality];
    r2.estimated_value = eur(50_000);
    r2.main_cpv = Some(Cpv::parse("30200000").unwrap());
    r2.product_group = Some("computers".into());

    let mut r3 = lot("N2", 1, "LOT-0001", "competition");
    r3.procedure_id = Some("P2".into());
    r3.buyer_country = Some("NLD".into());
    r3.environmental = vec![EnvironmentalImpact::ClimMitig];
    r3.estimated_value = Some(Money::Withheld);
    r3.main_cpv = Some(Cpv::parse("90910000").unwrap());

    let mut r4 = lot("N3", 1, "LOT-0001", "result");
    r4.strategic = vec![S::EnvImp];
    r4.awarded = true;
    r4.awarded_value = eur(999_999);

    let mut r5 = lot("N3", 2, "LOT-0001", "result");
    r5.procedure_id = Some("P1".into());
    r5.lots_in_notice = 2;
    r5.buyer_country = Some("BEL".into());
    r5.strategic = vec![S::InnPur];
    r5.awarded = true;
    r5.awarded_value = eur(200_000);
    r5.award_date = Some(day("2024-06-10"));
    r5.tenders_received = Some(1);
    r5.sme_tenders_received = Some(1);
    r5.winners = vec![
        winner("ORG-1", Some("small")),
        winner("ORG-2", Some("large")),
    ];
    r5.product_group = Some("computers".into());

    let mut r6 = lot("N3", 2, "LOT-0002", "result");
    r6.procedure_id = Some("P1".into());
    r6.lots_in_notice = 2;
    r6.buyer_country = Some("BEL".into());
    r6.strategic = vec![S::None];
    r6.awarded = true;
    r6.awarded_value = money(108_000, "USD");
    r6.award_date = Some(day("2024-06-09"));
    r6.tenders_received = Some(3);
    r6.sme_tenders_received = Some(2);
    r6.winners = vec![winner("ORG-1", Some("small"))];

    let mut r7 = lot("N4", 1, "LOT-0001", "result");
    r7.procedure_id = Some("P4".into());
    r7.lots_in_notice = 2;
    r7.buyer_country = Some("BEL".into());
    r7.year = Some(2025);
    r7.framework = Some(FrameworkAgreement::WithoutReopening);
    r7.awarded = true;
    r7.framework_ceiling = eur(500_000);
    r7.reserved = vec![ReservedProcurement::ShelteredWorkshops];
    r7.cvd_applies = Some(true);
    r7.vehicles_total = Some(10);
    r7.vehicles_clean = Some(3);
    r7.vehicles_zero_emission = Some(2);
    r7.tenders_received = Some(2);
    r7.winners = vec![winner("ORG-1", Some("medium"))];

    let mut r8 = lot("N4", 1, "LOT-0002", "result");
    r8.procedure_id = Some("P4".into());
    r8.lots_in_notice = 2;
    r8.buyer_country = Some("BEL".into());
    r8.year = Some(2025);
    r8.strategic = vec![S::SocObj];
    r8.awarded = true;
    r8.awarded_value_partial = true;
    r8.cvd_applies = Some(true);
    r8.vehicles_total = Some(4);
    r8.vehicles_clean = Some(4);
    r8.vehicles_zero_emission = Some(2);
    r8.winners = vec![winner("ORG-9", None)];

    let mut r9 = lot("N5", 1, "LOT-0001", "result");
    r9.procedure_id = Some("P5".into());
    r9.strategic = vec![S::EnvImp];
    r9.tenders_received = Some(2);

    let mut r10 = lot("N6", 1, "LOT-0001", "result");
    r10.procedure_id = Some("P6".into());
    r10.procedure_type = Some(ProcedureType::Innovation);
    r10.strategic = vec![S::None];
    r10.awarded = true;
    r10.awarded_value = money(300_000, "JPY");
    r10.award_date = Some(day("2024-06-10"));
    r10.tenders_received = Some(1);
    r10.winners = vec![winner("ORG-3", Some("micro"))];

    let r11 = lot("N7", 1, "LOT-0001", "planning");

    vec![r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11]
}

/// Test policy: covers `computers`; met when BT-805 says `eu`.
pub struct EuCriteriaForComputers;

impl PolicyCheck for EuCriteriaForComputers {
    fn name(&self) -> &str {
        "test: computers need BT-805 eu"
    }
    fn evaluate(&self, record: &LotRecord, _explain: bool) -> PolicyOutcome {
        if record.product_group.as_deref() != Some("computers") {
            return PolicyOutcome::NotCovered;
        }
        let met = record.gpp_criteria.contains(&GppCriteria::Eu);
        PolicyOutcome::Covered {
            met,
            reasons: vec![format!(
                "BT-805 eu {}",
                if met { "present" } else { "absent" }
            )],
        }
    }
}
