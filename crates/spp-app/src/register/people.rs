//! Entities, users and the mapping of notice buyers to entities.

use serde::Serialize;
use spp_register::buyer::{name_key, registration_key};
use spp_register::{Entity, EntityInput, Password, User, UserInput};
use spp_store::register::{AuditAction, BuyerMapping, StoredEntity, StoredUser};

use crate::auth::{authorize, hash_password, Action, Actor};
use crate::error::{AppError, AppResult};
use crate::App;

/// What a save of an entity or user did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

fn outcome(a: Option<AuditAction>) -> Outcome {
    match a {
        Some(AuditAction::Create) => Outcome::Created,
        Some(_) => Outcome::Updated,
        None => Outcome::Unchanged,
    }
}

impl App {
    /// Creates or updates an entity (by its code).
    pub async fn save_entity(&self, actor: &Actor, input: &EntityInput) -> AppResult<Outcome> {
        authorize(actor, Action::WriteEntity, None)?;
        let entity = Entity::parse(input)?;
        let mut tx = self.store().register_write().await?;
        let done = tx.save_entity(&actor.audit_name(), &entity).await?;
        tx.commit().await?;
        Ok(outcome(done.map(|d| d.0)))
    }

    /// Soft-deletes an entity.
    pub async fn delete_entity(&self, actor: &Actor, code: &str) -> AppResult<()> {
        authorize(actor, Action::WriteEntity, None)?;
        let mut tx = self.store().register_write().await?;
        if !tx.delete_entity(&actor.audit_name(), code.trim()).await? {
            return Err(AppError::NotFound(format!("no entity {code:?}")));
        }
        Ok(tx.commit().await?)
    }

    /// Every entity that is not deleted.
    pub async fn entities(&self, actor: &Actor) -> AppResult<Vec<StoredEntity>> {
        authorize(actor, Action::Read, None)?;
        let mut tx = self.store().register_read().await?;
        Ok(tx
            .entities()
            .await?
            .into_iter()
            .filter(|e| !e.deleted)
            .collect())
    }

    /// Maps notice buyers to an entity, by registration number (BT-501) or, failing that,
    /// by name.
    pub async fn map_buyer(
        &self,
        actor: &Actor,
        entity: &str,
        registration_number: Option<&str>,
        buyer_name: Option<&str>,
    ) -> AppResult<()> {
        authorize(actor, Action::WriteEntity, None)?;
        let registration_number = registration_number.and_then(registration_key);
        let buyer_name = buyer_name.and_then(name_key);
        if registration_number.is_none() && buyer_name.is_none() {
            return Err(AppError::bad_input(
                "buyer",
                "",
                "a registration number or a name",
            ));
        }
        let mut tx = self.store().register_write().await?;
        let Some(e) = tx
            .entity_by_code(entity.trim())
            .await?
            .filter(|e| !e.deleted)
        else {
            return Err(AppError::NotFound(format!("no entity {entity:?}")));
        };
        let m = BuyerMapping {
            entity_id: e.id,
            registration_number,
            buyer_name,
        };
        tx.map_buyer(&actor.audit_name(), &m).await?;
        Ok(tx.commit().await?)
    }

    /// Creates or updates a user (by e-mail); a password, when given, is hashed with argon2id.
    pub async fn save_user(
        &self,
        actor: &Actor,
        input: &UserInput,
        password: Option<&Password>,
    ) -> AppResult<Outcome> {
        authorize(actor, Action::WriteUser, None)?;
        let user = User::parse(input)?;
        let hash = password.map(|p| hash_password(p.expose())).transpose()?;
        let mut tx = self.store().register_write().await?;
        let (action, _) = tx
            .save_user(&actor.audit_name(), &user, hash.as_deref())
            .await?;
        tx.commit().await?;
        Ok(outcome(Some(action)))
    }

    /// Soft-deletes a user, ending its sessions and tokens.
    pub async fn delete_user(&self, actor: &Actor, email: &str) -> AppResult<()> {
        authorize(actor, Action::WriteUser, None)?;
        let mut tx = self.store().register_write().await?;
        if !tx
            .delete_user(&actor.audit_name(), &email.trim().to_lowercase())
            .await?
        {
            return Err(AppError::NotFound(format!("no user {email:?}")));
        }
        Ok(tx.commit().await?)
    }

    /// Every user that is not deleted (admins only: the list names people).
    pub async fn users(&self, actor: &Actor) -> AppResult<Vec<StoredUser>> {
        authorize(actor, Action::WriteUser, None)?;
        let mut tx = self.store().register_read().await?;
        Ok(tx
            .users()
            .await?
            .into_iter()
            .filter(|u| !u.deleted)
            .collect())
    }
}
