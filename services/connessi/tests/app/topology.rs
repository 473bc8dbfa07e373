//! Connessi as it is deployed: two processes of each service (`connessi service NAME`) on one
//! PostgreSQL, behind nginx on loopback with the routing of deploy/nginx/connessi.conf, and
//! the journey of a moderator, a provider and a shop through the proxy alone; events told
//! once though every instance follows the outbox; and racing accepts on both matching
//! processes never overfilling an offer.

use crate::onboarding::all_at_once;
use connessi_tests::fixtures::{offer_content, shop_profile};
use connessi_tests::{Backend, Client, TestDatabase, world};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// A child process killed with the test.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) struct Instance {
    pub(crate) service: &'static str,
    port: u16,
    process: Process,
    _data: tempfile::TempDir,
}

impl Instance {
    fn start(
        service: &'static str,
        database_url: &str,
        public_url: &str,
        search: &[(&str, String)],
    ) -> Instance {
        let port = free_port();
        let data = tempfile::tempdir().expect("a data directory");
        let child = Command::new(env!("CARGO_BIN_EXE_connessi"))
            .args(["service", service])
            .env("CONNESSI_DATABASE_URL", database_url)
            .env("CONNESSI_LISTEN", format!("127.0.0.1:{port}"))
            .env("CONNESSI_PUBLIC_URL", public_url)
            .env("CONNESSI_DATA_DIR", data.path())
            .env("CONNESSI_LOG__LEVEL", "warn")
            .env("CONNESSI_SEARCH__POLL_INTERVAL_MS", "50")
            .envs(search.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .spawn()
            .expect("the connessi binary runs");
        Instance {
            service,
            port,
            process: Process(child),
            _data: data,
        }
    }

    /// SIGKILL: no graceful shutdown, requests in flight cut off.
    pub(crate) fn kill(&mut self) {
        let _ = self.process.0.kill();
        let _ = self.process.0.wait();
    }

    async fn ready(&self) {
        let url = format!("http://127.0.0.1:{}/readyz", self.port);
        for _ in 0..300 {
            if reqwest::get(&url).await.is_ok_and(|a| a.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} on port {} never became ready", self.service, self.port);
    }
}

/// nginx with the deployment's configuration, its service names pointing at `instances`:
/// one process (no master), so killing it leaves no worker behind holding the port.
fn proxy(port: u16, instances: &[Instance], scratch: &std::path::Path) -> Process {
    let site = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/nginx/connessi.conf"
    ))
    .expect("the proxy configuration");
    let mut upstreams = String::new();
    let mut site = site.replace("resolver 127.0.0.11 valid=10s ipv6=off;", "");
    for service in ["catalogue", "matching", "messaging"] {
        let servers: String = instances
            .iter()
            .filter(|i| i.service == service)
            .map(|i| format!("server 127.0.0.1:{};", i.port))
            .collect();
        upstreams.push_str(&format!("upstream {service}_pool {{ {servers} }}\n"));
        site = site.replace(
            &format!("http://{service}:8080;"),
            &format!("http://{service}_pool;"),
        );
    }
    assert!(!site.contains(":8080;"), "every service name was replaced");
    let site = site.replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
    let dir = scratch.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\nevents {{}}\nhttp {{\naccess_log off;\nclient_body_temp_path {dir}/body;\nproxy_temp_path {dir}/proxy;\n{upstreams}\n{site}\n}}\n"
    );
    std::fs::write(scratch.join("nginx.conf"), conf).expect("write the nginx configuration");
    let child = Command::new("nginx")
        .args(["-p", &dir.to_string(), "-c", &format!("{dir}/nginx.conf")])
        .stdout(Stdio::null())
        .spawn()
        .expect("nginx runs: scripts/check-deploy installs it");
    Process(child)
}

async fn proxy_answers(public: &str, scratch: &std::path::Path) {
    for _ in 0..100 {
        if reqwest::get(format!("{public}/healthz"))
            .await
            .is_ok_and(|a| a.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = std::fs::read_to_string(scratch.join("error.log")).unwrap_or_default();
    panic!("nginx never answered: {log}");
}

/// Asks until `done` holds of four answers in a row: with two instances taking turns behind
/// the proxy, both have learnt it (from the outbox, each on its own).
pub(crate) async fn eventually(
    client: &Client,
    path: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) {
    let mut in_a_row = 0;
    for _ in 0..300 {
        let answer = client.get(path).await;
        if answer.status == 200 && done(&answer.body) {
            in_a_row += 1;
            if in_a_row == 4 {
                return;
            }
            continue;
        }
        in_a_row = 0;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never showed what was expected on every instance");
}

/// The deployment: two processes of each service on one PostgreSQL schema behind nginx.
pub(crate) struct Deployment {
    pub(crate) db: TestDatabase,
    pub(crate) anonymous: Client,
    pub(crate) public: String,
    _proxy: Process,
    _scratch: tempfile::TempDir,
    pub(crate) instances: Vec<Instance>,
    _search: Option<SharedSearch>,
}

pub(crate) async fn deployment() -> Deployment {
    let db = TestDatabase::new(Backend::Postgres).await;
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let search = SharedSearch::for_tests();
    let variables = search
        .as_ref()
        .map(SharedSearch::variables)
        .unwrap_or_default();
    let instances: Vec<Instance> = ["catalogue", "matching", "messaging"]
        .into_iter()
        .flat_map(|service| {
            [
                Instance::start(service, &db.url, &public, &variables),
                Instance::start(service, &db.url, &public, &variables),
            ]
        })
        .collect();
    for instance in &instances {
        instance.ready().await;
    }
    let scratch = tempfile::tempdir().expect("nginx's directory");
    let proxy = proxy(port, &instances, scratch.path());
    proxy_answers(&public, scratch.path()).await;
    Deployment {
        db,
        anonymous: Client::new(public.clone()),
        public,
        _proxy: proxy,
        _scratch: scratch,
        instances,
        _search: search,
    }
}

/// With `CONNESSI_TEST_MEILI_URL` set, the catalogue processes share one Meilisearch index
/// (of this deployment alone, deleted with it) instead of an embedded index each.
struct SharedSearch {
    url: String,
    key: String,
    index: String,
}

impl SharedSearch {
    fn for_tests() -> Option<Self> {
        Some(Self {
            url: std::env::var("CONNESSI_TEST_MEILI_URL").ok()?,
            key: std::env::var("CONNESSI_TEST_MEILI_KEY").unwrap_or_default(),
            index: format!("topology_{}", uuid::Uuid::new_v4().simple()),
        })
    }

    fn variables(&self) -> Vec<(&'static str, String)> {
        vec![
            ("CONNESSI_SEARCH_URL", self.url.clone()),
            ("CONNESSI_SEARCH_KEY", self.key.clone()),
            ("CONNESSI_SEARCH__INDEX", self.index.clone()),
        ]
    }
}

impl Drop for SharedSearch {
    fn drop(&mut self) {
        let (url, key, index) = (self.url.clone(), self.key.clone(), self.index.clone());
        // Deleting needs async work; a short-lived thread with its own runtime does it.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let Ok(runtime) = runtime else { return };
            runtime.block_on(async move {
                let config = connessi_search::meili::MeiliConfig::new(url, key, index);
                if let Ok(opened) = connessi_search::meili::MeiliIndex::open(config).await {
                    let _ = opened.destroy().await;
                }
            });
        })
        .join();
    }
}

#[tokio::test]
async fn on_postgres_the_whole_journey_works_through_the_proxy_with_two_processes_of_each_service()
{
    let d = deployment().await;
    let (db, anonymous, public) = (&d.db, &d.anonymous, &d.public);
    let moderator = world::user(
        &db.conn,
        anonymous,
        "moderatrice@proxy.example",
        Some("moderator"),
    )
    .await;
    let owner = world::user(&db.conn, anonymous, "owner@proxy.example", None).await;
    let provider = world::provider(&owner, "proxy", Some(&moderator)).await;
    let offer = world::published(
        &owner,
        &provider,
        &moderator,
        &offer_content("Cassa in cloud"),
    )
    .await;
    // Each catalogue instance has its own index: both must find it.
    eventually(anonymous, "/api/v1/offers/search?q=cassa", |b| {
        b["total"] == 1
    })
    .await;

    let shop_owner = world::user(&db.conn, anonymous, "titolare@bottega.example", None).await;
    let shop = world::shop(&shop_owner, "bottega").await;
    shop_owner
        .put(&format!("/api/v1/shops/{shop}/profile"), &shop_profile())
        .await
        .ok(200);
    let recommended = format!("/api/v1/shops/{shop}/recommendations");
    eventually(&shop_owner, &recommended, |b| {
        b["items"][0]["offer"]["id"] == offer.as_str()
    })
    .await;
    let asked = shop_owner
        .post_with_headers(
            &format!("/api/v1/shops/{shop}/requests"),
            &json!({ "offer_id": offer, "message": "Vorremmo iniziare a gennaio." }),
            &[("idempotency-key", "proxy-1")],
        )
        .await;
    let request = asked.ok(201)["id"].as_str().unwrap().to_owned();
    let accept = format!("/api/v1/providers/{provider}/requests/{request}/accept");
    owner.post(&accept, &json!({})).await.ok(200);
    let mine = shop_owner
        .get(&format!("/api/v1/shops/{shop}/requests"))
        .await;
    assert_eq!(mine.ok(200)[0]["status"], "accepted");

    let opened = format!("/api/v1/onboarding-requests/{request}/conversation");
    let thread = shop_owner.post(&opened, &json!({})).await;
    assert!(thread.status.is_success(), "{:?}", thread.body);
    let thread = thread.body["id"].as_str().unwrap().to_owned();
    let posted = shop_owner
        .post(
            &format!("/api/v1/conversations/{thread}/messages"),
            &json!({ "body": "Grazie, a presto!" }),
        )
        .await;
    posted.ok(201);
    let messages = format!("/api/v1/conversations/{thread}/messages");
    eventually(&owner, &messages, |b| {
        b.to_string().contains("Grazie, a presto!")
    })
    .await;
    // The notifier runs on one messaging instance; the provider sees its notification
    // whichever instance answers.
    eventually(&owner, "/api/v1/notifications", |b| {
        b.to_string().contains("request_received")
    })
    .await;
    // Two notifiers run, one per messaging instance: each event is still told once.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let told = owner.get("/api/v1/notifications").await;
    let received = told.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "request_received")
        .count();
    assert_eq!(
        received, 1,
        "one notification for one request: {}",
        told.body
    );
    // Pages come through the proxy too, each from its service.
    let page = reqwest::get(format!("{public}/offers/{offer}"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Cassa in cloud"));
    // A problem's `type` URI resolves through the proxy, whichever service made it.
    let refused = shop_owner.post(&accept, &json!({})).await;
    let kind = refused.body["type"]
        .as_str()
        .expect("a problem type")
        .to_owned();
    let explained = reqwest::get(format!("{public}{kind}")).await.unwrap();
    assert_eq!(explained.status(), 200, "{kind}");
    // The API's document through the proxy describes every service's endpoints.
    let document: serde_json::Value = reqwest::get(format!("{public}/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/offers/search",
        "/api/v1/shops/{id}/requests",
        "/api/v1/conversations/{id}/messages",
    ] {
        assert!(
            document["paths"].get(path).is_some(),
            "{path} is documented"
        );
    }
}

#[tokio::test]
async fn on_postgres_accepts_racing_through_both_matching_instances_never_overfill_an_offer() {
    let d = deployment().await;
    let (db, anonymous) = (&d.db, &d.anonymous);
    let moderator = world::user(
        &db.conn,
        anonymous,
        "moderatrice@posti.example",
        Some("moderator"),
    )
    .await;
    let owner = world::user(&db.conn, anonymous, "owner@posti.example", None).await;
    let provider = world::provider(&owner, "posti", Some(&moderator)).await;
    let mut content = offer_content("Due posti soltanto");
    content["capacity"] = json!(2);
    let offer = world::published(&owner, &provider, &moderator, &content).await;
    let mut requests = Vec::new();
    for n in 0..6 {
        let name = format!("negozio{n}");
        let shop_owner = world::user(
            &db.conn,
            anonymous,
            &format!("titolare@{name}.example"),
            None,
        )
        .await;
        let shop = world::shop(&shop_owner, &name).await;
        let asked = shop_owner
            .post_with_headers(
                &format!("/api/v1/shops/{shop}/requests"),
                &json!({ "offer_id": offer, "message": "Ci interessa." }),
                &[("idempotency-key", name.as_str())],
            )
            .await;
        requests.push(asked.ok(201)["id"].as_str().unwrap().to_owned());
    }
    // Six accepts at once, shared out by the proxy between the two matching processes.
    let paths: Vec<String> = requests
        .iter()
        .map(|request| format!("/api/v1/providers/{provider}/requests/{request}/accept"))
        .collect();
    let body = json!({});
    let answers = all_at_once(paths.iter().map(|path| owner.post(path, &body)).collect()).await;
    let accepted = answers.iter().filter(|a| a.status == 200).count();
    let full = answers
        .iter()
        .filter(|a| a.status == 409 && a.body["code"] == "offer_full")
        .count();
    assert_eq!(
        (accepted, full),
        (2, 4),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    let listed = owner
        .get(&format!("/api/v1/providers/{provider}/requests"))
        .await;
    let taken = listed.ok(200)["items"]
        .as_array()
        .or(listed.body.as_array())
        .map(|all| all.iter().filter(|r| r["status"] == "accepted").count());
    assert_eq!(taken, Some(2), "{}", listed.body);
}

#[tokio::test]
async fn on_postgres_a_matching_process_killed_mid_load_loses_no_acknowledged_request() {
    let mut d = deployment().await;
    let (db, anonymous) = (&d.db, &d.anonymous);
    let moderator = world::user(
        &db.conn,
        anonymous,
        "moderatrice@carico.example",
        Some("moderator"),
    )
    .await;
    let owner = world::user(&db.conn, anonymous, "owner@carico.example", None).await;
    let provider = world::provider(&owner, "carico", Some(&moderator)).await;
    let offer = world::published(
        &owner,
        &provider,
        &moderator,
        &offer_content("Senza limite di posti"),
    )
    .await;
    let mut shops = Vec::new();
    for n in 0..16 {
        let name = format!("carico{n}");
        let client = world::user(
            &db.conn,
            anonymous,
            &format!("titolare@{name}.example"),
            None,
        )
        .await;
        let shop = world::shop(&client, &name).await;
        shops.push((name, client, shop));
    }
    let ask = |client: &Client, shop: &str, key: &str| {
        let (client, path, key) = (
            client.clone(),
            format!("/api/v1/shops/{shop}/requests"),
            key.to_owned(),
        );
        let body = json!({ "offer_id": offer, "message": "Sotto carico." });
        async move {
            client
                .post_with_headers(&path, &body, &[("idempotency-key", key.as_str())])
                .await
        }
    };
    let mut acknowledged = Vec::new();
    let mut refused = Vec::new();
    for (n, (name, client, shop)) in shops.iter().enumerate() {
        if n == 6 {
            let victim = d
                .instances
                .iter_mut()
                .find(|i| i.service == "matching")
                .unwrap();
            victim.kill();
        }
        let reply = ask(client, shop, name).await;
        match reply.status.as_u16() {
            201 => acknowledged.push(reply.body["id"].as_str().unwrap().to_owned()),
            // What the cut-off instance was doing comes back as an error, never as a success.
            status => refused.push((n, status)),
        }
    }
    assert!(
        acknowledged.len() >= 10,
        "the surviving instance serves: refused {refused:?}"
    );
    use connessi_matching::entities::onboarding_request as request;
    use sea_orm::EntityTrait;
    for id in &acknowledged {
        let stored = request::Entity::find_by_id(uuid::Uuid::parse_str(id).unwrap())
            .one(&db.conn)
            .await
            .unwrap();
        assert!(stored.is_some(), "acknowledged request {id} is stored");
    }
    // A refused request asked again with its key is made once, by the surviving instance.
    for (n, _) in &refused {
        let (name, client, shop) = &shops[*n];
        let again = ask(client, shop, name).await;
        assert!(again.status.is_success(), "{:?}", again.body);
    }
    let all = request::Entity::find().all(&db.conn).await.unwrap();
    assert_eq!(
        all.len(),
        shops.len(),
        "one request per shop, none lost, none twice"
    );
}
