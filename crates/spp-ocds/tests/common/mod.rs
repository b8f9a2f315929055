//! Facts of a notice that OCDS and eForms both carry, to compare the two readings of the same
//! notice.

use spp_domain::{LotRecord, Notice};
use spp_ocds::facts::lot_facts;

/// Differences between two readings of one notice, as lines (`lot L: fact: a != b`).
pub fn differences(a: &Notice, b: &Notice) -> Vec<String> {
    let ra = spp_domain::derive::lot_records(a);
    let rb = spp_domain::derive::lot_records(b);
    let mut out = Vec::new();
    let ids = |r: &[LotRecord]| r.iter().map(|x| x.lot_id.clone()).collect::<Vec<_>>();
    if ids(&ra) != ids(&rb) {
        out.push(format!("lots: {:?} != {:?}", ids(&ra), ids(&rb)));
        return out;
    }
    for (x, y) in ra.iter().zip(&rb) {
        let (fx, fy) = (lot_facts(x), lot_facts(y));
        for (k, v) in &fx {
            if fy.get(k) != Some(v) {
                out.push(format!("lot {}: {k}: {v:?} != {:?}", x.lot_id, fy[k]));
            }
        }
    }
    out
}
