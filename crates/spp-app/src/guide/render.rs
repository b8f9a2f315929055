//! The guide's views as text: an aligned table, JSON, Markdown or a small HTML page (the
//! web server renders its own pages from the same views).

use std::fmt::Write as _;

use serde_json::json;
use spp_catalogue::{Catalogue, Criterion, Label, Lang, Stage};

use super::practice_render as practices;
use super::{label_names, CpvMatch, Fiche, GroupSummary, GuideView};
use crate::error::{AppError, AppResult};

/// A text format of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Html,
}

impl Format {
    pub const NAMES: [&'static str; 4] = ["table", "json", "markdown", "html"];

    pub fn parse(raw: &str) -> AppResult<Format> {
        match raw.trim() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            other => Err(AppError::bad_input(
                "format",
                other,
                format!("unknown format (known: {})", Format::NAMES.join(", ")),
            )),
        }
    }
}

/// Renders a view in `lang`.
pub fn render(catalogue: &Catalogue, view: &GuideView<'_>, lang: Lang, format: Format) -> String {
    match view {
        GuideView::Groups(rows) => list(rows, lang, format),
        GuideView::Fiche(f) => fiche(catalogue, f, lang, format),
        GuideView::Labels(labels) => labels_list(labels, lang, format),
    }
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
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

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn list(rows: &[GroupSummary<'_>], lang: Lang, format: Format) -> String {
    let mut s = String::new();
    match format {
        Format::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|r| json!({"id": r.group.id, "name": r.group.name(lang), "eu_gpp_set": r.group.eu_gpp_set, "criteria": r.criteria, "cpv": r.cpv_codes}))
                .collect();
            s = pretty(&json!(v));
        }
        Format::Markdown => {
            s.push_str("| id | name | criteria | CPV codes |\n|---|---|---|---|\n");
            for r in rows {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} |",
                    r.group.id,
                    r.group.name(lang),
                    r.criteria,
                    r.cpv_codes
                );
            }
        }
        Format::Html => {
            let mut b = String::from(
                "<table>\n<tr><th>id</th><th>name</th><th>criteria</th><th>CPV codes</th></tr>\n",
            );
            for r in rows {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&r.group.id),
                    esc(r.group.name(lang)),
                    r.criteria,
                    r.cpv_codes
                );
            }
            b.push_str("</table>\n");
            s = html_page("spp guide", &b);
        }
        Format::Table => {
            let w = rows.iter().map(|r| r.group.id.len()).max().unwrap_or(2);
            let _ = writeln!(s, "{:<w$}  {:>8}  {:>4}  NAME", "GROUP", "CRITERIA", "CPV");
            for r in rows {
                let _ = writeln!(
                    s,
                    "{:<w$}  {:>8}  {:>4}  {}",
                    r.group.id,
                    r.criteria,
                    r.cpv_codes,
                    r.group.name(lang)
                );
            }
        }
    }
    s
}

fn themes(c: &Criterion) -> String {
    c.themes
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The criteria of `stage`, in catalogue order.
fn at<'c>(f: &Fiche<'c>, stage: Stage) -> Vec<&'c Criterion> {
    f.criteria
        .iter()
        .copied()
        .filter(|c| c.stage == stage)
        .collect()
}

fn fiche(cat: &Catalogue, f: &Fiche<'_>, lang: Lang, format: Format) -> String {
    match format {
        Format::Json => fiche_json(f, lang),
        Format::Markdown => fiche_markdown(cat, f, lang),
        Format::Html => fiche_html(cat, f, lang),
        Format::Table => fiche_table(cat, f, lang),
    }
}

fn fiche_json(f: &Fiche<'_>, lang: Lang) -> String {
    let g = f.group;
    let crit: Vec<_> = f
        .criteria
        .iter()
        .map(|c| json!({"id": c.id, "stage": c.stage.as_str(), "level": c.level, "themes": c.themes, "essential": c.essential, "basis": c.basis, "weight": c.weight, "title": c.title.get(lang), "text": c.text.get(lang), "verification": c.verification.get(lang), "labels": c.labels}))
        .collect();
    let mut v = json!({"id": g.id, "name": g.name(lang), "eu_gpp_set": g.eu_gpp_set, "cpv": g.cpv, "cpv_exact": g.cpv_exact, "criteria": crit});
    if let Some(h) = &f.matched_cpv {
        v["matched_cpv"] = json!({"code": h.code.as_str(), "label": h.label});
    }
    v["good_practices"] = practices::json(&f.practices, lang);
    pretty(&v)
}

fn fiche_markdown(cat: &Catalogue, f: &Fiche<'_>, lang: Lang) -> String {
    let g = f.group;
    let mut s = String::new();
    let _ = writeln!(s, "# {} (`{}`)\n", g.name(lang), g.id);
    if let Some(h) = &f.matched_cpv {
        let _ = writeln!(s, "CPV {} {} → `{}`\n", h.code, label(h), g.id);
    }
    if let Some(set) = &g.eu_gpp_set {
        let _ = writeln!(s, "EU GPP: {set}\n");
    }
    for stage in Stage::ALL {
        let here = at(f, stage);
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
    s.push_str(&practices::markdown_section(cat, &f.practices, lang));
    s
}

fn label(h: &CpvMatch) -> &str {
    h.label.as_deref().unwrap_or("")
}

fn fiche_html(cat: &Catalogue, f: &Fiche<'_>, lang: Lang) -> String {
    let g = f.group;
    let mut b = String::new();
    if let Some(h) = &f.matched_cpv {
        let _ = writeln!(
            b,
            "<p>CPV {} {} → {}</p>",
            esc(h.code.as_str()),
            esc(label(h)),
            esc(&g.id)
        );
    }
    if let Some(set) = &g.eu_gpp_set {
        let _ = writeln!(b, "<p>EU GPP: {}</p>", esc(set));
    }
    for stage in Stage::ALL {
        let here = at(f, stage);
        if here.is_empty() {
            continue;
        }
        let _ = writeln!(b, "<h2>{}</h2>\n<ul>", esc(stage.label(lang)));
        for c in here {
            let labels = label_names(cat, c);
            let labels = if labels.is_empty() {
                String::new()
            } else {
                format!("<br>Labels: {}", esc(&labels.join(", ")))
            };
            let _ = writeln!(
                b,
                "<li id=\"{}\"><strong>{}</strong> (level {}, {})<br>{}<br><em>{}</em>{labels}</li>",
                esc(&c.id),
                esc(c.title.get(lang)),
                c.level,
                esc(&themes(c)),
                esc(c.text.get(lang)),
                esc(c.verification.get(lang)),
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str(&practices::html_section(cat, &f.practices, lang));
    html_page(&format!("{} ({})", g.name(lang), g.id), &b)
}

fn fiche_table(cat: &Catalogue, f: &Fiche<'_>, lang: Lang) -> String {
    let g = f.group;
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", g.name(lang), g.id);
    if let Some(h) = &f.matched_cpv {
        let code = h
            .with_check_digit
            .clone()
            .unwrap_or_else(|| h.code.to_string());
        let _ = writeln!(
            s,
            "CPV {code} {}",
            h.label.as_deref().unwrap_or("(not in the CPV 2008 list)")
        );
    }
    if let Some(set) = &g.eu_gpp_set {
        let _ = writeln!(s, "EU GPP: {set}");
    }
    for stage in Stage::ALL {
        let here = at(f, stage);
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
    s.push_str(&practices::table(cat, &f.practices, lang));
    s
}

fn labels_list(labels: &[Label], lang: Lang, format: Format) -> String {
    let mut s = String::new();
    match format {
        Format::Json => {
            let v: Vec<_> = labels.iter().map(|l| json!({"id": l.id, "name": l.name, "issuer": l.issuer, "kind": l.kind.as_str(), "type_i": l.is_type_i(), "covers": l.covers.get(lang), "groups": l.groups})).collect();
            s = pretty(&json!(v));
        }
        Format::Markdown => {
            s.push_str("| label | kind | issuer | covers |\n|---|---|---|---|\n");
            for l in labels {
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
            for l in labels {
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
            for l in labels {
                let _ = writeln!(s, "{:<22} {:<18} {}", l.id, l.kind.as_str(), l.name);
                let _ = writeln!(s, "{:<22} {}", "", l.covers.get(lang));
            }
        }
    }
    s
}
