//! The real `spp ingest` and `spp report` over the shared corpus: example notices refused,
//! real ones never; eForms and TED XML in one store give one history with a Belgian series and
//! NUTS1 regions; the plausibility checks flag the corpus's known outliers. Needs ../shared
//! (real notices); each test is skipped with a message when it is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `../shared` beside the clone (CI, /work/main), or beside the folder of worktrees.
fn corpus(sub: &str) -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|up| here.join(up).join(sub))
        .find(|dir| dir.is_dir());
    if found.is_none() {
        eprintln!("SKIPPED: ../shared/corpus/{sub} is absent");
    }
    found
}

fn spp(args: &[&str], paths: &[PathBuf]) -> Value {
    run(args, paths, true)
}

/// `spp` with its JSON output; `ok`: the exit status must be success (an ingest with refused
/// files ends with a failure status, and its summary says why).
fn run(args: &[&str], paths: &[PathBuf], ok: bool) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_spp"))
        .env_remove("SPP_DB")
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    assert!(
        out.status.success() || !ok,
        "spp {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn failures(summary: &Value) -> Vec<(String, String)> {
    summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("source"), s("reason"))
        })
        .collect()
}

#[test]
fn every_sdk_example_is_refused_with_its_reason_and_none_is_counted() {
    let Some(src) = corpus("eforms-sdk-examples") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let summary = run(
        &["ingest", "--json", "--db", &db],
        std::slice::from_ref(&src),
        false,
    );
    let xml_files = walk(&src).filter(|p| p.extension().is_some_and(|e| e == "xml"));
    let refused = failures(&summary);
    assert_eq!(refused.len(), xml_files.count(), "every example file");
    for (source, reason) in &refused {
        let example = reason.contains("refused: an example or test notice, not counted");
        let no_id = reason.contains("refused: the notice has no identifier");
        assert!(example || no_id, "{source}: {reason}");
    }
    assert_eq!(summary["new"], 0);
    let report = spp(&["report", "--format", "json", "--db", &db], &[]);
    assert_eq!(report["facts"]["notices"], 0, "nothing was counted");
    assert_eq!(report["facts"]["lots"], 0);
}

fn walk(dir: &Path) -> impl Iterator<Item = PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.into_iter()
}

fn row<'a>(report: &'a Value, id: &str, group: &str, variant: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["id"] == id
                && r["group"] == group
                && r["variant"] == variant
                && r["stage"] == "award"
                && r["split"].is_null()
        })
        .unwrap_or_else(|| panic!("no row {id} {group} {variant}"))
}

/// eForms, Doffin and TED XML into one store: no real notice is refused; the history runs
/// from before 2016 to 2025 in both formats; Belgium and Flanders (BE2) have notices in
/// both; the corpus's outliers are flagged and left out.
#[test]
fn one_history_from_real_notices_with_outliers_flagged() {
    let (Some(eforms), Some(doffin), Some(ted)) = (
        corpus("eforms"),
        corpus("eforms-doffin-no"),
        corpus("ted-xml"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let summary = spp(&["ingest", "--json", "--db", &db], &[eforms, doffin, ted]);
    let refused: Vec<_> = failures(&summary)
        .into_iter()
        .filter(|(_, reason)| reason.contains("refused"))
        .collect();
    assert!(refused.is_empty(), "real notices refused: {refused:?}");
    assert_eq!(summary["failed"], 0);

    let report = spp(
        &["report", "--format", "json", "--by", "year", "--db", &db],
        &[],
    );
    let history = report["lots_by_year_and_format"].as_object().unwrap();
    let years_of = |format: &str| -> Vec<&str> {
        history
            .iter()
            .filter(|(_, f)| f.get(format).is_some())
            .map(|(y, _)| y.as_str())
            .collect()
    };
    for year in ["2016", "2017", "2018", "2019", "2020", "2021", "2022"] {
        assert!(years_of("ted-xml").contains(&year), "TED XML in {year}");
    }
    for year in ["2023", "2024", "2025"] {
        assert!(years_of("eforms").contains(&year), "eForms in {year}");
    }

    // The outliers of the corpus: one eForms notice repeats 77,763 vehicles in 7 lots (P-3);
    // a London framework gives its value once per contractor in 26 lots (P-5).
    let flagged = report["implausible"].as_array().unwrap();
    let of = |notice: &str, rule: &str| {
        flagged
            .iter()
            .filter(|f| f["notice_id"] == notice && f["rule"] == rule)
            .count()
    };
    assert_eq!(of("75150b35-e34a-4d35-913c-982e17ca813e", "P-3"), 7);
    assert_eq!(of("520504-2020", "P-5"), 26);
    let vehicles = row(&report, "CVD-1", "all", "count");
    let counted = vehicles["denominator"].as_u64().unwrap();
    assert!(
        counted < 10_000,
        "the 7 × 77,763 vehicles are left out: {counted}"
    );
    let spend = row(&report, "SPD-1", "all", "value")["numerator"]
        .as_f64()
        .unwrap();
    assert!(
        spend < 1.0e11,
        "the London framework is out of spend: {spend}"
    );

    let included = spp(
        &[
            "report",
            "--format",
            "json",
            "--include-implausible",
            "--db",
            &db,
        ],
        &[],
    );
    let all_vehicles = row(&included, "CVD-1", "all", "count")["denominator"]
        .as_u64()
        .unwrap();
    assert_eq!(all_vehicles, counted + 7 * 77_763);

    let belgium = spp(
        &[
            "report",
            "--format",
            "json",
            "--country",
            "BEL",
            "--by",
            "year",
            "--db",
            &db,
        ],
        &[],
    );
    let bel_history = belgium["lots_by_year_and_format"].as_object().unwrap();
    assert!(bel_history.values().any(|f| f.get("ted-xml").is_some()));
    assert!(bel_history.values().any(|f| f.get("eforms").is_some()));
    assert!(
        bel_history.len() >= 8,
        "Belgian years: {:?}",
        bel_history.keys()
    );
    for region in ["BE1", "BE2", "BE3"] {
        let r = spp(
            &["report", "--format", "json", "--nuts", region, "--db", &db],
            &[],
        );
        assert!(
            r["facts"]["lots"].as_u64().unwrap() > 0,
            "{region} has lots"
        );
    }
}

/// Real notices of both formats from the bundled sample: (archive entry name, bytes).
fn mixed_notices() -> Vec<(String, Vec<u8>)> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let mut out = Vec::new();
    for (folder, take) in [
        ("op-ted-rdf-mapping-ted-xml", 6),
        ("op-ted-rdf-conversion-pipeline", 4),
    ] {
        let mut files: Vec<PathBuf> = walk(&sample.join(folder))
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        files.sort();
        for f in files.into_iter().take(take) {
            let name = format!("{folder}/{}", f.file_name().unwrap().to_string_lossy());
            out.push((name, std::fs::read(&f).unwrap()));
        }
    }
    out
}

/// A TED-style daily package (`.tar.gz` of mixed forms) and a `.zip` of the same notices:
/// every entry is read in its own format and stored, 6 TED XML and 4 eForms.
#[test]
fn mixed_tar_gz_and_zip_of_real_notices() {
    let notices = mixed_notices();
    let dir = tempfile::tempdir().unwrap();
    let tgz = dir.path().join("daily.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&tgz).unwrap(),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in &notices {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    let zip_path = dir.path().join("notices.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &notices {
        zip.start_file(name.as_str(), options).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.finish().unwrap();

    for archive in [&tgz, &zip_path] {
        let db = format!(
            "sqlite:{}",
            dir.path()
                .join(format!("{}.sqlite", archive.display()))
                .display()
        );
        let summary = spp(
            &["ingest", "--json", "--db", &db],
            std::slice::from_ref(archive),
        );
        assert_eq!(summary["parsed"], 10, "{}: {summary}", archive.display());
        assert_eq!(summary["new"], 10);
        assert_eq!(summary["failed"], 0);
        let report = spp(&["report", "--format", "json", "--db", &db], &[]);
        let formats: std::collections::BTreeMap<String, u64> = report["lots_by_year_and_format"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|f| f.as_object().unwrap().clone())
            .fold(Default::default(), |mut m, (k, v)| {
                *m.entry(k).or_default() += v.as_u64().unwrap();
                m
            });
        assert!(
            formats.contains_key("ted-xml") && formats.contains_key("eforms"),
            "{formats:?}"
        );
        assert_eq!(report["facts"]["notices"], 10);
    }
}
