//! The notice explorer: search by TED publication number, notice id, buyer or CPV
//! (`/notices?q=`), and a notice's page with its lots (`/notices/{id}`).

use axum::extract::{Path, State};
use maud::{html, Markup};
use spp_app::search::{SearchKind, SearchResult};

use super::figure::lot_href;
use super::layout::{int, page, Section};
use super::notice::record_summary;
use crate::error::{OrPage, PageError};
use crate::i18n::codelists::{self, List};
use crate::i18n::{encode, Ui};
use crate::WebState;

/// Hits listed.
pub const LIMIT: usize = 200;

pub async fn search(State(s): State<WebState>, ui: Ui) -> Result<Markup, PageError> {
    let q = ui
        .query
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone());
    let result = match q.as_deref() {
        Some(q) => Some(s.app.search(q, LIMIT).await.or_page(&ui)?),
        None => None,
    };
    Ok(page(
        &ui,
        Section::Explorer,
        ui.t("explorer_title"),
        html! {
            form.filters method="get" action="/notices" role="search" {
                input type="hidden" name="lang" value=(ui.lang.as_str());
                label for="q" { (ui.t("search_label"))
                    input #q type="search" name="q" size="40" required value=(q.as_deref().unwrap_or("")) placeholder=(ui.t("search_hint"));
                }
                button type="submit" { (ui.t("search")) }
            }
            @if let Some(r) = &result { (hits(&ui, r)) }
        },
    ))
}

fn kind_name(ui: &Ui, k: &SearchKind) -> String {
    match k {
        SearchKind::PublicationNumber(n) => {
            format!("{} {n}", ui.t("search_kind_publication_number"))
        }
        SearchKind::Cpv(c) => format!("{} {c}…", ui.t("search_kind_cpv")),
        SearchKind::Text(t) => format!("{} “{t}”", ui.t("search_kind_text")),
    }
}

fn hits(ui: &Ui, r: &SearchResult) -> Markup {
    html! {
        p #search-summary { (ui.t("searched_for")) ": " (kind_name(ui, &r.query)) " — " strong { (int(ui, r.total as u64)) } " " (ui.t("results")) }
        @if r.hits.is_empty() { p { (ui.t("no_results")) } }
        @else {
            table #hits {
                thead { tr {
                    th scope="col" { (ui.t("notice_id")) }
                    th scope="col" { (ui.t("publication_number")) }
                    th scope="col" { (ui.t("form_type")) }
                    th scope="col" { (ui.t("buyer")) }
                    th scope="col" { (ui.t("year")) }
                    th.num scope="col" { (ui.t("lots")) }
                    th scope="col" { (ui.t("main_cpv")) }
                } }
                tbody {
                    @for h in &r.hits {
                        tr {
                            td { a.notice-link href=(format!("/notices/{}", encode(&h.notice_id))) { (h.notice_id) } }
                            td { (h.publication_number.as_deref().unwrap_or("")) }
                            td { (h.form_type.as_deref().map(|f| codelists::name(List::FormType, f, ui.lang)).unwrap_or_default()) }
                            td { (h.buyer.as_deref().unwrap_or("")) }
                            td { (h.year.map(|y| y.to_string()).unwrap_or_default()) }
                            td.num { (h.lots) }
                            td { (h.main_cpv.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}

pub async fn notice(
    State(s): State<WebState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Markup, PageError> {
    let explained = s.app.explain(&id, &s.policy).await.or_page(&ui)?;
    let title = format!("{} {}", ui.t("notice"), explained.notice_id);
    Ok(page(
        &ui,
        Section::Explorer,
        &title,
        html! {
            @if let Some(first) = explained.first() { (record_summary(&ui, s.app.catalogue(), first, false)) }
            h2 { (ui.t("lots_of_notice")) }
            @if explained.records.is_empty() { p { (ui.t("no_lots")) } }
            @else {
                ul #lots {
                    @for r in &explained.records {
                        li { a.lot-link href=(lot_href(&r.notice_id, &r.lot_id)) { (ui.t("lot")) " " (r.lot_id) } " — " (r.main_cpv.as_ref().map(|c| c.to_string()).unwrap_or_default()) }
                    }
                }
            }
        },
    ))
}
