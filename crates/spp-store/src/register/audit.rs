//! The audit log: who changed what, when, with the value before and after, as JSON.

use serde::Serialize;

use super::{Kind, RegisterTx, Val};
use crate::StoreError;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
}

impl AuditAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }
}

/// What it was done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Contract,
    Entity,
    User,
    BuyerMapping,
    GoodPractice,
}

impl SubjectKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SubjectKind::Contract => "contract",
            SubjectKind::Entity => "entity",
            SubjectKind::User => "user",
            SubjectKind::BuyerMapping => "buyer_mapping",
            SubjectKind::GoodPractice => "good_practice",
        }
    }
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: i64,
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// What one audit row records.
pub(crate) struct Change<'a, T: Serialize> {
    pub actor: &'a str,
    pub action: AuditAction,
    pub kind: SubjectKind,
    pub id: i64,
    pub subject: &'a str,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

fn json<T: Serialize>(v: Option<&T>, what: &str) -> Result<Val, StoreError> {
    v.map(serde_json::to_string)
        .transpose()
        .map(Val::Text)
        .map_err(|source| StoreError::Json {
            what: what.to_string(),
            source,
        })
}

impl RegisterTx {
    /// Appends one audit row in this transaction.
    pub(crate) async fn audit<T: Serialize>(&mut self, c: Change<'_, T>) -> Result<(), StoreError> {
        let id = self.next_id("audit_log").await?;
        let binds = [
            Val::int(id),
            Val::text(self.now.clone()),
            Val::text(c.actor),
            Val::text(c.action.as_str()),
            Val::text(c.kind.as_str()),
            Val::int(c.id),
            Val::text(c.subject),
            json(c.before, c.subject)?,
            json(c.after, c.subject)?,
        ];
        self.exec(
            "INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, subject, \
             before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &binds,
        )
        .await?;
        Ok(())
    }

    /// Marks row `id` of `table` deleted (`deleted_at`) and writes its audit row, with the
    /// row's value before as `before`.
    pub(crate) async fn soft_delete<T: Serialize>(
        &mut self,
        actor: &str,
        table: &'static str,
        kind: SubjectKind,
        (id, subject): (i64, &str),
        before: &T,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE {table} SET deleted_at = $1 WHERE id = $2");
        self.exec(&sql, &[Val::text(self.now.clone()), Val::int(id)])
            .await?;
        self.audit(Change {
            actor,
            action: AuditAction::Delete,
            kind,
            id,
            subject,
            before: Some(before),
            after: None,
        })
        .await
    }

    /// The audit rows of one subject (`kind` and id), oldest first; all rows when `kind` is
    /// `None`.
    pub async fn history(
        &mut self,
        subject: Option<(SubjectKind, i64)>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let cols = "SELECT id, at, actor, action, subject_kind, subject_id, subject, \
                    before_json, after_json FROM audit_log";
        use Kind::*;
        let kinds = [Int, Text, Text, Text, Text, Int, Text, Text, Text];
        let rows = match subject {
            Some((kind, id)) => {
                let sql = format!("{cols} WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id");
                self.rows(&sql, &[Val::text(kind.as_str()), Val::int(id)], &kinds)
                    .await?
            }
            None => {
                self.rows(&format!("{cols} ORDER BY id"), &[], &kinds)
                    .await?
            }
        };
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.int(0).unwrap_or(0),
                at: r.text(1).unwrap_or_default(),
                actor: r.text(2).unwrap_or_default(),
                action: r.text(3).unwrap_or_default(),
                subject_kind: r.text(4).unwrap_or_default(),
                subject_id: r.int(5).unwrap_or(0),
                subject: r.text(6).unwrap_or_default(),
                before: parse(r.text(7)),
                after: parse(r.text(8)),
            })
            .collect())
    }
}
