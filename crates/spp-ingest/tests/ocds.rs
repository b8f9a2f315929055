//! OCDS files through the ingest: a release package, JSON Lines gzipped, a record package
//! in a folder; bad releases fail alone, naming the file, the release and the reason.

use std::io::Write;

use spp_ingest::{ingest, IngestOptions};
use spp_store::{RecordFilter, Store};

fn release(id: &str, lot_value: &str) -> String {
    format!(
        r#"{{"ocid":"ocds-t-{id}","id":"{id}","date":"2024-05-01T00:00:00Z","tag":["tender"],"buyer":{{"id":"B"}},
"parties":[{{"id":"B","name":"Buyer","roles":["buyer"],"address":{{"country":"BE"}}}}],
"tender":{{"lots":[{{"id":"L1","value":{{"amount":{lot_value},"currency":"EUR"}},"hasSustainability":false}}]}}}}"#
    )
    .replace('\n', "")
}

#[tokio::test]
async fn packages_and_gzipped_lines_stream_in() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let package = format!(
        r#"{{"uri":"x","releases":[{},{},{{"ocid":"ocds-t-bad","id":"bad","tender":{{"value":{{"amount":"many"}}}}}}],"version":"1.1"}}"#,
        release("p1", "10"),
        release("p2", "20")
    );
    std::fs::write(inputs.join("package.json"), package).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    writeln!(
        gz,
        "{}\n\n{}\nnot json\n{}",
        release("l1", "1"),
        release("l2", "2"),
        release("l3", "3")
    )
    .unwrap();
    std::fs::write(inputs.join("releases.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(inputs.join("other.json"), r#"{"hello": "world"}"#).unwrap();

    let store = Store::connect(&format!("sqlite:{}", dir.path().join("t.sqlite").display()))
        .await
        .unwrap();
    let summary = ingest(
        std::slice::from_ref(&inputs),
        &store,
        &IngestOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(summary.new, 5, "{summary:#?}");
    assert_eq!(summary.failed, 3, "{summary:#?}");
    let reasons: Vec<String> = summary
        .failures
        .iter()
        .map(|f| format!("{} — {}", f.source, f.reason))
        .collect();
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(
        has("package.json!releases[2] — release id \"bad\" ocid \"ocds-t-bad\""),
        "{reasons:#?}"
    );
    assert!(has("not an amount"), "{reasons:#?}");
    assert!(
        has("releases.jsonl.gz — not valid JSON: line 4 is not a JSON object"),
        "{reasons:#?}"
    );
    assert!(
        has("other.json!document — a JSON file that is not OCDS"),
        "{reasons:#?}"
    );
    let records = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(records.len(), 5);
    assert!(records
        .iter()
        .all(|r| r.format == Some(spp_domain::SourceFormat::Ocds)));
    assert!(records
        .iter()
        .all(|r| r.buyer_country.as_deref() == Some("BEL")));
    assert!(records
        .iter()
        .all(|r| r.strategic == [spp_domain::codelist::StrategicProcurement::None]));
}

/// `path`, gzipped: `head`, then `filler` bytes of `fill` (written in pieces), then `tail`.
fn gzip_bomb(path: &std::path::Path, head: &str, fill: u8, filler: usize, tail: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(head.as_bytes()).unwrap();
    let piece = vec![fill; 1 << 20];
    for _ in 0..filler / piece.len() {
        gz.write_all(&piece).unwrap();
    }
    gz.write_all(tail.as_bytes()).unwrap();
    gz.finish().unwrap();
}

/// Gzip bombs of OCDS (a JSON Lines file of one release and 64 MiB of blank lines, a
/// package whose release array holds 64 MiB of spaces; each about 64 KB on disk): reading
/// stops at the 250x ratio with an error naming the file, what came before is kept; and the
/// size limit per gzipped file is a setting ([`spp_ingest::Limits`]).
#[tokio::test]
async fn gzip_bombs_stop_with_the_file_and_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("bomb.jsonl.gz");
    gzip_bomb(&lines, &(release("b1", "1") + "\n"), b'\n', 64 << 20, "");
    let package = dir.path().join("bomb.json.gz");
    let head = format!(r#"{{"version":"1.1","releases":[{}"#, release("b2", "2"));
    let tail = format!(",{}]}}", release("b3", "3"));
    gzip_bomb(&package, &head, b' ', 64 << 20, &tail);
    for bomb in [&lines, &package] {
        let size = std::fs::metadata(bomb).unwrap().len();
        assert!(size < 200_000, "{} is {size} bytes", bomb.display());
    }

    let store = Store::connect(&format!("sqlite:{}", dir.path().join("t.sqlite").display()))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let inputs = [lines.clone(), package.clone()];
    let summary = ingest(&inputs, &store, &IngestOptions::default(), &|_| {})
        .await
        .unwrap();
    let took = started.elapsed();
    for bomb in [&lines, &package] {
        let failure = summary
            .failures
            .iter()
            .find(|f| f.source == bomb.display().to_string())
            .unwrap_or_else(|| panic!("no failure for {}: {:#?}", bomb.display(), summary));
        assert!(
            failure.reason.contains("a decompression bomb?")
                && failure.reason.contains("over the limit of 250x"),
            "{}",
            failure.reason
        );
        eprintln!("{}: {}", failure.source, failure.reason);
    }
    // The release before each bomb was read and kept; the one after the package's was not.
    assert_eq!(summary.new, 2, "{summary:#?}");
    eprintln!("two gzip bombs refused in {took:?}");

    // The size limit per gzipped file, set low: a plain gzipped file over it stops, named.
    let small = dir.path().join("small.jsonl.gz");
    let text: String = (0..40)
        .map(|i| release(&format!("s{i}"), "1") + "\n")
        .collect();
    gzip_bomb(&small, &text, b'\n', 0, "");
    let options = IngestOptions {
        limits: spp_ingest::Limits {
            max_archive_bytes: 4096,
            ..spp_ingest::Limits::default()
        },
        ..IngestOptions::default()
    };
    let summary = ingest(std::slice::from_ref(&small), &store, &options, &|_| {})
        .await
        .unwrap();
    let failure = &summary.failures[0];
    assert_eq!(failure.source, small.display().to_string());
    assert!(
        failure.reason.contains("expands to more than 4096 bytes"),
        "{}",
        failure.reason
    );
    assert!(summary.new < 40, "stopped before the end: {summary:#?}");
    store.close().await;
}
