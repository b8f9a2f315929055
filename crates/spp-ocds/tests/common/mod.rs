//! Facts of a notice that OCDS and eForms both carry, to compare the two readings of the same
//! notice.

use std::collections::BTreeMap;

use spp_domain::{CodeList, LotRecord, Notice};

/// The compared facts of one lot, as text (one line per fact).
pub fn lot_facts(r: &LotRecord) -> BTreeMap<&'static str, String> {
    let codes = |v: Vec<&str>| v.join(",");
    let money = |m: &Option<spp_domain::Money>| match m {
        Some(spp_domain::Money::Amount { value, currency }) => {
            format!(
                "{} {}",
                value.normalize(),
                currency.as_deref().unwrap_or("?")
            )
        }
        Some(spp_domain::Money::Withheld) => "withheld".into(),
        None => "-".into(),
    };
    let mut winners: Vec<String> = r
        .winners
        .iter()
        .map(|w| {
            let sme = w.size.as_ref().and_then(|s| s.is_sme());
            format!(
                "{}:{}:sme={sme:?}",
                w.name.as_deref().unwrap_or("?").trim(),
                w.country.as_deref().unwrap_or("?")
            )
        })
        .collect();
    winners.sort();
    BTreeMap::from([
        (
            "cpv",
            r.main_cpv.as_ref().map_or("-".into(), |c| c.to_string()),
        ),
        ("estimated", money(&r.estimated_value)),
        ("awarded", r.awarded.to_string()),
        ("awarded_value", money(&r.awarded_value)),
        ("winners", winners.join(" | ")),
        (
            "bt06",
            codes(r.strategic.iter().map(|c| c.as_str()).collect()),
        ),
        (
            "bt774",
            codes(r.environmental.iter().map(|c| c.as_str()).collect()),
        ),
        (
            "bt775",
            codes(r.social.iter().map(|c| c.as_str()).collect()),
        ),
        (
            "bt776",
            codes(r.innovative.iter().map(|c| c.as_str()).collect()),
        ),
        (
            "bt805",
            codes(r.gpp_criteria.iter().map(|c| c.as_str()).collect()),
        ),
        ("buyer_country", r.buyer_country.clone().unwrap_or_default()),
    ])
}

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
