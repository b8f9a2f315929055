//! The lists of a lot in the contract form, as checkboxes: the catalogue's criteria of the
//! lot's product group (given, else the group of its CPV code), the catalogue's labels, the
//! circular models. A value typed elsewhere (an import, the API) that is not in the list is
//! still shown, checked, so it can be unchecked.

use maud::{html, Markup};
use spp_domain::Cpv;
use spp_register::{FieldError, LotInput};

use crate::i18n::Ui;
use crate::WebState;

/// The refusal of field `name`, shown under it.
pub fn error_line(ui: &Ui, errors: &[FieldError], name: &str) -> Markup {
    html! {
        @for e in errors.iter().filter(|e| e.field == name) {
            p.field-error id={ (id_of(name)) "-error" } {
                strong { (ui.t("not_accepted")) ": " } span lang="en" { (e.reason) }
                @if !e.value.is_empty() { " (" code { (e.value) } ")" }
            }
        }
    }
}

/// The HTML id of field `name`: `lots[0].cpv` → `f-lots-0-cpv`.
pub fn id_of(name: &str) -> String {
    format!("f-{}", name.replace("].", "-").replace(['[', '.'], "-"))
}

/// One checkbox with its label.
fn check(name: &str, k: usize, value: &str, checked: bool, label: Markup) -> Markup {
    let id = format!("{}-{k}", id_of(name));
    html! {
        span.check {
            input type="checkbox" id=(id) name=(name) value=(value) checked[checked];
            " " label for=(id) { (label) }
        }
    }
}

/// The id part of `id@stage`.
fn id_part(item: &str) -> &str {
    item.split_once('@').map_or(item, |(id, _)| id).trim()
}

pub fn criteria(s: &WebState, ui: &Ui, i: usize, lot: &LotInput, errors: &[FieldError]) -> Markup {
    let catalogue = s.app.catalogue();
    let name = format!("lots[{i}].criteria");
    let group = match lot.product_group.as_deref() {
        Some(g) => catalogue.group(g),
        None => Cpv::parse(&lot.cpv)
            .ok()
            .and_then(|c| catalogue.group_for_cpv(&c)),
    };
    let in_group =
        |item: &str| group.is_some_and(|g| g.criteria.iter().any(|c| c.id == id_part(item)));
    let others: Vec<&String> = lot.criteria.iter().filter(|c| !in_group(c)).collect();
    html! {
        fieldset.criteria id={ (id_of(&name)) } {
            legend { (ui.t("criteria_applied")) }
            @match group {
                Some(g) => {
                    p.hint { (ui.t("criteria_of_group")) " " strong { (g.name(ui.lang)) } }
                    @for (k, c) in g.criteria.iter().enumerate() {
                        @let typed = lot.criteria.iter().find(|t| id_part(t) == c.id);
                        @let value = typed.cloned().unwrap_or_else(|| format!("{}@{}", c.id, c.stage.as_str()));
                        (check(&name, k, &value, typed.is_some(), html! {
                            (c.title.get(ui.lang)) " — " (c.stage.label(ui.lang)) ", " (ui.t("level")) " " (c.level)
                            @if c.essential { " · " strong { (ui.t("essential")) } }
                        }))
                    }
                }
                None => p.hint { (ui.t("criteria_need_group")) },
            }
            @for (k, c) in others.iter().enumerate() {
                (check(&name, 1000 + k, c, true, html! { code { (c) } }))
            }
            p { button type="submit" name="action" value="refresh" { (ui.t("criteria_refresh")) } }
            (error_line(ui, errors, &name))
        }
    }
}

pub fn labels(s: &WebState, ui: &Ui, i: usize, lot: &LotInput, errors: &[FieldError]) -> Markup {
    let name = format!("lots[{i}].labels");
    let all = s.app.catalogue().labels();
    let known = |l: &str| all.iter().any(|x| x.id == l.trim());
    html! {
        fieldset.labels id={ (id_of(&name)) } {
            legend { (ui.t("labels")) }
            details open[!lot.labels.is_empty()] {
                summary { (ui.t("labels_choose")) }
                @for (k, l) in all.iter().enumerate() {
                    (check(&name, k, &l.id, lot.labels.iter().any(|x| x.trim() == l.id),
                        html! { span lang="en" { (l.name) } }))
                }
            }
            @for (k, l) in lot.labels.iter().filter(|l| !known(l)).enumerate() {
                (check(&name, 1000 + k, l, true, html! { code { (l) } }))
            }
            (error_line(ui, errors, &name))
        }
    }
}

pub fn circular(
    ui: &Ui,
    i: usize,
    lot: &LotInput,
    errors: &[FieldError],
    options: &[(String, String)],
) -> Markup {
    let name = format!("lots[{i}].circular");
    let canon = |raw: &str| {
        spp_register::CircularModel::parse("circular", raw)
            .map_or(raw.to_string(), |m| m.as_str().to_string())
    };
    let typed: Vec<String> = lot.circular.iter().map(|c| canon(c)).collect();
    html! {
        fieldset.circular id={ (id_of(&name)) } {
            legend { (ui.t("circular")) }
            @for (k, (v, t)) in options.iter().enumerate() {
                (check(&name, k, v, typed.contains(v), html! { (t) }))
            }
            @for (k, c) in typed.iter().filter(|c| !options.iter().any(|(v, _)| v == *c)).enumerate() {
                (check(&name, 1000 + k, c, true, html! { code { (c) } }))
            }
            (error_line(ui, errors, &name))
        }
    }
}
