//! End-to-end tests of the `connessi` binary itself: the commands a person runs, on SQLite and
//! on PostgreSQL, with the server on a real socket and stopped by SIGTERM.

mod crash;
mod reindex;
mod secrets;

use connessi_tests::{Backend, Client, TestDatabase, backend_tests};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_connessi");

/// The demo set's offers by status, read from the file the binary embeds.
fn demo_count(status: &str) -> usize {
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../../seed/demo.json")).unwrap();
    demo["offers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == status)
        .count()
}

fn connessi(db: &TestDatabase, data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONNESSI_DATA_DIR", data_dir)
        .env("CONNESSI_DATABASE_URL", &db.url)
        .env("CONNESSI_LOG__FORMAT", "json")
        .env("CONNESSI_CATALOGUE__EXPIRY_INTERVAL_SECS", "3600");
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    client: Client,
}

impl Server {
    async fn start(mut command: Command) -> Server {
        let port = free_port();
        let child = command
            .env("CONNESSI_LISTEN", format!("127.0.0.1:{port}"))
            .arg("serve")
            .arg("--demo")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let client = Client::new(format!("http://127.0.0.1:{port}"));
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(response) = client
                .http
                .get(format!("{}/readyz", client.base))
                .send()
                .await
                && response.status() == 200
            {
                break;
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Server { child, client }
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

backend_tests! {
    serve_with_demo_data_answers_the_catalogue_and_stops_cleanly_on_sigterm => serve_demo;
    seeding_twice_loads_the_demo_set_once_and_synthetic_offers_add_up => seeding;
}

async fn serve_demo(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(connessi(&db, data.path())).await;
    let client = &server.client;

    let offers = client.get("/api/v1/offers?per_page=100").await;
    assert_eq!(offers.ok(200)["total"], demo_count("published") as u64);
    let categories: std::collections::HashSet<_> = offers.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["content"]["categories"].as_array().unwrap().clone())
        .collect();
    assert_eq!(categories.len(), 13, "the demo covers every category");

    let moderator = client.sign_in("moderatrice@connessi.example").await;
    let queue = moderator.get("/api/v1/moderation/queue").await;
    assert_eq!(queue.ok(200)["total"], demo_count("submitted") as u64);

    let baker = client.sign_in("marta@forno-treviso.example").await;
    let me = baker.get("/api/v1/me").await;
    let shop = me.ok(200)["shops"][0]["shop_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let advice = baker
        .get(&format!("/api/v1/shops/{shop}/recommendations?limit=5"))
        .await;
    let items = advice.ok(200)["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "the demo shop gets recommendations");
    assert!(
        items[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "need"),
        "the best one meets a need of the bakery: {items:?}"
    );

    let openapi = client.get("/api/openapi.json").await;
    let paths = openapi.ok(200)["paths"].as_object().unwrap();
    for path in [
        "/api/v1/offers",
        "/api/v1/offers/search",
        "/api/v1/moderation/queue",
        "/api/v1/dev/sign-in",
        "/healthz",
        "/readyz",
        "/api/v1/providers/{id}/offers",
        "/api/v1/shops/{id}/profile",
        "/auth/{provider}/login",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    let docs = client
        .http
        .get(format!("{}/api/docs", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    let page = docs.text().await.unwrap();
    assert!(
        page.contains("/api/openapi.json") && page.contains("swagger-ui-bundle.js"),
        "{page}"
    );
    let bundle = client
        .http
        .get(format!("{}/api/docs/swagger-ui-bundle.js", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        bundle.status(),
        200,
        "the interactive page's script is served locally"
    );
    let problem_page = client
        .http
        .get(format!("{}/problems/invalid_partita_iva", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(problem_page.status(), 200);

    assert!(
        server.terminate().success(),
        "SIGTERM ends the server with exit code 0"
    );
}

async fn seeding(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let data = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let output = connessi(&db, data.path()).arg("seed").output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    use sea_orm::{ConnectionTrait, Statement};
    let count = |sql: &'static str| {
        let conn = db.conn.clone();
        async move {
            let row = conn
                .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM offers").await as usize,
        demo_count_all()
    );
    assert_eq!(count("SELECT COUNT(*) FROM providers").await, 16);
    let output = connessi(&db, data.path())
        .args(["seed", "--synthetic", "300"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM offers WHERE status = 'published'").await as usize,
        demo_count("published") + 300
    );
}

fn demo_count_all() -> usize {
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../../seed/demo.json")).unwrap();
    demo["offers"].as_array().unwrap().len()
}

#[test]
fn a_production_profile_with_the_development_sign_in_refuses_to_start() {
    let output = Command::new(BIN)
        .env_clear()
        .env("CONNESSI_PROFILE", "production")
        .env("CONNESSI_DATA_DIR", tempfile::tempdir().unwrap().path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("dev_sign_in"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unknown_configuration_key_is_named_at_start() {
    let output = Command::new(BIN)
        .env_clear()
        .env("CONNESSI_LISTN", "127.0.0.1:1")
        .env("CONNESSI_DATA_DIR", tempfile::tempdir().unwrap().path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("listn"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn production_with_postgres_serves_without_the_development_sign_in() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let data = tempfile::tempdir().unwrap();
    let mut command = connessi(&db, data.path());
    command
        .env("CONNESSI_PROFILE", "production")
        .env("CONNESSI_PUBLIC_URL", "https://connessi.example")
        .env("CONNESSI_DEV_SIGN_IN", "false");
    let server = Server::start(command).await;
    let refused = server
        .client
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "moderatrice@connessi.example" }),
        )
        .await;
    refused.problem(403, "dev_sign_in_disabled");
    assert!(server.terminate().success());
}
