//! The ingest pipeline on real notices from ../shared (skipped when absent): folders,
//! archives, idempotence, bad files, path tricks and decompression bombs.

use std::io::Write;
use std::path::{Path, PathBuf};

use spp_ingest::{ingest, IngestOptions, Summary};
use spp_store::Store;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/eforms");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent", dir.display());
        None
    }
}

/// Three real notices (fixed names) copied into `dir`.
fn three_notices(dir: &Path) -> Vec<PathBuf> {
    let src = corpus()
        .expect("corpus")
        .join("meaningfy-eforms-mapping-artefacts");
    [
        "00001995-2024.xml",
        "00005236-2024.xml",
        "00016609-2024.xml",
    ]
    .iter()
    .map(|name| {
        let to = dir.join(name);
        std::fs::copy(src.join(name), &to).expect("copy notice");
        to
    })
    .collect()
}

async fn run(store: &Store, paths: &[PathBuf]) -> Summary {
    ingest(paths, store, &IngestOptions::default(), &|_| {})
        .await
        .expect("ingest runs")
}

async fn sqlite(dir: &Path, name: &str) -> Store {
    Store::connect(&format!("sqlite:{}", dir.join(name).display()))
        .await
        .expect("open store")
}

#[tokio::test]
async fn folder_then_again_changes_nothing() {
    if corpus().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let notices = dir.path().join("in");
    std::fs::create_dir(&notices).unwrap();
    three_notices(&notices);
    std::fs::write(notices.join("README.txt"), "not a notice").unwrap();
    let store = sqlite(dir.path(), "s.sqlite").await;
    let first = run(&store, std::slice::from_ref(&notices)).await;
    assert_eq!(
        (first.files, first.parsed, first.new, first.failed),
        (3, 3, 3, 0)
    );
    assert_eq!(first.skipped, 1);
    let before = store.notice_versions().await.unwrap();
    assert_eq!(before.len(), 3);
    let second = run(&store, &[notices]).await;
    assert_eq!((second.parsed, second.new, second.unchanged), (3, 0, 3));
    assert_eq!(store.notice_versions().await.unwrap(), before);
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
    // The notice behind 00001995-2024 (BT-701 from the XML) is there, with its version.
    let n = store
        .notice("fc216eb5-f4ff-455c-84f5-fdeafa8e69ce")
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(n.version, "03");
}

#[tokio::test]
async fn archives_give_the_same_store_as_files() {
    if corpus().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = three_notices(dir.path());
    // A TED-style daily package and a zip of the same three notices.
    let tgz = dir.path().join("daily.tar.gz");
    let gz =
        flate2::write::GzEncoder::new(std::fs::File::create(&tgz).unwrap(), Default::default());
    let mut tar = tar::Builder::new(gz);
    for f in &files {
        tar.append_path_with_name(
            f,
            format!("2024/{}", f.file_name().unwrap().to_string_lossy()),
        )
        .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    let zip_path = dir.path().join("notices.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for f in &files {
        zip.start_file(
            f.file_name().unwrap().to_string_lossy(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(f).unwrap()).unwrap();
    }
    zip.finish().unwrap();

    let by_files = sqlite(dir.path(), "files.sqlite").await;
    run(&by_files, &files).await;
    let by_tgz = sqlite(dir.path(), "tgz.sqlite").await;
    let s = run(&by_tgz, &[tgz]).await;
    assert_eq!((s.files, s.new, s.failed), (1, 3, 0));
    let by_zip = sqlite(dir.path(), "zip.sqlite").await;
    let s = run(&by_zip, &[zip_path]).await;
    assert_eq!((s.files, s.new, s.failed), (1, 3, 0));
    let expected = by_files.notice_versions().await.unwrap();
    assert_eq!(by_tgz.notice_versions().await.unwrap(), expected);
    assert_eq!(by_zip.notice_versions().await.unwrap(), expected);
    let filter = spp_store::RecordFilter::default();
    let records = by_files.lot_records(&filter).await.unwrap();
    assert_eq!(by_tgz.lot_records(&filter).await.unwrap(), records);
    assert_eq!(by_zip.lot_records(&filter).await.unwrap(), records);
}

#[tokio::test]
async fn bad_files_are_reported_and_skipped() {
    if corpus().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut paths = three_notices(dir.path());
    let truncated = dir.path().join("truncated.xml");
    let good = std::fs::read(&paths[0]).unwrap();
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let binary = dir.path().join("binary.xml");
    std::fs::write(&binary, [0xff, 0xfe, 0, 1, 2]).unwrap();
    let missing = dir.path().join("missing.xml");
    paths.insert(1, truncated.clone());
    paths.push(binary.clone());
    paths.push(missing.clone());
    let store = sqlite(dir.path(), "s.sqlite").await;
    let s = run(&store, &paths).await;
    assert_eq!((s.new, s.failed), (3, 3));
    let sources: Vec<&str> = s.failures.iter().map(|f| f.source.as_str()).collect();
    for p in [&truncated, &binary, &missing] {
        assert!(
            sources.contains(&p.display().to_string().as_str()),
            "{sources:?}"
        );
    }
    let missing_reason = &s
        .failures
        .iter()
        .find(|f| f.source.ends_with("missing.xml"))
        .unwrap()
        .reason;
    assert!(
        missing_reason.starts_with("cannot open"),
        "{missing_reason}"
    );
}

#[tokio::test]
async fn archive_path_tricks_and_bombs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("tricks.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("../escape.xml", opts).unwrap();
    zip.write_all(b"<x/>").unwrap();
    zip.start_file("/etc/abs.xml", opts).unwrap();
    zip.write_all(b"<x/>").unwrap();
    // 32 MiB of zeros deflate to a few KiB: far over the 250x ratio.
    zip.start_file("bomb.xml", opts).unwrap();
    zip.write_all(&vec![0u8; 32 << 20]).unwrap();
    zip.finish().unwrap();

    let tgz = dir.path().join("bomb.tar.gz");
    let gz =
        flate2::write::GzEncoder::new(std::fs::File::create(&tgz).unwrap(), Default::default());
    let mut tar = tar::Builder::new(gz);
    for i in 0..3 {
        let data = vec![b' '; 16 << 20];
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, format!("big-{i}.xml"), data.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();

    let store = sqlite(dir.path(), "s.sqlite").await;
    let s = run(&store, &[zip_path, tgz]).await;
    assert_eq!((s.parsed, s.new), (0, 0));
    let reason = |suffix: &str| {
        s.failures
            .iter()
            .find(|f| f.source.ends_with(suffix))
            .map(|f| f.reason.clone())
            .unwrap_or_else(|| panic!("no failure for {suffix}: {:?}", s.failures))
    };
    assert!(reason("!../escape.xml").contains("unsafe path"));
    assert!(reason("!/etc/abs.xml").contains("unsafe path"));
    assert!(reason("!bomb.xml").contains("decompression bomb"));
    assert!(reason("!big-0.xml").contains("decompression bomb"));
    assert_eq!(s.failed, 4);
    assert_eq!(store.counts().await.unwrap().notices, 0);
}

#[tokio::test]
async fn synthetic_corpus_is_deterministic_and_parses() {
    let Some(src) = corpus() else { return };
    let templates = spp_ingest::synth::Templates::load(&src).unwrap();
    let (name, a) = templates.generate(7, 3);
    assert_eq!(name, "00000003-synth.xml");
    assert_eq!(templates.generate(7, 3).1, a);
    assert_ne!(templates.generate(8, 3).1, a);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synth");
    templates.write_dir(&out, 7, 40).unwrap();
    let store = sqlite(dir.path(), "s.sqlite").await;
    let s = run(&store, &[out]).await;
    assert_eq!((s.parsed, s.new, s.failed), (40, 40, 0), "{:?}", s.failures);
    // Each notice got the id the generator promises.
    let id = spp_ingest::synth::notice_id(7, 3);
    assert!(store.notice(&id).await.unwrap().is_some());
}
