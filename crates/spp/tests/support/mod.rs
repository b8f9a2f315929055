//! Shared by the fault tests: a synthetic corpus big enough for a fault to land mid-run, the
//! clean run every faulted run is compared with, `spp` runs that may not hang, and store
//! fingerprints. The corpus is made from the bundled sample (`data/sample`), so the tests
//! never depend on ../shared.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use spp_store::{Store, StoreCounts};

/// Notices in the corpus: about 4 s of a debug-build ingest here.
pub const NOTICES: u64 = 1_200;
/// Small batches, so a run commits many times before a fault.
pub const BATCH: &str = "50";
/// Longest any `spp` run may take before the test calls it a hang.
pub const HANG: Duration = Duration::from_secs(120);

/// The synthetic corpus (generated once into the target directory, then reused).
pub struct Corpus {
    pub dir: PathBuf,
    /// The files, in name order.
    pub files: Vec<PathBuf>,
}

pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fault-corpus-{NOTICES}"));
        if list(&dir).len() as u64 != NOTICES {
            let staging = dir.with_extension(format!("part-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&staging);
            let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
            spp_ingest::synth::Templates::load(&sample)
                .expect("templates from data/sample")
                .write_dir(&staging, 7, NOTICES)
                .expect("write the corpus");
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::rename(&staging, &dir).expect("move the corpus in place");
        }
        let files = list(&dir);
        assert_eq!(files.len() as u64, NOTICES);
        Corpus { dir, files }
    })
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// What a store holds: its counts and every notice's (id, version, content hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub counts: StoreCounts,
    pub versions: Vec<(String, i32, String)>,
}

/// The store at `url`, checked to hold only whole notices.
pub fn fingerprint(url: &str) -> Fingerprint {
    runtime().block_on(async {
        let store = Store::connect(url).await.expect("open the store");
        assert_eq!(
            store.inconsistent_notices().await.unwrap(),
            Vec::<String>::new(),
            "half-written notices in {url}"
        );
        let mut versions = store.notice_versions().await.unwrap();
        // Byte order, whatever the database's collation.
        versions.sort();
        let f = Fingerprint {
            counts: store.counts().await.unwrap(),
            versions,
        };
        store.close().await;
        f
    })
}

/// The corpus ingested once, cleanly, into a fresh SQLite file.
pub fn clean_run() -> &'static Fingerprint {
    static CLEAN: OnceLock<Fingerprint> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir.path().join("clean.sqlite"));
        let out = run(ingest(&url));
        assert_eq!(out.code, Some(0), "clean run: {}", out.stderr);
        let f = fingerprint(&url);
        assert_eq!(f.counts.notices, NOTICES);
        f
    })
}

/// Reruns the corpus into `url` (the fault removed) and checks the store then holds exactly
/// what a clean run holds.
pub fn rerun_matches_clean_run(url: &str) {
    let out = run(ingest(url));
    assert_eq!(out.code, Some(0), "rerun: {}", out.stderr);
    let summary = out.json();
    assert_eq!(summary["parsed"].as_u64(), Some(NOTICES));
    assert_eq!(
        fingerprint(url),
        *clean_run(),
        "rerun differs from a clean run"
    );
}

/// Runs two ingests of the corpus into `url` at once: both succeed without a `locked`
/// message, and each notice is new in exactly one of them.
pub fn two_ingests_at_once(url: &str) {
    let a = spawn(ingest(url));
    let b = spawn(ingest(url));
    let (a, b) = (a.wait(), b.wait());
    for out in [&a, &b] {
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(!out.stderr.contains("locked"), "{}", out.stderr);
    }
    let (sa, sb) = (a.json(), b.json());
    let sum = |key: &str| sa[key].as_u64().unwrap() + sb[key].as_u64().unwrap();
    assert_eq!(sum("new"), NOTICES, "each notice new once: {sa} {sb}");
    assert_eq!(sum("updated"), 0);
}

/// A SQLite file in a fresh folder.
pub struct SqliteDb {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
    pub url: String,
}

impl SqliteDb {
    pub fn new() -> SqliteDb {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("spp.sqlite");
        let url = sqlite_url(&file);
        SqliteDb { dir, file, url }
    }
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

pub fn spp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spp"));
    cmd.env_remove("SPP_DB").env("SPP_LOG", "error");
    cmd
}

/// `spp ingest --json --batch 50 --db URL CORPUS`.
pub fn ingest(url: &str) -> Command {
    let mut cmd = spp();
    cmd.args(["ingest", "--json", "--batch", BATCH, "--db", url])
        .arg(&corpus().dir);
    cmd
}

/// How a run ended.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Outcome {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    /// The `N` of "(new N, …" in the error message: notices this run added.
    pub fn committed_new(&self) -> u64 {
        let start = self
            .stderr
            .find("(new ")
            .unwrap_or_else(|| panic!("no committed count in: {}", self.stderr))
            + "(new ".len();
        let len = self.stderr[start..].find(',').expect("a count");
        self.stderr[start..start + len].parse().expect("a count")
    }
}

/// A running `spp`, killed if the test fails first; its output goes to files.
pub struct Running {
    pub child: Child,
    started: Instant,
    out: tempfile::NamedTempFile,
    err: tempfile::NamedTempFile,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn spawn(mut cmd: Command) -> Running {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .expect("start spp");
    Running {
        child,
        started: Instant::now(),
        out,
        err,
    }
}

impl Running {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Still running?
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the end; a run longer than [`HANG`] fails the test as a hang.
    pub fn wait(mut self) -> Outcome {
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if self.started.elapsed() > HANG {
                panic!("spp hung: still running after {HANG:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = self.started.elapsed();
        Outcome {
            code: status.code(),
            stdout: std::fs::read_to_string(self.out.path()).unwrap(),
            stderr: std::fs::read_to_string(self.err.path()).unwrap(),
            took,
        }
    }

    /// Waits until the store at `url` holds at least `n` notices; fails if the run ends
    /// first (the fault would not land mid-run).
    pub fn wait_for_notices(&mut self, url: &str, n: u64) -> u64 {
        let started = Instant::now();
        runtime().block_on(async {
            let store = Store::connect(url)
                .await
                .expect("open the store to watch it");
            loop {
                let stored = store.counts().await.map_or(0, |c| c.notices);
                if stored >= n {
                    store.close().await;
                    return stored;
                }
                assert!(
                    self.alive(),
                    "spp ended before {n} notices were stored ({stored})"
                );
                assert!(
                    started.elapsed() < HANG,
                    "only {stored} notices after {HANG:?}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    }
}

pub fn run(cmd: Command) -> Outcome {
    spawn(cmd).wait()
}

/// Creates the schema in a new SQLite file (so that a watcher and `spp` do not both migrate).
pub fn create_store(url: &str) {
    runtime().block_on(async { Store::connect(url).await.unwrap().close().await });
}

/// `PRAGMA integrity_check` of a SQLite file ("ok" when sound).
pub fn integrity(path: &Path) -> String {
    use sqlx::Connection;
    runtime().block_on(async {
        let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
        let mut conn = sqlx::SqliteConnection::connect_with(&opts).await.unwrap();
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let _ = conn.close().await;
        rows.join("; ")
    })
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Asserts a fault ended the run as it should: exit 1 within seconds, the cause named in
/// words, and the count of new notices it says were committed equal to what the run added
/// to the store (`added`).
pub fn assert_failed_clearly(out: &Outcome, cause: &str, added: u64) {
    assert_eq!(out.code, Some(1), "exit status; stderr: {}", out.stderr);
    assert!(
        out.stderr.to_lowercase().contains(&cause.to_lowercase()),
        "the message does not name {cause:?}: {}",
        out.stderr
    );
    assert!(
        out.took < Duration::from_secs(15),
        "took {:?} to fail",
        out.took
    );
    if out.stderr.contains("committed before the stop") {
        assert_eq!(out.committed_new(), added, "{}", out.stderr);
    }
    eprintln!(
        "fault {cause:?}: exit {:?} after {:.2} s; {added} new notices kept: {}",
        out.code,
        out.took.as_secs_f64(),
        out.stderr.trim()
    );
}
