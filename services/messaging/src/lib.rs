//! The messaging service: conversations between a shop and a provider (one per onboarding
//! request, and enquiries about an offer), their messages, read state and the reports
//! moderators review. A library (router, state, handlers) with a thin binary; the all-in-one
//! `connessi` binary mounts the same router.

pub mod access;
pub mod entities;
mod handlers;
pub mod messages;
pub mod reads;
pub mod reports;
pub mod threads;

use axum::Router;
use axum::extract::FromRef;
use connessi_platform::Platform;
use connessi_platform::access::AccessTable;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The messaging service's state: cheap to clone.
#[derive(Clone)]
pub struct MessagingState {
    pub platform: Platform,
}

impl MessagingState {
    pub fn new(platform: Platform) -> Self {
        Self { platform }
    }
}

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
    let platform_routes = connessi_platform::routes::service_router(state.platform.clone());
    let app = router(state).merge(platform_routes);
    let app = connessi_platform::middleware::standard_layers(
        app,
        settings.http.body_limit_bytes,
        Duration::from_secs(settings.http.request_timeout_secs),
    );
    connessi_platform::server::serve(listener, app, shutdown).await
}
