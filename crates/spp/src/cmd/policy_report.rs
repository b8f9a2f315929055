//! `spp report priority | eu-monitoring | benchmark | annual | usage`: the policy reports of
//! `spp_app::reports` and the usage of the guide (`spp_app::practices::usage`), each a few
//! lines around one use case.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::auth::Actor;
use spp_app::reports::benchmark::BenchmarkBy;
use spp_app::reports::doc::{render_html, render_text, render_xlsx, Doc};
use spp_app::reports::eu::Period;
use spp_app::reports::priority::PriorityQuery;
use spp_app::reports::register::RegisterScope;
use spp_app::{App, CataloguePolicy, Filter};
use spp_catalogue::Lang;

use crate::out;

/// The options every policy report has.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Database: sqlite:PATH or postgres://…
    #[arg(long, env = "SPP_DB", default_value = "sqlite:spp.sqlite")]
    pub db: String,
    /// Language of the report: nl, fr or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// table, json, xlsx, html (annual: html, pdf, xlsx).
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Write to this file (xlsx and pdf default to report-<name>.<ext>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// SPP-1 policy that decides "sustainable": a bundled name or a TOML file.
    #[arg(long, default_value = spp_app::policy::DEFAULT)]
    pub policy: String,
}

#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// Priority list: spend per product group × environmental and social risk, ranked.
    Priority {
        #[command(flatten)]
        common: Common,
        /// Years, e.g. 2021-2023 (default: all).
        #[arg(long)]
        period: Option<String>,
        /// How many buyers to list, largest spend first (0 = all).
        #[arg(long, default_value_t = 10)]
        buyers: usize,
    },
    /// Strategic-procurement figures of the EU monitoring report for a period.
    EuMonitoring {
        #[command(flatten)]
        common: Common,
        /// Years, e.g. 2021-2023.
        #[arg(long)]
        period: String,
    },
    /// Benchmarks: Belgian regions and provinces, or countries with the EU median.
    Benchmark {
        #[command(flatten)]
        common: Common,
        /// region or country.
        #[arg(long, default_value = "region")]
        by: String,
        /// Years, e.g. 2021-2023 (default: all).
        #[arg(long)]
        period: Option<String>,
    },
    /// The annual progress report.
    Annual {
        #[command(flatten)]
        common: Common,
        /// The report year.
        #[arg(long)]
        year: i32,
        /// Only buyers of this country (ISO 3166-1 alpha-3, e.g. BEL).
        #[arg(long)]
        country: Option<String>,
        /// Only buyers in this NUTS region (BE1 Brussels, BE2 Flanders, BE3 Wallonia, …).
        #[arg(long)]
        nuts: Option<String>,
        /// Only this register entity: its contracts and the notices of buyers mapped to it.
        #[arg(long, conflicts_with = "level")]
        entity: Option<String>,
        /// Only entities of this government level (federal, flemish, walloon, brussels,
        /// community, provincial, local, other).
        #[arg(long)]
        level: Option<String>,
    },
    /// Views and downloads of the guide and the good-practice fiches per product group and
    /// fiche.
    Usage {
        #[command(flatten)]
        common: Common,
        /// Days: 2025, 2025-03 or 2025-01-01..2025-06-30.
        #[arg(long)]
        period: String,
    },
}

fn period_filter(period: Option<&str>) -> anyhow::Result<Filter> {
    Ok(match period {
        Some(p) => Period::parse(p)?.filter(Filter::default()),
        None => Filter::default(),
    })
}

pub fn run(kind: Kind) -> anyhow::Result<ExitCode> {
    let (common, name) = match &kind {
        Kind::Priority { common, .. } => (common, "priority"),
        Kind::EuMonitoring { common, .. } => (common, "eu-monitoring"),
        Kind::Benchmark { common, .. } => (common, "benchmark"),
        Kind::Annual { common, .. } => (common, "annual"),
        Kind::Usage { common, .. } => (common, "usage"),
    };
    let lang = Lang::parse(&common.lang)
        .ok_or_else(|| anyhow::anyhow!("--lang: expected nl, fr or en (got {:?})", common.lang))?;
    let policy = CataloguePolicy::load(&common.policy)?;
    let db = common.db.clone();
    let (doc, json) = out::runtime()?.block_on(async {
        let app = App::open(&db)
            .await
            .with_context(|| format!("cannot open the database {db}"))?;
        let made = build(&app, &kind, lang, &policy).await;
        app.close().await;
        made
    })?;
    let bytes = match common.format.as_str() {
        "table" => render_text(&doc).into_bytes(),
        "json" => json.into_bytes(),
        "html" => render_html(&doc).into_bytes(),
        "xlsx" => render_xlsx(&doc)?,
        "pdf" => spp_app::reports::pdf::html_to_pdf(&render_html(&doc))?,
        other => anyhow::bail!("--format: expected table, json, xlsx, html or pdf (got {other:?})"),
    };
    let target = common.out.clone().or_else(|| {
        matches!(common.format.as_str(), "xlsx" | "pdf")
            .then(|| PathBuf::from(format!("report-{name}.{}", common.format)))
    });
    match target {
        Some(path) => {
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            out::note(&format!("wrote {}", path.display()));
        }
        None => out::stdout(&bytes).context("cannot write the report")?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn build(
    app: &App,
    kind: &Kind,
    lang: Lang,
    policy: &CataloguePolicy,
) -> anyhow::Result<(Doc, String)> {
    Ok(match kind {
        Kind::Priority { period, buyers, .. } => {
            let query = PriorityQuery {
                filter: period_filter(period.as_deref())?,
                buyers: *buyers,
            };
            let r = app.priority(&query, policy).await?;
            (r.doc(app, lang), serde_json::to_string_pretty(&r)?)
        }
        Kind::EuMonitoring { period, .. } => {
            let register = app
                .register_facts(&Actor::cli(), &RegisterScope::default(), policy)
                .await?;
            let r = app
                .eu_monitoring(Period::parse(period)?, Filter::default(), policy, &register)
                .await?;
            (r.doc(lang), serde_json::to_string_pretty(&r)?)
        }
        Kind::Benchmark { by, period, .. } => {
            let r = app
                .benchmark(
                    BenchmarkBy::parse(by)?,
                    &period_filter(period.as_deref())?,
                    policy,
                )
                .await?;
            (r.doc(lang), serde_json::to_string_pretty(&r)?)
        }
        Kind::Annual {
            year,
            country,
            nuts,
            entity,
            level,
            ..
        } => {
            let pairs = [("country", country), ("nuts", nuts)]
                .into_iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)));
            let base = Filter::parse(pairs, app.catalogue())?;
            let scope = RegisterScope {
                entity: entity
                    .as_deref()
                    .map(|e| spp_register::EntityCode::parse("--entity", e))
                    .transpose()?,
                level: level
                    .as_deref()
                    .map(|l| spp_register::GovernmentLevel::parse("--level", l))
                    .transpose()?,
                year: Some(*year),
            };
            let register = app.register_facts(&Actor::cli(), &scope, policy).await?;
            let r = app.annual(*year, &base, policy, &register).await?;
            (r.doc(app, lang), serde_json::to_string_pretty(&r)?)
        }
        Kind::Usage { period, .. } => {
            let (from, to) = spp_app::practices::usage::parse_period(period)?;
            let r = app.usage_report(from, to).await?;
            (r.doc(app, lang), serde_json::to_string_pretty(&r)?)
        }
    })
}
