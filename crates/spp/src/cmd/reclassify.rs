//! `spp reclassify [--force]`: classify the stored notices again with the current catalogue
//! (done by itself when the catalogue's fingerprint changed).

use std::process::ExitCode;

use spp_app::auth::Actor;

use super::register::{open, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also when the stored classification is the current catalogue's.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let force = args.force;
    let r = open(&args.db, |app| async move {
        app.reclassify(&Actor::cli(), force).await
    })?;
    let text = if r.ran {
        format!(
            "{} notices classified again, {} changed ({})",
            r.notices, r.changed, r.fingerprint
        )
    } else {
        format!(
            "classification is current ({}); nothing to do",
            r.fingerprint
        )
    };
    crate::out::line(&text)?;
    Ok(ExitCode::SUCCESS)
}
