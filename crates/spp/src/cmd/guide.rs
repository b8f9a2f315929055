//! `spp guide`: the criteria guide. Lists product groups, shows a group's fiche (criteria per
//! stage with level, themes, verification and labels), finds the group of a CPV code, lists
//! labels; as a text table, JSON, Markdown or HTML. A group's fiche ends with its good
//! practices: the bundled ones, and with `--db` those of the register too.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::guide::{self, render::Format, GuideQuery};
use spp_app::App;
use spp_catalogue::{Catalogue, Lang, Practice, Practices};

/// Arguments of `spp guide`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Language of the texts: nl, fr or en.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
    /// Show the fiche of this product group (e.g. `ict-end-user`).
    #[arg(long, conflicts_with_all = ["cpv", "labels"])]
    pub group: Option<String>,
    /// Find the product group of a CPV code (`30213100` or `30213100-6`) and show its fiche.
    #[arg(long, conflicts_with = "labels")]
    pub cpv: Option<String>,
    /// Only criteria up to this ambition level (1 core, 2 comprehensive, 3 ambitious).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: u8,
    /// List the labels accepted as proof.
    #[arg(long)]
    pub labels: bool,
    #[arg(long, default_value = "table", value_parser = Format::NAMES)]
    pub format: String,
    /// Read the catalogue from this directory instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// Also show the good practices of this register (sqlite:PATH or postgres://…).
    #[arg(long)]
    pub db: Option<String>,
}

pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (use nl, fr or en)"))
}

/// The bundled catalogue, or the one in `dir`.
pub fn load_catalogue(dir: Option<&PathBuf>) -> anyhow::Result<Catalogue> {
    match dir {
        Some(d) => Catalogue::load_dir(d)
            .with_context(|| format!("cannot load the catalogue in {}", d.display())),
        None => Catalogue::bundled().context("the bundled catalogue does not load"),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(args.catalogue.as_ref())?;
    let query = match (&args.cpv, &args.group, args.labels) {
        (_, _, true) => GuideQuery::Labels,
        (Some(cpv), _, _) => GuideQuery::Cpv(cpv.clone()),
        (None, Some(group), _) => GuideQuery::Group(group.clone()),
        (None, None, false) => GuideQuery::Groups,
    };
    let view = guide::view(&catalogue, &query, args.level)?
        .with_practices(library(&catalogue, args.db.as_deref())?);
    let text = guide::render::render(&catalogue, &view, args.lang, Format::parse(&args.format)?);
    crate::out::stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The good-practice library: bundled, or bundled and the register's with a database.
fn library(catalogue: &Catalogue, db: Option<&str>) -> anyhow::Result<Vec<Practice>> {
    let Some(db) = db else {
        let bundled = Practices::bundled(catalogue).context("the bundled good practices")?;
        return Ok(bundled.all().to_vec());
    };
    crate::out::runtime()?.block_on(async {
        let app = App::open_with(db, std::sync::Arc::new(catalogue.clone()))
            .await
            .with_context(|| format!("cannot open the database {db}"))?;
        let list = app.practices(None).await;
        app.close().await;
        Ok(list?.into_iter().map(|l| l.practice).collect())
    })
}
