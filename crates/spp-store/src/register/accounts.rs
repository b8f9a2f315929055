//! Users, their grants, sessions and API tokens. Tokens are stored by their hash only.

use serde::Serialize;
use spp_register::{EntityCode, User};

use super::audit::{AuditAction, Change, SubjectKind};
use super::{decode, Kind, RegisterTx, Row, Val};
use crate::StoreError;

/// A user with its id and password hash (argon2id PHC string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredUser {
    pub id: i64,
    #[serde(flatten)]
    pub user: User,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub deleted: bool,
}

/// An API token's owner and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredToken {
    pub user_id: i64,
    pub label: String,
    pub expires_at: Option<String>,
    pub revoked: bool,
}

/// An API token as its owner sees it in a list: by its stored hash (which cannot be used to
/// authenticate), label and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedToken {
    pub hash: String,
    pub label: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked: bool,
}

const USER_COLS: &str = "SELECT id, email, name, role, password_hash, deleted_at FROM users";
const USER_KINDS: [Kind; 6] = [
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

impl RegisterTx {
    async fn grants_of(&mut self, user_id: i64) -> Result<Vec<EntityCode>, StoreError> {
        let rows = self
            .rows(
                "SELECT e.code FROM user_grants g JOIN entities e ON e.id = g.entity_id \
                 WHERE g.user_id = $1 ORDER BY e.code",
                &[Val::int(user_id)],
                &[Kind::Text],
            )
            .await?;
        rows.iter()
            .map(|r| decode::code(&r.text(0).unwrap_or_default()))
            .collect()
    }

    async fn stored_user(&mut self, r: &Row) -> Result<StoredUser, StoreError> {
        let id = r.int(0).unwrap_or(0);
        let grants = self.grants_of(id).await?;
        Ok(StoredUser {
            id,
            user: decode::user(r, grants)?,
            password_hash: r.text(4),
            deleted: r.text(5).is_some(),
        })
    }

    async fn user_where(&mut self, cond: &str, v: Val) -> Result<Option<StoredUser>, StoreError> {
        let sql = format!("{USER_COLS} WHERE {cond} = $1");
        let rows = self.rows(&sql, &[v], &USER_KINDS).await?;
        match rows.first() {
            Some(r) => Ok(Some(self.stored_user(r).await?)),
            None => Ok(None),
        }
    }

    pub async fn user_by_email(&mut self, email: &str) -> Result<Option<StoredUser>, StoreError> {
        self.user_where("email", Val::text(email)).await
    }

    pub async fn user_by_id(&mut self, id: i64) -> Result<Option<StoredUser>, StoreError> {
        self.user_where("id", Val::int(id)).await
    }

    /// Every user, by e-mail.
    pub async fn users(&mut self) -> Result<Vec<StoredUser>, StoreError> {
        let sql = format!("{USER_COLS} ORDER BY email");
        let rows = self.rows(&sql, &[], &USER_KINDS).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.stored_user(r).await?);
        }
        Ok(out)
    }

    /// Number of users that are not deleted.
    pub async fn user_count(&mut self) -> Result<i64, StoreError> {
        let rows = self
            .rows(
                "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL",
                &[],
                &[Kind::Int],
            )
            .await?;
        Ok(rows[0].int(0).unwrap_or(0))
    }

    /// Creates a user or updates the one with its e-mail (undeleting it). `password_hash`
    /// replaces the stored hash when given. Grants name entities by code; an unknown code is
    /// an error. The audit records the user without its hash.
    pub async fn save_user(
        &mut self,
        actor: &str,
        user: &User,
        password_hash: Option<&str>,
    ) -> Result<(AuditAction, i64), StoreError> {
        let mut entity_ids = Vec::new();
        for code in &user.grants {
            match self
                .entity_by_code(code.as_str())
                .await?
                .filter(|e| !e.deleted)
            {
                Some(e) => entity_ids.push(e.id),
                None => {
                    return Err(StoreError::Refused(format!(
                        "grants: no entity {:?}",
                        code.as_str()
                    )))
                }
            }
        }
        let existing = self.user_by_email(user.email.as_str()).await?;
        let now = Val::text(self.now.clone());
        let (action, id, before) = match existing {
            Some(u) => {
                self.exec(
                    "UPDATE users SET name = $1, role = $2, updated_at = $3, deleted_at = NULL, \
                     password_hash = COALESCE($4, password_hash) WHERE id = $5",
                    &[
                        Val::text(user.name.clone()),
                        Val::text(user.role.as_str()),
                        now,
                        Val::opt_text(password_hash),
                        Val::int(u.id),
                    ],
                )
                .await?;
                self.exec(
                    "DELETE FROM user_grants WHERE user_id = $1",
                    &[Val::int(u.id)],
                )
                .await?;
                (AuditAction::Update, u.id, Some(u.user))
            }
            None => {
                let id = self.next_id("users").await?;
                self.exec(
                    "INSERT INTO users (id, email, name, role, password_hash, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
                    &[
                        Val::int(id),
                        Val::text(user.email.as_str()),
                        Val::text(user.name.clone()),
                        Val::text(user.role.as_str()),
                        Val::opt_text(password_hash),
                        now,
                    ],
                )
                .await?;
                (AuditAction::Create, id, None)
            }
        };
        for e in entity_ids {
            self.exec(
                "INSERT INTO user_grants (user_id, entity_id) VALUES ($1, $2)",
                &[Val::int(id), Val::int(e)],
            )
            .await?;
        }
        self.audit(Change {
            actor,
            action,
            kind: SubjectKind::User,
            id,
            subject: user.email.as_str(),
            before: before.as_ref(),
            after: Some(user),
        })
        .await?;
        Ok((action, id))
    }

    /// Soft-deletes a user and ends its sessions and tokens.
    pub async fn delete_user(&mut self, actor: &str, email: &str) -> Result<bool, StoreError> {
        let Some(u) = self.user_by_email(email).await?.filter(|u| !u.deleted) else {
            return Ok(false);
        };
        let now = Val::text(self.now.clone());
        self.exec(
            "UPDATE users SET deleted_at = $1 WHERE id = $2",
            &[now.clone(), Val::int(u.id)],
        )
        .await?;
        self.exec("DELETE FROM sessions WHERE user_id = $1", &[Val::int(u.id)])
            .await?;
        self.exec(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            &[now, Val::int(u.id)],
        )
        .await?;
        self.audit(Change {
            actor,
            action: AuditAction::Delete,
            kind: SubjectKind::User,
            id: u.id,
            subject: email,
            before: Some(&u.user),
            after: None,
        })
        .await?;
        Ok(true)
    }

    pub async fn insert_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
            &[
                Val::text(token_hash),
                Val::int(user_id),
                Val::text(self.now.clone()),
                Val::text(expires_at),
            ],
        )
        .await?;
        Ok(())
    }

    /// The user of a session that has not expired at the transaction's time.
    pub async fn session_user(&mut self, token_hash: &str) -> Result<Option<i64>, StoreError> {
        let rows = self
            .rows(
                "SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                &[Val::text(token_hash), Val::text(self.now.clone())],
                &[Kind::Int],
            )
            .await?;
        Ok(rows.first().and_then(|r| r.int(0)))
    }

    /// Ends a session (logout) and drops expired ones.
    pub async fn delete_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2",
            &[Val::text(token_hash), Val::text(self.now.clone())],
        )
        .await?;
        Ok(())
    }

    pub async fn insert_token(
        &mut self,
        token_hash: &str,
        user_id: i64,
        label: &str,
        expires_at: Option<&str>,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                Val::text(token_hash),
                Val::int(user_id),
                Val::text(label),
                Val::text(self.now.clone()),
                Val::opt_text(expires_at),
            ],
        )
        .await?;
        Ok(())
    }

    pub async fn token(&mut self, token_hash: &str) -> Result<Option<StoredToken>, StoreError> {
        let rows = self
            .rows(
                "SELECT user_id, label, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1",
                &[Val::text(token_hash)],
                &[Kind::Int, Kind::Text, Kind::Text, Kind::Text],
            )
            .await?;
        Ok(rows.first().map(|r| StoredToken {
            user_id: r.int(0).unwrap_or(0),
            label: r.text(1).unwrap_or_default(),
            expires_at: r.text(2),
            revoked: r.text(3).is_some(),
        }))
    }

    /// The API tokens of a user (their hashes, never the tokens), newest first.
    pub async fn tokens_of(&mut self, user_id: i64) -> Result<Vec<ListedToken>, StoreError> {
        let rows = self
            .rows(
                "SELECT token_hash, label, created_at, expires_at, revoked_at FROM api_tokens \
                 WHERE user_id = $1 ORDER BY created_at DESC, token_hash",
                &[Val::int(user_id)],
                &[Kind::Text, Kind::Text, Kind::Text, Kind::Text, Kind::Text],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ListedToken {
                hash: r.text(0).unwrap_or_default(),
                label: r.text(1).unwrap_or_default(),
                created_at: r.text(2).unwrap_or_default(),
                expires_at: r.text(3),
                revoked: r.text(4).is_some(),
            })
            .collect())
    }

    pub async fn revoke_token(&mut self, token_hash: &str) -> Result<bool, StoreError> {
        let n = self
            .exec(
                "UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
                &[Val::text(self.now.clone()), Val::text(token_hash)],
            )
            .await?;
        Ok(n > 0)
    }
}
