//! `spawn_app()`: a catalogue server on port 0 over a fresh database, with its own search
//! index in a temporary directory and the indexer running, and helpers to make accounts,
//! providers and offers the way users would.

use connessi_catalogue::CatalogueState;
use connessi_platform::Platform;
use connessi_platform::config::Settings;
pub use connessi_tests::fixtures::{approval, fresh_partita_iva, offer_content, provider_profile};
use connessi_tests::{Backend, Client, TestDatabase, world};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use serde_json::Value;

pub struct TestApp {
    pub db: TestDatabase,
    pub anonymous: Client,
    pub state: CatalogueState,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _search_dir: tempfile::TempDir,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Like [`spawn_app`], with the settings changed by `configure` before the state is built.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDatabase::new(backend).await;
    let mut settings = db.settings();
    configure(&mut settings);
    let server = start_server(db.conn.clone(), settings).await;
    TestApp {
        db,
        anonymous: server.anonymous,
        state: server.state,
        _shutdown: server._shutdown,
        _search_dir: server._search_dir,
    }
}

/// A catalogue server on port 0; it stops when this value is dropped.
pub struct Server {
    pub anonymous: Client,
    pub state: CatalogueState,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _search_dir: tempfile::TempDir,
}

async fn start_server(conn: DatabaseConnection, mut settings: Settings) -> Server {
    // Each server has its own index: the default lives in the shared temporary directory.
    let search_dir = tempfile::tempdir().expect("search directory");
    settings.search.dir = Some(search_dir.path().to_owned());
    settings.search.poll_interval_ms = 20;
    let search = connessi_catalogue::search::open(&conn, &settings)
        .await
        .expect("open the search index");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = listener.local_addr().expect("address");
    // Sign-in callbacks are made from the public URL: here, the test server's own address.
    settings.public_url = format!("http://{address}");
    let state = CatalogueState::new(Platform::new(conn, settings), search);
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = state.clone();
    tokio::spawn(async move {
        connessi_catalogue::serve(serving, listener, async move {
            let _ = stopped.await;
        })
        .await
        .expect("serve");
    });
    Server {
        anonymous: Client::new(format!("http://{address}")),
        state,
        _shutdown: shutdown,
        _search_dir: search_dir,
    }
}

impl TestApp {
    /// A second server on the same database, with the settings changed by `configure`.
    pub async fn second_server(&self, configure: impl FnOnce(&mut Settings)) -> Server {
        let mut settings = self.db.settings();
        configure(&mut settings);
        start_server(self.db.conn.clone(), settings).await
    }

    /// Waits until the indexer has applied every outbox event written so far.
    pub async fn indexed(&self) {
        let head = connessi_catalogue::search::indexer::outbox_head(&self.db.conn)
            .await
            .expect("outbox head");
        let mut status = self.state.search.subscribe();
        let caught_up = status.wait_for(|s| s.head >= head && s.lag_events == 0);
        match tokio::time::timeout(std::time::Duration::from_secs(30), caught_up).await {
            Ok(seen) => drop(seen.expect("the indexer's status")),
            Err(_) => panic!(
                "the indexer did not reach outbox id {head} in 30 s: {:?}",
                self.state.search.status()
            ),
        }
    }

    /// Every offer's `(id, version)` in the database and in the search index, sorted.
    pub async fn versions(&self) -> (Vec<(uuid::Uuid, i64)>, Vec<(uuid::Uuid, i64)>) {
        use connessi_catalogue::entities::offer;
        use sea_orm::QuerySelect;
        let rows: Vec<(uuid::Uuid, i32)> = offer::Entity::find()
            .select_only()
            .columns([offer::Column::Id, offer::Column::Version])
            .into_tuple()
            .all(&self.db.conn)
            .await
            .expect("offer versions");
        let mut database: Vec<(uuid::Uuid, i64)> =
            rows.into_iter().map(|(id, v)| (id, i64::from(v))).collect();
        let mut index = self
            .state
            .search
            .backend()
            .versions()
            .await
            .expect("index versions");
        database.sort();
        index.sort();
        (database, index)
    }

    /// Creates an account directly in the database and signs it in.
    pub async fn user(&self, email: &str, platform_role: Option<&str>) -> Client {
        world::user(&self.db.conn, &self.anonymous, email, platform_role).await
    }

    pub async fn moderator(&self) -> Client {
        self.user("moderatrice@test.example", Some("moderator"))
            .await
    }

    /// A provider registered by a new owner, verified by `moderator` when asked; returns the
    /// owner's client and the provider id.
    pub async fn provider(&self, name: &str, moderator: Option<&Client>) -> (Client, String) {
        let owner = self.user(&format!("owner@{name}.example"), None).await;
        let id = world::provider(&owner, name, moderator).await;
        (owner, id)
    }

    /// Creates a draft offer and returns its id.
    pub async fn draft(&self, owner: &Client, provider: &str, content: &Value) -> String {
        world::draft(owner, provider, content).await
    }

    /// Creates, submits and approves an offer; returns its id.
    pub async fn published(
        &self,
        owner: &Client,
        provider: &str,
        moderator: &Client,
        content: &Value,
    ) -> String {
        world::published(owner, provider, moderator, content).await
    }

    /// Rows in a table, to check that a refused request changed nothing.
    pub async fn count(&self, table: &str) -> u64 {
        use connessi_catalogue::entities::{offer, offer_revision, provider};
        use connessi_platform::entities::{audit_log, outbox};
        let conn = &self.db.conn;
        let count = match table {
            "offers" => offer::Entity::find().count(conn).await,
            "offer_revisions" => offer_revision::Entity::find().count(conn).await,
            "providers" => provider::Entity::find().count(conn).await,
            "audit_log" => audit_log::Entity::find().count(conn).await,
            "outbox" => outbox::Entity::find().count(conn).await,
            other => panic!("no table {other}"),
        };
        count.expect("count rows")
    }

    /// Row counts of every table a write could touch.
    pub async fn snapshot(&self) -> [u64; 5] {
        [
            self.count("offers").await,
            self.count("offer_revisions").await,
            self.count("providers").await,
            self.count("audit_log").await,
            self.count("outbox").await,
        ]
    }
}

/// The audit entries of one entity, newest first, as a moderator reads them.
pub async fn audit_entries(moderator: &Client, entity_kind: &str, entity_id: &str) -> Vec<Value> {
    let reply = moderator
        .get(&format!(
            "/api/v1/moderation/audit?entity_kind={entity_kind}&entity_id={entity_id}&per_page=100"
        ))
        .await;
    reply.ok(200)["items"]
        .as_array()
        .expect("audit items")
        .clone()
}
