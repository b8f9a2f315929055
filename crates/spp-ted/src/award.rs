//! Award results of any form, laid out the eForms way: one lot result, tender, tendering
//! party and settled contract per awarded contract (`RES-0001`, `TEN-0001`, `TPA-0001`,
//! `CON-0001`), the contractors as organisations. So [`spp_domain::derive`] finds winners,
//! values and award dates in TED XML notices exactly as in eForms notices.

use chrono::NaiveDate;
use spp_domain::codelist::{CompanySize, SubmissionType, WinnerSelectionStatus};
use spp_domain::{
    Contract, Lot, LotResult, Money, NoticeResult, Organisation, ReceivedSubmissions, Tender,
    Tenderer, TenderingParty, Text,
};

/// An organisation as TED XML gives it (buyer or contractor).
#[derive(Debug, Default)]
pub struct Party {
    pub name: Text,
    pub national_id: Option<String>,
    pub town: Option<String>,
    pub country: Option<String>,
    pub nuts: Option<String>,
    /// `<SME/>` → true, `<NO_SME/>` → false, neither → not reported.
    pub sme: Option<bool>,
}

impl Party {
    pub fn organisation(self, id: String) -> Organisation {
        Organisation {
            id,
            name: self.name,
            company_id: self.national_id,
            city: self.town,
            country: self.country,
            nuts: self.nuts,
            size: self.sme.map(|sme| {
                if sme {
                    CompanySize::Sme
                } else {
                    CompanySize::Large
                }
            }),
            group_lead: None,
            awarding_cpb: None,
            acquiring_cpb: None,
            natural_person: None,
        }
    }
}

/// One awarded (or not awarded) contract.
#[derive(Debug, Default)]
pub struct Award {
    /// `LOT_NO` / `LOT_NUMBER` as written; `None` for a notice without lots.
    pub lot: Option<String>,
    pub title: Text,
    pub awarded: bool,
    /// Date of conclusion of the contract (2014 forms) or of the award (defence forms).
    pub date: Option<NaiveDate>,
    pub tenders: Option<u64>,
    pub sme_tenders: Option<u64>,
    pub emeans_tenders: Option<u64>,
    pub contractors: Vec<Party>,
    /// `VAL_TOTAL`: the total value of the contract.
    pub value: Option<Money>,
}

/// The lot the `index`-th award is for: the lot with its `LOT_NO`; else, when there is only
/// one lot, that one; else, for an award without `LOT_NO`, the lot in the same position (F15
/// numbers neither); else a new lot with the award's id and title (kept, not dropped).
fn lot_of(award: &Award, index: usize, lots: &mut Vec<Lot>) -> String {
    if let Some(no) = &award.lot {
        if let Some(l) = lots.iter().find(|l| same_lot(&l.id, no)) {
            return l.id.clone();
        }
    }
    if lots.len() == 1 {
        return lots[0].id.clone();
    }
    if let (None, Some(l)) = (&award.lot, lots.get(index)) {
        return l.id.clone();
    }
    let id = award
        .lot
        .clone()
        .unwrap_or_else(|| format!("{}", lots.len() + 1));
    lots.push(Lot {
        id: id.clone(),
        title: award.title.clone(),
        ..Lot::default()
    });
    id
}

/// Lot numbers as buyers write them: `2`, `02`, `Lot 2` and `Lotto 2` are the same lot, so are
/// `Lot A` and `lot a`.
fn same_lot(a: &str, b: &str) -> bool {
    lot_key(a) == lot_key(b)
}

/// A lot number without a leading word and leading zeros, in lower case.
pub fn lot_key(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let number = match s.rsplit_once(' ') {
        Some((_, n)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => n,
        _ => s.as_str(),
    };
    if !number.is_empty() && number.bytes().all(|c| c.is_ascii_digit()) {
        let t = number.trim_start_matches('0');
        if t.is_empty() { "0" } else { t }.to_string()
    } else {
        s
    }
}

/// The result section of `awards`, with their contractors appended to `organisations`.
/// Tender counts are per lot in TED XML but repeated in every contract of a lot: they are
/// kept on the lot's first result only, so sums over a lot's results count them once.
pub fn build(
    awards: Vec<Award>,
    lots: &mut Vec<Lot>,
    organisations: &mut Vec<Organisation>,
) -> Option<NoticeResult> {
    if awards.is_empty() {
        return None;
    }
    let mut r = NoticeResult::default();
    let mut counted_lots: Vec<String> = Vec::new();
    for (i, award) in awards.into_iter().enumerate() {
        let n = i + 1;
        let lot_id = lot_of(&award, i, lots);
        let mut received = Vec::new();
        if !counted_lots.contains(&lot_id) {
            counted_lots.push(lot_id.clone());
            for (kind, count) in [
                (SubmissionType::Tenders, award.tenders),
                (SubmissionType::TSme, award.sme_tenders),
                (SubmissionType::TEsubm, award.emeans_tenders),
            ] {
                if let Some(count) = count {
                    received.push(ReceivedSubmissions {
                        kind,
                        count: Some(count),
                    });
                }
            }
        }
        let (res, ten, tpa, con) = (
            format!("RES-{n:04}"),
            format!("TEN-{n:04}"),
            format!("TPA-{n:04}"),
            format!("CON-{n:04}"),
        );
        let awarded = award.awarded;
        r.lot_results.push(LotResult {
            id: Some(res),
            lot_id: Some(lot_id.clone()),
            winner_status: Some(if awarded {
                WinnerSelectionStatus::Selected
            } else {
                WinnerSelectionStatus::ClosedNoWinner
            }),
            tender_ids: if awarded { vec![ten.clone()] } else { vec![] },
            contract_ids: if awarded { vec![con.clone()] } else { vec![] },
            received_submissions: received,
            ..LotResult::default()
        });
        if !awarded {
            continue;
        }
        let mut tenderers = Vec::new();
        for party in award.contractors {
            let id = format!("ORG-{:04}", organisations.len() + 1);
            tenderers.push(Tenderer {
                organisation_id: id.clone(),
                leader: None,
            });
            organisations.push(party.organisation(id));
        }
        r.tendering_parties.push(TenderingParty {
            id: tpa.clone(),
            name: None,
            tenderers,
            subcontractor_ids: Vec::new(),
        });
        r.tenders.push(Tender {
            id: ten.clone(),
            lot_id: Some(lot_id),
            tendering_party_id: Some(tpa),
            value: award.value,
            ..Tender::default()
        });
        r.contracts.push(Contract {
            id: con,
            tender_ids: vec![ten],
            conclusion_date: award.date,
            award_date: award.date,
            ..Contract::default()
        });
    }
    Some(r)
}
