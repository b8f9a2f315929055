//! `spp report`: the monitoring report. With no database given it is the main job: ingest
//! the bundled sample (idempotent) into the local SQLite file, print the report, and write
//! `report.html` beside the database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use spp_monitoring::output::{render, Format};
use spp_monitoring::{compute_refs, FxTable, GroupBy, Options, PolicyCheck, PolicyOutcome};

/// Arguments of `spp report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database: sqlite:PATH or postgres://… When absent (and $SPP_DB unset), the bundled
    /// sample is ingested into sqlite:spp.sqlite first and report.html is written beside it.
    #[arg(long, env = "SPP_DB")]
    pub db: Option<String>,
    /// Break the indicators down by: year, country, nuts, buyer, cpv-division, procedure, product-group.
    #[arg(long)]
    pub by: Option<String>,
    /// First day (YYYY-MM-DD, inclusive; award date, else dispatch date).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Lead buyer's country (ISO 3166-1 alpha-3, e.g. BEL).
    #[arg(long)]
    pub country: Option<String>,
    /// table, json, csv, html or xlsx.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Write the report to this file (html and xlsx default to report.html / report.xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// SPP-1 policy: a bundled name (declared-strategic, flanders-essential) or a TOML file.
    #[arg(long, default_value = "declared-strategic")]
    pub policy: String,
    /// Also ingest the bundled sample into the given database.
    #[arg(long)]
    pub sample: bool,
}

/// The catalogue's policy, as the monitoring sees it.
pub struct CataloguePolicy {
    pub policy: spp_catalogue::Policy,
    pub name: String,
}

impl CataloguePolicy {
    pub fn load(name_or_path: &str) -> anyhow::Result<CataloguePolicy> {
        let path = Path::new(name_or_path);
        let policy = if path.is_file() {
            spp_catalogue::Policy::load(path)
                .with_context(|| format!("cannot read the policy {}", path.display()))?
        } else {
            spp_catalogue::Policy::bundled(name_or_path)
                .with_context(|| format!("unknown policy {name_or_path:?}"))?
        };
        Ok(CataloguePolicy {
            name: policy.id.clone(),
            policy,
        })
    }
}

impl PolicyCheck for CataloguePolicy {
    fn name(&self) -> &str {
        &self.name
    }
    fn evaluate(&self, record: &spp_domain::LotRecord, explain: bool) -> PolicyOutcome {
        let verdict = if explain {
            self.policy.evaluate(record)
        } else {
            self.policy.verdict(record)
        };
        match verdict {
            spp_catalogue::PolicyVerdict::NotCovered => PolicyOutcome::NotCovered,
            spp_catalogue::PolicyVerdict::Covered { met, reasons } => {
                PolicyOutcome::Covered { met, reasons }
            }
        }
    }
}

/// The bundled sample: `data/sample` under the current directory, else in the workspace.
pub fn sample_dir() -> anyhow::Result<PathBuf> {
    let candidates = [
        PathBuf::from("data/sample"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample"),
    ];
    candidates
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "the bundled sample is missing: looked for {} and {}",
                candidates[0].display(),
                candidates[1].display()
            )
        })
}

/// The tokio runtime of a subcommand.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    crate::keep_freed_memory();
    let format = Format::parse(&args.format)?;
    let group_by = args.by.as_deref().map(GroupBy::parse).transpose()?;
    let from = args
        .from
        .as_deref()
        .map(spp_monitoring::parse_date)
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(spp_monitoring::parse_date)
        .transpose()?;
    let main_job = args.db.is_none();
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| "sqlite:spp.sqlite".to_string());
    let started = std::time::Instant::now();
    let policy = CataloguePolicy::load(&args.policy)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "policy loaded");

    let (records, lotless) = runtime()?.block_on(async {
        let store = spp_store::Store::connect(&db)
            .await
            .with_context(|| format!("cannot open the database {db}"))?;
        if main_job || args.sample {
            let sample = sample_dir()?;
            eprintln!(
                "ingesting the bundled sample {} into {db} …",
                sample.display()
            );
            let summary = spp_ingest::ingest(
                &[sample],
                &store,
                &spp_ingest::IngestOptions::default(),
                &|_| {},
            )
            .await
            .context("cannot ingest the bundled sample")?;
            eprintln!(
                "sample: {} notices read (new {}, updated {}, unchanged {}), {} failed",
                summary.parsed, summary.new, summary.updated, summary.unchanged, summary.failed
            );
        }
        let filter = spp_store::RecordFilter {
            from,
            to,
            country: args.country.clone(),
        };
        let records = store
            .current_records(&filter)
            .await
            .context("cannot read lot records")?;
        let lotless = store
            .notices_without_lots(&filter)
            .await
            .context("cannot read the notices without lots")?;
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "notices without lots read"
        );
        store.close().await;
        anyhow::Ok((records, lotless))
    })?;

    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        records = records.len(),
        "records read"
    );
    let fx = FxTable::bundled();
    let extra_groupings = if format == Format::Html || main_job {
        vec![GroupBy::Year, GroupBy::Country, GroupBy::CpvDivision]
    } else {
        Vec::new()
    };
    let refs = records.refs();
    let mut report = compute_refs(
        &refs,
        &Options {
            group_by,
            extra_groupings,
            policy: Some(&policy),
            fx,
        },
    );
    report
        .facts
        .add_notices_without_lots(lotless.iter().map(|(_, form)| form.as_deref()));
    // The process ends after this command: hand the records' memory back with it rather than
    // freeing hundreds of thousands of small strings one by one (about a tenth of a large
    // report's time).
    drop(refs);
    std::mem::forget(records);
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        "indicators computed"
    );
    let bytes = render(&report, format)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "report rendered");
    let out = args.out.clone().or(match format {
        Format::Html => Some(PathBuf::from("report.html")),
        Format::Xlsx => Some(PathBuf::from("report.xlsx")),
        _ => None,
    });
    match out {
        Some(path) => {
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .context("cannot write the report")?;
        }
    }
    if main_job && format != Format::Html {
        let html = html_beside(&db);
        std::fs::write(&html, render(&report, Format::Html)?)
            .with_context(|| format!("cannot write {}", html.display()))?;
        eprintln!("wrote {}", html.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `report.html` in the folder of a SQLite database file.
fn html_beside(db: &str) -> PathBuf {
    let file = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
        .unwrap_or(db);
    let file = file.split('?').next().unwrap_or(file);
    Path::new(file)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("report.html"), |p| p.join("report.html"))
}
