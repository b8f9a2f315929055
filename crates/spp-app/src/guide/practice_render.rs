//! Good-practice fiches as text: the "good practices" section of a group's fiche (table,
//! Markdown, HTML, JSON) and one fiche on its own (the download of the web page). All texts
//! of spp's own in nl, fr and en; the fiche's texts in the language asked for.

use std::fmt::Write as _;

use serde_json::{json, Value};
use spp_catalogue::{Catalogue, Lang, Practice};

use super::render::esc;
use crate::reports::{colon, tr};

/// The heading of the section.
pub fn heading(lang: Lang) -> &'static str {
    tr(
        lang,
        "Goede praktijken",
        "Bonnes pratiques",
        "Good practices",
    )
}

/// The label of each field, in `lang`.
pub struct Labels {
    pub buyer: &'static str,
    pub done: &'static str,
    pub criteria: &'static str,
    pub result: &'static str,
    pub no_result: &'static str,
    pub source: &'static str,
    pub languages: &'static str,
    pub year: &'static str,
    pub none: &'static str,
    /// Shown when a group has no fiche yet.
    pub empty: &'static str,
    pub download: &'static str,
    /// A fiche of the register (not bundled with spp).
    pub from_register: &'static str,
}

impl Labels {
    pub fn of(lang: Lang) -> Labels {
        Labels {
            buyer: tr(lang, "Aankoper", "Acheteur", "Buyer"),
            done: tr(
                lang,
                "Wat werd gedaan",
                "Ce qui a été fait",
                "What was done",
            ),
            criteria: tr(
                lang,
                "Criteria uit de gids",
                "Critères du guide",
                "Criteria of the guide",
            ),
            result: tr(lang, "Resultaat", "Résultat", "Result"),
            no_result: tr(
                lang,
                "De bron vermeldt geen resultaat.",
                "La source ne mentionne aucun résultat.",
                "The source reports no result.",
            ),
            source: tr(lang, "Bron", "Source", "Source"),
            languages: tr(
                lang,
                "Taal van de bron",
                "Langue de la source",
                "Language of the source",
            ),
            year: tr(lang, "Sinds", "Depuis", "Since"),
            none: tr(lang, "geen", "aucun", "none"),
            empty: tr(
                lang,
                "Nog geen goede praktijk voor deze productgroep.",
                "Pas encore de bonne pratique pour ce groupe de produits.",
                "No good practice for this product group yet.",
            ),
            download: tr(
                lang,
                "Deze fiche downloaden",
                "Télécharger cette fiche",
                "Download this fiche",
            ),
            from_register: tr(
                lang,
                "Uit het contractregister",
                "Issue du registre des contrats",
                "From the contract register",
            ),
        }
    }
}

/// The criteria of a fiche as `id — title` in `lang` (the id alone when unknown).
pub fn criteria(cat: &Catalogue, p: &Practice, lang: Lang) -> Vec<String> {
    p.criteria
        .iter()
        .map(|id| match cat.criterion(id) {
            Some((_, c)) => format!("{id} — {}", c.title.get(lang)),
            None => id.clone(),
        })
        .collect()
}

/// The result, or that the source reports none.
pub fn result<'p>(p: &'p Practice, l: &Labels, lang: Lang) -> &'p str {
    match &p.result {
        Some(r) => r.get(lang),
        None => l.no_result,
    }
}

/// The fields of a fiche after its title and buyer, in order, as (label, text); the source
/// is left to each format (it is a link).
fn fields(cat: &Catalogue, p: &Practice, l: &Labels, lang: Lang) -> [(&'static str, String); 4] {
    let crit = criteria(cat, p, lang);
    let crit = if crit.is_empty() {
        l.none.to_string()
    } else {
        crit.join("; ")
    };
    [
        (l.done, p.done.get(lang).to_string()),
        (l.criteria, crit),
        (l.result, result(p, l, lang).to_string()),
        (l.languages, p.languages.join(", ")),
    ]
}

fn buyer_line(p: &Practice, l: &Labels, lang: Lang) -> String {
    let year = p
        .year
        .map(|y| format!(" · {} {y}", l.year))
        .unwrap_or_default();
    format!(
        "{}{}{} ({}){year}",
        l.buyer,
        colon(lang),
        p.buyer,
        p.country
    )
}

/// The section as an aligned text block (empty when there is no fiche).
pub fn table(cat: &Catalogue, ps: &[Practice], lang: Lang) -> String {
    let mut s = String::new();
    if ps.is_empty() {
        return s;
    }
    let (l, c) = (Labels::of(lang), colon(lang));
    let _ = writeln!(s, "\n{}", heading(lang).to_uppercase());
    for p in ps {
        let _ = writeln!(s, "  {} — {}", p.id, p.title.get(lang));
        let _ = writeln!(s, "       {}", buyer_line(p, &l, lang));
        for (label, text) in fields(cat, p, &l, lang) {
            let _ = writeln!(s, "       {label}{c}{text}");
        }
        let _ = writeln!(s, "       {}{c}{} <{}>", l.source, p.source, p.link);
    }
    s
}

/// One fiche in Markdown, with a `#` title when `top` (the download) and `###` otherwise.
pub fn markdown(cat: &Catalogue, p: &Practice, lang: Lang, top: bool) -> String {
    let (l, c) = (Labels::of(lang), colon(lang));
    let mut s = String::new();
    let hashes = if top { "#" } else { "###" };
    let _ = writeln!(s, "{hashes} {}\n", p.title.get(lang));
    let _ = writeln!(s, "{}\n", buyer_line(p, &l, lang));
    for (label, text) in fields(cat, p, &l, lang) {
        let _ = writeln!(s, "**{label}**{c}{text}\n");
    }
    let _ = writeln!(s, "**{}**{c}[{}]({})", l.source, p.source, p.link);
    s
}

/// The section in Markdown (empty when there is no fiche).
pub fn markdown_section(cat: &Catalogue, ps: &[Practice], lang: Lang) -> String {
    if ps.is_empty() {
        return String::new();
    }
    let mut s = format!("## {}\n\n", heading(lang));
    for p in ps {
        s.push_str(&markdown(cat, p, lang, false));
        s.push('\n');
    }
    s
}

/// The section in HTML (empty when there is no fiche).
pub fn html_section(cat: &Catalogue, ps: &[Practice], lang: Lang) -> String {
    if ps.is_empty() {
        return String::new();
    }
    let (l, c) = (Labels::of(lang), esc(colon(lang)));
    let mut b = format!("<h2>{}</h2>\n", esc(heading(lang)));
    for p in ps {
        let _ = write!(
            b,
            "<section id=\"practice-{}\"><h3>{}</h3><p>{}</p>",
            esc(&p.id),
            esc(p.title.get(lang)),
            esc(&buyer_line(p, &l, lang))
        );
        for (label, text) in fields(cat, p, &l, lang) {
            let _ = write!(b, "<p><strong>{}</strong>{c}{}</p>", esc(label), esc(&text));
        }
        let _ = writeln!(
            b,
            "<p><strong>{}</strong>{c}<a href=\"{}\">{}</a></p></section>",
            esc(l.source),
            esc(&p.link),
            esc(&p.source)
        );
    }
    b
}

/// The fiches as JSON values, their texts in `lang`.
pub fn json(ps: &[Practice], lang: Lang) -> Value {
    let v: Vec<Value> = ps
        .iter()
        .map(|p| {
            json!({"id": p.id, "buyer": p.buyer, "country": p.country, "year": p.year,
                "title": p.title.get(lang), "done": p.done.get(lang),
                "result": p.result.as_ref().map(|r| r.get(lang)), "criteria": p.criteria,
                "link": p.link, "source": p.source, "languages": p.languages})
        })
        .collect();
    json!(v)
}
