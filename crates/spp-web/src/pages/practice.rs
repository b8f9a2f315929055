//! Good-practice fiches: the "good practices" section of a group's guide page, a fiche's own
//! page (`/guide/practices/{id}`) and its download (`…/fiche.md`). Views and downloads of the
//! guide pages and the fiches are counted through `spp_app::practices::usage` (which decides
//! what counts: GET from a browser, no robots).

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;
use maud::{html, Markup};
use spp_app::guide::practice_render::{self as render, Labels};
use spp_app::practices::usage::{PageUse, UsageEvent, UsagePage};
use spp_app::practices::{Listed, Origin};
use spp_catalogue::{Catalogue, Practice};

use super::guide::markdown_file;
use super::layout::{page, Section};
use crate::error::{OrPage, PageError};
use crate::i18n::{encode, Ui};
use crate::WebState;

/// What the request was, for the counter: its method and headers.
pub struct Request {
    pub method: Method,
    pub headers: HeaderMap,
}

impl<S: Send + Sync> FromRequestParts<S> for Request {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Request {
            method: parts.method.clone(),
            headers: parts.headers.clone(),
        })
    }
}

/// Counts a use of a page; a counter that fails is logged and the page is served anyway.
pub async fn count(s: &WebState, req: &Request, page: UsagePage, subject: &str, event: UsageEvent) {
    let agent = req
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let used = PageUse {
        day: chrono::Utc::now().date_naive(),
        method: req.method.as_str(),
        user_agent: agent,
        page,
        subject,
        event,
    };
    if let Err(e) = s.app.record_use(&used).await {
        tracing::warn!(
            "the use of {} {subject:?} was not counted: {e}",
            page.as_str()
        );
    }
}

/// The section of a group's page: one card per fiche, linking to its page.
pub fn section(ui: &Ui, practices: &[Practice]) -> Markup {
    let l = Labels::of(ui.lang);
    html! {
        section #good-practices aria-labelledby="good-practices-h" {
            h2 #good-practices-h { (render::heading(ui.lang)) }
            @if practices.is_empty() { p.muted { (l.empty) } }
            @for p in practices {
                article.card.practice id=(format!("practice-{}", p.id)) {
                    h3 { a href=(format!("/guide/practices/{}?lang={}", encode(&p.id), ui.lang.as_str())) { (p.title.get(ui.lang)) } }
                    p.muted { (l.buyer) ": " (p.buyer) " (" (p.country) ")" @if let Some(y) = p.year { " · " (l.year) " " (y) } }
                    p { (p.done.get(ui.lang)) }
                }
            }
        }
    }
}

fn body(ui: &Ui, cat: &Catalogue, p: &Practice, origin: Origin) -> Markup {
    let l = Labels::of(ui.lang);
    let group = format!("/guide/groups/{}", encode(&p.product_group));
    let group_name = cat
        .group(&p.product_group)
        .map_or(p.product_group.as_str(), |g| g.name(ui.lang));
    let criteria = render::criteria(cat, p, ui.lang);
    html! {
        p.muted { (ui.t("product_group")) ": " a href=(format!("{group}?lang={}", ui.lang.as_str())) { (group_name) }
            @if origin == Origin::Register { " · " (l.from_register) } }
        dl.practice {
            dt { (l.buyer) } dd { (p.buyer) " (" (p.country) ")" }
            @if let Some(y) = p.year { dt { (l.year) } dd { (y) } }
            dt { (l.done) } dd { (p.done.get(ui.lang)) }
            dt { (l.criteria) }
            dd {
                @if criteria.is_empty() { (l.none) }
                ul { @for (id, text) in p.criteria.iter().zip(&criteria) {
                    li { a href=(format!("{group}?lang={}#{}", ui.lang.as_str(), encode(id))) { (text) } }
                } }
            }
            dt { (l.result) } dd { (render::result(p, &l, ui.lang)) }
            dt { (l.source) } dd { a href=(p.link) rel="noopener" { (p.source) } }
            dt { (l.languages) } dd { (p.languages.join(", ")) }
        }
        p.noprint {
            a.button.secondary href=(format!("/guide/practices/{}/fiche.md?lang={}", encode(&p.id), ui.lang.as_str())) download { (l.download) }
        }
    }
}

/// The fiche `id` of the library; its use is counted as `event`.
async fn counted(
    s: &WebState,
    ui: &Ui,
    req: Request,
    id: &str,
    event: UsageEvent,
) -> Result<Listed, PageError> {
    let listed = s.app.practice(id).await.or_page(ui)?;
    count(s, &req, UsagePage::Practice, id, event).await;
    Ok(listed)
}

/// `/guide/practices/{id}`: one fiche.
pub async fn show(
    State(s): State<WebState>,
    ui: Ui,
    req: Request,
    Path(id): Path<String>,
) -> Result<Markup, PageError> {
    let listed = counted(&s, &ui, req, &id, UsageEvent::View).await?;
    let title = listed.practice.title.get(ui.lang).to_string();
    let body = body(&ui, s.app.catalogue(), &listed.practice, listed.origin);
    Ok(page(&ui, Section::Guide, &title, body))
}

/// `/guide/practices/{id}/fiche.md`: the fiche as Markdown in the page's language.
pub async fn download(
    State(s): State<WebState>,
    ui: Ui,
    req: Request,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let listed = counted(&s, &ui, req, &id, UsageEvent::Download).await?;
    let text = render::markdown(s.app.catalogue(), &listed.practice, ui.lang, true);
    Ok(markdown_file(
        &format!("practice-{id}-{}", ui.lang.as_str()),
        text,
    ))
}
