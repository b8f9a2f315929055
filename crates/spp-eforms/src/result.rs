//! `efac:NoticeResult`. Full objects (LotResult, LotTender, TenderingParty, SettledContract)
//! are read from the DIRECT children of NoticeResult only: the same element names nested
//! inside other objects are bare references (§3.1 "name collision trap").

use spp_domain::codelist::*;
use spp_domain::{
    Contract, LotResult, NoticeResult, ReceivedSubmissions, Tender, Tenderer, TenderingParty,
    VehicleStatistics,
};

use crate::tree::{Attr, El, Ns, N};
use crate::values::{privacy_codes, string, Ctx};

use Ns::{Cac, Cbc, Efac, Efbc};

pub fn read(nr: &El<'_, '_>, cx: &mut Ctx) -> NoticeResult {
    let private = privacy_codes(nr);
    let withheld = |code: &str| private.contains(&code);
    NoticeResult {
        total_value: cx.money(nr.child(Cbc, N::TotalAmount), withheld("not-val")),
        framework_maximum_value: cx.money(
            nr.child(Efbc, N::OverallMaximumFrameworkContractsAmount)
                // name used before SDK 1.3
                .or_else(|| nr.child(Cbc, N::EstimatedOverallFrameworkContractsAmount)),
            withheld("not-max-val"),
        ),
        framework_approximate_value: cx.money(
            nr.child(Efbc, N::OverallApproximateFrameworkContractsAmount),
            withheld("not-app-val"),
        ),
        lot_results: nr
            .all(Efac, N::LotResult)
            .map(|r| read_lot_result(&r, cx))
            .collect(),
        tenders: nr
            .all(Efac, N::LotTender)
            .map(|t| read_tender(&t, cx))
            .collect(),
        tendering_parties: nr
            .all(Efac, N::TenderingParty)
            .map(|p| read_party(&p, cx))
            .collect(),
        contracts: nr
            .all(Efac, N::SettledContract)
            .map(|c| read_contract(&c, cx))
            .collect(),
    }
}

/// The `cbc:ID` texts of the `ns:name` children of `el` (references).
fn refs(el: &El<'_, '_>, ns: Ns, name: N) -> Vec<String> {
    el.all(ns, name)
        .filter_map(|r| r.text_at(&[(Cbc, N::ID)]))
        .map(str::to_string)
        .collect()
}

fn read_lot_result(r: &El<'_, '_>, cx: &mut Ctx) -> LotResult {
    let private = privacy_codes(r);
    let withheld = |code: &str| private.contains(&code);
    let fa = r.child(Efac, N::FrameworkAgreementValues);
    let mut out = LotResult {
        id: string(r.child(Cbc, N::ID)),
        lot_id: string(r.first(&[(Efac, N::TenderLot), (Cbc, N::ID)])),
        winner_status: if withheld("win-cho") {
            None
        } else {
            cx.code(r.child(Cbc, N::TenderResultCode))
        },
        not_awarded_reason: cx
            .raw(r.first(&[(Efac, N::DecisionReason), (Efbc, N::DecisionReasonCode)])),
        tender_ids: refs(r, Efac, N::LotTender),
        contract_ids: refs(r, Efac, N::SettledContract),
        framework_maximum_value: cx.money(
            fa.and_then(|f| f.child(Cbc, N::MaximumValueAmount)),
            withheld("max-val"),
        ),
        framework_reestimated_value: cx.money(
            fa.and_then(|f| {
                f.child(Efbc, N::ReestimatedValueAmount)
                    // name used before SDK 1.3
                    .or_else(|| f.child(Cbc, N::EstimatedMaximumValueAmount))
            }),
            withheld("ree-val"),
        ),
        lowest_tender_value: cx.money(r.child(Cbc, N::LowerTenderAmount), withheld("ten-val-low")),
        highest_tender_value: cx
            .money(r.child(Cbc, N::HigherTenderAmount), withheld("ten-val-hig")),
        received_submissions: Vec::new(),
        clean_vehicles: Vec::new(),
    };
    for s in r.all(Efac, N::ReceivedSubmissionsStatistics) {
        let private = privacy_codes(&s);
        if private.contains(&"rec-sub-typ") {
            continue;
        }
        let Some(kind) = cx.code::<SubmissionType>(s.child(Efbc, N::StatisticsCode)) else {
            continue;
        };
        let count = if private.contains(&"rec-sub-cou") {
            None
        } else {
            cx.count(s.child(Efbc, N::StatisticsNumeric))
        };
        out.received_submissions
            .push(ReceivedSubmissions { kind, count });
    }
    // Clean vehicles, SDK 1.3+: efac:StrategicProcurement/efac:StrategicProcurementInformation
    // with a cvd-contract-type code, or (real-file quirk) with vehicle counts but no type.
    for info in r.select(&[
        (Efac, N::StrategicProcurement),
        (Efac, N::StrategicProcurementInformation),
    ]) {
        let type_el = info.child(Efbc, N::ProcurementCategoryCode);
        let type_list = type_el.and_then(|t| t.attr(Attr::ListName));
        let details: Vec<El<'_, '_>> = info.all(Efac, N::ProcurementDetails).collect();
        let has_vehicles = details.iter().any(|d| {
            d.child(Efbc, N::AssetCategoryCode)
                .is_some_and(|c| c.attr(Attr::ListName) == Some("vehicle-category"))
                || d.all(Efac, N::StrategicProcurementStatistics).any(|s| {
                    s.child(Efbc, N::StatisticsCode)
                        .is_some_and(|c| c.attr(Attr::ListName) == Some("vehicles"))
                })
        });
        let is_cvd = match type_list {
            Some("cvd-contract-type") => true,
            Some(_) => false,
            None => has_vehicles,
        };
        if !is_cvd {
            continue;
        }
        let contract_type = if type_list.is_some() {
            cx.code(type_el)
        } else {
            None
        };
        for d in details {
            let category = cx.code(d.child(Efbc, N::AssetCategoryCode));
            for s in d.all(Efac, N::StrategicProcurementStatistics) {
                push_vehicles(&s, contract_type.clone(), category.clone(), &mut out, cx);
            }
        }
    }
    // Before SDK 1.3 the counts sat directly under the lot result.
    for s in r.all(Efac, N::StrategicProcurementStatistics) {
        push_vehicles(&s, None, None, &mut out, cx);
    }
    out
}

fn push_vehicles(
    s: &El<'_, '_>,
    contract_type: Option<CvdContractType>,
    category: Option<VehicleCategory>,
    out: &mut LotResult,
    cx: &mut Ctx,
) {
    let Some(vehicle_type) = cx.code::<VehicleType>(s.child(Efbc, N::StatisticsCode)) else {
        return;
    };
    out.clean_vehicles.push(VehicleStatistics {
        contract_type,
        category,
        vehicle_type,
        count: cx.count(s.child(Efbc, N::StatisticsNumeric)),
    });
}

fn read_tender(t: &El<'_, '_>, cx: &mut Ctx) -> Tender {
    let private = privacy_codes(t);
    let withheld = |code: &str| private.contains(&code);
    let id = t.text_at(&[(Cbc, N::ID)]).unwrap_or_default().to_string();
    if id.is_empty() {
        cx.warn(t, "tender without technical identifier (OPT-321)");
    }
    let rank_el = t.child(Cbc, N::RankCode);
    let rank = if withheld("ten-ran") {
        None
    } else {
        cx.count(rank_el).and_then(|r| u32::try_from(r).ok())
    };
    // BT-773 and its privacy marker (sub-con) sit in efac:SubcontractingTerm.
    let term = t.all(Efac, N::SubcontractingTerm).find(|term| {
        term.child(Efbc, N::TermCode)
            .is_some_and(|c| matches!(c.attr(Attr::ListName), Some("applicability") | None))
    });
    let sub_withheld =
        withheld("sub-con") || term.is_some_and(|term| privacy_codes(&term).contains(&"sub-con"));
    let sub = term.and_then(|term| term.child(Efbc, N::TermCode));
    Tender {
        id,
        reference: string(t.first(&[(Efac, N::TenderReference), (Cbc, N::ID)])),
        lot_id: string(t.first(&[(Efac, N::TenderLot), (Cbc, N::ID)])),
        tendering_party_id: string(t.first(&[(Efac, N::TenderingParty), (Cbc, N::ID)])),
        value: cx.money(
            t.first(&[(Cac, N::LegalMonetaryTotal), (Cbc, N::PayableAmount)]),
            withheld("win-ten-val"),
        ),
        rank,
        subcontracting: if sub_withheld { None } else { cx.raw(sub) },
    }
}

fn read_party(p: &El<'_, '_>, cx: &mut Ctx) -> TenderingParty {
    let id = p.text_at(&[(Cbc, N::ID)]).unwrap_or_default().to_string();
    if id.is_empty() {
        cx.warn(p, "tendering party without identifier (OPT-210)");
    }
    let tenderers = p
        .all(Efac, N::Tenderer)
        .filter_map(|t| {
            let org = t.text_at(&[(Cbc, N::ID)])?;
            Some(Tenderer {
                organisation_id: org.to_string(),
                leader: cx.indicator(t.child(Efbc, N::GroupLeadIndicator)),
            })
        })
        .collect();
    TenderingParty {
        id,
        name: string(p.child(Cbc, N::Name)),
        tenderers,
        subcontractor_ids: refs(p, Efac, N::SubContractor),
    }
}

fn read_contract(c: &El<'_, '_>, cx: &mut Ctx) -> Contract {
    let id = c.text_at(&[(Cbc, N::ID)]).unwrap_or_default().to_string();
    if id.is_empty() {
        cx.warn(c, "contract without technical identifier (OPT-316)");
    }
    Contract {
        id,
        reference: string(c.first(&[(Efac, N::ContractReference), (Cbc, N::ID)])),
        tender_ids: refs(c, Efac, N::LotTender),
        conclusion_date: cx.date(c.child(Cbc, N::IssueDate)),
        award_date: cx.date(c.child(Cbc, N::AwardDate)),
        within_framework: cx.indicator(c.child(Efbc, N::ContractFrameworkIndicator)),
        framework_notice_id: string(c.first(&[(Cac, N::NoticeDocumentReference), (Cbc, N::ID)])),
    }
}
