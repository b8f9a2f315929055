//! The monetisation method of the Clean Vehicles Directive 2009/33/EC (original text,
//! Art. 6 and Annex): lifetime costs of energy, CO2 and pollutants, undiscounted.
//!
//! * energy = lifetime km × MJ/km × the lower pre-tax price per MJ of petrol or diesel;
//! * CO2 = lifetime km × kg/km × €/kg (Table 2: 0.03–0.04);
//! * pollutants = Σ lifetime km × g/km × €/g (Table 2: NOx 0.0044, NMHC 0.001, PM 0.087).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{LccError, Result};
use crate::model::{Evaluation, Pollutant};
use crate::presets::{self, EnergyContent, CVD_FUELS};
use crate::result::{Breakdown, OfferResult, PollutantResult, METHOD_VERSION};
use crate::settings::{non_negative, Settings};

/// Inputs of the CVD method for one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvdVehicle {
    /// Lifetime mileage in km (Table 3 or set by the buyer).
    pub lifetime_km: Decimal,
    /// Fuel id (see [`presets::cvd_fuel`]).
    pub fuel: String,
    /// Consumption in fuel units (l, Nm³, kWh) per 100 km.
    pub consumption_per_100km: Decimal,
    /// Energy content override in MJ per unit (required for natural gas).
    pub mj_per_unit: Option<Decimal>,
    /// CO2 in g/km.
    pub co2_g_per_km: Decimal,
    /// NOx in g/km.
    pub nox_g_per_km: Decimal,
    /// NMHC in g/km.
    pub nmhc_g_per_km: Decimal,
    /// Particulate matter in g/km.
    pub pm_g_per_km: Decimal,
}

/// Prices of the CVD method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvdPrices {
    /// Pre-tax diesel price per litre.
    pub diesel_per_l: Decimal,
    /// Pre-tax petrol price per litre.
    pub petrol_per_l: Decimal,
    /// CO2 cost per kg.
    pub co2_per_kg: Decimal,
}

/// Lifetime operational costs by the CVD method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvdCosts {
    /// Energy used over the lifetime, MJ.
    pub energy_mj: Decimal,
    /// Price per MJ used (lower of petrol and diesel).
    pub price_per_mj: Decimal,
    /// Energy cost.
    pub energy: Decimal,
    /// CO2 cost.
    pub co2: Decimal,
    /// NOx cost.
    pub nox: Decimal,
    /// NMHC cost.
    pub nmhc: Decimal,
    /// PM cost.
    pub pm: Decimal,
}

impl CvdCosts {
    /// CO2 plus pollutant costs.
    pub fn emissions(&self) -> Decimal {
        self.co2 + self.nox + self.nmhc + self.pm
    }
}

/// Energy content in MJ per unit of a fuel, honouring an override.
pub fn energy_content(field: &str, fuel: &str, over: Option<Decimal>) -> Result<Decimal> {
    let (_, content) = presets::cvd_fuel(fuel).ok_or_else(|| {
        LccError::invalid(field, format!("unknown fuel {fuel:?} (known: {CVD_FUELS})"))
    })?;
    match (over, content) {
        (Some(v), _) if v > Decimal::ZERO => Ok(v),
        (Some(v), _) => Err(LccError::invalid(
            field,
            format!("mj_per_unit must be positive (got {v})"),
        )),
        (None, EnergyContent::Exact(v)) => Ok(v),
        (None, EnergyContent::Range(lo, hi)) => Err(LccError::invalid(
            field,
            format!("{fuel}: CVD Table 1 gives a range {lo}–{hi} MJ per unit; set mj_per_unit"),
        )),
    }
}

/// Lifetime costs of one vehicle by the CVD method.
///
/// ```
/// use rust_decimal_macros::dec;
/// use spp_lcc::cvd::{lifetime_costs, CvdPrices, CvdVehicle};
/// let prices = CvdPrices { diesel_per_l: dec!(0.80), petrol_per_l: dec!(0.75), co2_per_kg: dec!(0.04) };
/// let car = CvdVehicle {
///     lifetime_km: dec!(200000), fuel: "diesel".into(), consumption_per_100km: dec!(5.0),
///     mj_per_unit: None, co2_g_per_km: dec!(130), nox_g_per_km: dec!(0.060),
///     nmhc_g_per_km: dec!(0.050), pm_g_per_km: dec!(0.0045),
/// };
/// let c = lifetime_costs(&car, &prices).unwrap();
/// assert_eq!(c.energy.round_dp(2), dec!(8000.00));
/// assert_eq!(c.co2.round_dp(2), dec!(1040.00));
/// assert_eq!((c.nox, c.nmhc, c.pm), (dec!(52.80), dec!(10.00), dec!(78.30)));
/// ```
pub fn lifetime_costs(v: &CvdVehicle, p: &CvdPrices) -> Result<CvdCosts> {
    let mj = energy_content("fuel", &v.fuel, v.mj_per_unit)?;
    for (name, x) in [
        ("lifetime_km", v.lifetime_km),
        ("consumption_per_100km", v.consumption_per_100km),
        ("co2_g_per_km", v.co2_g_per_km),
        ("nox_g_per_km", v.nox_g_per_km),
        ("nmhc_g_per_km", v.nmhc_g_per_km),
        ("pm_g_per_km", v.pm_g_per_km),
    ] {
        non_negative(name, x)?;
    }
    let diesel = non_negative("diesel_price_per_l", p.diesel_per_l)?;
    let petrol = non_negative("petrol_price_per_l", p.petrol_per_l)?;
    // Lower price per MJ, compared by cross-multiplication (exact): diesel/36 vs petrol/32.
    let (price, content) = if diesel * Decimal::from(32) <= petrol * Decimal::from(36) {
        (diesel, Decimal::from(36))
    } else {
        (petrol, Decimal::from(32))
    };
    let price_per_mj = price / content;
    let km = v.lifetime_km;
    let energy_mj = km * v.consumption_per_100km / Decimal::ONE_HUNDRED * mj;
    let g = Decimal::from(1000);
    let per_g = |p: Pollutant| presets::cvd_price_per_kg(p).unwrap_or_default() / g;
    Ok(CvdCosts {
        energy_mj,
        price_per_mj,
        energy: energy_mj * price / content,
        co2: km * v.co2_g_per_km / g * non_negative("co2_price_per_kg", p.co2_per_kg)?,
        nox: km * v.nox_g_per_km * per_g(Pollutant::Nox),
        nmhc: km * v.nmhc_g_per_km * per_g(Pollutant::Nmhc),
        pm: km * v.pm_g_per_km * per_g(Pollutant::Pm),
    })
}

/// Evaluates every offer with the CVD method: internal = acquisition + energy,
/// societal = internal + CO2 + pollutants; nothing is discounted.
pub fn evaluate_offers(ev: &Evaluation, s: &Settings) -> Result<Vec<OfferResult>> {
    let cvd = ev.cvd.as_ref().ok_or_else(|| {
        LccError::invalid(
            "cvd",
            "missing [cvd] table (method cvd-2009-annex needs fuel prices)",
        )
    })?;
    let lifetime_km = match (cvd.lifetime_km, s.vehicle_category) {
        (Some(km), _) => non_negative("cvd.lifetime_km", km)?,
        (None, Some(cat)) => cat.lifetime_km(),
        (None, None) => {
            return Err(LccError::invalid(
                "evaluation.vehicle_category",
                "missing: needed for the CVD Table 3 lifetime mileage (or set cvd.lifetime_km)",
            ))
        }
    };
    let prices = CvdPrices {
        diesel_per_l: cvd.diesel_price_per_l,
        petrol_per_l: cvd.petrol_price_per_l,
        co2_per_kg: cvd.co2_price_per_kg.unwrap_or_else(presets::cvd_co2_per_kg),
    };
    let mut out = Vec::new();
    for (i, o) in ev.offers.iter().enumerate() {
        let f = format!("offers[{i}] ({:?})", o.id);
        crate::engine::check_offer_header(&f, o, s)?;
        let fuel = o
            .fuel
            .clone()
            .ok_or_else(|| LccError::invalid(format!("{f}.fuel"), "missing"))?;
        let req = |name: &str, v: Option<Decimal>| {
            v.ok_or_else(|| LccError::invalid(format!("{f}.{name}"), "missing (CVD method)"))
        };
        let veh = CvdVehicle {
            lifetime_km,
            fuel,
            consumption_per_100km: req("consumption_per_100km", o.consumption_per_100km)?,
            mj_per_unit: o.mj_per_unit,
            co2_g_per_km: req("co2_g_per_km", o.co2_g_per_km)?,
            nox_g_per_km: o.nox_g_per_km.unwrap_or_default(),
            nmhc_g_per_km: o.nmhc_g_per_km.unwrap_or_default(),
            pm_g_per_km: o.pm_g_per_km.unwrap_or_default(),
        };
        let c = lifetime_costs(&veh, &prices).map_err(|e| match e {
            LccError::Invalid { field, reason } => {
                LccError::invalid(format!("{f}.{field}"), reason)
            }
            other => other,
        })?;
        let q = o.quantity;
        let acq = (o.price + o.delivery + o.installation + o.fees - o.subsidies) * q;
        let pv = Breakdown {
            acquisition: acq,
            energy: c.energy * q,
            externalities: c.emissions() * q,
            ..Breakdown::default()
        };
        let kg = |gpk: Decimal| lifetime_km * gpk / Decimal::from(1000) * q;
        let pollutants = vec![
            (Pollutant::Co2, kg(veh.co2_g_per_km), c.co2),
            (Pollutant::Nox, kg(veh.nox_g_per_km), c.nox),
            (Pollutant::Nmhc, kg(veh.nmhc_g_per_km), c.nmhc),
            (Pollutant::Pm, kg(veh.pm_g_per_km), c.pm),
        ]
        .into_iter()
        .map(|(pollutant, mass_kg, cost)| PollutantResult {
            pollutant,
            mass_kg,
            pv_cost: cost * q,
            priced: true,
        })
        .collect();
        let internal = pv.internal();
        out.push(OfferResult {
            id: o.id.clone(),
            name: o.name.clone(),
            quantity: q,
            method_version: METHOD_VERSION.to_string(),
            societal_lcc: internal + pv.externalities,
            internal_lcc: internal,
            pv,
            pollutants,
            eac_internal: Decimal::ZERO,
            eac_societal: Decimal::ZERO,
            rank_internal: 0,
            rank_societal: 0,
            score: None,
            years: Vec::new(),
        });
    }
    Ok(out)
}
