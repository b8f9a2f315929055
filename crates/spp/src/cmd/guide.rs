//! `spp guide`: the criteria guide. Lists product groups, shows a group's fiche (criteria per
//! stage with level, themes, verification and labels), finds the group of a CPV code, lists
//! labels. Output as a text table, JSON, Markdown or HTML.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;
use spp_catalogue::{Catalogue, Criterion, Lang, ProductGroup, Stage};
use spp_domain::Cpv;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Html,
}

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
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Read the catalogue from this directory instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
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
    let cat = load_catalogue(args.catalogue.as_ref())?;
    let lang = args.lang;
    let out = if args.labels {
        labels(&cat, lang, args.format)
    } else if let Some(raw) = &args.cpv {
        let cpv = Cpv::parse(raw).map_err(|e| anyhow::anyhow!("--cpv: {e}"))?;
        let known = cat.cpv_list().label(&cpv).map(str::to_string);
        let Some(group) = cat.group_for_cpv(&cpv) else {
            let what = known
                .map(|l| format!(" ({l})"))
                .unwrap_or_else(|| " (not in the CPV 2008 list)".into());
            eprintln!("spp: CPV {cpv}{what} belongs to no product group of the catalogue");
            return Ok(ExitCode::from(1));
        };
        let header = CpvHit {
            cpv: &cpv,
            label: known.as_deref(),
        };
        fiche(&cat, group, lang, args.level, args.format, Some(header))
    } else if let Some(id) = &args.group {
        let group = cat.group(id).with_context(|| {
            let ids: Vec<&str> = cat.groups().iter().map(|g| g.id.as_str()).collect();
            format!("no product group {id:?}; known: {}", ids.join(", "))
        })?;
        fiche(&cat, group, lang, args.level, args.format, None)
    } else {
        list(&cat, lang, args.level, args.format)
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

struct CpvHit<'a> {
    cpv: &'a Cpv,
    label: Option<&'a str>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head>\n<body>\n<h1>{t}</h1>\n{body}</body></html>\n",
        t = esc(title)
    )
}

fn list(cat: &Catalogue, lang: Lang, level: u8, format: Format) -> String {
    let rows: Vec<(&ProductGroup, usize)> = cat
        .groups()
        .iter()
        .map(|g| (g, g.criteria_up_to(level).count()))
        .collect();
    let mut s = String::new();
    match format {
        Format::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|(g, n)| json!({"id": g.id, "name": g.name(lang), "eu_gpp_set": g.eu_gpp_set, "criteria": n, "cpv": g.cpv.len() + g.cpv_exact.len()}))
                .collect();
            s = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
        }
        Format::Markdown => {
            s.push_str("| id | name | criteria | CPV codes |\n|---|---|---|---|\n");
            for (g, n) in &rows {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {n} | {} |",
                    g.id,
                    g.name(lang),
                    g.cpv.len() + g.cpv_exact.len()
                );
            }
        }
        Format::Html => {
            let mut b = String::from(
                "<table>\n<tr><th>id</th><th>name</th><th>criteria</th><th>CPV codes</th></tr>\n",
            );
            for (g, n) in &rows {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td>{n}</td><td>{}</td></tr>",
                    esc(&g.id),
                    esc(g.name(lang)),
                    g.cpv.len() + g.cpv_exact.len()
                );
            }
            b.push_str("</table>\n");
            s = html_page("spp guide", &b);
        }
        Format::Table => {
            let w = rows.iter().map(|(g, _)| g.id.len()).max().unwrap_or(2);
            let _ = writeln!(s, "{:<w$}  {:>8}  {:>4}  NAME", "GROUP", "CRITERIA", "CPV");
            for (g, n) in &rows {
                let _ = writeln!(
                    s,
                    "{:<w$}  {n:>8}  {:>4}  {}",
                    g.id,
                    g.cpv.len() + g.cpv_exact.len(),
                    g.name(lang)
                );
            }
        }
    }
    s
}

fn label_names(cat: &Catalogue, c: &Criterion) -> Vec<String> {
    c.labels
        .iter()
        .map(|id| {
            cat.label(id)
                .map(|l| l.name.clone())
                .unwrap_or_else(|| id.clone())
        })
        .collect()
}

fn themes(c: &Criterion) -> String {
    c.themes
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn fiche(
    cat: &Catalogue,
    g: &ProductGroup,
    lang: Lang,
    level: u8,
    format: Format,
    hit: Option<CpvHit<'_>>,
) -> String {
    let criteria: Vec<&Criterion> = g.criteria_up_to(level).collect();
    let mut s = String::new();
    match format {
        Format::Json => {
            let crit: Vec<_> = criteria
                .iter()
                .map(|c| json!({"id": c.id, "stage": c.stage.as_str(), "level": c.level, "themes": c.themes, "essential": c.essential, "weight": c.weight, "title": c.title.get(lang), "text": c.text.get(lang), "verification": c.verification.get(lang), "labels": c.labels}))
                .collect();
            let mut v = json!({"id": g.id, "name": g.name(lang), "eu_gpp_set": g.eu_gpp_set, "cpv": g.cpv, "cpv_exact": g.cpv_exact, "criteria": crit});
            if let Some(h) = &hit {
                v["matched_cpv"] = json!({"code": h.cpv.as_str(), "label": h.label});
            }
            s = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
        }
        Format::Markdown => {
            let _ = writeln!(s, "# {} (`{}`)\n", g.name(lang), g.id);
            if let Some(h) = &hit {
                let _ = writeln!(s, "CPV {} {} → `{}`\n", h.cpv, h.label.unwrap_or(""), g.id);
            }
            if let Some(set) = &g.eu_gpp_set {
                let _ = writeln!(s, "EU GPP: {set}\n");
            }
            for stage in Stage::ALL {
                let here: Vec<_> = criteria.iter().filter(|c| c.stage == stage).collect();
                if here.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "## {}\n", stage.label(lang));
                for c in here {
                    let _ = writeln!(
                        s,
                        "- **{}** (level {}, {}; `{}`{})  \n  {}  \n  *{}*",
                        c.title.get(lang),
                        c.level,
                        themes(c),
                        c.id,
                        c.weight.map(|w| format!(", {w} %")).unwrap_or_default(),
                        c.text.get(lang),
                        c.verification.get(lang)
                    );
                    let labels = label_names(cat, c);
                    if !labels.is_empty() {
                        let _ = writeln!(s, "  Labels: {}", labels.join(", "));
                    }
                }
                s.push('\n');
            }
        }
        Format::Html => {
            let mut b = String::new();
            if let Some(h) = &hit {
                let _ = writeln!(
                    b,
                    "<p>CPV {} {} → {}</p>",
                    esc(h.cpv.as_str()),
                    esc(h.label.unwrap_or("")),
                    esc(&g.id)
                );
            }
            if let Some(set) = &g.eu_gpp_set {
                let _ = writeln!(b, "<p>EU GPP: {}</p>", esc(set));
            }
            for stage in Stage::ALL {
                let here: Vec<_> = criteria.iter().filter(|c| c.stage == stage).collect();
                if here.is_empty() {
                    continue;
                }
                let _ = writeln!(b, "<h2>{}</h2>\n<ul>", esc(stage.label(lang)));
                for c in here {
                    let labels = label_names(cat, c);
                    let _ = writeln!(b, "<li id=\"{}\"><strong>{}</strong> (level {}, {})<br>{}<br><em>{}</em>{}</li>", esc(&c.id), esc(c.title.get(lang)), c.level, esc(&themes(c)), esc(c.text.get(lang)), esc(c.verification.get(lang)), if labels.is_empty() { String::new() } else { format!("<br>Labels: {}", esc(&labels.join(", "))) });
                }
                b.push_str("</ul>\n");
            }
            s = html_page(&format!("{} ({})", g.name(lang), g.id), &b);
        }
        Format::Table => {
            let _ = writeln!(s, "{} ({})", g.name(lang), g.id);
            if let Some(h) = &hit {
                let code = cat
                    .cpv_list()
                    .with_check_digit(h.cpv)
                    .unwrap_or_else(|| h.cpv.to_string());
                let _ = writeln!(
                    s,
                    "CPV {code} {}",
                    h.label.unwrap_or("(not in the CPV 2008 list)")
                );
            }
            if let Some(set) = &g.eu_gpp_set {
                let _ = writeln!(s, "EU GPP: {set}");
            }
            for stage in Stage::ALL {
                let here: Vec<_> = criteria.iter().filter(|c| c.stage == stage).collect();
                if here.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "\n{}", stage.label(lang).to_uppercase());
                for c in here {
                    let _ = writeln!(
                        s,
                        "  [L{}] {} — {} ({})",
                        c.level,
                        c.id,
                        c.title.get(lang),
                        themes(c)
                    );
                    let _ = writeln!(s, "       {}", c.text.get(lang));
                    let _ = writeln!(s, "       ✓ {}", c.verification.get(lang));
                    let labels = label_names(cat, c);
                    if !labels.is_empty() {
                        let _ = writeln!(s, "       labels: {}", labels.join(", "));
                    }
                }
            }
        }
    }
    s
}

fn labels(cat: &Catalogue, lang: Lang, format: Format) -> String {
    let mut s = String::new();
    match format {
        Format::Json => {
            let v: Vec<_> = cat.labels().iter().map(|l| json!({"id": l.id, "name": l.name, "issuer": l.issuer, "kind": l.kind.as_str(), "type_i": l.is_type_i(), "covers": l.covers.get(lang), "groups": l.groups})).collect();
            s = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
        }
        Format::Markdown => {
            s.push_str("| label | kind | issuer | covers |\n|---|---|---|---|\n");
            for l in cat.labels() {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    l.name,
                    l.kind.as_str(),
                    l.issuer,
                    l.covers.get(lang)
                );
            }
        }
        Format::Html => {
            let mut b = String::from(
                "<table>\n<tr><th>label</th><th>kind</th><th>issuer</th><th>covers</th></tr>\n",
            );
            for l in cat.labels() {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&l.name),
                    l.kind.as_str(),
                    esc(&l.issuer),
                    esc(l.covers.get(lang))
                );
            }
            b.push_str("</table>\n");
            s = html_page("spp guide — labels", &b);
        }
        Format::Table => {
            for l in cat.labels() {
                let _ = writeln!(s, "{:<22} {:<18} {}", l.id, l.kind.as_str(), l.name);
                let _ = writeln!(s, "{:<22} {}", "", l.covers.get(lang));
            }
        }
    }
    s
}
