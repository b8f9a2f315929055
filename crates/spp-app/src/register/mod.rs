//! The register's use cases: contracts, entities, users, buyer mappings, history. Every
//! write is authorized by [`crate::auth::authorize`] before anything is read or written, and
//! runs in one transaction with its audit row.
//!
//! | use case | input → output |
//! |---|---|
//! | save a contract | [`ContractInput`] → [`Saved`] |
//! | delete a contract | entity, reference → `()` |
//! | get / list contracts | key / [`ContractQuery`] → [`StoredContract`]s |
//! | history | key → [`AuditEntry`]s |
//! | entities, users, buyer mappings | see [`people`] |
//! | import / export / template | see [`import`], [`export`] |

use serde::Serialize;
use spp_register::{Contract, ContractInput, EntityCode};
use spp_store::register::{AuditEntry, SaveResult, StoredContract, SubjectKind};

use crate::auth::{authorize, Action, Actor};
use crate::error::{AppError, AppResult};
use crate::App;

pub mod columns;
pub mod export;
pub mod import;
pub mod monitor;
pub mod people;
pub mod synth;
pub mod table;
pub(crate) mod tree;

/// What saving a contract did.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// `entity/reference`.
    pub key: String,
    #[serde(flatten)]
    pub result: SaveResult,
}

/// Which contracts to list.
#[derive(Debug, Clone, Default)]
pub struct ContractQuery {
    pub entity: Option<String>,
    pub include_deleted: bool,
}

/// A contract key `entity/reference` split at its first `/`.
pub fn parse_key(key: &str) -> AppResult<(EntityCode, String)> {
    let Some((entity, reference)) = key.split_once('/') else {
        return Err(AppError::bad_input(
            "contract",
            key,
            "expected ENTITY/REFERENCE",
        ));
    };
    let entity = EntityCode::parse("entity", entity)?;
    let reference = spp_register::error::text("reference", reference, 100)?;
    Ok((entity, reference))
}

fn not_found(entity: &EntityCode, reference: &str) -> AppError {
    AppError::NotFound(format!("no contract {reference:?} of entity {entity}"))
}

impl App {
    /// Creates or updates a contract (keyed by its entity and reference).
    pub async fn save_contract(&self, actor: &Actor, input: &ContractInput) -> AppResult<Saved> {
        // The entity is authorized before the rest is parsed: a buyer learns nothing about
        // contracts of entities they may not write.
        let entity = EntityCode::parse("entity", &input.entity)?;
        authorize(actor, Action::WriteContract, Some(&entity))?;
        let contract = Contract::parse(input, self.catalogue())?;
        let mut tx = self.store().register_write().await?;
        let existing = tx
            .contract(contract.entity.as_str(), &contract.reference)
            .await?;
        let result = tx
            .save_contract(&actor.audit_name(), &contract, existing.as_ref())
            .await?;
        tx.commit().await?;
        Ok(Saved {
            key: format!("{}/{}", contract.entity, contract.reference),
            result,
        })
    }

    /// Soft-deletes a contract.
    pub async fn delete_contract(&self, actor: &Actor, key: &str) -> AppResult<()> {
        let (entity, reference) = parse_key(key)?;
        authorize(actor, Action::WriteContract, Some(&entity))?;
        let mut tx = self.store().register_write().await?;
        let existing = tx.contract(entity.as_str(), &reference).await?;
        let Some(existing) = existing.filter(|c| !c.deleted) else {
            return Err(not_found(&entity, &reference));
        };
        tx.delete_contract(&actor.audit_name(), &existing).await?;
        Ok(tx.commit().await?)
    }

    /// One contract (also a deleted one, marked).
    pub async fn contract(&self, actor: &Actor, key: &str) -> AppResult<StoredContract> {
        authorize(actor, Action::Read, None)?;
        let (entity, reference) = parse_key(key)?;
        let mut tx = self.store().register_read().await?;
        tx.contract(entity.as_str(), &reference)
            .await?
            .ok_or_else(|| not_found(&entity, &reference))
    }

    /// The contracts, in the order they were first entered.
    pub async fn contracts(
        &self,
        actor: &Actor,
        query: &ContractQuery,
    ) -> AppResult<Vec<StoredContract>> {
        authorize(actor, Action::Read, None)?;
        let entity = query
            .entity
            .as_deref()
            .map(|e| EntityCode::parse("entity", e))
            .transpose()?;
        let mut tx = self.store().register_read().await?;
        Ok(tx
            .contracts(entity.as_ref().map(|e| e.as_str()), query.include_deleted)
            .await?)
    }

    /// Every change of a contract, oldest first.
    pub async fn contract_history(&self, actor: &Actor, key: &str) -> AppResult<Vec<AuditEntry>> {
        let stored = self.contract(actor, key).await?;
        let mut tx = self.store().register_read().await?;
        Ok(tx.history(Some((SubjectKind::Contract, stored.id))).await?)
    }

    /// The whole audit log (admins and monitors: it names users).
    pub async fn audit_log(&self, actor: &Actor) -> AppResult<Vec<AuditEntry>> {
        authorize(actor, Action::Export, None)?;
        let mut tx = self.store().register_read().await?;
        Ok(tx.history(None).await?)
    }
}

#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod monitor_tests;
