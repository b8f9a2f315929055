//! OCDS awards, contracts and bid statistics → the eForms-shaped result section spp derives
//! winners and values from. OCDS says who won (`awards[].suppliers`) and for how much
//! (`awards[].value`) per award; each active award becomes one winning tender of that value
//! by a tendering party of its suppliers, settled by the award's contracts.

use spp_domain::codelist::*;
use spp_domain::{
    CodeList, Contract, Lot, LotResult, NoticeResult, ReceivedSubmissions, Tender, Tenderer,
    TenderingParty, Warning,
};

use crate::codes::{self, to_eforms};
use crate::model;
use crate::read::{date, money, warn};

/// The result section, or `None` when the release has no awards and no bid statistics.
pub fn result(
    release: &model::Release,
    lots: &[Lot],
    warnings: &mut Vec<Warning>,
) -> Option<NoticeResult> {
    let statistics = release.bids.as_ref().map_or(&[][..], |b| &b.statistics[..]);
    if release.awards.is_empty() && statistics.is_empty() {
        return None;
    }
    let single_lot = (lots.len() == 1).then(|| lots[0].id.clone());
    let mut result = NoticeResult::default();
    for (i, award) in release.awards.iter().enumerate() {
        add_award(
            &mut result,
            release,
            award,
            i,
            single_lot.as_deref(),
            warnings,
        );
    }
    for stat in statistics {
        add_statistic(&mut result, stat, single_lot.as_deref());
    }
    Some(result)
}

fn add_award(
    result: &mut NoticeResult,
    release: &model::Release,
    award: &model::Award,
    index: usize,
    single_lot: Option<&str>,
    warnings: &mut Vec<Warning>,
) {
    let at = format!("awards[{index}]");
    let award_id = award.id.clone().unwrap_or_else(|| format!("award-{index}"));
    let mut lot_ids: Vec<String> = award.related_lots.clone();
    if lot_ids.is_empty() {
        match single_lot {
            Some(l) => lot_ids.push(l.to_string()),
            None => warn(
                warnings,
                &at,
                "award without relatedLots in a release of several lots: not counted",
            ),
        }
    }
    if lot_ids.len() > 1 {
        warn(
            warnings,
            &at,
            "award for several lots: its value counts for each of them",
        );
    }
    let status = award
        .status
        .as_deref()
        .map(|s| WinnerSelectionStatus::parse(to_eforms(codes::AWARD_STATUS, s).unwrap_or(s)));
    let won = match &status {
        Some(WinnerSelectionStatus::Selected) => true,
        Some(_) => false,
        None => !award.suppliers.is_empty(),
    };
    let mut contract_ids = Vec::new();
    if won {
        let tender_id = format!("{award_id}/tender");
        let party_id = format!("{award_id}/party");
        result.tendering_parties.push(TenderingParty {
            id: party_id.clone(),
            name: None,
            tenderers: award
                .suppliers
                .iter()
                .filter_map(|s| s.id.clone())
                .map(|organisation_id| Tenderer {
                    organisation_id,
                    leader: None,
                })
                .collect(),
            subcontractor_ids: Vec::new(),
        });
        result.tenders.push(Tender {
            id: tender_id.clone(),
            lot_id: lot_ids.first().cloned(),
            tendering_party_id: Some(party_id),
            value: money(award.value.as_ref()),
            ..Tender::default()
        });
        let award_date = award.date.as_deref().and_then(|d| date(d, &at, warnings));
        let mut contracts: Vec<Contract> = release
            .contracts
            .iter()
            .filter(|c| c.award_id.as_deref() == Some(award_id.as_str()))
            .enumerate()
            .map(|(n, c)| Contract {
                id: c
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{award_id}/contract-{n}")),
                tender_ids: vec![tender_id.clone()],
                conclusion_date: c
                    .date_signed
                    .as_deref()
                    .and_then(|d| date(d, &at, warnings)),
                award_date,
                ..Contract::default()
            })
            .collect();
        if contracts.is_empty() {
            contracts.push(Contract {
                id: format!("{award_id}/contract"),
                tender_ids: vec![tender_id],
                award_date,
                ..Contract::default()
            });
        }
        contract_ids = contracts.iter().map(|c| c.id.clone()).collect();
        result.contracts.extend(contracts);
    }
    for lot_id in lot_ids {
        result.lot_results.push(LotResult {
            id: Some(award_id.clone()),
            lot_id: Some(lot_id),
            winner_status: status.clone(),
            contract_ids: contract_ids.clone(),
            ..LotResult::default()
        });
    }
}

/// `bids.statistics` (bid extension): `bids`, `smeBids`, `electronicBids` → BT-759 counts.
fn add_statistic(result: &mut NoticeResult, stat: &model::BidStatistic, single_lot: Option<&str>) {
    let kind = match stat.measure.as_deref() {
        Some("bids") => SubmissionType::Tenders,
        Some("smeBids") => SubmissionType::TSme,
        Some("electronicBids") => SubmissionType::TEsubm,
        _ => return,
    };
    let Some(lot) = stat.related_lot.as_deref().or(single_lot) else {
        return;
    };
    let count = stat
        .value
        .filter(|v| v.fract().is_zero() && !v.is_sign_negative())
        .and_then(|v| rust_decimal::prelude::ToPrimitive::to_u64(&v));
    let index = match result
        .lot_results
        .iter()
        .position(|r| r.lot_id.as_deref() == Some(lot))
    {
        Some(i) => i,
        None => {
            result.lot_results.push(LotResult {
                lot_id: Some(lot.to_string()),
                ..LotResult::default()
            });
            result.lot_results.len() - 1
        }
    };
    result.lot_results[index]
        .received_submissions
        .push(ReceivedSubmissions { kind, count });
}
