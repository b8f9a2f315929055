//! `/register?entity=`: the contracts (of one entity, or all), how many contracts and lots
//! the register holds, and the links to enter, import and export.

use axum::extract::State;
use maud::{html, Markup};
use spp_app::register::ContractQuery;
use spp_register::Eur;
use spp_store::register::{StoredContract, StoredEntity};

use super::contract_href;
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::pages::layout::{int, page, Section};
use crate::session::Session;
use crate::WebState;

/// The most contracts the page lists (the counts are of all); a filter narrows the list.
pub const LIST_MAX: usize = 500;

pub async fn handler(
    State(s): State<WebState>,
    session: Session,
    ui: Ui,
) -> Result<Markup, PageError> {
    let entity = ui
        .query
        .iter()
        .find(|(k, _)| k == "entity")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    let query = ContractQuery {
        entity: entity.clone(),
        include_deleted: false,
    };
    let contracts = s.app.contracts(&session.actor, &query).await.or_page(&ui)?;
    let entities = s.app.entities(&session.actor).await.or_page(&ui)?;
    Ok(render(&ui, &entities, entity.as_deref(), &contracts))
}

/// An amount in EUR with the reader's separators (whole euros).
pub fn eur(ui: &Ui, v: Option<Eur>) -> String {
    v.map_or("—".into(), |v| {
        format!("{} EUR", crate::pages::layout::amount(ui, v.as_decimal()))
    })
}

fn render(
    ui: &Ui,
    entities: &[StoredEntity],
    chosen: Option<&str>,
    contracts: &[StoredContract],
) -> Markup {
    let lots: usize = contracts.iter().map(|c| c.contract.lots.len()).sum();
    page(
        ui,
        Section::Register,
        ui.t("register_title"),
        html! {
            p #register-count {
                (ui.t("register_holds")) " "
                strong #contract-count { (int(ui, contracts.len() as u64)) } " " (ui.t("contracts_word")) ", "
                strong #lot-count { (int(ui, lots as u64)) } " " (ui.t("lots_word"))
            }
            ul.actions {
                li { a #new-contract href="/register/new" { (ui.t("contract_new")) } }
                li { a #import-link href="/register/import" { (ui.t("import_title")) } }
                li { (ui.t("export")) ": " a href={ "/register/export?format=csv" (entity_param(chosen)) } { "CSV" } " · "
                     a href={ "/register/export?format=xlsx" (entity_param(chosen)) } { "XLSX" } }
                li { a #figures-link href="/register/figures" { (ui.t("figures_link")) } }
                li { a href="/account/tokens" { (ui.t("tokens_title")) } }
            }
            form.filters method="get" action="/register" {
                label for="f-entity" { (ui.t("entity")) } " "
                select #f-entity name="entity" {
                    option value="" { (ui.t("any")) }
                    @for e in entities {
                        option value=(e.entity.code) selected[chosen == Some(e.entity.code.as_str())] {
                            (e.entity.name) " (" (e.entity.code) ")"
                        }
                    }
                }
                " " button #filter type="submit" { (ui.t("apply")) }
            }
            @if contracts.len() > LIST_MAX {
                p #list-cut { (ui.t("list_first")) " " (int(ui, LIST_MAX as u64)) ". " (ui.t("list_filter")) }
            }
            @if contracts.is_empty() { p #no-contracts { (ui.t("contracts_none")) } } @else {
                table #contracts {
                    thead { tr {
                        th { (ui.t("contract")) } th { (ui.t("title")) } th { (ui.t("procedure_type")) }
                        th { (ui.t("award_date")) } th.num { (ui.t("lots_heading")) } th.num { (ui.t("awarded_value")) }
                    } }
                    tbody { @for c in contracts.iter().take(LIST_MAX) { tr {
                        td { a href=(contract_href(&c.key())) { code { (c.key()) } } }
                        td { (c.contract.title) }
                        td { (super::form::procedure_name(ui, c.contract.procedure)) }
                        td { (c.contract.award_date.map(|d| d.to_string()).unwrap_or_default()) }
                        td.num { (c.contract.lots.len()) }
                        td.num { (eur(ui, c.contract.awarded_value())) }
                    } } }
                }
            }
        },
    )
}

fn entity_param(chosen: Option<&str>) -> String {
    chosen.map_or(String::new(), |e| {
        format!("&entity={}", crate::i18n::encode(e))
    })
}
