//! One module per subcommand.

pub mod explain;
pub mod export;
pub mod filter_args;
pub mod guide;
pub mod ingest;
pub mod inspect;
pub mod lcc;
pub mod report;
pub mod suggest;
