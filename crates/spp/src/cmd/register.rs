//! `spp register import|export|template|list|history`: the contract register's files and
//! views, each a call into `spp_app::register`.

use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::auth::Actor;
use spp_app::register::people::Outcome;
use spp_app::register::table::FileFormat;
use spp_app::{App, AppResult};
use spp_catalogue::Lang;

/// The database option every register command takes.
#[derive(Debug, clap::Args)]
pub struct DbArg {
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
}

/// Opens the database, runs `f` on the app, closes it.
pub fn open<T, F, Fut>(db: &DbArg, f: F) -> anyhow::Result<T>
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = AppResult<T>>,
{
    crate::out::runtime()?.block_on(async {
        let app = App::open(&db.db)
            .await
            .with_context(|| format!("cannot open the database {}", db.db))?;
        let result = f(app.clone()).await;
        app.close().await;
        Ok(result?)
    })
}

pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Created => "created",
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import contracts from a CSV or XLSX file: all rows or none.
    Import {
        file: PathBuf,
        /// Check every row and say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Export the register (one row per lot) in the import format.
    Export {
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long, default_value = "en")]
        lang: String,
        /// Only this entity's contracts.
        #[arg(long)]
        entity: Option<String>,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// The empty import template, headers in Dutch, French or English.
    Template {
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the contracts.
    List {
        #[arg(long)]
        entity: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Indicators over the register and the stored notices: per entity, policy domain,
    /// government level and product group, with coverage and the source of each figure.
    Report {
        /// register, notices or both (a linked contract counts once).
        #[arg(long, default_value = "both")]
        source: String,
        /// SPP-1 policy for notice lots (register lots use the catalogue's essential criteria).
        #[arg(long, default_value = "flanders-essential")]
        policy: String,
        /// Rows of one grouping beside `all`: entity, policy_domain, level, product_group.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Every change of one contract (ENTITY/REFERENCE), oldest first, with before and after.
    History {
        contract: String,
        #[command(flatten)]
        db: DbArg,
    },
}

fn lang(raw: &str) -> anyhow::Result<Lang> {
    Lang::parse(raw).with_context(|| format!("--lang {raw:?}: expected nl, fr or en"))
}

fn write(out: Option<PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(p) => {
            std::fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => Ok(crate::out::stdout(bytes)?),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cli = Actor::cli();
    match args.command {
        Command::Import {
            file,
            dry_run,
            json,
            db,
        } => {
            let r = open(&db, |app| async move {
                app.import_register(&cli, &file, dry_run).await
            })?;
            if json {
                crate::out::stdout((serde_json::to_string_pretty(&r)? + "\n").as_bytes())?;
            } else {
                for e in &r.errors {
                    crate::out::line(&e.to_string())?;
                }
                let verb = if r.written {
                    "imported"
                } else if r.errors.is_empty() {
                    "would import (dry run)"
                } else {
                    "refused, nothing written"
                };
                crate::out::line(&format!(
                    "{verb}: {} rows, {} contracts: {} new, {} changed, {} unchanged; {} errors",
                    r.rows,
                    r.contracts,
                    r.created,
                    r.updated,
                    r.unchanged,
                    r.errors.len()
                ))?;
            }
            return Ok(if r.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Export {
            format,
            lang: l,
            entity,
            out,
            db,
        } => {
            let (format, l) = (FileFormat::parse(&format)?, lang(&l)?);
            let query = spp_app::register::ContractQuery {
                entity,
                include_deleted: false,
            };
            let bytes = open(&db, |app| async move {
                app.export_register(&cli, format, l, &query).await
            })?;
            write(out, &bytes)?;
        }
        Command::Template {
            lang: l,
            format,
            out,
        } => {
            let bytes =
                spp_app::register::export::template(FileFormat::parse(&format)?, lang(&l)?)?;
            write(out, &bytes)?;
        }
        Command::List { entity, json, db } => {
            let query = spp_app::register::ContractQuery {
                entity,
                include_deleted: false,
            };
            let list = open(&db, |app| async move { app.contracts(&cli, &query).await })?;
            if json {
                crate::out::stdout((serde_json::to_string_pretty(&list)? + "\n").as_bytes())?;
            } else {
                for c in list {
                    let value = c
                        .contract
                        .awarded_value()
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "-".into());
                    crate::out::line(&format!(
                        "{}\tv{}\t{}\t{} lot(s)\t{value}",
                        c.key(),
                        c.version,
                        c.contract.title,
                        c.contract.lots.len()
                    ))?;
                }
            }
        }
        Command::Report {
            source,
            policy,
            by,
            json,
            db,
        } => {
            let sources = spp_app::register::monitor::Sources::parse(&source)?;
            let policy = spp_app::CataloguePolicy::load(&policy)?;
            let r = open(&db, |app| async move {
                app.register_report(&cli, sources, &policy).await
            })?;
            if json {
                crate::out::stdout((serde_json::to_string_pretty(&r)? + "\n").as_bytes())?;
            } else {
                crate::out::stdout(report_text(&r, by.as_deref()).as_bytes())?;
            }
        }
        Command::History { contract, db } => {
            let h = open(&db, |app| async move {
                app.contract_history(&cli, &contract).await
            })?;
            crate::out::stdout((serde_json::to_string_pretty(&h)? + "\n").as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1} %", v * 100.0))
}

fn report_text(r: &spp_app::register::monitor::RegisterReport, by: Option<&str>) -> String {
    use std::fmt::Write as _;
    let mut s = format!(
        "lots: {} register, {} notices ({} unmapped), {} linked (counted once); SPP-1 policy for notices: {}\n\n",
        r.register_lots, r.notice_lots, r.unmapped_notice_lots, r.linked_lots, r.policy
    );
    let _ = writeln!(
        s,
        "{:<8} {:<14} {:<24} {:>8} {:>8} {:>8} {:>8} {:>9}  sources (register/notice/both)",
        "id", "by", "group", "met", "of", "share", "value", "coverage"
    );
    for row in r
        .rows
        .iter()
        .filter(|x| x.group_by == "all" || Some(x.group_by) == by)
    {
        let _ = writeln!(
            s,
            "{:<8} {:<14} {:<24} {:>8} {:>8} {:>8} {:>8} {:>9}  {}/{}/{}",
            row.id,
            row.group_by,
            row.group,
            row.met,
            row.reported,
            pct(row.share()),
            pct(row.value_share()),
            pct(row.coverage()),
            row.from_register,
            row.from_notices,
            row.from_both
        );
    }
    s
}
