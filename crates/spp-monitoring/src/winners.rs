//! The distinct winners of result notices — a winning organisation counted once per notice —
//! as an exact, mergeable set: the unit of SME-1 and of the corpus facts `winners` and
//! `winners_sme` (the engine builds it once, in SME-1's partial result, for both).

use spp_domain::codelist::FormType;
use spp_domain::LotRecord;

use crate::keys::{remapped, FastMap, Interner};

/// What the records say about one winner's size (BT-165).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinnerSize {
    /// The first known answer in record order: SME (`true`) or large (`false`).
    pub first_known: Option<bool>,
    /// Some record names it an SME.
    pub any_sme: bool,
}

impl WinnerSize {
    pub fn add(&mut self, sme: Option<bool>) {
        self.first_known = self.first_known.or(sme);
        self.any_sme |= sme == Some(true);
    }

    /// Where both know the size, `self`'s answer stays.
    pub fn merge(&mut self, other: WinnerSize) {
        self.first_known = self.first_known.or(other.first_known);
        self.any_sme |= other.any_sme;
    }
}

/// Counts of distinct winners known beforehand (the stored aggregates count the winners that
/// fall in one cell of the cube when the notice is saved; see `cube`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinnerCounts {
    pub winners: u64,
    /// With a known size (`first_known`).
    pub known: u64,
    /// Whose first known size is SME.
    pub sme: u64,
    /// That some record names an SME (the corpus fact `winners_sme`).
    pub any_sme: u64,
}

impl WinnerCounts {
    /// Count one winner.
    pub fn add(&mut self, size: &WinnerSize) {
        self.winners += 1;
        self.known += u64::from(size.first_known.is_some());
        self.sme += u64::from(size.first_known == Some(true));
        self.any_sme += u64::from(size.any_sme);
    }

    pub fn merge(&mut self, other: WinnerCounts) {
        self.winners += other.winners;
        self.known += other.known;
        self.sme += other.sme;
        self.any_sme += other.any_sme;
    }

    /// The counts of a set.
    pub fn of(set: &WinnerSet) -> WinnerCounts {
        let mut counts = WinnerCounts::default();
        set.sizes().for_each(|s| counts.add(s));
        counts
    }
}

/// (notice id, organisation id) → size, with both ids interned per set.
#[derive(Debug, Clone, Default)]
pub struct WinnerSet {
    notices: Interner,
    organisations: Interner,
    sizes: FastMap<(u32, u32), WinnerSize>,
    /// The id of the last notice added: the lots of a notice usually come one after another.
    last: Option<u32>,
}

impl WinnerSet {
    /// Add the winners of one record, if it is a lot of a result notice (BT-03 `result`).
    pub fn add(&mut self, record: &LotRecord) {
        if record.winners.is_empty() || record.form_type != Some(FormType::Result) {
            return;
        }
        let notice = match self.last {
            Some(id) if self.notices.name(id) == Some(&record.notice_id) => id,
            _ => self.notices.intern(&record.notice_id),
        };
        self.last = Some(notice);
        for w in &record.winners {
            let organisation = self.organisations.intern(&w.organisation_id);
            let sme = w.size.as_ref().and_then(|s| s.is_sme());
            self.sizes
                .entry((notice, organisation))
                .or_default()
                .add(sme);
        }
    }

    /// Take in `other`. Where both know a winner's size, this set's answer stays: the engine
    /// merges partial results in record order, so the first known answer wins.
    pub fn merge(&mut self, other: WinnerSet) {
        if other.sizes.is_empty() {
            return;
        }
        if self.sizes.is_empty() {
            *self = other;
            return;
        }
        let notices = self.notices.absorb(&other.notices);
        let organisations = self.organisations.absorb(&other.organisations);
        self.sizes.reserve(other.sizes.len());
        for ((n, o), size) in other.sizes {
            let key = (remapped(&notices, n), remapped(&organisations, o));
            self.sizes.entry(key).or_default().merge(size);
        }
    }

    /// Every distinct winner's size.
    pub fn sizes(&self) -> impl Iterator<Item = &WinnerSize> {
        self.sizes.values()
    }

    /// Number of distinct winners.
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }
}
