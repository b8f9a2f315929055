//! How a run ends early, in the library: a database fault ends it at once with the cause,
//! the batch and the committed count, and the reader and parsers stop (the call returns);
//! a stop asked from outside commits the batch being written and starts no other. The
//! notices are synthetic, made from the bundled sample (`data/sample`).

use std::path::Path;
use std::time::{Duration, Instant};

use spp_ingest::synth::Templates;
use spp_ingest::{ingest, Cancel, IngestError, IngestOptions};
use spp_store::{Fault, Store};

/// `count` synthetic notices written into `dir`.
fn notices(dir: &Path, count: u64) -> std::path::PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    Templates::load(&sample)
        .expect("templates")
        .write_dir(&dir.join("in"), 5, count)
        .expect("write notices")
}

/// Small batches, one parser and a one-slot read queue: the reader is always blocked on a
/// full channel when the writer fails, which is where the old pipeline hung.
fn options() -> IngestOptions {
    IngestOptions {
        threads: 1,
        batch: 10,
        queue: 1,
        ..IngestOptions::default()
    }
}

/// Runs `work` on a runtime of its own on another thread; a run longer than `limit` fails
/// the test as a hang (instead of hanging the test).
fn within<T: Send + 'static>(
    limit: Duration,
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let _ = tx.send(rt.block_on(work));
    });
    match rx.recv_timeout(limit) {
        Ok(answer) => answer,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the ingest hung: no answer after {limit:?}")
        }
        Err(_) => panic!("the test failed on its thread (see its panic above)"),
    }
}

/// Fails as a hang (instead of hanging) if the run does not end.
#[test]
fn a_full_database_ends_the_run_with_its_cause() {
    within(Duration::from_secs(60), async {
        let dir = tempfile::tempdir().unwrap();
        let input = notices(dir.path(), 400);
        let file = dir.path().join("capped.sqlite");
        let store = Store::connect(&format!("sqlite:{}?max_page_count=120", file.display()))
            .await
            .unwrap();
        let started = Instant::now();
        let err = ingest(&[input], &store, &options(), &|_| {})
            .await
            .expect_err("the cap is reached");
        assert!(started.elapsed() < Duration::from_secs(30));
        let IngestError::Store {
            cause,
            during,
            summary,
        } = &err
        else {
            panic!("not a store error: {err}");
        };
        assert_eq!(cause.fault(), Some(Fault::Full), "{cause}");
        assert!(during.contains("-synth.xml"), "{during}");
        let stored = store.counts().await.unwrap().notices;
        assert!(stored > 0 && stored < 400, "{stored}");
        assert_eq!(summary.new, stored, "the committed count is what is stored");
        assert!(
            err.to_string().contains("database or disk is full"),
            "{err}"
        );
        store.close().await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_stop_commits_the_batch_being_written_and_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let input = notices(dir.path(), 300);
    let store = Store::connect(&format!("sqlite:{}", dir.path().join("s.sqlite").display()))
        .await
        .unwrap();
    let stop = Cancel::new();
    let opts = IngestOptions {
        stop: stop.clone(),
        ..options()
    };
    // Stop once the third batch is written.
    use std::sync::atomic::{AtomicU64, Ordering};
    let (batches, at_stop) = (AtomicU64::new(0), AtomicU64::new(0));
    let progress = |p: &spp_ingest::Progress| {
        if batches.fetch_add(1, Ordering::Relaxed) == 2 {
            at_stop.store(p.notices, Ordering::Relaxed);
            stop.cancel();
        }
    };
    let summary = ingest(&[input], &store, &opts, &progress).await.unwrap();
    assert!(summary.interrupted);
    assert_eq!(
        batches.load(Ordering::Relaxed),
        3,
        "no batch after the stop"
    );
    let committed = at_stop.load(Ordering::Relaxed);
    assert!(committed > 0 && committed < 300);
    assert_eq!(summary.new, committed);
    assert_eq!(store.counts().await.unwrap().notices, committed);
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
    store.close().await;
}
