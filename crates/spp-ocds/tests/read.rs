//! Hand-written releases: what each OCDS field becomes, packages and records, and bad input.

use spp_domain::codelist::*;
use spp_domain::{derive, Money, Notice};

fn one(json: &str) -> Notice {
    let mut all = spp_ocds::read_document(json.as_bytes()).expect("a document");
    assert_eq!(all.len(), 1);
    all.remove(0).expect("a notice")
}

const RELEASE: &str = r#"{
  "ocid": "ocds-x-1", "id": "0a1b2c3d-0000-4000-8000-000000000001-02", "date": "2024-03-05T10:00:00+01:00",
  "tag": ["award"], "buyer": {"id": "B"},
  "parties": [
    {"id": "B", "name": "Stad Gent", "roles": ["buyer"], "address": {"country": "BE", "region": "BE234"},
     "details": {"classifications": [{"scheme": "eu-buyer-legal-type", "id": "la"}]}},
    {"id": "S", "name": "Groen BV", "roles": ["supplier"], "identifier": {"id": "0123"}, "address": {"country": "NL"},
     "details": {"scale": "sme"}}
  ],
  "tender": {
    "title": "Schoonmaak", "mainProcurementCategory": "services", "value": {"amount": "100000.50", "currency": "EUR"},
    "procurementMethod": "selective", "procurementMethodDetails": "Restricted procedure",
    "items": [{"id": "1", "relatedLot": "L1", "classification": {"scheme": "CPV", "id": "90910000"}}],
    "lots": [
      {"id": "L1", "value": {"amount": 90000, "currency": "EUR"},
       "hasSustainability": true,
       "sustainability": [
         {"goal": "environmental", "strategies": ["technicalSpecifications", "euGPPCriteria"]},
         {"goal": "environmental.circularEconomy"},
         {"goal": "social"},
         {"goal": "social.laborRightsPromotion", "description": "fair wages"}
       ],
       "suitability": {"sme": true},
       "techniques": {"hasFrameworkAgreement": true, "frameworkAgreement": {"method": "withReopeningCompetition"}},
       "submissionTerms": {"electronicSubmissionPolicy": "required"}},
      {"id": "L2", "hasSustainability": false, "sustainability": [{"strategies": ["noGPPCriteria"]}]},
      {"id": "L3"}
    ]
  },
  "awards": [{"id": "A1", "status": "active", "relatedLots": ["L1"], "date": "2024-02-20T00:00:00Z",
              "value": {"amount": 88000, "currency": "EUR"}, "suppliers": [{"id": "S"}]},
             {"id": "A2", "status": "unsuccessful", "relatedLots": ["L2"]}],
  "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-03-01T00:00:00Z"}],
  "bids": {"statistics": [{"id": "1", "measure": "bids", "value": 4, "relatedLot": "L1"},
                          {"id": "2", "measure": "smeBids", "value": 3, "relatedLot": "L1"}]}
}"#;

#[test]
fn a_release_becomes_a_notice() {
    let n = one(RELEASE);
    assert_eq!(n.format, spp_domain::SourceFormat::Ocds);
    assert_eq!(
        (n.id.as_str(), n.version.as_str()),
        ("0a1b2c3d-0000-4000-8000-000000000001", "02")
    );
    assert_eq!(n.procedure_id.as_deref(), Some("ocds-x-1"));
    assert_eq!(n.form_type, Some(FormType::Result));
    assert_eq!(n.procedure.procedure_type, Some(ProcedureType::Restricted));
    assert_eq!(n.lead_buyer().unwrap().country.as_deref(), Some("BEL"));
    let records = derive::lot_records(&n);
    assert_eq!(records.len(), 3);
    let l1 = &records[0];
    assert_eq!(l1.main_cpv.as_ref().unwrap().as_str(), "90910000");
    assert_eq!(
        l1.strategic,
        [StrategicProcurement::EnvImp, StrategicProcurement::SocObj]
    );
    assert_eq!(l1.environmental, [EnvironmentalImpact::CircEcon]);
    assert_eq!(l1.social, [SocialObjective::WorkCond]);
    assert_eq!(l1.gpp_criteria, [GppCriteria::Eu]);
    assert_eq!(l1.framework, Some(FrameworkAgreement::WithReopening));
    assert_eq!(l1.esubmission, Some(ESubmission::Required));
    assert_eq!(l1.buyer_legal_type, Some(BuyerLegalType::La));
    assert!(l1.awarded);
    assert_eq!(l1.year, Some(2024));
    assert_eq!(l1.award_date.unwrap().to_string(), "2024-02-20");
    assert_eq!(
        l1.awarded_value,
        Some(Money::Amount {
            value: 88000.into(),
            currency: Some("EUR".into())
        })
    );
    assert_eq!(l1.winners.len(), 1);
    assert_eq!(l1.winners[0].country.as_deref(), Some("NLD"));
    assert_eq!(l1.winners[0].size, Some(CompanySize::Sme));
    assert_eq!(
        (l1.tenders_received, l1.sme_tenders_received),
        (Some(4), Some(3))
    );
    assert_eq!(
        n.procedure.estimated_value,
        Some(Money::Amount {
            value: "100000.50".parse().unwrap(),
            currency: Some("EUR".into())
        })
    );
    // hasSustainability false is BT-06 none, noGPPCriteria is BT-805 none: explicit no.
    let l2 = &records[1];
    assert_eq!(l2.strategic, [StrategicProcurement::None]);
    assert_eq!(l2.gpp_criteria, [GppCriteria::None]);
    assert!(!l2.awarded);
    // Nothing said is not reported, never "no".
    let l3 = &records[2];
    assert!(l3.strategic.is_empty() && l3.gpp_criteria.is_empty());
    assert_eq!(l3.framework, None);
    assert_eq!(l3.main_cpv, None);
}

#[test]
fn packages_records_and_lines() {
    let package =
        format!(r#"{{"uri": "u", "releases": [{RELEASE}, {{"ocid": "o2", "id": "r2"}}]}}"#);
    let all = spp_ocds::read_document(package.as_bytes()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].as_ref().unwrap().id, "r2");
    let records = format!(
        r#"{{"records": [{{"ocid": "ocds-x-1", "releases": [{{"url": "http://x", "date": "2024-01-01", "tag": ["tender"]}}], "compiledRelease": {RELEASE}}},
                          {{"ocid": "o3", "releases": [{{"url": "http://y"}}]}}]}}"#
    );
    let all = spp_ocds::read_document(records.as_bytes()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].as_ref().unwrap().lots.len(), 3);
    let err = all[1].as_ref().unwrap_err();
    assert_eq!(err.ocid.as_deref(), Some("o3"));
    assert!(err.to_string().contains("at records[1]"), "{err}");
    let lines = "{\"ocid\":\"a\",\"id\":\"1\"}\n{\"ocid\":\"b\",\"id\":\"2\"}\n";
    assert_eq!(spp_ocds::read_document(lines.as_bytes()).unwrap().len(), 2);
}

#[test]
fn awards_without_lots_get_a_virtual_lot() {
    let n = one(
        r#"{"ocid": "o", "id": "r", "tag": ["award"], "tender": {"value": {"amount": 5, "currency": "EUR"},
        "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "30213100-6"}}]},
        "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "s"}], "value": {"amount": 4, "currency": "EUR"}}],
        "parties": [{"id": "s", "name": "S"}]}"#,
    );
    let r = derive::lot_records(&n);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].lot_id, spp_ocds::VIRTUAL_LOT);
    assert_eq!(r[0].main_cpv.as_ref().unwrap().as_str(), "30213100");
    assert_eq!(r[0].winners[0].name.as_deref(), Some("S"));
}

#[test]
fn bad_input_names_the_release_and_the_reason() {
    let err = |json: &str| {
        spp_ocds::read_document(json.as_bytes())
            .unwrap()
            .remove(0)
            .unwrap_err()
    };
    let e = err(r#"{"ocid": "ocds-x", "id": "r9", "tender": {"value": {"amount": "lots"}}}"#);
    assert_eq!(
        (e.ocid.as_deref(), e.id.as_deref()),
        (Some("ocds-x"), Some("r9"))
    );
    assert!(e.reason.contains("not an amount: \"lots\""), "{e}");
    assert!(
        e.to_string()
            .starts_with("release id \"r9\" ocid \"ocds-x\": "),
        "{e}"
    );
    let e = err(r#"{"ocid": "ocds-x", "tag": ["tender"]}"#);
    assert_eq!(e.reason, "the release has no id");
    let e = err(r#"{"releases": 5}"#);
    assert!(e.reason.starts_with("not a list"), "{e}");
    assert!(spp_ocds::read_document(b"{\"x\": 1}")
        .unwrap_err()
        .to_string()
        .contains("top-level keys are x"));
    assert!(spp_ocds::read_document(b"").is_err());
    assert!(spp_ocds::read_document(b"[1, 2]").is_err());
    assert!(spp_ocds::read_document(b"{\"releases\": [null, 3, \"x\"]}")
        .unwrap()
        .iter()
        .all(|r| r.is_err()));
}

#[test]
fn no_panic_on_damaged_releases() {
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/doffin/ocds/ContractAwardNotice_can-standard_2022-960991_release_0.json"
    ))
    .unwrap();
    let mut read = 0;
    for seed in [RELEASE.as_bytes(), &fixture[..]] {
        for cut in (0..seed.len()).step_by(29) {
            // Truncated, and with one byte replaced by a quote, a brace or a digit.
            let _ = spp_ocds::read_document(&seed[..cut]);
            for b in [b'"', b'}', b'9', b'['] {
                let mut damaged = seed.to_vec();
                damaged[cut] = b;
                if let Ok(all) = spp_ocds::read_document(&damaged) {
                    read += all.len();
                }
            }
        }
    }
    assert!(
        read > 0,
        "some damaged documents are still valid JSON and are read"
    );
}
