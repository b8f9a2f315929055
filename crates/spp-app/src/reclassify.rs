//! Classifying the stored notices again when the catalogue changes. Lots are classified at
//! ingest (product group, flags); the store remembers the fingerprint of the catalogue that
//! did it, and a different catalogue classifies every stored notice again from its stored
//! body, without the source files.

use serde::Serialize;

use crate::auth::{authorize, Action, Actor};
use crate::error::AppResult;
use crate::App;

const FINGERPRINT: &str = "catalogue_fingerprint";
const BATCH: usize = 500;

/// What a reclassification did.
#[derive(Debug, Clone, Serialize)]
pub struct Reclassification {
    pub fingerprint: String,
    /// False when the stored classification was already the catalogue's.
    pub ran: bool,
    pub notices: u64,
    /// Notices whose records changed.
    pub changed: u64,
}

impl App {
    /// BLAKE3 of the catalogue's product groups, criteria and labels.
    pub fn catalogue_fingerprint(&self) -> AppResult<String> {
        let c = self.catalogue();
        let bytes = serde_json::to_vec(&(c.groups(), c.labels()))?;
        Ok(format!("blake3:{}", blake3::hash(&bytes).to_hex()))
    }

    /// Classifies every stored notice again (always with `force`; else only when the
    /// catalogue differs from the one that classified them).
    pub async fn reclassify(&self, actor: &Actor, force: bool) -> AppResult<Reclassification> {
        authorize(actor, Action::WriteEntity, None)?;
        self.reclassify_stored(force).await
    }

    /// [`App::reclassify`] as upkeep of derived data (the register report runs it first).
    pub(crate) async fn reclassify_stored(&self, force: bool) -> AppResult<Reclassification> {
        let fingerprint = self.catalogue_fingerprint()?;
        let store = self.store();
        let same = store.setting(FINGERPRINT).await?.as_deref() == Some(fingerprint.as_str());
        let mut done = Reclassification {
            fingerprint: fingerprint.clone(),
            ran: false,
            notices: 0,
            changed: 0,
        };
        if same && !force {
            return Ok(done);
        }
        done.ran = true;
        let mut batch = Vec::new();
        for (id, version, _) in store.notice_versions().await? {
            done.notices += 1;
            let Some(notice) = store.notice(&id).await? else {
                continue;
            };
            let mut records = spp_domain::derive::lot_records(&notice);
            self.catalogue().classify(&notice, &mut records);
            if records != store.lot_records_of(&id).await? {
                done.changed += 1;
                batch.push((id, u32::try_from(version).unwrap_or(0), records));
            }
            if batch.len() >= BATCH {
                store.replace_records(&std::mem::take(&mut batch)).await?;
            }
        }
        store.replace_records(&batch).await?;
        store.set_setting(FINGERPRINT, &fingerprint).await?;
        tracing::info!(
            notices = done.notices,
            changed = done.changed,
            "notices classified again"
        );
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::auth::Actor;
    use crate::test_db::TestApp;
    use crate::App;

    /// A catalogue without a product group classifies its lots as no group; going back to
    /// the bundled one restores them; an unchanged catalogue does nothing.
    #[tokio::test]
    async fn a_changed_catalogue_classifies_again() {
        let t = TestApp::sqlite().await;
        let cli = Actor::cli();
        t.app.ingest_sample().await.unwrap();
        let before = t
            .app
            .store()
            .lot_records(&Default::default())
            .await
            .unwrap();
        let first = t.app.reclassify(&cli, false).await.unwrap();
        assert!(
            first.ran && first.changed == 0,
            "{first:?}: ingest used the same catalogue"
        );
        assert!(
            !t.app.reclassify(&cli, false).await.unwrap().ran,
            "fingerprint unchanged"
        );

        let group = before
            .iter()
            .find_map(|r| r.product_group.clone())
            .expect("a grouped lot");
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/catalogue");
        let dir = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(&src).unwrap() {
            let name = e.unwrap().file_name();
            let mut text = std::fs::read_to_string(src.join(&name)).unwrap();
            if name.to_str() == Some(&format!("{group}.toml")) {
                // The group keeps its criteria but matches only coal.
                for (key, codes) in [("cpv_exact = [", "[]"), ("cpv = [", "[\"09111100\"]")] {
                    if let Some(start) = text.find(key) {
                        let end = start + text[start..].find(']').unwrap() + 1;
                        let name = &key[..key.len() - 1];
                        text.replace_range(start..end, &format!("{name}{codes}"));
                    }
                }
            }
            std::fs::write(dir.path().join(&name), text).unwrap();
        }
        let cat = spp_catalogue::Catalogue::load_dir(dir.path()).unwrap();
        let other = App::open_with(t.app.db(), Arc::new(cat)).await.unwrap();
        let r = other.reclassify(&cli, false).await.unwrap();
        assert!(r.ran && r.changed > 0, "{r:?}");
        let after = other
            .store()
            .lot_records(&Default::default())
            .await
            .unwrap();
        let of_group =
            |r: &spp_domain::LotRecord| r.product_group.as_deref() == Some(group.as_str());
        assert!(
            before.iter().any(of_group) && !after.iter().any(of_group),
            "{group} is gone"
        );
        for (b, a) in before.iter().zip(&after).filter(|(b, _)| !of_group(b)) {
            assert_eq!(
                b.product_group, a.product_group,
                "other lots keep their group"
            );
        }
        other.close().await;
        assert!(t.app.reclassify(&cli, false).await.unwrap().changed > 0);
        assert_eq!(
            t.app
                .store()
                .lot_records(&Default::default())
                .await
                .unwrap(),
            before
        );
        assert!(t.app.reclassify(&Actor::Anonymous, true).await.is_err());
        t.close().await;
    }
}
