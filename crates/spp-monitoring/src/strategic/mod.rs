//! The figures of the policy reports (issue #14), over the same prepared records as the
//! indicators: the priority list ([`priority`], PRI-1), the EU monitoring-report figures
//! ([`eu`], EUM-*), and the benchmark figures by region or country ([`benchmark`], BEN-*).
//! Definitions: docs/INDICATORS.md.

pub mod benchmark;
pub mod eu;
pub mod priority;

use spp_domain::LotRecord;

use crate::engine::Options;
use crate::latest::latest;
use crate::plausibility::NoticeChecks;
use crate::prepared::{Checks, Prepared};

/// The current versions of `records`, prepared as the report prepares them (EUR values,
/// policy verdict, plausibility checks with each notice's other lots).
pub fn prepare_all<'r>(records: &[&'r LotRecord], options: &Options) -> Vec<Prepared<'r>> {
    let latest = latest(records);
    let notice_checks = NoticeChecks::of(latest.records.iter().copied());
    let checks = Checks {
        notice: &notice_checks,
        include: options.include_implausible,
    };
    latest
        .records
        .iter()
        .map(|r| Prepared::checked(r, options.fx, options.policy, false, checks))
        .collect()
}

/// True when the policy verdict says the lot meets the SPP-1 policy.
pub(crate) fn meets_policy(p: &Prepared) -> bool {
    matches!(
        p.policy,
        Some(crate::prepared::PolicyOutcome::Covered { met: true, .. })
    )
}
