//! `spp ingest` as a user runs it, including a real `kill -9` in the middle of a run.
//! Needs ../shared (real notices); skipped with a message when absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use spp_store::{RecordFilter, Store};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/eforms");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent", dir.display());
        None
    }
}

fn spp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spp"));
    cmd.env_remove("SPP_DB");
    cmd
}

/// Kills and reaps the child process if the test panics first.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn json_summary_and_rerun() {
    let Some(src) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("spp.sqlite").display());
    let a = src.join("meaningfy-eforms-mapping-artefacts/00001995-2024.xml");
    let b = src.join("meaningfy-eforms-mapping-artefacts/00005236-2024.xml");
    let bad = dir.path().join("broken.xml");
    std::fs::write(&bad, "<ContractNotice><oops").unwrap();

    let out = spp()
        .args(["ingest", "--json", "--db", &db])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (s["parsed"].as_u64(), s["new"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(s["failed"].as_u64(), Some(0));

    // Again, with a broken file: the two are unchanged, the broken one is named, exit 1.
    let out = spp()
        .args(["ingest", "--json", "--db", &db])
        .arg(&a)
        .arg(&bad)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (s["unchanged"].as_u64(), s["new"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(
        s["failures"][0]["source"].as_str(),
        Some(bad.to_str().unwrap())
    );

    // The text summary, through $SPP_DB.
    let out = spp()
        .env("SPP_DB", &db)
        .arg("ingest")
        .arg(&a)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("parsed 1: new 0, updated 0, unchanged 1"),
        "{text}"
    );
}

/// Starts an ingest, kills it with SIGKILL once it has stored some notices, checks that
/// no notice is half written, reruns it and compares with a clean run.
#[test]
fn kill_9_mid_run_then_rerun_matches_clean_run() {
    let Some(src) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let notices = dir.path().join("synth");
    let total = 1_500u64;
    spp_ingest::synth::Templates::load(&src)
        .unwrap()
        .write_dir(&notices, 11, total)
        .unwrap();
    let crash_db = format!("sqlite:{}", dir.path().join("crash.sqlite").display());
    let clean_db = format!("sqlite:{}", dir.path().join("clean.sqlite").display());

    // Create the schema first so the poller and the child do not both migrate.
    let rt = runtime();
    rt.block_on(async { Store::connect(&crash_db).await.unwrap().close().await });

    let mut child = KillOnDrop(
        spp()
            .args(["ingest", "--batch", "8", "--db", &crash_db])
            .arg(&notices)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let stored_at_kill = rt.block_on(async {
        let store = Store::connect(&crash_db).await.unwrap();
        loop {
            let n = store.counts().await.map(|c| c.notices).unwrap_or(0);
            if n >= 200 {
                child.0.kill().unwrap(); // SIGKILL
                let _ = child.0.wait();
                break n;
            }
            if started.elapsed() > Duration::from_secs(300) {
                panic!("ingest too slow: {n} notices after 300 s");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });

    rt.block_on(async {
        let store = Store::connect(&crash_db).await.unwrap();
        let counts = store.counts().await.unwrap();
        assert!(counts.notices >= stored_at_kill);
        assert!(
            counts.notices < total,
            "the ingest finished before the kill: {} notices",
            counts.notices
        );
        // Every notice that is there has all its lots.
        assert_eq!(
            store.inconsistent_notices().await.unwrap(),
            Vec::<String>::new()
        );
        store.close().await;
    });

    let rerun = spp()
        .args(["ingest", "--json", "--db", &crash_db])
        .arg(&notices)
        .output()
        .unwrap();
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&rerun.stdout).unwrap();
    assert_eq!(s["parsed"].as_u64(), Some(total));
    assert!(s["unchanged"].as_u64().unwrap() >= stored_at_kill);

    let clean = spp()
        .args(["ingest", "--json", "--db", &clean_db])
        .arg(&notices)
        .output()
        .unwrap();
    assert!(clean.status.success());

    rt.block_on(async {
        let crashed = Store::connect(&crash_db).await.unwrap();
        let clean = Store::connect(&clean_db).await.unwrap();
        assert_eq!(
            crashed.counts().await.unwrap(),
            clean.counts().await.unwrap()
        );
        assert_eq!(
            crashed.notice_versions().await.unwrap(),
            clean.notice_versions().await.unwrap()
        );
        let all = RecordFilter::default();
        assert_eq!(
            crashed.lot_records(&all).await.unwrap(),
            clean.lot_records(&all).await.unwrap()
        );
        assert!(crashed.inconsistent_notices().await.unwrap().is_empty());
    });
}

/// `--max-expanded-bytes` and `--max-ratio` reach the reader: a gzipped JSON Lines file past
/// the size given stops with its name and the limit, exit 1; without the flag it ingests.
#[test]
fn expanded_size_limit_is_a_flag() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("releases.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..30 {
        writeln!(
            gz,
            r#"{{"ocid":"ocds-t-{i}","id":"r{i}","date":"2024-05-01T00:00:00Z","tag":["tender"],"buyer":{{"id":"B"}},"parties":[{{"id":"B","name":"Buyer","roles":["buyer"],"address":{{"country":"BE"}}}}],"tender":{{"lots":[{{"id":"L1"}}]}}}}"#
        )
        .unwrap();
    }
    std::fs::write(&file, gz.finish().unwrap()).unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    let run = |extra: &[&str]| {
        spp()
            .args(["ingest", "--json", "--db", &db])
            .args(extra)
            .arg(&file)
            .output()
            .unwrap()
    };
    let limited = run(&["--max-expanded-bytes", "2048", "--max-ratio", "1000"]);
    assert_eq!(limited.status.code(), Some(1));
    let out = String::from_utf8_lossy(&limited.stdout).to_string()
        + &String::from_utf8_lossy(&limited.stderr);
    assert!(
        out.contains("releases.jsonl.gz") && out.contains("expands to more than 2048 bytes"),
        "{out}"
    );
    let free = run(&[]);
    assert!(
        free.status.success(),
        "{}",
        String::from_utf8_lossy(&free.stderr)
    );
}
