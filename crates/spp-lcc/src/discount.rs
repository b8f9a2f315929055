//! Discounting: discount factors, the Fisher relation and the closed forms of the
//! reference model (uniform present value, escalating annuity, capital recovery factor).
//!
//! All arithmetic is done in [`Decimal`] (28 significant digits). Integer powers are
//! exact repeated multiplications; the only irrational operation is the square root
//! needed by the mid-year convention.

use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use crate::error::{LccError, Result};

/// When, within year `t`, the costs of that year are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    /// Costs at the end of the year: offset τ = 1 (the default, NIST Handbook 135).
    #[default]
    #[serde(alias = "end-of-year")]
    End,
    /// Costs in the middle of the year: τ = ½.
    #[serde(alias = "mid-year")]
    Mid,
    /// Costs at the start of the year: τ = 0.
    #[serde(alias = "beginning-of-year")]
    Beginning,
}

impl Timing {
    /// The offset τ as a decimal (1, 0.5 or 0).
    pub fn offset(self) -> Decimal {
        match self {
            Timing::End => Decimal::ONE,
            Timing::Mid => Decimal::new(5, 1),
            Timing::Beginning => Decimal::ZERO,
        }
    }
}

/// `base^n` by exact repeated multiplication.
///
/// ```
/// use rust_decimal_macros::dec;
/// assert_eq!(spp_lcc::discount::powi(dec!(1.04), 2).unwrap(), dec!(1.0816));
/// ```
pub fn powi(base: Decimal, n: u32) -> Result<Decimal> {
    let mut acc = Decimal::ONE;
    for _ in 0..n {
        acc = acc
            .checked_mul(base)
            .ok_or_else(|| LccError::Overflow(format!("{base}^{n}")))?;
    }
    Ok(acc)
}

fn div(num: Decimal, den: Decimal, what: &str) -> Result<Decimal> {
    num.checked_div(den)
        .ok_or_else(|| LccError::Overflow(what.to_string()))
}

/// Real rate from a nominal rate and inflation (Fisher): `r = (1 + n)/(1 + i) − 1`.
///
/// ```
/// use rust_decimal_macros::dec;
/// let r = spp_lcc::discount::real_from_nominal(dec!(0.06), dec!(0.02)).unwrap();
/// assert_eq!(r.round_dp(6), dec!(0.039216));
/// ```
pub fn real_from_nominal(nominal: Decimal, inflation: Decimal) -> Result<Decimal> {
    Ok(div(
        Decimal::ONE + nominal,
        Decimal::ONE + inflation,
        "Fisher relation",
    )? - Decimal::ONE)
}

/// Nominal rate from a real rate and inflation (Fisher): `n = (1 + r)(1 + i) − 1`.
pub fn nominal_from_real(real: Decimal, inflation: Decimal) -> Decimal {
    (Decimal::ONE + real) * (Decimal::ONE + inflation) - Decimal::ONE
}

/// Growth factor `(1 + rate)^(t − 1 + τ)`: the exponent used for both discounting and,
/// in nominal mode, inflation of the costs of year `t ≥ 1`.
pub fn growth(rate: Decimal, t: u32, timing: Timing) -> Result<Decimal> {
    let base = Decimal::ONE + rate;
    let whole = match timing {
        Timing::End => t,
        Timing::Mid | Timing::Beginning => t.saturating_sub(1),
    };
    let mut g = powi(base, whole)?;
    if timing == Timing::Mid && t >= 1 {
        let root = base
            .sqrt()
            .ok_or_else(|| LccError::Overflow(format!("square root of {base}")))?;
        g = g
            .checked_mul(root)
            .ok_or_else(|| LccError::Overflow("mid-year factor".into()))?;
    }
    Ok(g)
}

/// Discount factor `DF(t) = (1 + d)^−(t − 1 + τ)` for year `t ≥ 1`; `DF(0) = 1`.
///
/// ```
/// use rust_decimal_macros::dec;
/// use spp_lcc::discount::{discount_factor, Timing};
/// assert_eq!(discount_factor(dec!(0.04), 0, Timing::End).unwrap(), dec!(1));
/// assert_eq!(discount_factor(dec!(0.04), 1, Timing::Beginning).unwrap(), dec!(1));
/// assert_eq!(discount_factor(dec!(0.04), 2, Timing::End).unwrap().round_dp(6), dec!(0.924556));
/// ```
pub fn discount_factor(rate: Decimal, t: u32, timing: Timing) -> Result<Decimal> {
    if t == 0 {
        return Ok(Decimal::ONE);
    }
    div(Decimal::ONE, growth(rate, t, timing)?, "discount factor")
}

/// Factor for an amount paid at the exact point in time `N` years after the base date
/// (end of the study period): `(1 + d)^−N`, whatever the timing convention.
pub fn point_factor(rate: Decimal, years: u32) -> Result<Decimal> {
    div(
        Decimal::ONE,
        powi(Decimal::ONE + rate, years)?,
        "discount factor",
    )
}

/// Uniform present value factor `UPV = [(1+d)^N − 1] / [d(1+d)^N]` (end of year);
/// `N` when `d = 0`.
///
/// ```
/// use rust_decimal_macros::dec;
/// let upv = spp_lcc::discount::upv(dec!(0.04), 6).unwrap();
/// assert_eq!(upv.round_dp(6), dec!(5.242137));
/// ```
pub fn upv(rate: Decimal, years: u32) -> Result<Decimal> {
    if rate.is_zero() {
        return Ok(Decimal::from(years));
    }
    let g = powi(Decimal::ONE + rate, years)?;
    div(g - Decimal::ONE, rate * g, "uniform present value factor")
}

/// Capital recovery factor `CRF = d(1+d)^N / [(1+d)^N − 1]`; `1/N` when `d = 0`.
///
/// ```
/// use rust_decimal_macros::dec;
/// let crf = spp_lcc::discount::crf(dec!(0.04), 6).unwrap();
/// assert_eq!(crf.round_dp(6), dec!(0.190762));
/// ```
pub fn crf(rate: Decimal, years: u32) -> Result<Decimal> {
    if years == 0 {
        return Err(LccError::invalid(
            "study_period_years",
            "must be at least 1",
        ));
    }
    if rate.is_zero() {
        return div(
            Decimal::ONE,
            Decimal::from(years),
            "capital recovery factor",
        );
    }
    let g = powi(Decimal::ONE + rate, years)?;
    div(rate * g, g - Decimal::ONE, "capital recovery factor")
}

/// Present value of an escalating annuity paid at the end of years 1..N:
/// `Σ a(1+e)^(t−1)/(1+d)^t = a/(1+d) · (1 − q^N)/(1 − q)` with `q = (1+e)/(1+d)`,
/// and `N·a/(1+d)` when `e = d`.
///
/// ```
/// use rust_decimal_macros::dec;
/// let pv = spp_lcc::discount::escalating_annuity(dec!(2210), dec!(0.01), dec!(0.04), 6).unwrap();
/// assert_eq!(pv.round_dp(2), dec!(11865.14));
/// ```
pub fn escalating_annuity(
    annual: Decimal,
    escalation: Decimal,
    rate: Decimal,
    years: u32,
) -> Result<Decimal> {
    let one_d = Decimal::ONE + rate;
    let first = div(annual, one_d, "escalating annuity")?;
    if escalation == rate {
        return Ok(first * Decimal::from(years));
    }
    let q = div(Decimal::ONE + escalation, one_d, "escalating annuity")?;
    let qn = powi(q, years)?;
    Ok(first * div(Decimal::ONE - qn, Decimal::ONE - q, "escalating annuity")?)
}
