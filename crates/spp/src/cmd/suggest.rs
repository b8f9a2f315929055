//! `spp suggest`: for each lot of a (draft) eForms notice, the catalogue criteria that apply
//! (via the lot's CPV) and which are already present; with `--apply --out NEW.xml`, writes a
//! copy of the notice with the chosen criteria declared (BT-06, BT-774/775/776, BT-805) and the
//! chosen award criteria added (BT-539/734/540/541).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use spp_app::suggest::{self, Draft};
use spp_catalogue::Lang;

use super::guide::{load_catalogue, parse_lang};
use crate::out;

/// Arguments of `spp suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The eForms XML notice (a draft contract notice).
    pub notice: PathBuf,
    /// Ambition level: criteria up to this level are listed (1 core, 2 comprehensive, 3 ambitious).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: u8,
    /// Language of the texts (nl, fr, en); default: the notice language, else en.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Write a copy of the notice with the chosen criteria added (needs --out).
    #[arg(long, requires = "out")]
    pub apply: bool,
    /// Where --apply writes the new notice.
    #[arg(long, value_name = "NEW.xml")]
    pub out: Option<PathBuf>,
    /// Criteria to add (comma-separated ids); default: every missing criterion listed.
    #[arg(long, value_delimiter = ',')]
    pub criteria: Vec<String>,
    /// table or json.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Read the catalogue from this directory instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(args.catalogue.as_ref())?;
    suggest::check_criteria(&catalogue, &args.criteria)?;
    let draft = Draft::read(&args.notice)?;
    let suggestions = suggest::suggest(&catalogue, &draft, args.level, draft.language(args.lang));
    let listing = match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&suggest::to_json(&suggestions))? + "\n",
        _ => suggest::table(&suggestions),
    };
    out::stdout(listing.as_bytes())?;
    let (true, Some(out_path)) = (args.apply, &args.out) else {
        return Ok(ExitCode::SUCCESS);
    };
    let applied = suggest::apply(&catalogue, &draft, &suggestions, &args.criteria)?;
    std::fs::write(out_path, &applied.xml)
        .with_context(|| format!("cannot write {}", out_path.display()))?;
    for note in applied.notes.iter().chain(&suggest::report_lines(&applied)) {
        out::note(&format!("spp: {note}"));
    }
    out::note(&format!("spp: wrote {}", out_path.display()));
    Ok(ExitCode::SUCCESS)
}
