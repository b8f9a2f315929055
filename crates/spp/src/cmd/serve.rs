//! `spp serve`: the dashboard, notice explorer, guide, LCC calculator and JSON API over HTTP
//! (crates/spp-web). With no database given it serves the local SQLite file of `spp report`,
//! filled with the bundled sample when empty.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::App;
use spp_web::WebState;

use crate::out;

/// Arguments of `spp serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database: sqlite:PATH or postgres://… Default sqlite:spp.sqlite (the bundled sample is
    /// ingested into it when it is empty).
    #[arg(long, env = "SPP_DB")]
    pub db: Option<String>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Mark the session cookies `Secure` (set it when the server is reached over HTTPS, e.g.
    /// behind a TLS proxy).
    #[arg(long)]
    pub secure_cookies: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| "sqlite:spp.sqlite".into());
    out::server_runtime()?.block_on(async {
        let app = App::open(&db)
            .await
            .with_context(|| format!("cannot open the database {db}"))?;
        if args.db.is_none() {
            if let Some(s) = app.ingest_sample_if_empty().await? {
                out::note(&format!(
                    "{db} was empty: ingested the bundled sample ({} notices)",
                    s.new
                ));
            }
        }
        let listener = spp_web::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        out::note(&format!(
            "spp serve: http://{} (database {db})",
            listener.local_addr()?
        ));
        spp_web::serve(
            listener,
            WebState::with_auth(app.clone(), Default::default(), args.secure_cookies)?,
            spp_web::shutdown_signal(),
        )
        .await?;
        app.close().await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
