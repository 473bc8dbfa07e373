//! Test support shared by the integration tests of every crate: each test gets its own
//! database (a SQLite file in a temporary directory, or a fresh schema in the machine's
//! PostgreSQL), a server on a real socket bound to port 0, and a client that signs in.

pub mod browser;
pub mod chrome;
pub mod client;
pub mod database;
pub mod events;
pub mod fixtures;
pub mod oidc_provider;
pub mod service;
pub mod smtp;
pub mod world;

pub use browser::{Browser, Page};
pub use chrome::Chrome;
pub use client::{Client, Reply};
pub use database::{Backend, TestDatabase};
pub use events::{EventStream, SseEvent};
pub use oidc_provider::{IdpUser, TestIdentityProvider, TokenFlaw};
pub use smtp::{Received, SmtpSink};

/// Declares one test per backend: `backend_tests!(name, body)` where `body` is an async
/// function taking a [`Backend`]. Both variants always run; neither is ever skipped.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident => $body:ident;)*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                super::$body($crate::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                super::$body($crate::Backend::Postgres).await
            }
        }
    )*};
}
