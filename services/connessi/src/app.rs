//! The all-in-one application: every service's routes (catalogue, matching, messaging) on one
//! socket, with the shared routes, the OpenAPI document, its interactive page and the
//! problem-type pages.

use axum::Router;
use connessi_catalogue::CatalogueState;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, middleware};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi};

/// The OpenAPI document of every endpoint, as generated from the code; the services serve
/// it from `shared/web/openapi.json` (the test below keeps that file up to date).
pub fn openapi() -> OpenApi {
    let (_, mut doc) = connessi_catalogue::api().split_for_parts();
    let (_, matching) = connessi_matching::api().split_for_parts();
    let (_, platform) = connessi_platform::routes::router().split_for_parts();
    doc.merge(matching);
    let (_, messaging) = connessi_messaging::api().split_for_parts();
    doc.merge(messaging);
    doc.merge(platform);
    doc.info = InfoBuilder::new()
        .title("Connessi API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some("Free digital offerings for neighbourhood businesses. Errors are RFC 9457 problem documents with a stable `code`."))
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    doc
}

/// Every route with the standard layers.
pub fn build(
    catalogue: CatalogueState,
    matching: connessi_matching::MatchingState,
    messaging: connessi_messaging::MessagingState,
) -> Router {
    let platform = catalogue.platform.clone();
    let settings = platform.settings.clone();
    let matching_pages = connessi_matching::pages::router(matching.clone());
    let matching = connessi_matching::router(matching);
    let messaging_pages = connessi_messaging::pages::router(messaging.clone());
    let messaging = connessi_messaging::router(messaging);
    let catalogue_pages = connessi_catalogue::pages::router(catalogue.clone());
    let catalogue = connessi_catalogue::router(catalogue);
    let shared_pages = connessi_web::shared_pages(platform.clone());
    let shared = connessi_platform::routes::service_router(platform);
    let app = Router::new()
        .merge(connessi_web::api_docs::router())
        .merge(catalogue)
        .merge(matching)
        .merge(messaging)
        .merge(shared)
        .merge(catalogue_pages)
        .merge(matching_pages)
        .merge(messaging_pages)
        .merge(shared_pages)
        .fallback_service(connessi_web::page_layers(Router::new().fallback(
            || async { ApiError::new(ErrorCode::NotFound, "no such page or endpoint") },
        )));
    middleware::standard_layers(app, &settings)
}

#[cfg(test)]
mod tests {
    /// Regenerate with `CONNESSI_WRITE_OPENAPI=1 cargo test -p connessi --lib openapi`.
    #[test]
    fn the_served_openapi_document_is_the_one_the_code_describes() {
        let generated = serde_json::to_value(super::openapi()).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/web/openapi.json");
        if std::env::var_os("CONNESSI_WRITE_OPENAPI").is_some() {
            let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
            std::fs::write(path, text).unwrap();
        }
        let served: serde_json::Value =
            serde_json::from_str(connessi_web::api_docs::OPENAPI_JSON).unwrap();
        assert!(
            served == generated,
            "shared/web/openapi.json is out of date: run CONNESSI_WRITE_OPENAPI=1 cargo test -p connessi --lib openapi"
        );
    }
}
