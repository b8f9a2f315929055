//! Benchmark figures that the indicators of the main report do not have (the Single Market
//! Scoreboard's "no calls for bids" and "decision speed"), per group, and the EU reference as
//! the median of the groups' values.
//!
//! - **BEN-NCB no calls for bids**: award-stage lots with BT-105 = `neg-wo-call` / award-stage
//!   lots with BT-105 reported; coverage = BT-105 reported / award-stage lots.
//! - **BEN-DSP decision speed** (days): mean of (award decision − dispatch of the procedure's
//!   competition notice) over award-stage lots with an award date whose procedure (BT-04) has a
//!   competition notice in the data; a proxy, as notices do not carry the Scoreboard's
//!   submission deadline; coverage = lots with both dates / award-stage lots. Negative
//!   spans (a competition notice dated after the award) are left out.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use spp_domain::codelist::ProcedureType;
use spp_domain::LotRecord;

use crate::measure::Coverage;
use crate::prepared::{Prepared, Stage};

/// The two figures for one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScoreboardExtra {
    pub no_call_lots: u64,
    pub procedure_known_lots: u64,
    pub ncb_coverage: Coverage,
    pub decision_days_sum: i64,
    pub decision_lots: u64,
    pub dsp_coverage: Coverage,
}

impl ScoreboardExtra {
    /// BEN-NCB as a share.
    pub fn no_calls_share(&self) -> Option<f64> {
        (self.procedure_known_lots > 0)
            .then(|| self.no_call_lots as f64 / self.procedure_known_lots as f64)
    }
    /// BEN-DSP in days.
    pub fn decision_days(&self) -> Option<f64> {
        (self.decision_lots > 0).then(|| self.decision_days_sum as f64 / self.decision_lots as f64)
    }
}

/// BEN-NCB and BEN-DSP per group (`key` of a record; `None` = left out).
pub fn scoreboard_extra(
    records: &[Prepared],
    key: impl Fn(&LotRecord) -> Option<String>,
) -> BTreeMap<String, ScoreboardExtra> {
    let mut called: HashMap<&str, NaiveDate> = HashMap::new();
    for p in records.iter().filter(|p| p.stage == Some(Stage::Call)) {
        if let (Some(id), Some(d)) = (p.record.procedure_id.as_deref(), p.record.issue_date) {
            called
                .entry(id)
                .and_modify(|e| *e = (*e).min(d))
                .or_insert(d);
        }
    }
    let mut out: BTreeMap<String, ScoreboardExtra> = BTreeMap::new();
    for p in records.iter().filter(|p| p.stage == Some(Stage::Award)) {
        let r = p.record;
        let Some(k) = key(r) else { continue };
        let f = out.entry(k).or_default();
        f.ncb_coverage.universe += 1;
        f.dsp_coverage.universe += 1;
        if let Some(t) = &r.procedure_type {
            f.ncb_coverage.reported += 1;
            f.procedure_known_lots += 1;
            f.no_call_lots += u64::from(*t == ProcedureType::NegWoCall);
        }
        let call = r.procedure_id.as_deref().and_then(|id| called.get(id));
        if let (Some(call), Some(award)) = (call, r.award_date) {
            let days = (award - *call).num_days();
            if days >= 0 {
                f.dsp_coverage.reported += 1;
                f.decision_lots += 1;
                f.decision_days_sum += days;
            }
        }
    }
    out
}

/// The median of the values that exist (the EU reference: the median country, not a pooled
/// rate); `None` when there is none.
pub fn median(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let mut v: Vec<f64> = values
        .into_iter()
        .flatten()
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}
