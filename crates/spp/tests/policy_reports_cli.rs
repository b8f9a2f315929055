//! `spp report priority | eu-monitoring | benchmark | annual` end to end on the bundled sample
//! in a real SQLite file; plain `spp report` still works beside them.

use std::process::{Command, Output};

fn spp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spp"));
    cmd.env_remove("SPP_DB").env_remove("RUST_LOG");
    cmd
}

fn run(args: &[&str]) -> Output {
    spp().args(args).output().expect("run spp")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "spp failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn policy_reports_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    // The monitoring report as before, ingesting the sample.
    let plain = ok(run(&[
        "report", "--db", &db, "--sample", "--format", "json",
    ]));
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert!(json["indicators"].as_array().is_some_and(|r| !r.is_empty()));

    let out = ok(run(&[
        "report", "priority", "--db", &db, "--format", "json", "--buyers", "2",
    ]));
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(p["list"]["overall"].as_array().map(Vec::len), Some(19));
    assert_eq!(p["list"]["overall"][0]["rank"], 1);
    assert_eq!(p["list"]["by_buyer"].as_array().map(Vec::len), Some(2));

    let xlsx = dir.path().join("eu.xlsx");
    let xlsx_arg = xlsx.display().to_string();
    ok(run(&[
        "report",
        "eu-monitoring",
        "--db",
        &db,
        "--period",
        "2016-2024",
        "--lang",
        "fr",
        "--format",
        "xlsx",
        "--out",
        &xlsx_arg,
    ]));
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"));

    let out = ok(run(&[
        "report",
        "eu-monitoring",
        "--db",
        &db,
        "--period",
        "2016-2024",
        "--lang",
        "nl",
    ]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Milieudoelstelling (EUM-ENV)") && text.contains("geen registergegevens"),
        "{text}"
    );

    let out = ok(run(&[
        "report",
        "benchmark",
        "--db",
        &db,
        "--by",
        "country",
        "--format",
        "json",
    ]));
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(b["reference"]["key"], "median");
    assert!(b["rows"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["key"] == "BEL")));

    let html = dir.path().join("annual.html");
    let html_arg = html.display().to_string();
    ok(run(&[
        "report", "annual", "--db", &db, "--year", "2023", "--lang", "fr", "--format", "html",
        "--out", &html_arg,
    ]));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Annexe : méthode"));

    let bad = run(&[
        "report",
        "eu-monitoring",
        "--db",
        &db,
        "--period",
        "2023-2021",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("period"));
    let bad = run(&[
        "report", "annual", "--db", &db, "--year", "2023", "--lang", "de",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--lang"));
}
