//! `spp report`: the monitoring report. With no database given it is the main job: ingest
//! the bundled sample (idempotent) into the local SQLite file, print the report, and write
//! `report.html` beside the database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use spp_app::{App, CataloguePolicy, Filter, ReportQuery};
use spp_monitoring::output::{render, Format};
use spp_monitoring::GroupBy;

use crate::out;

/// Arguments of `spp report`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A policy report instead of the monitoring report.
    #[command(subcommand)]
    pub kind: Option<super::policy_report::Kind>,
    /// Database: sqlite:PATH or postgres://… When absent (and $SPP_DB unset), the bundled
    /// sample is ingested into sqlite:spp.sqlite first and report.html is written beside it.
    #[arg(long, env = "SPP_DB")]
    pub db: Option<String>,
    /// Break the indicators down by: year, country, nuts, buyer, cpv-division, procedure, product-group.
    #[arg(long)]
    pub by: Option<String>,
    #[command(flatten)]
    pub filter: super::filter_args::FilterArgs,
    /// table, json, csv, html or xlsx.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Write the report to this file (html and xlsx default to report.html / report.xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// SPP-1 policy: a bundled name (declared-strategic, flanders-essential) or a TOML file.
    #[arg(long, default_value = spp_app::policy::DEFAULT)]
    pub policy: String,
    /// Count values and vehicle counts that fail the plausibility checks (docs/INDICATORS.md);
    /// they are listed in the report either way.
    #[arg(long)]
    pub include_implausible: bool,
    /// Also ingest the bundled sample into the given database.
    #[arg(long)]
    pub sample: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(kind) = args.kind {
        return super::policy_report::run(kind);
    }
    crate::keep_freed_memory();
    let format = Format::parse(&args.format)?;
    let group_by = args.by.as_deref().map(GroupBy::parse).transpose()?;
    let main_job = args.db.is_none();
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| "sqlite:spp.sqlite".to_string());
    let policy = CataloguePolicy::load(&args.policy)?;
    let extra_groupings = if format == Format::Html || main_job {
        vec![GroupBy::Year, GroupBy::Country, GroupBy::CpvDivision]
    } else {
        Vec::new()
    };
    let report = out::runtime()?.block_on(async {
        let app = App::open(&db)
            .await
            .with_context(|| format!("cannot open the database {db}"))?;
        let query = ReportQuery {
            filter: Filter::parse(args.filter.pairs(), app.catalogue())?,
            group_by,
            extra_groupings,
            include_implausible: args.include_implausible,
            process_exits_after: true,
        };
        if main_job || args.sample {
            out::note(&format!("ingesting the bundled sample into {db} …"));
            let s = app
                .ingest_sample()
                .await
                .context("cannot ingest the bundled sample")?;
            out::note(&format!(
                "sample: {} notices read (new {}, updated {}, unchanged {}), {} failed",
                s.parsed, s.new, s.updated, s.unchanged, s.failed
            ));
        }
        let report = app.report(&query, &policy).await;
        app.close().await;
        anyhow::Ok(report?)
    })?;
    let bytes = render(&report, format)?;
    let target = args.out.clone().or(match format {
        Format::Html => Some(PathBuf::from("report.html")),
        Format::Xlsx => Some(PathBuf::from("report.xlsx")),
        _ => None,
    });
    match target {
        Some(path) => write_file(&path, &bytes)?,
        None => out::stdout(&bytes).context("cannot write the report")?,
    }
    if main_job && format != Format::Html {
        write_file(&html_beside(&db), &render(&report, Format::Html)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    out::note(&format!("wrote {}", path.display()));
    Ok(())
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
