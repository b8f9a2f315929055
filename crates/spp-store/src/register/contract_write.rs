//! Writing contracts: create, update (children rewritten), soft delete; each with its audit
//! row in the same transaction.

use spp_register::{Contract, Lot, NoticeLink};

use super::audit::{AuditAction, Change, SubjectKind};
use super::contracts::{SaveResult, StoredContract};
use super::{RegisterTx, Val};
use crate::StoreError;

fn join<T>(items: &[T], f: impl Fn(&T) -> &str) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(";")
}

fn cents(v: Option<spp_register::Eur>) -> Val {
    Val::Int(v.map(|e| e.cents()))
}

impl RegisterTx {
    /// The id of a live entity, remembered for the rest of the transaction.
    async fn live_entity_id(&mut self, code: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.entity_ids.get(code) {
            return Ok(*id);
        }
        match self.entity_by_code(code).await?.filter(|e| !e.deleted) {
            Some(e) => {
                self.entity_ids.insert(code.to_string(), e.id);
                Ok(e.id)
            }
            None => Err(StoreError::Refused(format!("entity: no entity {code:?}"))),
        }
    }

    /// Creates the contract, or updates the one with its entity and reference (`existing`,
    /// as read in this transaction; undeleting it); unchanged content writes nothing.
    pub async fn save_contract(
        &mut self,
        actor: &str,
        contract: &Contract,
        existing: Option<&StoredContract>,
    ) -> Result<SaveResult, StoreError> {
        let entity_id = self.live_entity_id(contract.entity.as_str()).await?;
        if let Some(e) = existing.filter(|e| !e.deleted && e.contract == *contract) {
            return Ok(SaveResult::Unchanged(e.id));
        }
        let (kind, notice) = match &contract.notice {
            Some(NoticeLink::Ted(n)) => (Some("ted"), Some(n.clone())),
            Some(NoticeLink::Procedure(p)) => (Some("procedure"), Some(p.clone())),
            None => (None, None),
        };
        let cols = vec![
            Val::text(contract.title.clone()),
            Val::text(contract.procedure.as_str()),
            Val::opt_text(contract.threshold.map(|t| t.as_str())),
            Val::opt_text(contract.award_date.map(|d| d.to_string())),
            Val::opt_text(kind),
            Val::opt_text(notice),
            cents(contract.framework_ceiling),
            Val::text(self.now.clone()),
        ];
        let (result, id, before) = match existing {
            Some(e) => {
                let mut binds = cols;
                binds.extend([Val::int(e.version + 1), Val::int(e.id)]);
                self.exec(
                    "UPDATE contracts SET title = $1, procedure_type = $2, threshold = $3, \
                     award_date = $4, notice_kind = $5, notice_ref = $6, \
                     framework_ceiling_cents = $7, updated_at = $8, deleted_at = NULL, \
                     version = $9 WHERE id = $10",
                    &binds,
                )
                .await?;
                for table in ["contract_lots", "criteria_applied", "call_offs", "invoices"] {
                    let sql = format!("DELETE FROM {table} WHERE contract_id = $1");
                    self.exec(&sql, &[Val::int(e.id)]).await?;
                }
                (SaveResult::Updated(e.id), e.id, Some(&e.contract))
            }
            None => {
                let id = self.next_id("contracts").await?;
                let mut binds = vec![
                    Val::int(id),
                    Val::int(entity_id),
                    Val::text(contract.reference.clone()),
                ];
                binds.extend(cols);
                self.exec(
                    "INSERT INTO contracts (id, entity_id, reference, title, procedure_type, \
                     threshold, award_date, notice_kind, notice_ref, framework_ceiling_cents, \
                     created_at, updated_at, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1)",
                    &binds,
                )
                .await?;
                (SaveResult::Created(id), id, None)
            }
        };
        self.write_children(id, contract).await?;
        let action = if before.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        };
        self.audit(Change {
            actor,
            action,
            kind: SubjectKind::Contract,
            id,
            subject: &format!("{}/{}", contract.entity, contract.reference),
            before,
            after: Some(contract),
        })
        .await?;
        Ok(result)
    }

    async fn write_children(&mut self, id: i64, contract: &Contract) -> Result<(), StoreError> {
        for (seq, lot) in contract.lots.iter().enumerate() {
            self.write_lot(id, seq as i64, lot).await?;
        }
        for (seq, c) in contract.call_offs.iter().enumerate() {
            self.exec(
                "INSERT INTO call_offs (contract_id, seq, reference, called_on, value_cents) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    Val::int(id),
                    Val::int(seq as i64),
                    Val::text(c.reference.clone()),
                    Val::text(c.date.to_string()),
                    Val::int(c.value.cents()),
                ],
            )
            .await?;
        }
        for (seq, v) in contract.invoices.iter().enumerate() {
            self.exec(
                "INSERT INTO invoices (contract_id, seq, reference, amount_cents, received_on, \
                 paid_on) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    Val::int(id),
                    Val::int(seq as i64),
                    Val::text(v.reference.clone()),
                    Val::int(v.amount.cents()),
                    Val::text(v.received.to_string()),
                    Val::opt_text(v.paid.map(|d| d.to_string())),
                ],
            )
            .await?;
        }
        Ok(())
    }

    async fn write_lot(&mut self, id: i64, seq: i64, lot: &Lot) -> Result<(), StoreError> {
        let winner = lot.winner.as_ref();
        self.exec(
            "INSERT INTO contract_lots (contract_id, seq, reference, title, cpv, product_group, \
             estimated_cents, awarded_cents, labels, social_clause, reserved, supply_chain, \
             circular, innovation, lcc_used, winner_name, winner_kbo, winner_sme, e_submission) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19)",
            &[
                Val::int(id),
                Val::int(seq),
                Val::text(lot.reference.clone()),
                Val::opt_text(lot.title.clone()),
                Val::text(lot.cpv.as_str()),
                Val::opt_text(lot.product_group.clone()),
                cents(lot.estimated_value),
                cents(lot.awarded_value),
                Val::text(join(&lot.labels, |s| s.as_str())),
                Val::flag(lot.social_clause),
                Val::flag(lot.reserved),
                Val::opt_text(lot.supply_chain.map(|s| s.as_str())),
                Val::text(join(&lot.circular, |c| c.as_str())),
                Val::opt_text(lot.innovation.map(|i| i.as_str())),
                Val::flag(lot.lcc_used),
                Val::opt_text(winner.map(|w| w.name.clone())),
                Val::opt_text(
                    winner
                        .and_then(|w| w.kbo.as_ref())
                        .map(|k| k.digits().to_string()),
                ),
                Val::flag(winner.and_then(|w| w.sme)),
                Val::flag(lot.e_submission),
            ],
        )
        .await?;
        for (i, c) in lot.criteria.iter().enumerate() {
            self.exec(
                "INSERT INTO criteria_applied (contract_id, lot_seq, seq, criterion_id, stage, \
                 level, essential) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    Val::int(id),
                    Val::int(seq),
                    Val::int(i as i64),
                    Val::text(c.id.clone()),
                    Val::text(c.stage.as_str()),
                    Val::int(i64::from(c.level)),
                    Val::flag(Some(c.essential)),
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// Soft-deletes a contract; false when it is already deleted.
    pub async fn delete_contract(
        &mut self,
        actor: &str,
        existing: &StoredContract,
    ) -> Result<bool, StoreError> {
        if existing.deleted {
            return Ok(false);
        }
        self.exec(
            "UPDATE contracts SET deleted_at = $1, version = $2 WHERE id = $3",
            &[
                Val::text(self.now.clone()),
                Val::int(existing.version + 1),
                Val::int(existing.id),
            ],
        )
        .await?;
        self.audit(Change {
            actor,
            action: AuditAction::Delete,
            kind: SubjectKind::Contract,
            id: existing.id,
            subject: &existing.key(),
            before: Some(&existing.contract),
            after: None,
        })
        .await?;
        Ok(true)
    }
}
