//! The lots behind a figure: `/lots?indicator=SPP-2&stage=award&<filters>` lists the lots in
//! the numerator and those only in the denominator, with the reasons and links to each lot.

use axum::extract::State;
use maud::{html, Markup};
use spp_app::figure::{parse_stage, FigureLot, FigureQuery};
use spp_app::AppError;

use super::filters;
use super::labels;
use super::layout::{int, page, Section};
use crate::error::{OrPage, PageError};
use crate::i18n::{encode, Ui};
use crate::WebState;

/// Lots listed per side.
pub const LIMIT: usize = 500;

pub async fn handler(State(s): State<WebState>, ui: Ui) -> Result<Markup, PageError> {
    let query = query(&s, &ui.query, LIMIT).or_page(&ui)?;
    let lots = s.app.figure_lots(&query, &s.policy).await.or_page(&ui)?;
    let title = format!(
        "{} — {} ({}, {})",
        ui.t("figure_lots"),
        ui.t(&format!("ind_{}", lots.indicator)),
        lots.indicator,
        labels::stage(&ui, lots.stage)
    );
    let back = filters::href("/", &query.filter, &[]);
    Ok(page(
        &ui,
        Section::Dashboard,
        &title,
        html! {
            p { a href=(back) { (ui.t("back_home")) } }
            p #figure-counts {
                (ui.t("in_numerator")) ": " strong { (int(&ui, lots.numerator_lots as u64)) } " · "
                (ui.t("denominator")) ": " strong { (int(&ui, lots.denominator_lots as u64)) }
            }
            h2 #numerator { (ui.t("in_numerator")) " (" (int(&ui, lots.numerator_lots as u64)) ")" }
            (table(&ui, &lots.numerator, lots.numerator_lots))
            h2 #denominator { (ui.t("in_denominator_only")) " (" (int(&ui, (lots.denominator_lots - lots.numerator_lots) as u64)) ")" }
            (table(&ui, &lots.denominator_only, lots.denominator_lots - lots.numerator_lots))
        },
    ))
}

/// The figure a request asks for.
pub fn query(
    s: &WebState,
    pairs: &[(String, String)],
    limit: usize,
) -> Result<FigureQuery, AppError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let indicator = get("indicator").ok_or_else(|| {
        AppError::bad_input(
            "indicator",
            "",
            format!(
                "missing (known: {})",
                spp_app::figure::indicator_ids().join(", ")
            ),
        )
    })?;
    Ok(FigureQuery {
        filter: filters::parse_pairs(s, pairs, &["indicator", "stage", "limit"])?,
        indicator: indicator.to_string(),
        stage: parse_stage(get("stage").unwrap_or("award"))?,
        limit,
    })
}

/// The link to a lot's page.
pub fn lot_href(notice_id: &str, lot_id: &str) -> String {
    format!("/notices/{}/lots/{}", encode(notice_id), encode(lot_id))
}

fn table(ui: &Ui, lots: &[FigureLot], total: usize) -> Markup {
    html! {
        table.lots {
            thead { tr {
                th scope="col" { (ui.t("notice")) }
                th scope="col" { (ui.t("lot")) }
                th scope="col" { (ui.t("buyer")) }
                th scope="col" { (ui.t("year")) }
                th scope="col" { (ui.t("main_cpv")) }
                th scope="col" { (ui.t("why")) }
            } }
            tbody {
                @for l in lots {
                    tr {
                        td { a href=(format!("/notices/{}", encode(&l.notice_id))) { (l.notice_id) } }
                        td { a.lot-link href=(lot_href(&l.notice_id, &l.lot_id)) { (l.lot_id) } }
                        td { (l.buyer.as_deref().unwrap_or("")) }
                        td { (l.year.map(|y| y.to_string()).unwrap_or_default()) }
                        td { (l.main_cpv.as_deref().unwrap_or("")) }
                        td { code { (l.reasons.join("; ")) } }
                    }
                }
            }
        }
        @if total > lots.len() { p.muted { (int(ui, (total - lots.len()) as u64)) " " (ui.t("more_lots")) } }
    }
}
