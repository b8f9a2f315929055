//! The discounted model (method `generic-art68-v1`):
//! `LCC = A + Σ_{t=1..N} DF(t)·(E_t + M_t + R_t + X_t) + (1+d)^−N·(D_N − R_N)`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::discount::{self, powi};
use crate::error::{LccError, Result};
use crate::model::{
    Carrier, CarrierKind, Evaluation, ExternalityPrice, Offer, PathPoint, Pollutant, PriceBasis,
};
use crate::presets::{self, PresetId};
use crate::result::{Breakdown, OfferResult, PollutantResult, YearRow, METHOD_VERSION};
use crate::settings::{non_negative, rate, Settings};

/// A constant or a path over calendar years.
#[derive(Debug, Clone)]
enum Series {
    Constant(Decimal),
    Path(Vec<PathPoint>),
}

impl Series {
    fn from_path(field: &str, points: &[PathPoint]) -> Result<Series> {
        if points.is_empty() {
            return Err(LccError::invalid(field, "path has no points"));
        }
        for (i, p) in points.iter().enumerate() {
            non_negative(&format!("{field}[{i}].value"), p.value)?;
            crate::settings::year(&format!("{field}[{i}].year"), p.year)?;
            if i > 0 && p.year <= points[i - 1].year {
                return Err(LccError::invalid(
                    format!("{field}[{i}].year"),
                    "years of a path must be strictly increasing",
                ));
            }
        }
        Ok(Series::Path(points.to_vec()))
    }

    /// Value in a calendar year: linear between points, flat outside them.
    fn at(&self, year: i32) -> Decimal {
        match self {
            Series::Constant(v) => *v,
            Series::Path(pts) => {
                let (first, last) = (&pts[0], &pts[pts.len() - 1]);
                if year <= first.year {
                    return first.value;
                }
                if year >= last.year {
                    return last.value;
                }
                for w in pts.windows(2) {
                    let (a, b) = (&w[0], &w[1]);
                    if year >= a.year && year <= b.year {
                        let span = Decimal::from(b.year - a.year);
                        let k = Decimal::from(year - a.year);
                        return a.value + (b.value - a.value) * k / span;
                    }
                }
                last.value
            }
        }
    }
}

struct PricedCarrier<'a> {
    carrier: &'a Carrier,
    factors: Vec<(Pollutant, Series)>,
}

fn exactly_one(field: &str, names: &[&str], present: &[bool]) -> Result<usize> {
    let hits: Vec<usize> = (0..present.len()).filter(|&i| present[i]).collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(LccError::invalid(
            field,
            format!("give exactly one of {}", names.join(", ")),
        )),
        _ => Err(LccError::invalid(
            field,
            format!("give only one of {}", names.join(", ")),
        )),
    }
}

fn carriers(ev: &Evaluation) -> Result<BTreeMap<&str, PricedCarrier<'_>>> {
    let mut out = BTreeMap::new();
    for (i, c) in ev.carriers.iter().enumerate() {
        let f = format!("carriers[{i}] ({:?})", c.id);
        non_negative(&format!("{f}.price"), c.price)?;
        rate(&format!("{f}.escalation"), c.escalation)?;
        let mut factors = Vec::new();
        for (j, e) in c.emissions.iter().enumerate() {
            let ef = format!("{f}.emissions[{j}]");
            let which = exactly_one(
                &ef,
                &["kg_per_unit", "kg_per_unit_path"],
                &[e.kg_per_unit.is_some(), e.kg_per_unit_path.is_some()],
            )?;
            let series = match (which, e.kg_per_unit, &e.kg_per_unit_path) {
                (0, Some(v), _) => Series::Constant(non_negative(&format!("{ef}.kg_per_unit"), v)?),
                (_, _, Some(p)) => Series::from_path(&format!("{ef}.kg_per_unit_path"), p)?,
                _ => return Err(LccError::invalid(ef, "no emission factor")),
            };
            factors.push((e.pollutant, series));
        }
        if out
            .insert(
                c.id.as_str(),
                PricedCarrier {
                    carrier: c,
                    factors,
                },
            )
            .is_some()
        {
            return Err(LccError::invalid(format!("{f}.id"), "duplicate carrier id"));
        }
    }
    Ok(out)
}

fn externality_prices(
    ev: &Evaluation,
    preset: Option<PresetId>,
) -> Result<BTreeMap<Pollutant, Series>> {
    let mut out = BTreeMap::new();
    for (i, x) in ev.externalities.iter().enumerate() {
        let f = format!("externalities[{i}] ({})", x.pollutant.as_str());
        out.insert(x.pollutant, price_series(&f, x)?)
            .map_or(Ok(()), |_| {
                Err(LccError::invalid(&f, "pollutant priced twice"))
            })?;
    }
    if preset == Some(PresetId::Vehicle) {
        for p in [
            Pollutant::Co2,
            Pollutant::Nox,
            Pollutant::Nmhc,
            Pollutant::Pm,
        ] {
            if let (false, Some(v)) = (out.contains_key(&p), presets::cvd_price_per_kg(p)) {
                out.insert(p, Series::Constant(v));
            }
        }
    }
    Ok(out)
}

fn price_series(f: &str, x: &ExternalityPrice) -> Result<Series> {
    let which = exactly_one(
        f,
        &["price_per_kg", "price_per_tonne", "price_per_tonne_path"],
        &[
            x.price_per_kg.is_some(),
            x.price_per_tonne.is_some(),
            x.price_per_tonne_path.is_some(),
        ],
    )?;
    let kg_per_t = Decimal::from(1000);
    Ok(
        match (
            which,
            x.price_per_kg,
            x.price_per_tonne,
            &x.price_per_tonne_path,
        ) {
            (0, Some(v), _, _) => Series::Constant(non_negative(&format!("{f}.price_per_kg"), v)?),
            (1, _, Some(v), _) => {
                Series::Constant(non_negative(&format!("{f}.price_per_tonne"), v)? / kg_per_t)
            }
            (_, _, _, Some(p)) => {
                let per_kg: Vec<PathPoint> = p
                    .iter()
                    .map(|pt| PathPoint {
                        year: pt.year,
                        value: pt.value / kg_per_t,
                    })
                    .collect();
                Series::from_path(&format!("{f}.price_per_tonne_path"), &per_kg)?
            }
            _ => return Err(LccError::invalid(f, "no price")),
        },
    )
}

/// Yearly activity from the use profile.
fn activity(
    f: &str,
    per_km: Option<Decimal>,
    per_hour: Option<Decimal>,
    per_year: Option<Decimal>,
    s: &Settings,
) -> Result<Decimal> {
    let which = exactly_one(
        f,
        &["per_km", "per_hour", "per_year"],
        &[per_km.is_some(), per_hour.is_some(), per_year.is_some()],
    )?;
    let missing = |what: &str| {
        LccError::invalid(
            f,
            format!("missing use profile: set evaluation.use_profile.{what} (or use a preset that supplies it)"),
        )
    };
    Ok(match which {
        0 => {
            non_negative(&format!("{f}.per_km"), per_km.unwrap_or_default())?
                * s.km_per_year.ok_or_else(|| missing("km_per_year"))?
        }
        1 => {
            non_negative(&format!("{f}.per_hour"), per_hour.unwrap_or_default())?
                * s.hours_per_year.ok_or_else(|| missing("hours_per_year"))?
        }
        _ => non_negative(&format!("{f}.per_year"), per_year.unwrap_or_default())?,
    })
}

/// Per-unit yearly flows of one offer before discounting.
struct Flows {
    /// (yearly quantity, carrier index)
    consumption: Vec<(Decimal, usize)>,
    /// (per-year amount, interval in years (1 = every year), escalation)
    maintenance: Vec<(Decimal, u32, Decimal)>,
    /// (cost, life, escalation)
    replacements: Vec<(Decimal, u32, Decimal)>,
    /// (pollutant, kg per year)
    direct: Vec<(Pollutant, Decimal)>,
}

fn flows(f: &str, o: &Offer, s: &Settings, ids: &[&str]) -> Result<Flows> {
    let mut fl = Flows {
        consumption: vec![],
        maintenance: vec![],
        replacements: vec![],
        direct: vec![],
    };
    for (j, c) in o.consumption.iter().enumerate() {
        let cf = format!("{f}.consumption[{j}]");
        let idx = ids.iter().position(|id| *id == c.carrier).ok_or_else(|| {
            LccError::invalid(
                format!("{cf}.carrier"),
                format!(
                    "unknown carrier or fuel {:?} (defined: {})",
                    c.carrier,
                    ids.join(", ")
                ),
            )
        })?;
        let q = activity(&cf, c.per_km, c.per_hour, c.per_year, s)?;
        fl.consumption.push((q, idx));
    }
    for (j, m) in o.maintenance.iter().enumerate() {
        let mf = format!("{f}.maintenance[{j}]");
        rate(&format!("{mf}.escalation"), m.escalation)?;
        if let Some(every) = m.every_years {
            if m.per_year.is_some() || m.per_km.is_some() || m.per_hour.is_some() {
                return Err(LccError::invalid(&mf, "every_years goes with amount only"));
            }
            let amount = m
                .amount
                .ok_or_else(|| LccError::invalid(&mf, "every_years needs amount"))?;
            if every == 0 {
                return Err(LccError::invalid(
                    format!("{mf}.every_years"),
                    "must be at least 1",
                ));
            }
            fl.maintenance.push((
                non_negative(&format!("{mf}.amount"), amount)?,
                every,
                m.escalation,
            ));
        } else {
            if m.amount.is_some() {
                return Err(LccError::invalid(&mf, "amount needs every_years"));
            }
            let a = activity(&mf, m.per_km, m.per_hour, m.per_year, s)?;
            fl.maintenance.push((a, 1, m.escalation));
        }
    }
    for (j, r) in o.replacements.iter().enumerate() {
        let rf = format!("{f}.replacements[{j}] ({:?})", r.component);
        rate(&format!("{rf}.escalation"), r.escalation)?;
        if r.life_years == 0 {
            return Err(LccError::invalid(
                format!("{rf}.life_years"),
                "must be at least 1",
            ));
        }
        fl.replacements.push((
            non_negative(&format!("{rf}.cost"), r.cost)?,
            r.life_years,
            r.escalation,
        ));
    }
    for (j, e) in o.direct_emissions.iter().enumerate() {
        let ef = format!("{f}.direct_emissions[{j}] ({})", e.pollutant.as_str());
        let kg = activity(
            &ef,
            e.g_per_km.map(|g| g / Decimal::from(1000)),
            e.kg_per_hour,
            e.kg_per_year,
            s,
        )?;
        fl.direct.push((e.pollutant, kg));
    }
    Ok(fl)
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| LccError::Overflow(what.to_string()))
}

/// Evaluates every offer with the discounted model. Ranks and scores are left at zero.
pub fn evaluate_offers(ev: &Evaluation, s: &Settings) -> Result<Vec<OfferResult>> {
    let carriers = carriers(ev)?;
    let ids: Vec<&str> = ev.carriers.iter().map(|c| c.id.as_str()).collect();
    let list: Vec<&PricedCarrier> = ids.iter().filter_map(|id| carriers.get(id)).collect();
    let prices = externality_prices(ev, s.preset)?;
    let n = s.study_period_years;
    let nominal = s.price_basis == PriceBasis::Nominal;
    let d = s.discount_rate_used;
    let mut out = Vec::with_capacity(ev.offers.len());
    for (i, o) in ev.offers.iter().enumerate() {
        let f = format!("offers[{i}] ({:?})", o.id);
        check_offer_header(&f, o, s)?;
        let fl = flows(&f, o, s, &ids)?;
        let qty = o.quantity;
        let acq = (o.price + o.delivery + o.installation + o.fees - o.subsidies) * qty;
        let mut pv = Breakdown {
            acquisition: acq,
            ..Breakdown::default()
        };
        let mut mass: BTreeMap<Pollutant, Decimal> = BTreeMap::new();
        let mut x_pv: BTreeMap<Pollutant, Decimal> = BTreeMap::new();
        let mut years = vec![YearRow {
            calendar_year: s.base_year,
            discount_factor: Decimal::ONE,
            acquisition: acq,
            internal_pv: acq,
            societal_pv: acq,
            ..YearRow::default()
        }];
        for t in 1..=n {
            let year = s.base_year + t as i32 - 1;
            let df = discount::discount_factor(d, t, s.timing)?;
            let infl = if nominal {
                discount::growth(s.inflation, t, s.timing)?
            } else {
                Decimal::ONE
            };
            let mut row = YearRow {
                t,
                calendar_year: year,
                discount_factor: df,
                ..YearRow::default()
            };
            let mut year_mass: BTreeMap<Pollutant, Decimal> = BTreeMap::new();
            for &(q, idx) in &fl.consumption {
                let pc = list[idx];
                let esc = powi(Decimal::ONE + pc.carrier.escalation, t - 1)?;
                let cost = mul(mul(q, pc.carrier.price, "energy cost")?, esc, "energy cost")?;
                match pc.carrier.kind {
                    CarrierKind::Consumable => row.consumables += cost,
                    CarrierKind::Energy => row.energy += cost,
                }
                for (pol, series) in &pc.factors {
                    *year_mass.entry(*pol).or_default() += mul(q, series.at(year), "emitted mass")?;
                }
            }
            for &(amount, every, e) in &fl.maintenance {
                if t % every == 0 {
                    row.maintenance += mul(amount, powi(Decimal::ONE + e, t - 1)?, "maintenance")?;
                }
            }
            for &(cost, life, e) in &fl.replacements {
                if t % life == 0 && t < n {
                    row.replacements += mul(cost, powi(Decimal::ONE + e, t - 1)?, "replacement")?;
                }
            }
            for &(pol, kg) in &fl.direct {
                *year_mass.entry(pol).or_default() += kg;
            }
            for (pol, kg) in &year_mass {
                let kg = mul(*kg, qty, "emitted mass")?;
                *mass.entry(*pol).or_default() += kg;
                if let Some(price) = prices.get(pol) {
                    let cost = mul(mul(kg, price.at(year), "externality")?, infl, "externality")?;
                    row.externalities += cost;
                    *x_pv.entry(*pol).or_default() += mul(cost, df, "externality")?;
                }
            }
            for v in [
                &mut row.energy,
                &mut row.consumables,
                &mut row.maintenance,
                &mut row.replacements,
            ] {
                *v = mul(mul(*v, qty, "quantity")?, infl, "inflation")?;
            }
            pv.energy += mul(row.energy, df, "present value")?;
            pv.consumables += mul(row.consumables, df, "present value")?;
            pv.maintenance += mul(row.maintenance, df, "present value")?;
            pv.replacements += mul(row.replacements, df, "present value")?;
            pv.externalities += mul(row.externalities, df, "present value")?;
            row.internal_pv =
                (row.energy + row.consumables + row.maintenance + row.replacements) * df;
            if t == n {
                let (disposal, residual) = end_of_life(&f, o, n)?;
                let eol_infl = if nominal {
                    powi(Decimal::ONE + s.inflation, n)?
                } else {
                    Decimal::ONE
                };
                let pf = discount::point_factor(d, n)?;
                pv.disposal = disposal * qty * eol_infl * pf;
                pv.residual_value = -(residual * qty * eol_infl * pf);
                row.end_of_life = (disposal - residual) * qty * eol_infl;
                row.internal_pv += pv.disposal + pv.residual_value;
            }
            row.societal_pv = row.internal_pv + row.externalities * df;
            years.push(row);
        }
        let pollutants = mass
            .iter()
            .map(|(p, kg)| PollutantResult {
                pollutant: *p,
                mass_kg: *kg,
                pv_cost: x_pv.get(p).copied().unwrap_or_default(),
                priced: prices.contains_key(p),
            })
            .collect();
        let internal = pv.internal();
        let societal = internal + pv.externalities;
        out.push(OfferResult {
            id: o.id.clone(),
            name: o.name.clone(),
            quantity: qty,
            method_version: METHOD_VERSION.to_string(),
            pv,
            pollutants,
            internal_lcc: internal,
            societal_lcc: societal,
            eac_internal: Decimal::ZERO,
            eac_societal: Decimal::ZERO,
            rank_internal: 0,
            rank_societal: 0,
            score: None,
            years,
        });
    }
    Ok(out)
}

/// Checks shared by both methods: comparable periods, non-negative amounts.
pub(crate) fn check_offer_header(f: &str, o: &Offer, s: &Settings) -> Result<()> {
    if o.id.trim().is_empty() {
        return Err(LccError::invalid(format!("{f}.id"), "must not be empty"));
    }
    if let Some(n) = o.study_period_years {
        if n != s.study_period_years {
            return Err(LccError::invalid(
                format!("{f}.study_period_years"),
                format!("{n} differs from the evaluation's study period {}; all offers must use one study period", s.study_period_years),
            ));
        }
    }
    if let Some(y) = o.base_year {
        if y != s.base_year {
            return Err(LccError::invalid(
                format!("{f}.base_year"),
                format!("{y} differs from the evaluation's base year {}; all offers must use one base year", s.base_year),
            ));
        }
    }
    if o.quantity <= Decimal::ZERO || o.quantity > crate::settings::MAX_VALUE {
        return Err(LccError::invalid(
            format!("{f}.quantity"),
            format!("must be positive and at most 10^12 (got {})", o.quantity),
        ));
    }
    for (name, v) in [
        ("price", o.price),
        ("delivery", o.delivery),
        ("installation", o.installation),
        ("fees", o.fees),
        ("subsidies", o.subsidies),
    ] {
        non_negative(&format!("{f}.{name}"), v)?;
    }
    Ok(())
}

/// Disposal cost and residual value per unit at N.
fn end_of_life(f: &str, o: &Offer, n: u32) -> Result<(Decimal, Decimal)> {
    let e = &o.end_of_life;
    let ef = format!("{f}.end_of_life");
    let disposal = non_negative(&format!("{ef}.disposal_cost"), e.disposal_cost)?;
    let given = [
        e.residual_value.is_some(),
        e.residual_share.is_some(),
        e.service_life_years.is_some(),
    ];
    if given.iter().filter(|b| **b).count() > 1 {
        return Err(LccError::invalid(
            ef,
            "give only one of residual_value, residual_share, service_life_years",
        ));
    }
    let residual = if let Some(v) = e.residual_value {
        non_negative(&format!("{ef}.residual_value"), v)?
    } else if let Some(share) = e.residual_share {
        if share.is_sign_negative() || share > Decimal::ONE {
            return Err(LccError::invalid(
                format!("{ef}.residual_share"),
                format!("must be between 0 and 1 (got {share})"),
            ));
        }
        o.price * share
    } else if let Some(life) = e.service_life_years {
        if life > n {
            o.price * Decimal::from(life - n) / Decimal::from(life)
        } else {
            Decimal::ZERO
        }
    } else {
        Decimal::ZERO
    };
    Ok((disposal, residual))
}
