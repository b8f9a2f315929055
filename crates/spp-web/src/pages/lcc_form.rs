//! The LCC form as a typed value: read from the submitted fields (each number checked, a bad
//! one is a 400 naming the field), written back into the form, and turned into the evaluation
//! TOML of docs/LCC.md, which `spp_app::lcc` evaluates with the engine of `spp lcc`.

use rust_decimal::Decimal;
use spp_app::{AppError, AppResult};

pub const MIN_OFFERS: usize = 2;
pub const MAX_OFFERS: usize = 6;

/// One offer of the form.
#[derive(Debug, Clone, Default)]
pub struct OfferForm {
    pub name: String,
    pub price: String,
    pub energy_unit: String,
    pub energy_price: String,
    pub co2_per_unit: String,
    pub energy_per_year: String,
    pub energy_per_km: String,
    pub maintenance_per_year: String,
    pub disposal_cost: String,
    pub residual_share_pct: String,
}

/// The whole form, as text (what the reader typed).
#[derive(Debug, Clone)]
pub struct LccForm {
    pub title: String,
    pub years: String,
    pub discount_pct: String,
    pub co2_price: String,
    pub energy_escalation_pct: String,
    pub km_per_year: String,
    pub vehicle_category: String,
    pub offers: Vec<OfferForm>,
}

impl LccForm {
    /// Two blank offers and neutral settings.
    pub fn blank(offers: usize) -> LccForm {
        LccForm {
            title: String::new(),
            years: "8".into(),
            discount_pct: "4".into(),
            co2_price: "100".into(),
            energy_escalation_pct: "0".into(),
            km_per_year: String::new(),
            vehicle_category: String::new(),
            offers: vec![
                OfferForm {
                    energy_unit: "kWh".into(),
                    energy_price: "0.30".into(),
                    co2_per_unit: "0.15".into(),
                    ..OfferForm::default()
                };
                offers.clamp(MIN_OFFERS, MAX_OFFERS)
            ],
        }
    }

    /// The Clean Vehicles preset: two N1 vans, diesel against battery-electric, per km: the
    /// inputs of data/lcc/vans.toml (the test checks the same result).
    pub fn vehicle_preset() -> LccForm {
        let offer = |name: &str,
                     price: &str,
                     carrier: (&str, &str, &str),
                     per_km: &str,
                     maint: &str,
                     residual: &str| OfferForm {
            name: name.into(),
            price: price.into(),
            energy_unit: carrier.0.into(),
            energy_price: carrier.1.into(),
            co2_per_unit: carrier.2.into(),
            energy_per_km: per_km.into(),
            maintenance_per_year: maint.into(),
            residual_share_pct: residual.into(),
            ..OfferForm::default()
        };
        LccForm {
            title: "Two delivery vans (N1), diesel vs battery-electric".into(),
            years: "6".into(),
            discount_pct: "4".into(),
            co2_price: "100".into(),
            energy_escalation_pct: "1".into(),
            km_per_year: "20000".into(),
            vehicle_category: "N1".into(),
            offers: vec![
                offer(
                    "Diesel van",
                    "30000",
                    ("l", "1.70", "2.64"),
                    "0.065",
                    "900",
                    "25",
                ),
                offer(
                    "Battery-electric van",
                    "42000",
                    ("kWh", "0.30", "0.15"),
                    "0.22",
                    "500",
                    "30",
                ),
            ],
        }
    }

    /// Reads the submitted fields (`o1_name`, `o1_price`, …); the number of offers is the
    /// highest offer index that has a field, within 2–6, or `offers` when given.
    pub fn from_pairs(pairs: &[(String, String)]) -> LccForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let count = get("offers")
            .parse::<usize>()
            .unwrap_or(MIN_OFFERS)
            .clamp(MIN_OFFERS, MAX_OFFERS);
        let offers = (1..=count)
            .map(|i| OfferForm {
                name: get(&format!("o{i}_name")),
                price: get(&format!("o{i}_price")),
                energy_unit: get(&format!("o{i}_energy_unit")),
                energy_price: get(&format!("o{i}_energy_price")),
                co2_per_unit: get(&format!("o{i}_co2_per_unit")),
                energy_per_year: get(&format!("o{i}_energy_per_year")),
                energy_per_km: get(&format!("o{i}_energy_per_km")),
                maintenance_per_year: get(&format!("o{i}_maintenance")),
                disposal_cost: get(&format!("o{i}_disposal")),
                residual_share_pct: get(&format!("o{i}_residual")),
            })
            .collect();
        LccForm {
            title: get("title"),
            years: get("years"),
            discount_pct: get("discount"),
            co2_price: get("co2_price"),
            energy_escalation_pct: get("energy_escalation"),
            km_per_year: get("km_per_year"),
            vehicle_category: get("vehicle_category"),
            offers,
        }
    }

    /// The evaluation as TOML (docs/LCC.md).
    pub fn to_toml(&self) -> AppResult<String> {
        let years = self
            .years
            .parse::<u32>()
            .ok()
            .filter(|y| (1..=60).contains(y))
            .ok_or_else(|| {
                AppError::bad_input(
                    "years",
                    &self.years,
                    "not a study period from 1 to 60 years",
                )
            })?;
        let discount = number("discount", &self.discount_pct, true)? / Decimal::from(100);
        let co2 = number("co2_price", &self.co2_price, true)?;
        let escalation =
            number("energy_escalation", &self.energy_escalation_pct, false)? / Decimal::from(100);
        let km = optional("km_per_year", &self.km_per_year)?;
        let mut t = String::new();
        t.push_str("[evaluation]\n");
        t.push_str(&format!(
            "title = {}\n",
            quote(if self.title.is_empty() {
                "LCC comparison"
            } else {
                &self.title
            })
        ));
        t.push_str("method = \"generic-art68-v1\"\n");
        if !self.vehicle_category.is_empty() {
            let cat = self.vehicle_category.trim();
            if !["M1", "M2", "M3", "N1", "N2", "N3"].contains(&cat) {
                return Err(AppError::bad_input(
                    "vehicle_category",
                    cat,
                    "not a vehicle category (M1, M2, M3, N1, N2, N3)",
                ));
            }
            t.push_str(&format!(
                "preset = \"vehicle\"\nvehicle_category = \"{cat}\"\n"
            ));
        }
        t.push_str(&format!("study_period_years = {years}\nbase_year = 2026\ncurrency = \"EUR\"\nprice_basis = \"real\"\ndiscount_rate = {discount}\ntiming = \"end\"\n"));
        if let Some(km) = km {
            t.push_str(&format!("use_profile = {{ km_per_year = {km} }}\n"));
        }
        t.push_str("\n[award]\nmax_points = 40\nbasis = \"societal\"\n");
        for (i, o) in self.offers.iter().enumerate() {
            t.push_str(&carrier_toml(i + 1, o, escalation)?);
        }
        t.push_str(&format!("\n[[externalities]]\npollutant = \"co2\"\nprice_per_tonne = {co2}\nsource = \"set in the spp web form\"\n"));
        for (i, o) in self.offers.iter().enumerate() {
            t.push_str(&offer_toml(i + 1, o, km.is_some())?);
        }
        Ok(t)
    }
}

/// Each offer's energy is a carrier of its own (`energy-1`, …): offers may use different
/// fuels, with their own price and CO2 factor.
fn carrier_toml(i: usize, o: &OfferForm, escalation: Decimal) -> AppResult<String> {
    let price = number(&format!("o{i}_energy_price"), &o.energy_price, false)?;
    let factor = number(&format!("o{i}_co2_per_unit"), &o.co2_per_unit, false)?;
    let unit = if o.energy_unit.trim().is_empty() {
        "unit"
    } else {
        o.energy_unit.trim()
    };
    Ok(format!(
        "\n[[carriers]]\nid = \"energy-{i}\"\nunit = {}\nprice = {price}\nescalation = {escalation}\nemissions = [{{ pollutant = \"co2\", kg_per_unit = {factor} }}]\n",
        quote(unit)
    ))
}

fn offer_toml(i: usize, o: &OfferForm, per_km: bool) -> AppResult<String> {
    let f = |name: &str| format!("o{i}_{name}");
    let price = number(&f("price"), &o.price, true)?;
    let mut t = format!(
        "\n[[offers]]\nid = \"{i}\"\nname = {}\nprice = {price}\n",
        quote(if o.name.is_empty() { "?" } else { &o.name })
    );
    let (basis, value) = if per_km {
        ("per_km", optional(&f("energy_per_km"), &o.energy_per_km)?)
    } else {
        (
            "per_year",
            optional(&f("energy_per_year"), &o.energy_per_year)?,
        )
    };
    if let Some(v) = value {
        t.push_str(&format!(
            "consumption = [{{ carrier = \"energy-{i}\", {basis} = {v} }}]\n"
        ));
    }
    if let Some(m) = optional(&f("maintenance"), &o.maintenance_per_year)? {
        t.push_str(&format!(
            "maintenance = [{{ name = \"maintenance\", per_year = {m} }}]\n"
        ));
    }
    let disposal = optional(&f("disposal"), &o.disposal_cost)?.unwrap_or_default();
    let residual = optional(&f("residual"), &o.residual_share_pct)?.map(|r| r / Decimal::from(100));
    if residual.is_some_and(|r| r > Decimal::ONE) {
        return Err(AppError::bad_input(
            f("residual"),
            &o.residual_share_pct,
            "a residual value above 100 % of the price",
        ));
    }
    t.push_str(&format!("end_of_life = {{ disposal_cost = {disposal}"));
    if let Some(r) = residual {
        t.push_str(&format!(", residual_share = {r}"));
    }
    t.push_str(" }\n");
    Ok(t)
}

/// A non-negative decimal, `,` or `.` as the decimal mark; `required` refuses a blank.
fn number(field: &str, raw: &str, required: bool) -> AppResult<Decimal> {
    match optional(field, raw)? {
        Some(v) => Ok(v),
        None if !required => Ok(Decimal::ZERO),
        None => Err(AppError::bad_input(field, raw, "missing: give a number")),
    }
}

fn optional(field: &str, raw: &str) -> AppResult<Option<Decimal>> {
    let t = raw.trim().replace([' ', '\u{a0}'], "");
    if t.is_empty() {
        return Ok(None);
    }
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.replace(',', "")
    };
    t.parse::<Decimal>()
        .ok()
        .filter(|v| !v.is_sign_negative())
        .map(Some)
        .ok_or_else(|| {
            AppError::bad_input(field, raw, "not a number of zero or more (e.g. 1250.50)")
        })
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vehicle_preset_is_data_lcc_vans_and_bad_numbers_name_their_field() {
        let toml = LccForm::vehicle_preset().to_toml().unwrap();
        let result = spp_app::lcc::evaluate_toml(&toml, std::path::Path::new("form")).unwrap();
        let vans = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lcc/vans.toml");
        let file = spp_app::lcc::evaluate_file(std::path::Path::new(vans)).unwrap();
        for (a, b) in result.offers.iter().zip(&file.offers) {
            assert_eq!(
                a.internal_lcc.round_dp(2),
                b.internal_lcc.round_dp(2),
                "{}",
                a.id
            );
            assert_eq!(
                a.societal_lcc.round_dp(2),
                b.societal_lcc.round_dp(2),
                "{}",
                a.id
            );
        }
        assert_eq!(result.offers.len(), 2);
        let mut form = LccForm::blank(3);
        for (i, o) in form.offers.iter_mut().enumerate() {
            o.name = format!("Offer \"{i}\"");
            o.price = "1000,5".into();
            o.energy_per_year = "1200".into();
        }
        let toml = form.to_toml().unwrap();
        let three = spp_app::lcc::evaluate_toml(&toml, std::path::Path::new("f")).unwrap();
        assert_eq!(three.offers.len(), 3);
        form.offers[1].price = "cheap".into();
        let err = form.to_toml().unwrap_err();
        assert!(err.to_string().starts_with("o2_price:"), "{err}");
        form.offers[1].price = "-5".into();
        assert!(form.to_toml().is_err());
    }
}
