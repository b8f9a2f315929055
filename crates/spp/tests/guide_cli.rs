//! `spp guide` end to end.

use std::process::Command;

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

#[test]
fn lists_the_nineteen_groups() {
    let (code, out, _) = spp(&["guide", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let groups = v.as_array().expect("array");
    assert_eq!(groups.len(), 19);
    assert_eq!(groups[0]["id"], "ict-end-user");
    assert_eq!(groups[0]["cpv"], 13);
    let (code, out, _) = spp(&["guide", "--lang", "fr"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Véhicules et services de transport routier"),
        "{out}"
    );
}

#[test]
fn cpv_lookup_shows_the_fiche() {
    let (code, out, _) = spp(&[
        "guide",
        "--cpv",
        "30213100-6",
        "--level",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["id"], "ict-end-user");
    assert_eq!(v["matched_cpv"]["label"], "Portable computers");
    let levels: Vec<u64> = v["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| c["level"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(levels, vec![1, 1, 1, 1, 1]);

    let (code, out, _) = spp(&["guide", "--cpv", "30232110", "--lang", "nl"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Printers, kopieerapparaten, toners en printdiensten (imaging)"),
        "{out}"
    );
    assert!(out.contains("CPV 30232110-8 Laser printers"), "{out}");
    assert!(out.contains("GUNNINGSCRITERIUM"), "{out}");

    let (code, _, err) = spp(&["guide", "--cpv", "72230000"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Custom software development services") && err.contains("no product group"),
        "{err}"
    );
    let (code, _, err) = spp(&["guide", "--cpv", "3021"]);
    assert_ne!(code, 0);
    assert!(err.contains("not a CPV code"), "{err}");
}

#[test]
fn group_fiche_in_markdown_and_html() {
    let (code, out, _) = spp(&["guide", "--group", "textiles", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# Textile products and services"), "{out}");
    assert!(out.contains("## Award criterion"));
    assert!(out.contains("Labels: Fair Wear, SA8000"));
    let (code, out, _) = spp(&[
        "guide", "--group", "cleaning", "--format", "html", "--lang", "fr",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("<li id=\"cln-ts-ecolabel-products\"><strong>Produits de nettoyage écolabellisés</strong>"), "{out}");
    assert!(out.contains("Condition d&#39;exécution") || out.contains("Condition d'exécution"));
    let (code, _, err) = spp(&["guide", "--group", "spaceships"]);
    assert_ne!(code, 0);
    assert!(err.contains("no product group \"spaceships\""), "{err}");
}

#[test]
fn labels_list() {
    let (code, out, _) = spp(&["guide", "--labels", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let labels = v.as_array().expect("array");
    assert!(labels.len() >= 30);
    let eco = labels
        .iter()
        .find(|l| l["id"] == "eu-ecolabel")
        .expect("eu-ecolabel");
    assert_eq!(eco["type_i"], true);
}

#[test]
fn edited_catalogue_directory_is_validated() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/catalogue");
    let dir = tempfile::tempdir().expect("tmp");
    for e in std::fs::read_dir(&src).expect("catalogue dir").flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    let d = dir.path().to_str().expect("path");
    let (code, out, _) = spp(&[
        "guide",
        "--catalogue",
        d,
        "--group",
        "paints",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["criteria"].as_array().map(Vec::len), Some(8));

    let file = dir.path().join("paints.toml");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replacen("level = 1", "level = 7", 1);
    std::fs::write(&file, text).expect("write");
    let (code, _, err) = spp(&["guide", "--catalogue", d]);
    assert_ne!(code, 0);
    assert!(
        err.contains("paints.toml: criterion \"pnt-ts-voc\": level 7 is not 1, 2 or 3"),
        "{err}"
    );
}
