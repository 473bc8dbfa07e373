//! `spawn_app()`: the messaging service on port 0 over a fresh database (the shared
//! [`connessi_tests::service`] helper).

use connessi_messaging::MessagingState;
use connessi_tests::Backend;
use connessi_tests::service::{ServiceApp, spawn_service};

pub type TestApp = ServiceApp;

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_service(backend, |platform, listener, stop| {
        connessi_messaging::serve(MessagingState::new(platform), listener, stop)
    })
    .await
}
