//! Round trips and damaged input for the record layout.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{CodeList, Cpv, FlagKind, LotFlag, LotRecord, Money, RecordSource, Winner};

use super::{decode_body, decode_set, encode_set, read_headers};

fn encode_records(records: &[LotRecord]) -> Vec<u8> {
    encode_set("N-1", 2, records)
}

fn decode_records(bytes: &[u8]) -> Result<Vec<LotRecord>, super::CodecError> {
    let set = decode_set(bytes)?;
    assert_eq!((set.notice_id.as_str(), set.version), ("N-1", 2));
    Ok(set.records)
}

/// A record with every option set, every list filled, unknown codes, and extreme numbers.
fn full() -> LotRecord {
    LotRecord {
        source: RecordSource::Register,
        format: None,
        notice_id: "0a1b2c3d-0000-4000-8000-00000000000e".into(),
        notice_version: u32::MAX,
        procedure_id: Some("proc-ü-1".into()),
        lot_id: "LOT-0007".into(),
        form_type: Some(FormType::parse("result")),
        subtype: Some("29".into()),
        issue_date: NaiveDate::from_ymd_opt(2024, 2, 29),
        award_date: NaiveDate::from_ymd_opt(1, 1, 1),
        year: Some(-44),
        buyer_name: Some("Stad Gent — Dienst Aankoop".into()),
        buyer_id: Some("BE0207.451.227".into()),
        buyer_country: Some("BEL".into()),
        buyer_nuts: Some("BE234".into()),
        buyer_legal_type: Some(BuyerLegalType::parse("not-a-known-code")),
        buyer_count: 3,
        procedure_type: Some(ProcedureType::parse("neg-w-call")),
        lots_in_notice: 12,
        nature: Some(ContractNature::parse("services")),
        main_cpv: Some(Cpv::parse("30213100-6").expect("cpv")),
        product_group: Some("ict".into()),
        strategic: vec![
            StrategicProcurement::parse("env-imp"),
            StrategicProcurement::parse("inn-pur"),
        ],
        environmental: vec![EnvironmentalImpact::parse("circ-econ")],
        social: vec![SocialObjective::parse("et-eq")],
        innovative: vec![InnovativeAcquisition::parse("mar-nov")],
        gpp_criteria: vec![GppCriteria::parse("eu"), GppCriteria::parse("other")],
        reserved: vec![ReservedProcurement::parse("res-ws")],
        esubmission: Some(ESubmission::parse("allowed")),
        award_criterion_types: vec![AwardCriterionType::parse("cost")],
        framework: Some(FrameworkAgreement::parse("fa-wo-rc")),
        cvd_applies: Some(true),
        vehicles_total: Some(u64::MAX),
        vehicles_clean: Some(0),
        vehicles_zero_emission: Some(1),
        estimated_value: Some(Money::Amount {
            value: Decimal::MAX,
            currency: None,
        }),
        awarded: true,
        awarded_value: Some(Money::Amount {
            value: Decimal::new(-123_456_789_012, 28),
            currency: Some("EUR".into()),
        }),
        awarded_value_partial: true,
        framework_ceiling: Some(Money::Withheld),
        tenders_received: Some(7),
        sme_tenders_received: Some(3),
        esubmitted_tenders_received: Some(6),
        winners: vec![
            Winner {
                organisation_id: "ORG-0001".into(),
                name: Some("Groen & Co".into()),
                company_id: Some("BE0123.456.789".into()),
                country: Some("BEL".into()),
                size: Some(CompanySize::parse("sme")),
                leader: Some(false),
                tender_value: Some(Decimal::MIN),
            },
            Winner {
                organisation_id: "ORG-0002".into(),
                name: None,
                company_id: None,
                country: None,
                size: None,
                leader: None,
                tender_value: None,
            },
        ],
        flags: FlagKind::ALL
            .iter()
            .map(|&kind| LotFlag {
                kind,
                field: "BT-805".into(),
                evidence: "\"EU Ecolabel\"".into(),
            })
            .collect(),
    }
}

/// A record with every option empty and every list empty.
pub(crate) fn empty() -> LotRecord {
    LotRecord {
        source: RecordSource::Notice,
        format: Some(spp_domain::SourceFormat::Eforms),
        notice_id: String::new(),
        notice_version: 0,
        procedure_id: None,
        lot_id: String::new(),
        form_type: None,
        subtype: None,
        issue_date: None,
        award_date: None,
        year: None,
        buyer_name: None,
        buyer_id: None,
        buyer_country: None,
        buyer_nuts: None,
        buyer_legal_type: None,
        buyer_count: 0,
        procedure_type: None,
        lots_in_notice: 0,
        nature: None,
        main_cpv: None,
        product_group: None,
        strategic: vec![],
        environmental: vec![],
        social: vec![],
        innovative: vec![],
        gpp_criteria: vec![],
        reserved: vec![],
        esubmission: None,
        award_criterion_types: vec![],
        framework: None,
        cvd_applies: None,
        vehicles_total: None,
        vehicles_clean: None,
        vehicles_zero_emission: None,
        estimated_value: None,
        awarded: false,
        awarded_value: None,
        awarded_value_partial: false,
        framework_ceiling: None,
        tenders_received: None,
        sme_tenders_received: None,
        esubmitted_tenders_received: None,
        winners: vec![],
        flags: vec![],
    }
}

#[test]
fn full_and_empty_records_round_trip() {
    let records = vec![full(), empty(), full()];
    let bytes = encode_records(&records);
    assert_eq!(decode_records(&bytes).expect("decode"), records);
    assert!(!records[0].buyer_legal_type.as_ref().unwrap().is_known());
    assert_eq!(
        decode_records(&encode_records(&[])).expect("decode"),
        vec![]
    );
}

#[test]
fn every_truncation_and_trailing_byte_is_an_error() {
    let bytes = encode_records(&[full(), empty()]);
    for end in 0..bytes.len() {
        let err = decode_records(&bytes[..end]).expect_err("a prefix must not decode");
        assert!(err.at <= end, "{err} at a prefix of {end} bytes");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let err = decode_records(&longer).expect_err("trailing byte");
    assert!(err.reason.contains("left after"), "{err}");
    assert_eq!(err.notice.as_deref(), Some("N-1"));
}

/// Sets concatenated in one value (as a page of the report's query) come back in order, each
/// with its own header; damage in the second names the second.
#[test]
fn concatenated_sets_decode_in_order() {
    let a = encode_set("A", 1, &[full()]);
    let b = encode_set("B", 3, &[empty(), empty()]);
    let c = encode_set("C", 1, &[]);
    let page = [a.clone(), b.clone(), c].concat();
    let mut headers = Vec::new();
    read_headers(&page, &mut headers).expect("read headers");
    let summary: Vec<(&str, i32, usize)> = headers
        .iter()
        .map(|h| (h.notice_id, h.version, h.count))
        .collect();
    assert_eq!(summary, vec![("A", 1, 1), ("B", 3, 2), ("C", 1, 0)]);
    let mut records = Vec::new();
    for h in &headers {
        decode_body(h, &mut records).expect("decode body");
    }
    assert_eq!(records, vec![full(), empty(), empty()]);

    let cut = [a.clone(), b[..b.len() - 1].to_vec()].concat();
    let err = read_headers(&cut, &mut Vec::new()).expect_err("cut in the second set");
    assert_eq!(err.notice.as_deref(), Some("B"), "{err}");

    // A damaged record inside a body is found when that body is decoded, and located in the page.
    let mut bad = page.clone();
    let last = a.len() + b.len() - 1;
    bad[last] = 7; // the second empty record's last byte: the flag count
    let mut headers = Vec::new();
    read_headers(&bad, &mut headers).expect("headers are intact");
    let err = decode_body(&headers[1], &mut Vec::new()).expect_err("bad body");
    assert_eq!(err.notice.as_deref(), Some("B"), "{err}");
    assert!(err.at > a.len() && err.at <= last + 1, "{err}");
}

#[test]
fn an_unknown_format_byte_is_named() {
    let mut bytes = encode_records(&[empty()]);
    bytes[0] = 9;
    let err = decode_records(&bytes).expect_err("format 9");
    assert_eq!((err.at, err.notice.as_deref()), (1, None));
    assert!(err.reason.contains("unknown record format 9"), "{err}");
}

/// Damaged bytes never panic; what still decodes re-encodes to something that decodes the same.
#[test]
fn damaged_bytes_decode_to_errors_or_to_stable_records() {
    let bytes = encode_records(&[full(), empty()]);
    let mut errors = 0;
    for i in 0..bytes.len() {
        for value in [0u8, 1, 2, 0x7f, 0x80, 0xff, bytes[i] ^ 0x01] {
            let mut damaged = bytes.clone();
            damaged[i] = value;
            match decode_set(&damaged) {
                Ok(set) => {
                    let again = encode_set(&set.notice_id, set.version, &set.records);
                    assert_eq!(decode_set(&again).expect("re-decode"), set);
                }
                Err(_) => errors += 1,
            }
        }
    }
    assert!(
        errors > bytes.len(),
        "only {errors} damaged inputs were refused"
    );
}

/// Every lot record derived from the bundled sample survives the store's layout, which is
/// at most half the size of the JSON it replaced.
#[test]
fn sample_records_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let mut notices = 0;
    let (mut binary, mut json) = (0, 0);
    for entry in walk(&dir) {
        let bytes = std::fs::read(&entry).expect("read sample");
        let Ok(notice) = spp_eforms::parse_notice(&bytes) else {
            continue;
        };
        let records = spp_domain::derive::lot_records(&notice);
        let encoded = encode_records(&records);
        assert_eq!(
            decode_records(&encoded).expect("decode"),
            records,
            "{}",
            entry.display()
        );
        binary += encoded.len();
        json += serde_json::to_string(&records).expect("json").len();
        notices += 1;
    }
    assert!(notices >= 300, "only {notices} sample notices parsed");
    assert!(binary * 2 < json, "{binary} bytes against {json} as JSON");
}

/// The `.xml` files under `dir`, sorted (the bundled sample: `data/sample`).
pub(crate) fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("sample dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The layout stores code-list values by position. If this fails, a code list changed:
/// raise `FORMAT` in codec/mod.rs (stores of the old format are then refused and re-ingested)
/// and update the expected fingerprint.
#[test]
fn code_lists_are_pinned() {
    fn list<C: CodeList>() -> String {
        format!("{}={}", C::LIST, C::CODES.join(","))
    }
    let lists = [
        list::<FormType>(),
        list::<BuyerLegalType>(),
        list::<ProcedureType>(),
        list::<ContractNature>(),
        list::<StrategicProcurement>(),
        list::<EnvironmentalImpact>(),
        list::<SocialObjective>(),
        list::<InnovativeAcquisition>(),
        list::<GppCriteria>(),
        list::<ReservedProcurement>(),
        list::<ESubmission>(),
        list::<AwardCriterionType>(),
        list::<FrameworkAgreement>(),
        list::<CompanySize>(),
    ]
    .join(";");
    // FNV-1a, spelled out so that the fingerprint does not depend on std's hasher.
    let fingerprint = lists.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    assert_eq!(
        fingerprint, 13_220_325_210_374_829_747,
        "code lists changed: {lists}"
    );
}

/// Sets written with layout 1 (before the source format) are still read: their notice
/// records are eForms, register records have no format.
#[test]
fn layout_1_sets_are_read_as_eforms() {
    let mut notice = full();
    notice.source = RecordSource::Notice;
    notice.format = Some(spp_domain::SourceFormat::TedXml);
    let mut register = empty();
    register.source = RecordSource::Register;
    for (record, expected) in [
        (notice, Some(spp_domain::SourceFormat::Eforms)),
        (register, None),
    ] {
        // Layout 1 is layout 2 without the format byte after the record source.
        let mut body = super::write::Writer(Vec::new());
        body.record(&record);
        let mut old_body = body.0.clone();
        old_body.remove(1);
        let mut set = super::write::Writer(vec![1]);
        set.str("N-1");
        set.i64(2);
        set.len(1);
        set.len(old_body.len());
        set.0.extend_from_slice(&old_body);
        let decoded = decode_records(&set.0).expect("layout 1 decodes");
        let mut want = record.clone();
        want.format = expected;
        assert_eq!(decoded, [want]);
    }
}
