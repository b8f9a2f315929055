//! One module per subcommand.

pub mod entity;
pub mod explain;
pub mod export;
pub mod filter_args;
pub mod guide;
pub mod ingest;
pub mod inspect;
pub mod lcc;
pub mod policy_report;
pub mod practice;
pub mod rebuild_aggregates;
pub mod reclassify;
pub mod register;
pub mod report;
pub mod serve;
pub mod suggest;
pub mod user;
