//! Contracts with their lots, applied criteria, call-offs and invoices.

use std::collections::HashMap;

use serde::Serialize;
use spp_catalogue::Stage;
use spp_register::*;

use super::{corrupt, decode, Kind, RegisterTx, Row, Val};
use crate::StoreError;

/// A contract with its id and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredContract {
    pub id: i64,
    /// 1 when created, one more per change.
    pub version: i64,
    pub updated_at: String,
    pub deleted: bool,
    #[serde(flatten)]
    pub contract: Contract,
}

impl StoredContract {
    /// `entity/reference`, how people name a contract.
    pub fn key(&self) -> String {
        key(&self.contract)
    }
}

fn key(c: &Contract) -> String {
    format!("{}/{}", c.entity, c.reference)
}

/// What [`RegisterTx::save_contract`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "id", rename_all = "snake_case")]
pub enum SaveResult {
    Created(i64),
    Updated(i64),
    /// Same content as stored: nothing written, no audit row.
    Unchanged(i64),
}

const CONTRACT_SQL: &str = "SELECT c.id, c.version, c.updated_at, c.deleted_at, e.code, \
    c.reference, c.title, c.procedure_type, c.threshold, c.award_date, c.notice_kind, \
    c.notice_ref, c.framework_ceiling_cents FROM contracts c JOIN entities e ON e.id = c.entity_id";

/// The contract a child row (first column `contract_id`) belongs to.
fn owner<'a>(
    r: &Row,
    index: &HashMap<i64, usize>,
    out: &'a mut [StoredContract],
) -> Option<&'a mut StoredContract> {
    let i = index.get(&r.int(0)?)?;
    out.get_mut(*i)
}

impl RegisterTx {
    /// The contracts matching `cond` (SQL over `c` = contracts, `e` = entities), with
    /// everything they hold, in id order.
    async fn load(&mut self, cond: &str, binds: &[Val]) -> Result<Vec<StoredContract>, StoreError> {
        use Kind::*;
        let sql = format!("{CONTRACT_SQL} WHERE {cond} ORDER BY c.id");
        let kinds = [
            Int, Int, Text, Text, Text, Text, Text, Text, Text, Text, Text, Text, Int,
        ];
        let rows = self.rows(&sql, binds, &kinds).await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut index = HashMap::with_capacity(rows.len());
        for r in rows {
            let id = r.int(0).unwrap_or(0);
            let notice = match (r.text(10).as_deref(), r.text(11)) {
                (Some("ted"), Some(n)) => Some(NoticeLink::Ted(n)),
                (Some(_), Some(n)) => Some(NoticeLink::Procedure(n)),
                _ => None,
            };
            let contract = Contract {
                entity: decode::code(&r.text(4).unwrap_or_default())?,
                reference: r.text(5).unwrap_or_default(),
                title: r.text(6).unwrap_or_default(),
                procedure: decode::opt(r.text(7), |v| Procedure::parse("procedure", v))?
                    .ok_or_else(|| corrupt("stored contract", "no procedure"))?,
                threshold: decode::opt(r.text(8), |v| Threshold::parse("threshold", v))?,
                award_date: decode::date("award_date", r.text(9))?,
                notice,
                framework_ceiling: decode::eur("framework_ceiling", r.int(12))?,
                lots: Vec::new(),
                call_offs: Vec::new(),
                invoices: Vec::new(),
            };
            index.insert(id, out.len());
            out.push(StoredContract {
                id,
                version: r.int(1).unwrap_or(1),
                updated_at: r.text(2).unwrap_or_default(),
                deleted: r.text(3).is_some(),
                contract,
            });
        }
        if out.is_empty() {
            return Ok(out);
        }
        let within = format!("contract_id IN (SELECT c.id FROM contracts c JOIN entities e ON e.id = c.entity_id WHERE {cond})");
        self.load_lots(&within, binds, &index, &mut out).await?;
        self.load_criteria(&within, binds, &index, &mut out).await?;
        self.load_payments(&within, binds, &index, &mut out).await?;
        Ok(out)
    }

    async fn load_lots(
        &mut self,
        within: &str,
        binds: &[Val],
        index: &HashMap<i64, usize>,
        out: &mut [StoredContract],
    ) -> Result<(), StoreError> {
        use Kind::*;
        let sql = format!(
            "SELECT contract_id, reference, title, cpv, product_group, estimated_cents, \
             awarded_cents, labels, social_clause, reserved, supply_chain, circular, innovation, \
             lcc_used, winner_name, winner_kbo, winner_sme, e_submission FROM contract_lots \
             WHERE {within} ORDER BY contract_id, seq"
        );
        let kinds = [
            Int, Text, Text, Text, Text, Int, Int, Text, Int, Int, Text, Text, Text, Int, Text,
            Text, Int, Int,
        ];
        for r in self.rows(&sql, binds, &kinds).await? {
            let Some(c) = owner(&r, index, out) else {
                continue;
            };
            let circular = decode::list(r.text(11))
                .iter()
                .map(|m| decode::opt(Some(m.clone()), |v| CircularModel::parse("circular", v)))
                .filter_map(Result::transpose)
                .collect::<Result<Vec<_>, _>>()?;
            let winner = match r.text(14) {
                Some(name) => Some(LotWinner {
                    name,
                    kbo: decode::opt(r.text(15), |k| Kbo::parse("winner_kbo", k))?,
                    sme: r.flag(16),
                }),
                None => None,
            };
            c.contract.lots.push(Lot {
                reference: r.text(1).unwrap_or_default(),
                title: r.text(2),
                cpv: decode::cpv(&r.text(3).unwrap_or_default())?,
                product_group: r.text(4),
                estimated_value: decode::eur("estimated_value", r.int(5))?,
                awarded_value: decode::eur("awarded_value", r.int(6))?,
                criteria: Vec::new(),
                labels: decode::list(r.text(7)),
                social_clause: r.flag(8),
                reserved: r.flag(9),
                supply_chain: decode::opt(r.text(10), |v| SupplyChain::parse("supply_chain", v))?,
                circular,
                innovation: decode::opt(r.text(12), |v| Innovation::parse("innovation", v))?,
                lcc_used: r.flag(13),
                winner,
                e_submission: r.flag(17),
            });
        }
        Ok(())
    }

    async fn load_criteria(
        &mut self,
        within: &str,
        binds: &[Val],
        index: &HashMap<i64, usize>,
        out: &mut [StoredContract],
    ) -> Result<(), StoreError> {
        use Kind::*;
        let sql = format!(
            "SELECT contract_id, lot_seq, criterion_id, stage, level, essential \
             FROM criteria_applied WHERE {within} ORDER BY contract_id, lot_seq, seq"
        );
        for r in self
            .rows(&sql, binds, &[Int, Int, Text, Text, Int, Int])
            .await?
        {
            let lot = owner(&r, index, out)
                .and_then(|c| c.contract.lots.get_mut(r.int(1).unwrap_or(-1) as usize));
            let Some(lot) = lot else { continue };
            let stage_raw = r.text(3).unwrap_or_default();
            let stage = Stage::ALL
                .into_iter()
                .find(|s| s.as_str() == stage_raw)
                .ok_or_else(|| corrupt("stored criterion stage", &stage_raw))?;
            lot.criteria.push(AppliedCriterion {
                id: r.text(2).unwrap_or_default(),
                stage,
                level: u8::try_from(r.int(4).unwrap_or(0)).unwrap_or(0),
                essential: r.flag(5).unwrap_or(false),
            });
        }
        Ok(())
    }

    async fn load_payments(
        &mut self,
        within: &str,
        binds: &[Val],
        index: &HashMap<i64, usize>,
        out: &mut [StoredContract],
    ) -> Result<(), StoreError> {
        use Kind::*;
        let sql = format!(
            "SELECT contract_id, reference, called_on, value_cents FROM call_offs \
             WHERE {within} ORDER BY contract_id, seq"
        );
        for r in self.rows(&sql, binds, &[Int, Text, Text, Int]).await? {
            let Some(c) = owner(&r, index, out) else {
                continue;
            };
            c.contract.call_offs.push(CallOff {
                reference: r.text(1).unwrap_or_default(),
                date: decode::date("call-off date", r.text(2))?
                    .ok_or_else(|| corrupt("stored call-off", "no date"))?,
                value: decode::eur("call-off value", r.int(3))?
                    .ok_or_else(|| corrupt("stored call-off", "no value"))?,
            });
        }
        let sql = format!(
            "SELECT contract_id, reference, amount_cents, received_on, paid_on FROM invoices \
             WHERE {within} ORDER BY contract_id, seq"
        );
        for r in self
            .rows(&sql, binds, &[Int, Text, Int, Text, Text])
            .await?
        {
            let Some(c) = owner(&r, index, out) else {
                continue;
            };
            c.contract.invoices.push(Invoice {
                reference: r.text(1).unwrap_or_default(),
                amount: decode::eur("invoice amount", r.int(2))?
                    .ok_or_else(|| corrupt("stored invoice", "no amount"))?,
                received: decode::date("invoice received", r.text(3))?
                    .ok_or_else(|| corrupt("stored invoice", "no receipt date"))?,
                paid: decode::date("invoice paid", r.text(4))?,
            });
        }
        Ok(())
    }

    /// All contracts (of one entity when `entity` is given), soft-deleted ones only when
    /// `include_deleted`.
    pub async fn contracts(
        &mut self,
        entity: Option<&str>,
        include_deleted: bool,
    ) -> Result<Vec<StoredContract>, StoreError> {
        let deleted = if include_deleted {
            "1 = 1"
        } else {
            "c.deleted_at IS NULL"
        };
        match entity {
            Some(code) => {
                self.load(&format!("{deleted} AND e.code = $1"), &[Val::text(code)])
                    .await
            }
            None => self.load(deleted, &[]).await,
        }
    }

    /// The contract `reference` of entity `code` (also when soft-deleted).
    pub async fn contract(
        &mut self,
        code: &str,
        reference: &str,
    ) -> Result<Option<StoredContract>, StoreError> {
        let found = self
            .load(
                "e.code = $1 AND c.reference = $2",
                &[Val::text(code), Val::text(reference)],
            )
            .await?;
        Ok(found.into_iter().next())
    }
}
