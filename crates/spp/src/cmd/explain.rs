//! `spp explain NOTICE-ID`: for each lot of one notice, which indicator counted it and
//! why, from the indicator code the report runs (not a second implementation).

use std::process::ExitCode;

use anyhow::Context;
use spp_monitoring::FxTable;

use super::report::{runtime, CataloguePolicy};

/// Arguments of `spp explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The notice id (BT-701).
    pub notice_id: String,
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
    /// SPP-1 policy: a bundled name or a TOML file.
    #[arg(long, default_value = "declared-strategic")]
    pub policy: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let policy = CataloguePolicy::load(&args.policy)?;
    let id = args.notice_id.trim().to_string();
    let records = runtime()?.block_on(async {
        let store = spp_store::Store::connect(&args.db)
            .await
            .with_context(|| format!("cannot open the database {}", args.db))?;
        let records = store
            .lot_records_of(&id)
            .await
            .context("cannot read lot records")?;
        let known = !records.is_empty() || store.notice(&id).await?.is_some();
        store.close().await;
        anyhow::Ok((records, known))
    })?;
    let (records, known) = records;
    if !known {
        anyhow::bail!("notice {id} is not in the database {}", args.db);
    }
    let lots = spp_monitoring::explain(&records, FxTable::bundled(), Some(&policy));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&lots)?);
        return Ok(ExitCode::SUCCESS);
    }
    let first = records.first();
    println!(
        "notice {id}{}: {} lot(s); SPP-1 policy {}",
        first.map_or(String::new(), |r| format!(
            " (version {}, form {}, buyer {})",
            r.notice_version,
            r.form_type
                .as_ref()
                .map_or("unknown".to_string(), |f| f.to_string()),
            r.buyer_name.as_deref().unwrap_or("unknown")
        )),
        lots.len(),
        policy.name
    );
    for lot in &lots {
        println!("\n{}", lot.lot_id);
        for f in &lot.findings {
            let verdict = if f.in_numerator {
                "counts in numerator"
            } else if f.in_denominator {
                "counts in denominator only"
            } else {
                "not counted"
            };
            println!(
                "  {} {} {:<6} {}: {}",
                lot.lot_id,
                verdict,
                f.indicator,
                f.stage.as_str(),
                f.reasons.join("; ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
