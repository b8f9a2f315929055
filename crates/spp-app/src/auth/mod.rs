//! Who is acting and what they may do. **Every register write goes through [`authorize`]**:
//! the one place where roles and grants decide. Logins, sessions and API tokens turn
//! credentials into an [`Actor`]; passwords are argon2id hashes, session and API tokens are
//! stored as SHA-256 hashes of 32 random bytes; CSRF tokens are an HMAC of the session.

use std::time::Instant;

use serde::Serialize;
use spp_register::{EntityCode, Role};
use spp_store::register::ListedToken;

use crate::error::{AppError, AppResult};
use crate::App;

mod login;
mod rate;
mod secret;

pub use login::{LoggedIn, SESSION_HOURS};
pub use rate::{Limits, RateLimiter};
pub use secret::{hash_password, new_token, token_hash, verify_password, Csrf};

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// Someone at the server's command line with access to the database: may do everything
    /// (how the first admin is made). Named by the OS user.
    Cli { os_user: String },
    /// A logged-in user (session or API token).
    User {
        id: i64,
        email: String,
        role: Role,
        grants: Vec<EntityCode>,
    },
    /// Nobody logged in.
    Anonymous,
}

impl Actor {
    /// The command line, as the current OS user.
    pub fn cli() -> Actor {
        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Actor::Cli { os_user }
    }

    /// How the audit log names the actor.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Cli { os_user } => format!("cli:{os_user}"),
            Actor::User { email, .. } => email.clone(),
            Actor::Anonymous => "anonymous".into(),
        }
    }
}

/// What an actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read the register (contracts, entities, history, register reports).
    Read,
    /// Export the register as a file.
    Export,
    /// Create, change or delete a contract of the entity named.
    WriteContract,
    /// Create, change or delete an entity, or map notice buyers to it.
    WriteEntity,
    /// Create, change or delete a user.
    WriteUser,
    /// Add, change or delete a good-practice fiche of the register.
    WritePractice,
}

impl Action {
    fn describe(&self) -> &'static str {
        match self {
            Action::Read => "read the register",
            Action::Export => "export the register",
            Action::WriteContract => "write contracts",
            Action::WriteEntity => "change entities",
            Action::WriteUser => "change users",
            Action::WritePractice => "change good-practice fiches",
        }
    }
}

/// Whether `actor` may do `action` (on the contracts of `entity`, for
/// [`Action::WriteContract`]). The rules: the command line and admins everything; monitors
/// read, export and write good-practice fiches; buyers read, and write the contracts of the entities granted to them;
/// nobody anonymous anything.
pub fn authorize(actor: &Actor, action: Action, entity: Option<&EntityCode>) -> AppResult<()> {
    let allowed = match actor {
        Actor::Cli { .. } => true,
        Actor::Anonymous => false,
        Actor::User { role, grants, .. } => match (role, action) {
            (Role::Admin, _) => true,
            (_, Action::Read) => true,
            (Role::Monitor, Action::Export | Action::WritePractice) => true,
            (Role::Buyer, Action::WriteContract) => entity.is_some_and(|e| grants.contains(e)),
            _ => false,
        },
    };
    if allowed {
        return Ok(());
    }
    Err(match actor {
        Actor::Anonymous => AppError::Unauthenticated("log in first".into()),
        Actor::User { email, role, .. } => AppError::Forbidden(match entity {
            Some(e) if action == Action::WriteContract => {
                format!("{email} ({}) may not write contracts of {e}", role.as_str())
            }
            _ => format!("{email} ({}) may not {}", role.as_str(), action.describe()),
        }),
        Actor::Cli { .. } => AppError::Forbidden(action.describe().into()),
    })
}

/// The user an API token belongs to: only logged-in users have tokens.
fn token_owner(actor: &Actor) -> AppResult<i64> {
    match actor {
        Actor::User { id, .. } => Ok(*id),
        Actor::Anonymous => Err(AppError::Unauthenticated("log in first".into())),
        Actor::Cli { .. } => Err(AppError::Forbidden("API tokens belong to users".into())),
    }
}

/// Login, sessions and API tokens over the app's store.
impl App {
    /// Checks e-mail and password (rate-limited per user and per address) and opens a
    /// session.
    pub async fn login(
        &self,
        limiter: &RateLimiter,
        email: &str,
        password: &str,
        ip: &str,
    ) -> AppResult<LoggedIn> {
        login::login(self, limiter, email, password, ip, Instant::now()).await
    }

    /// The actor of a session token (from the cookie).
    pub async fn session_actor(&self, token: &str) -> AppResult<Actor> {
        login::session_actor(self, token).await
    }

    /// The actor of an API token (from `Authorization: Bearer`).
    pub async fn token_actor(&self, token: &str) -> AppResult<Actor> {
        login::token_actor(self, token).await
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> AppResult<()> {
        let mut tx = self.store().register_write().await?;
        tx.delete_session(&token_hash(token)).await?;
        Ok(tx.commit().await?)
    }

    /// A new API token for the actor (shown once; only its hash is kept).
    pub async fn create_api_token(&self, actor: &Actor, label: &str) -> AppResult<String> {
        let id = token_owner(actor)?;
        let label = spp_register::error::text("label", label, 100)?;
        let (token, hash) = new_token()?;
        let mut tx = self.store().register_write().await?;
        tx.insert_token(&hash, id, &label, None).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The actor's own API tokens (by hash, newest first).
    pub async fn api_tokens(&self, actor: &Actor) -> AppResult<Vec<ListedToken>> {
        let id = token_owner(actor)?;
        let mut tx = self.store().register_read().await?;
        Ok(tx.tokens_of(id).await?)
    }

    /// Revokes one of the actor's own API tokens, named by its stored hash.
    pub async fn revoke_api_token(&self, actor: &Actor, hash: &str) -> AppResult<()> {
        let id = token_owner(actor)?;
        let mut tx = self.store().register_write().await?;
        let owned = tx.token(hash).await?.is_some_and(|t| t.user_id == id);
        if !owned || !tx.revoke_token(hash).await? {
            return Err(AppError::NotFound(format!(
                "no live API token {hash:?} of yours"
            )));
        }
        Ok(tx.commit().await?)
    }
}

#[cfg(test)]
mod tests;
