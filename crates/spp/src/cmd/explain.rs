//! `spp explain NOTICE-ID`: for each lot of one notice, which indicator counted it and
//! why, from the indicator code the report runs (not a second implementation).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::explain::NoticeExplanation;
use spp_app::{App, CataloguePolicy};

/// Arguments of `spp explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The notice id (BT-701).
    pub notice_id: String,
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
    /// SPP-1 policy: a bundled name or a TOML file.
    #[arg(long, default_value = spp_app::policy::DEFAULT)]
    pub policy: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let policy = CataloguePolicy::load(&args.policy)?;
    let explanation = crate::out::runtime()?.block_on(async {
        let app = App::open(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let explanation = app.explain(&args.notice_id, &policy).await;
        app.close().await;
        anyhow::Ok(explanation?)
    })?;
    let text = if args.json {
        serde_json::to_string_pretty(&explanation.lots)? + "\n"
    } else {
        text(&explanation)
    };
    crate::out::stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn text(e: &NoticeExplanation) -> String {
    let mut s = String::new();
    let about = e.first().map_or(String::new(), |r| {
        format!(
            " (version {}, form {}, buyer {})",
            r.notice_version,
            r.form_type
                .as_ref()
                .map_or("unknown".to_string(), |f| f.to_string()),
            r.buyer_name.as_deref().unwrap_or("unknown")
        )
    });
    let _ = writeln!(
        s,
        "notice {}{about}: {} lot(s); SPP-1 policy {}",
        e.notice_id,
        e.lots.len(),
        e.policy
    );
    for lot in &e.lots {
        let _ = writeln!(s, "\n{}", lot.lot_id);
        for f in &lot.findings {
            let verdict = if f.in_numerator {
                "counts in numerator"
            } else if f.in_denominator {
                "counts in denominator only"
            } else {
                "not counted"
            };
            let _ = writeln!(
                s,
                "  {} {} {:<6} {}: {}",
                lot.lot_id,
                verdict,
                f.indicator,
                f.stage.as_str(),
                f.reasons.join("; ")
            );
        }
    }
    s
}
