//! Golden tests on real notices copied into tests/fixtures (sources and licences in
//! tests/fixtures/SOURCES.md). Every expected value below was read off the XML by hand
//! (grep / reading), not produced by the parser.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{Money, Notice};

fn load(name: &str) -> Notice {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    spp_eforms::parse_notice(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn eur(v: &str) -> Option<Money> {
    money(v, "EUR")
}

fn money(v: &str, cur: &str) -> Option<Money> {
    Some(Money::Amount {
        value: v.parse::<Decimal>().expect("decimal"),
        currency: Some(cur.into()),
    })
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// (file, BT-701, BT-757, BT-03, OPP-070, OPT-002, lot ids, organisations, buyers, lot results)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    usize,
    usize,
    Option<usize>,
);

#[rustfmt::skip]
const OVERVIEW: &[Row] = &[
    ("sdk/can_24_minimal.xml", "65667997-031a-4198-bd25-7225449ef479", "01", "result", "29", "eforms-sdk-1.15", &["LOT-0000"], 3, 1, Some(1)),
    ("sdk/can_24_maximal.xml", "15377ca1-6cf7-4060-90f0-9290128957a3", "03", "result", "29", "eforms-sdk-1.15", &["LOT-0001", "LOT-0002"], 11, 1, Some(2)),
    ("sdk/can_25_withheld.xml", "a1d155f6-11bf-4c32-83bf-87aec5457899", "01", "result", "30", "eforms-sdk-1.15", &["LOT-0000"], 4, 1, Some(1)),
    ("sdk/can_25_ENG_Buyers.xml", "2202aef9-375e-4d01-87e7-e634658d883a", "01", "result", "30", "eforms-sdk-1.15", &["LOT-0000"], 4, 2, Some(1)),
    ("sdk/can_24_LSBU.xml", "34453177-5a72-4c6f-b531-19b5aaa217ba", "01", "result", "29", "eforms-sdk-1.15", &["LOT-0000"], 3, 1, Some(1)),
    ("sdk/cn_24_maximal.xml", "14549263-b47b-4e59-96a1-2d0d13e19343", "03", "competition", "16", "eforms-sdk-1.15", &["LOT-0001", "LOT-0002"], 7, 1, None),
    ("sdk/pin-buyer_24_published.xml", "e5dc3c2b-3df5-45e0-af7f-399ca201d7e0", "02", "planning", "1", "eforms-sdk-1.15", &[], 2, 1, None),
    ("sdk/pin-rtl_24.xml", "af25aa4e-6ced-438b-bf19-4458c2cd2c10", "01", "planning", "7", "eforms-sdk-1.15", &["LOT-0001"], 1, 1, None),
    ("sdk/change-cn_24_void.xml", "1d192942-a4a3-4833-8775-ca38f7ec09ca", "01", "competition", "16", "eforms-sdk-1.15", &["LOT-0000"], 2, 1, None),
    ("sdk/subco_81.xml", "b72f5134-7a9c-45d0-b275-fe8b65238c5c", "01", "competition", "22", "eforms-sdk-1.15", &["LOT-0001"], 2, 1, None),
    ("sdk/veat_24.xml", "6ea164b2-228c-4ae8-b3b5-26f3946b8300", "01", "dir-awa-pre", "25", "eforms-sdk-1.15", &["LOT-0000"], 6, 1, Some(1)),
    ("sdk/can-modif_24_value.xml", "3572a106-eb30-4c7a-8ac5-b3502f71742a", "01", "cont-modif", "38", "eforms-sdk-1.15", &["LOT-0000"], 4, 1, Some(1)),
    ("sdk/E1_minimal.xml", "52fe3748-f475-4381-9dbf-31ebb08889e8", "01", "consultation", "E1", "eforms-sdk-1.15", &["LOT-0001"], 1, 1, None),
    ("sdk/E5_minimal.xml", "14de6738-d852-4b8e-b913-d532531f0a22", "01", "completion", "E5", "eforms-sdk-1.15", &["LOT-0001"], 2, 1, Some(1)),
    ("sdk/X01_EEIG.xml", "3b3b619b-f67b-48cb-982c-803a5ac6d519", "01", "bri", "X01", "eforms-sdk-1.15", &[], 0, 0, None),
    ("sdk/t02_ESP.xml", "17f00f55-7178-4597-822a-545d2f55a150", "01", "result", "T02", "eforms-sdk-1.15", &["LOT-0000"], 3, 1, Some(1)),
    ("ted/00178541-2024.xml", "b3d136db-2c29-4214-a824-54596b7d7abc", "01", "result", "29", "eforms-sdk-1.7", &["LOT-0000"], 4, 1, Some(1)),
    ("ted/00199902-2025.xml", "adbebe6f-2c14-4185-803a-96039b2801af", "01", "result", "29", "eforms-sdk-1.13", &["LOT-0001", "LOT-0002"], 2, 1, Some(2)),
    ("ted/00215434-2024.xml", "5b5bdfd6-e8a9-4f8e-93e8-34a02cb167d0", "01", "result", "29", "eforms-sdk-1.8", &["LOT-0001"], 3, 1, Some(1)),
    ("ted/00421816-2024.xml", "51456710-f494-41d6-b41a-c2db61d2b10e", "01", "result", "29", "eforms-sdk-1.7", &["LOT-0001", "LOT-0002", "LOT-0003"], 33, 1, Some(3)),
    ("ted/00497184-2023.xml", "69e22f5f-19fa-450b-81ba-e22b5ce8b598", "01", "result", "29", "eforms-sdk-1.3", &["LOT-0000"], 3, 1, Some(1)),
    ("ted/00538916-2024.xml", "7c42a676-236f-470e-979c-c5cd3bb495e9", "01", "result", "29", "eforms-sdk-1.9", &["LOT-0001", "LOT-0002", "LOT-0003"], 1, 1, Some(3)),
    ("ted/00608979-2024.xml", "64bc678f-f87d-47b9-9b5e-781413ae6393", "01", "result", "29", "eforms-sdk-1.11", &["LOT-0001"], 6, 1, Some(4)),
    ("ted/00672025-2023.xml", "84e18467-1c29-4c76-9ae6-84b76a391312", "01", "competition", "12", "eforms-sdk-1.7", &["LOT-0000"], 4, 1, None),
    ("ted/00757543-2023.xml", "b09ed541-7f48-491f-aae5-952b4b396842", "01", "competition", "18", "eforms-sdk-1.6", &["LOT-0001", "LOT-0002", "LOT-0003"], 3, 1, None),
    ("ted/00775348-2023.xml", "c65d9117-91e8-490c-866c-e4a29d4fe228", "01", "change", "23", "eforms-sdk-1.6", &["LOT-0000"], 4, 1, None),
    ("doffin/2024-110489.xml", "8791620e-39a1-435d-985a-bee33825e3f4", "01", "dir-awa-pre", "25", "eforms-sdk-1.7#extended#urn:fdc:anskaffelser.no:2023:eforms:eu", &["LOT-0000"], 3, 1, Some(1)),
    ("doffin/ContractNotice_cn-social_2023-629257.xml", "2023-629257", "01", "competition", "20", "eforms-sdk-1.7#urn:fdc:anskaffelser.no:2023:eforms:eu", &["LOT-0001", "LOT-0002"], 2, 1, None),
];

#[test]
fn overview_of_every_fixture() {
    assert!(OVERVIEW.len() >= 25);
    for &(file, id, version, form, subtype, custom, lots, orgs, buyers, results) in OVERVIEW {
        let n = load(file);
        assert_eq!(n.id, id, "{file}");
        assert_eq!(n.version, version, "{file}");
        assert_eq!(
            n.form_type.as_ref().map(|f| f.as_str()),
            Some(form),
            "{file}"
        );
        assert_eq!(n.subtype.as_deref(), Some(subtype), "{file}");
        assert_eq!(n.customization_id.as_deref(), Some(custom), "{file}");
        let ids: Vec<&str> = n.lots.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, lots, "{file}");
        assert_eq!(n.organisations.len(), orgs, "{file}");
        assert_eq!(n.buyers.len(), buyers, "{file}");
        assert_eq!(
            n.result.as_ref().map(|r| r.lot_results.len()),
            results,
            "{file}"
        );
    }
}

#[test]
fn can_24_minimal_walk_to_the_winner() {
    // eforms-fields.md §3.2.
    let n = load("sdk/can_24_minimal.xml");
    assert_eq!(n.issue_date, date(2019, 10, 23));
    assert_eq!(n.procedure.procedure_type, Some(ProcedureType::Open));
    let b = &n.buyers[0];
    assert_eq!(b.organisation_id.as_deref(), Some("ORG-0001"));
    assert_eq!(b.legal_type, Some(BuyerLegalType::PubUndertLa));
    assert_eq!(b.activity.as_deref(), Some("hc-am"));
    let buyer = n.organisation("ORG-0001").unwrap();
    assert_eq!(buyer.name.get("FRA"), Some("Rouen Habitat"));
    assert_eq!(
        (buyer.country.as_deref(), buyer.nuts.as_deref()),
        (Some("FRA"), Some("FRD22"))
    );
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.total_value, eur("390697.84"));
    let lr = &r.lot_results[0];
    assert_eq!(lr.lot_id.as_deref(), Some("LOT-0000"));
    assert_eq!(lr.winner_status, Some(WinnerSelectionStatus::Selected));
    assert_eq!(lr.contract_ids, ["CON-0001"]);
    let counts: Vec<(&str, Option<u64>)> = lr
        .received_submissions
        .iter()
        .map(|s| (s.kind.as_str(), s.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("tenders", Some(3)),
            ("t-sme", Some(1)),
            ("t-no-eea", Some(1)),
            ("t-oth-eea", Some(0)),
            ("t-esubm", Some(1))
        ]
    );
    assert_eq!(r.contracts[0].tender_ids, ["TEN-0001"]);
    assert_eq!(r.contracts[0].conclusion_date, date(2019, 9, 3));
    let t = &r.tenders[0];
    assert_eq!((t.id.as_str(), t.value.clone()), ("TEN-0001", eur("95414")));
    assert_eq!(t.tendering_party_id.as_deref(), Some("TPA-0001"));
    assert_eq!(
        r.tendering_parties[0].tenderers[0].organisation_id,
        "ORG-0004"
    );
    let winner = n.organisation("ORG-0004").unwrap();
    assert_eq!(winner.size, Some(CompanySize::Micro));
    assert_eq!(winner.name.get("FRA"), Some("Espaces Verts Lemire"));
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn can_24_maximal_consortium_framework_cvd_and_strategic_block() {
    let n = load("sdk/can_24_maximal.xml");
    assert_eq!(n.procedure.accelerated, Some(true));
    assert_eq!(n.procedure.procedure_type, Some(ProcedureType::NegWCall));
    let lot = &n.lots[0];
    assert_eq!(lot.strategic.procurement, [StrategicProcurement::EnvImp]);
    assert_eq!(
        lot.strategic.description.get("ENG"),
        Some("Strategic procurement description ---")
    );
    assert_eq!(
        lot.strategic.environmental,
        [EnvironmentalImpact::ClimMitig]
    );
    assert_eq!(lot.strategic.social, [SocialObjective::AccAll]);
    assert_eq!(lot.strategic.innovative, [InnovativeAcquisition::ProcInnov]);
    assert_eq!(lot.framework, Some(FrameworkAgreement::WithReopening));
    assert_eq!(lot.dps, Some(DpsUsage::List));
    // CVD block chosen among cvd-scope, ipi-scope and eed-scope blocks.
    let cv = lot.clean_vehicles.as_ref().unwrap();
    assert_eq!(cv.applies, Some(true));
    assert_eq!(cv.contract_types, [CvdContractType::OtherService]);
    assert_eq!(n.lots[1].clean_vehicles, None);
    let crit: Vec<_> = lot
        .award_criteria
        .iter()
        .map(|c| (c.criterion_type.clone(), c.weight_code.clone(), c.weight))
        .collect();
    assert_eq!(
        crit,
        [
            (
                Some(AwardCriterionType::Cost),
                Some("per-exa".into()),
                Some(Decimal::from(60))
            ),
            (
                Some(AwardCriterionType::Quality),
                Some("per-exa".into()),
                Some(Decimal::from(40))
            ),
        ]
    );
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.total_value, eur("9999999.99"));
    assert_eq!(r.framework_maximum_value, eur("9999999.99"));
    assert_eq!(r.framework_approximate_value, eur("9000000"));
    // Full objects only: 3 tenders, 2 contracts, 2 parties (nested references not counted).
    assert_eq!(
        (
            r.tenders.len(),
            r.contracts.len(),
            r.tendering_parties.len()
        ),
        (3, 2, 2)
    );
    let res1 = &r.lot_results[0];
    assert_eq!(res1.tender_ids, ["TEN-0001", "TEN-0002"]);
    assert_eq!(res1.framework_maximum_value, eur("9999999.99"));
    assert_eq!(res1.framework_reestimated_value, eur("9000000"));
    let vehicles: Vec<_> = res1
        .clean_vehicles
        .iter()
        .map(|v| {
            (
                v.contract_type.clone(),
                v.category.clone(),
                v.vehicle_type.as_str().to_string(),
                v.count,
            )
        })
        .collect();
    let oth = Some(CvdContractType::OtherService);
    let n2 = Some(VehicleCategory::N2N3);
    assert_eq!(
        vehicles,
        [
            (oth.clone(), n2.clone(), "vehicles".to_string(), Some(45)),
            (
                oth.clone(),
                n2.clone(),
                "vehicles-zero-emission".to_string(),
                Some(2)
            ),
            (oth, n2, "vehicles-clean".to_string(), Some(10)),
        ]
    );
    let res2 = &r.lot_results[1];
    assert_eq!(
        res2.winner_status,
        Some(WinnerSelectionStatus::ClosedNoWinner)
    );
    assert_eq!(res2.not_awarded_reason.as_deref(), Some("all-rej"));
    assert_eq!(res2.tender_ids, ["TEN-0003"]);
    assert_eq!(res2.lowest_tender_value, eur("999999.99"));
    let tpa1 = &r.tendering_parties[0];
    assert_eq!(tpa1.name.as_deref(), Some("Gyro and Others Consortium"));
    let members: Vec<_> = tpa1
        .tenderers
        .iter()
        .map(|t| (t.organisation_id.as_str(), t.leader))
        .collect();
    assert_eq!(
        members,
        [("ORG-0008", Some(true)), ("ORG-0009", Some(false))]
    );
    assert_eq!(tpa1.subcontractor_ids, ["ORG-0010"]);
    let c1 = &r.contracts[0];
    assert_eq!(
        (c1.award_date, c1.conclusion_date),
        (date(2023, 3, 23), date(2023, 3, 24))
    );
    assert_eq!(c1.within_framework, Some(true));
    assert_eq!(c1.framework_notice_id.as_deref(), Some("12345678-2023"));
    assert_eq!(c1.reference.as_deref(), Some("REF RST-678"));
    assert_eq!(r.tenders[0].lot_id.as_deref(), Some("GLO-0001"));
    assert_eq!(r.tenders[0].rank, Some(3));
    assert_eq!(r.tenders[0].subcontracting.as_deref(), Some("yes"));
    assert_eq!(
        n.organisation("ORG-0009").unwrap().natural_person,
        Some(true)
    );
    assert_eq!(
        n.organisation("ORG-0010").unwrap().size,
        Some(CompanySize::Medium)
    );
}

#[test]
fn can_25_withheld_privacy_markers() {
    let n = load("sdk/can_25_withheld.xml");
    let r = n.result.as_ref().unwrap();
    // not-val marks BT-161 although 9.99 GBP is written.
    assert_eq!(r.total_value, Some(Money::Withheld));
    let lr = &r.lot_results[0];
    assert_eq!(lr.winner_status, None); // win-cho
    assert!(lr.received_submissions.is_empty()); // rec-sub-typ on every pair
    assert_eq!(r.tenders[0].rank, None); // ten-ran
    assert_eq!(r.tenders[0].subcontracting, None); // sub-con
                                                   // win-ten-var (variant) is withheld, not the value: BT-720 stays.
    assert_eq!(r.tenders[0].value, money("9.99", "GBP"));
    assert_eq!(n.procedure.procedure_type, None); // pro-typ
    let c = &n.lots[0].award_criteria[0];
    assert_eq!((c.criterion_type.clone(), c.weight), (None, None)); // awa-cri-typ, awa-cri-num
    assert!(c.name.is_empty()); // awa-cri-nam
}

#[test]
fn several_buyers_with_lead_and_cpb_flags() {
    let n = load("sdk/can_25_ENG_Buyers.xml");
    let ids: Vec<_> = n
        .buyers
        .iter()
        .map(|b| b.organisation_id.as_deref())
        .collect();
    assert_eq!(ids, [Some("ORG-0001"), Some("ORG-0005")]);
    assert!(n
        .buyers
        .iter()
        .all(|b| b.legal_type == Some(BuyerLegalType::PubUndertCga)
            && b.activity.as_deref() == Some("water")));
    let lead = n.lead_buyer().unwrap();
    assert_eq!(lead.id, "ORG-0001");
    assert_eq!(lead.name.get("ENG"), Some("NI Water and its subsidiaries"));
    let second = n.organisation("ORG-0005").unwrap();
    assert_eq!(
        (second.group_lead, second.acquiring_cpb, second.awarding_cpb),
        (Some(false), Some(true), None)
    );
    assert_eq!(second.city.as_deref(), Some("Belfast"));
}

#[test]
fn publication_and_change_blocks() {
    let p = load("sdk/pin-buyer_24_published.xml").publication.unwrap();
    assert_eq!(p.number.as_deref(), Some("12345678-2025"));
    assert_eq!(p.gazette_id.as_deref(), Some("123/2025"));
    assert_eq!(p.date, date(2025, 5, 22));

    let c = load("sdk/change-cn_24_void.xml").change.unwrap();
    assert_eq!(
        c.changed_notice.as_deref(),
        Some("f42be27e-09cf-4f0e-a745-63ec689631e6-01")
    );
    assert_eq!(
        c.changed_id_and_version(),
        Some(("f42be27e-09cf-4f0e-a745-63ec689631e6", "01"))
    );
    assert_eq!(c.reasons, [ChangeReason::Cancel]);

    // SDK 1.6 change notice: old form type `change`, notice type `corr`, prefixed root.
    let n = load("ted/00775348-2023.xml");
    assert_eq!(n.form_type, Some(FormType::Change));
    assert_eq!(n.notice_type.as_deref(), Some("corr"));
    let c = n.change.unwrap();
    assert_eq!(c.changed_notice.as_deref(), Some("422781-2023"));
    assert_eq!(c.reasons, [ChangeReason::CorBuy]);
}

#[test]
fn veat_consortium_members_and_sizes() {
    let n = load("sdk/veat_24.xml");
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.total_value, eur("350000"));
    assert_eq!(r.tendering_parties.len(), 1);
    let tpa = &r.tendering_parties[0];
    assert_eq!(tpa.id, "TPA-0001");
    let leaders: Vec<_> = tpa.tenderers.iter().map(|t| t.leader).collect();
    assert_eq!(leaders, [Some(false), Some(false), Some(true)]);
    let mut sizes: Vec<_> = tpa
        .tenderers
        .iter()
        .filter_map(|t| n.organisation(&t.organisation_id)?.size.clone())
        .collect();
    sizes.sort();
    assert_eq!(
        sizes,
        [CompanySize::Small, CompanySize::Small, CompanySize::Large]
    );
}

#[test]
fn real_cvd_notice_with_two_lots_in_scope() {
    let n = load("ted/00199902-2025.xml");
    for lot in &n.lots {
        assert_eq!(lot.strategic.procurement, [StrategicProcurement::EnvImp]);
        let cv = lot.clean_vehicles.as_ref().unwrap();
        assert_eq!((cv.applies, cv.contract_types.len()), (Some(true), 0));
        assert_eq!(lot.main_cpv.as_ref().map(|c| c.as_str()), Some("34144900"));
    }
    assert_eq!(n.lots[0].additional_cpv.len(), 2);
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.total_value, eur("1115672.05"));
    let counts: Vec<_> = r
        .lot_results
        .iter()
        .flat_map(|lr| lr.clean_vehicles.iter())
        .map(|v| (v.contract_type.clone(), v.category.clone(), v.count))
        .collect();
    let veh = Some(CvdContractType::VehicleAcquisition);
    let m1 = Some(VehicleCategory::M1);
    assert_eq!(counts, vec![(veh, m1, Some(20)); 3]);
}

#[test]
fn real_strategic_codes_gpp_social_and_innovation() {
    let n = load("ted/00421816-2024.xml");
    for lot in &n.lots {
        let s = &lot.strategic;
        assert_eq!(s.procurement, [StrategicProcurement::None]);
        assert_eq!(s.gpp_criteria, [GppCriteria::Other]);
        assert_eq!(
            s.innovative,
            [
                InnovativeAcquisition::RdAct,
                InnovativeAcquisition::ProcInnov,
                InnovativeAcquisition::MarNov
            ]
        );
        assert_eq!(lot.framework, Some(FrameworkAgreement::Mixed));
    }
    let est: Vec<_> = n.lots.iter().map(|l| l.estimated_value.clone()).collect();
    assert_eq!(
        est,
        [
            money("90000000", "SEK"),
            money("80000000", "SEK"),
            money("10000000", "SEK")
        ]
    );
    assert_eq!(
        n.result.as_ref().unwrap().total_value,
        money("90000000", "SEK")
    );

    let s = &load("ted/00215434-2024.xml").lots[0].strategic;
    assert_eq!(s.procurement, [StrategicProcurement::SocObj]);
    assert_eq!(s.environmental, [EnvironmentalImpact::Other]);
    assert_eq!(s.social, [SocialObjective::Opp]);

    let s = &load("ted/00178541-2024.xml").lots[0].strategic;
    assert_eq!(
        s.procurement,
        [
            StrategicProcurement::None,
            StrategicProcurement::EnvImp,
            StrategicProcurement::InnPur
        ]
    );
    assert_eq!(s.environmental, [EnvironmentalImpact::BiodivEco]);
    assert_eq!(s.innovative, [InnovativeAcquisition::MarNov]);

    // Old list name social-procurement for BT-775.
    let s = &load("ted/00672025-2023.xml").lots[0].strategic;
    assert_eq!(s.social, [SocialObjective::Other]);
    let s = &load("sdk/pin-rtl_24.xml").lots[0].strategic;
    assert_eq!(
        s.social,
        [
            SocialObjective::EtEq,
            SocialObjective::AccAll,
            SocialObjective::Opp
        ]
    );
    assert_eq!(s.environmental, [EnvironmentalImpact::CircEcon]);
}

#[test]
fn withheld_minus_one_and_unpublished_codes() {
    let n = load("ted/00608979-2024.xml");
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.total_value, eur("617037.5"));
    assert_eq!(r.tenders.len(), 4);
    assert!(r.tenders.iter().all(|t| t.value == Some(Money::Withheld)));
    assert!(r.lot_results.iter().all(|l| l.winner_status.is_none()));
    // Four `unpublished` BT-142 codes; the first lot result also has a win-cho privacy
    // marker, so only the other three are flagged as withheld codes.
    let flagged = n
        .warnings
        .iter()
        .filter(|w| w.message.contains("unpublished"))
        .count();
    assert_eq!(flagged, 3, "{:?}", n.warnings);
}

#[test]
fn prefixed_root_eforms_country_and_ids_without_scheme_name() {
    let n = load("ted/00757543-2023.xml");
    assert!(n
        .lots
        .iter()
        .all(|l| l.esubmission == Some(ESubmission::NotAllowed)));
    assert!(n
        .organisations
        .iter()
        .all(|o| o.country.as_deref() == Some("ROU")));

    let n = load("ted/00538916-2024.xml");
    let r = n.result.as_ref().unwrap();
    let lots: Vec<_> = r.lot_results.iter().map(|l| l.lot_id.as_deref()).collect();
    assert_eq!(lots, [Some("LOT-0001"), Some("LOT-0002"), Some("LOT-0003")]);
    assert!(r.lot_results.iter().all(|l| l.contract_ids == ["CON-0001"]));
    assert_eq!(r.contracts[0].within_framework, Some(false));
    assert!(r.tenders.is_empty());
    assert_eq!(n.buyers[0].organisation_id.as_deref(), Some("ORG-0001"));
    assert_eq!(n.buyers[0].activity.as_deref(), Some("rcr"));
    assert_eq!(n.procedure.estimated_value, eur("1429480"));
    assert_eq!(
        n.procedure.main_cpv.as_ref().map(|c| c.as_str()),
        Some("79810000")
    );
    assert_eq!(
        n.publication.as_ref().and_then(|p| p.date),
        date(2024, 9, 9)
    );
}

#[test]
fn doffin_national_extension_and_unknown_codes() {
    let n = load("doffin/ContractNotice_cn-social_2023-629257.xml");
    assert_eq!(
        n.procedure.procedure_type,
        Some(ProcedureType::Unknown("UNKNOWN".into()))
    );
    assert!(n.warnings.iter().any(|w| w.message.contains("\"UNKNOWN\"")));
    let est: Vec<_> = n.lots.iter().map(|l| l.estimated_value.clone()).collect();
    assert_eq!(
        est,
        [money("2280000.00", "NOK"), money("6800000.00", "NOK")]
    );
    assert!(n.lots.iter().all(
        |l| l.framework == Some(FrameworkAgreement::WithoutReopening)
            && l.esubmission == Some(ESubmission::Allowed)
    ));
}

#[test]
fn oldest_sdk_and_invalid_example_still_read() {
    let n = load("ted/00497184-2023.xml");
    assert_eq!(n.lots[0].id, "LOT-0000");
    let n = load("sdk/INVALID_cn_24_empty.xml");
    assert_eq!((n.id.as_str(), n.version.as_str()), ("", ""));
    assert_eq!(n.procedure_id, None);
    assert_eq!(n.subtype.as_deref(), Some("16"));
    assert!(n.warnings.iter().any(|w| w.message.contains("BT-701")));
}
