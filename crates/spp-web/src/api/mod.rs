//! The JSON API under `/api/v1/`. Every route is registered through utoipa's router, so the
//! OpenAPI 3.1 document served at `/api/v1/openapi.json` is generated from the same code that
//! routes the requests. Each handler parses the request into one `spp-app` use case's input
//! and returns its typed output as JSON.

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::Value;
use spp_app::guide::render::{render, Format};
use spp_app::guide::{view, GuideQuery};
use spp_app::{AppError, Filter};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorBody};
use crate::i18n::{query_pairs, Lang, Ui};
use crate::WebState;

pub mod params;
pub mod register;

use params::{FigureParams, FilterParams, GuideParams, SearchParams};

type ApiResult = Result<Json<Value>, ApiError>;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "spp API",
        description = "Monitoring indicators of sustainable public procurement, notices and lots, the criteria guide and life-cycle cost, from spp (docs/WEB.md). Errors are JSON ErrorBody objects: 400 bad input (naming the parameter and the accepted values), 401 no or an unknown API token, 403 not allowed, 404 not found, 503 database unavailable, 500 internal. The register routes take an API token as Authorization: Bearer (made on /account/tokens).",
        license(name = "Apache-2.0")
    ),
    servers((url = "/api/v1", description = "this server")),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The register routes' `Authorization: Bearer <API token>`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The API routes with their OpenAPI description.
pub fn routes() -> OpenApiRouter<WebState> {
    let r = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(indicators))
        .routes(routes!(figure_lots))
        .routes(routes!(search))
        .routes(routes!(notice))
        .routes(routes!(guide_groups))
        .routes(routes!(guide_group))
        .routes(routes!(guide_cpv))
        .routes(routes!(guide_labels))
        .routes(routes!(lcc));
    register::routes(r)
}

/// The OpenAPI document of this API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().split_for_parts().1
}

/// An unknown API path: 404 as JSON.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError(AppError::NotFound(format!("no API route {}", uri.path())))
}

fn filter(s: &WebState, raw: Option<&str>, other: &[&str]) -> Result<Filter, AppError> {
    crate::pages::filters::parse_pairs(s, &query_pairs(raw), other)
}

fn json<T: serde::Serialize>(v: &T) -> ApiResult {
    Ok(Json(serde_json::to_value(v).map_err(AppError::from)?))
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of the API")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

/// Every indicator (numerator, denominator, value, coverage; count and EUR; call and award),
/// the corpus facts, lots by year and format, and the flagged values, for the filtered lots;
/// rows for the whole selection (`group_by` null) and by year.
#[utoipa::path(get, path = "/indicators", tag = "monitoring", params(FilterParams),
    responses((status = 200, description = "The report", body = Object),
              (status = 400, description = "An unknown filter or value", body = ErrorBody),
              (status = 503, description = "The database is unavailable", body = ErrorBody)))]
async fn indicators(State(s): State<WebState>, RawQuery(q): RawQuery) -> ApiResult {
    // The totals and the rows by year; the dashboard's buyer and country lists stay out of
    // the answer (thousands of rows on a large store).
    let query = spp_app::ReportQuery {
        filter: filter(&s, q.as_deref(), &[])?,
        extra_groupings: vec![spp_monitoring::GroupBy::Year],
        ..Default::default()
    };
    json(&s.app.report(&query, &s.policy).await?)
}

/// The lots behind one figure: in the numerator, and in the denominator only, with reasons.
#[utoipa::path(get, path = "/lots", tag = "monitoring", params(FigureParams, FilterParams),
    responses((status = 200, description = "The lots of the figure", body = Object),
              (status = 400, description = "An unknown indicator, stage or filter", body = ErrorBody)))]
async fn figure_lots(State(s): State<WebState>, RawQuery(q): RawQuery) -> ApiResult {
    let pairs = query_pairs(q.as_deref());
    let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let limit = match get("limit") {
        None => 100,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|l| *l <= 5000)
            .ok_or_else(|| {
                AppError::bad_input("limit", l, "not a number of lots from 0 to 5000")
            })?,
    };
    let query = crate::pages::figure::query(&s, &pairs, limit)?;
    json(&s.app.figure_lots(&query, &s.policy).await?)
}

/// Notices by TED publication number, notice id, buyer name or CPV code.
#[utoipa::path(get, path = "/notices", tag = "notices", params(SearchParams),
    responses((status = 200, description = "The notices found", body = Object),
              (status = 400, description = "An empty search", body = ErrorBody)))]
async fn search(State(s): State<WebState>, RawQuery(q): RawQuery) -> ApiResult {
    let pairs = query_pairs(q.as_deref());
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map_or("", |(_, v)| v.as_str());
    json(&s.app.search(q, crate::pages::explorer::LIMIT).await?)
}

/// One notice: its lot records and, per lot, how it counts in every indicator and why.
#[utoipa::path(get, path = "/notices/{id}", tag = "notices",
    params(("id" = String, Path, description = "Notice id (BT-701)")),
    responses((status = 200, description = "The notice explained", body = Object),
              (status = 404, description = "No such notice", body = ErrorBody)))]
async fn notice(State(s): State<WebState>, Path(id): Path<String>) -> ApiResult {
    json(&s.app.explain(&id, &s.policy).await?)
}

fn guide_json(s: &WebState, ui: &Ui, query: GuideQuery, raw: Option<&str>) -> ApiResult {
    let pairs = query_pairs(raw);
    let lang = match pairs.iter().find(|(k, _)| k == "lang") {
        Some((_, v)) => Lang::parse(v).ok_or_else(|| {
            AppError::bad_input("lang", v, "unknown language (known: nl, fr, en)")
        })?,
        None => ui.lang,
    };
    let level = match pairs.iter().find(|(k, _)| k == "level") {
        Some((_, v)) => v
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=3).contains(l))
            .ok_or_else(|| AppError::bad_input("level", v, "not an ambition level (1, 2 or 3)"))?,
        None => spp_app::guide::MAX_LEVEL,
    };
    let catalogue = s.app.catalogue();
    let text = render(
        catalogue,
        &view(catalogue, &query, level)?,
        lang,
        Format::Json,
    );
    Ok(Json(serde_json::from_str(&text).map_err(AppError::from)?))
}

/// The product groups of the criteria guide.
#[utoipa::path(get, path = "/guide", tag = "guide", params(GuideParams),
    responses((status = 200, description = "Product groups with their number of criteria", body = Object)))]
async fn guide_groups(State(s): State<WebState>, ui: Ui, RawQuery(q): RawQuery) -> ApiResult {
    guide_json(&s, &ui, GuideQuery::Groups, q.as_deref())
}

/// One product group's fiche: criteria per stage and level, labels, CPV codes.
#[utoipa::path(get, path = "/guide/groups/{group}", tag = "guide",
    params(("group" = String, Path, description = "Product group id"), GuideParams),
    responses((status = 200, description = "The fiche", body = Object),
              (status = 404, description = "No such product group", body = ErrorBody)))]
async fn guide_group(
    State(s): State<WebState>,
    ui: Ui,
    Path(group): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    guide_json(&s, &ui, GuideQuery::Group(group), q.as_deref())
}

/// The fiche of the product group of a CPV code (the check digit, if given, is verified).
#[utoipa::path(get, path = "/guide/cpv/{code}", tag = "guide",
    params(("code" = String, Path, description = "CPV code, 8 digits, optionally with its check digit (30213100-6)"), GuideParams),
    responses((status = 200, description = "The fiche", body = Object),
              (status = 400, description = "Not a CPV code, or a wrong check digit", body = ErrorBody),
              (status = 404, description = "The code is in no product group", body = ErrorBody)))]
async fn guide_cpv(
    State(s): State<WebState>,
    ui: Ui,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    guide_json(&s, &ui, GuideQuery::Cpv(code), q.as_deref())
}

/// The labels accepted as proof.
#[utoipa::path(get, path = "/guide/labels", tag = "guide", params(GuideParams),
    responses((status = 200, description = "The labels", body = Object)))]
async fn guide_labels(State(s): State<WebState>, ui: Ui, RawQuery(q): RawQuery) -> ApiResult {
    guide_json(&s, &ui, GuideQuery::Labels, q.as_deref())
}

/// Life-cycle cost of the offers of an evaluation (the TOML of docs/LCC.md, as the body),
/// computed by the engine of `spp lcc`.
#[utoipa::path(post, path = "/lcc", tag = "lcc",
    request_body(content = String, description = "The evaluation as TOML", content_type = "application/toml"),
    responses((status = 200, description = "Every offer's cost breakdown, ranking and points", body = Object),
              (status = 400, description = "The evaluation is not valid", body = ErrorBody)))]
async fn lcc(body: String) -> ApiResult {
    let result = spp_app::lcc::evaluate_toml(&body, std::path::Path::new("the request body"))?;
    Ok(Json(
        spp_app::lcc::render::to_json(&result).map_err(AppError::from)?,
    ))
}
