//! One service on its own (matching, messaging, …) on port 0 over a fresh database, for the
//! service's own integration tests, with helpers to make accounts and shops the way users
//! would.

use crate::{Backend, Client, TestDatabase, world};
use connessi_platform::Platform;
use std::future::Future;
use std::pin::Pin;
use tokio::net::TcpListener;

/// Completes when the test is over.
pub type Shutdown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A running service and its database; the server stops when this is dropped.
pub struct ServiceApp {
    pub db: TestDatabase,
    pub anonymous: Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Starts a service: `serve` gets the platform (database and settings), the bound listener and
/// the shutdown signal, and runs the service's own `serve`.
pub async fn spawn_service<F, Fut>(backend: Backend, serve: F) -> ServiceApp
where
    F: FnOnce(Platform, TcpListener, Shutdown) -> Fut,
    Fut: Future<Output = std::io::Result<()>> + Send + 'static,
{
    let db = TestDatabase::new(backend).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let address = listener.local_addr().expect("address");
    let mut settings = db.settings();
    settings.public_url = format!("http://{address}");
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let stop: Shutdown = Box::pin(async move {
        let _ = stopped.await;
    });
    let server = serve(Platform::new(db.conn.clone(), settings), listener, stop);
    tokio::spawn(async move { server.await.expect("serve") });
    ServiceApp {
        db,
        anonymous: Client::new(format!("http://{address}")),
        _shutdown: shutdown,
    }
}

impl ServiceApp {
    /// Creates an account directly in the database and signs it in.
    pub async fn user(&self, email: &str, platform_role: Option<&str>) -> Client {
        world::user(&self.db.conn, &self.anonymous, email, platform_role).await
    }

    /// A shop registered by a new owner; returns the owner's client and the shop id.
    pub async fn shop(&self, name: &str) -> (Client, String) {
        let email = format!("titolare@{}.example", name.to_lowercase());
        let owner = self.user(&email, None).await;
        let id = world::shop(&owner, name).await;
        (owner, id)
    }
}
