//! The input of an evaluation: parameters fixed by the buyer and the offers, as read from
//! TOML (schema in `docs/LCC.md`). Amounts are in the evaluation currency at base-year
//! prices (real mode) or in current prices (nominal mode).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::discount::Timing;
use crate::presets::{PresetId, VehicleCategory};

/// A whole evaluation: parameters, priced carriers and externalities, offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Parameters fixed by the buyer for all offers.
    pub evaluation: Parameters,
    /// How the cost is turned into award points.
    #[serde(default)]
    pub award: Award,
    /// Energy carriers and consumables with their prices (generic method).
    #[serde(default)]
    pub carriers: Vec<Carrier>,
    /// Monetary value of emissions (generic method).
    #[serde(default)]
    pub externalities: Vec<ExternalityPrice>,
    /// Parameters of the Clean Vehicles Directive method (method `cvd-2009-annex`).
    #[serde(default)]
    pub cvd: Option<CvdParameters>,
    /// The offers to compare.
    pub offers: Vec<Offer>,
}

/// Which calculation method applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum MethodId {
    /// The discounted model of Art. 68 Directive 2014/24/EU (reference §4.8).
    #[default]
    #[serde(rename = "generic-art68-v1")]
    GenericArt68V1,
    /// The monetisation method of Art. 6 and the Annex of Directive 2009/33/EC (undiscounted).
    #[serde(rename = "cvd-2009-annex")]
    Cvd2009Annex,
}

impl MethodId {
    /// The identifier used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            MethodId::GenericArt68V1 => "generic-art68-v1",
            MethodId::Cvd2009Annex => "cvd-2009-annex",
        }
    }
}

/// Constant prices with a real rate, or current prices with a nominal rate and inflation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PriceBasis {
    /// Constant (base-year) prices, discounted with `discount_rate`.
    #[default]
    Real,
    /// Current prices: `nominal_discount_rate` and `inflation` are required.
    Nominal,
}

/// Parameters fixed by the buyer. Fields left out are filled by the preset, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Parameters {
    /// Title shown in reports.
    #[serde(default)]
    pub title: Option<String>,
    /// Calculation method (default `generic-art68-v1`).
    #[serde(default)]
    pub method: MethodId,
    /// Product preset that fills defaults: `vehicle`, `ict` or `lighting`.
    #[serde(default)]
    pub preset: Option<PresetId>,
    /// Vehicle category (Directive 2007/46/EC) for CVD lifetime mileage.
    #[serde(default)]
    pub vehicle_category: Option<VehicleCategory>,
    /// Study period N in years.
    #[serde(default)]
    pub study_period_years: Option<u32>,
    /// Base year (t = 0): the year whose prices are used and to which costs are discounted.
    #[serde(default)]
    pub base_year: Option<i32>,
    /// Currency code (default EUR).
    #[serde(default)]
    pub currency: Option<String>,
    /// Real (default) or nominal.
    #[serde(default)]
    pub price_basis: PriceBasis,
    /// Real discount rate (real mode only), e.g. 0.04.
    #[serde(default)]
    pub discount_rate: Option<Decimal>,
    /// Nominal discount rate (nominal mode only).
    #[serde(default)]
    pub nominal_discount_rate: Option<Decimal>,
    /// General inflation (nominal mode only).
    #[serde(default)]
    pub inflation: Option<Decimal>,
    /// Timing convention: `end` (default), `mid`, `beginning`.
    #[serde(default)]
    pub timing: Option<Timing>,
    /// Use profile that turns per-km or per-hour figures into yearly quantities.
    #[serde(default)]
    pub use_profile: UseProfile,
}

/// Buyer-defined use of the product per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UseProfile {
    /// Kilometres driven per year (vehicles).
    #[serde(default)]
    pub km_per_year: Option<Decimal>,
    /// Operating hours per year (lighting, equipment).
    #[serde(default)]
    pub hours_per_year: Option<Decimal>,
}

/// Award scoring of the cost criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// Points for the cheapest offer (default 100).
    #[serde(default = "default_points")]
    pub max_points: Decimal,
    /// Which LCC is scored: `societal` (default) or `internal`.
    #[serde(default)]
    pub basis: CostBasis,
}

fn default_points() -> Decimal {
    Decimal::ONE_HUNDRED
}

impl Default for Award {
    fn default() -> Self {
        Award {
            max_points: default_points(),
            basis: CostBasis::Societal,
        }
    }
}

/// Internal cost (borne by the buyer) or societal cost (internal + externalities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CostBasis {
    /// Without externalities.
    Internal,
    /// With externalities.
    #[default]
    Societal,
}

/// Energy carrier or consumable priced by the buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carrier {
    /// Identifier referenced by offers, e.g. `diesel`, `electricity`.
    pub id: String,
    /// Unit of quantity, e.g. `l`, `kWh`, `ream`.
    pub unit: String,
    /// `energy` (default) or `consumable`.
    #[serde(default)]
    pub kind: CarrierKind,
    /// Base-year price per unit.
    pub price: Decimal,
    /// Real escalation per year (default 0).
    #[serde(default)]
    pub escalation: Decimal,
    /// Energy content in MJ per unit: informational in the generic method (recorded with
    /// the inputs); the CVD method uses Table 1 of Directive 2009/33/EC instead.
    #[serde(default)]
    pub mj_per_unit: Option<Decimal>,
    /// Emission factors per unit of this carrier.
    #[serde(default)]
    pub emissions: Vec<EmissionFactor>,
}

/// Category under which a carrier's cost is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CarrierKind {
    /// Energy (fuel, electricity, heat).
    #[default]
    Energy,
    /// Other consumables (toner, paper, water, lamps…).
    Consumable,
}

/// Emitted gas or pollutant. All masses are in kilograms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pollutant {
    /// Carbon dioxide.
    Co2,
    /// CO2 equivalent (greenhouse gases weighted by GWP).
    Co2e,
    /// Nitrogen oxides.
    Nox,
    /// Non-methane hydrocarbons.
    Nmhc,
    /// Particulate matter.
    Pm,
    /// Sulphur dioxide.
    So2,
    /// Ammonia.
    Nh3,
}

impl Pollutant {
    /// Identifier used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Pollutant::Co2 => "co2",
            Pollutant::Co2e => "co2e",
            Pollutant::Nox => "nox",
            Pollutant::Nmhc => "nmhc",
            Pollutant::Pm => "pm",
            Pollutant::So2 => "so2",
            Pollutant::Nh3 => "nh3",
        }
    }
}

/// A value over calendar years, linearly interpolated, flat outside the given points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathPoint {
    /// Calendar year.
    pub year: i32,
    /// Value in that year.
    pub value: Decimal,
}

/// Emission factor of a carrier: constant or a path over years (e.g. grid decarbonisation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmissionFactor {
    /// The pollutant.
    pub pollutant: Pollutant,
    /// kg emitted per unit of the carrier.
    #[serde(default)]
    pub kg_per_unit: Option<Decimal>,
    /// kg per unit by calendar year.
    #[serde(default)]
    pub kg_per_unit_path: Option<Vec<PathPoint>>,
}

/// Monetary value of one pollutant: exactly one of the three price fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalityPrice {
    /// The pollutant.
    pub pollutant: Pollutant,
    /// Constant price per kg.
    #[serde(default)]
    pub price_per_kg: Option<Decimal>,
    /// Constant price per tonne.
    #[serde(default)]
    pub price_per_tonne: Option<Decimal>,
    /// Price per tonne by calendar year (carbon price path).
    #[serde(default)]
    pub price_per_tonne_path: Option<Vec<PathPoint>>,
    /// Where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// Parameters of the Clean Vehicles Directive method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CvdParameters {
    /// Pre-tax price of diesel per litre.
    pub diesel_price_per_l: Decimal,
    /// Pre-tax price of petrol per litre.
    pub petrol_price_per_l: Decimal,
    /// CO2 cost per kg (Annex Table 2: 0.03–0.04; default 0.04).
    #[serde(default)]
    pub co2_price_per_kg: Option<Decimal>,
    /// Lifetime mileage override (default: Annex Table 3 for the vehicle category).
    #[serde(default)]
    pub lifetime_km: Option<Decimal>,
}

/// One offer. Amounts are per unit; `quantity` multiplies the whole offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Short identifier, unique in the evaluation.
    pub id: String,
    /// Name of the bidder or product.
    #[serde(default)]
    pub name: Option<String>,
    /// Number of units (default 1).
    #[serde(default = "one")]
    pub quantity: Decimal,
    /// Study period the bidder used; must equal the evaluation's if given.
    #[serde(default)]
    pub study_period_years: Option<u32>,
    /// Base year the bidder used; must equal the evaluation's if given.
    #[serde(default)]
    pub base_year: Option<i32>,
    /// Purchase price per unit (non-recoverable VAT only, same for all offers).
    pub price: Decimal,
    /// Delivery cost.
    #[serde(default)]
    pub delivery: Decimal,
    /// Installation cost.
    #[serde(default)]
    pub installation: Decimal,
    /// Other one-off fees.
    #[serde(default)]
    pub fees: Decimal,
    /// Subsidies received (subtracted).
    #[serde(default)]
    pub subsidies: Decimal,
    /// Consumption of carriers.
    #[serde(default)]
    pub consumption: Vec<Consumption>,
    /// Maintenance, repair, licences.
    #[serde(default)]
    pub maintenance: Vec<Maintenance>,
    /// Component replacements.
    #[serde(default)]
    pub replacements: Vec<Replacement>,
    /// Emissions not tied to a carrier (e.g. tailpipe NOx in g/km).
    #[serde(default)]
    pub direct_emissions: Vec<DirectEmission>,
    /// Disposal and residual value.
    #[serde(default)]
    pub end_of_life: EndOfLife,
    /// CVD method: fuel of Annex Table 1 or `electricity`.
    #[serde(default)]
    pub fuel: Option<String>,
    /// CVD method: litres, Nm³ or kWh per 100 km.
    #[serde(default)]
    pub consumption_per_100km: Option<Decimal>,
    /// CVD method: energy content override (required for natural gas).
    #[serde(default)]
    pub mj_per_unit: Option<Decimal>,
    /// CVD method: CO2 in g/km.
    #[serde(default)]
    pub co2_g_per_km: Option<Decimal>,
    /// CVD method: NOx in g/km.
    #[serde(default)]
    pub nox_g_per_km: Option<Decimal>,
    /// CVD method: NMHC in g/km.
    #[serde(default)]
    pub nmhc_g_per_km: Option<Decimal>,
    /// CVD method: particulate matter in g/km.
    #[serde(default)]
    pub pm_g_per_km: Option<Decimal>,
}

fn one() -> Decimal {
    Decimal::ONE
}

/// Yearly consumption of one carrier: exactly one of the three bases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consumption {
    /// Carrier id.
    pub carrier: String,
    /// Units per km (× `use_profile.km_per_year`).
    #[serde(default)]
    pub per_km: Option<Decimal>,
    /// Units per operating hour (× `use_profile.hours_per_year`).
    #[serde(default)]
    pub per_hour: Option<Decimal>,
    /// Units per year.
    #[serde(default)]
    pub per_year: Option<Decimal>,
}

/// A maintenance item: exactly one of `per_year`, `per_km`, `per_hour`, or `amount` with
/// `every_years`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maintenance {
    /// Label.
    #[serde(default)]
    pub name: Option<String>,
    /// Cost per year.
    #[serde(default)]
    pub per_year: Option<Decimal>,
    /// Cost per km.
    #[serde(default)]
    pub per_km: Option<Decimal>,
    /// Cost per operating hour.
    #[serde(default)]
    pub per_hour: Option<Decimal>,
    /// Cost of one intervention (with `every_years`).
    #[serde(default)]
    pub amount: Option<Decimal>,
    /// Interval in years; due at t = k × interval ≤ N.
    #[serde(default)]
    pub every_years: Option<u32>,
    /// Real escalation per year (default 0).
    #[serde(default)]
    pub escalation: Decimal,
}

/// Component replaced at t = L, 2L, … while t < N.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// Component name.
    pub component: String,
    /// Cost of one replacement at base-year prices.
    pub cost: Decimal,
    /// Service life of the component in years.
    pub life_years: u32,
    /// Real escalation per year (default 0).
    #[serde(default)]
    pub escalation: Decimal,
}

/// Emission not tied to a carrier: exactly one of the rate fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectEmission {
    /// The pollutant.
    pub pollutant: Pollutant,
    /// Grams per km.
    #[serde(default)]
    pub g_per_km: Option<Decimal>,
    /// Kilograms per operating hour.
    #[serde(default)]
    pub kg_per_hour: Option<Decimal>,
    /// Kilograms per year.
    #[serde(default)]
    pub kg_per_year: Option<Decimal>,
}

/// End of life: disposal cost and at most one way to state the residual value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EndOfLife {
    /// Collection, dismantling, recycling cost at N.
    #[serde(default)]
    pub disposal_cost: Decimal,
    /// Residual value at N (buy-back guarantee or market value).
    #[serde(default)]
    pub residual_value: Option<Decimal>,
    /// Residual value as a share of the purchase price.
    #[serde(default)]
    pub residual_share: Option<Decimal>,
    /// Service life L: straight-line residual `price·(L − N)/L` when L > N.
    #[serde(default)]
    pub service_life_years: Option<u32>,
}
