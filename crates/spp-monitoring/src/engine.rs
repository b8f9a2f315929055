//! Computing a report: keep the latest version of each notice, prepare every record once,
//! fold records into per-group partial results in parallel runs, merge the runs in record
//! order (exactly: numerators and denominators add up, sets are unions), and finalize into
//! rows.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use spp_domain::LotRecord;

use crate::facts::{Facts, LotFacts};
use crate::fx::{self, FxTable};
use crate::group::{GroupBy, RawKey, ALL};
use crate::indicator::{Finding, Meta};
use crate::indicators::{Indicators, Partials};
use crate::keys::FastMap;
use crate::latest::{latest, latest_versions};
use crate::measure::Measure;
use crate::plausibility::{FlaggedLot, NoticeChecks};
use crate::prepared::{Checks, PolicyCheck, Prepared};

/// What to compute.
pub struct Options<'a> {
    /// The grouping asked for (rows beside the `all` rows).
    pub group_by: Option<GroupBy>,
    /// More groupings computed in the same pass (the HTML charts use year, country, CPV division).
    pub extra_groupings: Vec<GroupBy>,
    pub policy: Option<&'a dyn PolicyCheck>,
    pub fx: &'a FxTable,
    /// Count values and vehicle counts the plausibility checks flag (they are listed either
    /// way; see `docs/INDICATORS.md`, "Plausibility").
    pub include_implausible: bool,
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
    /// Lots per stage year and source format: the years of the history and which format
    /// (eForms, TED XML) each year's figures come from.
    pub lots_by_year_and_format:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    pub group_by: Option<GroupBy>,
    pub policy: Option<String>,
    pub fx: FxInfo,
    /// The values and counts the plausibility checks flagged, in record order.
    pub implausible: Vec<FlaggedLot>,
    /// Whether they were counted all the same.
    pub include_implausible: bool,
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

/// The partial results of one grouping. A record finds its group by its raw key (borrowed
/// from the record, no allocation); groups are named by [`GroupBy::key`], which may give
/// several raw keys the same name.
#[derive(Default)]
struct Grouped<'a> {
    by_raw: FastMap<RawKey<'a>, usize>,
    by_key: FastMap<String, usize>,
    groups: Vec<(String, Partials)>,
}

impl<'a> Grouped<'a> {
    fn partials(&mut self, by: GroupBy, record: &'a LotRecord) -> Option<&mut Partials> {
        let raw = by.raw_key(record);
        let index = match self.by_raw.get(&raw) {
            Some(index) => *index,
            None => {
                let index = self.index_of(by.key(record), Partials::default()).0;
                self.by_raw.insert(raw, index);
                index
            }
        };
        self.groups.get_mut(index).map(|(_, partials)| partials)
    }

    /// The index of group `key`, added with `partials` if new; else `partials` is handed back.
    fn index_of(&mut self, key: String, partials: Partials) -> (usize, Option<Partials>) {
        match self.by_key.get(&key) {
            Some(index) => (*index, Some(partials)),
            None => {
                let index = self.groups.len();
                self.by_key.insert(key.clone(), index);
                self.groups.push((key, partials));
                (index, None)
            }
        }
    }

    fn merge(&mut self, other: Grouped<'a>, indicators: &Indicators) {
        let mut remap = Vec::with_capacity(other.groups.len());
        for (key, partials) in other.groups {
            let (index, existing) = self.index_of(key, partials);
            if let (Some(partials), Some((_, mine))) = (existing, self.groups.get_mut(index)) {
                indicators.merge(mine, partials);
            }
            remap.push(index);
        }
        for (raw, index) in other.by_raw {
            if let Some(index) = remap.get(index) {
                self.by_raw.entry(raw).or_insert(*index);
            }
        }
    }
}

/// Partial results over a run of records: the corpus facts, the whole corpus, each grouping.
struct Accumulator<'a> {
    records: usize,
    facts: LotFacts,
    flagged: Vec<FlaggedLot>,
    all: Partials,
    grouped: Vec<Grouped<'a>>,
}

impl Accumulator<'_> {
    fn new(groupings: usize) -> Self {
        Accumulator {
            records: 0,
            facts: LotFacts::default(),
            flagged: Vec::new(),
            all: Partials::default(),
            grouped: (0..groupings).map(|_| Grouped::default()).collect(),
        }
    }
}

/// Compute every indicator over `records`.
pub fn compute(records: &[LotRecord], options: &Options) -> Report {
    let refs: Vec<&LotRecord> = records.iter().collect();
    compute_refs(&refs, options)
}

/// [`compute`] over records held elsewhere (for example the store's
/// `LotRecords`, without gathering them into one vector).
pub fn compute_refs(records: &[&LotRecord], options: &Options) -> Report {
    compute_within(records, None, options)
}

/// [`compute_refs`] over `records` chosen from `notices` (the current records of the same
/// notices before a filter chose some of their lots): the plausibility check that needs the
/// other lots of a notice (P-4) sees all of them, not only those the filter kept.
pub fn compute_within<'r>(
    records: &[&'r LotRecord],
    notices: Option<&[&LotRecord]>,
    options: &Options,
) -> Report {
    let indicators = Indicators::default();
    let latest = latest(records);
    let groupings = groupings(options);
    let notice_checks = match notices {
        Some(notices) => NoticeChecks::of(notices.iter().copied()),
        None => NoticeChecks::of(latest.records.iter().copied()),
    };
    let checks = Checks {
        notice: &notice_checks,
        include: options.include_implausible,
    };
    let fold = |acc: &mut Accumulator<'r>, record: &'r LotRecord| {
        let prepared = Prepared::checked(record, options.fx, options.policy, false, checks);
        acc.records += 1;
        for flag in &prepared.implausible {
            acc.flagged
                .push(FlaggedLot::new(record, flag, checks.include));
        }
        acc.facts.add(record);
        indicators.fold(&mut acc.all, &prepared);
        for (by, grouped) in groupings.iter().zip(&mut acc.grouped) {
            if let Some(partials) = grouped.partials(*by, record) {
                indicators.fold(partials, &prepared);
            }
        }
    };
    // In record order: `a` holds the records before `b`'s.
    let merge = |mut a: Accumulator<'r>, b: Accumulator<'r>| -> Accumulator<'r> {
        if a.records == 0 {
            return b;
        }
        a.records += b.records;
        a.facts.merge(b.facts);
        a.flagged.extend(b.flagged);
        indicators.merge(&mut a.all, b.all);
        for (mine, theirs) in a.grouped.iter_mut().zip(b.grouped) {
            mine.merge(theirs, &indicators);
        }
        a
    };
    // A few large runs per thread: enough to balance the threads, few merges.
    let run = (latest.records.len() / (rayon::current_num_threads().max(1) * 4)).max(4096);
    let acc = latest
        .records
        .par_chunks(run)
        .map(|chunk| {
            let mut acc = Accumulator::new(groupings.len());
            for record in chunk {
                fold(&mut acc, record);
            }
            acc
        })
        .reduce(|| Accumulator::new(groupings.len()), merge);

    let groups = groupings
        .iter()
        .zip(acc.grouped)
        .map(|(by, grouped)| (*by, grouped.groups))
        .collect();
    // The winners of the facts are SME-1's unit: counted once, in SME-1's partial result.
    let facts = Facts::from_parts(latest.forms, &acc.facts, acc.all.sme1.counts());
    let parts = Parts {
        facts,
        history: acc.facts.history(),
        implausible: acc.flagged,
        all: acc.all,
        groups,
    };
    assemble(&indicators, parts, options)
}

/// What a report is made of, however it was computed (records or stored aggregates).
pub(crate) struct Parts {
    pub facts: Facts,
    pub history: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    pub implausible: Vec<FlaggedLot>,
    pub all: Partials,
    /// Per grouping, its groups (in any order).
    pub groups: Vec<(GroupBy, Vec<(String, Partials)>)>,
}

/// The groupings of `options` in report order: the one asked for, then the extra ones.
pub fn groupings(options: &Options) -> Vec<GroupBy> {
    let mut groupings: Vec<GroupBy> = options.group_by.into_iter().collect();
    for extra in &options.extra_groupings {
        if !groupings.contains(extra) {
            groupings.push(*extra);
        }
    }
    groupings
}

/// Finalize the partial results into a report.
pub(crate) fn assemble(indicators: &Indicators, parts: Parts, options: &Options) -> Report {
    let mut rows = Vec::new();
    push_rows(&mut rows, indicators, None, ALL, &parts.all);
    for (by, mut groups) in parts.groups {
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, partials) in &groups {
            push_rows(&mut rows, indicators, Some(by), key, partials);
        }
    }
    let span = options.fx.span();
    Report {
        lots_by_year_and_format: parts.history,
        facts: parts.facts,
        implausible: parts.implausible,
        include_implausible: options.include_implausible,
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
    let latest = latest_versions(records);
    let notice = NoticeChecks::of(latest.iter().copied());
    let checks = Checks {
        notice: &notice,
        include: false,
    };
    latest
        .into_iter()
        .map(|record| {
            let prepared = Prepared::checked(record, fx, policy, true, checks);
            LotExplanation {
                lot_id: record.lot_id.clone(),
                notice_version: record.notice_version,
                findings: indicators.explain(&prepared),
            }
        })
        .collect()
}
