//! Good-practice fiches: the library is the fiches bundled with spp (`data/good-practices/`)
//! and those kept in the register; a register fiche with the id of a bundled one replaces it.
//! Reading the library needs no login (it is part of the guide); adding, changing and
//! deleting a register fiche is authorized by [`authorize`] ([`Action::WritePractice`]) and
//! writes an audit row in the same transaction. Usage counters: [`usage`].

use std::path::{Path, PathBuf};

use serde::Serialize;
use spp_catalogue::{Catalogue, CatalogueError, Practice, Practices};
use spp_store::register::{AuditAction, AuditEntry, SubjectKind};

use crate::auth::{authorize, Action, Actor};
use crate::error::{AppError, AppResult};
use crate::App;

pub mod usage;

/// Where a fiche of the library comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Bundled,
    Register,
}

/// A fiche of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub practice: Practice,
    pub origin: Origin,
}

/// What saving a register fiche did (`None`: it was already stored as given).
#[derive(Debug, Clone, Serialize)]
pub struct PracticeSaved {
    pub id: String,
    pub action: Option<AuditAction>,
}

/// The bundled fiches, checked against `catalogue`. With a catalogue of one's own that lacks
/// their groups or criteria they cannot be shown: the reason is logged and the library
/// starts empty (the register can still hold fiches that fit that catalogue).
pub(crate) fn bundled(catalogue: &Catalogue) -> Practices {
    Practices::bundled(catalogue).unwrap_or_else(|e| {
        tracing::warn!("the bundled good-practice fiches do not fit this catalogue: {e}");
        Practices::default()
    })
}

/// A fiche file that was refused: the error already names the file, the fiche and the field.
fn refused(file: &Path, e: CatalogueError) -> AppError {
    let prefix = format!("{}: ", file.display());
    let reason = e.to_string();
    AppError::BadFile {
        file: file.to_path_buf(),
        reason: reason.strip_prefix(&prefix).unwrap_or(&reason).to_string(),
    }
}

impl App {
    /// The library as the guide shows it: when the database is unavailable, the bundled
    /// fiches alone (the guide itself needs no database).
    pub async fn guide_practices(&self, group: Option<&str>) -> AppResult<Vec<Listed>> {
        match self.practices(group).await {
            Err(e) if e.kind() == crate::error::ErrorKind::Unavailable => {
                tracing::warn!("good practices of the register not read: {e}");
                Ok(self
                    .practices
                    .all()
                    .iter()
                    .filter(|p| group.is_none_or(|g| p.product_group == g))
                    .map(|p| Listed {
                        practice: p.clone(),
                        origin: Origin::Bundled,
                    })
                    .collect())
            }
            other => other,
        }
    }

    /// The library: bundled fiches (replaced by a register fiche of the same id) and the
    /// register's own, of one product group or all, bundled order first.
    pub async fn practices(&self, group: Option<&str>) -> AppResult<Vec<Listed>> {
        let mut tx = self.store().register_read().await?;
        let stored = tx.practices(false).await?;
        let mut out: Vec<Listed> = self
            .practices
            .all()
            .iter()
            .map(|p| Listed {
                practice: p.clone(),
                origin: Origin::Bundled,
            })
            .collect();
        for s in stored {
            let listed = Listed {
                practice: s.practice,
                origin: Origin::Register,
            };
            match out.iter_mut().find(|l| l.practice.id == listed.practice.id) {
                Some(slot) => *slot = listed,
                None => out.push(listed),
            }
        }
        out.retain(|l| group.is_none_or(|g| l.practice.product_group == g));
        Ok(out)
    }

    /// One fiche of the library.
    pub async fn practice(&self, id: &str) -> AppResult<Listed> {
        self.practices(None)
            .await?
            .into_iter()
            .find(|l| l.practice.id == id)
            .ok_or_else(|| AppError::NotFound(format!("no good-practice fiche {id:?}")))
    }

    /// Adds or changes a register fiche from its TOML text (`file` names it in errors).
    pub async fn save_practice(
        &self,
        actor: &Actor,
        src: &str,
        file: &Path,
    ) -> AppResult<PracticeSaved> {
        authorize(actor, Action::WritePractice, None)?;
        let practice =
            Practice::parse(src, file, self.catalogue()).map_err(|e| refused(file, e))?;
        let mut tx = self.store().register_write().await?;
        let done = tx.save_practice(&actor.audit_name(), &practice).await?;
        tx.commit().await?;
        Ok(PracticeSaved {
            id: practice.id,
            action: done.map(|(a, _)| a),
        })
    }

    /// Reads a fiche file and saves it.
    pub async fn save_practice_file(&self, actor: &Actor, file: &Path) -> AppResult<PracticeSaved> {
        authorize(actor, Action::WritePractice, None)?;
        let src = std::fs::read_to_string(file).map_err(|source| AppError::Io {
            path: PathBuf::from(file),
            source,
        })?;
        self.save_practice(actor, &src, file).await
    }

    /// Soft-deletes a register fiche (a bundled fiche it replaced shows again).
    pub async fn delete_practice(&self, actor: &Actor, id: &str) -> AppResult<()> {
        authorize(actor, Action::WritePractice, None)?;
        let mut tx = self.store().register_write().await?;
        if !tx.delete_practice(&actor.audit_name(), id).await? {
            return Err(AppError::NotFound(format!(
                "no good-practice fiche {id:?} in the register"
            )));
        }
        Ok(tx.commit().await?)
    }

    /// Every change of a register fiche, oldest first.
    pub async fn practice_history(&self, actor: &Actor, id: &str) -> AppResult<Vec<AuditEntry>> {
        authorize(actor, Action::Read, None)?;
        let mut tx = self.store().register_read().await?;
        let stored = tx.practice(id).await?.ok_or_else(|| {
            AppError::NotFound(format!("no good-practice fiche {id:?} in the register"))
        })?;
        Ok(tx
            .history(Some((SubjectKind::GoodPractice, stored.id)))
            .await?)
    }
}

#[cfg(test)]
mod tests;
