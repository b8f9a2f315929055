//! The test vectors of the research report (criteria-and-lcc.md §6.3) and the closed forms
//! of §4.8, reproduced to the cent (money) or to six decimals (factors).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use spp_lcc::cvd::{lifetime_costs, CvdPrices, CvdVehicle};
use spp_lcc::discount::{self, Timing};
use spp_lcc::model::Pollutant;

fn cents(v: Decimal) -> Decimal {
    v.round_dp(2)
}

fn vans() -> spp_lcc::EvaluationResult {
    let text = include_str!("../../../data/lcc/vans.toml");
    spp_lcc::evaluate_str(text).expect("vans.toml evaluates")
}

fn cvd_prices() -> CvdPrices {
    CvdPrices {
        diesel_per_l: dec!(0.80),
        petrol_per_l: dec!(0.75),
        co2_per_kg: dec!(0.04),
    }
}

fn car(fuel: &str, per_100km: Decimal) -> CvdVehicle {
    CvdVehicle {
        lifetime_km: dec!(200000),
        fuel: fuel.into(),
        consumption_per_100km: per_100km,
        mj_per_unit: None,
        co2_g_per_km: dec!(130),
        nox_g_per_km: dec!(0.060),
        nmhc_g_per_km: dec!(0.050),
        pm_g_per_km: dec!(0.0045),
    }
}

#[test]
fn cvd_energy_diesel_car() {
    // 200,000 km × 5 l/100 km × 36 MJ/l = 360,000 MJ; diesel €0.80/36 MJ is cheaper
    // per MJ than petrol €0.75/32 MJ, so 360,000 × 0.8/36 = €8,000.
    let c = lifetime_costs(&car("diesel", dec!(5.0)), &cvd_prices()).unwrap();
    assert_eq!(c.energy_mj, dec!(360000));
    assert_eq!(cents(c.energy), dec!(8000.00));
}

#[test]
fn cvd_energy_battery_electric_car() {
    // 200,000 km × 16 kWh/100 km × 3.6 MJ/kWh = 115,200 MJ × 0.8/36 = €2,560.
    let c = lifetime_costs(&car("electricity", dec!(16)), &cvd_prices()).unwrap();
    assert_eq!(c.energy_mj, dec!(115200));
    assert_eq!(cents(c.energy), dec!(2560.00));
}

#[test]
fn cvd_co2_and_pollutants() {
    let c = lifetime_costs(&car("diesel", dec!(5.0)), &cvd_prices()).unwrap();
    assert_eq!(cents(c.co2), dec!(1040.00));
    assert_eq!(cents(c.nox), dec!(52.80));
    assert_eq!(cents(c.nmhc), dec!(10.00));
    assert_eq!(cents(c.pm), dec!(78.30));
}

#[test]
fn cvd_petrol_cheaper_per_mj_is_used() {
    // Petrol €0.60/32 MJ = 0.01875 €/MJ beats diesel €0.80/36 MJ = 0.0222 €/MJ.
    let p = CvdPrices {
        petrol_per_l: dec!(0.60),
        ..cvd_prices()
    };
    let c = lifetime_costs(&car("diesel", dec!(5.0)), &p).unwrap();
    assert_eq!(c.price_per_mj, dec!(0.01875));
    assert_eq!(cents(c.energy), dec!(6750.00));
}

#[test]
fn cvd_unknown_fuel_and_natural_gas_range() {
    let err = lifetime_costs(&car("kerosene", dec!(5)), &cvd_prices()).unwrap_err();
    assert!(
        err.to_string().contains("unknown fuel \"kerosene\""),
        "{err}"
    );
    let err = lifetime_costs(&car("natural_gas", dec!(5)), &cvd_prices()).unwrap_err();
    assert!(err.to_string().contains("set mj_per_unit"), "{err}");
    let mut gas = car("natural_gas", dec!(5));
    gas.mj_per_unit = Some(dec!(36));
    assert_eq!(
        cents(lifetime_costs(&gas, &cvd_prices()).unwrap().energy),
        dec!(8000.00)
    );
}

#[test]
fn escalating_annuity_closed_form() {
    // a = 1,300 l × €1.70 = €2,210 a year (the report's table writes 22,100 — the
    // expected value €11,865.14 belongs to a = 2,210; 22,100 gives ten times that).
    let pv = discount::escalating_annuity(dec!(2210), dec!(0.01), dec!(0.04), 6).unwrap();
    assert_eq!(cents(pv), dec!(11865.14));
    let pv10 = discount::escalating_annuity(dec!(22100), dec!(0.01), dec!(0.04), 6).unwrap();
    assert_eq!(cents(pv10), dec!(118651.37));
    // e = d: N·a/(1+d)
    let flat = discount::escalating_annuity(dec!(1040), dec!(0.04), dec!(0.04), 5).unwrap();
    assert_eq!(flat, dec!(5000));
}

#[test]
fn escalating_annuity_equals_explicit_sum() {
    let mut sum = Decimal::ZERO;
    for t in 1..=6u32 {
        let esc = discount::powi(dec!(1.01), t - 1).unwrap();
        sum += dec!(2210) * esc * discount::discount_factor(dec!(0.04), t, Timing::End).unwrap();
    }
    let closed = discount::escalating_annuity(dec!(2210), dec!(0.01), dec!(0.04), 6).unwrap();
    assert!(
        (sum - closed).abs() < dec!(0.000000001),
        "{sum} vs {closed}"
    );
}

#[test]
fn upv_crf_fisher() {
    assert_eq!(
        discount::upv(dec!(0.04), 6).unwrap().round_dp(6),
        dec!(5.242137)
    );
    assert_eq!(
        discount::crf(dec!(0.04), 6).unwrap().round_dp(6),
        dec!(0.190762)
    );
    let r = discount::real_from_nominal(dec!(0.06), dec!(0.02)).unwrap();
    assert_eq!((r * dec!(100)).round_dp(4), dec!(3.9216));
    assert_eq!(
        discount::nominal_from_real(r, dec!(0.02)).round_dp(20),
        dec!(0.06)
    );
    // UPV × CRF = 1, and zero-rate limits.
    let p = discount::upv(dec!(0.04), 6).unwrap() * discount::crf(dec!(0.04), 6).unwrap();
    assert!((p - Decimal::ONE).abs() < dec!(0.0000000001));
    assert_eq!(discount::upv(Decimal::ZERO, 6).unwrap(), dec!(6));
    assert_eq!(discount::crf(Decimal::ZERO, 4).unwrap(), dec!(0.25));
}

#[test]
fn timing_conventions() {
    // 900 a year for 6 years at 4 %: end 4,717.92; beginning 900 × (1 + UPV(5)) = 4,906.64;
    // mid-year = end × √1.04 = 4,811.36.
    let pv = |timing| {
        (1..=6u32)
            .map(|t| dec!(900) * discount::discount_factor(dec!(0.04), t, timing).unwrap())
            .sum::<Decimal>()
    };
    assert_eq!(cents(pv(Timing::End)), dec!(4717.92));
    assert_eq!(cents(pv(Timing::Beginning)), dec!(4906.64));
    assert_eq!(cents(pv(Timing::Mid)), dec!(4811.36));
}

#[test]
fn van_example_every_row() {
    let r = vans();
    assert_eq!(r.settings.study_period_years, 6);
    // Everything was given explicitly: the vehicle preset only adds CVD pollutant prices.
    let applied = &r.settings.defaults_applied;
    assert_eq!(applied.len(), 1, "{applied:?}");
    assert!(applied[0].starts_with("externality prices"));
    assert_eq!(r.crf.round_dp(6), dec!(0.190762));
    assert_eq!(r.upv.round_dp(6), dec!(5.242137));
    let (a, b) = (&r.offers[0], &r.offers[1]);
    assert_eq!((a.id.as_str(), b.id.as_str()), ("A", "B"));
    assert_eq!(cents(a.pv.acquisition), dec!(30000.00));
    assert_eq!(cents(a.pv.energy), dec!(11865.14));
    assert_eq!(cents(b.pv.energy), dec!(7086.87));
    assert_eq!(cents(a.pv.maintenance), dec!(4717.92));
    assert_eq!(cents(b.pv.maintenance), dec!(2621.07));
    assert_eq!(cents(a.pv.residual_value), dec!(-5927.36));
    assert_eq!(cents(b.pv.residual_value), dec!(-9957.96));
    assert_eq!(cents(a.internal_lcc), dec!(40655.70));
    assert_eq!(cents(b.internal_lcc), dec!(41749.97));
    let co2 = |o: &spp_lcc::OfferResult| {
        o.pollutants
            .iter()
            .find(|p| p.pollutant == Pollutant::Co2)
            .cloned()
            .unwrap()
    };
    // 3.432 t and 0.660 t a year over 6 years.
    assert_eq!(co2(a).mass_kg, dec!(20592));
    assert_eq!(co2(b).mass_kg, dec!(3960));
    assert_eq!(cents(co2(a).pv_cost), dec!(1799.10));
    assert_eq!(cents(co2(b).pv_cost), dec!(345.98));
    assert_eq!(cents(a.societal_lcc), dec!(42454.80));
    assert_eq!(cents(b.societal_lcc), dec!(42095.96));
    assert_eq!(cents(a.eac_societal), dec!(8098.76));
    // The report prints €8,030.31 for B: that is the product of the *rounded* LCC and CRF
    // (42,095.96 × 0.190762 = 8,030.3095). At full precision the EAC is 8,030.3046 → €8,030.30.
    assert_eq!(cents(b.eac_societal), dec!(8030.30));
    assert_eq!(cents(dec!(42095.96) * dec!(0.190762)), dec!(8030.31));
    // The ranking flips when CO2 is priced.
    assert_eq!((a.rank_internal, b.rank_internal), (1, 2));
    assert_eq!((a.rank_societal, b.rank_societal), (2, 1));
    // Score on the societal basis: B gets 40, A gets 40 × 42,095.96 / 42,454.80.
    assert_eq!(b.score.unwrap(), dec!(40));
    assert_eq!(a.score.unwrap().round_dp(4), dec!(39.6619));
}

#[test]
fn van_example_year_rows_add_up() {
    let r = vans();
    let a = &r.offers[0];
    assert_eq!(a.years.len(), 7);
    assert_eq!(a.years[1].energy, dec!(2210));
    assert_eq!(a.years[2].energy, dec!(2232.10));
    assert_eq!(a.years[6].end_of_life, dec!(-7500));
    assert_eq!(a.years[6].calendar_year, 2031);
    let internal: Decimal = a.years.iter().map(|y| y.internal_pv).sum();
    let societal: Decimal = a.years.iter().map(|y| y.societal_pv).sum();
    assert!((internal - a.internal_lcc).abs() < dec!(0.0000001));
    assert!((societal - a.societal_lcc).abs() < dec!(0.0000001));
}
