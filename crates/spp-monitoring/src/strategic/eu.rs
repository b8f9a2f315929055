//! **EUM — strategic-procurement figures of the EU Procurement Monitoring Report** (art. 83(3)
//! of Directive 2014/24/EU), award stage (result notices, award-decision year). For each
//! objective: lots and procedures with it, their awarded EUR value, out of the lots (and
//! procedures) in its denominator, with coverage.
//!
//! | id | lot in the numerator when | denominator | reported when |
//! |---|---|---|---|
//! | EUM-ENV | GPP-1's rule (BT-06 env-imp, any BT-774, BT-805 ≠ none) | lots with BT-06 | BT-06 reported |
//! | EUM-SOC | SOC-1's rule (BT-06 soc-obj, any BT-775, BT-71 ≠ none) | all lots | BT-06 reported |
//! | EUM-INN | INN-1's rule (BT-06 inn-pur, any BT-776, BT-105 innovation) | all lots | BT-06 reported |
//! | EUM-GPP-EU / -NAT / -OTH | BT-805 contains `eu` / `national` / `other` | lots with BT-805 | BT-805 reported |
//! | EUM-RES | BT-71 ≠ none (reserved participation) | lots with BT-71 | BT-71 reported |
//! | EUM-CVD | BT-717 = true (the Clean Vehicles Directive applies) | all lots | BT-717 reported |
//!
//! A procedure (BT-04, else the notice) is in a numerator when one of its lots is, in a
//! denominator when one of its lots is. Values: Σ EUR of the lots with a known value.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;
use spp_domain::codelist::{GppCriteria, ReservedProcurement};

use crate::indicator::Judgement;
use crate::indicators::{gpp1::Gpp1, inn1::Inn1, soc1::Soc1};
use crate::measure::Coverage;
use crate::prepared::{Prepared, Stage};

/// The objectives counted, in report order.
pub const OBJECTIVES: [&str; 8] = [
    "EUM-ENV",
    "EUM-SOC",
    "EUM-INN",
    "EUM-GPP-EU",
    "EUM-GPP-NAT",
    "EUM-GPP-OTH",
    "EUM-RES",
    "EUM-CVD",
];

/// One objective's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ObjectiveFigure {
    pub id: &'static str,
    pub lots: u64,
    pub lots_denominator: u64,
    pub procedures: u64,
    pub procedures_denominator: u64,
    pub value_eur: Decimal,
    pub value_denominator_eur: Decimal,
    /// Lots of the numerator without a known EUR value.
    pub value_unknown: u64,
    pub coverage: Coverage,
}

fn judge(id: &str, p: &Prepared) -> Judgement {
    let r = p.record;
    let share = |reported: bool, yes: bool| Judgement {
        reported,
        denominator: reported,
        numerator: yes,
        reasons: Vec::new(),
    };
    let gpp = |code: GppCriteria| share(!r.gpp_criteria.is_empty(), r.gpp_criteria.contains(&code));
    match id {
        "EUM-ENV" => Gpp1.judge(p, Stage::Award, false),
        "EUM-SOC" => Soc1.judge(p, false),
        "EUM-INN" => Inn1.judge(p, Stage::Award, false),
        "EUM-GPP-EU" => gpp(GppCriteria::Eu),
        "EUM-GPP-NAT" => gpp(GppCriteria::National),
        "EUM-GPP-OTH" => gpp(GppCriteria::Other),
        "EUM-RES" => share(
            !r.reserved.is_empty(),
            r.reserved.iter().any(|c| *c != ReservedProcurement::None),
        ),
        _ => Judgement {
            reported: r.cvd_applies.is_some(),
            denominator: true,
            numerator: r.cvd_applies == Some(true),
            reasons: Vec::new(),
        },
    }
}

/// The key of a lot's procedure.
fn procedure<'a>(p: &Prepared<'a>) -> &'a str {
    p.record
        .procedure_id
        .as_deref()
        .unwrap_or(&p.record.notice_id)
}

/// Every objective's figures over the award-stage records.
pub fn objectives(records: &[Prepared]) -> Vec<ObjectiveFigure> {
    let award: Vec<&Prepared> = records
        .iter()
        .filter(|p| p.stage == Some(Stage::Award))
        .collect();
    OBJECTIVES
        .iter()
        .map(|id| {
            let mut f = ObjectiveFigure {
                id,
                coverage: Coverage {
                    reported: 0,
                    universe: award.len() as u64,
                },
                ..Default::default()
            };
            let (mut num, mut den) = (BTreeSet::new(), BTreeSet::new());
            for p in &award {
                let j = judge(id, p);
                f.coverage.reported += u64::from(j.reported);
                if !j.denominator {
                    continue;
                }
                let yes = j.numerator;
                den.insert(procedure(p));
                f.lots_denominator += 1;
                f.value_denominator_eur += p.eur().unwrap_or_default();
                if yes {
                    num.insert(procedure(p));
                    f.lots += 1;
                    match p.eur() {
                        Some(v) => f.value_eur += v,
                        None => f.value_unknown += 1,
                    }
                }
            }
            f.procedures = num.len() as u64;
            f.procedures_denominator = den.len() as u64;
            f
        })
        .collect()
}
