//! The writer stage: batches of parsed notices saved in one transaction each, the outcomes
//! tallied. A database fault ends the run at once (with what was being written); an error
//! about one notice fails that notice alone.

use spp_store::{PreparedNotice, SaveOutcome, Store, StoreError};
use tokio::sync::mpsc::error::TryRecvError;

use crate::{Cancel, Failure, IngestError, Summary, MAX_FAILURES_LISTED};

/// A parsed notice on its way to the writer.
pub(crate) enum Parsed {
    Notice {
        source: String,
        prepared: Box<PreparedNotice>,
    },
    Failed(Failure),
}

/// How the writer gets its batches.
pub(crate) struct Batches<'a> {
    pub rx: &'a mut tokio::sync::mpsc::Receiver<Parsed>,
    pub size: usize,
    pub wait: std::time::Duration,
    /// Asked from outside (a signal): no new batch is started.
    pub asked: &'a Cancel,
}

impl Batches<'_> {
    /// Fills `batch` with the next notices: waits for a first one (or a stop request),
    /// then takes what is queued and what comes within `wait`, up to `size`. Empty when
    /// the parsers are done or a stop was asked.
    pub async fn next(&mut self, batch: &mut Vec<Parsed>) {
        // The stop first: once asked, no batch is started, however full the channel.
        let first = tokio::select! {
            biased;
            () = self.asked.cancelled() => None,
            p = self.rx.recv() => p,
        };
        let Some(first) = first else { return };
        batch.push(first);
        let deadline = tokio::time::Instant::now() + self.wait;
        while batch.len() < self.size && !self.asked.is_cancelled() {
            let next = match self.rx.try_recv() {
                Ok(p) => Some(p),
                Err(TryRecvError::Disconnected) => None,
                Err(TryRecvError::Empty) => {
                    let waited = tokio::time::timeout_at(deadline, self.rx.recv()).await;
                    waited.ok().flatten()
                }
            };
            let Some(p) = next else { break };
            batch.push(p);
        }
    }
}

/// Saves the parsed notices of `batch` in one transaction and tallies the outcomes. When
/// the batch fails for a reason that is not a database fault, each notice is retried on its
/// own so one bad notice fails alone.
pub(crate) async fn write_batch(
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
    if items.is_empty() {
        return Ok(());
    }
    let stopped = |cause: StoreError, summary: &Summary, sources: &[String]| IngestError::Store {
        cause,
        during: describe(sources),
        summary: Box::new(summary.clone()),
    };
    match store.save_prepared(&items).await {
        Ok(outcomes) => {
            summary.parsed += items.len() as u64;
            for (item, outcome) in items.iter().zip(outcomes) {
                tally(summary, item, outcome);
            }
            Ok(())
        }
        Err(err) if err.fault().is_some() => Err(stopped(err, summary, &sources)),
        Err(batch_err) => {
            tracing::warn!(error = %batch_err, "batch failed; saving its notices one by one");
            summary.parsed += items.len() as u64;
            let mut any_ok = false;
            let mut last_err = None;
            for (item, source) in items.iter().zip(&sources) {
                match store.save_prepared(std::slice::from_ref(item)).await {
                    Ok(outcomes) => {
                        any_ok = true;
                        for o in outcomes {
                            tally(summary, item, o);
                        }
                    }
                    Err(err) if err.fault().is_some() => {
                        return Err(stopped(err, summary, std::slice::from_ref(source)));
                    }
                    Err(err) => {
                        let reason = format!("notice {} could not be stored: {err}", item.id());
                        let source = source.clone();
                        fail(summary, Failure { source, reason });
                        last_err = Some(err);
                    }
                }
            }
            // Nothing of a whole batch could be written: the database is the problem.
            match (any_ok, last_err) {
                (false, Some(err)) if items.len() > 1 => Err(stopped(err, summary, &sources)),
                _ => Ok(()),
            }
        }
    }
}

/// The inputs of a batch, for an error message: the file, or the first and the last read
/// (parsers run in parallel, so not necessarily in name order).
fn describe(sources: &[String]) -> String {
    match sources {
        [] => "an empty batch".into(),
        [one] => one.clone(),
        [first, .., last] => format!(
            "a batch of {} notices (first read {first}, last read {last})",
            sources.len()
        ),
    }
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

pub(crate) fn fail(summary: &mut Summary, failure: Failure) {
    summary.failed += 1;
    if summary.failures.len() < MAX_FAILURES_LISTED {
        summary.failures.push(failure);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_descriptions() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(describe(&s(&["a.xml"])), "a.xml");
        assert_eq!(
            describe(&s(&["a.xml", "b.xml", "c.xml"])),
            "a batch of 3 notices (first read a.xml, last read c.xml)"
        );
    }
}
