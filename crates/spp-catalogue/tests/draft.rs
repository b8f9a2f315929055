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
    let chosen: Vec<_> = [
        "ict-ts-energy",
        "ict-ac-lcc",
        "ict-ac-minerals",
        "ict-cpc-end-of-life",
    ]
    .iter()
    .map(|id| cat.criterion(id).expect("criterion").1)
    .collect();
    let add = additions_for("LOT-0000", &chosen, Lang::En);
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
            "social-objective=hum-right",
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
    let add = additions_for("LOT-0000", &chosen, Lang::Fr);
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
    let add = additions_for("LOT-0042", &[], Lang::En);
    assert!(
        matches!(apply(&input, std::slice::from_ref(&add)), Err(DraftError::UnknownLot(id)) if id == "LOT-0042")
    );
    let broken = input.replace("</cac:ProcurementProjectLot>", "</cac:ProcurementProject>");
    assert!(matches!(
        apply(&broken, &[add]),
        Err(DraftError::Xml { .. })
    ));
}

/// The codes of one list written in `xml`, in order.
fn codes(xml: &str, list: &str) -> Vec<String> {
    let open = format!("listName=\"{list}\">");
    xml.match_indices(&open)
        .map(|(at, _)| {
            let rest = &xml[at + open.len()..];
            rest[..rest.find('<').unwrap_or(0)].to_string()
        })
        .collect()
}

fn chosen<'c>(cat: &'c Catalogue, ids: &[&str]) -> Vec<&'c spp_catalogue::Criterion> {
    ids.iter()
        .map(|id| cat.criterion(id).expect("criterion").1)
        .collect()
}

fn apply_valid(
    fixture_name: &str,
    add: spp_catalogue::draft::LotAdditions,
) -> (String, spp_catalogue::draft::LotReport) {
    let input = fixture(fixture_name);
    let (out, mut reports) = apply(&input, &[add]).expect("apply");
    if let Some(valid) = xsd_valid(&out) {
        assert!(valid, "output must validate against the eForms XSD");
    }
    (out, reports.remove(0))
}

#[test]
fn gpp_criteria_follow_the_basis_of_the_inserted_criteria() {
    let cat = Catalogue::bundled().expect("catalogue");
    // Vehicles follow an EU GPP set, but this criterion follows Flemish/Brussels rules.
    let add = additions_for(
        "LOT-0000",
        &chosen(&cat, &["veh-ts-zero-emission"]),
        Lang::Nl,
    );
    let (out, r) = apply_valid("cn_24_minimal_cars.xml", add);
    assert_eq!(codes(&out, "gpp-criteria"), vec!["national"]);
    assert_eq!(codes(&out, "environmental-impact"), vec!["clim-mitig"]);
    assert!(codes(&out, "social-objective").is_empty());
    assert_eq!(r.added_specifications, 1);
    assert!(out.contains("<cbc:Note languageID=\"NLD\">Technische specificatie – Uitsluitend emissievrije personenwagens"));

    // An EU GPP criterion and an "other" one: both codes, each once.
    let ids = ["veh-ts-clean", "veh-ac-mobility-service"];
    let add = additions_for("LOT-0000", &chosen(&cat, &ids), Lang::En);
    let (out, _) = apply_valid("cn_24_minimal_cars.xml", add);
    assert_eq!(codes(&out, "gpp-criteria"), vec!["eu", "other"]);
    assert_eq!(codes(&out, "innovative-acquisition"), vec!["prod-innov"]);
}

#[test]
fn social_criteria_declare_no_green_codes_and_go_into_bt70() {
    let cat = Catalogue::bundled().expect("catalogue");
    let add = additions_for(
        "LOT-0000",
        &chosen(&cat, &["veh-cpc-social-drivers"]),
        Lang::Fr,
    );
    let (out, r) = apply_valid("cn_24_minimal_cars.xml", add);
    assert!(codes(&out, "gpp-criteria").is_empty());
    assert!(codes(&out, "environmental-impact").is_empty());
    assert_eq!(codes(&out, "social-objective"), vec!["opp"]);
    assert_eq!(codes(&out, "strategic-procurement"), vec!["soc-obj"]);
    assert_eq!(codes(&out, "conditions"), vec!["performance"]);
    assert_eq!(r.added_performance_conditions, 1);
    // BT-70 sits after the existing execution requirements and before the awarding terms.
    let bt70 = out.find("listName=\"conditions\"").expect("bt-70");
    let last_existing = out
        .rfind("listName=\"ecatalog-submission\"")
        .expect("existing");
    assert!(last_existing < bt70);
    assert!(out.contains("languageID=\"FRA\">Condition d'exécution – "));
}

#[test]
fn selection_criteria_get_a_new_extension_or_join_the_existing_one() {
    let cat = Catalogue::bundled().expect("catalogue");
    // The cars lot's tendering terms have no extension: a new one becomes the first child.
    let add = additions_for(
        "LOT-0000",
        &chosen(&cat, &["veh-sc-fleet-services"]),
        Lang::En,
    );
    let (out, r) = apply_valid("cn_24_minimal_cars.xml", add);
    assert_eq!(r.added_selection_criteria, 1);
    assert_eq!(
        codes(&out, "selection-criterion"),
        vec!["slc-abil-mgmt-env"]
    );
    assert_eq!(codes(&out, "usage"), vec!["used"]);
    let lot = out.find("<cac:ProcurementProjectLot>").expect("lot");
    let terms = lot + out[lot..].find("<cac:TenderingTerms>").expect("terms");
    let ext = out[terms..].find("<ext:UBLExtensions").expect("ext");
    let variant = out[terms..]
        .find("<cbc:VariantConstraintCode")
        .expect("variant");
    assert!(ext < variant);

    // The laptops lot has three selection criteria in its extension: ours comes after them.
    let add = additions_for("LOT-0000", &chosen(&cat, &["ict-sc-takeback"]), Lang::En);
    let (out, r) = apply_valid("cn_24_open_laptops.xml", add);
    assert_eq!(r.added_selection_criteria, 1);
    assert_eq!(
        codes(&out, "selection-criterion"),
        vec![
            "slc-suit-reg-prof",
            "slc-stand-other",
            "slc-abil-staff-tech-work",
            "slc-abil-mgmt-env"
        ]
    );
    assert_eq!(
        count(&out, "<ext:UBLExtensions>"),
        count(&fixture("cn_24_open_laptops.xml"), "<ext:UBLExtensions>")
    );
}

#[test]
fn texts_are_appended_to_an_existing_note_and_bt70_in_the_same_language() {
    let cat = Catalogue::bundled().expect("catalogue");
    let input = fixture("cn_24_open_laptops.xml")
        .replace(
            "<cbc:ProcurementTypeCode listName=\"contract-nature\">services</cbc:ProcurementTypeCode>\n\t\t\t<cac:ProcurementAdditionalType>",
            "<cbc:ProcurementTypeCode listName=\"contract-nature\">services</cbc:ProcurementTypeCode>\n\t\t\t<cbc:Note languageID=\"ENG\">Existing note.</cbc:Note>\n\t\t\t<cac:ProcurementAdditionalType>",
        )
        .replace(
            "<cbc:ExecutionRequirementCode listName=\"einvoicing\">required</cbc:ExecutionRequirementCode>\n\t\t\t</cac:ContractExecutionRequirement>",
            "<cbc:ExecutionRequirementCode listName=\"einvoicing\">required</cbc:ExecutionRequirementCode>\n\t\t\t</cac:ContractExecutionRequirement>\n\t\t\t<cac:ContractExecutionRequirement>\n\t\t\t\t<cbc:ExecutionRequirementCode listName=\"conditions\">performance</cbc:ExecutionRequirementCode>\n\t\t\t\t<cbc:Description languageID=\"ENG\">Existing conditions.</cbc:Description>\n\t\t\t</cac:ContractExecutionRequirement>",
        );
    assert_eq!(count(&input, "Existing"), 2, "fixture edit must apply");
    let ids = ["ict-ts-energy", "ict-cpc-end-of-life"];
    let add = additions_for("LOT-0000", &chosen(&cat, &ids), Lang::En);
    let (out, r) = apply(&input, &[add]).expect("apply");
    assert_eq!(
        (r[0].added_specifications, r[0].added_performance_conditions),
        (1, 1)
    );
    assert_eq!(
        count(
            &out,
            "<cbc:Note languageID=\"ENG\">Existing note.\nTechnical specification – "
        ),
        1
    );
    assert_eq!(
        count(&out, "Existing conditions.\nContract performance clause – "),
        1
    );
    assert_eq!(codes(&out, "conditions").len(), 1);
    if let Some(valid) = xsd_valid(&out) {
        assert!(valid, "output must validate against the eForms XSD");
    }
}
