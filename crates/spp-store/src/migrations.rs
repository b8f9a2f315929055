//! The schema's migrations. Most are portable SQL (`migrations/`) that runs unchanged on both
//! backends; what SQL cannot say portably (triggers) has one file per backend under the same
//! number, in `migrations-sqlite/` and `migrations-postgres/`. Each backend runs one migrator:
//! the portable migrations and its own, in version order.

use std::future::Future;
use std::pin::Pin;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, Migrator};

use crate::{Backend, StoreError};

static PORTABLE: Migrator = sqlx::migrate!("./migrations");
static SQLITE_ONLY: Migrator = sqlx::migrate!("./migrations-sqlite");
static POSTGRES_ONLY: Migrator = sqlx::migrate!("./migrations-postgres");

/// A list of migrations already read (embedded by `migrate!`).
#[derive(Debug)]
struct Listed(Vec<Migration>);

impl<'s> MigrationSource<'s> for Listed {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move { Ok(self.0) })
    }
}

/// The migrator of `backend`.
pub(crate) async fn migrator(backend: Backend) -> Result<Migrator, StoreError> {
    let own = match backend {
        Backend::Sqlite => &SQLITE_ONLY,
        Backend::Postgres => &POSTGRES_ONLY,
    };
    let mut all: Vec<Migration> = PORTABLE.iter().chain(own.iter()).cloned().collect();
    all.sort_by_key(|m| m.version);
    Ok(Migrator::new(Listed(all)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_backend_has_the_same_numbers() {
        let versions = |m: &Migrator| m.iter().map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(versions(&SQLITE_ONLY), versions(&POSTGRES_ONLY));
        let sqlite = migrator(Backend::Sqlite).await.unwrap();
        let v = versions(&sqlite);
        assert!(v.windows(2).all(|w| w[0] < w[1]), "{v:?}");
        assert_eq!(
            v.len(),
            PORTABLE.iter().count() + SQLITE_ONLY.iter().count()
        );
    }
}
