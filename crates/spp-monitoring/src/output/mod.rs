//! Report formats, one sibling module each: a terminal table, JSON, CSV, HTML (one
//! self-contained page with inline SVG charts) and XLSX.

pub mod csv;
pub mod html;
pub mod json;
pub mod table;
pub mod xlsx;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::engine::{Report, Row};
use crate::error::MonitoringError;
use crate::indicator::IMPLAUSIBLE;
use crate::measure::Variant;
use crate::prepared::Stage;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Html,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Html,
        Format::Xlsx,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(raw: &str) -> Result<Format, MonitoringError> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == raw.trim())
            .ok_or_else(|| MonitoringError::UnknownOption {
                what: "format",
                value: raw.to_string(),
                expected: Format::ALL.map(|f| f.as_str()).join(", "),
            })
    }
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, MonitoringError> {
    match format {
        Format::Table => Ok(table::render(report).into_bytes()),
        Format::Json => json::render(report).map(String::into_bytes),
        Format::Csv => csv::render(report),
        Format::Html => Ok(html::render(report).into_bytes()),
        Format::Xlsx => xlsx::render(report),
    }
}

/// A number for display: integers without decimals, others with two.
pub(crate) fn number(d: Decimal) -> String {
    let rounded = d.round_dp(2);
    let text = if rounded.fract().is_zero() {
        rounded.trunc().to_string()
    } else {
        format!("{rounded:.2}")
    };
    group_thousands(&text)
}

fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// `42.5 %`, or `—` when there is no value.
pub(crate) fn percent(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |v| format!("{:.1} %", v * 100.0))
}

pub(crate) fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// `SPP-2 award value (eu)` style label of a row.
pub(crate) fn row_label(row: &Row) -> String {
    let m = &row.measure;
    let mut label = format!("{} {} {}", row.id, m.stage.as_str(), m.variant.as_str());
    if let Some(split) = &m.split {
        label.push_str(&format!(" [{split}]"));
    }
    label
}

/// The headline figures, in order: (row, what it is compared with).
pub(crate) fn headlines(report: &Report) -> Vec<&Row> {
    let picks: [(&str, Stage, Variant); 5] = [
        ("SPP-2", Stage::Award, Variant::Count),
        ("SPP-2", Stage::Award, Variant::Value),
        ("SPP-2", Stage::Call, Variant::Count),
        ("INN-1", Stage::Award, Variant::Value),
        ("SPP-1", Stage::Award, Variant::Value),
    ];
    picks
        .iter()
        .filter_map(|(id, stage, variant)| {
            report.find(id, crate::group::ALL, *stage, *variant, None)
        })
        .collect()
}

/// The heading and rows of the list of flagged values: notice, lot, field, value, rule.
pub(crate) const IMPLAUSIBLE_HEAD: [&str; 6] =
    ["notice", "lot", "field", "value", "rule", "counted"];

pub(crate) fn implausible_rows(report: &Report) -> Vec<[String; 6]> {
    report
        .implausible
        .iter()
        .map(|f| {
            [
                format!("{} v{}", f.notice_id, f.notice_version),
                f.lot_id.clone(),
                f.field.as_str().to_string(),
                number(f.value),
                format!("{} {}", f.rule.id(), f.rule.description()),
                if f.included { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect()
}

/// Plain-language warnings about coverage and conversions, for the `all` rows.
pub(crate) fn warnings(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for row in report.totals() {
        let m = &row.measure;
        if m.split.is_some() || m.variant == Variant::Value && row.id != "SPD-1" {
            continue;
        }
        if let Some(c) = &m.coverage {
            if c.universe > 0 {
                if let Some(share) = c.share().filter(|s| *s < 0.5) {
                    out.push(format!(
                        "{} ({}): the underlying field is reported for only {} of {} units ({}); the ratio describes that part only.",
                        row.id,
                        m.stage.as_str(),
                        c.reported,
                        c.universe,
                        percent(Some(share))
                    ));
                }
            }
        }
    }
    let mut unconverted: std::collections::BTreeMap<&str, u64> = Default::default();
    if let Some(spend) = report.find(
        "SPD-1",
        crate::group::ALL,
        Stage::Award,
        Variant::Value,
        None,
    ) {
        for (c, n) in &spend.measure.unconverted {
            *unconverted.entry(c.as_str()).or_default() += n;
        }
        if spend.measure.value_unknown > 0 {
            out.push(format!(
                "SPD-1: {} awarded lots have no known value (withheld, partly published, or a framework ceiling only); they are not in spend.",
                spend.measure.value_unknown
            ));
        }
    }
    if !report.implausible.is_empty() {
        out.push(format!(
            "{} values or counts fail the plausibility checks (listed under IMPLAUSIBLE VALUES); {}",
            report.implausible.len(),
            if report.include_implausible {
                "they are counted, as asked (--include-implausible)."
            } else {
                "they are left out of value figures, spend and vehicle counts (--include-implausible counts them)."
            }
        ));
    }
    for (currency, n) in unconverted.into_iter().filter(|(c, _)| *c != IMPLAUSIBLE) {
        out.push(format!(
            "{n} awarded lots are in {currency}, which has no ECB reference rate for their date: not converted, left out of value figures."
        ));
    }
    out
}
