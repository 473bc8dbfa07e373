//! The OpenAPI document of the whole API (every service's endpoints) and its interactive
//! page, `/api/openapi.json` and `/api/docs`. The document is a file generated from the
//! services' code (`shared/web/openapi.json`; a test of the `connessi` crate fails when it is
//! out of date and says how to regenerate it), so a service deployed alone serves the
//! document of the deployment as a whole, not only its own part.

use axum::Router;
use axum::http::header;
use axum::routing::get;

/// The document, as generated.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// `/api/openapi.json` and the Swagger UI at `/api/docs`, served from the binary itself so
/// the page works without internet.
pub fn router() -> Router {
    Router::new()
        .route(
            "/api/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON) }),
        )
        .merge(swagger_ui_dist::generate_routes(
            swagger_ui_dist::ApiDefinition {
                uri_prefix: "/api/docs",
                api_definition: swagger_ui_dist::OpenApiSource::Uri("/api/openapi.json"),
                title: Some("Connessi API"),
            },
        ))
}
