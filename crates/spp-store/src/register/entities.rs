//! Entities and the mapping of notice buyers to them.

use serde::Serialize;
use spp_register::Entity;

use super::audit::{AuditAction, Change, SubjectKind};
use super::{decode, Kind, RegisterTx, Row, Val};
use crate::StoreError;

/// An entity with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredEntity {
    pub id: i64,
    #[serde(flatten)]
    pub entity: Entity,
    pub deleted: bool,
}

/// A notice buyer known to be an entity: by its registration number (BT-501, digits only)
/// or by its name (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuyerMapping {
    pub entity_id: i64,
    pub registration_number: Option<String>,
    pub buyer_name: Option<String>,
}

const ENTITY_COLS: &str =
    "SELECT id, code, name, level, policy_domain, kbo, deleted_at FROM entities";
const ENTITY_KINDS: [Kind; 7] = [
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

fn stored_entity(r: &Row) -> Result<StoredEntity, StoreError> {
    Ok(StoredEntity {
        id: r.int(0).unwrap_or(0),
        entity: decode::entity(r)?,
        deleted: r.text(6).is_some(),
    })
}

impl RegisterTx {
    /// Every entity (soft-deleted ones too, marked), by code.
    pub async fn entities(&mut self) -> Result<Vec<StoredEntity>, StoreError> {
        let sql = format!("{ENTITY_COLS} ORDER BY code");
        let rows = self.rows(&sql, &[], &ENTITY_KINDS).await?;
        rows.iter().map(stored_entity).collect()
    }

    pub async fn entity_by_code(&mut self, code: &str) -> Result<Option<StoredEntity>, StoreError> {
        let sql = format!("{ENTITY_COLS} WHERE code = $1");
        let rows = self.rows(&sql, &[Val::text(code)], &ENTITY_KINDS).await?;
        rows.first().map(stored_entity).transpose()
    }

    /// Creates an entity, or updates the one with its code (undeleting it); `None` when
    /// nothing changed.
    pub async fn save_entity(
        &mut self,
        actor: &str,
        entity: &Entity,
    ) -> Result<Option<(AuditAction, i64)>, StoreError> {
        let existing = self.entity_by_code(entity.code.as_str()).await?;
        let cols = [
            Val::text(entity.name.clone()),
            Val::text(entity.level.as_str()),
            Val::text(entity.policy_domain.clone()),
            Val::opt_text(entity.kbo.as_ref().map(|k| k.digits().to_string())),
            Val::text(self.now.clone()),
        ];
        let (action, id, before) = match existing {
            Some(e) if !e.deleted && e.entity == *entity => return Ok(None),
            Some(e) => {
                let mut binds = cols.to_vec();
                binds.push(Val::int(e.id));
                self.exec(
                    "UPDATE entities SET name = $1, level = $2, policy_domain = $3, kbo = $4, \
                     updated_at = $5, deleted_at = NULL WHERE id = $6",
                    &binds,
                )
                .await?;
                (AuditAction::Update, e.id, Some(e.entity))
            }
            None => {
                let id = self.next_id("entities").await?;
                let mut binds = vec![Val::int(id), Val::text(entity.code.as_str())];
                binds.extend(cols);
                self.exec(
                    "INSERT INTO entities (id, code, name, level, policy_domain, kbo, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    &binds,
                )
                .await?;
                (AuditAction::Create, id, None)
            }
        };
        self.audit(Change {
            actor,
            action,
            kind: SubjectKind::Entity,
            id,
            subject: entity.code.as_str(),
            before: before.as_ref(),
            after: Some(entity),
        })
        .await?;
        Ok(Some((action, id)))
    }

    /// Soft-deletes an entity; false when it is not there or already deleted.
    pub async fn delete_entity(&mut self, actor: &str, code: &str) -> Result<bool, StoreError> {
        let Some(e) = self.entity_by_code(code).await?.filter(|e| !e.deleted) else {
            return Ok(false);
        };
        self.soft_delete(
            actor,
            "entities",
            SubjectKind::Entity,
            (e.id, code),
            &e.entity,
        )
        .await?;
        Ok(true)
    }

    /// Maps a buyer (by registration number or name, already normalised) to an entity,
    /// replacing an earlier mapping of the same key.
    pub async fn map_buyer(&mut self, actor: &str, m: &BuyerMapping) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM buyer_entities WHERE registration_number = $1 OR buyer_name = $2",
            &[
                Val::opt_text(m.registration_number.clone()),
                Val::opt_text(m.buyer_name.clone()),
            ],
        )
        .await?;
        let id = self.next_id("buyer_entities").await?;
        self.exec(
            "INSERT INTO buyer_entities (id, entity_id, registration_number, buyer_name) \
             VALUES ($1, $2, $3, $4)",
            &[
                Val::int(id),
                Val::int(m.entity_id),
                Val::opt_text(m.registration_number.clone()),
                Val::opt_text(m.buyer_name.clone()),
            ],
        )
        .await?;
        let subject = m
            .registration_number
            .clone()
            .or_else(|| m.buyer_name.clone())
            .unwrap_or_default();
        self.audit(Change {
            actor,
            action: AuditAction::Create,
            kind: SubjectKind::BuyerMapping,
            id,
            subject: &subject,
            before: None,
            after: Some(m),
        })
        .await
    }

    /// Every buyer mapping.
    pub async fn buyer_mappings(&mut self) -> Result<Vec<BuyerMapping>, StoreError> {
        let rows = self
            .rows(
                "SELECT entity_id, registration_number, buyer_name FROM buyer_entities ORDER BY id",
                &[],
                &[Kind::Int, Kind::Text, Kind::Text],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| BuyerMapping {
                entity_id: r.int(0).unwrap_or(0),
                registration_number: r.text(1),
                buyer_name: r.text(2),
            })
            .collect())
    }
}
