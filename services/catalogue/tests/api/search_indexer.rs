//! The indexer against an index that fails: it reports the failure, tries the same events
//! again, and ends with every offer in the index, none skipped.

use crate::support::{offer_content, spawn_app};
use connessi_catalogue::search::{SearchHandle, indexer};
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::{
    Change, SearchBackend, SearchError, SearchRequest, SearchResponse, SearchResult,
};
use connessi_tests::{Backend, backend_tests};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

backend_tests! {
    a_failing_index_is_retried_until_it_holds_every_offer => failing_index;
}

/// An index whose first `failures` writes fail.
struct Flaky {
    inner: EmbeddedIndex,
    failures: AtomicUsize,
}

#[async_trait::async_trait]
impl SearchBackend for Flaky {
    async fn checkpoint(&self) -> SearchResult<i64> {
        self.inner.checkpoint().await
    }

    async fn apply(&self, changes: Vec<Change>, checkpoint: i64) -> SearchResult<()> {
        let left = self.failures.load(Ordering::SeqCst);
        if left > 0 {
            self.failures.store(left - 1, Ordering::SeqCst);
            return Err(SearchError::Unavailable("disk is full".into()));
        }
        self.inner.apply(changes, checkpoint).await
    }

    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResponse> {
        self.inner.search(request).await
    }

    async fn versions(&self) -> SearchResult<Vec<(uuid::Uuid, i64)>> {
        self.inner.versions().await
    }
}

async fn failing_index(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("instabile", Some(&moderator)).await;
    for n in 0..3 {
        let content = offer_content(&format!("Offerta instabile {n}"));
        app.published(&owner, &provider, &moderator, &content).await;
    }
    app.draft(&owner, &provider, &offer_content("Bozza instabile"))
        .await;

    let dir = tempfile::tempdir().unwrap();
    let flaky = Arc::new(Flaky {
        inner: EmbeddedIndex::open_current(
            dir.path(),
            connessi_search::synonyms::Synonyms::defaults(),
        )
        .unwrap(),
        failures: AtomicUsize::new(2),
    });
    let handle = SearchHandle::new(flaky.clone());
    let mut status = handle.subscribe();
    let running = tokio::spawn(indexer::run(
        app.db.conn.clone(),
        handle.clone(),
        Duration::from_millis(10),
    ));

    let failed = status.wait_for(|s| s.last_error.is_some());
    let failed = tokio::time::timeout(Duration::from_secs(10), failed).await;
    let reported = failed.expect("a failure is reported").unwrap().clone();
    assert!(reported.last_error.unwrap().contains("disk is full"));
    assert!(reported.lag_events > 0, "the events waiting are reported");
    let head = indexer::outbox_head(&app.db.conn).await.unwrap();
    let recovered =
        status.wait_for(|s| s.last_error.is_none() && s.head >= head && s.lag_events == 0);
    let recovered = tokio::time::timeout(Duration::from_secs(30), recovered).await;
    drop(recovered.expect("the indexer recovers").unwrap());
    running.abort();

    let (database, _) = app.versions().await;
    let mut index = flaky.versions().await.unwrap();
    index.sort();
    assert_eq!(database.len(), 4);
    assert_eq!(index, database, "no event was skipped");
}
