//! The indicator trait (fold one record, merge two partial results, finalize) and the
//! shared tally of the "share of lots" indicators.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::{Coverage, Measure, Variant};
use crate::prepared::{Eur, Prepared, Stage};
use crate::sum::Sum;

/// The written definition of an indicator (also rendered in reports and docs).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Meta {
    pub id: &'static str,
    pub name: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    /// Filters, stage, coverage and counting rules.
    pub notes: &'static str,
    /// A policy target for the ratio (SPP-2: 100 %, INN-1: 3 %).
    pub target: Option<f64>,
}

/// Why a record is (or is not) in an indicator, from the indicator's own rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub indicator: &'static str,
    pub stage: Stage,
    pub in_denominator: bool,
    pub in_numerator: bool,
    /// The fields that decided it (`BT-06 = env-imp`).
    pub reasons: Vec<String>,
}

/// One indicator. Implementations keep no state of their own: the partial result is
/// folded record by record, merged with other partial results (threads, batches, groups),
/// and finalized into measures.
pub trait Indicator: Sync {
    type Partial: Default + Clone + Send + std::fmt::Debug;
    fn meta(&self) -> &'static Meta;
    fn fold(&self, partial: &mut Self::Partial, record: &Prepared);
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial);
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure>;
    /// How this record takes part in the indicator, with the deciding fields.
    fn explain(&self, record: &Prepared) -> Vec<Finding>;
}

/// One partial result per stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerStage<T> {
    pub call: T,
    pub award: T,
}

impl<T> PerStage<T> {
    pub fn get_mut(&mut self, stage: Stage) -> &mut T {
        match stage {
            Stage::Call => &mut self.call,
            Stage::Award => &mut self.award,
        }
    }
    pub fn get(&self, stage: Stage) -> &T {
        match stage {
            Stage::Call => &self.call,
            Stage::Award => &self.award,
        }
    }
}

/// How one lot takes part in a share-of-lots indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judgement {
    /// The field behind the indicator was reported (coverage numerator).
    pub reported: bool,
    pub denominator: bool,
    /// Always a subset of the denominator.
    pub numerator: bool,
    pub reasons: Vec<String>,
}

impl Judgement {
    pub(crate) fn finding(self, indicator: &'static str, stage: Stage) -> Finding {
        Finding {
            indicator,
            stage,
            in_denominator: self.denominator,
            in_numerator: self.numerator && self.denominator,
            reasons: self.reasons,
        }
    }
}

/// The note under which values left out as implausible are counted (beside the currencies
/// without a rate: neither is in the value variant).
pub const IMPLAUSIBLE: &str = "implausible (left out)";

/// Why a record's value is left out: the rules that flagged it.
pub fn implausible_reason(p: &Prepared) -> String {
    let rules: Vec<String> = p
        .implausible
        .iter()
        .map(|f| {
            format!(
                "{} {} = {} ({})",
                f.rule.id(),
                f.field.as_str(),
                f.value,
                f.rule.description()
            )
        })
        .collect();
    format!("implausible, left out: {}", rules.join("; "))
}

/// Counts and EUR sums of a share of lots. Lots whose EUR value is unknown are left out of
/// both sides of the value variant and counted in `value_unknown` / `unconverted`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShareTally {
    pub universe: u64,
    pub reported: u64,
    pub numerator: u64,
    pub denominator: u64,
    pub value_numerator: Sum,
    pub value_denominator: Sum,
    pub value_unknown: u64,
    pub unconverted: BTreeMap<String, u64>,
}

impl ShareTally {
    pub fn add(&mut self, record: &Prepared, judgement: &Judgement) {
        self.universe += 1;
        self.reported += u64::from(judgement.reported);
        if !judgement.denominator {
            return;
        }
        self.denominator += 1;
        self.numerator += u64::from(judgement.numerator);
        match &record.value {
            Eur::Known(v) => {
                self.value_denominator.add(v);
                if judgement.numerator {
                    self.value_numerator.add(v);
                }
            }
            Eur::Unknown => self.value_unknown += 1,
            Eur::Unconverted(c) => *self.unconverted.entry(c.clone()).or_default() += 1,
            Eur::Implausible => *self.unconverted.entry(IMPLAUSIBLE.into()).or_default() += 1,
        }
    }

    pub fn merge(&mut self, other: ShareTally) {
        self.universe += other.universe;
        self.reported += other.reported;
        self.numerator += other.numerator;
        self.denominator += other.denominator;
        self.value_numerator.merge(other.value_numerator);
        self.value_denominator.merge(other.value_denominator);
        self.value_unknown += other.value_unknown;
        for (c, n) in other.unconverted {
            *self.unconverted.entry(c).or_default() += n;
        }
    }

    /// Count and value measures.
    pub fn measures(&self, stage: Stage, unit: &'static str, split: Option<&str>) -> [Measure; 2] {
        let coverage = Some(Coverage {
            reported: self.reported,
            universe: self.universe,
        });
        [
            Measure {
                stage,
                variant: Variant::Count,
                split: split.map(str::to_string),
                unit,
                numerator: Decimal::from(self.numerator),
                denominator: Some(Decimal::from(self.denominator)),
                coverage: coverage.clone(),
                value_unknown: 0,
                unconverted: BTreeMap::new(),
            },
            Measure {
                stage,
                variant: Variant::Value,
                split: split.map(str::to_string),
                unit: "EUR",
                numerator: self.value_numerator.value(),
                denominator: Some(self.value_denominator.value()),
                coverage,
                value_unknown: self.value_unknown,
                unconverted: self.unconverted.clone(),
            },
        ]
    }
}

/// Implements [`Indicator`] for a share-of-lots rule: a type with
/// `const META`, `const STAGES` and `fn judge(&self, &Prepared, Stage, explain: bool) -> Judgement`.
macro_rules! lot_share_indicator {
    ($ty:ty) => {
        impl $crate::indicator::Indicator for $ty {
            type Partial = $crate::indicator::PerStage<$crate::indicator::ShareTally>;
            fn meta(&self) -> &'static $crate::indicator::Meta {
                &Self::META
            }
            fn fold(&self, partial: &mut Self::Partial, record: &$crate::prepared::Prepared) {
                if let Some(stage) = record.stage.filter(|s| Self::STAGES.contains(s)) {
                    let judgement = self.judge(record, stage, false);
                    partial.get_mut(stage).add(record, &judgement);
                }
            }
            fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
                into.call.merge(other.call);
                into.award.merge(other.award);
            }
            fn finalize(&self, partial: &Self::Partial) -> Vec<$crate::measure::Measure> {
                Self::STAGES
                    .iter()
                    .flat_map(|s| partial.get(*s).measures(*s, "lots", None))
                    .collect()
            }
            fn explain(
                &self,
                record: &$crate::prepared::Prepared,
            ) -> Vec<$crate::indicator::Finding> {
                record
                    .stage
                    .filter(|s| Self::STAGES.contains(s))
                    .map(|s| self.judge(record, s, true).finding(Self::META.id, s))
                    .into_iter()
                    .collect()
            }
        }
    };
}
pub(crate) use lot_share_indicator;

/// Reasons, collected only when explaining: folding a record skips the formatting.
#[derive(Debug, Default)]
pub struct Why {
    on: bool,
    list: Vec<String>,
}

impl Why {
    pub fn new(on: bool) -> Why {
        Why {
            on,
            list: Vec::new(),
        }
    }

    pub fn push(&mut self, reason: impl FnOnce() -> String) {
        if self.on {
            self.list.push(reason());
        }
    }

    pub fn one(on: bool, reason: impl FnOnce() -> String) -> Vec<String> {
        if on {
            vec![reason()]
        } else {
            Vec::new()
        }
    }

    pub fn into_vec(self) -> Vec<String> {
        self.list
    }
}

/// Render a list of codes as `a, b`.
pub(crate) fn codes<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
