//! Suggesting criteria for a draft notice: for each lot, the catalogue criteria of its
//! product group (found by CPV) and whether the notice already shows them; then, on request,
//! a copy of the notice with the chosen criteria written in (BT-06, BT-774/775/776, BT-805,
//! award criteria BT-539/734/540/541, selection criteria BT-809/750, BT-300 and BT-70).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;
use spp_catalogue::draft::LotReport;
use spp_catalogue::suggest::{additions_for, LotSuggestion, Presence};
use spp_catalogue::{Catalogue, Criterion, Lang, Stage};
use spp_domain::Notice;

use crate::error::{AppError, AppResult};

/// A draft notice read for suggestions.
pub struct Draft {
    pub origin: PathBuf,
    pub xml: String,
    pub notice: Notice,
}

impl Draft {
    /// Parses a draft; `origin` names it in errors.
    pub fn parse(xml: String, origin: &Path) -> AppResult<Draft> {
        let notice = spp_eforms::parse_notice(xml.as_bytes()).map_err(|e| AppError::BadFile {
            file: origin.to_path_buf(),
            reason: format!("cannot parse the notice: {e}"),
        })?;
        Ok(Draft {
            origin: origin.to_path_buf(),
            xml,
            notice,
        })
    }

    /// Reads and parses a draft file.
    pub fn read(path: &Path) -> AppResult<Draft> {
        let xml = std::fs::read_to_string(path).map_err(|source| AppError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Draft::parse(xml, path)
    }

    /// The language to write texts in: the one asked for, else the notice's, else English.
    pub fn language(&self, asked: Option<Lang>) -> Lang {
        asked
            .or_else(|| self.notice.language.as_deref().and_then(Lang::parse))
            .unwrap_or_default()
    }
}

/// The suggestions for every lot of a draft.
pub struct Suggestions<'c> {
    pub lang: Lang,
    pub lots: Vec<LotSuggestion<'c>>,
}

/// The criteria of each lot's group up to `level`, with their presence in the draft.
pub fn suggest<'c>(
    catalogue: &'c Catalogue,
    draft: &Draft,
    level: u8,
    lang: Lang,
) -> Suggestions<'c> {
    Suggestions {
        lang,
        lots: catalogue.suggest(&draft.notice, level.clamp(1, 3)),
    }
}

/// The draft with criteria written in, and what was done per lot.
pub struct Applied {
    pub xml: String,
    pub reports: Vec<LotReport>,
    /// Things the user should know (language mismatch, award weights that no longer sum to
    /// 100 %, nothing to add).
    pub notes: Vec<String>,
}

/// Writes the chosen criteria (`wanted` ids; empty = every missing one) into the draft.
/// Unknown ids are bad input.
pub fn apply(
    catalogue: &Catalogue,
    draft: &Draft,
    suggestions: &Suggestions<'_>,
    wanted: &[String],
) -> AppResult<Applied> {
    check_criteria(catalogue, wanted)?;
    let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut notes = language_note(draft, suggestions.lang)
        .into_iter()
        .collect::<Vec<_>>();
    let mut additions = Vec::new();
    for s in &suggestions.lots {
        if s.group.is_none() {
            continue;
        }
        let picked = chosen(s, &wanted);
        if picked.is_empty() {
            continue;
        }
        notes.extend(weight_note(draft, &s.lot_id, &picked));
        additions.push(additions_for(&s.lot_id, &picked, suggestions.lang));
    }
    if additions.is_empty() {
        notes.push(
            "nothing to add (no lot has a product group, or every chosen criterion is present)"
                .to_string(),
        );
    }
    let (xml, reports) =
        spp_catalogue::draft::apply(&draft.xml, &additions).map_err(|e| AppError::BadFile {
            file: draft.origin.clone(),
            reason: format!("cannot edit the notice: {e}"),
        })?;
    Ok(Applied {
        xml,
        reports,
        notes,
    })
}

/// Every id in `wanted` must be a criterion of the catalogue.
pub fn check_criteria(catalogue: &Catalogue, wanted: &[String]) -> AppResult<()> {
    match wanted.iter().find(|id| catalogue.criterion(id).is_none()) {
        Some(id) => Err(AppError::bad_input(
            "criteria",
            id,
            "no such criterion in the catalogue",
        )),
        None => Ok(()),
    }
}

fn language_note(draft: &Draft, lang: Lang) -> Option<String> {
    let notice_lang = draft.notice.language.as_deref().unwrap_or("");
    (!notice_lang.is_empty() && !notice_lang.eq_ignore_ascii_case(lang.eforms_code())).then(|| {
        format!(
            "the notice language is {notice_lang} but the added texts are in {}; eForms expects texts in the notice languages",
            lang.eforms_code()
        )
    })
}

/// A note when the added award weights make the lot's weights sum to other than 100 %.
fn weight_note(draft: &Draft, lot_id: &str, picked: &[&Criterion]) -> Option<String> {
    let lot = draft.notice.lots.iter().find(|l| l.id == lot_id)?;
    let added: f64 = picked
        .iter()
        .filter(|c| c.stage == Stage::Award)
        .filter_map(|c| c.weight)
        .map(f64::from)
        .sum();
    let before = sum_weights(lot)?;
    (added > 0.0 && (before + added - 100.0).abs() > 1e-9).then(|| {
        format!(
            "{lot_id}: award weights now sum to {} %; lower the price or cost weight by {added} %",
            before + added
        )
    })
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
fn chosen<'a>(s: &LotSuggestion<'a>, wanted: &HashSet<&str>) -> Vec<&'a Criterion> {
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

/// A presence as a short status and a sentence.
pub fn presence_mark(p: &Presence) -> (&'static str, String) {
    match p {
        Presence::Present { evidence } => ("present", format!("present ({evidence})")),
        Presence::ThemeDeclared { field, code } => {
            ("declared", format!("theme declared ({field} {code})"))
        }
        Presence::Missing => ("missing", "missing".into()),
    }
}

/// The suggestions as JSON.
pub fn to_json(s: &Suggestions<'_>) -> serde_json::Value {
    let lang = s.lang;
    let lots: Vec<_> = s
        .lots
        .iter()
        .map(|l| {
            let crit: Vec<_> = l
                .criteria
                .iter()
                .map(|c| json!({"id": c.criterion.id, "stage": c.criterion.stage.as_str(), "level": c.criterion.level, "title": c.criterion.title.get(lang), "status": presence_mark(&c.presence).0, "detail": presence_mark(&c.presence).1}))
                .collect();
            json!({"lot": l.lot_id, "cpv": l.cpv.as_ref().map(|c| c.as_str()), "group": l.group.map(|g| g.id.as_str()), "criteria": crit})
        })
        .collect();
    json!(lots)
}

/// The suggestions as a text table with a legend.
pub fn table(s: &Suggestions<'_>) -> String {
    let lang = s.lang;
    let mut out = String::new();
    for l in &s.lots {
        let cpv = l.cpv.as_ref().map_or_else(|| "-".into(), |c| c.to_string());
        let Some(g) = l.group else {
            let _ = writeln!(
                out,
                "{}  CPV {cpv}: no product group in the catalogue\n",
                l.lot_id
            );
            continue;
        };
        let _ = writeln!(out, "{}  CPV {cpv} → {} ({})", l.lot_id, g.id, g.name(lang));
        for c in &l.criteria {
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
    out.push_str(
        "[x] present  [~] theme declared in eForms codes, criterion not shown  [ ] missing\n",
    );
    out
}

/// What was done to each lot, one line per fact.
pub fn report_lines(applied: &Applied) -> Vec<String> {
    let mut lines = Vec::new();
    for r in &applied.reports {
        let codes: Vec<String> = r
            .added_codes
            .iter()
            .map(|(l, c)| format!("{l}={c}"))
            .collect();
        lines.push(format!(
            "{}: added {} codes [{}], {} award criteria, {} selection criteria (BT-750), {} technical specifications (BT-300), {} performance conditions (BT-70)",
            r.lot_id,
            codes.len(),
            codes.join(", "),
            r.added_award_criteria,
            r.added_selection_criteria,
            r.added_specifications,
            r.added_performance_conditions
        ));
        lines.extend(
            r.removed_codes
                .iter()
                .map(|(l, c)| format!("{}: removed {l}={c}", r.lot_id)),
        );
        lines.extend(
            r.warnings
                .iter()
                .map(|w| format!("{}: warning: {w}", r.lot_id)),
        );
    }
    lines
}
