//! Resolution of the evaluation parameters: preset defaults, real/nominal discounting,
//! use profile; with the checks that keep offers comparable.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::discount::{self, Timing};
use crate::error::{LccError, Result};
use crate::model::{Evaluation, MethodId, PriceBasis};
use crate::presets::{self, PresetId, VehicleCategory};

/// The parameters actually used, after defaults: stored with every result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Method.
    pub method: MethodId,
    /// Preset that filled defaults, if any.
    pub preset: Option<PresetId>,
    /// Vehicle category, if any.
    pub vehicle_category: Option<VehicleCategory>,
    /// Study period N.
    pub study_period_years: u32,
    /// Base year (t = 0); year t covers calendar year `base_year + t − 1`.
    pub base_year: i32,
    /// Currency.
    pub currency: String,
    /// Real or nominal.
    pub price_basis: PriceBasis,
    /// Real discount rate (given, or derived from nominal and inflation by Fisher).
    pub real_discount_rate: Decimal,
    /// Inflation (zero in real mode).
    pub inflation: Decimal,
    /// Rate used for discounting: real rate in real mode, nominal rate in nominal mode.
    pub discount_rate_used: Decimal,
    /// Timing convention.
    pub timing: Timing,
    /// Kilometres per year, if known.
    pub km_per_year: Option<Decimal>,
    /// Operating hours per year, if known.
    pub hours_per_year: Option<Decimal>,
    /// Human-readable list of the defaults that were applied, with their source.
    pub defaults_applied: Vec<String>,
}

/// Largest amount or quantity accepted (10^12): keeps every product far from the decimal
/// range limit (about 7.9 × 10^28).
pub const MAX_VALUE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// Checks a value is ≥ 0 and not above [`MAX_VALUE`].
pub(crate) fn non_negative(field: &str, v: Decimal) -> Result<Decimal> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(LccError::invalid(
            field,
            format!("must not be negative (got {v})"),
        ));
    }
    if v > MAX_VALUE {
        return Err(LccError::invalid(
            field,
            format!("too large (got {v}, limit {MAX_VALUE})"),
        ));
    }
    Ok(v)
}

/// Checks a calendar year is plausible (1900–2200).
pub(crate) fn year(field: &str, y: i32) -> Result<i32> {
    if !(1900..=2200).contains(&y) {
        return Err(LccError::invalid(
            field,
            format!("year {y} outside 1900-2200"),
        ));
    }
    Ok(y)
}

/// Checks a rate lies in (−1, 1).
pub(crate) fn rate(field: &str, v: Decimal) -> Result<Decimal> {
    if v <= -Decimal::ONE || v >= Decimal::ONE {
        return Err(LccError::invalid(
            field,
            format!("must be a fraction between -1 and 1, e.g. 0.04 for 4 % (got {v})"),
        ));
    }
    Ok(v)
}

/// Resolves the parameters of an evaluation.
pub fn resolve(ev: &Evaluation) -> Result<Settings> {
    let p = &ev.evaluation;
    let mut applied = Vec::new();
    let preset = p.preset.map(presets::defaults);
    // Records the source of a preset default that was actually used.
    let note = |applied: &mut Vec<String>, key: &str| {
        if let Some(d) = &preset {
            if let Some(src) = d.sources.iter().find(|s| s.starts_with(key)) {
                applied.push((*src).to_string());
            }
        }
    };
    note(&mut applied, "externality prices");
    let n = match (p.study_period_years, &preset, p.method) {
        (Some(n), _, _) => n,
        (None, Some(d), _) => {
            note(&mut applied, "study_period_years");
            d.study_period_years
        }
        (None, None, MethodId::Cvd2009Annex) => 1,
        (None, None, MethodId::GenericArt68V1) => {
            return Err(LccError::invalid(
                "evaluation.study_period_years",
                "missing (no preset to supply a default)",
            ))
        }
    };
    if n == 0 || n > 100 {
        return Err(LccError::invalid(
            "evaluation.study_period_years",
            format!("must be between 1 and 100 years (got {n})"),
        ));
    }
    let base_year = match (p.base_year, p.method) {
        (Some(y), _) => year("evaluation.base_year", y)?,
        (None, MethodId::Cvd2009Annex) => 0,
        (None, MethodId::GenericArt68V1) => {
            return Err(LccError::invalid("evaluation.base_year", "missing"))
        }
    };
    let currency = p.currency.clone().unwrap_or_else(|| "EUR".to_string());
    let (real, inflation, used) = match p.price_basis {
        PriceBasis::Real => {
            if p.inflation.is_some() || p.nominal_discount_rate.is_some() {
                return Err(LccError::invalid(
                    "evaluation.inflation",
                    "inflation and nominal_discount_rate are only allowed with price_basis = \"nominal\"; \
                     in real mode all prices are constant base-year prices",
                ));
            }
            let d = match (p.discount_rate, &preset, p.method) {
                (Some(d), _, _) => d,
                (None, Some(def), _) => {
                    note(&mut applied, "discount_rate");
                    def.discount_rate
                }
                (None, None, MethodId::Cvd2009Annex) => Decimal::ZERO,
                (None, None, MethodId::GenericArt68V1) => {
                    return Err(LccError::invalid("evaluation.discount_rate", "missing"))
                }
            };
            let d = rate("evaluation.discount_rate", d)?;
            (d, Decimal::ZERO, d)
        }
        PriceBasis::Nominal => {
            if p.discount_rate.is_some() {
                return Err(LccError::invalid(
                    "evaluation.discount_rate",
                    "a real discount rate cannot be used with price_basis = \"nominal\"; \
                     give nominal_discount_rate and inflation",
                ));
            }
            let nom = p.nominal_discount_rate.ok_or_else(|| {
                LccError::invalid("evaluation.nominal_discount_rate", "missing (nominal mode)")
            })?;
            let i = p.inflation.ok_or_else(|| {
                LccError::invalid("evaluation.inflation", "missing (nominal mode)")
            })?;
            let nom = rate("evaluation.nominal_discount_rate", nom)?;
            let i = rate("evaluation.inflation", i)?;
            (discount::real_from_nominal(nom, i)?, i, nom)
        }
    };
    let timing = match (p.timing, &preset) {
        (Some(t), _) => t,
        (None, Some(d)) => {
            applied.push("timing end of year: NIST Handbook 135 default".to_string());
            d.timing
        }
        (None, None) => Timing::End,
    };
    let km_per_year = match (p.use_profile.km_per_year, p.vehicle_category) {
        (Some(km), _) => Some(non_negative("evaluation.use_profile.km_per_year", km)?),
        (None, Some(cat)) if p.preset == Some(PresetId::Vehicle) => {
            let km = cat.lifetime_km() / Decimal::from(n);
            applied.push(format!(
                "km_per_year {} = CVD Table 3 lifetime mileage {} km ({cat:?}) / {n} years",
                km.round_dp(2),
                cat.lifetime_km()
            ));
            Some(km)
        }
        _ => None,
    };
    let hours_per_year = match (p.use_profile.hours_per_year, &preset) {
        (Some(h), _) => Some(non_negative("evaluation.use_profile.hours_per_year", h)?),
        (None, Some(d)) => {
            if d.hours_per_year.is_some() {
                note(&mut applied, "hours_per_year");
            }
            d.hours_per_year
        }
        (None, None) => None,
    };
    Ok(Settings {
        method: p.method,
        preset: p.preset,
        vehicle_category: p.vehicle_category,
        study_period_years: n,
        base_year,
        currency,
        price_basis: p.price_basis,
        real_discount_rate: real,
        inflation,
        discount_rate_used: used,
        timing,
        km_per_year,
        hours_per_year,
        defaults_applied: applied,
    })
}
