//! Results of an evaluation. All amounts keep full decimal precision; round only for
//! display (e.g. `round_dp(2)` for cents).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{CostBasis, Evaluation, Pollutant};
use crate::settings::Settings;

/// Version of the calculation method; stored with every result.
pub const METHOD_VERSION: &str = "spp-lcc/1 (generic-art68-v1, cvd-2009-annex)";

/// The result of a whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationResult {
    /// Method version string ([`METHOD_VERSION`]).
    pub method_version: String,
    /// Title of the evaluation.
    pub title: Option<String>,
    /// Parameters after defaults.
    pub settings: Settings,
    /// Uniform present value factor for the rate used and N (end of year).
    pub upv: Decimal,
    /// Capital recovery factor for the rate used and N.
    pub crf: Decimal,
    /// Award basis.
    pub award_basis: CostBasis,
    /// Points for the best offer.
    pub max_points: Decimal,
    /// The scoring formula in words.
    pub award_formula: String,
    /// One result per offer, in input order.
    pub offers: Vec<OfferResult>,
    /// The inputs as read (for reproducibility).
    pub inputs: Evaluation,
}

/// Present values by cost category (whole offer, all units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Breakdown {
    /// Acquisition at t = 0.
    pub acquisition: Decimal,
    /// Energy.
    pub energy: Decimal,
    /// Consumables.
    pub consumables: Decimal,
    /// Maintenance, repair, licences.
    pub maintenance: Decimal,
    /// Component replacements.
    pub replacements: Decimal,
    /// Disposal at end of life.
    pub disposal: Decimal,
    /// Residual value at end of life (a credit: zero or negative).
    pub residual_value: Decimal,
    /// Externalities (all pollutants).
    pub externalities: Decimal,
}

impl Breakdown {
    /// Internal cost: everything but externalities.
    pub fn internal(&self) -> Decimal {
        self.acquisition
            + self.energy
            + self.consumables
            + self.maintenance
            + self.replacements
            + self.disposal
            + self.residual_value
    }
}

/// Emissions and their cost for one pollutant over the study period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PollutantResult {
    /// The pollutant.
    pub pollutant: Pollutant,
    /// Mass emitted over the study period, kg (undiscounted).
    pub mass_kg: Decimal,
    /// Present value of its cost (zero when no price is set).
    pub pv_cost: Decimal,
    /// Whether a price was set for it.
    pub priced: bool,
}

/// Cash flows of one year (whole offer; nominal in nominal mode, undiscounted) and their
/// present values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct YearRow {
    /// Year index t (0 = base year, acquisition).
    pub t: u32,
    /// Calendar year.
    pub calendar_year: i32,
    /// Discount factor applied to the running costs of the year.
    pub discount_factor: Decimal,
    /// Acquisition (t = 0 only).
    pub acquisition: Decimal,
    /// Energy.
    pub energy: Decimal,
    /// Consumables.
    pub consumables: Decimal,
    /// Maintenance.
    pub maintenance: Decimal,
    /// Replacements.
    pub replacements: Decimal,
    /// Disposal minus residual value (t = N only; discounted at the end of year N).
    pub end_of_life: Decimal,
    /// Externalities.
    pub externalities: Decimal,
    /// Present value of the internal costs of the year.
    pub internal_pv: Decimal,
    /// Present value of internal costs plus externalities.
    pub societal_pv: Decimal,
}

/// The result for one offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferResult {
    /// Offer id.
    pub id: String,
    /// Offer name.
    pub name: Option<String>,
    /// Units.
    pub quantity: Decimal,
    /// Method version string.
    pub method_version: String,
    /// Present values by category.
    pub pv: Breakdown,
    /// Per pollutant.
    pub pollutants: Vec<PollutantResult>,
    /// LCC without externalities.
    pub internal_lcc: Decimal,
    /// LCC with externalities.
    pub societal_lcc: Decimal,
    /// Equivalent annual cost of the internal LCC (`LCC × CRF`).
    pub eac_internal: Decimal,
    /// Equivalent annual cost of the societal LCC.
    pub eac_societal: Decimal,
    /// Rank by internal LCC (1 = cheapest; ties share a rank).
    pub rank_internal: u32,
    /// Rank by societal LCC.
    pub rank_societal: u32,
    /// Award points; `None` when a scored LCC is zero or negative.
    pub score: Option<Decimal>,
    /// Per-year breakdown (empty for the undiscounted CVD method).
    pub years: Vec<YearRow>,
}
