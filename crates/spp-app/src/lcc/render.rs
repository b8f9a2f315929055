//! The result of a life-cycle cost evaluation as an aligned table, JSON (every offer's
//! breakdown, per-year rows and the inputs) or CSV. Amounts are computed at full precision
//! and rounded to the cent only here, for display.

use serde_json::{json, Value};
use spp_lcc::{EvaluationResult, OfferResult};

/// A text format of the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text table.
    Table,
    /// JSON with every offer's breakdown, per-year rows and the inputs.
    Json,
    /// CSV, one row per offer (or per offer and year with `years`).
    Csv,
}

impl Format {
    pub const NAMES: [&'static str; 3] = ["table", "json", "csv"];

    pub fn parse(raw: &str) -> crate::AppResult<Format> {
        match raw.trim() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(crate::AppError::bad_input(
                "format",
                other,
                format!("unknown format (known: {})", Format::NAMES.join(", ")),
            )),
        }
    }
}

/// Renders the result; `years` adds the per-year breakdown to the table and CSV (JSON always
/// has it).
pub fn render(result: &EvaluationResult, format: Format, years: bool) -> crate::AppResult<String> {
    Ok(match format {
        Format::Table => table(result, years),
        Format::Json => serde_json::to_string_pretty(&to_json(result)?)? + "\n",
        Format::Csv => csv(result, years),
    })
}

/// Decimal rounded to `dp` places, as a JSON number.
fn num<D: std::fmt::Display>(v: D) -> Value {
    v.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

macro_rules! round {
    ($v:expr, $dp:expr) => {
        num($v.round_dp($dp))
    };
}

fn offer_json(o: &OfferResult) -> Value {
    let years: Vec<Value> = o
        .years
        .iter()
        .map(|y| {
            json!({
                "t": y.t,
                "calendar_year": y.calendar_year,
                "discount_factor": round!(y.discount_factor, 6),
                "acquisition": round!(y.acquisition, 2),
                "energy": round!(y.energy, 2),
                "consumables": round!(y.consumables, 2),
                "maintenance": round!(y.maintenance, 2),
                "replacements": round!(y.replacements, 2),
                "end_of_life": round!(y.end_of_life, 2),
                "externalities": round!(y.externalities, 2),
                "internal_pv": round!(y.internal_pv, 2),
                "societal_pv": round!(y.societal_pv, 2),
            })
        })
        .collect();
    let pollutants: Vec<Value> = o
        .pollutants
        .iter()
        .map(|p| {
            json!({
                "pollutant": p.pollutant.as_str(),
                "mass_kg": round!(p.mass_kg, 3),
                "pv_cost": round!(p.pv_cost, 2),
                "priced": p.priced,
            })
        })
        .collect();
    let pv = &o.pv;
    json!({
        "id": o.id,
        "name": o.name,
        "quantity": num(o.quantity),
        "internal_lcc": round!(o.internal_lcc, 2),
        "societal_lcc": round!(o.societal_lcc, 2),
        "eac_internal": round!(o.eac_internal, 2),
        "eac_societal": round!(o.eac_societal, 2),
        "rank_internal": o.rank_internal,
        "rank_societal": o.rank_societal,
        "score": o.score.map_or(Value::Null, |s| round!(s, 2)),
        "pv": {
            "acquisition": round!(pv.acquisition, 2),
            "energy": round!(pv.energy, 2),
            "consumables": round!(pv.consumables, 2),
            "maintenance": round!(pv.maintenance, 2),
            "replacements": round!(pv.replacements, 2),
            "disposal": round!(pv.disposal, 2),
            "residual_value": round!(pv.residual_value, 2),
            "externalities": round!(pv.externalities, 2),
        },
        "pollutants": pollutants,
        "years": years,
        "method_version": o.method_version,
    })
}

pub fn to_json(r: &EvaluationResult) -> Result<Value, serde_json::Error> {
    let s = &r.settings;
    Ok(json!({
        "method_version": r.method_version,
        "title": r.title,
        "method": s.method.as_str(),
        "currency": s.currency,
        "settings": {
            "study_period_years": s.study_period_years,
            "base_year": s.base_year,
            "price_basis": serde_json::to_value(s.price_basis)?,
            "real_discount_rate": num(s.real_discount_rate.round_dp(8)),
            "inflation": num(s.inflation),
            "discount_rate_used": num(s.discount_rate_used),
            "timing": serde_json::to_value(s.timing)?,
            "km_per_year": s.km_per_year.map_or(Value::Null, |v| round!(v, 2)),
            "hours_per_year": s.hours_per_year.map_or(Value::Null, |v| round!(v, 2)),
            "preset": serde_json::to_value(s.preset)?,
            "vehicle_category": serde_json::to_value(s.vehicle_category)?,
            "defaults_applied": s.defaults_applied,
        },
        "upv": round!(r.upv, 6),
        "crf": round!(r.crf, 6),
        "award": {
            "basis": serde_json::to_value(r.award_basis)?,
            "max_points": num(r.max_points),
            "formula": r.award_formula,
        },
        "offers": r.offers.iter().map(offer_json).collect::<Vec<_>>(),
        "inputs": serde_json::to_value(&r.inputs)?,
    }))
}

/// The serde name of a unit enum (`real`, `end`…).
fn name<T: serde::Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Money with thousands separators and two decimals: `-5,927.36`.
fn eur<D: std::fmt::Display>(v: D) -> String {
    let s = v.to_string();
    let (neg, s) = s
        .strip_prefix('-')
        .map_or((false, s.as_str()), |r| (true, r));
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let frac = format!("{frac:0<2}");
    format!("{}{grouped}.{}", if neg { "-" } else { "" }, &frac[..2])
}

fn aligned(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        out += line.join("  ").trim_end();
        out.push('\n');
        if i == 0 {
            out += &"-".repeat(widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1));
            out.push('\n');
        }
    }
    out
}

pub fn table(r: &EvaluationResult, years: bool) -> String {
    let s = &r.settings;
    let mut out = String::new();
    if let Some(t) = &r.title {
        out += &format!("{t}\n");
    }
    out += &format!(
        "method {} ({}); N = {} years from {}; {} prices, discount rate {} (real {}); timing {}; {}\n",
        s.method.as_str(),
        r.method_version,
        s.study_period_years,
        s.base_year,
        name(s.price_basis),
        s.discount_rate_used,
        s.real_discount_rate.round_dp(6),
        name(s.timing),
        s.currency
    );
    out += &format!("UPV {}  CRF {}\n\n", r.upv.round_dp(6), r.crf.round_dp(6));
    let mut rows = vec![[
        "offer",
        "acquisition",
        "energy",
        "consumables",
        "maintenance",
        "replacements",
        "end of life",
        "internal LCC",
        "externalities",
        "societal LCC",
        "EAC (societal)",
        "rank int.",
        "rank soc.",
        "score",
    ]
    .map(String::from)
    .to_vec()];
    for o in &r.offers {
        let p = &o.pv;
        rows.push(vec![
            o.id.clone(),
            eur(p.acquisition.round_dp(2)),
            eur(p.energy.round_dp(2)),
            eur(p.consumables.round_dp(2)),
            eur(p.maintenance.round_dp(2)),
            eur(p.replacements.round_dp(2)),
            eur((p.disposal + p.residual_value).round_dp(2)),
            eur(o.internal_lcc.round_dp(2)),
            eur(p.externalities.round_dp(2)),
            eur(o.societal_lcc.round_dp(2)),
            eur(o.eac_societal.round_dp(2)),
            o.rank_internal.to_string(),
            o.rank_societal.to_string(),
            o.score
                .map_or_else(|| "-".into(), |v| v.round_dp(2).to_string()),
        ]);
    }
    out += &aligned(&rows);
    out += &format!("\n{}\n", r.award_formula);
    if years {
        for o in &r.offers {
            out += &format!(
                "\nOffer {} per year ({}; cash flows undiscounted, PV discounted)\n",
                o.id, s.currency
            );
            let mut rows = vec![[
                "t",
                "year",
                "DF",
                "acquisition",
                "energy",
                "consumables",
                "maintenance",
                "replacements",
                "end of life",
                "externalities",
                "internal PV",
                "societal PV",
            ]
            .map(String::from)
            .to_vec()];
            for y in &o.years {
                rows.push(vec![
                    y.t.to_string(),
                    y.calendar_year.to_string(),
                    y.discount_factor.round_dp(6).to_string(),
                    eur(y.acquisition.round_dp(2)),
                    eur(y.energy.round_dp(2)),
                    eur(y.consumables.round_dp(2)),
                    eur(y.maintenance.round_dp(2)),
                    eur(y.replacements.round_dp(2)),
                    eur(y.end_of_life.round_dp(2)),
                    eur(y.externalities.round_dp(2)),
                    eur(y.internal_pv.round_dp(2)),
                    eur(y.societal_pv.round_dp(2)),
                ]);
            }
            out += &aligned(&rows);
        }
    }
    out
}

/// CSV field with RFC 4180 quoting.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(r: &EvaluationResult, years: bool) -> String {
    let mut out = String::new();
    if years {
        out += "offer,t,calendar_year,discount_factor,acquisition,energy,consumables,maintenance,replacements,end_of_life,externalities,internal_pv,societal_pv\n";
        for o in &r.offers {
            for y in &o.years {
                let vals = [
                    y.acquisition,
                    y.energy,
                    y.consumables,
                    y.maintenance,
                    y.replacements,
                    y.end_of_life,
                    y.externalities,
                    y.internal_pv,
                    y.societal_pv,
                ]
                .map(|v| v.round_dp(2).to_string());
                out += &format!(
                    "{},{},{},{},{}\n",
                    field(&o.id),
                    y.t,
                    y.calendar_year,
                    y.discount_factor.round_dp(6),
                    vals.join(",")
                );
            }
        }
        return out;
    }
    out += "offer,name,quantity,acquisition,energy,consumables,maintenance,replacements,disposal,residual_value,externalities,internal_lcc,societal_lcc,eac_internal,eac_societal,rank_internal,rank_societal,score,method_version\n";
    for o in &r.offers {
        let p = &o.pv;
        let vals = [
            p.acquisition,
            p.energy,
            p.consumables,
            p.maintenance,
            p.replacements,
            p.disposal,
            p.residual_value,
            p.externalities,
            o.internal_lcc,
            o.societal_lcc,
            o.eac_internal,
            o.eac_societal,
        ]
        .map(|v| v.round_dp(2).to_string());
        out += &format!(
            "{},{},{},{},{},{},{},{}\n",
            field(&o.id),
            field(o.name.as_deref().unwrap_or("")),
            o.quantity,
            vals.join(","),
            o.rank_internal,
            o.rank_societal,
            o.score
                .map_or_else(String::new, |v| v.round_dp(4).to_string()),
            field(&o.method_version),
        );
    }
    out
}
