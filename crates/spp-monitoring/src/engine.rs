//! Computing a report: keep the latest version of each notice, prepare every record once,
//! fold records into per-group partial results in parallel batches, merge the batches
//! (exactly: numerators and denominators add up), and finalize into rows.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use spp_domain::LotRecord;

use crate::facts::Facts;
use crate::fx::{self, FxTable};
use crate::group::{GroupBy, ALL};
use crate::indicator::{Finding, Meta};
use crate::indicators::{Indicators, Partials};
use crate::measure::Measure;
use crate::prepared::{latest_versions, PolicyCheck, Prepared};

/// What to compute.
pub struct Options<'a> {
    /// The grouping asked for (rows beside the `all` rows).
    pub group_by: Option<GroupBy>,
    /// More groupings computed in the same pass (the HTML charts use year, country, CPV division).
    pub extra_groupings: Vec<GroupBy>,
    pub policy: Option<&'a dyn PolicyCheck>,
    pub fx: &'a FxTable,
}

/// Which exchange rates were used.
#[derive(Debug, Clone, Serialize)]
pub struct FxInfo {
    pub source: &'static str,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

/// One figure of one indicator for one group.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    #[serde(skip)]
    pub meta: &'static Meta,
    pub id: &'static str,
    /// The grouping of `group` (`None` for the `all` rows).
    pub group_by: Option<GroupBy>,
    pub group: String,
    #[serde(flatten)]
    pub measure: Measure,
}

/// A computed report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub facts: Facts,
    pub group_by: Option<GroupBy>,
    pub policy: Option<String>,
    pub fx: FxInfo,
    /// The `all` rows first, then each group in key order.
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub definitions: Vec<&'static Meta>,
}

impl Report {
    /// Rows of the whole corpus.
    pub fn totals(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.group_by.is_none())
    }

    /// The `all` rows and the rows of the grouping asked for (what table, JSON, CSV and
    /// XLSX show).
    pub fn main_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|r| r.group_by.is_none() || r.group_by == self.group_by)
    }

    /// The rows of one grouping.
    pub fn rows_by(&self, by: GroupBy) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.group_by == Some(by))
    }

    /// The row of `id` for `group`, stage, variant and split.
    pub fn find(
        &self,
        id: &str,
        group: &str,
        stage: crate::Stage,
        variant: crate::Variant,
        split: Option<&str>,
    ) -> Option<&Row> {
        self.main_rows().find(|r| {
            r.id == id
                && r.group == group
                && r.measure.stage == stage
                && r.measure.variant == variant
                && r.measure.split.as_deref() == split
        })
    }
}

/// Partial results: the whole corpus and each group.
#[derive(Debug, Default, Clone)]
struct Accumulator {
    all: Partials,
    /// (index into the groupings, key) → partials.
    groups: BTreeMap<(usize, String), Partials>,
}

/// Compute every indicator over `records`.
pub fn compute(records: &[LotRecord], options: &Options) -> Report {
    let indicators = Indicators::default();
    let latest = latest_versions(records);
    let facts = Facts::count(latest.iter().copied());
    let mut groupings: Vec<GroupBy> = options.group_by.into_iter().collect();
    for extra in &options.extra_groupings {
        if !groupings.contains(extra) {
            groupings.push(*extra);
        }
    }
    let fold = |mut acc: Accumulator, record: &&LotRecord| {
        let prepared = Prepared::new(record, options.fx, options.policy);
        indicators.fold(&mut acc.all, &prepared);
        for (i, by) in groupings.iter().enumerate() {
            let group = acc.groups.entry((i, by.key(record))).or_default();
            indicators.fold(group, &prepared);
        }
        acc
    };
    let merge = |mut a: Accumulator, b: Accumulator| {
        indicators.merge(&mut a.all, b.all);
        for (key, partials) in b.groups {
            match a.groups.get_mut(&key) {
                Some(mine) => indicators.merge(mine, partials),
                None => {
                    a.groups.insert(key, partials);
                }
            }
        }
        a
    };
    let acc = latest
        .par_chunks(2048)
        .map(|chunk| chunk.iter().fold(Accumulator::default(), fold))
        .reduce(Accumulator::default, merge);

    let mut rows = Vec::new();
    push_rows(&mut rows, &indicators, None, ALL, &acc.all);
    for ((i, key), partials) in &acc.groups {
        push_rows(
            &mut rows,
            &indicators,
            groupings.get(*i).copied(),
            key,
            partials,
        );
    }
    let span = options.fx.span();
    Report {
        facts,
        group_by: options.group_by,
        policy: options.policy.map(|p| p.name().to_string()),
        fx: FxInfo {
            source: fx::SOURCE,
            first_date: span.map(|s| s.0),
            last_date: span.map(|s| s.1),
        },
        rows,
        definitions: indicators.metas(),
    }
}

fn push_rows(
    rows: &mut Vec<Row>,
    indicators: &Indicators,
    group_by: Option<GroupBy>,
    group: &str,
    partials: &Partials,
) {
    for (meta, measures) in indicators.finalize(partials) {
        for measure in measures {
            rows.push(Row {
                meta,
                id: meta.id,
                group_by,
                group: group.to_string(),
                measure,
            });
        }
    }
}

/// How each lot of one notice takes part in each indicator.
#[derive(Debug, Clone, Serialize)]
pub struct LotExplanation {
    pub lot_id: String,
    pub notice_version: u32,
    pub findings: Vec<Finding>,
}

/// Explain the records of one notice with the same indicator code the report uses.
pub fn explain(
    records: &[LotRecord],
    fx: &FxTable,
    policy: Option<&dyn PolicyCheck>,
) -> Vec<LotExplanation> {
    let indicators = Indicators::default();
    latest_versions(records)
        .into_iter()
        .map(|record| {
            let prepared = Prepared::new(record, fx, policy);
            LotExplanation {
                lot_id: record.lot_id.clone(),
                notice_version: record.notice_version,
                findings: indicators.explain(&prepared),
            }
        })
        .collect()
}
