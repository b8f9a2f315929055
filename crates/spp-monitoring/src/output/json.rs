//! `--format json`: `{"facts": {...}, "indicators": [...], ...}`, one indicator object per
//! indicator × group × stage × variant (× split).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::engine::{Report, Row};
use crate::error::MonitoringError;
use crate::plausibility::{FlaggedLot, Rule};

/// Integers as JSON integers, other amounts as numbers with two decimals.
pub(crate) fn number(d: Decimal) -> Value {
    if d.fract().is_zero() {
        if let Some(i) = d.to_i64() {
            return Value::from(i);
        }
    }
    d.round_dp(2).to_f64().map_or(Value::Null, Value::from)
}

pub(crate) fn row(row: &Row) -> Value {
    let m = &row.measure;
    json!({
        "id": row.id,
        "name": row.meta.name,
        "group_by": row.group_by.map(|g| g.as_str()),
        "group": row.group,
        "stage": m.stage.as_str(),
        "variant": m.variant.as_str(),
        "split": m.split,
        "unit": m.unit,
        "numerator": number(m.numerator),
        "denominator": m.denominator.map(number),
        "value": m.value(),
        "coverage": m.coverage.as_ref().and_then(|c| c.share()),
        "coverage_reported": m.coverage.as_ref().map(|c| c.reported),
        "coverage_universe": m.coverage.as_ref().map(|c| c.universe),
        "value_unknown": m.value_unknown,
        "unconverted": m.unconverted,
        "target": row.meta.target,
    })
}

fn flagged(f: &FlaggedLot) -> Value {
    json!({
        "notice_id": f.notice_id,
        "notice_version": f.notice_version,
        "lot_id": f.lot_id,
        "field": f.field,
        "value": number(f.value),
        "rule": f.rule.id(),
        "included": f.included,
    })
}

pub fn render(report: &Report) -> Result<String, MonitoringError> {
    let doc = json!({
        "facts": report.facts,
        "indicators": report.main_rows().map(row).collect::<Vec<_>>(),
        "group_by": report.group_by.map(|g| g.as_str()),
        "policy": report.policy,
        "fx": report.fx,
        "definitions": report.definitions,
        "lots_by_year_and_format": report.lots_by_year_and_format,
        "implausible": report.implausible.iter().map(flagged).collect::<Vec<_>>(),
        "include_implausible": report.include_implausible,
        "plausibility_rules": Rule::ALL
            .iter()
            .map(|r| json!({"id": r.id(), "rule": r.description()}))
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).map_err(|e| MonitoringError::output("json", e))
}
