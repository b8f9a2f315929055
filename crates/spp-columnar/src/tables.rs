//! The three tables: column names, types and how rows fill them (docs/EXPORT.md documents
//! them). Lists of codes are one string, codes joined by `,` in their order; amounts are
//! doubles beside their currency; the partition keys (`year`, `country`) are not repeated
//! in the files.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use spp_domain::{CodeList, LotRecord, Money};

use crate::Table;

/// One notice (its first in-scope record's notice-level fields).
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub notice_id: String,
    pub notice_version: u32,
    pub format: Option<String>,
    pub form_type: Option<String>,
    pub subtype: Option<String>,
    pub procedure_id: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub buyer_name: Option<String>,
    pub buyer_country: Option<String>,
    pub lots: u32,
    pub awarded_lots: u32,
}

impl NoticeRow {
    pub fn of(records: &[LotRecord]) -> NoticeRow {
        let r = &records[0];
        NoticeRow {
            notice_id: r.notice_id.clone(),
            notice_version: r.notice_version,
            format: r.format.map(|f| f.as_str().to_string()),
            form_type: r.form_type.as_ref().map(|f| f.as_str().to_string()),
            subtype: r.subtype.clone(),
            procedure_id: r.procedure_id.clone(),
            issue_date: r.issue_date,
            buyer_name: r.buyer_name.clone(),
            buyer_country: r.buyer_country.clone(),
            lots: records.len() as u32,
            awarded_lots: records.iter().filter(|r| r.awarded).count() as u32,
        }
    }
}

/// One indicator's decision for one lot at one stage (what `spp explain` shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorFact {
    pub notice_id: String,
    pub lot_id: String,
    pub indicator: String,
    pub stage: String,
    pub in_denominator: bool,
    pub in_numerator: bool,
    /// Partition keys: the lot's stage year and lead buyer's country.
    pub year: Option<i32>,
    pub country: Option<String>,
}

fn field(name: &str, t: DataType) -> Field {
    Field::new(name, t, true)
}

fn text<'a>(rows: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(rows.collect::<StringArray>())
}

fn codes<C: CodeList>(list: &[C]) -> Option<String> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(",")
    })
}

fn days(d: Option<NaiveDate>) -> Option<i32> {
    d.map(|d| {
        d.num_days_from_ce()
            - NaiveDate::from_ymd_opt(1970, 1, 1).map_or(0, |e| e.num_days_from_ce())
    })
}

fn amount(m: &Option<Money>) -> Option<f64> {
    m.as_ref()
        .and_then(|m| m.known())
        .and_then(|(v, _)| v.to_f64())
}

fn currency(m: &Option<Money>) -> Option<&str> {
    m.as_ref().and_then(|m| m.known()).and_then(|(_, c)| c)
}

fn int(v: Option<u64>) -> Option<i64> {
    v.and_then(|v| i64::try_from(v).ok())
}

/// The lots table: one row per lot record.
impl Table for LotRecord {
    const NAME: &'static str = "lots";

    fn schema() -> Arc<Schema> {
        use DataType::*;
        let strings = [
            "notice_id",
            "lot_id",
            "source_format",
            "form_type",
            "subtype",
            "procedure_id",
            "buyer_name",
            "buyer_id",
            "buyer_country",
            "buyer_nuts",
            "buyer_legal_type",
            "procedure_type",
            "nature",
            "main_cpv",
            "product_group",
            "strategic",
            "environmental",
            "social",
            "innovative",
            "gpp_criteria",
            "reserved",
            "esubmission",
            "award_criterion_types",
            "framework",
            "estimated_value_currency",
            "awarded_value_currency",
            "framework_ceiling_currency",
            "winner_names",
            "winner_sizes",
            "flags",
        ];
        let mut fields: Vec<Field> = strings.iter().map(|n| field(n, Utf8)).collect();
        fields.extend([
            field("notice_version", Int64),
            field("issue_date", Date32),
            field("award_date", Date32),
            field("buyer_count", Int64),
            field("lots_in_notice", Int64),
            field("cvd_applies", Boolean),
            field("vehicles_total", Int64),
            field("vehicles_clean", Int64),
            field("vehicles_zero_emission", Int64),
            field("estimated_value", Float64),
            field("awarded", Boolean),
            field("awarded_value", Float64),
            field("awarded_value_partial", Boolean),
            field("framework_ceiling", Float64),
            field("tenders_received", Int64),
            field("sme_tenders_received", Int64),
            field("esubmitted_tenders_received", Int64),
            field("winners", Int32),
            field("sme_winners", Int32),
        ]);
        Arc::new(Schema::new(fields))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let s = |f: &dyn Fn(&LotRecord) -> Option<String>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let i64s = |f: &dyn Fn(&LotRecord) -> Option<i64>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<Int64Array>())
        };
        let f64s = |f: &dyn Fn(&LotRecord) -> Option<f64>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<Float64Array>())
        };
        let bools = |f: &dyn Fn(&LotRecord) -> Option<bool>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<BooleanArray>())
        };
        let dates = |f: &dyn Fn(&LotRecord) -> Option<NaiveDate>| -> ArrayRef {
            Arc::new(rows.iter().map(|r| days(f(r))).collect::<Date32Array>())
        };
        let code = |c: Option<&str>| c.map(str::to_string);
        let columns: Vec<ArrayRef> = vec![
            s(&|r| Some(r.notice_id.clone())),
            s(&|r| Some(r.lot_id.clone())),
            s(&|r| r.format.map(|f| f.as_str().to_string())),
            s(&|r| code(r.form_type.as_ref().map(|c| c.as_str()))),
            s(&|r| r.subtype.clone()),
            s(&|r| r.procedure_id.clone()),
            s(&|r| r.buyer_name.clone()),
            s(&|r| r.buyer_id.clone()),
            s(&|r| r.buyer_country.clone()),
            s(&|r| r.buyer_nuts.clone()),
            s(&|r| code(r.buyer_legal_type.as_ref().map(|c| c.as_str()))),
            s(&|r| code(r.procedure_type.as_ref().map(|c| c.as_str()))),
            s(&|r| code(r.nature.as_ref().map(|c| c.as_str()))),
            s(&|r| r.main_cpv.as_ref().map(|c| c.to_string())),
            s(&|r| r.product_group.clone()),
            s(&|r| codes(&r.strategic)),
            s(&|r| codes(&r.environmental)),
            s(&|r| codes(&r.social)),
            s(&|r| codes(&r.innovative)),
            s(&|r| codes(&r.gpp_criteria)),
            s(&|r| codes(&r.reserved)),
            s(&|r| code(r.esubmission.as_ref().map(|c| c.as_str()))),
            s(&|r| codes(&r.award_criterion_types)),
            s(&|r| code(r.framework.as_ref().map(|c| c.as_str()))),
            s(&|r| currency(&r.estimated_value).map(str::to_string)),
            s(&|r| currency(&r.awarded_value).map(str::to_string)),
            s(&|r| currency(&r.framework_ceiling).map(str::to_string)),
            s(&|r| {
                let names: Vec<&str> = r.winners.iter().filter_map(|w| w.name.as_deref()).collect();
                (!names.is_empty()).then(|| names.join("; "))
            }),
            s(&|r| {
                let sizes: Vec<&str> = r
                    .winners
                    .iter()
                    .map(|w| w.size.as_ref().map_or("", |s| s.as_str()))
                    .collect();
                (!sizes.is_empty()).then(|| sizes.join(","))
            }),
            s(&|r| {
                let flags: Vec<&str> = r.flags.iter().map(|f| f.kind.as_str()).collect();
                (!flags.is_empty()).then(|| flags.join(","))
            }),
            i64s(&|r| Some(i64::from(r.notice_version))),
            dates(&|r| r.issue_date),
            dates(&|r| r.award_date),
            i64s(&|r| Some(i64::from(r.buyer_count))),
            i64s(&|r| Some(i64::from(r.lots_in_notice))),
            bools(&|r| r.cvd_applies),
            i64s(&|r| int(r.vehicles_total)),
            i64s(&|r| int(r.vehicles_clean)),
            i64s(&|r| int(r.vehicles_zero_emission)),
            f64s(&|r| amount(&r.estimated_value)),
            bools(&|r| Some(r.awarded)),
            f64s(&|r| amount(&r.awarded_value)),
            bools(&|r| Some(r.awarded_value_partial)),
            f64s(&|r| amount(&r.framework_ceiling)),
            i64s(&|r| int(r.tenders_received)),
            i64s(&|r| int(r.sme_tenders_received)),
            i64s(&|r| int(r.esubmitted_tenders_received)),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.winners.len() as i32))
                    .collect::<Int32Array>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| {
                        Some(
                            r.winners
                                .iter()
                                .filter(|w| w.size.as_ref().and_then(|s| s.is_sme()) == Some(true))
                                .count() as i32,
                        )
                    })
                    .collect::<Int32Array>(),
            ),
        ];
        RecordBatch::try_new(Self::schema(), columns)
    }
}

impl Table for NoticeRow {
    const NAME: &'static str = "notices";

    fn schema() -> Arc<Schema> {
        use DataType::*;
        Arc::new(Schema::new(vec![
            field("notice_id", Utf8),
            field("notice_version", Int64),
            field("source_format", Utf8),
            field("form_type", Utf8),
            field("subtype", Utf8),
            field("procedure_id", Utf8),
            field("issue_date", Date32),
            field("buyer_name", Utf8),
            field("buyer_country", Utf8),
            field("lots", Int64),
            field("awarded_lots", Int64),
        ]))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            text(rows.iter().map(|r| Some(r.notice_id.as_str()))),
            Arc::new(
                rows.iter()
                    .map(|r| Some(i64::from(r.notice_version)))
                    .collect::<Int64Array>(),
            ),
            text(rows.iter().map(|r| r.format.as_deref())),
            text(rows.iter().map(|r| r.form_type.as_deref())),
            text(rows.iter().map(|r| r.subtype.as_deref())),
            text(rows.iter().map(|r| r.procedure_id.as_deref())),
            Arc::new(
                rows.iter()
                    .map(|r| days(r.issue_date))
                    .collect::<Date32Array>(),
            ),
            text(rows.iter().map(|r| r.buyer_name.as_deref())),
            text(rows.iter().map(|r| r.buyer_country.as_deref())),
            Arc::new(
                rows.iter()
                    .map(|r| Some(i64::from(r.lots)))
                    .collect::<Int64Array>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| Some(i64::from(r.awarded_lots)))
                    .collect::<Int64Array>(),
            ),
        ];
        RecordBatch::try_new(Self::schema(), columns)
    }
}

impl Table for IndicatorFact {
    const NAME: &'static str = "indicator_facts";

    fn schema() -> Arc<Schema> {
        use DataType::*;
        Arc::new(Schema::new(vec![
            field("notice_id", Utf8),
            field("lot_id", Utf8),
            field("indicator", Utf8),
            field("stage", Utf8),
            field("in_denominator", Boolean),
            field("in_numerator", Boolean),
        ]))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            text(rows.iter().map(|r| Some(r.notice_id.as_str()))),
            text(rows.iter().map(|r| Some(r.lot_id.as_str()))),
            text(rows.iter().map(|r| Some(r.indicator.as_str()))),
            text(rows.iter().map(|r| Some(r.stage.as_str()))),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.in_denominator))
                    .collect::<BooleanArray>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.in_numerator))
                    .collect::<BooleanArray>(),
            ),
        ];
        RecordBatch::try_new(Self::schema(), columns)
    }
}
