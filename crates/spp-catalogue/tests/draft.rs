//! Adding criteria to real eForms notices; the output must validate against the eForms XSDs.

use std::path::{Path, PathBuf};
use std::process::Command;

use spp_catalogue::draft::{apply, DraftError};
use spp_catalogue::suggest::additions_for;
use spp_catalogue::{Catalogue, Lang};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `Some(true/false)` = valid or not; `None` = xmllint is not installed.
fn xsd_valid(xml: &str) -> Option<bool> {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!(
            "SKIP schema validation: xmllint not installed (apt-get install -y libxml2-utils)"
        );
        return None;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("notice.xml");
    std::fs::write(&file, xml).expect("write");
    let xsd = root().join("data/eforms-sdk/schemas/maindoc/UBL-ContractNotice-2.3.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("run xmllint");
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    Some(out.status.success())
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn laptops_lot_gets_codes_and_award_criteria_and_stays_valid() {
    let input = fixture("cn_24_open_laptops.xml");
    if xsd_valid(&input) == Some(false) {
        panic!("the unmodified fixture must validate");
    }
    let cat = Catalogue::bundled().expect("catalogue");
    let g = cat.group("ict-end-user").expect("group");
    let chosen: Vec<_> = [
        "ict-ts-energy",
        "ict-ac-lcc",
        "ict-ac-minerals",
        "ict-cpc-end-of-life",
    ]
    .iter()
    .map(|id| cat.criterion(id).expect("criterion").1)
    .collect();
    let add = additions_for("LOT-0000", g, &chosen, Lang::En);
    let (out, reports) = apply(&input, &[add]).expect("apply");

    let r = &reports[0];
    assert_eq!(
        r.removed_codes,
        vec![("strategic-procurement".to_string(), "none".to_string())]
    );
    assert_eq!(
        r.already_present,
        vec![("environmental-impact".to_string(), "circ-econ".to_string())]
    );
    let added: Vec<String> = r
        .added_codes
        .iter()
        .map(|(l, c)| format!("{l}={c}"))
        .collect();
    assert_eq!(
        added,
        vec![
            "environmental-impact=clim-mitig",
            "gpp-criteria=eu",
            "social-objective=work-cond",
            "strategic-procurement=env-imp",
            "strategic-procurement=soc-obj",
        ]
    );
    assert_eq!(r.added_award_criteria, 2);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    assert_eq!(count(&out, ">none</cbc:ProcurementTypeCode>"), 0);
    assert_eq!(
        count(&out, "listName=\"environmental-impact\">circ-econ<"),
        1
    );
    assert_eq!(count(&out, "listName=\"gpp-criteria\">eu<"), 1);
    assert_eq!(count(&out, "<cac:SubordinateAwardingCriterion>"), 5 + 2);
    assert!(out.contains("<cbc:Name languageID=\"ENG\">Life-cycle cost of the devices</cbc:Name>"));
    assert!(out.contains("<efbc:ParameterNumeric>20</efbc:ParameterNumeric>"));
    // Everything before the lot is written back unchanged.
    let lot_at = input.find("<cac:ProcurementProjectLot>").expect("lot");
    assert_eq!(&out[..lot_at], &input[..lot_at]);
    if let Some(valid) = xsd_valid(&out) {
        assert!(valid, "output must validate against the eForms XSD");
    }
}

#[test]
fn lot_without_award_terms_gets_a_new_block_in_schema_order() {
    let input = fixture("cn_24_minimal_cars.xml");
    if xsd_valid(&input) == Some(false) {
        panic!("the unmodified fixture must validate");
    }
    let cat = Catalogue::bundled().expect("catalogue");
    let g = cat.group("vehicles").expect("group");
    let chosen: Vec<_> = g.criteria_up_to(3).collect();
    let add = additions_for("LOT-0000", g, &chosen, Lang::Fr);
    let n_award = add.award.len();
    assert_eq!(n_award, 3);
    let (out, reports) = apply(&input, &[add]).expect("apply");
    assert_eq!(reports[0].added_award_criteria, 3);
    assert_eq!(reports[0].warnings.len(), 1);
    assert_eq!(count(&out, "<cac:AwardingTerms>"), 1);
    assert!(out.contains("languageID=\"FRA\">Coût du cycle de vie, émissions comprises<"));
    assert_eq!(
        count(&out, "listName=\"innovative-acquisition\">prod-innov<"),
        1
    );
    // The awarding terms sit before cac:TenderRecipientParty, as the schema wants.
    let at = out.find("<cac:AwardingTerms>").expect("awarding");
    let recipient = out.find("<cac:TenderRecipientParty>").expect("recipient");
    assert!(at < recipient);
    if let Some(valid) = xsd_valid(&out) {
        assert!(valid, "output must validate against the eForms XSD");
    }
}

#[test]
fn unknown_lot_and_broken_xml_are_errors() {
    let input = fixture("cn_24_minimal.xml");
    let cat = Catalogue::bundled().expect("catalogue");
    let g = cat.group("vehicles").expect("group");
    let add = additions_for("LOT-0042", g, &[], Lang::En);
    assert!(
        matches!(apply(&input, std::slice::from_ref(&add)), Err(DraftError::UnknownLot(id)) if id == "LOT-0042")
    );
    let broken = input.replace("</cac:ProcurementProjectLot>", "</cac:ProcurementProject>");
    assert!(matches!(
        apply(&broken, &[add]),
        Err(DraftError::Xml { .. })
    ));
}
