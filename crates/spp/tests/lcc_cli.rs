//! `spp lcc` end to end: run the built binary on the shipped examples and on bad files.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/lcc")
        .join(name)
}

fn spp(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spp"))
        .arg("lcc")
        .args(args)
        .output()
        .expect("spp runs")
}

fn json_of(file: &str) -> Value {
    let path = data(file);
    let out = spp(&[path.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn offer<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["offers"]
        .as_array()
        .and_then(|a| a.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("offer {id} in output"))
}

#[test]
fn vans_json_has_internal_and_societal_lcc() {
    let v = json_of("vans.toml");
    assert_eq!(v["method"], "generic-art68-v1");
    assert!(v["method_version"]
        .as_str()
        .unwrap()
        .starts_with("spp-lcc/"));
    assert_eq!(v["crf"], 0.190762);
    assert_eq!(v["settings"]["study_period_years"], 6);
    let (a, b) = (offer(&v, "A"), offer(&v, "B"));
    assert_eq!(a["internal_lcc"], 40655.70);
    assert_eq!(a["societal_lcc"], 42454.80);
    assert_eq!(b["internal_lcc"], 41749.97);
    assert_eq!(b["societal_lcc"], 42095.96);
    assert_eq!(a["pv"]["energy"], 11865.14);
    assert_eq!(b["pv"]["residual_value"], -9957.96);
    assert_eq!(a["eac_societal"], 8098.76);
    assert_eq!(
        (a["rank_internal"].clone(), a["rank_societal"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(b["score"], 40.0);
    assert_eq!(a["score"], 39.66);
    assert_eq!(a["years"].as_array().unwrap().len(), 7);
    assert_eq!(a["years"][1]["energy"], 2210.0);
    // The inputs travel with the result.
    assert_eq!(v["inputs"]["offers"][0]["price"], "30000");
}

#[test]
fn vans_table_and_csv() {
    let path = data("vans.toml");
    let out = spp(&[path.as_os_str()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("40,655.70") && text.contains("42,095.96"),
        "{text}"
    );
    let out = spp(&[path.as_os_str(), "--format".as_ref(), "csv".as_ref()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("offer,name,quantity,acquisition"));
    assert!(
        lines[1].starts_with("A,Diesel van,1,30000,11865.14,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",40655.70,42454.80,"), "{}", lines[1]);
    let out = spp(&[
        path.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--years".as_ref(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1 + 2 * 7);
}

#[test]
fn laptops_and_lighting_examples_run() {
    let v = json_of("laptops.toml");
    assert_eq!(v["settings"]["study_period_years"], 5);
    // Offer A replaces its battery once (t = 3 < 5): 200 × 90 / 1.04³ = 16,001.93.
    assert_eq!(offer(&v, "A")["pv"]["replacements"], 16001.93);
    let v = json_of("lighting.toml");
    assert_eq!(v["settings"]["hours_per_year"], 4000.0);
    // B: straight-line residual 100 × 520 × (20 − 10)/20 = 26,000 at year 10, discounted
    // 26,000/1.04¹⁰ = 17,564.67; disposal 100 × 15/1.04¹⁰ = 1,013.35.
    assert_eq!(offer(&v, "B")["pv"]["residual_value"], -17564.67);
    assert_eq!(offer(&v, "B")["pv"]["disposal"], 1013.35);
}

#[test]
fn cvd_example_reproduces_the_directive_vectors() {
    let v = json_of("cars-cvd.toml");
    assert_eq!(v["method"], "cvd-2009-annex");
    let (d, e) = (offer(&v, "D"), offer(&v, "E"));
    // Energy 8,000.00 and 2,560.00; CO2 1,040.00; NOx 52.80, NMHC 10.00, PM 78.30.
    assert_eq!(d["pv"]["energy"], 8000.0);
    assert_eq!(e["pv"]["energy"], 2560.0);
    assert_eq!(d["pv"]["externalities"], 1181.10);
    assert_eq!(d["pollutants"][0]["pv_cost"], 1040.0);
    assert_eq!(d["internal_lcc"], 28000.0);
    assert_eq!(d["societal_lcc"], 29181.10);
    assert_eq!(e["societal_lcc"], 32560.0);
}

#[test]
fn bad_file_error_names_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-vans.toml");
    let text = std::fs::read_to_string(data("vans.toml"))
        .unwrap()
        .replace("price = 42000", "price = 42000\nstudy_period_years = 8");
    std::fs::write(&path, text).unwrap();
    let out = spp(&[path.as_os_str()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad-vans.toml"), "{err}");
    assert!(
        err.contains("offers[1] (\"B\").study_period_years"),
        "{err}"
    );

    let path = dir.path().join("typo.toml");
    std::fs::write(&path, "[evaluation]\nstudy_period_years = 6\nbase_year = 2026\ndiscount_rate = 0.04\n[[offers]]\nid = \"X\"\nprise = 1\n").unwrap();
    let out = spp(&[path.as_os_str()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo.toml") && err.contains("prise"), "{err}");

    let missing = dir.path().join("nope.toml");
    let out = spp(&[missing.as_os_str()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.toml"));
}
