//! `spawn_app()`: the matching service on port 0 over a fresh database (the shared
//! [`connessi_tests::service`] helper).

use connessi_matching::MatchingState;
use connessi_tests::Backend;
use connessi_tests::service::{ServiceApp, spawn_service};

pub type TestApp = ServiceApp;

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_service(backend, |platform, listener, stop| {
        connessi_matching::serve(MatchingState::new(platform), listener, stop)
    })
    .await
}

pub use connessi_tests::fixtures::shop_profile as profile;
