//! The register's JSON API: contracts listed, created, read, changed and soft-deleted, as
//! the user of the `Authorization: Bearer <token>` API token (made on `/account/tokens`).
//! No cookie is read here, so no CSRF token is needed; the use cases authorize.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::Json;
use spp_app::auth::Actor;
use spp_app::register::ContractQuery;
use spp_app::AppError;
use spp_register::ContractInput;

use super::{json, ApiResult};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::query_pairs;
use crate::WebState;

/// The actor of the request's bearer token; anonymous without one.
async fn actor(s: &WebState, headers: &HeaderMap) -> Result<Actor, ApiError> {
    let Some(raw) = headers.get(AUTHORIZATION) else {
        return Ok(Actor::Anonymous);
    };
    let token = raw
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            AppError::Unauthenticated("expected Authorization: Bearer <token>".into())
        })?;
    Ok(s.app.token_actor(token).await?)
}

/// The body as a contract; `entity` and `reference` from the path when given there.
fn input_of(body: &[u8], key: Option<(&str, &str)>) -> Result<ContractInput, AppError> {
    let mut input: ContractInput = serde_json::from_slice(body)
        .map_err(|e| AppError::bad_input("body", "", format!("not a contract as JSON: {e}")))?;
    if let Some((entity, reference)) = key {
        for (field, given, path) in [
            ("entity", &mut input.entity, entity),
            ("reference", &mut input.reference, reference),
        ] {
            if given.trim().is_empty() {
                *given = path.to_string();
            } else if given.trim() != path {
                return Err(AppError::bad_input(
                    field,
                    given.clone(),
                    format!("differs from the path ({path})"),
                ));
            }
        }
    }
    Ok(input)
}

/// The contracts that are not deleted, of one entity (`?entity=`) or all.
#[utoipa::path(get, path = "/register/contracts", tag = "register",
    params(("entity" = Option<String>, Query, description = "Entity code")),
    security(("bearer" = [])),
    responses((status = 200, description = "The contracts with their lots", body = Object),
              (status = 401, description = "No or an unknown API token", body = ErrorBody)))]
async fn list(State(s): State<WebState>, headers: HeaderMap, RawQuery(q): RawQuery) -> ApiResult {
    let actor = actor(&s, &headers).await?;
    let entity = query_pairs(q.as_deref())
        .into_iter()
        .find(|(k, _)| k == "entity")
        .map(|(_, v)| v);
    let query = ContractQuery {
        entity,
        include_deleted: false,
    };
    json(&s.app.contracts(&actor, &query).await?)
}

/// Creates a contract, or changes the one with the same entity and reference.
#[utoipa::path(post, path = "/register/contracts", tag = "register",
    request_body(content = Object, description = "The contract as typed: entity, reference, title, procedure, lots [{cpv, …}] (docs/REGISTER.md)", content_type = "application/json"),
    security(("bearer" = [])),
    responses((status = 200, description = "What the save did: key and created/updated/unchanged", body = Object),
              (status = 400, description = "A refused field (parameter = its path, e.g. lots[0].cpv)", body = ErrorBody),
              (status = 401, description = "No or an unknown API token", body = ErrorBody),
              (status = 403, description = "Not allowed to write contracts of this entity", body = ErrorBody)))]
async fn create(State(s): State<WebState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let actor = actor(&s, &headers).await?;
    json(&s.app.save_contract(&actor, &input_of(&body, None)?).await?)
}

/// One contract (a deleted one too, marked `deleted`).
#[utoipa::path(get, path = "/register/contracts/{entity}/{reference}", tag = "register",
    params(("entity" = String, Path, description = "Entity code"), ("reference" = String, Path, description = "The entity's reference (percent-encoded)")),
    security(("bearer" = [])),
    responses((status = 200, description = "The contract", body = Object),
              (status = 404, description = "No such contract", body = ErrorBody)))]
async fn one(
    State(s): State<WebState>,
    headers: HeaderMap,
    Path((e, r)): Path<(String, String)>,
) -> ApiResult {
    let actor = actor(&s, &headers).await?;
    json(&s.app.contract(&actor, &format!("{e}/{r}")).await?)
}

/// Replaces the contract (entity and reference from the path).
#[utoipa::path(put, path = "/register/contracts/{entity}/{reference}", tag = "register",
    params(("entity" = String, Path, description = "Entity code"), ("reference" = String, Path, description = "The entity's reference")),
    request_body(content = Object, description = "The contract as typed", content_type = "application/json"),
    security(("bearer" = [])),
    responses((status = 200, description = "What the save did", body = Object),
              (status = 400, description = "A refused field", body = ErrorBody),
              (status = 403, description = "Not allowed", body = ErrorBody)))]
async fn replace(
    State(s): State<WebState>,
    headers: HeaderMap,
    Path((e, r)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let actor = actor(&s, &headers).await?;
    json(
        &s.app
            .save_contract(&actor, &input_of(&body, Some((&e, &r)))?)
            .await?,
    )
}

/// Soft-deletes the contract.
#[utoipa::path(delete, path = "/register/contracts/{entity}/{reference}", tag = "register",
    params(("entity" = String, Path, description = "Entity code"), ("reference" = String, Path, description = "The entity's reference")),
    security(("bearer" = [])),
    responses((status = 200, description = "Deleted: {\"deleted\": key}", body = Object),
              (status = 403, description = "Not allowed", body = ErrorBody),
              (status = 404, description = "No such contract", body = ErrorBody)))]
async fn delete(
    State(s): State<WebState>,
    headers: HeaderMap,
    Path((e, r)): Path<(String, String)>,
) -> ApiResult {
    let actor = actor(&s, &headers).await?;
    let key = format!("{e}/{r}");
    s.app.delete_contract(&actor, &key).await?;
    Ok(Json(serde_json::json!({ "deleted": key })))
}

/// The register routes.
pub fn routes(
    r: utoipa_axum::router::OpenApiRouter<WebState>,
) -> utoipa_axum::router::OpenApiRouter<WebState> {
    use utoipa_axum::routes;
    r.routes(routes!(list, create))
        .routes(routes!(one, replace, delete))
}
