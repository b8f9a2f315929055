//! `spp practice`, `spp guide` with good practices, `spp report usage` and the register scope
//! of `spp report annual`, end to end on a real SQLite file.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spp"))
        .env_remove("SPP_DB")
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .expect("run spp")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success(),
        "spp {args:?} failed: {stdout}\n{stderr}"
    );
    stdout
}

const FICHE: &str = r#"
id = "town-paper"
product_group = "paper"
buyer = "Gemeente Voorbeeld"
country = "BE"
criteria = []
link = "https://example.org/paper"
source = "Voorbeeld"
languages = ["nl"]
title = { nl = "Gerecycleerd papier", fr = "Papier recyclé", en = "Recycled paper" }
done = { nl = "Alleen gerecycleerd papier.", fr = "Seulement du papier recyclé.", en = "Recycled paper only." }
"#;

#[test]
fn fiches_enter_the_register_and_show_in_the_guide() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let good = dir.path().join("town-paper.toml");
    std::fs::write(&good, FICHE).unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        FICHE.replace("criteria = []", "criteria = [\"ict-ac-lcc\"]"),
    )
    .unwrap();
    let (good, bad) = (good.display().to_string(), bad.display().to_string());

    assert!(ok(&["practice", "add", &good, "--db", &db]).contains("town-paper: create"));
    assert!(ok(&["practice", "add", &good, "--db", &db]).contains("town-paper: unchanged"));
    let refused = run(&["practice", "add", &bad, "--db", &db]);
    let (_, err) = text(&refused);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        err.contains("bad.toml") && err.contains("field criteria") && err.contains("ict-ac-lcc"),
        "{err}"
    );

    let list = ok(&["practice", "list", "--group", "paper", "--db", &db]);
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.contains("town-paper\tpaper\tregister"));
    let history = ok(&["practice", "history", "town-paper", "--db", &db]);
    let h: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert_eq!(
        h.as_array().map(Vec::len),
        Some(1),
        "the refused file wrote nothing"
    );

    let paper = ok(&["guide", "--group", "paper", "--lang", "fr", "--db", &db]);
    assert!(
        paper.contains("BONNES PRATIQUES") && paper.contains("Papier recyclé"),
        "{paper}"
    );
    let bundled = ok(&["guide", "--group", "vehicles", "--lang", "nl"]);
    assert!(bundled.contains("GOEDE PRAKTIJKEN") && bundled.contains("brussels-public-fleets"));
    let html = ok(&[
        "guide", "--group", "vehicles", "--lang", "fr", "--format", "html",
    ]);
    assert!(
        html.contains("<section id=\"practice-brussels-public-fleets\">"),
        "{html}"
    );
    assert!(html.contains("<strong>Ce qui a été fait</strong>"));
    assert!(html.contains("<a href=\"https://leefmilieu.brussels\">"));
    let json = ok(&["guide", "--group", "paper", "--format", "json", "--db", &db]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["good_practices"][0]["id"], "town-paper");

    ok(&["practice", "remove", "town-paper", "--db", &db]);
    assert!(ok(&["practice", "list", "--group", "paper", "--db", &db]).is_empty());
}

#[test]
fn the_usage_report_and_the_annual_register_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let usage = ok(&[
        "report", "usage", "--period", "2026-03", "--db", &db, "--format", "json",
    ]);
    let u: serde_json::Value = serde_json::from_str(&usage).unwrap();
    assert_eq!(
        (u["from"].as_str(), u["to"].as_str()),
        (Some("2026-03-01"), Some("2026-03-31"))
    );
    assert_eq!(u["groups"].as_array().map(Vec::len), Some(19));
    assert_eq!(u["total_views"], 0);
    let nl = ok(&[
        "report", "usage", "--period", "2026", "--db", &db, "--lang", "nl",
    ]);
    assert!(
        nl.contains("Fiches bekeken") && nl.contains("brussels-public-fleets"),
        "{nl}"
    );
    let bad = run(&["report", "usage", "--period", "march", "--db", &db]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).1.contains("period"));

    ok(&[
        "entity", "add", "dep-a", "--name", "Dep A", "--level", "federal", "--domain", "Finance",
        "--db", &db,
    ]);
    let annual = ok(&[
        "report", "annual", "--year", "2024", "--level", "federaal", "--lang", "nl", "--db", &db,
    ]);
    assert!(
        annual.contains("Betalingen binnen de termijn: geen registergegevens"),
        "{annual}"
    );
    let wrong = run(&[
        "report", "annual", "--year", "2024", "--level", "imperial", "--db", &db,
    ]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong).1.contains("--level"));
    let both = run(&[
        "report", "annual", "--year", "2024", "--level", "local", "--entity", "dep-a", "--db", &db,
    ]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "--entity and --level exclude each other"
    );
}
