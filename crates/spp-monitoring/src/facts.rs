//! Corpus facts, exactly as defined in `indicators.md` ("Corpus facts"), over the latest
//! version of each notice. They are plain counts that an independent count over the same
//! files must reproduce.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use spp_domain::codelist::{GppCriteria, StrategicProcurement};
use spp_domain::derive::lot_records;
use spp_domain::{CodeList, LotRecord, Notice, SourceFormat};

use crate::keys::FastMap;
use crate::latest::UNKNOWN_FORM;
use crate::winners::{WinnerCounts, WinnerSet};

/// The corpus facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// Distinct notice ids (latest version).
    pub notices: u64,
    /// Those notices by form type (BT-03).
    pub notices_by_form_type: BTreeMap<String, u64>,
    /// Lots in those notices.
    pub lots: u64,
    /// Lots with at least one BT-06 code (`none` included).
    pub lots_strategic_reported: u64,
    pub lots_env_imp: u64,
    pub lots_soc_obj: u64,
    pub lots_inn_pur: u64,
    /// Lots with a BT-805 code other than `none`.
    pub lots_gpp_criteria: u64,
    /// Notices of form type `result`.
    pub result_notices: u64,
    /// Σ over result notices of the distinct winning organisations.
    pub winners: u64,
    /// Those winners whose BT-165 is micro, small, medium or sme.
    pub winners_sme: u64,
}

/// The facts counted lot by lot, but the winners: folded record by record and merged exactly
/// (the engine counts them in its parallel pass over the records).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LotFacts {
    pub lots: u64,
    pub lots_strategic_reported: u64,
    pub lots_env_imp: u64,
    pub lots_soc_obj: u64,
    pub lots_inn_pur: u64,
    pub lots_gpp_criteria: u64,
    /// Lots by stage year and source format (the report's history table).
    pub by_year_format: BTreeMap<(Option<i32>, Option<SourceFormat>), u64>,
}

impl LotFacts {
    pub fn add(&mut self, r: &LotRecord) {
        self.lots += 1;
        *self.by_year_format.entry((r.year, r.format)).or_default() += 1;
        self.lots_strategic_reported += u64::from(!r.strategic.is_empty());
        self.lots_env_imp += u64::from(r.strategic.contains(&StrategicProcurement::EnvImp));
        self.lots_soc_obj += u64::from(r.strategic.contains(&StrategicProcurement::SocObj));
        self.lots_inn_pur += u64::from(r.strategic.contains(&StrategicProcurement::InnPur));
        self.lots_gpp_criteria += u64::from(r.gpp_criteria.iter().any(|c| *c != GppCriteria::None));
    }

    pub fn merge(&mut self, other: LotFacts) {
        self.lots += other.lots;
        self.lots_strategic_reported += other.lots_strategic_reported;
        self.lots_env_imp += other.lots_env_imp;
        self.lots_soc_obj += other.lots_soc_obj;
        self.lots_inn_pur += other.lots_inn_pur;
        self.lots_gpp_criteria += other.lots_gpp_criteria;
        for (k, n) in other.by_year_format {
            *self.by_year_format.entry(k).or_default() += n;
        }
    }

    /// Lots per stage year (`(unknown)` for none), per format (`eforms`, `ted-xml`,
    /// `register`): which format each year's figures come from.
    pub fn history(&self) -> BTreeMap<String, BTreeMap<String, u64>> {
        let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((year, format), n) in &self.by_year_format {
            let year = year.map_or_else(|| crate::group::UNKNOWN.to_string(), |y| y.to_string());
            let format = format.map_or("register", |f| f.as_str());
            *out.entry(year)
                .or_default()
                .entry(format.to_string())
                .or_default() += n;
        }
        out
    }
}

impl Facts {
    /// Count the facts over records that are already the latest versions.
    pub fn count<'a>(records: impl IntoIterator<Item = &'a LotRecord>) -> Facts {
        let mut notices: FastMap<&str, &str> = FastMap::default();
        let mut lots = LotFacts::default();
        let mut winners = WinnerSet::default();
        for r in records {
            let form = r.form_type.as_ref().map_or(UNKNOWN_FORM, |f| f.as_str());
            notices.insert(r.notice_id.as_str(), form);
            lots.add(r);
            winners.add(r);
        }
        Facts::from_parts(notices.into_values(), &lots, WinnerCounts::of(&winners))
    }

    /// The facts from the form type of each distinct notice, the lot facts and the winners.
    pub(crate) fn from_parts<'a>(
        forms: impl IntoIterator<Item = &'a str>,
        lots: &LotFacts,
        winners: WinnerCounts,
    ) -> Facts {
        let mut counts: FastMap<&str, u64> = FastMap::default();
        for form in forms {
            *counts.entry(form).or_default() += 1;
        }
        let by_form = counts
            .into_iter()
            .map(|(name, n)| (name.to_string(), n))
            .collect();
        Facts::from_counts(by_form, lots, winners)
    }

    /// The facts from the number of distinct notices per form type, the lot facts and the
    /// winners.
    pub(crate) fn from_counts(
        notices_by_form_type: BTreeMap<String, u64>,
        lots: &LotFacts,
        winners: WinnerCounts,
    ) -> Facts {
        Facts {
            notices: notices_by_form_type.values().sum(),
            result_notices: notices_by_form_type.get("result").copied().unwrap_or(0),
            notices_by_form_type,
            lots: lots.lots,
            lots_strategic_reported: lots.lots_strategic_reported,
            lots_env_imp: lots.lots_env_imp,
            lots_soc_obj: lots.lots_soc_obj,
            lots_inn_pur: lots.lots_inn_pur,
            lots_gpp_criteria: lots.lots_gpp_criteria,
            winners: winners.winners,
            winners_sme: winners.any_sme,
        }
    }

    /// Add the current notices that have no lot (they give no lot record but are notices):
    /// one form type (BT-03) per notice.
    pub fn add_notices_without_lots<'a>(
        &mut self,
        form_types: impl IntoIterator<Item = Option<&'a str>>,
    ) {
        for form in form_types {
            let name = form.unwrap_or(UNKNOWN_FORM);
            self.notices += 1;
            *self
                .notices_by_form_type
                .entry(name.to_string())
                .or_default() += 1;
            self.result_notices += u64::from(name == "result");
        }
    }

    /// The facts of a set of parsed notices without a store, under the store's rules: the
    /// highest version of each notice id; a notice that a change notice (BT-758) names at
    /// that version or later is superseded; notices without lots count as notices.
    pub fn of_notices(notices: &[Notice]) -> Facts {
        let mut highest: FastMap<&str, u32> = FastMap::default();
        for n in notices {
            let v = highest.entry(n.id.as_str()).or_insert(0);
            *v = (*v).max(n.version_number());
        }
        let superseded: BTreeSet<&str> = notices
            .iter()
            .filter_map(|n| {
                let (id, v) = n.change.as_ref()?.changed_id_and_version()?;
                let v: u32 = v.parse().ok()?;
                (id != n.id && highest.get(id).is_some_and(|h| v >= *h)).then_some(id)
            })
            .collect();
        let current: Vec<&Notice> = notices
            .iter()
            .filter(|n| !superseded.contains(n.id.as_str()))
            .filter(|n| highest.get(n.id.as_str()) == Some(&n.version_number()))
            .collect();
        let records: Vec<LotRecord> = current.iter().flat_map(|n| lot_records(n)).collect();
        let mut facts = Facts::count(&records);
        facts.add_notices_without_lots(
            current
                .iter()
                .filter(|n| n.lots.is_empty())
                .map(|n| n.form_type.as_ref().map(CodeList::as_str)),
        );
        facts
    }
}
