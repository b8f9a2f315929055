//! Life-cycle cost (LCC/TCO) of offers: pure math, no I/O.
//!
//! Two methods:
//!
//! * `generic-art68-v1` — the discounted model of Art. 68 Directive 2014/24/EU:
//!   acquisition, energy and consumables per carrier with real escalation, maintenance
//!   schedules, component replacements, end of life and residual value, and externalities
//!   as emitted mass × price path;
//! * `cvd-2009-annex` — the undiscounted monetisation method of the Clean Vehicles
//!   Directive 2009/33/EC (see [`cvd`]).
//!
//! Money is [`rust_decimal::Decimal`] throughout (28 significant digits): integer powers
//! are exact products, the mid-year convention takes one square root. Nothing is
//! rounded inside the crate; round for display only.
//!
//! ```
//! use rust_decimal_macros::dec;
//! let toml = r#"
//! [evaluation]
//! study_period_years = 6
//! base_year = 2026
//! discount_rate = 0.04
//! use_profile = { km_per_year = 20000 }
//!
//! [[carriers]]
//! id = "diesel"
//! unit = "l"
//! price = 1.70
//! escalation = 0.01
//!
//! [[offers]]
//! id = "A"
//! price = 30000
//! consumption = [{ carrier = "diesel", per_km = 0.065 }]
//! maintenance = [{ per_year = 900 }]
//! end_of_life = { residual_share = 0.25 }
//! "#;
//! let result = spp_lcc::evaluate_str(toml).unwrap();
//! assert_eq!(result.offers[0].internal_lcc.round_dp(2), dec!(40655.70));
//! assert_eq!(result.method_version, spp_lcc::METHOD_VERSION);
//! ```

pub mod cvd;
pub mod discount;
pub mod engine;
mod error;
pub mod model;
pub mod presets;
mod result;
pub mod settings;

use rust_decimal::Decimal;

pub use error::{LccError, Result};
pub use model::{CostBasis, Evaluation, MethodId};
pub use result::{
    Breakdown, EvaluationResult, OfferResult, PollutantResult, YearRow, METHOD_VERSION,
};
pub use settings::Settings;

/// Parses an evaluation from TOML text (schema in `docs/LCC.md`).
///
/// ```
/// let err = spp_lcc::parse_str("[evaluation]\nstudy_period_years = \"six\"\n").unwrap_err();
/// assert!(err.to_string().contains("study_period_years"));
/// ```
pub fn parse_str(text: &str) -> Result<Evaluation> {
    toml::from_str(text).map_err(|e| LccError::Syntax(e.to_string().trim_end().to_string()))
}

/// Parses and evaluates TOML text.
pub fn evaluate_str(text: &str) -> Result<EvaluationResult> {
    evaluate(&parse_str(text)?)
}

/// Evaluates all offers, ranks them and scores them.
///
/// Inputs are bounded (amounts ≤ 10^12, rates in (−1, 1), N ≤ 100) and powers are
/// checked; should a decimal operation still overflow, the panic of `rust_decimal` is
/// caught and returned as [`LccError::Overflow`].
pub fn evaluate(ev: &Evaluation) -> Result<EvaluationResult> {
    std::panic::catch_unwind(|| evaluate_inner(ev)).unwrap_or_else(|_| {
        Err(LccError::Overflow(
            "the evaluation (a value exceeds the decimal range)".into(),
        ))
    })
}

fn evaluate_inner(ev: &Evaluation) -> Result<EvaluationResult> {
    if ev.offers.is_empty() {
        return Err(LccError::invalid("offers", "no offers to evaluate"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, o) in ev.offers.iter().enumerate() {
        if !seen.insert(o.id.as_str()) {
            return Err(LccError::invalid(
                format!("offers[{i}].id"),
                format!("duplicate offer id {:?}", o.id),
            ));
        }
    }
    let s = settings::resolve(ev)?;
    let mut offers = match s.method {
        MethodId::GenericArt68V1 => {
            if ev.cvd.is_some() {
                return Err(LccError::invalid(
                    "cvd",
                    "only allowed with method = \"cvd-2009-annex\"",
                ));
            }
            engine::evaluate_offers(ev, &s)?
        }
        MethodId::Cvd2009Annex => cvd::evaluate_offers(ev, &s)?,
    };
    let (upv, crf) = match s.method {
        MethodId::GenericArt68V1 => (
            discount::upv(s.discount_rate_used, s.study_period_years)?,
            discount::crf(s.discount_rate_used, s.study_period_years)?,
        ),
        // Undiscounted lifetime totals: spread evenly over the study period.
        MethodId::Cvd2009Annex => (
            Decimal::from(s.study_period_years),
            Decimal::ONE / Decimal::from(s.study_period_years),
        ),
    };
    for o in &mut offers {
        o.eac_internal = o.internal_lcc * crf;
        o.eac_societal = o.societal_lcc * crf;
    }
    let internal: Vec<Decimal> = offers.iter().map(|o| o.internal_lcc).collect();
    let societal: Vec<Decimal> = offers.iter().map(|o| o.societal_lcc).collect();
    let (ri, rs) = (ranks(&internal), ranks(&societal));
    let basis = ev.award.basis;
    let scored = if basis == CostBasis::Internal {
        &internal
    } else {
        &societal
    };
    let max_points = settings::non_negative("award.max_points", ev.award.max_points)?;
    let scores = scores(scored, max_points);
    for (i, o) in offers.iter_mut().enumerate() {
        o.rank_internal = ri[i];
        o.rank_societal = rs[i];
        o.score = scores[i];
    }
    let basis_name = if basis == CostBasis::Internal {
        "internal"
    } else {
        "societal"
    };
    Ok(EvaluationResult {
        method_version: METHOD_VERSION.to_string(),
        title: ev.evaluation.title.clone(),
        upv,
        crf,
        award_basis: basis,
        max_points,
        award_formula: format!(
            "score = {max_points} × lowest {basis_name} LCC / offer {basis_name} LCC \
             (not computed when any {basis_name} LCC is zero or negative)"
        ),
        settings: s,
        offers,
        inputs: ev.clone(),
    })
}

/// Competition ranks (1 = lowest cost; equal costs share a rank: 1, 1, 3).
pub fn ranks(costs: &[Decimal]) -> Vec<u32> {
    costs
        .iter()
        .map(|c| 1 + costs.iter().filter(|o| *o < c).count() as u32)
        .collect()
}

/// Proportional scores `max_points × min / cost`; `None` for all when any cost ≤ 0.
///
/// ```
/// use rust_decimal_macros::dec;
/// let s = spp_lcc::scores(&[dec!(100), dec!(200)], dec!(40));
/// assert_eq!(s, vec![Some(dec!(40)), Some(dec!(20))]);
/// ```
pub fn scores(costs: &[Decimal], max_points: Decimal) -> Vec<Option<Decimal>> {
    let min = costs.iter().copied().min();
    match min {
        Some(m) if m > Decimal::ZERO => costs
            .iter()
            .map(|c| m.checked_div(*c).map(|r| max_points * r))
            .collect(),
        _ => vec![None; costs.len()],
    }
}
