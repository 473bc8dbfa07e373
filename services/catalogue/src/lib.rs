//! The catalogue service: providers and their offers, moderation against the published
//! criteria, the audit log, and the public catalogue. A library (router, state, handlers) with
//! a thin binary; the all-in-one `connessi` binary mounts the same router.

pub mod entities;
mod handlers;
pub mod ops;
mod present;
pub mod store;
pub mod views;

use axum::Router;
use axum::extract::FromRef;
use connessi_platform::Platform;
use std::future::Future;
use tokio::net::TcpListener;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The catalogue's state: cheap to clone.
#[derive(Clone)]
pub struct CatalogueState {
    pub platform: Platform,
}

impl FromRef<CatalogueState> for Platform {
    fn from_ref(state: &CatalogueState) -> Platform {
        state.platform.clone()
    }
}

impl CatalogueState {
    /// Checks `?page=&per_page=` against the configured maximum page size.
    pub fn page_request(
        &self,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> connessi_platform::ApiResult<store::PageRequest> {
        present::Paging { page, per_page }.checked(self.platform.settings.catalogue.page_size_max)
    }
}

/// The catalogue's routes with their OpenAPI description, before state is attached.
pub fn api() -> OpenApiRouter<CatalogueState> {
    handlers::routes()
}

/// The catalogue's routes and OpenAPI document, with state attached.
pub fn router_parts(state: CatalogueState) -> (Router, OpenApi) {
    let (router, openapi) = api().split_for_parts();
    (router.with_state(state), openapi)
}

/// The catalogue's router (API only, no standard layers).
pub fn router(state: CatalogueState) -> Router {
    router_parts(state).0
}

/// Starts the catalogue's background work (offer expiry).
pub fn spawn_background(state: &CatalogueState) -> tokio::task::JoinHandle<()> {
    let interval =
        std::time::Duration::from_secs(state.platform.settings.catalogue.expiry_interval_secs);
    ops::expiry::spawn(state.platform.db.clone(), interval)
}

/// Serves the catalogue alone (with health, sessions and the standard layers) on `listener`.
pub async fn serve(
    state: CatalogueState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let settings = state.platform.settings.clone();
    let (platform_routes, _) = connessi_platform::routes::router().split_for_parts();
    let app = router(state.clone()).merge(platform_routes.with_state(state.platform.clone()));
    let app = connessi_platform::middleware::standard_layers(
        app,
        settings.http.body_limit_bytes,
        std::time::Duration::from_secs(settings.http.request_timeout_secs),
    );
    let background = spawn_background(&state);
    let outcome = connessi_platform::server::serve(listener, app, shutdown).await;
    background.abort();
    outcome
}
