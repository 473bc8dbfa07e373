//! A crash at any point loses nothing: `kill -9` in the middle of indexing a backlog, and
//! again right after changes were acknowledged, then a restart: the index equals the
//! database, with no document twice.

use super::reindex::{database_versions, index_versions};
use super::{Server, connessi};
use connessi_tests::{Backend, TestDatabase, backend_tests};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

backend_tests! {
    killing_the_server_mid_indexing_and_after_changes_loses_nothing => crash_and_recover;
}

/// The checkpoint the index has durably committed, read from its metadata on disk.
fn committed_checkpoint(search_dir: &Path) -> Option<i64> {
    let generation = std::fs::read_to_string(search_dir.join("CURRENT")).ok()?;
    let meta =
        std::fs::read_to_string(search_dir.join(generation.trim()).join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    let payload: serde_json::Value = serde_json::from_str(meta["payload"].as_str()?).ok()?;
    payload["checkpoint"].as_i64()
}

async fn outbox_head(db: &TestDatabase) -> i64 {
    let statement =
        Statement::from_string(db.conn.get_database_backend(), "SELECT MAX(id) FROM outbox");
    let row = db.conn.query_one_raw(statement).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn kill_9(child: &mut std::process::Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

// Every path after the spawn kills and waits for the child; the lint cannot follow the loop.
#[allow(clippy::zombie_processes)]
async fn crash_and_recover(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let data = tempfile::tempdir().unwrap();
    let search_dir = data.path().join("search");
    let seeded = connessi(&db, data.path())
        .args(["seed", "--synthetic", "40000"])
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let head = outbox_head(&db).await;

    // 1. Kill while the backlog is being indexed: some batches committed, not all.
    let mut child = connessi(&db, data.path())
        .env("CONNESSI_LISTEN", "127.0.0.1:0")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let killed_at = loop {
        let checkpoint = committed_checkpoint(&search_dir).filter(|c| *c > 0);
        if checkpoint.is_some() || Instant::now() >= deadline {
            // `Child::kill` is SIGKILL: no shutdown code runs.
            child.kill().unwrap();
            child.wait().unwrap();
            break checkpoint.expect("indexing never started");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        killed_at < head,
        "the kill came after indexing had finished ({killed_at} of {head}); the test proves nothing"
    );

    // 2. Restart, change offers through the API, and kill right after the answers.
    let server = Server::start(connessi(&db, data.path())).await;
    let moderator = server.client.sign_in("moderatrice@connessi.example").await;
    let queue = moderator.get("/api/v1/moderation/queue").await;
    let approval = json!({ "decision": "approve", "checklist": { "free": true, "no_renewal_obligation": true, "free_period_stated": true, "has_territory": true, "provider_verified": true } });
    for item in queue.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["provider"]["verified"] == true)
    {
        moderator
            .post(item["decision_url"].as_str().unwrap(), &approval)
            .await
            .ok(200);
    }
    let mut server = server;
    kill_9(&mut server.child);

    // 3. Restart: it catches up before serving; the index equals the database.
    let server = Server::start(connessi(&db, data.path())).await;
    assert!(server.terminate().success());
    let in_index = index_versions(&search_dir).await;
    let in_database = database_versions(&db).await;
    assert_eq!(
        in_index.len(),
        in_database.len(),
        "no offer missing, none twice"
    );
    assert_eq!(in_index, in_database);
}
