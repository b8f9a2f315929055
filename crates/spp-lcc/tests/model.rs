//! The discounted model beyond the worked example: nominal mode, schedules, residual
//! value, price paths, presets, the CVD method from TOML, and input validation.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use spp_lcc::model::Pollutant;
use spp_lcc::{evaluate_str, LccError};

const HEAD: &str = r#"
[evaluation]
study_period_years = 6
base_year = 2026
discount_rate = 0.04
use_profile = { km_per_year = 20000, hours_per_year = 1000 }
"#;

fn one_offer(offer_body: &str) -> spp_lcc::OfferResult {
    let text = format!("{HEAD}\n[[offers]]\nid = \"X\"\nprice = 1000\n{offer_body}");
    evaluate_str(&text).unwrap().offers.remove(0)
}

fn err(text: &str) -> String {
    let e = evaluate_str(text).unwrap_err();
    e.to_string()
}

#[test]
fn replacements_before_n_and_interval_maintenance() {
    // Battery €3,000 with a 2-year life in a 6-year study: replaced at t = 2 and 4, not 6:
    // 3000/1.04² + 3000/1.04⁴ = 5,338.08. Service €1,200 every 3 years at t = 3 and 6:
    // 1200/1.04³ + 1200/1.04⁶ = 2,015.17.
    let o = one_offer(
        "replacements = [{ component = \"battery\", cost = 3000, life_years = 2 }]\n\
         maintenance = [{ amount = 1200, every_years = 3 }]",
    );
    assert_eq!(o.pv.replacements.round_dp(2), dec!(5338.08));
    assert_eq!(o.pv.maintenance.round_dp(2), dec!(2015.17));
    assert_eq!(o.years[6].replacements, Decimal::ZERO);
    assert_eq!(o.years[6].maintenance, dec!(1200));
}

#[test]
fn straight_line_residual_and_disposal() {
    // Life 10 > N = 6: residual 1000 × 4/10 = 400 at N; disposal 50; both ÷ 1.04⁶.
    let o = one_offer("end_of_life = { service_life_years = 10, disposal_cost = 50 }");
    assert_eq!(o.pv.residual_value.round_dp(2), dec!(-316.13));
    assert_eq!(o.pv.disposal.round_dp(2), dec!(39.52));
    assert_eq!(o.internal_lcc.round_dp(2), dec!(723.39));
    // Life ≤ N: no residual value.
    let o = one_offer("end_of_life = { service_life_years = 6 }");
    assert_eq!(o.pv.residual_value, Decimal::ZERO);
}

#[test]
fn per_km_and_per_hour_maintenance_and_quantity() {
    // €0.01/km × 20,000 km + €0.5/h × 1,000 h = €700 a year × UPV 5.242137 = 3,669.50;
    // two units double everything.
    let o = one_offer("quantity = 2\nmaintenance = [{ per_km = 0.01 }, { per_hour = 0.5 }]");
    assert_eq!(o.pv.acquisition, dec!(2000));
    assert_eq!(o.pv.maintenance.round_dp(2), dec!(7338.99));
}

#[test]
fn nominal_mode_equals_real_mode_by_fisher() {
    let body = r#"
[[carriers]]
id = "electricity"
unit = "kWh"
price = 0.30
escalation = 0.01
emissions = [{ pollutant = "co2", kg_per_unit = 0.15 }]

[[externalities]]
pollutant = "co2"
price_per_tonne = 100

[[offers]]
id = "B"
price = 42000
consumption = [{ carrier = "electricity", per_km = 0.22 }]
maintenance = [{ per_year = 500 }]
end_of_life = { residual_share = 0.30 }
"#;
    let real = evaluate_str(&format!(
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n\
         use_profile = {{ km_per_year = 20000 }}\n{body}"
    ))
    .unwrap();
    // Nominal 6.08 % with 2 % inflation is exactly 4 % real.
    let nominal = evaluate_str(&format!(
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\nprice_basis = \"nominal\"\n\
         nominal_discount_rate = 0.0608\ninflation = 0.02\n\
         use_profile = {{ km_per_year = 20000 }}\n{body}"
    ))
    .unwrap();
    assert_eq!(nominal.settings.real_discount_rate, dec!(0.04));
    let (r, n) = (&real.offers[0], &nominal.offers[0]);
    assert!((r.internal_lcc - n.internal_lcc).abs() < dec!(0.000001));
    assert!((r.societal_lcc - n.societal_lcc).abs() < dec!(0.000001));
    assert_eq!(n.societal_lcc.round_dp(2), dec!(42095.96));
    // Year 1 cash flow is inflated once in nominal mode: 4,400 kWh × 0.30 × 1.02.
    assert_eq!(n.years[1].energy, dec!(1346.40));
}

#[test]
fn carbon_price_path_is_interpolated() {
    // 1 t CO2 a year; price 100 €/t in 2026 rising linearly to 300 €/t in 2030, flat after.
    let text = format!(
        "{HEAD}\n[[externalities]]\npollutant = \"co2\"\n\
         price_per_tonne_path = [{{ year = 2026, value = 100 }}, {{ year = 2030, value = 300 }}]\n\
         [[offers]]\nid = \"X\"\nprice = 0\ndirect_emissions = [{{ pollutant = \"co2\", kg_per_year = 1000 }}]\n"
    );
    let o = evaluate_str(&text).unwrap().offers.remove(0);
    let x: Vec<Decimal> = o.years[1..].iter().map(|y| y.externalities).collect();
    assert_eq!(
        x,
        vec![
            dec!(100),
            dec!(150),
            dec!(200),
            dec!(250),
            dec!(300),
            dec!(300)
        ]
    );
    assert_eq!(o.internal_lcc, Decimal::ZERO);
}

#[test]
fn vehicle_preset_fills_defaults_and_cvd_pollutant_prices() {
    // Preset: N = 8, 4 %, N1 → 250,000 km / 8 = 31,250 km a year; NOx priced at CVD
    // €0.0044/g: 0.1 g/km × 31,250 km × 0.0044 = €13.75 a year.
    let text = r#"
[evaluation]
preset = "vehicle"
vehicle_category = "N1"
base_year = 2026
[[offers]]
id = "V"
price = 0
direct_emissions = [{ pollutant = "nox", g_per_km = 0.1 }]
"#;
    let r = evaluate_str(text).unwrap();
    assert_eq!(r.settings.study_period_years, 8);
    assert_eq!(r.settings.real_discount_rate, dec!(0.04));
    assert_eq!(r.settings.km_per_year, Some(dec!(31250)));
    let o = &r.offers[0];
    assert_eq!(o.years[1].externalities, dec!(13.75));
    let nox = o
        .pollutants
        .iter()
        .find(|p| p.pollutant == Pollutant::Nox)
        .unwrap();
    assert_eq!(nox.mass_kg, dec!(25));
    assert!(r
        .settings
        .defaults_applied
        .iter()
        .any(|s| s.contains("Table 3")));
    assert!(r
        .settings
        .defaults_applied
        .iter()
        .any(|s| s.starts_with("study_period_years 8")));
}

#[test]
fn cvd_method_from_toml() {
    let text = r#"
[evaluation]
method = "cvd-2009-annex"
vehicle_category = "M1"
[cvd]
diesel_price_per_l = 0.80
petrol_price_per_l = 0.75
co2_price_per_kg = 0.04
[[offers]]
id = "diesel"
price = 20000
fuel = "diesel"
consumption_per_100km = 5.0
co2_g_per_km = 130
nox_g_per_km = 0.060
nmhc_g_per_km = 0.050
pm_g_per_km = 0.0045
[[offers]]
id = "bev"
price = 30000
fuel = "electricity"
consumption_per_100km = 16
co2_g_per_km = 0
"#;
    let r = evaluate_str(text).unwrap();
    let (d, e) = (&r.offers[0], &r.offers[1]);
    assert_eq!(d.internal_lcc, dec!(28000));
    // 28,000 + 1,040 + 52.80 + 10.00 + 78.30
    assert_eq!(d.societal_lcc, dec!(29181.10));
    assert_eq!(e.internal_lcc, dec!(32560));
    assert_eq!(e.societal_lcc, dec!(32560));
    assert_eq!((d.rank_societal, e.rank_societal), (1, 2));
}

#[test]
fn validation_errors_name_the_field() {
    let base = format!("{HEAD}\n[[offers]]\nid = \"X\"\nprice = 1000\n");
    let e = err(&format!("{HEAD}\n[[offers]]\nid = \"X\"\nprice = -5\n"));
    assert!(
        e.contains("offers[0] (\"X\").price: must not be negative"),
        "{e}"
    );
    let e = err(&format!(
        "{base}consumption = [{{ carrier = \"diesl\", per_year = 3 }}]\n"
    ));
    assert!(
        e.contains("consumption[0].carrier: unknown carrier or fuel \"diesl\""),
        "{e}"
    );
    let e = err(&format!("{base}study_period_years = 8\n"));
    assert!(
        e.contains("offers[0] (\"X\").study_period_years: 8 differs"),
        "{e}"
    );
    let e = err(&format!("{base}base_year = 2025\n"));
    assert!(e.contains("base_year: 2025 differs"), "{e}");
    let e = err(&format!("{base}\n[[offers]]\nid = \"X\"\nprice = 1\n"));
    assert!(e.contains("duplicate offer id"), "{e}");
    // Missing use profile.
    let no_profile =
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n\
        [[offers]]\nid = \"X\"\nprice = 1\nmaintenance = [{ per_km = 0.1 }]\n";
    let e = err(no_profile);
    assert!(
        e.contains("maintenance[0]: missing use profile: set evaluation.use_profile.km_per_year"),
        "{e}"
    );
    // Mixing real and nominal.
    let mixed = "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n\
        inflation = 0.02\n[[offers]]\nid = \"X\"\nprice = 1\n";
    assert!(err(mixed).contains("evaluation.inflation"));
    // Schema errors come from the TOML parser with the field name and line.
    let e = err(
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n\
        [[offers]]\nid = \"X\"\nprise = 1\n",
    );
    assert!(e.contains("prise") && e.contains("line 7"), "{e}");
    assert!(matches!(
        evaluate_str("[[offers]]\n"),
        Err(LccError::Syntax(_))
    ));
    // Unknown fuel in the CVD method.
    let cvd = "[evaluation]\nmethod = \"cvd-2009-annex\"\nvehicle_category = \"M1\"\n\
        [cvd]\ndiesel_price_per_l = 0.8\npetrol_price_per_l = 0.75\n\
        [[offers]]\nid = \"K\"\nprice = 1\nfuel = \"kerosene\"\nconsumption_per_100km = 5\nco2_g_per_km = 1\n";
    let e = err(cvd);
    assert!(
        e.contains("offers[0] (\"K\").fuel: unknown fuel \"kerosene\""),
        "{e}"
    );
    // Two residual methods at once.
    let e = err(&format!(
        "{base}end_of_life = {{ residual_value = 1, residual_share = 0.1 }}\n"
    ));
    assert!(e.contains("give only one of residual_value"), "{e}");
    // Rate given in percent by mistake.
    let e = err(
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 4\n\
        [[offers]]\nid = \"X\"\nprice = 1\n",
    );
    assert!(
        e.contains("evaluation.discount_rate: must be a fraction"),
        "{e}"
    );
}

#[test]
fn huge_values_are_errors_not_panics() {
    let e = err(&format!("{HEAD}\n[[offers]]\nid = \"X\"\nprice = 1e20\n"));
    assert!(e.contains("price: too large"), "{e}");
    // Every input at its limit with strong escalation: checked powers report an overflow.
    let text = String::from(
        "[evaluation]\nstudy_period_years = 100\nbase_year = 2026\ndiscount_rate = 0.0\n\
         use_profile = { km_per_year = 1000000000000 }\n\
         [[carriers]]\nid = \"f\"\nunit = \"l\"\nprice = 1000000000000\nescalation = 0.99\n\
         [[offers]]\nid = \"X\"\nquantity = 1000000000000\nprice = 1000000000000\n\
         consumption = [{ carrier = \"f\", per_km = 1000000000000 }]\n",
    );
    assert!(matches!(evaluate_str(&text), Err(LccError::Overflow(_))));
    let e = err(
        "[evaluation]\nstudy_period_years = 6\nbase_year = 2147483647\ndiscount_rate = 0.04\n\
        [[offers]]\nid = \"X\"\nprice = 1\n",
    );
    assert!(e.contains("evaluation.base_year: year 2147483647"), "{e}");
}

#[test]
fn timing_convention_in_the_engine() {
    // €900 a year, 6 years, 4 %: end 4,717.92; mid 4,717.92 × √1.04 = 4,811.36;
    // beginning 900 × (1 + UPV(5)) = 4,906.64. The residual value stays at year-end N.
    for (timing, expected) in [
        ("end", dec!(4717.92)),
        ("mid", dec!(4811.36)),
        ("beginning", dec!(4906.64)),
    ] {
        let text = format!(
            "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n\
             timing = \"{timing}\"\n[[offers]]\nid = \"X\"\nprice = 1000\n\
             maintenance = [{{ per_year = 900 }}]\nend_of_life = {{ residual_value = 100 }}\n"
        );
        let o = evaluate_str(&text).unwrap().offers.remove(0);
        assert_eq!(o.pv.maintenance.round_dp(2), expected, "{timing}");
        assert_eq!(o.pv.residual_value.round_dp(2), dec!(-79.03), "{timing}");
    }
}
