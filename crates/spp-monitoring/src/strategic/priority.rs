//! **PRI-1 — priority list.** Per product group: spend (Σ awarded EUR value of award-stage
//! lots of the group) × risk weight ((environmental + social score) / 10, from
//! `data/priority/risk.toml`) = priority score; groups ranked by score, overall and per buyer,
//! with the share already sustainable (lots meeting the SPP-1 policy, by value and by count).
//! Lots without a known EUR value count in the lot counts, not in spend. Lots without a product
//! group are reported as `unclassified`.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::meets_policy;
use crate::group::GroupBy;
use crate::prepared::{Prepared, Stage};

/// The risk scores of one product group (from `data/priority/risk.toml`, read by the
/// catalogue crate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub group: String,
    /// 1 … 5.
    pub environmental: u8,
    /// 1 … 5.
    pub social: u8,
    /// An example category of the federal priority list.
    pub listed: bool,
}

impl Risk {
    /// (environmental + social) / 10.
    pub fn weight(&self) -> f64 {
        f64::from(self.environmental + self.social) / 10.0
    }
}

/// One product group in the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityRow {
    pub rank: usize,
    pub group: String,
    pub environmental: u8,
    pub social: u8,
    pub listed: bool,
    /// (environmental + social) / 10.
    pub weight: f64,
    /// Award-stage lots of the group.
    pub lots: u64,
    /// Of which with a known EUR value.
    pub valued_lots: u64,
    pub spend_eur: Decimal,
    /// spend × weight.
    pub score: f64,
    pub sustainable_lots: u64,
    pub sustainable_eur: Decimal,
}

impl PriorityRow {
    /// Share of spend already sustainable.
    pub fn sustainable_value_share(&self) -> Option<f64> {
        (!self.spend_eur.is_zero())
            .then(|| (self.sustainable_eur / self.spend_eur).to_f64())
            .flatten()
    }
    /// Share of lots already sustainable.
    pub fn sustainable_count_share(&self) -> Option<f64> {
        (self.lots > 0).then(|| self.sustainable_lots as f64 / self.lots as f64)
    }
}

/// The ranked list, overall and per buyer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PriorityList {
    /// Every product group of the risk table, ranked (groups without spend last).
    pub overall: Vec<PriorityRow>,
    /// Per buyer (as the `buyer` breakdown names it): the groups the buyer bought, ranked.
    pub by_buyer: Vec<(String, Vec<PriorityRow>)>,
    /// Award-stage lots without a product group, and their spend.
    pub unclassified_lots: u64,
    pub unclassified_eur: Decimal,
}

#[derive(Debug, Clone, Default)]
struct Tally {
    lots: u64,
    valued_lots: u64,
    spend: Decimal,
    sustainable_lots: u64,
    sustainable_eur: Decimal,
}

impl Tally {
    fn add(&mut self, p: &Prepared) {
        let good = meets_policy(p);
        self.lots += 1;
        self.sustainable_lots += u64::from(good);
        if let Some(v) = p.eur() {
            self.valued_lots += 1;
            self.spend += v;
            if good {
                self.sustainable_eur += v;
            }
        }
    }
}

/// The priority list over prepared records (award stage only).
pub fn priority_list(records: &[Prepared], risk: &[Risk]) -> PriorityList {
    let mut overall: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut buyers: BTreeMap<String, BTreeMap<&str, Tally>> = BTreeMap::new();
    let mut out = PriorityList::default();
    for p in records.iter().filter(|p| p.stage == Some(Stage::Award)) {
        let Some(group) = p.record.product_group.as_deref() else {
            out.unclassified_lots += 1;
            out.unclassified_eur += p.eur().unwrap_or_default();
            continue;
        };
        overall.entry(group).or_default().add(p);
        let buyer = GroupBy::Buyer.key(p.record);
        buyers
            .entry(buyer)
            .or_default()
            .entry(group)
            .or_default()
            .add(p);
    }
    let all = risk.iter().map(|r| r.group.as_str()).map(|g| {
        let t = overall.get(g).cloned().unwrap_or_default();
        (g, t)
    });
    out.overall = ranked(all, risk);
    out.by_buyer = buyers
        .into_iter()
        .map(|(b, groups)| (b, ranked(groups.into_iter(), risk)))
        .collect();
    out
}

fn ranked<'g>(groups: impl Iterator<Item = (&'g str, Tally)>, risk: &[Risk]) -> Vec<PriorityRow> {
    let mut rows: Vec<PriorityRow> = groups
        .filter_map(|(g, t)| {
            let r = risk.iter().find(|r| r.group == g)?;
            let weight = r.weight();
            Some(PriorityRow {
                rank: 0,
                group: g.to_string(),
                environmental: r.environmental,
                social: r.social,
                listed: r.listed,
                weight,
                lots: t.lots,
                valued_lots: t.valued_lots,
                spend_eur: t.spend,
                score: t.spend.to_f64().unwrap_or(0.0) * weight,
                sustainable_lots: t.sustainable_lots,
                sustainable_eur: t.sustainable_eur,
            })
        })
        .collect();
    // Score first; among equal scores (no spend) the riskier group, then the id.
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.weight.total_cmp(&a.weight))
            .then(a.group.cmp(&b.group))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}
