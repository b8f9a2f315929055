//! What an indicator reports: numerator, denominator, value and coverage, per stage and
//! variant. Numerators and denominators are kept (not only the ratio) so that partial
//! results add up exactly.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::prepared::Stage;

/// Count of units, or EUR value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Count,
    Value,
}

impl Variant {
    pub fn as_str(&self) -> &'static str {
        match self {
            Variant::Count => "count",
            Variant::Value => "value",
        }
    }
}

/// Share of the universe where the underlying field was reported at all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub reported: u64,
    pub universe: u64,
}

impl Coverage {
    pub fn share(&self) -> Option<f64> {
        ratio_u64(self.reported, self.universe)
    }
}

/// One figure of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub stage: Stage,
    pub variant: Variant,
    /// A named part of the indicator (GPP-2 `eu`/`national`/`other`, SOC-1 `bt06-reported`,
    /// SPD-1 `framework-ceiling`), `None` for the indicator itself.
    pub split: Option<String>,
    /// What is counted: `lots`, `EUR`, `winners`, `tenders`, `procedures`, `vehicles`.
    pub unit: &'static str,
    pub numerator: Decimal,
    /// `None` for a plain total (SPD-1).
    pub denominator: Option<Decimal>,
    pub coverage: Option<Coverage>,
    /// Value variants: units of the denominator whose EUR value is unknown (left out of both sides).
    pub value_unknown: u64,
    /// Value variants: units left out because their currency had no ECB rate, by currency.
    pub unconverted: BTreeMap<String, u64>,
}

impl Measure {
    /// numerator / denominator; `None` when the denominator is 0 or absent.
    pub fn value(&self) -> Option<f64> {
        let den = self.denominator?;
        if den.is_zero() {
            return None;
        }
        (self.numerator / den).to_f64()
    }
}

pub(crate) fn ratio_u64(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}
