//! Routes every service answers: liveness and readiness probes, the development sign-in, who
//! am I, and the sign-in endpoints of [`crate::sign_in`].

use crate::access::{Access, AccessTable};
use crate::auth::{self, CurrentActor};
use crate::db;
use crate::extract::ApiJson;
use crate::problem::{ApiError, ApiResult, Problem};
use crate::sessions::{self, Transport};
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use axum::http::Method;
use connessi_domain::{ErrorCode, TokenScope, User};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The shared routes with state and the access layer attached, for a service to merge.
pub fn service_router(platform: Platform) -> axum::Router {
    let (router, _) = router().split_for_parts();
    let guard = (platform.clone(), table());
    router
        .route_layer(axum::middleware::from_fn_with_state(
            guard,
            AccessTable::enforce,
        ))
        // Every service answers the `type` URIs of its problems (public documentation).
        .route("/problems/{code}", axum::routing::get(problem_type))
        .with_state(platform)
}

/// A human-readable page for each problem type, so `type` URIs resolve.
async fn problem_type(
    axum::extract::Path(code): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match ErrorCode::from_name(&code) {
        Some(code) => axum::response::Html(format!(
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{name}</title><h1>{name}</h1><p>HTTP {status}: {title}.</p></html>",
            name = code.name(),
            status = code.status(),
            title = code.title()
        ))
        .into_response(),
        None => ApiError::new(ErrorCode::NotFound, "no such problem type").into_response(),
    }
}

/// Who may call each shared route.
pub fn table() -> AccessTable {
    use Access::*;
    let shared = [
        (Method::GET, "/healthz", Public),
        (Method::GET, "/readyz", Public),
        (Method::POST, "/api/v1/dev/sign-in", Public),
        (Method::GET, "/api/v1/me", SignedIn),
        (Method::GET, "/api/v1/auth/providers", Public),
        (Method::GET, "/auth/{provider}/login", Public),
        (Method::GET, "/auth/{provider}/callback", Public),
        (Method::POST, "/api/v1/sign-out", SignedIn),
        (Method::POST, "/api/v1/sign-out/everywhere", SignedIn),
        (Method::GET, "/api/v1/admin/users", Admin),
        (
            Method::PUT,
            "/api/v1/moderation/users/{id}/block",
            Moderator,
        ),
        (Method::PUT, "/api/v1/admin/users/{id}/platform-role", Admin),
        (
            Method::POST,
            "/api/v1/providers/{id}/api-tokens",
            ProviderOwner("id"),
        ),
        (
            Method::GET,
            "/api/v1/providers/{id}/api-tokens",
            ProviderOwner("id"),
        ),
        (
            Method::DELETE,
            "/api/v1/providers/{id}/api-tokens/{token_id}",
            ProviderOwner("id"),
        ),
    ];
    AccessTable::new(shared.into_iter().chain(crate::organisations::table())).open_to_tokens([(
        Method::GET,
        "/api/v1/me",
        TokenScope::Read,
    )])
}

/// The routes and their OpenAPI description, before state is attached.
pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(dev_sign_in))
        .routes(routes!(me))
        .merge(crate::sign_in::router())
        .merge(crate::admin::router())
        .merge(crate::blocks::router())
        .merge(crate::organisations::router())
        .merge(crate::api_tokens::router())
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    pub status: String,
    pub database: String,
    pub pending_migrations: usize,
    /// What each background component reports, under its name (e.g. `search_index`).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub components: BTreeMap<String, serde_json::Value>,
}

/// The database is reachable, every migration is applied and no background component is
/// failing (one that merely lags behind is still ready).
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, body = Readiness), (status = 503, body = Problem, content_type = "application/problem+json")))]
async fn readyz(State(platform): State<Platform>) -> ApiResult<Json<Readiness>> {
    let unavailable = |detail: &str, internal: String| ApiError {
        internal: Some(internal),
        ..ApiError::new(ErrorCode::ServiceUnavailable, detail)
    };
    platform
        .db
        .ping()
        .await
        .map_err(|e| unavailable("the database is not reachable", e.to_string()))?;
    let pending = db::pending_migrations(&platform.db)
        .await
        .map_err(|e| unavailable("migrations cannot be read", e.to_string()))?;
    if pending > 0 {
        return Err(ApiError::new(
            ErrorCode::ServiceUnavailable,
            format!("{pending} migrations are not applied yet"),
        ));
    }
    let reports = platform.components.reports();
    if let Some((name, report)) = reports.iter().find(|(_, report)| !report.healthy) {
        return Err(unavailable(
            &format!("{name} is failing"),
            format!("{name}: {}", report.details),
        ));
    }
    Ok(Json(Readiness {
        status: "ready".into(),
        database: "ok".into(),
        pending_migrations: 0,
        components: reports
            .into_iter()
            .map(|(name, report)| (name.to_owned(), report.details))
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DevSignIn {
    /// E-mail of a seeded demo account.
    pub email: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionIssued {
    /// Send as `Authorization: Bearer <token>`; shown only once.
    pub token: String,
    pub expires_in_hours: u64,
}

/// Development sign-in for the seeded demo accounts; refused in production.
#[utoipa::path(post, path = "/api/v1/dev/sign-in", tag = "sessions", request_body = DevSignIn, responses(
    (status = 200, body = SessionIssued),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn dev_sign_in(
    State(platform): State<Platform>,
    ApiJson(input): ApiJson<DevSignIn>,
) -> ApiResult<Json<SessionIssued>> {
    if !platform.settings.dev_sign_in_enabled() {
        return Err(ApiError::new(
            ErrorCode::DevSignInDisabled,
            "use the configured sign-in",
        ));
    }
    let Some(user) = auth::find_user_by_email(&platform.db, &input.email).await? else {
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "no demo account has this e-mail",
        ));
    };
    let settings = &platform.settings;
    let started = sessions::start(
        &platform.db,
        settings,
        user.id.into(),
        Transport::Bearer,
        "dev",
    )
    .await?;
    tracing::info!(user_id = %user.id, "development sign-in");
    Ok(Json(SessionIssued {
        token: started.token,
        expires_in_hours: settings.sessions.ttl_hours,
    }))
}

/// The signed-in user, with platform role and memberships.
#[utoipa::path(get, path = "/api/v1/me", tag = "sessions", security(("bearer" = [])), responses(
    (status = 200, body = User), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn me(CurrentActor(actor): CurrentActor) -> ApiResult<Json<User>> {
    Ok(Json(actor.user()?.clone()))
}
