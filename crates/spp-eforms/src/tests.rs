//! Unit tests on small hand-written documents (golden tests on real notices live in tests/).

use super::*;
use spp_domain::codelist::*;
use spp_domain::Money;

const NS: &str = r#"xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1" xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1""#;

/// A contract award notice with `ext` inside the root extension and `body` after the ids.
fn can(ext: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ContractAwardNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2" {NS}>
<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>{ext}</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
<cbc:CustomizationID>eforms-sdk-1.7</cbc:CustomizationID>
<cbc:ID schemeName="notice-id">n-1</cbc:ID>
<cbc:VersionID>02</cbc:VersionID>
<cbc:IssueDate>2000-01-01Z</cbc:IssueDate>
<cbc:NoticeTypeCode listName="result">can-standard</cbc:NoticeTypeCode>
{body}
</ContractAwardNotice>"#
    )
}

fn err(input: &[u8]) -> String {
    match parse_notice(input) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn reads_identification_and_dates() {
    let n = parse_notice(can("", "").as_bytes()).unwrap();
    assert_eq!(n.id, "n-1");
    assert_eq!(n.version, "02");
    assert_eq!(n.form_type, Some(FormType::Result));
    assert_eq!(n.notice_type.as_deref(), Some("can-standard"));
    assert_eq!(n.issue_date, chrono::NaiveDate::from_ymd_opt(2000, 1, 1));
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn prefixed_root_and_lot_without_scheme_name() {
    let xml = format!(
        r#"<can:ContractAwardNotice xmlns:can="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2" {NS}>
<cbc:ID>x-9</cbc:ID>
<cac:ProcurementProjectLot><cbc:ID>LOT-0001</cbc:ID></cac:ProcurementProjectLot>
<cac:ProcurementProjectLot><cbc:ID schemeName="LotsGroup">GLO-0001</cbc:ID></cac:ProcurementProjectLot>
<cac:ProcurementProjectLot><cbc:ID schemeName="Part">PAR-0001</cbc:ID></cac:ProcurementProjectLot>
</can:ContractAwardNotice>"#
    );
    let n = parse_notice(xml.as_bytes()).unwrap();
    assert_eq!(n.id, "x-9");
    let ids: Vec<&str> = n.lots.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["LOT-0001"]);
}

#[test]
fn strategic_codes_old_list_name_and_unknown_codes() {
    let lot = r#"<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID><cac:ProcurementProject>
<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">env-imp</cbc:ProcurementTypeCode><cbc:ProcurementType languageID="ENG">Low emissions</cbc:ProcurementType></cac:ProcurementAdditionalType>
<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="social-procurement">work-cond</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="gpp-criteria">regional</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="contract-nature">works</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
</cac:ProcurementProject></cac:ProcurementProjectLot>"#;
    let n = parse_notice(can("", lot).as_bytes()).unwrap();
    let s = &n.lots[0].strategic;
    assert_eq!(s.procurement, [StrategicProcurement::EnvImp]);
    assert_eq!(s.description.get("ENG"), Some("Low emissions"));
    assert_eq!(s.social, [SocialObjective::WorkCond]);
    assert_eq!(s.gpp_criteria, [GppCriteria::Unknown("regional".into())]);
    assert_eq!(n.warnings.len(), 1);
    assert!(n.warnings[0].message.contains("regional"));
    assert!(n.warnings[0]
        .at
        .ends_with("/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode (line 12)"));
}

#[test]
fn withheld_values_minus_one_and_privacy_markers() {
    let ext = r#"<efac:NoticeResult>
<efac:FieldsPrivacy><efbc:FieldIdentifierCode listName="non-publication-identifier">not-val</efbc:FieldIdentifierCode></efac:FieldsPrivacy>
<cbc:TotalAmount currencyID="EUR">9.99</cbc:TotalAmount>
<efbc:OverallMaximumFrameworkContractsAmount currencyID="EUR">-1</efbc:OverallMaximumFrameworkContractsAmount>
<efbc:OverallApproximateFrameworkContractsAmount currencyID="EUR">unpublished</efbc:OverallApproximateFrameworkContractsAmount>
<efac:LotTender><cbc:ID>TEN-0001</cbc:ID><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="SEK">1200.50</cbc:PayableAmount></cac:LegalMonetaryTotal><cbc:RankCode>unpublished</cbc:RankCode></efac:LotTender>
</efac:NoticeResult>"#;
    let n = parse_notice(can(ext, "").as_bytes()).unwrap();
    let r = n.result.unwrap();
    assert_eq!(r.total_value, Some(Money::Withheld));
    assert_eq!(r.framework_maximum_value, Some(Money::Withheld));
    assert_eq!(r.framework_approximate_value, Some(Money::Withheld));
    assert_eq!(
        r.tenders[0].value,
        Some(Money::Amount {
            value: "1200.50".parse().unwrap(),
            currency: Some("SEK".into())
        })
    );
    // "unpublished" is not a number: flagged, not kept.
    assert_eq!(r.tenders[0].rank, None);
    assert_eq!(n.warnings.len(), 1);
}

#[test]
fn nested_references_are_not_objects_and_cvd_is_selected_by_list_name() {
    let ext = r#"<efac:NoticeResult>
<efac:LotResult><cbc:ID>RES-0001</cbc:ID>
  <efac:LotTender><cbc:ID>TEN-0001</cbc:ID></efac:LotTender>
  <efac:SettledContract><cbc:ID>CON-0001</cbc:ID></efac:SettledContract>
  <efac:StrategicProcurement><efac:StrategicProcurementInformation>
    <efbc:ProcurementCategoryCode listName="cvd-contract-type">veh-acq</efbc:ProcurementCategoryCode>
    <efac:ProcurementDetails><efbc:AssetCategoryCode listName="vehicle-category">m1</efbc:AssetCategoryCode>
      <efac:StrategicProcurementStatistics><efbc:StatisticsCode listName="vehicles">vehicles</efbc:StatisticsCode><efbc:StatisticsNumeric>12.0</efbc:StatisticsNumeric></efac:StrategicProcurementStatistics>
    </efac:ProcurementDetails></efac:StrategicProcurementInformation></efac:StrategicProcurement>
  <efac:StrategicProcurement><efac:StrategicProcurementInformation>
    <efac:ProcurementDetails><efbc:AssetCategoryCode listName="energy-efficiency-item">lighting</efbc:AssetCategoryCode>
      <efac:StrategicProcurementStatistics><efbc:StatisticsCode listName="eed">x</efbc:StatisticsCode><efbc:StatisticsNumeric>3</efbc:StatisticsNumeric></efac:StrategicProcurementStatistics>
    </efac:ProcurementDetails></efac:StrategicProcurementInformation></efac:StrategicProcurement>
  <efac:StrategicProcurementStatistics><efbc:StatisticsCode listName="vehicles">vehicles-clean</efbc:StatisticsCode><efbc:StatisticsNumeric>4</efbc:StatisticsNumeric></efac:StrategicProcurementStatistics>
</efac:LotResult>
<efac:LotTender><cbc:ID>TEN-0001</cbc:ID><efac:TenderingParty><cbc:ID>TPA-0001</cbc:ID></efac:TenderingParty></efac:LotTender>
<efac:SettledContract><cbc:ID>CON-0001</cbc:ID><cbc:AwardDate>2024-02-29+01:00</cbc:AwardDate><efac:LotTender><cbc:ID>TEN-0001</cbc:ID></efac:LotTender></efac:SettledContract>
<efac:TenderingParty><cbc:ID>TPA-0001</cbc:ID><efac:Tenderer><cbc:ID>ORG-0009</cbc:ID><efbc:GroupLeadIndicator>true</efbc:GroupLeadIndicator></efac:Tenderer></efac:TenderingParty>
</efac:NoticeResult>"#;
    let n = parse_notice(can(ext, "").as_bytes()).unwrap();
    let r = n.result.as_ref().unwrap();
    assert_eq!(r.tenders.len(), 1);
    assert_eq!(r.contracts.len(), 1);
    assert_eq!(r.tendering_parties.len(), 1);
    assert_eq!(
        r.contracts[0].award_date,
        chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
    );
    let cv = &r.lot_results[0].clean_vehicles;
    assert_eq!(cv.len(), 2);
    assert_eq!(
        cv[0].contract_type,
        Some(CvdContractType::VehicleAcquisition)
    );
    assert_eq!(cv[0].category, Some(VehicleCategory::M1));
    assert_eq!(cv[0].vehicle_type, VehicleType::All);
    assert_eq!(cv[0].count, Some(12));
    // The pre-1.3 location directly under the lot result.
    assert_eq!(cv[1].vehicle_type, VehicleType::Clean);
    assert_eq!(cv[1].count, Some(4));
    assert_eq!(cv[1].contract_type, None);
    // ORG-0009 is not in efac:Organizations: a dangling reference warning.
    assert!(n.warnings.iter().any(|w| w.message.contains("ORG-0009")));
}

#[test]
fn refuses_non_eforms_documents() {
    let ted = br#"<?xml version="1.0"?><TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"><CODED_DATA_SECTION/></TED_EXPORT>"#;
    let msg = err(ted);
    assert!(
        msg.starts_with("not an eForms notice: root element TED_EXPORT"),
        "{msg}"
    );
    let msg = err(br#"{"releases": []}"#);
    assert!(
        msg.contains("not an eForms notice") && msg.contains("JSON"),
        "{msg}"
    );
    let msg = err(b"<ContractNotice><cbc:ID/></ContractNotice>");
    assert!(msg.contains("not an eForms notice"), "{msg}");
    assert_eq!(err(b"  \n "), "empty input: no XML at all");
}

#[test]
fn refuses_malformed_truncated_and_badly_encoded_input() {
    let full = can("", "");
    let cut = &full.as_bytes()[..full.len() / 2];
    let msg = err(cut);
    assert!(msg.starts_with("truncated file"), "{msg}");
    let at = full.find("<cbc:VersionID>").unwrap() + 8;
    let msg = err(&full.as_bytes()[..at]);
    assert!(
        msg.starts_with("truncated file: it ends at line 6, column 9 inside /ContractAwardNotice"),
        "{msg}"
    );
    let at = full.find("</cbc:VersionID>").unwrap();
    let msg = err(&full.as_bytes()[..at]);
    assert_eq!(
        msg,
        "truncated file: it ends at line 6, column 18 inside /ContractAwardNotice/cbc:VersionID"
    );

    let msg = err(b"<ContractNotice>\n  <a></b>\n</ContractNotice>");
    assert!(msg.starts_with("malformed XML at line 2"), "{msg}");

    let latin1 = b"<?xml version=\"1.0\"?>\n<ContractNotice>Caf\xe9</ContractNotice>";
    let msg = err(latin1);
    assert_eq!(
        msg,
        "wrong encoding at line 2, column 20: invalid UTF-8 byte sequence; only UTF-8 is read"
    );
    let msg = err(b"\xff\xfe<\x00a\x00");
    assert!(msg.contains("UTF-16"), "{msg}");
    let msg = err(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>");
    assert!(
        msg.contains("ISO-8859-1") || msg.contains("iso-8859-1"),
        "{msg}"
    );

    let bomb = b"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<ContractNotice>&lol;</ContractNotice>";
    assert_eq!(
        err(bomb),
        "DOCTYPE declaration at line 2, column 1: DTDs and entity declarations are refused"
    );
    let msg = err(b"<a/><b/>");
    assert!(msg.contains("second root"), "{msg}");
}

#[test]
fn refuses_oversized_input_before_reading_it() {
    let big = vec![b' '; MAX_NOTICE_BYTES + 1];
    assert_eq!(
        err(&big),
        format!(
            "file too large: {} bytes (the limit is {} bytes)",
            MAX_NOTICE_BYTES + 1,
            MAX_NOTICE_BYTES
        )
    );
}

#[test]
fn warnings_are_capped() {
    let codes: String = (0..1500)
        .map(|i| {
            format!(
                "<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName=\"gpp-criteria\">x{i}</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>\n"
            )
        })
        .collect();
    let lot = format!(
        "<cac:ProcurementProjectLot><cbc:ID>LOT-1</cbc:ID><cac:ProcurementProject>\n{codes}</cac:ProcurementProject></cac:ProcurementProjectLot>"
    );
    let n = parse_notice(can("", &lot).as_bytes()).unwrap();
    assert_eq!(n.lots[0].strategic.gpp_criteria.len(), 1500);
    assert_eq!(n.warnings.len(), 1001);
    assert!(
        n.warnings[999].at.ends_with("(line 1009)"),
        "{}",
        n.warnings[999].at
    );
    assert!(n.warnings[1000]
        .message
        .starts_with("more than 1000 warnings"));
}
