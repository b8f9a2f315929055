//! The JSON API under `/api/v1/`. Every route is registered through utoipa's router, so the
//! OpenAPI 3.1 document served at `/api/v1/openapi.json` is generated from the same code that
//! routes the requests.

use axum::Json;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::WebState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "spp API",
        description = "Monitoring indicators of sustainable public procurement, notices and lots, the criteria guide and life-cycle cost, from spp (docs/WEB.md).",
        license(name = "Apache-2.0")
    ),
    servers((url = "/api/v1", description = "this server")),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// The API routes with their OpenAPI description.
pub fn routes() -> OpenApiRouter<WebState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi()).routes(routes!(openapi_json))
}

/// The OpenAPI document of this API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().split_for_parts().1
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of the API")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

/// An unknown API path: 404 as JSON.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError(spp_app::AppError::NotFound(format!(
        "no API route {}",
        uri.path()
    )))
}
