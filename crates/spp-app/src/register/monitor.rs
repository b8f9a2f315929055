//! Monitoring over the register and the published notices together: each register lot and
//! each awarded notice lot becomes one counted item; a contract linked to its notice is
//! counted once (source `both`), with the register's facts first. Definitions:
//! docs/INDICATORS.md, "Register and notices".

use std::collections::HashMap;

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Serialize;
use spp_catalogue::{Catalogue, Theme};
use spp_domain::LotRecord;
use spp_monitoring::combined::{self, CombinedRow, Item, Source, LOT_INDICATORS};
use spp_register::buyer::ted_key;
use spp_register::{Contract, Lot, NoticeLink, Procedure, LEGAL_PAYMENT_DAYS};

pub use super::tree::RegisterScope;
use super::tree::{Place, Tree};

use crate::auth::{authorize, Action, Actor};
use crate::error::{AppError, AppResult};
use crate::{App, CataloguePolicy};

/// Which lots a register report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sources {
    Register,
    Notices,
    Both,
}

impl Sources {
    pub fn parse(raw: &str) -> AppResult<Sources> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "register" => Ok(Sources::Register),
            "notices" | "notice" => Ok(Sources::Notices),
            "both" => Ok(Sources::Both),
            _ => Err(AppError::bad_input(
                "source",
                raw,
                "register, notices or both",
            )),
        }
    }
}

/// The report: how many lots came from where, and the rows.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterReport {
    pub sources: Sources,
    pub policy: String,
    pub register_lots: u64,
    pub notice_lots: u64,
    pub linked_lots: u64,
    /// Notice lots whose buyer is mapped to no entity (counted under `(unmapped)`).
    pub unmapped_notice_lots: u64,
    pub rows: Vec<CombinedRow>,
}

const UNMAPPED: &str = "(unmapped)";
const NO_GROUP: &str = "(none)";

fn keys(place: &Place, group: Option<&str>) -> [String; 4] {
    [
        place.0.clone(),
        place.1.clone(),
        place.2.clone(),
        group.unwrap_or(NO_GROUP).to_string(),
    ]
}

/// The facts of a register lot, in `LOT_INDICATORS` order.
pub fn register_facts(c: &Contract, lot: &Lot, catalogue: &Catalogue) -> Vec<Option<bool>> {
    let themes: Vec<Theme> = lot
        .criteria
        .iter()
        .filter_map(|a| catalogue.criterion(&a.id))
        .flat_map(|(_, c)| c.themes.iter().copied())
        .collect();
    let spp1 = lot.missing_essentials(catalogue).map(|m| m.is_empty());
    let green = themes.iter().any(Theme::is_green) || !lot.labels.is_empty();
    let social_yes = lot.social_clause == Some(true)
        || lot.reserved == Some(true)
        || lot.supply_chain.is_some()
        || themes.contains(&Theme::Social);
    let social_known = lot.social_clause.is_some() || lot.reserved.is_some();
    let social = if social_yes {
        Some(true)
    } else {
        social_known.then_some(false)
    };
    let innovative = lot.innovation.is_some() || c.procedure == Procedure::InnovationPartnership;
    let circular = !lot.circular.is_empty() || themes.contains(&Theme::Circularity);
    vec![
        spp1,
        Some(green),
        social,
        Some(innovative),
        Some(circular),
        lot.lcc_used,
        lot.winner.as_ref().and_then(|w| w.sme),
        lot.e_submission,
    ]
}

fn eur(r: &LotRecord) -> Option<Decimal> {
    match r.awarded_value.as_ref()?.known()? {
        (v, None) => Some(v),
        (v, Some(cur)) if cur.eq_ignore_ascii_case("EUR") => Some(v),
        _ => None,
    }
}

/// The notice records a link names, by index.
struct Links {
    by_procedure: HashMap<String, Vec<usize>>,
    by_ted: HashMap<String, Vec<usize>>,
}

impl Links {
    fn new(records: &[&LotRecord]) -> Links {
        let mut links = Links {
            by_procedure: HashMap::new(),
            by_ted: HashMap::new(),
        };
        for (i, r) in records.iter().enumerate() {
            if let Some(p) = &r.procedure_id {
                links
                    .by_procedure
                    .entry(p.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
            if let Some(k) = ted_key(&r.notice_id) {
                links.by_ted.entry(k).or_default().push(i);
            }
        }
        links
    }

    fn of(&self, link: &NoticeLink) -> &[usize] {
        let found = match link {
            NoticeLink::Procedure(p) => self.by_procedure.get(p),
            NoticeLink::Ted(t) => ted_key(t).and_then(|k| self.by_ted.get(&k)),
        };
        found.map_or(&[], Vec::as_slice)
    }
}

impl App {
    /// The combined indicators over the register and the stored notices.
    pub async fn register_report(
        &self,
        actor: &Actor,
        sources: Sources,
        policy: &CataloguePolicy,
    ) -> AppResult<RegisterReport> {
        let all = RegisterScope::default();
        self.register_report_in(actor, sources, policy, &all).await
    }

    /// The combined indicators over the part of the register and notices `scope` keeps.
    pub async fn register_report_in(
        &self,
        actor: &Actor,
        sources: Sources,
        policy: &CataloguePolicy,
        scope: &RegisterScope,
    ) -> AppResult<RegisterReport> {
        authorize(actor, Action::Read, None)?;
        let mut tx = self.store().register_read().await?;
        let (entities, mappings) = (tx.entities().await?, tx.buyer_mappings().await?);
        let contracts = match sources {
            Sources::Notices => Vec::new(),
            _ => tx.contracts(None, false).await?,
        };
        drop(tx);
        let records = match sources {
            Sources::Register => None,
            _ => {
                // Notice lots as the current catalogue classifies them.
                self.reclassify_stored(false).await?;
                Some(self.store().current_records(&Default::default()).await?)
            }
        };
        let tree = Tree::new(&entities, &mappings);
        let notices: Vec<&LotRecord> = records
            .as_ref()
            .map_or(Vec::new(), |r| r.iter().filter(|r| r.awarded).collect());
        let links = Links::new(&notices);
        let mut taken = vec![false; notices.len()];
        let mut report = RegisterReport {
            sources,
            policy: policy.name.clone(),
            register_lots: 0,
            notice_lots: 0,
            linked_lots: 0,
            unmapped_notice_lots: 0,
            rows: Vec::new(),
        };
        let mut items = Vec::new();
        let (mut pay, mut fwk) = (Vec::new(), Vec::new());
        for c in &contracts {
            let unknown = (
                c.contract.entity.to_string(),
                UNMAPPED.to_string(),
                UNMAPPED.to_string(),
            );
            let known = tree.place_of_entity(c.contract.entity.as_str());
            if !scope.keeps(known) {
                continue;
            }
            let place = known.unwrap_or(&unknown);
            let awarded_in_year = scope.in_year(c.contract.award_date.map(|d| d.year()));
            let matched: &[usize] = match (&c.contract.notice, sources) {
                (Some(link), Sources::Both) => links.of(link),
                _ => &[],
            };
            let notice_facts: Vec<_> = matched
                .iter()
                .map(|i| combined::notice_facts(notices[*i], policy))
                .collect();
            let from_notice = combined::merge_facts(&notice_facts);
            for i in matched {
                taken[*i] = true;
            }
            let lots = if awarded_in_year {
                c.contract.lots.as_slice()
            } else {
                &[]
            };
            for lot in lots {
                let facts = register_facts(&c.contract, lot, self.catalogue());
                let (source, facts) = if matched.is_empty() {
                    report.register_lots += 1;
                    (Source::Register, facts)
                } else {
                    report.linked_lots += 1;
                    (
                        Source::Both,
                        facts
                            .iter()
                            .zip(&from_notice)
                            .map(|(r, n)| r.or(*n))
                            .collect(),
                    )
                };
                items.push(Item {
                    keys: keys(place, lot.product_group.as_deref()),
                    source,
                    value: lot.awarded_value.map(|v| v.as_decimal()),
                    met_value: None,
                    facts,
                });
            }
            let group = c
                .contract
                .lots
                .first()
                .and_then(|l| l.product_group.as_deref());
            let invoices = c.contract.invoices.iter();
            for inv in invoices.filter(|i| scope.in_year(Some(i.received.year()))) {
                pay.push(Item {
                    keys: keys(place, group),
                    source: Source::Register,
                    value: Some(inv.amount.as_decimal()),
                    met_value: None,
                    facts: vec![inv.payment_days().map(|d| d <= LEGAL_PAYMENT_DAYS)],
                });
            }
            if let Some(ceiling) = c.contract.framework_ceiling.filter(|_| awarded_in_year) {
                let called: i64 = c.contract.call_offs.iter().map(|o| o.value.cents()).sum();
                fwk.push(Item {
                    keys: keys(place, group),
                    source: Source::Register,
                    value: Some(ceiling.as_decimal()),
                    met_value: Some(Decimal::new(called, 2)),
                    facts: vec![Some(!c.contract.call_offs.is_empty())],
                });
            }
        }
        for (r, _) in notices.iter().zip(&taken).filter(|(_, t)| !**t) {
            if !scope.in_year(r.year) {
                continue;
            }
            let place = tree.place_of_buyer(r);
            let unmapped = (
                UNMAPPED.to_string(),
                UNMAPPED.to_string(),
                UNMAPPED.to_string(),
            );
            if !scope.keeps(place) {
                continue;
            }
            if place.is_none() {
                report.unmapped_notice_lots += 1;
            }
            report.notice_lots += 1;
            items.push(Item {
                keys: keys(place.unwrap_or(&unmapped), r.product_group.as_deref()),
                source: Source::Notice,
                value: eur(r),
                met_value: None,
                facts: combined::notice_facts(r, policy),
            });
        }
        report.rows = combined::compute(&LOT_INDICATORS, &items);
        report.rows.extend(combined::compute(&["C-PAY"], &pay));
        report.rows.extend(combined::compute(&["C-FWK"], &fwk));
        Ok(report)
    }
}
