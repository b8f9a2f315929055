//! Built-in reference values: the Annex tables of the Clean Vehicles Directive
//! 2009/33/EC (original text) and the product presets `vehicle`, `ict` and `lighting`.
//!
//! Sources of the CVD tables: Directive 2009/33/EC, Annex (Tables 1–3), as reproduced in
//! the German VgV Anlage 2 and the Czech transposition 173/2016 Sb. annex 5; emission costs
//! are in 2007 prices. Preset values without a published source are marked as spp
//! assumptions; every one can be overridden in the evaluation file.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::discount::Timing;
use crate::model::Pollutant;

/// Source note of the CVD tables, carried in results.
pub const CVD_SOURCE: &str =
    "Directive 2009/33/EC (original text), Art. 6 and Annex Tables 1-3; emission costs in 2007 prices";

/// Product presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PresetId {
    /// Road vehicles.
    Vehicle,
    /// ICT end-user devices (computers, monitors, printers).
    Ict,
    /// Indoor and outdoor lighting.
    Lighting,
}

/// Vehicle categories of Directive 2007/46/EC used by CVD Table 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VehicleCategory {
    /// Passenger cars.
    M1,
    /// Buses (up to 5 t).
    M2,
    /// Buses (over 5 t).
    M3,
    /// Light commercial vehicles.
    N1,
    /// Heavy goods vehicles (3.5–12 t).
    N2,
    /// Heavy goods vehicles (over 12 t).
    N3,
}

impl VehicleCategory {
    /// Lifetime mileage in km, CVD Annex Table 3.
    pub fn lifetime_km(self) -> Decimal {
        match self {
            VehicleCategory::M1 => Decimal::from(200_000),
            VehicleCategory::N1 => Decimal::from(250_000),
            VehicleCategory::N2 | VehicleCategory::N3 => Decimal::from(1_000_000),
            VehicleCategory::M2 | VehicleCategory::M3 => Decimal::from(800_000),
        }
    }
}

/// Energy content of a fuel, CVD Annex Table 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnergyContent {
    /// A single value in MJ per unit.
    Exact(Decimal),
    /// A range (natural gas: 33–38 MJ/Nm³): the buyer must choose a value.
    Range(Decimal, Decimal),
}

/// Fuels known to the CVD method, with unit and energy content. Electricity is not in
/// Table 1; it uses the physical conversion 3.6 MJ/kWh.
pub fn cvd_fuel(id: &str) -> Option<(&'static str, EnergyContent)> {
    use EnergyContent::{Exact, Range};
    Some(match id {
        "diesel" => ("l", Exact(Decimal::from(36))),
        "petrol" => ("l", Exact(Decimal::from(32))),
        "natural_gas" => ("Nm3", Range(Decimal::from(33), Decimal::from(38))),
        "lpg" => ("l", Exact(Decimal::from(24))),
        "ethanol" => ("l", Exact(Decimal::from(21))),
        "biodiesel" => ("l", Exact(Decimal::from(33))),
        "emulsion_fuel" => ("l", Exact(Decimal::from(32))),
        "hydrogen" => ("Nm3", Exact(Decimal::from(11))),
        "electricity" => ("kWh", Exact(Decimal::new(36, 1))),
        _ => return None,
    })
}

/// Names accepted by [`cvd_fuel`], for error messages.
pub const CVD_FUELS: &str =
    "diesel, petrol, natural_gas, lpg, ethanol, biodiesel, emulsion_fuel, hydrogen, electricity";

/// Upper end of the CVD CO2 cost range, € per kg (Table 2: 0.03–0.04).
pub fn cvd_co2_per_kg() -> Decimal {
    Decimal::new(4, 2)
}

/// CVD Table 2 cost per kg of a pollutant (the table gives € per g for NOx, NMHC and PM;
/// CO2 uses the upper end of its range).
pub fn cvd_price_per_kg(p: Pollutant) -> Option<Decimal> {
    match p {
        Pollutant::Co2 => Some(cvd_co2_per_kg()),
        Pollutant::Nox => Some(Decimal::new(44, 1)), // €0.0044/g
        Pollutant::Nmhc => Some(Decimal::ONE),       // €0.001/g
        Pollutant::Pm => Some(Decimal::from(87)),    // €0.087/g
        _ => None,
    }
}

/// Default values a preset fills in when the evaluation leaves them out.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetDefaults {
    /// Study period in years.
    pub study_period_years: u32,
    /// Real discount rate.
    pub discount_rate: Decimal,
    /// Timing convention.
    pub timing: Timing,
    /// Operating hours per year, if the preset has a use profile in hours.
    pub hours_per_year: Option<Decimal>,
    /// Where each value comes from; each entry starts with the field it documents.
    pub sources: &'static [&'static str],
}

/// The defaults of a preset (see `docs/LCC.md` for the reasoning).
pub fn defaults(preset: PresetId) -> PresetDefaults {
    let rate = Decimal::new(4, 2);
    match preset {
        PresetId::Vehicle => PresetDefaults {
            study_period_years: 8,
            discount_rate: rate,
            timing: Timing::End,
            hours_per_year: None,
            sources: &[
                "discount_rate 4 % real: Danish EPA TCO tool (2021) and EC CBA guide benchmark",
                "study_period_years 8: spp assumption (typical public fleet holding period)",
                "externality prices of CO2/NOx/NMHC/PM not given in the file: CVD 2009/33/EC Table 2 (2007 prices, CO2 upper end)",
            ],
        },
        PresetId::Ict => PresetDefaults {
            study_period_years: 5,
            discount_rate: rate,
            timing: Timing::End,
            hours_per_year: Some(Decimal::from(2_000)),
            sources: &[
                "discount_rate 4 % real: EC CBA guide benchmark",
                "study_period_years 5: spp assumption matching the 5-year warranty and updates of TCO Certified generation 10",
                "hours_per_year 2000: spp assumption (8 h x 250 working days)",
            ],
        },
        PresetId::Lighting => PresetDefaults {
            study_period_years: 10,
            discount_rate: rate,
            timing: Timing::End,
            hours_per_year: Some(Decimal::from(4_000)),
            sources: &[
                "discount_rate 4 % real: EC CBA guide benchmark",
                "study_period_years 10: spp assumption (LED luminaire service life)",
                "hours_per_year 4000: spp assumption (dusk-to-dawn street lighting, about 4000-4200 h in Belgium)",
            ],
        },
    }
}
