//! Hand-built notices with the cases that decide the numbers: consortium winners, a
//! non-winning tender listed in a lot result, a lot without a winner, withheld values,
//! framework ceilings, mixed currencies.

use super::*;
use crate::codelist::*;
use crate::notice::*;
use crate::value::{Cpv, LangText, Text};
use rust_decimal_macros::dec;

fn eur(v: Decimal) -> Option<Money> {
    Some(Money::Amount {
        value: v,
        currency: Some("EUR".into()),
    })
}

fn org(id: &str, name: &str, size: Option<&str>) -> Organisation {
    Organisation {
        id: id.into(),
        name: Text(vec![LangText {
            lang: Some("ENG".into()),
            text: name.into(),
        }]),
        company_id: Some(format!("BE-{id}")),
        city: None,
        country: Some("BEL".into()),
        nuts: Some("BE100".into()),
        size: size.map(CompanySize::parse),
        group_lead: None,
        awarding_cpb: None,
        acquiring_cpb: None,
        natural_person: None,
    }
}

fn tender(id: &str, lot: &str, party: &str, value: Option<Money>) -> Tender {
    Tender {
        id: id.into(),
        lot_id: Some(lot.into()),
        tendering_party_id: Some(party.into()),
        value,
        ..Tender::default()
    }
}

fn party(id: &str, members: &[(&str, Option<bool>)]) -> TenderingParty {
    TenderingParty {
        id: id.into(),
        name: None,
        tenderers: members
            .iter()
            .map(|(o, leader)| Tenderer {
                organisation_id: (*o).into(),
                leader: *leader,
            })
            .collect(),
        subcontractor_ids: vec![],
    }
}

fn contract(id: &str, tenders: &[&str], award: Option<NaiveDate>) -> Contract {
    Contract {
        id: id.into(),
        tender_ids: tenders.iter().map(|t| (*t).into()).collect(),
        award_date: award,
        ..Contract::default()
    }
}

fn lot(id: &str) -> Lot {
    Lot {
        id: id.into(),
        main_cpv: Some(Cpv::parse("34144900").unwrap()),
        ..Lot::default()
    }
}

/// Three lots:
/// - LOT-0001: awarded to a consortium (ORG-0002 large leader + ORG-0003 micro) with a
///   subcontractor ORG-0005; tender TEN-0002 of ORG-0004 is listed but did not win.
/// - LOT-0002: `clos-nw`, lists tender TEN-0003 which no contract references.
/// - LOT-0003: framework, winning tender value withheld, BT-709 = 500 000 EUR.
fn result_notice() -> Notice {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    Notice {
        format: crate::SourceFormat::Eforms,
        id: "n-1".into(),
        version: "02".into(),
        customization_id: Some("eforms-sdk-1.10".into()),
        procedure_id: Some("p-1".into()),
        notice_type: Some("can-standard".into()),
        form_type: Some(FormType::Result),
        subtype: Some("29".into()),
        legal_basis: None,
        issue_date: d("2024-01-10"),
        issue_time: None,
        language: Some("ENG".into()),
        publication: None,
        change: None,
        procedure: Procedure {
            procedure_type: Some(ProcedureType::Open),
            ..Procedure::default()
        },
        buyers: vec![Buyer {
            organisation_id: Some("ORG-0001".into()),
            legal_type: Some(BuyerLegalType::La),
            activity: None,
        }],
        organisations: vec![
            org("ORG-0001", "City of Ghent", None),
            org("ORG-0002", "Big Builder", Some("large")),
            org("ORG-0003", "Tiny Partner", Some("micro")),
            org("ORG-0004", "Loser Ltd", Some("small")),
            org("ORG-0005", "Sub Co", Some("medium")),
            org("ORG-0006", "Frame Co", None),
        ],
        lots: vec![lot("LOT-0001"), lot("LOT-0002"), lot("LOT-0003")],
        result: Some(NoticeResult {
            lot_results: vec![
                LotResult {
                    id: Some("RES-0001".into()),
                    lot_id: Some("LOT-0001".into()),
                    winner_status: Some(WinnerSelectionStatus::Selected),
                    tender_ids: vec!["TEN-0001".into(), "TEN-0002".into()],
                    contract_ids: vec!["CON-0001".into()],
                    received_submissions: vec![
                        ReceivedSubmissions {
                            kind: SubmissionType::Tenders,
                            count: Some(2),
                        },
                        ReceivedSubmissions {
                            kind: SubmissionType::TSme,
                            count: Some(1),
                        },
                    ],
                    clean_vehicles: vec![
                        VehicleStatistics {
                            contract_type: Some(CvdContractType::VehicleAcquisition),
                            category: Some(VehicleCategory::M1),
                            vehicle_type: VehicleType::All,
                            count: Some(10),
                        },
                        VehicleStatistics {
                            contract_type: Some(CvdContractType::VehicleAcquisition),
                            category: Some(VehicleCategory::M1),
                            vehicle_type: VehicleType::Clean,
                            count: Some(4),
                        },
                    ],
                    ..LotResult::default()
                },
                LotResult {
                    id: Some("RES-0002".into()),
                    lot_id: Some("LOT-0002".into()),
                    winner_status: Some(WinnerSelectionStatus::ClosedNoWinner),
                    tender_ids: vec!["TEN-0003".into()],
                    ..LotResult::default()
                },
                LotResult {
                    id: Some("RES-0003".into()),
                    lot_id: Some("LOT-0003".into()),
                    winner_status: Some(WinnerSelectionStatus::Selected),
                    tender_ids: vec!["TEN-0004".into()],
                    contract_ids: vec!["CON-0002".into()],
                    framework_maximum_value: eur(dec!(500000)),
                    ..LotResult::default()
                },
            ],
            tenders: vec![
                tender("TEN-0001", "LOT-0001", "TPA-0001", eur(dec!(120000.50))),
                tender("TEN-0002", "LOT-0001", "TPA-0002", eur(dec!(99000))),
                tender("TEN-0003", "LOT-0002", "TPA-0002", eur(dec!(5000))),
                tender("TEN-0004", "LOT-0003", "TPA-0003", Some(Money::Withheld)),
            ],
            tendering_parties: vec![
                TenderingParty {
                    subcontractor_ids: vec!["ORG-0005".into()],
                    ..party(
                        "TPA-0001",
                        &[("ORG-0002", Some(true)), ("ORG-0003", Some(false))],
                    )
                },
                party("TPA-0002", &[("ORG-0004", None)]),
                party("TPA-0003", &[("ORG-0006", None)]),
            ],
            contracts: vec![
                contract("CON-0001", &["TEN-0001"], d("2023-12-20")),
                contract("CON-0002", &["TEN-0004"], d("2024-01-05")),
            ],
            ..NoticeResult::default()
        }),
        warnings: vec![],
    }
}

fn by_lot<'a>(records: &'a [LotRecord], id: &str) -> &'a LotRecord {
    records.iter().find(|r| r.lot_id == id).expect("lot record")
}

#[test]
fn consortium_wins_and_the_listed_loser_does_not() {
    let records = lot_records(&result_notice());
    assert_eq!(records.len(), 3);
    let r = by_lot(&records, "LOT-0001");
    let ids: Vec<&str> = r
        .winners
        .iter()
        .map(|w| w.organisation_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["ORG-0002", "ORG-0003"],
        "consortium members, no loser, no subcontractor"
    );
    assert_eq!(r.winners[0].leader, Some(true));
    assert_eq!(r.winners[1].size, Some(CompanySize::Micro));
    assert!(r.awarded);
    assert_eq!(r.awarded_value, eur(dec!(120000.50)));
    assert!(!r.awarded_value_partial);
    assert_eq!(r.tenders_received, Some(2));
    assert_eq!(r.sme_tenders_received, Some(1));
    assert_eq!(r.esubmitted_tenders_received, None);
    assert_eq!(
        (r.vehicles_total, r.vehicles_clean, r.vehicles_zero_emission),
        (Some(10), Some(4), None)
    );
}

#[test]
fn award_year_comes_from_the_winner_decision_date() {
    let records = lot_records(&result_notice());
    let r = by_lot(&records, "LOT-0001");
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2023, 12, 20));
    assert_eq!(
        r.year,
        Some(2023),
        "BT-1451 in 2023 although dispatched in 2024"
    );
    assert_eq!(
        by_lot(&records, "LOT-0002").year,
        Some(2024),
        "no contract: dispatch year"
    );
}

#[test]
fn closed_without_winner_has_no_winner_even_with_a_listed_tender() {
    let records = lot_records(&result_notice());
    let r = by_lot(&records, "LOT-0002");
    assert!(!r.awarded);
    assert!(r.winners.is_empty());
    assert_eq!(r.awarded_value, None);
    assert!(!r.awarded_value_partial);
}

#[test]
fn withheld_framework_value_falls_back_to_the_ceiling() {
    let records = lot_records(&result_notice());
    let r = by_lot(&records, "LOT-0003");
    assert!(r.awarded);
    assert_eq!(r.awarded_value, None);
    assert!(r.awarded_value_partial);
    assert_eq!(r.framework_ceiling, eur(dec!(500000)));
    assert_eq!(r.winners.len(), 1);
    assert_eq!(r.winners[0].tender_value, None);
}

#[test]
fn buyer_and_notice_facts_are_copied() {
    let records = lot_records(&result_notice());
    let r = &records[0];
    assert_eq!(r.notice_version, 2);
    assert_eq!(r.buyer_name.as_deref(), Some("City of Ghent"));
    assert_eq!(r.buyer_country.as_deref(), Some("BEL"));
    assert_eq!(r.buyer_legal_type, Some(BuyerLegalType::La));
    assert_eq!(r.lots_in_notice, 3);
    assert_eq!(r.procedure_type, Some(ProcedureType::Open));
    assert_eq!(r.main_cpv.as_ref().map(Cpv::as_str), Some("34144900"));
}

#[test]
fn mixed_currencies_are_never_summed() {
    let mut notice = result_notice();
    let result = notice.result.as_mut().unwrap();
    result.contracts[0].tender_ids.push("TEN-0005".into());
    result.tenders.push(tender(
        "TEN-0005",
        "LOT-0001",
        "TPA-0002",
        Some(Money::Amount {
            value: dec!(10),
            currency: Some("GBP".into()),
        }),
    ));
    let records = lot_records(&notice);
    let r = by_lot(&records, "LOT-0001");
    assert_eq!(r.awarded_value, None);
    assert!(r.awarded_value_partial);
    assert_eq!(r.winners.len(), 3);
}

#[test]
fn a_competition_notice_gives_unawarded_records_in_its_dispatch_year() {
    let mut notice = result_notice();
    notice.form_type = Some(FormType::Competition);
    notice.result = None;
    notice.lots[0].strategic.procurement = vec![StrategicProcurement::EnvImp];
    let records = lot_records(&notice);
    assert_eq!(records.len(), 3);
    assert!(records
        .iter()
        .all(|r| !r.awarded && r.winners.is_empty() && r.year == Some(2024)));
    assert_eq!(records[0].strategic, vec![StrategicProcurement::EnvImp]);
}
