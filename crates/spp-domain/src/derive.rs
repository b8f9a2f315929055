//! From a notice to its lot records, following the conventions of the indicator spec:
//!
//! - **Winners** are reached by LotResult → SettledContract (OPT-315) → LotTender (BT-3202)
//!   → TenderingParty (OPT-310) → Tenderer (OPT-300) → Organisation. A tender listed under a
//!   lot result but referenced by no settled contract did not win. A lot result that says no
//!   winner was chosen (`clos-nw`, `open-nw`) has no winners. A consortium has several
//!   winning organisations; subcontractors are never winners.
//! - **Awarded value** of a lot is Σ BT-720 of its winning tenders, only when every one is
//!   known and all share one currency; otherwise it is unknown and flagged partial.
//!   Framework lots without tender values carry BT-709 (else BT-660) as a *ceiling*.
//! - **Year** is the award-decision year (earliest BT-1451) for result notices, falling back
//!   to the dispatch year (BT-05); the dispatch year for every other notice.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::codelist::{FormType, SubmissionType, VehicleType, WinnerSelectionStatus};
use crate::notice::{Contract, Lot, LotResult, Notice, NoticeResult, Tender};
use crate::record::{LotRecord, RecordSource, Winner};
use crate::value::Money;

/// One record per lot of `notice`, in the notice's lot order.
pub fn lot_records(notice: &Notice) -> Vec<LotRecord> {
    let lead = notice.lead_buyer();
    let lead_legal_type = lead.and_then(|org| {
        notice
            .buyers
            .iter()
            .find(|b| b.organisation_id.as_deref() == Some(org.id.as_str()))
            .and_then(|b| b.legal_type.clone())
    });
    let lots_in_notice = u32::try_from(notice.lots.len()).unwrap_or(u32::MAX);

    notice
        .lots
        .iter()
        .map(|lot| {
            let results: Vec<&LotResult> = notice
                .result
                .iter()
                .flat_map(|r| r.lot_results.iter())
                .filter(|r| r.lot_id.as_deref() == Some(lot.id.as_str()))
                .collect();
            let award = notice
                .result
                .as_ref()
                .map(|r| LotAward::of(notice, r, lot, &results))
                .unwrap_or_default();
            let year = match notice.form_type {
                Some(FormType::Result) => award.award_date.or(notice.issue_date),
                _ => notice.issue_date,
            }
            .map(|d| d.year());

            LotRecord {
                source: RecordSource::Notice,
                format: Some(notice.format),
                notice_id: notice.id.clone(),
                notice_version: notice.version_number(),
                procedure_id: notice.procedure_id.clone(),
                lot_id: lot.id.clone(),
                form_type: notice.form_type.clone(),
                subtype: notice.subtype.clone(),
                issue_date: notice.issue_date,
                award_date: award.award_date,
                year,
                buyer_name: lead.and_then(|o| o.name.0.first()).map(|t| t.text.clone()),
                buyer_id: lead.and_then(|o| o.company_id.clone()),
                buyer_country: lead.and_then(|o| o.country.clone()),
                buyer_nuts: lead.and_then(|o| o.nuts.clone()),
                buyer_legal_type: lead_legal_type.clone(),
                buyer_count: u32::try_from(notice.buyers.len()).unwrap_or(u32::MAX),
                procedure_type: notice.procedure.procedure_type.clone(),
                lots_in_notice,
                nature: lot
                    .nature
                    .clone()
                    .or_else(|| notice.procedure.nature.clone()),
                main_cpv: lot
                    .main_cpv
                    .clone()
                    .or_else(|| notice.procedure.main_cpv.clone()),
                product_group: None,
                strategic: lot.strategic.procurement.clone(),
                environmental: lot.strategic.environmental.clone(),
                social: lot.strategic.social.clone(),
                innovative: lot.strategic.innovative.clone(),
                gpp_criteria: lot.strategic.gpp_criteria.clone(),
                reserved: lot.reserved.clone(),
                esubmission: lot.esubmission.clone(),
                award_criterion_types: lot
                    .award_criteria
                    .iter()
                    .filter_map(|c| c.criterion_type.clone())
                    .collect(),
                framework: lot.framework.clone(),
                cvd_applies: lot.clean_vehicles.as_ref().and_then(|c| c.applies),
                vehicles_total: vehicle_count(&results, VehicleType::All),
                vehicles_clean: vehicle_count(&results, VehicleType::Clean),
                vehicles_zero_emission: vehicle_count(&results, VehicleType::ZeroEmission),
                estimated_value: lot.estimated_value.clone(),
                awarded: award.awarded,
                awarded_value: award.value,
                awarded_value_partial: award.value_partial,
                framework_ceiling: award.framework_ceiling,
                tenders_received: submission_count(&results, SubmissionType::Tenders),
                sme_tenders_received: submission_count(&results, SubmissionType::TSme),
                esubmitted_tenders_received: submission_count(&results, SubmissionType::TEsubm),
                winners: award.winners,
                flags: Vec::new(),
            }
        })
        .collect()
}

/// What the result section says about one lot.
#[derive(Debug, Default)]
struct LotAward {
    awarded: bool,
    award_date: Option<NaiveDate>,
    value: Option<Money>,
    value_partial: bool,
    framework_ceiling: Option<Money>,
    winners: Vec<Winner>,
}

impl LotAward {
    fn of(notice: &Notice, result: &NoticeResult, lot: &Lot, results: &[&LotResult]) -> Self {
        let contracts = winning_contracts(result, lot, results);
        let tenders: Vec<&Tender> = {
            let ids: BTreeSet<&str> = contracts
                .iter()
                .flat_map(|c| c.tender_ids.iter().map(String::as_str))
                .collect();
            ids.into_iter()
                .filter_map(|id| result.tenders.iter().find(|t| t.id == id))
                .collect()
        };
        let awarded = !contracts.is_empty()
            || results
                .iter()
                .any(|r| r.winner_status == Some(WinnerSelectionStatus::Selected));
        let (value, value_partial) = sum_tender_values(&tenders);
        let framework_ceiling = if value.is_none() {
            sum_all(results.iter().filter_map(|r| {
                r.framework_maximum_value
                    .as_ref()
                    .or(r.framework_reestimated_value.as_ref())
            }))
        } else {
            None
        };
        LotAward {
            awarded,
            award_date: contracts.iter().filter_map(|c| c.award_date).min(),
            value,
            value_partial,
            framework_ceiling,
            winners: winners(notice, result, &tenders),
        }
    }
}

/// The settled contracts that award `lot`: those its lot results reference (OPT-315), and
/// those referencing a tender its lot results list (OPT-320), unless the result says no
/// winner was chosen. A lot without any lot result falls back to contracts whose tenders
/// name the lot (BT-13714), as VEAT and modification notices may omit lot results.
fn winning_contracts<'a>(
    result: &'a NoticeResult,
    lot: &Lot,
    results: &[&LotResult],
) -> Vec<&'a Contract> {
    let mut picked: Vec<&Contract> = Vec::new();
    let mut pick = |c: &'a Contract| {
        if !picked.iter().any(|p| p.id == c.id) {
            picked.push(c);
        }
    };
    if results.is_empty() {
        for contract in &result.contracts {
            let names_lot = contract.tender_ids.iter().any(|tid| {
                result
                    .tenders
                    .iter()
                    .any(|t| &t.id == tid && t.lot_id.as_deref() == Some(lot.id.as_str()))
            });
            if names_lot {
                pick(contract);
            }
        }
        return picked;
    }
    for lot_result in results {
        if matches!(
            lot_result.winner_status,
            Some(WinnerSelectionStatus::ClosedNoWinner | WinnerSelectionStatus::OpenNoWinner)
        ) {
            continue;
        }
        for contract in &result.contracts {
            let referenced = lot_result.contract_ids.contains(&contract.id);
            let via_tender = contract
                .tender_ids
                .iter()
                .any(|t| lot_result.tender_ids.contains(t));
            if referenced || via_tender {
                pick(contract);
            }
        }
    }
    picked
}

/// Σ BT-720 when every value is known and in one currency; otherwise `(None, true)`.
/// No tenders gives `(None, false)`.
fn sum_tender_values(tenders: &[&Tender]) -> (Option<Money>, bool) {
    if tenders.is_empty() {
        return (None, false);
    }
    let values: Option<Vec<&Money>> = tenders.iter().map(|t| t.value.as_ref()).collect();
    match values.and_then(|v| sum_all(v.into_iter())) {
        Some(total) => (Some(total), false),
        None => (None, true),
    }
}

/// Sum of monies that are all known and share one currency (withheld or mixed → `None`).
fn sum_all<'a>(mut monies: impl Iterator<Item = &'a Money>) -> Option<Money> {
    let first = monies.next()?;
    let (mut total, currency) = first.known()?;
    for money in monies {
        let (value, cur) = money.known()?;
        if cur != currency {
            return None;
        }
        total += value;
    }
    Some(Money::Amount {
        value: total,
        currency: currency.map(str::to_string),
    })
}

/// Distinct winning organisations of `tenders`, in tender order; a consortium gives several.
fn winners(notice: &Notice, result: &NoticeResult, tenders: &[&Tender]) -> Vec<Winner> {
    let mut out: Vec<Winner> = Vec::new();
    for tender in tenders {
        let Some(party) = tender
            .tendering_party_id
            .as_deref()
            .and_then(|id| result.tendering_parties.iter().find(|p| p.id == id))
        else {
            continue;
        };
        let tender_value: Option<Decimal> =
            tender.value.as_ref().and_then(|m| m.known()).map(|k| k.0);
        for member in &party.tenderers {
            if let Some(existing) = out
                .iter_mut()
                .find(|w| w.organisation_id == member.organisation_id)
            {
                existing.tender_value = match (existing.tender_value, tender_value) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                continue;
            }
            let org = notice.organisation(&member.organisation_id);
            out.push(Winner {
                organisation_id: member.organisation_id.clone(),
                name: org.and_then(|o| o.name.0.first()).map(|t| t.text.clone()),
                company_id: org.and_then(|o| o.company_id.clone()),
                country: org.and_then(|o| o.country.clone()),
                size: org.and_then(|o| o.size.clone()),
                leader: member.leader,
                tender_value,
            });
        }
    }
    out
}

fn vehicle_count(results: &[&LotResult], kind: VehicleType) -> Option<u64> {
    let counts: Vec<u64> = results
        .iter()
        .flat_map(|r| r.clean_vehicles.iter())
        .filter(|v| v.vehicle_type == kind)
        .filter_map(|v| v.count)
        .collect();
    (!counts.is_empty()).then(|| counts.iter().sum())
}

fn submission_count(results: &[&LotResult], kind: SubmissionType) -> Option<u64> {
    let counts: Vec<u64> = results
        .iter()
        .flat_map(|r| r.received_submissions.iter())
        .filter(|s| s.kind == kind)
        .filter_map(|s| s.count)
        .collect();
    (!counts.is_empty()).then(|| counts.iter().sum())
}

#[cfg(test)]
#[path = "derive_tests.rs"]
mod tests;
