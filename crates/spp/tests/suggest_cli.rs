//! `spp suggest` end to end on eForms SDK example notices; the `--apply` output is checked with
//! xmllint against the eForms XSDs and read back with spp's own parser.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spp-catalogue/tests/fixtures")
        .join(name)
}

fn spp(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spp"))
        .args(args)
        .output()
        .expect("run spp");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn xsd_valid(file: &Path) -> Option<bool> {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!(
            "SKIP schema validation: xmllint not installed (apt-get install -y libxml2-utils)"
        );
        return None;
    }
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/eforms-sdk/schemas/maindoc/UBL-ContractNotice-2.3.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(file)
        .output()
        .expect("xmllint");
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    Some(out.status.success())
}

fn statuses(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v[0]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn lists_criteria_per_lot_with_presence() {
    let input = fixture("cn_24_open_laptops.xml");
    let (code, out, err) = spp(&[
        "suggest",
        input.to_str().expect("path"),
        "--level",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["lot"], "LOT-0000");
    assert_eq!(v[0]["group"], "ict-end-user");
    assert_eq!(
        statuses(&out),
        vec![
            ("ict-sc-takeback".to_string(), "declared".to_string()),
            ("ict-ts-energy".to_string(), "missing".to_string()),
            (
                "ict-ts-warranty-updates".to_string(),
                "declared".to_string()
            ),
            ("ict-ts-social-label".to_string(), "missing".to_string()),
            ("ict-cpc-end-of-life".to_string(), "declared".to_string()),
        ]
    );
    // A lot whose CPV (IT services) has no group.
    let (code, out, _) = spp(&[
        "suggest",
        fixture("cn_24_minimal.xml").to_str().expect("path"),
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("LOT-0000  CPV 72230000: no product group"),
        "{out}"
    );
}

#[test]
fn apply_adds_missing_criteria_and_output_validates() {
    let input = fixture("cn_24_open_laptops.xml");
    if xsd_valid(&input) == Some(false) {
        panic!("the unmodified fixture must validate");
    }
    let dir = tempfile::tempdir().expect("tmp");
    let out_file = dir.path().join("new.xml");
    let (code, _, err) = spp(&[
        "suggest",
        input.to_str().expect("path"),
        "--level",
        "2",
        "--apply",
        "--out",
        out_file.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    // The notice already weighs its five criteria to 100 %; the two added ones bring 25 %.
    assert!(err.contains("award weights now sum to 125 %"), "{err}");
    assert!(err.contains("removed strategic-procurement=none"), "{err}");
    if let Some(valid) = xsd_valid(&out_file) {
        assert!(valid, "output must validate against the eForms XSD");
    }
    // Read back with spp's parser: codes and award criteria are there.
    let bytes = std::fs::read(&out_file).expect("read");
    let notice = spp_eforms::parse_notice(&bytes).expect("parse output");
    let lot = &notice.lots[0];
    let codes = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    let mut bt06: Vec<String> = lot
        .strategic
        .procurement
        .iter()
        .map(|c| spp_domain::CodeList::as_str(c).to_string())
        .collect();
    bt06.sort();
    assert_eq!(bt06, codes(vec!["env-imp", "soc-obj"]));
    let mut bt774: Vec<String> = lot
        .strategic
        .environmental
        .iter()
        .map(|c| spp_domain::CodeList::as_str(c).to_string())
        .collect();
    bt774.sort();
    assert_eq!(bt774, codes(vec!["circ-econ", "clim-mitig", "pollu-prev"]));
    let bt805: Vec<&str> = lot
        .strategic
        .gpp_criteria
        .iter()
        .map(spp_domain::CodeList::as_str)
        .collect();
    assert_eq!(bt805, vec!["eu"]);
    assert_eq!(lot.award_criteria.len(), 7);
    assert_eq!(
        lot.award_criteria[5].name.get("ENG"),
        Some("Life-cycle cost of the devices")
    );
    // Everything listed at level 2 is now at least declared.
    let (code, out, _) = spp(&[
        "suggest",
        out_file.to_str().expect("path"),
        "--level",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert!(statuses(&out).iter().all(|(_, s)| s != "missing"), "{out}");
}

#[test]
fn apply_chosen_criteria_to_a_lot_without_award_criteria() {
    let input = fixture("cn_24_minimal_cars.xml");
    let dir = tempfile::tempdir().expect("tmp");
    let out_file = dir.path().join("cars.xml");
    let (code, _, err) = spp(&[
        "suggest",
        input.to_str().expect("path"),
        "--lang",
        "nl",
        "--criteria",
        "veh-ts-clean,veh-ac-lcc",
        "--apply",
        "--out",
        out_file.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("the notice language is ENG but the added texts are in NLD"),
        "{err}"
    );
    let xml = std::fs::read_to_string(&out_file).expect("read");
    assert!(
        xml.contains("<cbc:Name languageID=\"NLD\">Levenscycluskost inclusief uitstoot</cbc:Name>")
    );
    assert_eq!(xml.matches("<cac:SubordinateAwardingCriterion>").count(), 1);
    if let Some(valid) = xsd_valid(&out_file) {
        assert!(valid, "output must validate against the eForms XSD");
    }
    let (code, _, err) = spp(&[
        "suggest",
        input.to_str().expect("path"),
        "--criteria",
        "nope",
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no such criterion") && err.contains("\"nope\""),
        "{err}"
    );
}
