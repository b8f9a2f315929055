//! The contract form's fields → the use case's [`ContractInput`]. Field names are the input's
//! own paths (`title`, `lots[0].cpv`, `lots[0].criteria` repeated), so a `FieldError` of
//! `Contract::parse` names the form field it belongs to. Lots left wholly blank are dropped
//! (the form always offers an empty one).

use std::collections::BTreeMap;

use spp_register::{CallOffInput, ContractInput, InvoiceInput, LotInput};

use super::Pairs;

/// The most lots, call-offs or invoices one form may carry.
pub const MAX_ROWS: usize = 200;

/// `lots[3].cpv` → (`lots`, 3, `cpv`).
fn indexed(name: &str) -> Option<(&str, usize, &str)> {
    let (list, rest) = name.split_once('[')?;
    let (index, rest) = rest.split_once("].")?;
    let i: usize = index.parse().ok().filter(|i| *i < MAX_ROWS)?;
    Some((list, i, rest))
}

fn some(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn set_lot(lot: &mut LotInput, field: &str, v: &str) {
    let push = |list: &mut Vec<String>| list.extend(some(v));
    match field {
        "reference" => lot.reference = v.trim().to_string(),
        "cpv" => lot.cpv = v.trim().to_string(),
        "title" => lot.title = some(v),
        "product_group" => lot.product_group = some(v),
        "estimated_value" => lot.estimated_value = some(v),
        "awarded_value" => lot.awarded_value = some(v),
        "criteria" => push(&mut lot.criteria),
        "labels" => push(&mut lot.labels),
        "circular" => push(&mut lot.circular),
        "social_clause" => lot.social_clause = some(v),
        "reserved" => lot.reserved = some(v),
        "supply_chain" => lot.supply_chain = some(v),
        "innovation" => lot.innovation = some(v),
        "lcc_used" => lot.lcc_used = some(v),
        "winner_name" => lot.winner_name = some(v),
        "winner_kbo" => lot.winner_kbo = some(v),
        "winner_sme" => lot.winner_sme = some(v),
        "e_submission" => lot.e_submission = some(v),
        _ => {}
    }
}

fn set_call_off(c: &mut CallOffInput, field: &str, v: &str) {
    match field {
        "reference" => c.reference = v.trim().into(),
        "date" => c.date = v.trim().into(),
        "value" => c.value = v.trim().into(),
        _ => {}
    }
}

fn set_invoice(inv: &mut InvoiceInput, field: &str, v: &str) {
    match field {
        "reference" => inv.reference = v.trim().into(),
        "amount" => inv.amount = v.trim().into(),
        "received" => inv.received = v.trim().into(),
        "paid" => inv.paid = some(v),
        _ => {}
    }
}

/// The contract typed into the form.
pub fn parse(pairs: &Pairs) -> ContractInput {
    let mut input = ContractInput::default();
    let mut lots: BTreeMap<usize, LotInput> = BTreeMap::new();
    let mut call_offs: BTreeMap<usize, CallOffInput> = BTreeMap::new();
    let mut invoices: BTreeMap<usize, InvoiceInput> = BTreeMap::new();
    for (k, v) in pairs {
        match (k.as_str(), indexed(k)) {
            (_, Some(("lots", i, f))) => set_lot(lots.entry(i).or_default(), f, v),
            (_, Some(("call_offs", i, f))) => set_call_off(call_offs.entry(i).or_default(), f, v),
            (_, Some(("invoices", i, f))) => set_invoice(invoices.entry(i).or_default(), f, v),
            ("entity", _) => input.entity = v.trim().into(),
            ("reference", _) => input.reference = v.trim().into(),
            ("title", _) => input.title = v.trim().into(),
            ("procedure", _) => input.procedure = v.trim().into(),
            ("threshold", _) => input.threshold = some(v),
            ("award_date", _) => input.award_date = some(v),
            ("notice", _) => input.notice = some(v),
            ("framework_ceiling", _) => input.framework_ceiling = some(v),
            _ => {}
        }
    }
    input.lots = lots
        .into_values()
        .filter(|l| *l != LotInput::default())
        .collect();
    input.call_offs = call_offs
        .into_values()
        .filter(|c| *c != CallOffInput::default())
        .collect();
    input.invoices = invoices
        .into_values()
        .filter(|c| *c != InvoiceInput::default())
        .collect();
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Pairs {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fields_land_in_their_lot_and_blank_lots_are_dropped() {
        let input = parse(&pairs(&[
            ("entity", " dep-a "),
            ("title", "Laptops"),
            ("threshold", ""),
            ("lots[0].cpv", "30213100-6"),
            ("lots[0].criteria", "ict-ts-energy"),
            ("lots[0].criteria", "ict-aw-tco@award"),
            ("lots[0].social_clause", "yes"),
            ("lots[1].cpv", ""),
            ("lots[1].social_clause", ""),
            ("lots[2].cpv", "30232110"),
            ("lots[999].cpv", "ignored: index too high"),
            ("call_offs[0].reference", "A"),
            ("call_offs[0].value", "10"),
            ("invoices[0].paid", ""),
        ]));
        assert_eq!(input.entity, "dep-a");
        assert_eq!(input.threshold, None, "blank is not reported");
        assert_eq!(input.lots.len(), 2, "the blank lot is dropped");
        assert_eq!(
            input.lots[0].criteria,
            ["ict-ts-energy", "ict-aw-tco@award"]
        );
        assert_eq!(input.lots[0].social_clause.as_deref(), Some("yes"));
        assert_eq!(input.lots[1].cpv, "30232110");
        assert_eq!(input.call_offs.len(), 1);
        assert!(input.invoices.is_empty());
    }
}
