//! Indicators over the contract register and published notices together
//! (docs/INDICATORS.md, "Register and notices"). The caller turns register lots and notice
//! lots into [`Item`]s — a lot linked to a notice once, with source [`Source::Both`] — and
//! this module counts them per group, by count and by value, with the coverage and the
//! sources of every figure. [`notice_facts`] gives the facts of a notice lot.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use spp_domain::{FlagKind, LotRecord};

use crate::prepared::{PolicyCheck, PolicyOutcome};

#[cfg(test)]
mod tests;

/// Where a counted lot's facts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Register,
    Notice,
    /// A register contract linked to its published notice: counted once, register facts
    /// first, notice facts where the register says nothing.
    Both,
}

/// The groupings, in [`Item::keys`] order.
pub const GROUPINGS: [&str; 4] = ["entity", "policy_domain", "level", "product_group"];

/// The per-lot indicators, in [`Item::facts`] order.
pub const LOT_INDICATORS: [&str; 8] = [
    "C-SPP-1", "C-GPP", "C-SOC", "C-INN", "C-CIRC", "C-LCC", "C-SME", "C-EPR",
];

/// One counted unit (a lot, an invoice, a framework) with its group keys, value and facts:
/// `Some(true)` counts in numerator and denominator, `Some(false)` in the denominator,
/// `None` is not reported (or, for C-SPP-1, not covered by the rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub keys: [String; 4],
    pub source: Source,
    /// The value in EUR (awarded value of a lot; amount of an invoice; ceiling of a framework).
    pub value: Option<Decimal>,
    /// A second value for the numerator when it differs from `value` (Σ call-offs of a
    /// framework); `None` = the numerator counts `value`.
    pub met_value: Option<Decimal>,
    pub facts: Vec<Option<bool>>,
}

/// One figure of one indicator for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CombinedRow {
    pub id: &'static str,
    /// `all` or one of [`GROUPINGS`].
    pub group_by: &'static str,
    pub group: String,
    /// Units in scope of the group (reported or not).
    pub all: u64,
    /// Units with the fact reported: the denominator.
    pub reported: u64,
    /// Units meeting it: the numerator.
    pub met: u64,
    pub value_reported: Decimal,
    pub value_met: Decimal,
    /// Units of the denominator by source.
    pub from_register: u64,
    pub from_notices: u64,
    pub from_both: u64,
}

impl CombinedRow {
    /// met / reported.
    pub fn share(&self) -> Option<f64> {
        (self.reported > 0).then(|| self.met as f64 / self.reported as f64)
    }

    /// value met / value reported.
    pub fn value_share(&self) -> Option<f64> {
        use rust_decimal::prelude::ToPrimitive;
        (!self.value_reported.is_zero())
            .then(|| (self.value_met / self.value_reported).to_f64())
            .flatten()
    }

    /// reported / all.
    pub fn coverage(&self) -> Option<f64> {
        (self.all > 0).then(|| self.reported as f64 / self.all as f64)
    }

    fn add(&mut self, item: &Item, fact: Option<bool>) {
        self.all += 1;
        let Some(met) = fact else { return };
        self.reported += 1;
        let value = item.value.unwrap_or_default();
        self.value_reported += value;
        match item.source {
            Source::Register => self.from_register += 1,
            Source::Notice => self.from_notices += 1,
            Source::Both => self.from_both += 1,
        }
        if met {
            self.met += 1;
            self.value_met += item.met_value.unwrap_or(value);
        }
    }
}

/// Counts `items` for indicators `ids` (fact `i` of an item is indicator `ids[i]`): the `all`
/// rows, then each grouping in key order.
pub fn compute(ids: &[&'static str], items: &[Item]) -> Vec<CombinedRow> {
    let mut rows: BTreeMap<(usize, usize, String), CombinedRow> = BTreeMap::new();
    for item in items {
        for (i, id) in ids.iter().enumerate() {
            let fact = item.facts.get(i).copied().flatten();
            let groups = std::iter::once((0, "all", "all")).chain(
                GROUPINGS
                    .iter()
                    .zip(&item.keys)
                    .enumerate()
                    .map(|(g, (by, key))| (g + 1, *by, key.as_str())),
            );
            for (g, by, key) in groups {
                rows.entry((i, g, key.to_string()))
                    .or_insert_with(|| CombinedRow {
                        id,
                        group_by: by,
                        group: key.to_string(),
                        all: 0,
                        reported: 0,
                        met: 0,
                        value_reported: Decimal::ZERO,
                        value_met: Decimal::ZERO,
                        from_register: 0,
                        from_notices: 0,
                        from_both: 0,
                    })
                    .add(item, fact);
            }
        }
    }
    rows.into_values().collect()
}

fn flag(r: &LotRecord, kind: FlagKind) -> bool {
    r.flags.iter().any(|f| f.kind == kind)
}

/// The facts of a notice lot, in [`LOT_INDICATORS`] order. A strategic-procurement field
/// reported (BT-06, or BT-774/805) makes "no" a known answer for the flags; otherwise a lot
/// without a flag is not reported.
pub fn notice_facts(r: &LotRecord, policy: &dyn PolicyCheck) -> Vec<Option<bool>> {
    let declared =
        !r.strategic.is_empty() || !r.environmental.is_empty() || !r.gpp_criteria.is_empty();
    let by_flag = |kind| {
        if flag(r, kind) {
            Some(true)
        } else {
            declared.then_some(false)
        }
    };
    let spp1 = match policy.evaluate(r, false) {
        PolicyOutcome::NotCovered => None,
        PolicyOutcome::Covered { met, .. } => Some(met),
    };
    let lcc = if flag(r, FlagKind::LifeCycleCost) {
        Some(true)
    } else {
        (!r.award_criterion_types.is_empty()).then_some(false)
    };
    let sizes: Vec<bool> = r
        .winners
        .iter()
        .filter_map(|w| w.size.as_ref()?.is_sme())
        .collect();
    let sme = if sizes.is_empty() {
        None
    } else {
        Some(sizes.contains(&true))
    };
    let epr = r
        .esubmission
        .as_ref()
        .map(|e| *e == spp_domain::codelist::ESubmission::Required);
    vec![
        spp1,
        by_flag(FlagKind::Green),
        by_flag(FlagKind::Social),
        by_flag(FlagKind::Innovative),
        by_flag(FlagKind::Circular),
        lcc,
        sme,
        epr,
    ]
}

/// The facts of several notice lots taken as one (the notice of a linked contract): `true`
/// when any lot says so, `false` when all that report say no, else not reported.
pub fn merge_facts(all: &[Vec<Option<bool>>]) -> Vec<Option<bool>> {
    (0..LOT_INDICATORS.len())
        .map(|i| {
            let known: Vec<bool> = all
                .iter()
                .filter_map(|f| f.get(i).copied().flatten())
                .collect();
            (!known.is_empty()).then(|| known.contains(&true))
        })
        .collect()
}
