//! The matching service: shop profiles, and (growing) recommendations, onboarding requests
//! and allocation rounds. A library (router, state, handlers) with a thin binary; the
//! all-in-one `connessi` binary mounts the same router.

pub mod access;
pub mod allocation;
pub mod deadlines;
pub mod entities;
pub mod figures;
pub mod followups;
mod handlers;
pub mod pages;
pub mod places;
pub mod profile;
pub mod recommend;
pub mod requests;
pub mod rounds;

use axum::Router;
use axum::extract::FromRef;
use connessi_platform::Platform;
use connessi_platform::access::AccessTable;
use std::future::Future;
use tokio::net::TcpListener;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The matching service's state: cheap to clone.
#[derive(Clone)]
pub struct MatchingState {
    pub platform: Platform,
    /// The published offers recommendations rank, kept current from the outbox.
    pub offers: recommend::OfferPool,
    pub track_records: recommend::TrackRecords,
}

impl MatchingState {
    pub fn new(platform: Platform) -> Self {
        Self {
            platform,
            offers: recommend::OfferPool::default(),
            track_records: recommend::TrackRecords::default(),
        }
    }
}

impl FromRef<MatchingState> for Platform {
    fn from_ref(state: &MatchingState) -> Platform {
        state.platform.clone()
    }
}

/// The routes with their OpenAPI description, before state is attached.
pub fn api() -> OpenApiRouter<MatchingState> {
    handlers::routes()
}

/// The routes and OpenAPI document, with state and the access layer attached.
pub fn router_parts(state: MatchingState) -> (Router, OpenApi) {
    let (router, openapi) = api().split_for_parts();
    let guard = (state.platform.clone(), access::table());
    let router = router.route_layer(axum::middleware::from_fn_with_state(
        guard,
        AccessTable::enforce,
    ));
    (router.with_state(state), openapi)
}

/// The router (API only, no standard layers).
pub fn router(state: MatchingState) -> Router {
    router_parts(state).0
}

/// Starts the matching service's background work: loading the offers recommendations rank
/// (so the first shop does not wait for it), and the deadlines of onboarding requests.
/// Aborting the returned task stops it.
pub fn spawn_background(state: &MatchingState) -> tokio::task::JoinHandle<()> {
    let settings = state.platform.settings.onboarding.clone();
    let (db, offers) = (state.platform.db.clone(), state.offers.clone());
    tokio::spawn(async move {
        match offers.current(&db).await {
            Ok((loaded, _)) => tracing::info!(offers = loaded.len(), "recommendable offers loaded"),
            // The first recommendation asked for tries again.
            Err(error) => tracing::warn!(error = format!("{error:#}"), "loading the offers failed"),
        }
        deadlines::run(db, settings).await
    })
}

/// Serves the matching service alone (with health, sessions and the standard layers).
pub async fn serve(
    state: MatchingState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let settings = state.platform.settings.clone();
    let platform_routes = connessi_platform::routes::service_router(state.platform.clone());
    let settings_platform = state.platform.clone();
    let state_for_background = state.clone();
    let app = router(state.clone())
        .merge(platform_routes)
        .merge(pages::router(state))
        .merge(connessi_web::shared_pages(settings_platform));
    let app = connessi_platform::middleware::standard_layers(app, &settings);
    let background = spawn_background(&state_for_background);
    let outcome = connessi_platform::server::serve(listener, app, shutdown).await;
    background.abort();
    outcome
}

/// The matching service alone, as its binary and `connessi service matching` run it.
pub async fn run_alone(settings: connessi_platform::config::Settings) -> anyhow::Result<()> {
    let (conn, listener) = connessi_platform::server::prepare(&settings).await?;
    tracing::info!(address = %listener.local_addr()?, "matching listening");
    let state = MatchingState::new(connessi_platform::Platform::new(conn, settings));
    serve(
        state,
        listener,
        connessi_platform::server::shutdown_signal(),
    )
    .await?;
    Ok(())
}
