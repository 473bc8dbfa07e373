//! A fresh, migrated database per test, dropped afterwards.

use connessi_platform::config::{DatabaseSettings, Settings};
use connessi_platform::db;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;

/// Where the test's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server PostgreSQL tests use: `CONNESSI_TEST_POSTGRES_URL`, by default the machine's
/// PostgreSQL with trust authentication.
pub fn postgres_admin_url() -> String {
    std::env::var("CONNESSI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A migrated database that lives as long as this value.
pub struct TestDatabase {
    pub backend: Backend,
    pub url: String,
    pub conn: DatabaseConnection,
    schema: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        let (url, schema, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("connessi.db").display()
                );
                (url, None, Some(dir))
            }
            Backend::Postgres => {
                let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(postgres_admin_url()).await.unwrap_or_else(|error| {
                    panic!("PostgreSQL tests need a server at {} (set CONNESSI_TEST_POSTGRES_URL): {error}", postgres_admin_url())
                });
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
                    .await
                    .expect("create schema");
                admin.close().await.ok();
                let separator = if postgres_admin_url().contains('?') {
                    '&'
                } else {
                    '?'
                };
                let url = format!(
                    "{}{separator}options=-c%20search_path%3D{schema}",
                    postgres_admin_url()
                );
                (url, Some(schema), None)
            }
        };
        let settings = DatabaseSettings {
            max_connections: 8,
            acquire_timeout_secs: 10,
        };
        let conn = db::connect(&SecretString::from(url.clone()), &settings)
            .await
            .expect("connect to the test database");
        db::migrate(&conn).await.expect("migrate the test database");
        TestDatabase {
            backend,
            url,
            conn,
            schema,
            _dir: dir,
        }
    }

    /// Settings for a server on this database: development profile, port 0.
    pub fn settings(&self) -> Settings {
        let data_dir = std::env::temp_dir();
        let mut settings = Settings::load_from(
            None,
            figment::providers::Env::prefixed("CONNESSI_TEST_NEVER_SET_"),
        )
        .expect("default settings");
        settings.listen = "127.0.0.1:0".parse().expect("address");
        settings.data_dir = data_dir;
        settings.database_url = Some(SecretString::from(self.url.clone()));
        settings.log.level = "warn".into();
        settings
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(schema) = self.schema.take() else {
            return;
        };
        // Dropping needs async work; a short-lived thread with its own runtime does it even
        // when the test's runtime is shutting down.
        let url = postgres_admin_url();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}
