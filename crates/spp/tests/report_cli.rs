//! `spp report` and `spp explain` end to end: real notices from data/sample, ingested into a
//! real SQLite file, reported in every format; the HTML page rendered in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn spp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spp"));
    cmd.env_remove("SPP_DB").env_remove("RUST_LOG");
    cmd
}

fn sample(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/sample/meaningfy-eforms-mapping-artefacts")
        .join(file)
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

/// Two small real result notices, hand-read:
/// - 00178541-2024 (b3d136db…): 1 lot; BT-06 none + env-imp + inn-pur; CVD scope, 20
///   vehicles, 10 clean, 2 zero-emission; 6 tenders; winner ORG-0009 `large`; price only;
///   no tender value.
/// - 00599533-2024 (ddbec186…): 1 lot; BT-06 soc-obj, BT-774 other, BT-775 other, BT-805
///   none; CVD scope without counts;
///   t-sme 1 but no `tenders` count; winner ORG-0003 `sme`; price only; BGN 70 178.40 awarded
///   on 2024-08-26 → EUR 35 882.20 at the ECB rate 1.9558.
fn two_notice_db(dir: &Path) -> String {
    let db = format!("sqlite:{}", dir.join("two.sqlite").display());
    ok(spp()
        .args(["ingest", "--db", &db])
        .arg(sample("00178541-2024.xml"))
        .arg(sample("00599533-2024.xml"))
        .output()
        .unwrap());
    db
}

fn find<'a>(
    json: &'a serde_json::Value,
    id: &str,
    stage: &str,
    variant: &str,
) -> &'a serde_json::Value {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["id"] == id
                && r["group"] == "all"
                && r["stage"] == stage
                && r["variant"] == variant
                && r["split"].is_null()
        })
        .unwrap_or_else(|| panic!("no {id} {stage} {variant}"))
}

fn nd(row: &serde_json::Value) -> (f64, Option<f64>) {
    (
        row["numerator"].as_f64().unwrap(),
        row["denominator"].as_f64(),
    )
}

#[test]
fn json_report_on_two_real_notices_matches_a_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_notice_db(dir.path());
    let out = ok(spp()
        .args(["report", "--db", &db, "--format", "json"])
        .output()
        .unwrap());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let facts = &json["facts"];
    assert_eq!(facts["notices"], 2);
    assert_eq!(facts["result_notices"], 2);
    assert_eq!(facts["lots"], 2);
    assert_eq!(facts["lots_strategic_reported"], 2);
    assert_eq!(facts["lots_env_imp"], 1);
    assert_eq!(facts["lots_soc_obj"], 1);
    assert_eq!(facts["lots_inn_pur"], 1);
    assert_eq!(facts["lots_gpp_criteria"], 0);
    assert_eq!(facts["winners"], 2);
    assert_eq!(facts["winners_sme"], 1);

    assert_eq!(nd(find(&json, "SPP-2", "award", "count")), (2.0, Some(2.0)));
    // env-imp in the first, BT-774 = other in the second.
    assert_eq!(nd(find(&json, "GPP-1", "award", "count")), (2.0, Some(2.0)));
    assert_eq!(nd(find(&json, "GPP-2", "award", "count")), (0.0, Some(1.0)));
    assert_eq!(nd(find(&json, "SOC-1", "award", "count")), (1.0, Some(2.0)));
    assert_eq!(nd(find(&json, "INN-1", "award", "count")), (1.0, Some(2.0)));
    assert_eq!(
        nd(find(&json, "INN-1", "award", "value")),
        (0.0, Some(35882.2))
    );
    let cvd = find(&json, "CVD-1", "award", "count");
    assert_eq!(nd(cvd), (12.0, Some(20.0)));
    assert_eq!(cvd["coverage"], 0.5);
    let sme1 = find(&json, "SME-1", "award", "count");
    assert_eq!(nd(sme1), (1.0, Some(2.0)));
    assert_eq!(sme1["value"], 0.5);
    let sme2 = find(&json, "SME-2", "award", "count");
    assert_eq!(nd(sme2), (0.0, Some(0.0)));
    assert!(sme2["value"].is_null(), "denominator 0 gives null");
    assert_eq!(nd(find(&json, "CMP-1", "award", "count")), (0.0, Some(1.0)));
    assert_eq!(nd(find(&json, "CMP-3", "award", "count")), (2.0, Some(2.0)));
    let spend = find(&json, "SPD-1", "award", "value");
    assert_eq!(nd(spend), (35882.2, None));
    assert_eq!(spend["value_unknown"], 1);
    assert_eq!(json["fx"]["last_date"], "2026-10-30");

    // explain, from the same indicator code.
    let out = ok(spp()
        .args([
            "explain",
            "b3d136db-2c29-4214-a824-54596b7d7abc",
            "--db",
            &db,
        ])
        .output()
        .unwrap());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("LOT-0000 counts in numerator GPP-1  award: BT-06 = env-imp"),
        "{text}"
    );
    assert!(
        text.contains("LOT-0000 counts in denominator only SME-1"),
        "{text}"
    );
    let missing = spp()
        .args(["explain", "no-such-notice", "--db", &db])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no-such-notice is not in the database")
    );
}

#[test]
fn csv_and_xlsx_open_as_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_notice_db(dir.path());
    let csv_path = dir.path().join("r.csv");
    ok(spp()
        .args([
            "report", "--db", &db, "--by", "country", "--format", "csv", "--out",
        ])
        .arg(&csv_path)
        .output()
        .unwrap());
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}indicator,name,group_by,group,stage,variant"));
    // One German and one Bulgarian buyer; INN-1 only in the German lot.
    assert!(csv.contains(
        "SPP-2,declared strategic procurement,country,DEU,award,count,,lots,1,1,1.000000"
    ));
    assert!(csv.contains(
        "SPP-2,declared strategic procurement,country,BGR,award,count,,lots,1,1,1.000000"
    ));
    assert!(csv.contains(
        "INN-1,innovative procurement (3 % norm),country,BGR,award,count,,lots,0,1,0.000000"
    ));
    let xlsx_path = dir.path().join("r.xlsx");
    ok(spp()
        .args(["report", "--db", &db, "--format", "xlsx", "--out"])
        .arg(&xlsx_path)
        .output()
        .unwrap());
    let bytes = std::fs::read(&xlsx_path).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");
    let bad = spp()
        .args(["report", "--db", &db, "--by", "galaxy"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown grouping \"galaxy\""));
}

#[test]
fn main_job_ingests_the_sample_and_writes_report_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(spp()
        .arg("report")
        .current_dir(dir.path())
        .output()
        .unwrap());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("HEADLINE"), "{table}");
    assert!(table.contains("SPP-2 declared strategic procurement (award, lots)"));
    assert!(table.contains("target 3.0 %"));
    // The sample's history: TED XML for every year 2016–2022, eForms after.
    let history = table
        .split("LOTS BY YEAR AND FORMAT")
        .nth(1)
        .and_then(|t| t.split("\n\n").next())
        .expect("history section");
    for year in 2016..=2022 {
        let line = history
            .lines()
            .find(|l| l.trim_start().starts_with(&year.to_string()))
            .unwrap_or_else(|| panic!("no {year} in {history}"));
        assert!(line.contains("ted-xml"), "{line}");
    }
    assert!(history.contains("eforms"));
    // The framework of 432969-2016 gives its one value per winner: listed, not counted.
    assert!(table.contains("IMPLAUSIBLE VALUES"));
    assert!(table.contains("432969-2016 v1"));
    assert!(dir.path().join("spp.sqlite").is_file());
    assert!(dir.path().join("report.html").is_file());
    // Rerunning is fine: the ingest is idempotent and the figures do not change.
    let again = ok(spp()
        .arg("report")
        .current_dir(dir.path())
        .output()
        .unwrap());
    assert_eq!(String::from_utf8_lossy(&again.stdout), table);
    assert!(String::from_utf8_lossy(&again.stderr).contains("new 0, updated 0"));
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn headless(browser: &str, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// The facts of the whole sample through parse → derive → store → report equal the facts of
/// parse → derive in memory, which `spp-monitoring/tests/facts_sample.rs` checks against an
/// independent XML count.
fn assert_sample_facts_match_the_parser(db: &str) {
    let out = ok(spp()
        .args(["report", "--db", db, "--format", "json"])
        .output()
        .unwrap());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let mut notices = Vec::new();
    for sub in std::fs::read_dir(&dir).unwrap() {
        let sub = sub.unwrap().path();
        if !sub.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&sub).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "xml") {
                let bytes = std::fs::read(&file).unwrap();
                notices.push(spp_ingest::format::read_notice(&bytes).unwrap());
            }
        }
    }
    let expected = spp_monitoring::Facts::of_notices(&notices);
    assert!(expected.notices > 300, "lot-less notices count too");
    assert_eq!(json["facts"], serde_json::to_value(&expected).unwrap());
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("s.sqlite").display());
    let html = dir.path().join("report.html");
    ok(spp()
        .args([
            "report", "--db", &db, "--sample", "--format", "html", "--out",
        ])
        .arg(&html)
        .output()
        .unwrap());
    assert_sample_facts_match_the_parser(&db);
    let page = std::fs::read_to_string(&html).unwrap();
    let without_svg_ns = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_svg_ns.contains("http://") && !without_svg_ns.contains("https://"),
        "no network reference"
    );
    assert!(
        !page.contains("<script") && !page.contains("<link"),
        "self-contained"
    );
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: chromium is not installed (apt-get install chromium); the HTML was checked as text only");
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.display());
    let dom = headless(browser, profile.path())
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["chart-year", "chart-country", "chart-cpv"] {
        assert!(
            dom.contains(&format!("<svg class=\"chart\" id=\"{id}\"")),
            "missing {id}"
        );
    }
    assert!(dom.contains("<rect class=\"bar bar0\""), "bars drawn");
    assert!(dom.contains("<line class=\"target\""), "targets drawn");
    for id in [
        "SPP-2", "GPP-1", "GPP-2", "SOC-1", "INN-1", "CVD-1", "SME-1", "SME-2", "SME-3", "EPR-1",
        "CMP-1", "CMP-3", "SPD-1", "SPP-1",
    ] {
        assert!(
            dom.contains(&format!("<tr class=\"indicator\" data-id=\"{id}\">")),
            "missing indicator row {id}"
        );
    }
    assert!(dom.contains("id=\"definitions\"") && dom.contains("Coverage warnings"));
    let shot = dir.path().join("report.png");
    let status = headless(browser, profile.path())
        .arg("--window-size=1200,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a real screenshot"
    );
    if let Ok(keep) = std::env::var("SPP_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, keep);
    }
}
