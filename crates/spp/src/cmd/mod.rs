//! One module per subcommand.

pub mod entity;
pub mod explain;
pub mod guide;
pub mod ingest;
pub mod inspect;
pub mod lcc;
pub mod reclassify;
pub mod register;
pub mod report;
pub mod suggest;
pub mod user;
