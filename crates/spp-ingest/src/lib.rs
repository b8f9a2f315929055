//! spp ingest pipeline: files, folders and archives of notices, parsed in parallel,
//! classified and stored.
//!
//! Three stages joined by bounded channels, so memory stays flat whatever the corpus size:
//! 1. one reader thread walks the inputs (XML files, folders, `.tar.gz` TED daily packages,
//!    `.zip` archives, OCDS `.json`/`.jsonl` files, gzipped or not, streamed release by
//!    release) and sends each notice's bytes;
//! 2. parser threads hash the bytes (BLAKE3), read them in whatever format they are
//!    ([`format::read_notices`]: eForms, TED XML or OCDS), refuse what must not be counted
//!    ([`spp_domain::trust`]), derive the lot records and classify them with the catalogue;
//! 3. a single writer saves small batches of whole notices, one transaction per batch
//!    (all or nothing, so no notice is ever half written).
//!
//! A database fault ends the run within seconds ([`IngestError::Store`] names the cause,
//! the batch and what was committed); see [`ingest`] for how the stages stop each other.
//!
//! Bad inputs are recorded in the [`Summary`] with their reason and the run goes on.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use spp_catalogue::Catalogue;
use spp_store::{NoticeToSave, PreparedNotice, Store, StoreError};

mod cancel;
pub mod format;
pub mod progress;
mod source;
pub mod synth;
mod write;

pub use cancel::Cancel;
use source::{Input, ReadCounters, Reader};
use write::Parsed;

/// Guards for archives and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest notice (file or archive entry), in bytes.
    pub max_entry_bytes: u64,
    /// Largest total decompressed size of one archive.
    pub max_archive_bytes: u64,
    /// Largest decompressed/compressed ratio (checked once past `ratio_floor_bytes`).
    pub max_ratio: u64,
    pub ratio_floor_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: spp_eforms::MAX_NOTICE_BYTES as u64,
            max_archive_bytes: 64 << 30,
            max_ratio: 250,
            ratio_floor_bytes: 1 << 20,
        }
    }
}

/// How to ingest.
#[derive(Clone)]
pub struct IngestOptions {
    /// Parser threads (default: the number of cores).
    pub threads: usize,
    /// Most notices per write transaction (each notice stays atomic: a batch commits whole).
    /// Large batches matter for SQLite: every transaction rewrites the index pages it touched,
    /// and notice ids are random, so 64 notices a batch wrote about 20 KB per notice.
    pub batch: usize,
    /// Longest a batch waits for more notices before it is written.
    pub batch_wait: Duration,
    /// Capacity of the channel of files read (the parsed side holds two batches).
    pub queue: usize,
    pub limits: Limits,
    /// The catalogue used to classify lots (default: the bundled one).
    pub catalogue: Option<Arc<Catalogue>>,
    /// Set from outside (a signal handler) to end the run early: the batch being written
    /// is committed, nothing more is started, and the summary says `interrupted`.
    pub stop: Cancel,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch: 1000,
            batch_wait: Duration::from_millis(250),
            queue: 256,
            limits: Limits::default(),
            catalogue: None,
            stop: Cancel::new(),
        }
    }
}

/// Where the run is, for a progress display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Files and archives opened.
    pub files: u64,
    /// Bytes of notices read.
    pub bytes: u64,
    /// Notices stored (any outcome).
    pub notices: u64,
    /// Inputs that failed.
    pub failed: u64,
}

/// One input that could not be ingested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The file, or `archive!entry`.
    pub source: String,
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Files and archives opened.
    pub files: u64,
    /// Notice bytes read.
    pub bytes: u64,
    /// Notices parsed.
    pub parsed: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Lower versions than the stored one (ignored).
    pub older: u64,
    /// Inputs that failed (read, parse or store).
    pub failed: u64,
    /// Files in folders or archives that are not notices (not read).
    pub skipped: u64,
    /// Lot records written.
    pub lots: u64,
    /// The failures, with reasons (the first [`MAX_FAILURES_LISTED`]).
    pub failures: Vec<Failure>,
    pub seconds: f64,
    /// The run was asked to stop before the end (the rest of the inputs were not read).
    pub interrupted: bool,
}

/// Failures kept in a [`Summary`]; the count goes on beyond.
pub const MAX_FAILURES_LISTED: usize = 10_000;

/// Errors that stop a run (bad inputs do not: they are in the summary).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot load the catalogue: {0}")]
    Catalogue(#[from] spp_catalogue::CatalogueError),
    /// The database failed: the run stopped at once. Everything in `summary` was committed
    /// before; the batch being written (`during`) was rolled back whole.
    #[error(
        "{}{cause} (while writing {during}); committed before the stop: {} notices of this run \
         (new {}, updated {}, unchanged {})",
        cause.fault().map(|f| format!("{f}: ")).unwrap_or_default(),
        summary.committed(), summary.new, summary.updated, summary.unchanged + summary.older
    )]
    Store {
        cause: StoreError,
        /// The batch being written: its file, or its first and last files.
        during: String,
        summary: Box<Summary>,
    },
    #[error("ingest thread failed: {0}")]
    Thread(String),
}

impl Summary {
    /// Notices in committed batches (every outcome: new, updated, unchanged, older).
    pub fn committed(&self) -> u64 {
        self.new + self.updated + self.unchanged + self.older
    }
}

/// Ingests `paths` into `store`, calling `progress` after each written batch.
///
/// Errors travel downstream and stops travel upstream, so no stage can wait forever: the
/// reader and parsers check a stop flag before each notice and notice a closed channel;
/// only the parsers hold the reader's receiver, so when they are gone the reader's send
/// fails; the writer's error (or `options.stop`) ends the run, sets the flag, closes its
/// receiver and joins the threads.
pub async fn ingest(
    paths: &[PathBuf],
    store: &Store,
    options: &IngestOptions,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<Summary, IngestError> {
    let started = Instant::now();
    let catalogue = match &options.catalogue {
        Some(c) => c.clone(),
        None => Arc::new(Catalogue::bundled()?),
    };
    let queue = options.queue.max(1);
    let batch_size = options.batch.max(1);
    // Room for two batches, so the parsers go on while the writer writes one.
    let (parsed_tx, mut parsed_rx) =
        tokio::sync::mpsc::channel::<Parsed>(queue.max(2 * batch_size));
    let counters = Arc::new(ReadCounters::default());
    let stop = Cancel::new();
    let threads = spawn_stages(paths, options, &catalogue, &counters, &stop, parsed_tx);
    let threads = match threads {
        Ok(t) => t,
        Err(e) => {
            stop.cancel();
            return Err(e);
        }
    };

    let mut summary = Summary::default();
    let result = write_all(
        store,
        options,
        &mut parsed_rx,
        &counters,
        &mut summary,
        progress,
    )
    .await;
    // Whatever ended the writer, stop the stages upstream and wait for them.
    stop.cancel();
    drop(parsed_rx);
    // Joined off the async workers (each thread ends after at most the notice it holds).
    let panicked = tokio::task::spawn_blocking(move || threads.join())
        .await
        .unwrap_or_else(|e| Some(format!("the join of the stages ({e})")));
    result?;
    if let Some(name) = panicked {
        return Err(IngestError::Thread(format!(
            "{name} panicked; the run is incomplete"
        )));
    }
    summary.files = counters.files.load(Ordering::Relaxed);
    summary.bytes = counters.bytes.load(Ordering::Relaxed);
    summary.skipped = counters.skipped.load(Ordering::Relaxed);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The writer loop: batches until the parsers are done, a stop is asked (the batch being
/// written is finished first) or the database fails.
async fn write_all(
    store: &Store,
    options: &IngestOptions,
    rx: &mut tokio::sync::mpsc::Receiver<Parsed>,
    counters: &ReadCounters,
    summary: &mut Summary,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<(), IngestError> {
    let size = options.batch.max(1);
    let mut batches = write::Batches {
        rx,
        size,
        wait: options.batch_wait,
        asked: &options.stop,
    };
    let mut batch: Vec<Parsed> = Vec::with_capacity(size);
    loop {
        batches.next(&mut batch).await;
        if batch.is_empty() {
            summary.interrupted = options.stop.is_cancelled();
            return Ok(());
        }
        write::write_batch(store, &mut batch, summary).await?;
        progress(&Progress {
            files: counters.files.load(Ordering::Relaxed),
            bytes: counters.bytes.load(Ordering::Relaxed),
            notices: summary.committed(),
            failed: summary.failed,
        });
    }
}

/// The reader and parser threads of a run.
struct Stages {
    reader: std::thread::JoinHandle<()>,
    parsers: Vec<std::thread::JoinHandle<()>>,
}

impl Stages {
    /// Waits for every thread; the name of one that panicked, if any.
    fn join(self) -> Option<String> {
        let mut panicked = None;
        if self.reader.join().is_err() {
            panicked = Some("the file reader".to_string());
        }
        for p in self.parsers {
            if p.join().is_err() {
                panicked.get_or_insert_with(|| "a parser thread".to_string());
            }
        }
        panicked
    }
}

fn spawn_stages(
    paths: &[PathBuf],
    options: &IngestOptions,
    catalogue: &Arc<Catalogue>,
    counters: &Arc<ReadCounters>,
    stop: &Cancel,
    parsed_tx: tokio::sync::mpsc::Sender<Parsed>,
) -> Result<Stages, IngestError> {
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Input>(options.queue.max(1));
    let reader = {
        let counters = counters.clone();
        let paths = paths.to_vec();
        let limits = options.limits;
        let stop = stop.clone();
        std::thread::Builder::new()
            .name("spp-ingest-read".into())
            .spawn(move || {
                let reader = Reader {
                    tx: raw_tx,
                    counters: &counters,
                    limits,
                    stop: &stop,
                };
                // A stop only means the pipeline ended early (its error is reported there).
                let _ = reader.read_all(&paths);
            })
            .map_err(|e| IngestError::Thread(e.to_string()))?
    };
    // Only the parsers hold the receiver: when the last one ends, the reader's send fails.
    let raw_rx = Arc::new(Mutex::new(raw_rx));
    let mut parsers = Vec::new();
    for i in 0..options.threads.max(1) {
        let rx = raw_rx.clone();
        let tx = parsed_tx.clone();
        let catalogue = catalogue.clone();
        let stop = stop.clone();
        let handle = std::thread::Builder::new()
            .name(format!("spp-ingest-parse-{i}"))
            .spawn(move || parse_loop(&rx, &tx, &catalogue, &stop))
            .map_err(|e| IngestError::Thread(e.to_string()))?;
        parsers.push(handle);
    }
    Ok(Stages { reader, parsers })
}

/// One parser thread: inputs in, parsed notices out, until the reader is done, the writer
/// has gone or the run is stopped. A panic on one input fails that input only.
fn parse_loop(
    rx: &Mutex<std::sync::mpsc::Receiver<Input>>,
    tx: &tokio::sync::mpsc::Sender<Parsed>,
    catalogue: &Catalogue,
    stop: &Cancel,
) {
    while !stop.is_cancelled() {
        let next = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(input) = next else { return };
        let source = input.source().to_string();
        let parsed =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(input, catalogue)))
                .unwrap_or_else(|_| {
                    vec![Parsed::Failed(Failure {
                        source,
                        reason: "the parser panicked on this input (a bug in spp)".into(),
                    })]
                });
        for one in parsed {
            if tx.blocking_send(one).is_err() {
                return;
            }
        }
    }
}

/// Hash, parse, derive and classify one input (one notice, or the many of an OCDS file).
fn parse(input: Input, catalogue: &Catalogue) -> Vec<Parsed> {
    let (source, bytes) = match input {
        Input::Failed { source, reason } => {
            return vec![Parsed::Failed(Failure { source, reason })]
        }
        Input::Notice { source, bytes } => (source, bytes),
    };
    let hash = content_hash(&bytes);
    let notices = match format::read_notices(&bytes) {
        Ok(n) => n,
        Err(reason) => return vec![Parsed::Failed(Failure { source, reason })],
    };
    notices
        .into_iter()
        .map(|read| match read {
            Ok(notice) => prepare(&notice, source.clone(), &hash, catalogue),
            Err(reason) => Parsed::Failed(Failure {
                source: source.clone(),
                reason,
            }),
        })
        .collect()
}

/// Refuse, derive, classify and encode one notice for the writer.
fn prepare(
    notice: &spp_domain::Notice,
    source: String,
    hash: &str,
    catalogue: &Catalogue,
) -> Parsed {
    if let Some(refusal) = spp_domain::trust::refusal(notice) {
        return Parsed::Failed(Failure {
            source,
            reason: format!("notice {:?}: {refusal}", notice.id),
        });
    }
    let mut records = spp_domain::derive::lot_records(notice);
    catalogue.classify(notice, &mut records);
    let item = NoticeToSave {
        notice,
        records: &records,
        content_hash: hash,
    };
    match PreparedNotice::new(&item) {
        Ok(prepared) => Parsed::Notice {
            source,
            prepared: Box::new(prepared),
        },
        Err(err) => Parsed::Failed(Failure {
            source,
            reason: format!("notice {} cannot be stored: {err}", notice.id),
        }),
    }
}

/// The content hash stored with a notice: BLAKE3 of the file's bytes, `blake3:<hex>`.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("blake3:{}", blake3::hash(bytes).to_hex())
}
