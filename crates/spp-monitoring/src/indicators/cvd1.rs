//! **CVD-1 — clean-vehicle procurement.**
//!
//! - Universe: award-stage lots in Clean Vehicles Directive scope (BT-717 = true).
//! - Denominator: Σ OPT-156 for OPT-155 = `vehicles` (all vehicles in scope) over those lots
//!   that report vehicle counts.
//! - Numerator: Σ (OPT-156 `vehicles-clean` + OPT-156 `vehicles-zero-emission`) over the same
//!   lots. Counting rule: the SDK does not say whether zero-emission vehicles are inside the
//!   clean count, so the two are added and, per lot, capped at the lot's total; lots where the
//!   cap applied are counted (`capped_lots`) and shown in the report.
//! - Vehicle counts flagged by the plausibility checks (docs/INDICATORS.md,
//!   "Plausibility": over 10,000 in a lot, or one large count repeated in several lots) are
//!   left out of both sides unless the report includes them; the lots are counted apart.
//! - Coverage: lots in scope with vehicle counts / lots in scope.

use rust_decimal::Decimal;

use crate::indicator::{implausible_reason, Finding, Indicator, Meta, IMPLAUSIBLE};
use crate::measure::{Coverage, Measure, Variant};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Cvd1;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cvd1Partial {
    pub lots_in_scope: u64,
    pub lots_with_counts: u64,
    pub vehicles: u64,
    pub clean_or_zero_emission: u64,
    pub capped_lots: u64,
    /// Lots in scope whose vehicle counts were left out as implausible.
    pub implausible_lots: u64,
}

impl Cvd1 {
    pub const META: Meta = Meta {
        id: "CVD-1",
        name: "clean-vehicle procurement",
        numerator: "clean + zero-emission vehicles (OPT-156 for OPT-155 vehicles-clean and vehicles-zero-emission), capped per lot at its total",
        denominator: "all vehicles counted (OPT-155 vehicles) in lots with BT-717 = true",
        notes: "award stage; coverage = lots in CVD scope with vehicle counts / lots in CVD scope",
        target: None,
    };

    /// (total, clean + zero-emission capped, capped?) for a lot in scope with counts.
    fn counts(p: &Prepared) -> Option<(u64, u64, bool)> {
        let r = p.record;
        if r.cvd_applies != Some(true) || !p.vehicles_counted {
            return None;
        }
        let total = r.vehicles_total?;
        let raw = r.vehicles_clean.unwrap_or(0) + r.vehicles_zero_emission.unwrap_or(0);
        Some((total, raw.min(total), raw > total))
    }
}

impl Indicator for Cvd1 {
    type Partial = Cvd1Partial;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        if p.stage != Some(Stage::Award) || p.record.cvd_applies != Some(true) {
            return;
        }
        partial.lots_in_scope += 1;
        partial.implausible_lots += u64::from(!p.vehicles_counted);
        if let Some((total, clean, capped)) = Self::counts(p) {
            partial.lots_with_counts += 1;
            partial.vehicles += total;
            partial.clean_or_zero_emission += clean;
            partial.capped_lots += u64::from(capped);
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.lots_in_scope += other.lots_in_scope;
        into.lots_with_counts += other.lots_with_counts;
        into.vehicles += other.vehicles;
        into.clean_or_zero_emission += other.clean_or_zero_emission;
        into.capped_lots += other.capped_lots;
        into.implausible_lots += other.implausible_lots;
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        let mut notes = std::collections::BTreeMap::new();
        if partial.capped_lots > 0 {
            notes.insert("capped_lots".to_string(), partial.capped_lots);
        }
        if partial.implausible_lots > 0 {
            notes.insert(IMPLAUSIBLE.to_string(), partial.implausible_lots);
        }
        vec![Measure {
            stage: Stage::Award,
            variant: Variant::Count,
            split: None,
            unit: "vehicles",
            numerator: Decimal::from(partial.clean_or_zero_emission),
            denominator: Some(Decimal::from(partial.vehicles)),
            coverage: Some(Coverage {
                reported: partial.lots_with_counts,
                universe: partial.lots_in_scope,
            }),
            value_unknown: 0,
            unconverted: notes,
        }]
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        if p.stage != Some(Stage::Award) {
            return Vec::new();
        }
        let r = p.record;
        let (den, num, reasons) = match (r.cvd_applies, Self::counts(p)) {
            (Some(true), Some((total, clean, capped))) => (
                true,
                clean > 0,
                vec![format!(
                    "BT-717 = true; OPT-156 vehicles = {total}, clean = {}, zero-emission = {}{}",
                    r.vehicles_clean.unwrap_or(0),
                    r.vehicles_zero_emission.unwrap_or(0),
                    if capped { " (capped at total)" } else { "" }
                )],
            ),
            (Some(true), None) if !p.vehicles_counted => {
                (false, false, vec![implausible_reason(p)])
            }
            (Some(true), None) => (
                false,
                false,
                vec!["BT-717 = true but no vehicle counts (OPT-155/156)".to_string()],
            ),
            (Some(false), _) => (false, false, vec!["BT-717 = false".to_string()]),
            (None, _) => (false, false, vec!["BT-717 not reported".to_string()]),
        };
        vec![Finding {
            indicator: Self::META.id,
            stage: Stage::Award,
            in_denominator: den,
            in_numerator: num,
            reasons,
        }]
    }
}
