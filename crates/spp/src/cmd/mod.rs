//! One module per subcommand.

pub mod explain;
pub mod guide;
pub mod ingest;
pub mod inspect;
pub mod lcc;
pub mod rebuild_aggregates;
pub mod report;
pub mod suggest;
