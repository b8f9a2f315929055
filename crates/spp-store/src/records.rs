//! [`LotRecords`]: the current lot records as the store decoded them, in order, without
//! gathering them into one vector.

use spp_domain::LotRecord;

/// What one decoding thread made of one page: its kept records, and where each notice's
/// records start in them and how many there are.
pub(crate) type DecodedPage = (Vec<LotRecord>, Vec<(u32, u32)>);

/// Lot records in notice id order (byte order) and lot position, held in the vectors they
/// were decoded into (one per page of notices).
///
/// [`Store::lot_records`](crate::Store::lot_records) returns them as one `Vec`; a report over
/// hundreds of thousands of records borrows them here instead ([`LotRecords::refs`]), which
/// saves moving every record (848 bytes each) into fresh memory once more.
#[derive(Debug, Default)]
pub struct LotRecords {
    pages: Vec<Vec<LotRecord>>,
    /// Each notice's records: (page, first record, count), in notice id order.
    runs: Vec<(u32, u32, u32)>,
}

impl LotRecords {
    /// From decoded pages: each page's records and its notices' (first record, count).
    pub(crate) fn from_pages(decoded: Vec<DecodedPage>) -> LotRecords {
        let mut pages = Vec::with_capacity(decoded.len());
        let mut runs = Vec::new();
        for (page, (records, page_runs)) in decoded.into_iter().enumerate() {
            runs.extend(
                page_runs
                    .into_iter()
                    .map(|(start, count)| (page as u32, start, count)),
            );
            pages.push(records);
        }
        let id = |&(page, start, _): &(u32, u32, u32)| -> &str {
            &pages[page as usize][start as usize].notice_id
        };
        // A notice id is stored once, so the runs' ids are distinct.
        runs.sort_unstable_by(|a, b| id(a).cmp(id(b)));
        LotRecords { pages, runs }
    }

    pub fn len(&self) -> usize {
        self.pages.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.iter().all(Vec::is_empty)
    }

    /// The records in order.
    pub fn iter(&self) -> impl Iterator<Item = &LotRecord> + '_ {
        self.runs.iter().flat_map(|&(page, start, count)| {
            let (start, count) = (start as usize, count as usize);
            &self.pages[page as usize][start..start + count]
        })
    }

    /// References to the records, in order.
    pub fn refs(&self) -> Vec<&LotRecord> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(self.iter());
        out
    }

    /// The records in order, in one vector.
    pub fn into_vec(self) -> Vec<LotRecord> {
        // Where each page starts in the pages laid end to end.
        let mut offsets = Vec::with_capacity(self.pages.len());
        let mut total = 0_usize;
        for page in &self.pages {
            offsets.push(total);
            total += page.len();
        }
        // source[d]: the position, end to end, of the record that belongs at d.
        let mut source = Vec::with_capacity(total);
        for &(page, start, count) in &self.runs {
            let first = offsets[page as usize] + start as usize;
            source.extend(first..first + count as usize);
        }
        let mut flat: Vec<LotRecord> = self.pages.into_iter().flatten().collect();
        // Apply the permutation in place: the record for d is at source[d], unless that place
        // was already filled, in which case the record was swapped away to source[source[d]]…
        for d in 0..flat.len() {
            let mut s = source[d];
            while s < d {
                s = source[s];
            }
            flat.swap(d, s);
        }
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(notice: &str, lot: &str) -> LotRecord {
        let mut r = crate::codec::tests::empty();
        r.notice_id = notice.to_string();
        r.lot_id = lot.to_string();
        r
    }

    /// Pages decoded in any order come out by notice id and lot position, by reference and
    /// as one vector.
    #[test]
    fn order_across_pages() {
        let pages = vec![
            (
                vec![record("d", "1"), record("d", "2"), record("a", "1")],
                vec![(0, 2), (2, 1)],
            ),
            (vec![], vec![]),
            (
                vec![
                    record("c", "1"),
                    record("b", "1"),
                    record("b", "2"),
                    record("b", "3"),
                ],
                vec![(0, 1), (1, 3)],
            ),
        ];
        let expected = ["a1", "b1", "b2", "b3", "c1", "d1", "d2"];
        let records = LotRecords::from_pages(pages);
        assert_eq!(records.len(), 7);
        let names = |rs: Vec<&LotRecord>| -> Vec<String> {
            rs.iter()
                .map(|r| format!("{}{}", r.notice_id, r.lot_id))
                .collect()
        };
        assert_eq!(names(records.refs()), expected);
        let all = records.into_vec();
        assert_eq!(names(all.iter().collect()), expected);
        assert!(LotRecords::from_pages(Vec::new()).into_vec().is_empty());
    }

    /// Every permutation of a few notices over a few pages comes out whole and in order.
    #[test]
    fn shuffled_pages() {
        let ids: Vec<String> = (0..40).map(|i| format!("n{:02}", (i * 17) % 40)).collect();
        let mut pages = Vec::new();
        for chunk in ids.chunks(7) {
            let mut records = Vec::new();
            let mut runs = Vec::new();
            for (k, id) in chunk.iter().enumerate() {
                let count = 1 + k % 3;
                runs.push((records.len() as u32, count as u32));
                for lot in 0..count {
                    records.push(record(id, &lot.to_string()));
                }
            }
            pages.push((records, runs));
        }
        let all = LotRecords::from_pages(pages).into_vec();
        let mut sorted = all.clone();
        sorted.sort_by(|a, b| (&a.notice_id, &a.lot_id).cmp(&(&b.notice_id, &b.lot_id)));
        assert_eq!(all, sorted);
        assert_eq!(all.len(), (0..40).map(|k| 1 + (k % 7) % 3).sum::<usize>());
    }
}
