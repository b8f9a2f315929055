//! Databases for tests: a SQLite file in a temporary folder, or a schema of its own on the
//! real PostgreSQL (`$SPP_TEST_POSTGRES_URL`), selected with `?options=-c search_path=…`.
//! The one place the tests of every crate make them.
//!
//! Schemas are created and dropped on a thread of their own with a small runtime, so the
//! helpers work in a plain `#[test]`, in a `#[tokio::test]` and in `Drop`.

use std::future::Future;
use std::path::{Path, PathBuf};

/// The variable that names the test PostgreSQL server.
pub const POSTGRES_URL_VAR: &str = "SPP_TEST_POSTGRES_URL";

/// `$SPP_TEST_POSTGRES_URL`, or `None` after printing that `what` is skipped.
pub fn postgres_base(what: &str) -> Option<String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(base) => Some(base),
        Err(_) => {
            eprintln!(
                "SKIPPED {what} on PostgreSQL: set {POSTGRES_URL_VAR} (e.g. postgres://postgres@127.0.0.1:5432/test)"
            );
            None
        }
    }
}

/// Runs `f` to completion on a thread of its own (works inside and outside a runtime).
fn block_on<F: Future<Output = ()> + Send + 'static>(f: F) {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(f)
    })
    .join()
    .expect("the admin thread ended");
}

/// Runs `sql` (one or more statements) on the server at `base`.
async fn admin_now(base: &str, sql: &str) -> Result<(), sqlx::Error> {
    let pool = sqlx::PgPool::connect(base).await?;
    let done = sqlx::raw_sql(sql).execute(&pool).await;
    pool.close().await;
    done.map(|_| ())
}

/// [`admin_now`] from anywhere, blocking; panics on failure.
fn admin(base: &str, sql: String) {
    let base = base.to_string();
    block_on(async move {
        if let Err(e) = admin_now(&base, &sql).await {
            panic!("{sql} on {base}: {e}");
        }
    });
}

/// Dropping a schema waits at most this for the locks (a test that left a transaction open
/// would otherwise make the drop wait for ever).
const DROP_LOCK_TIMEOUT: &str = "SET lock_timeout = '10s'; ";

/// A schema of its own on the test server, dropped (with everything in it) with the value.
#[derive(Debug)]
pub struct PgSchema {
    base: String,
    name: String,
    removed: bool,
}

impl PgSchema {
    /// A new schema on the server at `base`, named after the process, the time and `label`.
    pub fn create(base: &str, label: &str) -> PgSchema {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let label: String = label
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' => c,
                'A'..='Z' => c.to_ascii_lowercase(),
                _ => '_',
            })
            .collect();
        // The unique part first: PostgreSQL cuts names at 63 bytes.
        let mut name = format!("spp_t_{}_{nanos}_{label}", std::process::id());
        name.truncate(63);
        let schema = PgSchema {
            base: base.to_string(),
            name,
            removed: false,
        };
        admin(&schema.base, schema.recreate_sql());
        schema
    }

    fn recreate_sql(&self) -> String {
        let name = &self.name;
        format!("{DROP_LOCK_TIMEOUT}DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    }

    /// Drops the schema with its content and creates it again, empty (without blocking the
    /// runtime, like [`PgSchema::remove`]).
    pub async fn recreate(&self) {
        let sql = self.recreate_sql();
        if let Err(e) = admin_now(&self.base, &sql).await {
            panic!("{sql}: {e}");
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server's URL, as given.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of the schema.
    pub fn url(&self) -> String {
        with_search_path(&self.base, &self.name)
    }

    /// The URL of the schema with the server's `host:port` (`server`) replaced by `via`
    /// (a [`super::CutProxy`] in front of it).
    pub fn url_via(&self, server: &str, via: &str) -> String {
        assert!(
            self.base.contains(server),
            "the tests expect the server at {server}: {}",
            self.base
        );
        with_search_path(&self.base.replace(server, via), &self.name)
    }
}

impl PgSchema {
    /// Drops the schema now without blocking the runtime (in an async test, so that a task
    /// of the test still holding a connection can finish).
    pub async fn remove(mut self) {
        self.removed = true;
        let sql = format!(
            "{DROP_LOCK_TIMEOUT}DROP SCHEMA IF EXISTS {} CASCADE",
            self.name
        );
        if let Err(e) = admin_now(&self.base, &sql).await {
            eprintln!("schema {} left behind: {e}", self.name);
        }
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        let (base, name) = (self.base.clone(), self.name.clone());
        // Never panic or hang in a drop: a failed clean-up only leaves a schema behind.
        block_on(async move {
            let sql = format!("{DROP_LOCK_TIMEOUT}DROP SCHEMA IF EXISTS {name} CASCADE");
            if let Err(e) = admin_now(&base, &sql).await {
                eprintln!("schema {name} left behind: {e}");
            }
        });
    }
}

/// `base` with `options=-c search_path=SCHEMA` added.
pub fn with_search_path(base: &str, schema: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}

/// A fresh database for one test: its URL, and what keeps it (the folder of the SQLite file,
/// or the schema, both removed with the value).
#[derive(Debug)]
pub struct TestDatabase {
    pub url: String,
    file: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
    schema: Option<PgSchema>,
}

impl TestDatabase {
    /// A SQLite file (not yet created) in a new temporary folder.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("t.sqlite");
        TestDatabase {
            url: format!("sqlite:{}", file.display()),
            file: Some(file),
            _dir: Some(dir),
            schema: None,
        }
    }

    /// A new schema on `$SPP_TEST_POSTGRES_URL`; `None` (with a message) when it is unset.
    pub fn postgres(test: &str) -> Option<TestDatabase> {
        let base = postgres_base(test)?;
        let schema = PgSchema::create(&base, test);
        Some(TestDatabase {
            url: schema.url(),
            file: None,
            _dir: None,
            schema: Some(schema),
        })
    }

    /// The SQLite file, on SQLite.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The PostgreSQL schema, on PostgreSQL.
    pub fn schema(&self) -> Option<&PgSchema> {
        self.schema.as_ref()
    }

    /// Removes the database now (in an async test, after closing what used it): the schema
    /// is dropped without blocking the runtime; the SQLite folder goes.
    pub async fn remove(mut self) {
        if let Some(schema) = self.schema.take() {
            schema.remove().await;
        }
    }
}
