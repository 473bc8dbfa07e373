//! The OpenAPI document of the whole API (every service's endpoints) and its interactive
//! page, `/api/openapi.json` and `/api/docs`. The document is a file generated from the
//! services' code (`shared/web/openapi.json`; a test of the `connessi` crate fails when it is
//! out of date and says how to regenerate it), so a service deployed alone serves the
//! document of the deployment as a whole, not only its own part.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use http_body_util::BodyExt;
use sha2::Digest;

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
        .merge(
            swagger_ui_dist::generate_routes(swagger_ui_dist::ApiDefinition {
                uri_prefix: "/api/docs",
                api_definition: swagger_ui_dist::OpenApiSource::Uri("/api/openapi.json"),
                title: Some("Connessi API"),
            })
            .layer(axum::middleware::map_response(allow_its_inline_script)),
        )
}

/// Swagger UI's page starts it with one inline script: the page's policy allows exactly that
/// script, by its hash, and no other inline script.
async fn allow_its_inline_script(response: Response) -> Response {
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_page {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(collected) = body.collect().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let bytes = collected.to_bytes();
    let hashes: Vec<String> = inline_scripts(&String::from_utf8_lossy(&bytes))
        .map(|script| {
            let digest = sha2::Sha256::digest(script.as_bytes());
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            format!("'sha256-{encoded}'")
        })
        .collect();
    let policy = connessi_platform::security_headers::page_policy_allowing(&hashes);
    if let Ok(value) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The contents of the `<script>` elements without attributes.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</script>").map(|(script, _)| script))
}
