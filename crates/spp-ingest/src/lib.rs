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
//! Bad inputs are recorded in the [`Summary`] with their reason and the run goes on.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use spp_catalogue::Catalogue;
use spp_store::{NoticeToSave, PreparedNotice, SaveOutcome, Store, StoreError};
use tokio::sync::mpsc::error::TryRecvError;

pub mod format;
pub mod progress;
mod source;
pub mod synth;

use source::{Input, ReadCounters, Reader};

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
}

/// Failures kept in a [`Summary`]; the count goes on beyond.
pub const MAX_FAILURES_LISTED: usize = 10_000;

/// Errors that stop a run (bad inputs do not: they are in the summary).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot load the catalogue: {0}")]
    Catalogue(#[from] spp_catalogue::CatalogueError),
    #[error("store error: {0}")]
    Store(#[from] StoreError),
    #[error("ingest thread failed: {0}")]
    Thread(String),
}

/// A parsed notice on its way to the writer.
enum Parsed {
    Notice {
        source: String,
        prepared: Box<PreparedNotice>,
    },
    Failed(Failure),
}

/// Ingests `paths` into `store`, calling `progress` after each written batch.
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
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Input>(queue);
    let batch_size = options.batch.max(1);
    // Room for two batches, so the parsers go on while the writer writes one.
    let (parsed_tx, mut parsed_rx) =
        tokio::sync::mpsc::channel::<Parsed>(queue.max(2 * batch_size));
    let counters = Arc::new(ReadCounters::default());

    let reader = {
        let counters = counters.clone();
        let paths = paths.to_vec();
        let limits = options.limits;
        std::thread::Builder::new()
            .name("spp-ingest-read".into())
            .spawn(move || {
                let reader = Reader {
                    tx: raw_tx,
                    counters: &counters,
                    limits,
                };
                // A stop only means the pipeline ended early (its error is reported there).
                let _ = reader.read_all(&paths);
            })
            .map_err(|e| IngestError::Thread(e.to_string()))?
    };
    let raw_rx = Arc::new(Mutex::new(raw_rx));
    let mut parsers = Vec::new();
    for i in 0..options.threads.max(1) {
        let rx = raw_rx.clone();
        let tx = parsed_tx.clone();
        let catalogue = catalogue.clone();
        let handle = std::thread::Builder::new()
            .name(format!("spp-ingest-parse-{i}"))
            .spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok(input) = next else { return };
                for parsed in parse(input, &catalogue) {
                    if tx.blocking_send(parsed).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| IngestError::Thread(e.to_string()))?;
        parsers.push(handle);
    }
    drop(parsed_tx);

    let mut summary = Summary::default();
    let mut batch: Vec<Parsed> = Vec::with_capacity(batch_size);
    let result = async {
        while let Some(first) = parsed_rx.recv().await {
            batch.push(first);
            let deadline = tokio::time::Instant::now() + options.batch_wait;
            while batch.len() < batch_size {
                // What is queued at once; else wait for more until the deadline.
                let next = match parsed_rx.try_recv() {
                    Ok(p) => Some(p),
                    Err(TryRecvError::Disconnected) => None,
                    Err(TryRecvError::Empty) => {
                        let waited = tokio::time::timeout_at(deadline, parsed_rx.recv()).await;
                        waited.ok().flatten()
                    }
                };
                let Some(p) = next else { break };
                batch.push(p);
            }
            write_batch(store, &mut batch, &mut summary).await?;
            progress(&Progress {
                files: counters.files.load(Ordering::Relaxed),
                bytes: counters.bytes.load(Ordering::Relaxed),
                notices: summary.new + summary.updated + summary.unchanged + summary.older,
                failed: summary.failed,
            });
        }
        Ok::<(), IngestError>(())
    }
    .await;
    // On a store error, closing the receiver stops the parsers and then the reader.
    drop(parsed_rx);
    let _ = reader.join();
    for p in parsers {
        let _ = p.join();
    }
    result?;
    summary.files = counters.files.load(Ordering::Relaxed);
    summary.bytes = counters.bytes.load(Ordering::Relaxed);
    summary.skipped = counters.skipped.load(Ordering::Relaxed);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
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

/// Saves the parsed notices of `batch` in one transaction and tallies the outcomes. When
/// the batch fails, each notice is retried on its own so one bad notice fails alone.
async fn write_batch(
    store: &Store,
    batch: &mut Vec<Parsed>,
    summary: &mut Summary,
) -> Result<(), IngestError> {
    let mut items = Vec::with_capacity(batch.len());
    let mut sources = Vec::with_capacity(batch.len());
    for p in batch.drain(..) {
        match p {
            Parsed::Notice { source, prepared } => {
                items.push(*prepared);
                sources.push(source);
            }
            Parsed::Failed(f) => fail(summary, f),
        }
    }
    summary.parsed += items.len() as u64;
    match store.save_prepared(&items).await {
        Ok(outcomes) => {
            for (item, outcome) in items.iter().zip(outcomes) {
                tally(summary, item, outcome);
            }
        }
        Err(batch_err) => {
            tracing::warn!(error = %batch_err, "batch failed; saving its notices one by one");
            let mut any_ok = false;
            let mut last_err = None;
            for (item, source) in items.iter().zip(sources) {
                match store.save_prepared(std::slice::from_ref(item)).await {
                    Ok(outcomes) => {
                        any_ok = true;
                        for o in outcomes {
                            tally(summary, item, o);
                        }
                    }
                    Err(err) => {
                        let reason = format!("notice {} could not be stored: {err}", item.id());
                        fail(summary, Failure { source, reason });
                        last_err = Some(err);
                    }
                }
            }
            // Nothing of a whole batch could be written: the database is the problem.
            if let (false, Some(err)) = (any_ok, last_err) {
                if items.len() > 1 {
                    return Err(err.into());
                }
            }
        }
    }
    Ok(())
}

fn tally(summary: &mut Summary, item: &PreparedNotice, outcome: SaveOutcome) {
    match outcome {
        SaveOutcome::New => summary.new += 1,
        SaveOutcome::Updated => summary.updated += 1,
        SaveOutcome::Unchanged => summary.unchanged += 1,
        SaveOutcome::Older => summary.older += 1,
    }
    if matches!(outcome, SaveOutcome::New | SaveOutcome::Updated) {
        summary.lots += item.lot_count() as u64;
    }
}

fn fail(summary: &mut Summary, failure: Failure) {
    summary.failed += 1;
    if summary.failures.len() < MAX_FAILURES_LISTED {
        summary.failures.push(failure);
    }
}
