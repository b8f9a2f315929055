//! Helpers for the tests of spp's crates (feature `test-support`, used as a dev-dependency
//! feature only; never in a release build).

pub mod db;
pub mod fs;
pub mod proxy;

pub use db::{postgres_base, with_search_path, PgSchema, TestDatabase};
pub use proxy::CutProxy;
