//! The catalogue service: providers and their offers, moderation against the published
//! criteria, the audit log, the public catalogue and its faceted search. A library (router,
//! state, handlers, background work) with a thin binary; the all-in-one `connessi` binary
//! mounts the same router.

pub mod access;
pub mod embeds;
pub mod entities;
mod handlers;
pub mod import;
pub mod ops;
pub mod pages;
mod present;
pub mod saved;
pub mod search;
pub mod store;
pub mod views;

use axum::Router;
use axum::extract::FromRef;
use connessi_platform::Platform;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The catalogue's state: cheap to clone.
#[derive(Clone)]
pub struct CatalogueState {
    pub platform: Platform,
    /// The search index in use, kept current by the indexer [`spawn_background`] starts.
    pub search: search::SearchHandle,
    /// Each widget embed's allowance of searches per minute.
    pub widget_limits: embeds::gate::WidgetLimits,
}

impl FromRef<CatalogueState> for Platform {
    fn from_ref(state: &CatalogueState) -> Platform {
        state.platform.clone()
    }
}

impl CatalogueState {
    pub fn new(platform: Platform, search: search::SearchHandle) -> Self {
        let per_minute = platform.settings.catalogue.widget_requests_per_minute;
        CatalogueState {
            platform,
            search,
            widget_limits: embeds::gate::WidgetLimits::per_minute(per_minute),
        }
    }

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

/// The catalogue's routes and OpenAPI document, with state and the access layer attached.
pub fn router_parts(state: CatalogueState) -> (Router, OpenApi) {
    let (router, openapi) = api().split_for_parts();
    let guard = (state.platform.clone(), access::table());
    let router = router.route_layer(axum::middleware::from_fn_with_state(
        guard,
        connessi_platform::access::AccessTable::enforce,
    ));
    (router.with_state(state), openapi)
}

/// The catalogue's router (API only, no standard layers).
pub fn router(state: CatalogueState) -> Router {
    router_parts(state).0
}

/// Starts the catalogue's background work: offer expiry, the search indexer (which also
/// reports to `/readyz`) and the platform's housekeeping. Aborting the returned task stops
/// them all.
pub fn spawn_background(state: &CatalogueState) -> tokio::task::JoinHandle<()> {
    let settings = &state.platform.settings;
    let expiry_interval = Duration::from_secs(settings.catalogue.expiry_interval_secs);
    let poll_interval = Duration::from_millis(settings.search.poll_interval_ms);
    state.platform.components.register(
        "search_index",
        search::indexer::readiness_probe(&state.search),
    );
    let expiry = ops::expiry::run(state.platform.db.clone(), expiry_interval);
    let indexer = search::indexer::run(
        state.platform.db.clone(),
        state.search.clone(),
        poll_interval,
    );
    let alerts = saved::alerts::run(
        state.platform.db.clone(),
        state.search.clone(),
        settings.public_url.clone(),
        Duration::from_secs(settings.catalogue.saved_search_interval_secs),
    );
    let housekeeping = connessi_platform::housekeeping::run(
        state.platform.db.clone(),
        connessi_platform::housekeeping::INTERVAL,
    );
    // The loops run in one task, so aborting it drops (and stops) them all.
    tokio::spawn(async move {
        tokio::join!(expiry, indexer, alerts, housekeeping);
    })
}

/// Serves the catalogue alone (with health, sessions and the standard layers) on `listener`.
pub async fn serve(
    state: CatalogueState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let settings = state.platform.settings.clone();
    let platform_routes = connessi_platform::routes::service_router(state.platform.clone());
    let app = router(state.clone())
        .merge(platform_routes)
        .merge(pages::router(state.clone()))
        .merge(connessi_web::shared_pages(state.platform.clone()))
        // The proxy sends the API's documentation to the catalogue.
        .merge(connessi_web::api_docs::router());
    let app = connessi_platform::middleware::standard_layers(app, &settings);
    let background = spawn_background(&state);
    let outcome = connessi_platform::server::serve(listener, app, shutdown).await;
    background.abort();
    outcome
}

/// The catalogue alone, as its binary and `connessi service catalogue` run it: migrates,
/// brings the search index up to date and serves until SIGTERM or Ctrl-C.
pub async fn run_alone(settings: connessi_platform::config::Settings) -> anyhow::Result<()> {
    let (conn, listener) = connessi_platform::server::prepare(&settings).await?;
    let search = search::open(&conn, &settings).await?;
    tracing::info!(address = %listener.local_addr()?, "catalogue listening");
    let state = CatalogueState::new(connessi_platform::Platform::new(conn, settings), search);
    serve(
        state,
        listener,
        connessi_platform::server::shutdown_signal(),
    )
    .await?;
    Ok(())
}
