//! `connessi reindex`: the rebuilt index holds every offer at its current version, and a
//! running server keeps answering searches while another process rebuilds, then serves the
//! new generation.

use super::{Server, connessi};
use connessi_catalogue::entities::offer;
use connessi_search::SearchBackend;
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::synonyms::Synonyms;
use connessi_tests::{Backend, Client, TestDatabase, backend_tests};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

backend_tests! {
    reindex_matches_the_database_and_replaces_the_index_under_a_running_server => reindex;
}

fn run(mut command: Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every offer's `(id, version)`, sorted.
pub(super) async fn database_versions(db: &TestDatabase) -> Vec<(uuid::Uuid, i64)> {
    let rows: Vec<(uuid::Uuid, i32)> = offer::Entity::find()
        .select_only()
        .columns([offer::Column::Id, offer::Column::Version])
        .into_tuple()
        .all(&db.conn)
        .await
        .unwrap();
    let mut versions: Vec<_> = rows.into_iter().map(|(id, v)| (id, i64::from(v))).collect();
    versions.sort();
    versions
}

pub(super) async fn index_versions(search_dir: &Path) -> Vec<(uuid::Uuid, i64)> {
    let index = EmbeddedIndex::open_current(search_dir, Synonyms::defaults()).unwrap();
    let mut versions = index.versions().await.unwrap();
    versions.sort();
    versions
}

/// A published offer copied straight into the database, with no outbox event: only a
/// rebuild can find it.
async fn insert_unannounced_offer(db: &TestDatabase, title: &str) {
    let model = offer::Entity::find()
        .filter(offer::Column::Status.eq("published"))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("a published offer");
    let mut content: Value = serde_json::from_str(&model.content).unwrap();
    content["title"]["it"] = Value::from(title);
    let mut copy = model.clone();
    copy.id = uuid::Uuid::now_v7();
    copy.title_it = title.to_owned();
    copy.content = content.to_string();
    copy.version = 1;
    // Every field set, so the copy is inserted whole.
    copy.into_active_model()
        .reset_all()
        .insert(&db.conn)
        .await
        .unwrap();
}

async fn search_total(client: &Client, query: &str) -> u64 {
    let reply = client.get(&format!("/api/v1/offers/search?{query}")).await;
    reply.ok(200)["total"].as_u64().unwrap()
}

async fn generation(client: &Client) -> String {
    let ready = client.get("/readyz").await;
    ready.ok(200)["search_index"]["generation"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn reindex(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let data = tempfile::tempdir().unwrap();
    let search_dir = data.path().join("search");
    run({
        let mut seed = connessi(&db, data.path());
        seed.arg("seed");
        seed
    });
    run({
        let mut synthetic = connessi(&db, data.path());
        synthetic.args(["seed", "--synthetic", "1500"]);
        synthetic
    });
    run({
        let mut reindex = connessi(&db, data.path());
        reindex.arg("reindex");
        reindex
    });
    let database = database_versions(&db).await;
    assert_eq!(database.len(), 1500 + super::demo_count_all());
    assert_eq!(index_versions(&search_dir).await, database);

    let server = Server::start(connessi(&db, data.path())).await;
    let client = &server.client;
    let before = generation(client).await;
    insert_unannounced_offer(&db, "Servizio Quokka per negozi di quartiere").await;
    assert_eq!(search_total(client, "q=quokka").await, 0);

    let mut rebuild = connessi(&db, data.path())
        .arg("reindex")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut answered_during_rebuild = 0;
    let status = loop {
        assert!(search_total(client, "q=negozio").await > 0);
        answered_during_rebuild += 1;
        if let Some(status) = rebuild.try_wait().unwrap() {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "connessi reindex failed");
    assert!(answered_during_rebuild > 0);

    let deadline = Instant::now() + Duration::from_secs(60);
    while search_total(client, "q=quokka").await == 0 {
        assert!(
            Instant::now() < deadline,
            "the server did not switch to the rebuilt index"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_ne!(generation(client).await, before);
    assert!(server.terminate().success());
}
