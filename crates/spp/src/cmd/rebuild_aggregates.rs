//! `spp rebuild-aggregates`: a thin layer over `App::rebuild_aggregates`.

use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `spp rebuild-aggregates`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let notices = crate::out::runtime()?.block_on(async {
        let app = spp_app::App::open(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let notices = app.rebuild_aggregates().await;
        app.close().await;
        notices.context("rebuilding the stored aggregates failed")
    })?;
    let text = format!("stored aggregates rebuilt from {notices} current notices\n");
    crate::out::stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
