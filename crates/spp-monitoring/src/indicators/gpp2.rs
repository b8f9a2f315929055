//! **GPP-2 — GPP with established criteria.**
//!
//! - Numerator: lots with BT-805 ∈ {`eu`, `national`, `other`}; also split by code (a lot
//!   naming two codes counts once in the total and once under each code).
//! - Denominator: lots with BT-805 reported (any code, `none` included).
//! - Coverage: lots with BT-805 reported / all lots of the stage.
//! - Stages: call and award.

use spp_domain::codelist::GppCriteria;

use crate::indicator::{codes, Finding, Indicator, Judgement, Meta, PerStage, ShareTally, Why};
use crate::measure::Measure;
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Gpp2;

/// The codes GPP-2 is split by.
const SPLITS: [GppCriteria; 3] = [GppCriteria::Eu, GppCriteria::National, GppCriteria::Other];

/// The total, and one tally per BT-805 code (in the order of `SPLITS`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gpp2Partial {
    pub total: ShareTally,
    pub by_code: [ShareTally; 3],
}

impl Gpp2 {
    pub const META: Meta = Meta {
        id: "GPP-2",
        name: "GPP with established criteria",
        numerator: "lots with BT-805 ∈ {eu, national, other}, also split by code",
        denominator: "lots with BT-805 reported",
        notes: "coverage = lots with BT-805 reported / all lots",
        target: None,
    };

    fn judge(&self, p: &Prepared, only: Option<&GppCriteria>, explain: bool) -> Judgement {
        let criteria = &p.record.gpp_criteria;
        if criteria.is_empty() {
            return Judgement {
                reasons: Why::one(explain, || {
                    "BT-805 not reported: not in the denominator".into()
                }),
                ..Judgement::default()
            };
        }
        let numerator = match only {
            Some(code) => criteria.contains(code),
            None => criteria.iter().any(|c| SPLITS.contains(c)),
        };
        Judgement {
            reported: true,
            denominator: true,
            numerator,
            reasons: Why::one(explain, || format!("BT-805 = {}", codes(criteria))),
        }
    }
}

impl Indicator for Gpp2 {
    type Partial = PerStage<Gpp2Partial>;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        let Some(stage) = p.stage else { return };
        let part = partial.get_mut(stage);
        part.total.add(p, &self.judge(p, None, false));
        for (code, tally) in SPLITS.iter().zip(&mut part.by_code) {
            tally.add(p, &self.judge(p, Some(code), false));
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        for (mine, theirs) in [(&mut into.call, other.call), (&mut into.award, other.award)] {
            mine.total.merge(theirs.total);
            for (tally, other) in mine.by_code.iter_mut().zip(theirs.by_code) {
                tally.merge(other);
            }
        }
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        let mut out = Vec::new();
        for stage in Stage::ALL {
            let part = partial.get(stage);
            out.extend(part.total.measures(stage, "lots", None));
            for (code, tally) in SPLITS.iter().zip(&part.by_code) {
                out.extend(tally.measures(stage, "lots", Some(split_name(code))));
            }
        }
        out
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        p.stage
            .map(|s| self.judge(p, None, true).finding(Self::META.id, s))
            .into_iter()
            .collect()
    }
}

fn split_name(code: &GppCriteria) -> &'static str {
    match code {
        GppCriteria::Eu => "eu",
        GppCriteria::National => "national",
        _ => "other",
    }
}
