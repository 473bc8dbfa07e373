//! `spawn_app()`: a messaging server on port 0 over a fresh database, and helpers to make
//! accounts and shops the way users would.

use connessi_messaging::MessagingState;
use connessi_platform::Platform;
use connessi_tests::{Backend, Client, TestDatabase, world};

pub struct TestApp {
    pub db: TestDatabase,
    pub anonymous: Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let db = TestDatabase::new(backend).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = listener.local_addr().expect("address");
    let mut settings = db.settings();
    settings.public_url = format!("http://{address}");
    let state = MessagingState::new(Platform::new(db.conn.clone(), settings));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        connessi_messaging::serve(state, listener, async move {
            let _ = stopped.await;
        })
        .await
        .expect("serve");
    });
    TestApp {
        db,
        anonymous: Client::new(format!("http://{address}")),
        _shutdown: shutdown,
    }
}

impl TestApp {
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
