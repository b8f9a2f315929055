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
