//! What the policy reports need from a contract register, as a trait. [`NoRegister`] is the
//! register-less answer: every fact is absent, and the reports say "no register data" instead
//! of a figure. [`StoredRegister`] answers from the register of the app's database (docs/
//! INDICATORS.md, "Register facts of the policy reports").

use rust_decimal::Decimal;
use serde::Serialize;
use spp_domain::LotRecord;
use spp_monitoring::combined::CombinedRow;

pub use crate::register::monitor::RegisterScope;

/// One row of the per-place table: a government level, policy domain or entity with the
/// combined (register + notices) figures of the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow {
    /// `level`, `policy_domain` or `entity`.
    pub grouping: &'static str,
    pub key: String,
    /// Lots of the group (C-SPP-1's `all`).
    pub lots: u64,
    /// C-SPP-1 by count and by value.
    pub spp1_count: Option<f64>,
    pub spp1_value: Option<f64>,
    /// C-GPP, C-SOC, C-INN by count.
    pub green: Option<f64>,
    pub social: Option<f64>,
    pub innovative: Option<f64>,
}

/// The register's facts for a period (years inclusive).
pub trait RegisterFacts: Sync {
    /// Art. 85(2) of Directive 2014/24/EU: the estimated total value of procurement below the
    /// EU thresholds, in EUR.
    fn below_threshold_value(&self, first_year: i32, last_year: i32) -> Option<Decimal>;
    /// Framework uptake (C-FWK by count): frameworks awarded in the year with a call-off,
    /// over the frameworks awarded in the year.
    fn framework_uptake(&self, year: i32) -> Option<f64>;
    /// Payments on time (C-PAY): invoices received in the year and paid within the legal
    /// term, over the paid ones.
    fn payments_on_time(&self, year: i32) -> Option<f64>;
    /// Entities (buyers) the register knows in its scope, for the per-entity tables.
    fn entities(&self) -> Vec<String>;
    /// Whether a notice lot's buyer is in the register's scope (everything without a scope).
    fn keeps_notice(&self, _record: &LotRecord) -> bool {
        true
    }
    /// The per-place rows of the year the facts were read for (none without a register).
    fn by_place(&self) -> Vec<PlaceRow> {
        Vec::new()
    }
}

/// No register: nothing is known.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRegister;

impl RegisterFacts for NoRegister {
    fn below_threshold_value(&self, _: i32, _: i32) -> Option<Decimal> {
        None
    }
    fn framework_uptake(&self, _: i32) -> Option<f64> {
        None
    }
    fn payments_on_time(&self, _: i32) -> Option<f64> {
        None
    }
    fn entities(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The register's facts read once for a scope (`scope.year`: the year of the combined rows,
/// framework uptake and payments; other years are not known to it and answer `None`).
#[derive(Debug, Clone)]
pub struct StoredRegister {
    pub(crate) scope: RegisterScope,
    /// The combined report of the scope and year (register and notices).
    pub(crate) rows: Vec<CombinedRow>,
    /// (award year, Σ awarded EUR of the lots) of contracts below the EU thresholds.
    pub(crate) below: Vec<(i32, Decimal)>,
    pub(crate) entities: Vec<String>,
    pub(crate) tree: crate::register::tree::Tree,
}

impl StoredRegister {
    fn all_row(&self, id: &str) -> Option<&CombinedRow> {
        self.rows.iter().find(|r| r.id == id && r.group_by == "all")
    }

    fn in_year(&self, year: i32) -> bool {
        self.scope.year == Some(year) && !self.entities.is_empty()
    }
}

impl RegisterFacts for StoredRegister {
    fn below_threshold_value(&self, first: i32, last: i32) -> Option<Decimal> {
        let within: Vec<Decimal> = self
            .below
            .iter()
            .filter(|(y, _)| (first..=last).contains(y))
            .map(|(_, v)| *v)
            .collect();
        (!within.is_empty()).then(|| within.iter().sum())
    }
    fn framework_uptake(&self, year: i32) -> Option<f64> {
        self.in_year(year)
            .then(|| self.all_row("C-FWK").and_then(CombinedRow::share))
            .flatten()
    }
    fn payments_on_time(&self, year: i32) -> Option<f64> {
        self.in_year(year)
            .then(|| self.all_row("C-PAY").and_then(CombinedRow::share))
            .flatten()
    }
    fn entities(&self) -> Vec<String> {
        self.entities.clone()
    }
    fn keeps_notice(&self, record: &LotRecord) -> bool {
        !self.scope.narrows() || self.scope.keeps(self.tree.place_of_buyer(record))
    }
    fn by_place(&self) -> Vec<PlaceRow> {
        if self.entities.is_empty() {
            return Vec::new();
        }
        let find = |id: &str, by: &str, key: &str| {
            self.rows
                .iter()
                .find(|r| r.id == id && r.group_by == by && r.group == key)
        };
        let mut out = Vec::new();
        for grouping in ["level", "policy_domain", "entity"] {
            let spp1 = self
                .rows
                .iter()
                .filter(|r| r.id == "C-SPP-1" && r.group_by == grouping);
            for r in spp1 {
                let share = |id| find(id, grouping, &r.group).and_then(CombinedRow::share);
                out.push(PlaceRow {
                    grouping,
                    key: r.group.clone(),
                    lots: r.all,
                    spp1_count: r.share(),
                    spp1_value: r.value_share(),
                    green: share("C-GPP"),
                    social: share("C-SOC"),
                    innovative: share("C-INN"),
                });
            }
        }
        out
    }
}

impl crate::App {
    /// The register's facts for `scope`: the combined rows of `scope.year` (register lots and
    /// notice lots of entities in scope), framework uptake, payments, the below-threshold
    /// value by award year. Reading the register needs [`crate::auth::Action::Read`].
    pub async fn register_facts(
        &self,
        actor: &crate::auth::Actor,
        scope: &RegisterScope,
        policy: &crate::CataloguePolicy,
    ) -> crate::AppResult<StoredRegister> {
        use crate::register::monitor::Sources;
        use chrono::Datelike;
        let report = self
            .register_report_in(actor, Sources::Both, policy, scope)
            .await?;
        let mut tx = self.store().register_read().await?;
        let (entities, mappings) = (tx.entities().await?, tx.buyer_mappings().await?);
        let contracts = tx.contracts(None, false).await?;
        drop(tx);
        let tree = crate::register::tree::Tree::new(&entities, &mappings);
        let in_scope = |code: &str| scope.keeps(tree.place_of_entity(code));
        let names = entities
            .iter()
            .filter(|e| !e.deleted && in_scope(e.entity.code.as_str()))
            .map(|e| e.entity.name.clone())
            .collect();
        let below = contracts
            .iter()
            .map(|c| &c.contract)
            .filter(|c| c.threshold == Some(spp_register::Threshold::Below))
            .filter(|c| in_scope(c.entity.as_str()))
            .filter_map(|c| {
                let year = c.award_date?.year();
                let value = c
                    .lots
                    .iter()
                    .filter_map(|l| l.awarded_value)
                    .map(|v| v.as_decimal());
                Some((year, value.sum()))
            })
            .collect();
        Ok(StoredRegister {
            scope: scope.clone(),
            rows: report.rows,
            below,
            entities: names,
            tree,
        })
    }
}
