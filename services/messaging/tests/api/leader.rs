//! Several messaging instances on one PostgreSQL notify through one leader at a time: a second
//! instance waits while the first holds the lock, and takes over once the first is gone.

use connessi_messaging::notify::leader::Leadership;
use connessi_platform::db;
use connessi_tests::{Backend, TestDatabase};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_only_one_instance_notifies_at_a_time_and_another_takes_over_when_it_goes() {
    let test_db = TestDatabase::new(Backend::Postgres).await;
    let settings = test_db.settings();
    let second_pool = db::connect(&test_db.url.clone().into(), &settings.database)
        .await
        .unwrap();
    let mut first = Leadership::acquire(&test_db.conn).await;
    assert!(first.held().await);
    let waiting = tokio::spawn(async move { Leadership::acquire(&second_pool).await });
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(!waiting.is_finished(), "two leaders at once");
    drop(first);
    let mut second = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("took over")
        .unwrap();
    assert!(second.held().await);
}

#[tokio::test]
async fn on_sqlite_the_single_process_leads_at_once() {
    let test_db = TestDatabase::new(Backend::Sqlite).await;
    let mut leadership = Leadership::acquire(&test_db.conn).await;
    assert!(leadership.held().await);
}
