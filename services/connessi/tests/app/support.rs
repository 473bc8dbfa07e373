//! The all-in-one application (every service's routes, as `connessi serve` composes them) on
//! port 0 over a fresh database, with its search index in a temporary directory.

use connessi_catalogue::CatalogueState;
use connessi_platform::Platform;
use connessi_tests::{Backend, Client, TestDatabase, world};
use serde_json::Value;

pub struct TestApp {
    pub db: TestDatabase,
    pub settings: connessi_platform::config::Settings,
    pub anonymous: Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _search_dir: tempfile::TempDir,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// [`spawn_app`] with settings changed first (e.g. an SMTP server).
pub async fn spawn_app_with(
    backend: Backend,
    configure: impl FnOnce(&mut connessi_platform::config::Settings),
) -> TestApp {
    let db = TestDatabase::new(backend).await;
    let search_dir = tempfile::tempdir().expect("search directory");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = listener.local_addr().expect("address");
    let mut settings = db.settings();
    settings.public_url = format!("http://{address}");
    settings.search.dir = Some(search_dir.path().to_owned());
    configure(&mut settings);
    let search = connessi_catalogue::search::open(&db.conn, &settings)
        .await
        .expect("open the search index");
    let state = CatalogueState::new(Platform::new(db.conn.clone(), settings.clone()), search);
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let background = connessi_catalogue::spawn_background(&state);
        let matching = connessi_matching::MatchingState::new(state.platform.clone());
        let messaging = connessi_messaging::MessagingState::new(state.platform.clone());
        let messaging_background = connessi_messaging::spawn_background(&messaging);
        let hub = messaging.live.hub.clone();
        let app = connessi::app::build(state, matching, messaging);
        connessi_platform::server::serve(listener, app, async move {
            let _ = stopped.await;
            hub.close();
        })
        .await
        .expect("serve");
        background.abort();
        messaging_background.abort();
    });
    TestApp {
        settings,
        db,
        anonymous: Client::new(format!("http://{address}")),
        _shutdown: shutdown,
        _search_dir: search_dir,
    }
}

impl TestApp {
    pub async fn user(&self, email: &str, platform_role: Option<&str>) -> Client {
        world::user(&self.db.conn, &self.anonymous, email, platform_role).await
    }

    pub async fn provider(&self, name: &str, moderator: Option<&Client>) -> (Client, String) {
        let owner = self.user(&format!("owner@{name}.example"), None).await;
        let id = world::provider(&owner, name, moderator).await;
        (owner, id)
    }

    pub async fn draft(&self, owner: &Client, provider: &str, content: &Value) -> String {
        world::draft(owner, provider, content).await
    }

    pub async fn published(
        &self,
        owner: &Client,
        provider: &str,
        moderator: &Client,
        content: &Value,
    ) -> String {
        world::published(owner, provider, moderator, content).await
    }
}

/// The actions of the audit log on one entity, newest first, as a moderator reads them.
pub async fn audit_actions(moderator: &Client, entity: &str) -> Vec<String> {
    let log = moderator
        .get(&format!(
            "/api/v1/moderation/audit?entity_id={entity}&per_page=100"
        ))
        .await;
    log.ok(200)["items"]
        .as_array()
        .expect("audit items")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_owned))
        .collect()
}

/// The kinds of the outbox events about one entity, oldest first.
pub async fn outbox_kinds(app: &TestApp, entity: &str) -> Vec<String> {
    use connessi_platform::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    outbox::Entity::find()
        .filter(outbox::Column::AggregateId.eq(uuid::Uuid::parse_str(entity).expect("uuid")))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db.conn)
        .await
        .expect("read the outbox")
        .into_iter()
        .map(|event| event.kind)
        .collect()
}
