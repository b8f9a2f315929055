//! Good-practice fiches kept in the register (migration 40): one row per fiche id, the fiche
//! as JSON, an audit row with every change.

use serde::Serialize;
use spp_catalogue::Practice;

use super::audit::{AuditAction, Change, SubjectKind};
use super::{corrupt, Kind, RegisterTx, Row, Val};
use crate::StoreError;

/// A fiche of the register with its row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPractice {
    pub id: i64,
    pub practice: Practice,
    pub updated_at: String,
    pub deleted: bool,
}

const COLS: &str = "SELECT id, code, body_json, updated_at, deleted_at FROM good_practices";
const KINDS: [Kind; 5] = [Kind::Int, Kind::Text, Kind::Text, Kind::Text, Kind::Text];

fn stored(r: &Row) -> Result<StoredPractice, StoreError> {
    let code = r.text(1).unwrap_or_default();
    let practice: Practice = serde_json::from_str(&r.text(2).unwrap_or_default())
        .map_err(|e| corrupt(format!("stored good practice {code:?}"), e))?;
    Ok(StoredPractice {
        id: r.int(0).unwrap_or(0),
        practice,
        updated_at: r.text(3).unwrap_or_default(),
        deleted: r.text(4).is_some(),
    })
}

impl RegisterTx {
    /// Every fiche of the register (soft-deleted ones when `include_deleted`), by id.
    pub async fn practices(
        &mut self,
        include_deleted: bool,
    ) -> Result<Vec<StoredPractice>, StoreError> {
        let filter = if include_deleted {
            ""
        } else {
            " WHERE deleted_at IS NULL"
        };
        let rows = self
            .rows(&format!("{COLS}{filter} ORDER BY code"), &[], &KINDS)
            .await?;
        rows.iter().map(stored).collect()
    }

    /// The fiche with this id (also a deleted one, marked).
    pub async fn practice(&mut self, code: &str) -> Result<Option<StoredPractice>, StoreError> {
        let sql = format!("{COLS} WHERE code = $1");
        let rows = self.rows(&sql, &[Val::text(code)], &KINDS).await?;
        rows.first().map(stored).transpose()
    }

    /// Creates the fiche, or updates the one with its id (undeleting it); `None` when nothing
    /// changed. The fiche must have been checked against the catalogue.
    pub async fn save_practice(
        &mut self,
        actor: &str,
        practice: &Practice,
    ) -> Result<Option<(AuditAction, i64)>, StoreError> {
        let body = serde_json::to_string(practice).map_err(|source| StoreError::Json {
            what: format!("good practice {:?}", practice.id),
            source,
        })?;
        let existing = self.practice(&practice.id).await?;
        let (action, id, before) = match existing {
            Some(e) if !e.deleted && e.practice == *practice => return Ok(None),
            Some(e) => {
                let binds = [
                    Val::text(practice.product_group.clone()),
                    Val::text(body),
                    Val::text(self.now.clone()),
                    Val::int(e.id),
                ];
                self.exec(
                    "UPDATE good_practices SET product_group = $1, body_json = $2, \
                     updated_at = $3, deleted_at = NULL WHERE id = $4",
                    &binds,
                )
                .await?;
                (AuditAction::Update, e.id, Some(e.practice))
            }
            None => {
                let id = self.next_id("good_practices").await?;
                let binds = [
                    Val::int(id),
                    Val::text(practice.id.clone()),
                    Val::text(practice.product_group.clone()),
                    Val::text(body),
                    Val::text(self.now.clone()),
                ];
                self.exec(
                    "INSERT INTO good_practices (id, code, product_group, body_json, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                    &binds,
                )
                .await?;
                (AuditAction::Create, id, None)
            }
        };
        self.audit(Change {
            actor,
            action,
            kind: SubjectKind::GoodPractice,
            id,
            subject: &practice.id,
            before: before.as_ref(),
            after: Some(practice),
        })
        .await?;
        Ok(Some((action, id)))
    }

    /// Soft-deletes a fiche; false when it is not there or already deleted.
    pub async fn delete_practice(&mut self, actor: &str, code: &str) -> Result<bool, StoreError> {
        let Some(e) = self.practice(code).await?.filter(|e| !e.deleted) else {
            return Ok(false);
        };
        let (table, kind) = ("good_practices", SubjectKind::GoodPractice);
        self.soft_delete(actor, table, kind, (e.id, code), &e.practice)
            .await?;
        Ok(true)
    }
}
