//! The criteria guide: product groups (`/guide`), a group's fiche with its criteria per stage
//! and ambition level, labels and CPV codes (`/guide/groups/{id}?level=`), printable and
//! downloadable (`…/fiche.md`), the group of a CPV code with check-digit validation
//! (`/guide/cpv?code=`), and the labels (`/guide/labels`). All from `spp_app::guide`. A
//! group's page ends with its good practices ([`super::practice`]); its views and
//! downloads are counted.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use spp_app::guide::{self, practice_render, render, Fiche, GuideQuery, GuideView};
use spp_app::practices::usage::{UsageEvent, UsagePage};
use spp_app::{App, AppError};
use spp_catalogue::{Catalogue, Stage};

use super::layout::{page, Section};
use super::practice::{self, count, Request};
use crate::error::{OrPage, PageError};
use crate::i18n::{encode, Ui};
use crate::WebState;

fn level(ui: &Ui) -> Result<u8, AppError> {
    match ui.query.iter().find(|(k, _)| k == "level") {
        None => Ok(guide::MAX_LEVEL),
        Some((_, v)) => v
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=guide::MAX_LEVEL).contains(l))
            .ok_or_else(|| AppError::bad_input("level", v, "not an ambition level (1, 2 or 3)")),
    }
}

pub async fn groups(State(s): State<WebState>, ui: Ui) -> Result<Markup, PageError> {
    let cat = s.app.catalogue();
    let library = s.app.guide_practices(None).await.or_page(&ui)?;
    let fiches = |id: &str| {
        library
            .iter()
            .filter(|l| l.practice.product_group == id)
            .count()
    };
    Ok(page(
        &ui,
        Section::Guide,
        ui.t("guide_title"),
        html! {
            (cpv_form(&ui, ""))
            h2 { (ui.t("groups")) }
            table #groups {
                thead { tr { th scope="col" { (ui.t("product_group")) } th.num scope="col" { (ui.t("criteria")) } th.num scope="col" { (ui.t("cpv_codes")) } th scope="col" { (ui.t("eu_gpp_set")) } th.num scope="col" { (practice_render::heading(ui.lang)) } } }
                tbody {
                    @for g in guide::groups(cat, guide::MAX_LEVEL) {
                        tr {
                            th scope="row" { a href=(format!("/guide/groups/{}", encode(&g.group.id))) { (g.group.name(ui.lang)) } }
                            td.num { (g.criteria) } td.num { (g.cpv_codes) }
                            td { (g.group.eu_gpp_set.as_deref().unwrap_or("")) }
                            td.num { (fiches(&g.group.id)) }
                        }
                    }
                }
            }
            p { a href="/guide/labels" { (ui.t("labels")) } }
        },
    ))
}

fn cpv_form(ui: &Ui, value: &str) -> Markup {
    html! {
        form.filters method="get" action="/guide/cpv" role="search" {
            input type="hidden" name="lang" value=(ui.lang.as_str());
            label for="cpv" { (ui.t("cpv_code")) input #cpv type="text" name="code" required size="14" value=(value) pattern="[0-9]{2,8}(-[0-9])?"; }
            button type="submit" { (ui.t("find")) }
        }
    }
}

/// The view with the group's good practices from the library.
async fn with_practices<'c>(app: &App, view: GuideView<'c>) -> Result<GuideView<'c>, AppError> {
    let library = app.guide_practices(None).await?;
    Ok(view.with_practices(library.into_iter().map(|l| l.practice)))
}

/// The group a view shows, for the counter.
fn group_id(view: &GuideView<'_>) -> Option<String> {
    match view {
        GuideView::Fiche(f) => Some(f.group.id.clone()),
        _ => None,
    }
}

/// The view of `query` with its group's good practices; its use is counted as `event`.
async fn counted_view<'c>(
    s: &'c WebState,
    ui: &Ui,
    query: GuideQuery,
    req: Request,
    event: UsageEvent,
) -> Result<GuideView<'c>, PageError> {
    let level = level(ui).or_page(ui)?;
    let view = guide::view(s.app.catalogue(), &query, level).or_page(ui)?;
    let view = with_practices(&s.app, view).await.or_page(ui)?;
    if let Some(id) = group_id(&view) {
        count(s, &req, UsagePage::Guide, &id, event).await;
    }
    Ok(view)
}

/// A Markdown file to download as `spp-<name>.md` (`name` keeps letters, digits and `-`).
pub fn markdown_file(name: &str, text: String) -> Response {
    let name = name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "");
    let disposition = format!("attachment; filename=\"spp-{name}.md\"");
    (
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response()
}

pub async fn group(
    State(s): State<WebState>,
    ui: Ui,
    req: Request,
    Path(id): Path<String>,
) -> Result<Markup, PageError> {
    let view = counted_view(&s, &ui, GuideQuery::Group(id), req, UsageEvent::View).await?;
    Ok(fiche_page(&ui, s.app.catalogue(), &view))
}

pub async fn cpv(State(s): State<WebState>, ui: Ui, req: Request) -> Result<Response, PageError> {
    let code = ui
        .query
        .iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let view = counted_view(&s, &ui, GuideQuery::Cpv(code), req, UsageEvent::View).await?;
    Ok(fiche_page(&ui, s.app.catalogue(), &view).into_response())
}

pub async fn fiche_download(
    State(s): State<WebState>,
    ui: Ui,
    req: Request,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let query = GuideQuery::Group(id.clone());
    let view = counted_view(&s, &ui, query, req, UsageEvent::Download).await?;
    let text = render::render(s.app.catalogue(), &view, ui.lang, render::Format::Markdown);
    Ok(markdown_file(&format!("{id}-{}", ui.lang.as_str()), text))
}

fn fiche_page(ui: &Ui, cat: &Catalogue, view: &GuideView<'_>) -> Markup {
    let GuideView::Fiche(f) = view else {
        return html! {};
    };
    page(ui, Section::Guide, f.group.name(ui.lang), fiche(ui, cat, f))
}

fn fiche(ui: &Ui, cat: &Catalogue, f: &Fiche<'_>) -> Markup {
    let base = format!("/guide/groups/{}", encode(&f.group.id));
    html! {
        @if let Some(m) = &f.matched_cpv {
            p #matched { (ui.t("found_by_cpv")) ": " strong { (m.with_check_digit.clone().unwrap_or_else(|| m.code.to_string())) } }
        }
        form.filters.noprint method="get" action=(base) {
            input type="hidden" name="lang" value=(ui.lang.as_str());
            label for="level" { (ui.t("up_to_level"))
                select #level name="level" { @for l in 1..=guide::MAX_LEVEL { option value=(l) selected[l == f.level] { (ui.t(&format!("level_{l}"))) } } }
            }
            button type="submit" { (ui.t("show")) }
            button.secondary type="button" onclick="window.print()" { (ui.t("print")) }
            a.button.secondary href=(format!("{base}/fiche.md?level={}&lang={}", f.level, ui.lang.as_str())) download { (ui.t("download_fiche")) }
        }
        @for stage in Stage::ALL {
            @let criteria: Vec<_> = f.criteria.iter().filter(|c| c.stage == stage).collect();
            @if !criteria.is_empty() {
                h2 { (stage.label(ui.lang)) }
                @for c in criteria {
                    section.card.criterion id=(c.id) {
                        h3 { (c.title.get(ui.lang)) }
                        p.muted { (ui.t("level")) ": " (ui.t(&format!("level_{}", c.level))) " · " (ui.t("themes")) ": "
                            (c.themes.iter().map(|t| ui.t(&format!("theme_{}", t.as_str()))).collect::<Vec<_>>().join(", "))
                            @if c.essential { " · " strong { (ui.t("essential")) } } }
                        p { (c.text.get(ui.lang)) }
                        p { strong { (ui.t("verification")) ": " } (c.verification.get(ui.lang)) }
                        @let labels = guide::label_names(cat, c);
                        @if !labels.is_empty() { p { strong { (ui.t("labels")) ": " } (labels.join(", ")) } }
                    }
                }
            }
        }
        h2 { (ui.t("cpv_codes")) }
        p #group-cpv { @for c in f.group.cpv.iter().chain(&f.group.cpv_exact) { code { (c) } " " } }
        (practice::section(ui, &f.practices))
    }
}

pub async fn labels(State(s): State<WebState>, ui: Ui) -> Markup {
    let cat = s.app.catalogue();
    page(
        &ui,
        Section::Guide,
        ui.t("labels"),
        html! {
            table #labels {
                thead { tr { th scope="col" { (ui.t("name")) } th scope="col" { (ui.t("issuer")) } th scope="col" { (ui.t("label_kind")) } th scope="col" { (ui.t("covers")) } } }
                tbody {
                    @for l in cat.labels() {
                        tr { th scope="row" lang="en" { (l.name) } td lang="en" { (l.issuer) } td { (ui.t(&format!("kind_{}", l.kind.as_str()))) } td { (l.covers.get(ui.lang)) } }
                    }
                }
            }
        },
    )
}
