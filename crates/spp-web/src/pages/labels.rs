//! Names of codes and units in the reader's language.

use maud::{html, Markup};
use rust_decimal::Decimal;
use spp_monitoring::Stage;

use super::layout::amount;
use crate::i18n::{Lang, Ui};
use crate::WebState;

pub fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::Call => "call",
        Stage::Award => "award",
    }
}

pub fn stage(ui: &Ui, stage: Stage) -> &'static str {
    ui.t(&format!("stage_{}", stage_code(stage)))
}

/// A unit (`lots`, `EUR`, `winners`…).
pub fn unit(ui: &Ui, unit: &str) -> &'static str {
    ui.t(&format!("unit_{unit}"))
}

/// A count or an amount, whole units, with the reader's separators.
pub fn amount_of(ui: &Ui, v: Decimal) -> String {
    amount(ui, v)
}

/// A group key; `(unknown)` in the reader's language.
pub fn group_name(ui: &Ui, key: &str) -> String {
    if key == spp_monitoring::group::UNKNOWN {
        ui.t("unknown").to_string()
    } else {
        key.to_string()
    }
}

/// The name of a CPV division: the label of `DD000000` in the CPV 2008 list, which spp has
/// in English only; Dutch and French pages show the code alone rather than English.
pub fn cpv_division(ui: &Ui, s: &WebState, division: &str) -> String {
    if ui.lang != Lang::En || division == spp_monitoring::group::UNKNOWN {
        return String::new();
    }
    spp_domain::Cpv::parse(&format!("{division}000000"))
        .ok()
        .and_then(|c| s.app.catalogue().cpv_list().label(&c).map(str::to_string))
        .unwrap_or_default()
}

/// yes / no / not reported.
pub fn yes_no(ui: &Ui, v: Option<bool>) -> Markup {
    match v {
        Some(true) => html! { span.yes { (ui.t("yes")) } },
        Some(false) => html! { (ui.t("no")) },
        None => html! { span.muted { (ui.t("not_reported")) } },
    }
}
