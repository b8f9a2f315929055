//! The facts OCDS carries, to compare two readings of one notice.

use std::collections::BTreeMap;

use spp_domain::{CodeList, LotRecord};

/// The facts of a lot record that an OCDS release carries both ways (read and written), as
/// text by name: what the Doffin comparison and the export round trip check. Facts not here
/// (BT-17, BT-765, award criteria, tender counts, vehicles) are not written to OCDS.
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
