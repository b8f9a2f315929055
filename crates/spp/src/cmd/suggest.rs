//! `spp suggest`: for each lot of a (draft) eForms notice, the catalogue criteria that apply
//! (via the lot's CPV) and which are already present; with `--apply --out NEW.xml`, writes a
//! copy of the notice with the chosen criteria declared (BT-06, BT-774/775/776, BT-805) and the
//! chosen award criteria added (BT-539/734/540/541).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;
use spp_catalogue::suggest::{additions_for, LotSuggestion, Presence};
use spp_catalogue::{Lang, Stage};

use super::guide::{load_catalogue, parse_lang};

/// Output format of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

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
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Read the catalogue from this directory instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
}

/// Σ of the `per-exa` weights of a lot's award criteria (`None` when none are given or other
/// weighting codes are used).
fn sum_weights(lot: &spp_domain::Lot) -> Option<f64> {
    let mut total = 0.0;
    let mut any = false;
    for ac in &lot.award_criteria {
        if ac.weight_code.as_deref().is_some_and(|c| c != "per-exa") {
            return None;
        }
        if let Some(w) = ac.weight {
            total += w.to_string().parse::<f64>().ok()?;
            any = true;
        }
    }
    any.then_some(total)
}

/// The criteria to add for one lot: the wanted ids, or every missing one.
fn chosen<'a>(s: &LotSuggestion<'a>, wanted: &HashSet<&str>) -> Vec<&'a spp_catalogue::Criterion> {
    s.criteria
        .iter()
        .filter(|c| {
            if wanted.is_empty() {
                c.presence == Presence::Missing
            } else {
                wanted.contains(c.criterion.id.as_str())
            }
        })
        .map(|c| c.criterion)
        .collect()
}

fn presence_mark(p: &Presence) -> (&'static str, String) {
    match p {
        Presence::Present { evidence } => ("present", format!("present ({evidence})")),
        Presence::ThemeDeclared { field, code } => {
            ("declared", format!("theme declared ({field} {code})"))
        }
        Presence::Missing => ("missing", "missing".into()),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(args.catalogue.as_ref())?;
    let path = &args.notice;
    let xml =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let notice = spp_eforms::parse_notice(xml.as_bytes())
        .with_context(|| format!("{}: cannot parse the notice", path.display()))?;
    let lang = args
        .lang
        .or_else(|| notice.language.as_deref().and_then(Lang::parse))
        .unwrap_or_default();
    if args.apply {
        let notice_lang = notice.language.as_deref().unwrap_or("");
        if !notice_lang.is_empty() && !notice_lang.eq_ignore_ascii_case(lang.eforms_code()) {
            eprintln!(
                "spp: warning: the notice language is {notice_lang} but the added texts are in {}; eForms expects texts in the notice languages",
                lang.eforms_code()
            );
        }
    }
    let suggestions = cat.suggest(&notice, args.level);
    for id in &args.criteria {
        if cat.criterion(id).is_none() {
            anyhow::bail!("--criteria: no criterion {id:?} in the catalogue");
        }
    }
    let wanted: HashSet<&str> = args.criteria.iter().map(String::as_str).collect();
    match args.format {
        Format::Json => {
            let v: Vec<_> = suggestions
                .iter()
                .map(|s| {
                    let crit: Vec<_> = s
                        .criteria
                        .iter()
                        .map(|c| json!({"id": c.criterion.id, "stage": c.criterion.stage.as_str(), "level": c.criterion.level, "title": c.criterion.title.get(lang), "status": presence_mark(&c.presence).0, "detail": presence_mark(&c.presence).1}))
                        .collect();
                    json!({"lot": s.lot_id, "cpv": s.cpv.as_ref().map(|c| c.as_str()), "group": s.group.map(|g| g.id.as_str()), "criteria": crit})
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        Format::Table => {
            let mut out = String::new();
            for s in &suggestions {
                let cpv = s
                    .cpv
                    .as_ref()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "-".into());
                match s.group {
                    None => {
                        let _ = writeln!(
                            out,
                            "{}  CPV {cpv}: no product group in the catalogue\n",
                            s.lot_id
                        );
                    }
                    Some(g) => {
                        let _ =
                            writeln!(out, "{}  CPV {cpv} → {} ({})", s.lot_id, g.id, g.name(lang));
                        for c in &s.criteria {
                            let mark = match c.presence {
                                Presence::Present { .. } => "[x]",
                                Presence::ThemeDeclared { .. } => "[~]",
                                Presence::Missing => "[ ]",
                            };
                            let _ = writeln!(
                                out,
                                "  {mark} L{} {:<28} {:<28} {}",
                                c.criterion.level,
                                c.criterion.id,
                                c.criterion.stage.label(lang),
                                c.criterion.title.get(lang)
                            );
                            if !matches!(c.presence, Presence::Missing) {
                                let _ = writeln!(out, "        {}", presence_mark(&c.presence).1);
                            }
                        }
                        out.push('\n');
                    }
                }
            }
            out.push_str("[x] present  [~] theme declared in eForms codes, criterion not shown  [ ] missing\n");
            print!("{out}");
        }
    }

    if !args.apply {
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out_path) = &args.out else {
        anyhow::bail!("--apply needs --out NEW.xml");
    };
    let mut additions = Vec::new();
    for s in &suggestions {
        let Some(g) = s.group else { continue };
        let picked = chosen(s, &wanted);
        if picked.is_empty() {
            continue;
        }
        let add = additions_for(&s.lot_id, g, &picked, lang);
        if let Some(lot) = notice.lots.iter().find(|l| l.id == s.lot_id) {
            let added: f64 = picked
                .iter()
                .filter(|c| c.stage == Stage::Award)
                .filter_map(|c| c.weight)
                .map(f64::from)
                .sum();
            if let Some(before) = sum_weights(lot) {
                if added > 0.0 && (before + added - 100.0).abs() > 1e-9 {
                    eprintln!("spp: {}: award weights now sum to {} %; lower the price or cost weight by {added} %", s.lot_id, before + added);
                }
            }
        }
        additions.push(add);
    }
    if additions.is_empty() {
        eprintln!("spp: nothing to add (no lot has a product group, or every chosen criterion is present)");
    }
    let (new_xml, reports) = spp_catalogue::draft::apply(&xml, &additions)
        .with_context(|| format!("{}: cannot edit the notice", path.display()))?;
    std::fs::write(out_path, new_xml)
        .with_context(|| format!("cannot write {}", out_path.display()))?;
    for r in &reports {
        let codes: Vec<String> = r
            .added_codes
            .iter()
            .map(|(l, c)| format!("{l}={c}"))
            .collect();
        eprintln!(
            "spp: {}: added {} codes [{}], {} award criteria",
            r.lot_id,
            codes.len(),
            codes.join(", "),
            r.added_award_criteria
        );
        for (l, c) in &r.removed_codes {
            eprintln!("spp: {}: removed {l}={c}", r.lot_id);
        }
        for w in &r.warnings {
            eprintln!("spp: {}: warning: {w}", r.lot_id);
        }
    }
    eprintln!("spp: wrote {}", out_path.display());
    Ok(ExitCode::SUCCESS)
}
