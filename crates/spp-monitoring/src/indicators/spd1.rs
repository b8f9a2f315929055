//! **SPD-1 — spend.**
//!
//! - Value: Σ awarded value in EUR of awarded lots of result notices (awarded value = Σ BT-720
//!   of the winning tenders, converted with the ECB rate of the award date). No denominator.
//! - Count variant: the awarded lots whose value is known (numerator) out of all awarded lots.
//! - Framework ceilings (BT-709, else BT-660) of lots without tender values are summed
//!   separately (split `framework-ceiling`) and never added to spend.
//! - Withheld or partly known values, currencies without a rate and implausible values
//!   (docs/INDICATORS.md, "Plausibility") are counted apart.
//! - Group by buyer, product group, year, … with `--by`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::indicator::{implausible_reason, Finding, Indicator, Meta, IMPLAUSIBLE};
use crate::measure::{Coverage, Measure, Variant};
use crate::prepared::{Eur, Prepared, Stage};
use crate::sum::Sum;

#[derive(Debug, Default, Clone, Copy)]
pub struct Spd1;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spd1Partial {
    pub awarded_lots: u64,
    pub valued_lots: u64,
    pub spend: Sum,
    pub value_unknown: u64,
    pub unconverted: BTreeMap<String, u64>,
    pub ceiling_lots: u64,
    pub ceilings: Sum,
    pub ceiling_unconverted: BTreeMap<String, u64>,
}

impl Spd1 {
    pub const META: Meta = Meta {
        id: "SPD-1",
        name: "spend",
        numerator: "Σ awarded value in EUR (Σ winning BT-720 at the ECB rate of the award date)",
        denominator: "— (a total; count variant: awarded lots with a known value / awarded lots)",
        notes: "framework ceilings (BT-709/BT-660) reported apart, never added to spend",
        target: None,
    };
}

impl Indicator for Spd1 {
    type Partial = Spd1Partial;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        if p.stage != Some(Stage::Award) || !p.record.awarded {
            return;
        }
        partial.awarded_lots += 1;
        match &p.value {
            Eur::Known(v) => {
                partial.valued_lots += 1;
                partial.spend.add(v);
            }
            Eur::Unknown => partial.value_unknown += 1,
            Eur::Unconverted(c) => *partial.unconverted.entry(c.clone()).or_default() += 1,
            Eur::Implausible => *partial.unconverted.entry(IMPLAUSIBLE.into()).or_default() += 1,
        }
        match &p.ceiling {
            Some(Eur::Known(v)) => {
                partial.ceiling_lots += 1;
                partial.ceilings.add(v);
            }
            Some(Eur::Unconverted(c)) => {
                *partial.ceiling_unconverted.entry(c.clone()).or_default() += 1
            }
            Some(Eur::Unknown | Eur::Implausible) | None => {}
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.awarded_lots += other.awarded_lots;
        into.valued_lots += other.valued_lots;
        into.spend.merge(other.spend);
        into.value_unknown += other.value_unknown;
        into.ceiling_lots += other.ceiling_lots;
        into.ceilings.merge(other.ceilings);
        for (c, n) in other.unconverted {
            *into.unconverted.entry(c).or_default() += n;
        }
        for (c, n) in other.ceiling_unconverted {
            *into.ceiling_unconverted.entry(c).or_default() += n;
        }
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        let coverage = Some(Coverage {
            reported: partial.valued_lots,
            universe: partial.awarded_lots,
        });
        vec![
            Measure {
                stage: Stage::Award,
                variant: Variant::Value,
                split: None,
                unit: "EUR",
                numerator: partial.spend.value(),
                denominator: None,
                coverage: coverage.clone(),
                value_unknown: partial.value_unknown,
                unconverted: partial.unconverted.clone(),
            },
            Measure {
                stage: Stage::Award,
                variant: Variant::Count,
                split: None,
                unit: "lots",
                numerator: Decimal::from(partial.valued_lots),
                denominator: Some(Decimal::from(partial.awarded_lots)),
                coverage,
                value_unknown: 0,
                unconverted: BTreeMap::new(),
            },
            Measure {
                stage: Stage::Award,
                variant: Variant::Value,
                split: Some("framework-ceiling".to_string()),
                unit: "EUR",
                numerator: partial.ceilings.value(),
                denominator: None,
                coverage: Some(Coverage {
                    reported: partial.ceiling_lots,
                    universe: partial.awarded_lots,
                }),
                value_unknown: 0,
                unconverted: partial.ceiling_unconverted.clone(),
            },
        ]
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        if p.stage != Some(Stage::Award) {
            return Vec::new();
        }
        let mut reasons = Vec::new();
        if !p.record.awarded {
            reasons.push("lot not awarded".to_string());
        }
        match &p.value {
            Eur::Known(v) => reasons.push(format!("awarded value = EUR {v}")),
            Eur::Unknown if p.record.awarded_value_partial => reasons
                .push("awarded value partly withheld or in several currencies: unknown".into()),
            Eur::Unknown => reasons.push("awarded value not published".to_string()),
            Eur::Unconverted(c) => reasons.push(format!("awarded value in {c}: no ECB rate")),
            Eur::Implausible => reasons.push(implausible_reason(p)),
        }
        if let Some(Eur::Known(c)) = &p.ceiling {
            reasons.push(format!("framework ceiling EUR {c} (not spend)"));
        }
        vec![Finding {
            indicator: Self::META.id,
            stage: Stage::Award,
            in_denominator: p.record.awarded,
            in_numerator: p.record.awarded && p.eur().is_some(),
            reasons,
        }]
    }
}
