//! "One notice, one truth": keep only the records of the highest version of each notice id,
//! and note the form type of each distinct notice (for the corpus facts).
//!
//! The records are cut into runs of consecutive records of one notice (the store returns a
//! notice's records together, in notice id order), in parallel. When the runs come in strictly
//! increasing notice id order, each run is a whole notice; otherwise an interner gathers the
//! runs of each notice id. Records are filtered only when some notice id has two versions.

use rayon::prelude::*;
use spp_domain::{CodeList, LotRecord};

use crate::keys::{hash_str, Interner};

/// The form type of a notice without BT-03 (corpus facts).
pub(crate) const UNKNOWN_FORM: &str = "(unknown)";

/// The latest version of each notice: its records, in input order, and the form type (BT-03,
/// [`UNKNOWN_FORM`] when absent) of each distinct notice (that of its last record at the
/// latest version).
pub(crate) struct Latest<'a> {
    pub records: Vec<&'a LotRecord>,
    pub forms: Vec<&'a str>,
}

/// Keep only the highest version of each notice id. The store already returns current
/// versions; this makes the engine safe on any input.
pub fn latest_versions(records: &[LotRecord]) -> Vec<&LotRecord> {
    let refs: Vec<&LotRecord> = records.iter().collect();
    latest(&refs).records
}

/// Consecutive records of one notice id.
struct Run<'a> {
    id: &'a str,
    len: usize,
    /// The highest version in the run, and the form type of the run's last record at it.
    version: u32,
    form: &'a str,
}

impl<'a> Run<'a> {
    /// Take in `later`, a run of the same notice that comes after this one.
    fn extend(&mut self, later: &Run<'a>, several_versions: &mut bool) {
        *several_versions |= later.version != self.version;
        if later.version >= self.version {
            (self.version, self.form) = (later.version, later.form);
        }
    }
}

/// The runs of a slice of records, and whether their ids strictly increase.
fn runs<'a>(records: &[&'a LotRecord]) -> (Vec<Run<'a>>, bool, bool) {
    let mut runs: Vec<Run> = Vec::new();
    let mut sorted = true;
    let mut several_versions = false;
    for r in records {
        let form = r.form_type.as_ref().map_or(UNKNOWN_FORM, |f| f.as_str());
        let run = Run {
            id: &r.notice_id,
            len: 1,
            version: r.notice_version,
            form,
        };
        match runs.last_mut() {
            Some(last) if last.id == run.id => {
                last.len += 1;
                last.extend(&run, &mut several_versions);
            }
            last => {
                if let Some(last) = last {
                    sorted &= last.id < run.id;
                }
                runs.push(run);
            }
        }
    }
    (runs, sorted, several_versions)
}

/// See the module documentation.
pub(crate) fn latest<'a>(records: &[&'a LotRecord]) -> Latest<'a> {
    let piece = (records.len() / rayon::current_num_threads().max(1)).max(16_384);
    let pieces: Vec<_> = records.par_chunks(piece).map(runs).collect();
    let mut all: Vec<Run> = Vec::new();
    let mut sorted = true;
    let mut several_versions = false;
    for (runs, piece_sorted, piece_several) in pieces {
        sorted &= piece_sorted;
        several_versions |= piece_several;
        let mut runs = runs.into_iter();
        if let Some(first) = runs.next() {
            // A notice's records may straddle two pieces.
            match all.last_mut() {
                Some(last) if last.id == first.id => {
                    last.len += first.len;
                    last.extend(&first, &mut several_versions);
                }
                Some(last) => {
                    sorted &= last.id < first.id;
                    all.push(first);
                }
                None => all.push(first),
            }
        }
        all.extend(runs);
    }
    // Per run, its notice (an index into `notices`): the run itself when sorted.
    let (notices, of_run) = if sorted {
        (all.iter().map(|r| (r.version, r.form)).collect(), None)
    } else {
        let hashes: Vec<u64> = all.par_iter().map(|r| hash_str(r.id)).collect();
        let mut ids = Interner::with_capacity(all.len());
        // notice → (highest version, form type of its last record at that version)
        let mut notices: Vec<(u32, &str)> = Vec::with_capacity(all.len());
        let mut of_run = Vec::with_capacity(all.len());
        for (run, hash) in all.iter().zip(hashes) {
            let id = ids.intern_hashed(run.id, hash) as usize;
            match notices.get_mut(id) {
                Some((version, form)) => {
                    several_versions |= run.version != *version;
                    if run.version >= *version {
                        (*version, *form) = (run.version, run.form);
                    }
                }
                None => notices.push((run.version, run.form)),
            }
            of_run.push(id);
        }
        (notices, Some(of_run))
    };
    let latest: Vec<&LotRecord> = if several_versions {
        let mut latest = Vec::with_capacity(records.len());
        let mut rest = records;
        for (k, run) in all.iter().enumerate() {
            let (these, after) = rest.split_at(run.len.min(rest.len()));
            rest = after;
            let notice = of_run
                .as_ref()
                .map_or(Some(k), |of_run| of_run.get(k).copied());
            let highest = notice.and_then(|n| notices.get(n)).map(|(v, _)| *v);
            latest.extend(
                these
                    .iter()
                    .copied()
                    .filter(|r| Some(r.notice_version) == highest),
            );
        }
        latest
    } else {
        records.to_vec()
    };
    Latest {
        records: latest,
        forms: notices.into_iter().map(|(_, form)| form).collect(),
    }
}
