//! The messaging service: conversations between a shop and a provider (one per onboarding
//! request, and enquiries about an offer), their messages, read state and the reports
//! moderators review. A library (router, state, handlers) with a thin binary; the all-in-one
//! `connessi` binary mounts the same router.

pub mod access;
mod background;
pub mod entities;
mod handlers;
pub mod live;
pub mod messages;
pub mod notify;
pub mod pages;
pub mod reads;
pub mod reports;
pub mod rich_text;
pub mod threads;

use axum::Router;
use axum::extract::FromRef;
use connessi_platform::Platform;
use connessi_platform::access::AccessTable;
use live::relay::Live;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The messaging service's state: cheap to clone.
#[derive(Clone)]
pub struct MessagingState {
    pub platform: Platform,
    /// The event streams open on this instance and how committed events reach them.
    pub live: Live,
    /// Wakes the e-mail sender when e-mails were queued.
    pub email_queued: Arc<Notify>,
}

impl MessagingState {
    pub fn new(platform: Platform) -> Self {
        let live = Live::new(
            platform.db.get_database_backend(),
            platform.settings.messaging.stream_buffer,
        );
        Self {
            platform,
            live,
            email_queued: Arc::default(),
        }
    }
}

pub use background::spawn_background;

impl FromRef<MessagingState> for Platform {
    fn from_ref(state: &MessagingState) -> Platform {
        state.platform.clone()
    }
}

/// The routes with their OpenAPI description, before state is attached.
pub fn api() -> OpenApiRouter<MessagingState> {
    handlers::routes()
}

/// The routes and OpenAPI document, with state and the access layer attached.
pub fn router_parts(state: MessagingState) -> (Router, OpenApi) {
    let (router, openapi) = api().split_for_parts();
    let guard = (state.platform.clone(), access::table());
    let router = router.route_layer(axum::middleware::from_fn_with_state(
        guard,
        AccessTable::enforce,
    ));
    (router.with_state(state), openapi)
}

/// The router (API only, no standard layers).
pub fn router(state: MessagingState) -> Router {
    router_parts(state).0
}

/// Serves the messaging service alone (with health, sessions and the standard layers).
pub async fn serve(
    state: MessagingState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let settings = state.platform.settings.clone();
    let (background, hub) = (spawn_background(&state), state.live.hub.clone());
    let platform_routes = connessi_platform::routes::service_router(state.platform.clone());
    let app = router(state.clone())
        .merge(platform_routes)
        .merge(connessi_web::shared_pages(state.platform.clone()))
        .merge(pages::router(state));
    let app = connessi_platform::middleware::standard_layers(app, &settings);
    // Open event streams end at shutdown, so draining connections does not wait for them.
    let shutdown = async move {
        shutdown.await;
        hub.close();
    };
    let outcome = connessi_platform::server::serve(listener, app, shutdown).await;
    background.abort();
    outcome
}

/// The messaging service alone, as its binary and `connessi service messaging` run it.
pub async fn run_alone(settings: connessi_platform::config::Settings) -> anyhow::Result<()> {
    let (conn, listener) = connessi_platform::server::prepare(&settings).await?;
    tracing::info!(address = %listener.local_addr()?, "messaging listening");
    let state = MessagingState::new(connessi_platform::Platform::new(conn, settings));
    serve(
        state,
        listener,
        connessi_platform::server::shutdown_signal(),
    )
    .await?;
    Ok(())
}
