//! The conformance suite against a real Meilisearch server, each check on a fresh index that
//! is deleted afterwards. Needs `CONNESSI_TEST_MEILI_URL` (and `CONNESSI_TEST_MEILI_KEY`, its
//! master key), so the tests are ignored by default: `scripts/test` runs them with
//! `--ignored` when the variable is set (see README, "Search on Meilisearch").

use connessi_search::meili::{MeiliConfig, MeiliIndex, tasks};
use connessi_search::{SearchBackend, conformance};
use std::time::Duration;

fn config(index: String) -> MeiliConfig {
    let url = std::env::var("CONNESSI_TEST_MEILI_URL")
        .expect("CONNESSI_TEST_MEILI_URL names the Meilisearch server to test against");
    let key = std::env::var("CONNESSI_TEST_MEILI_KEY").unwrap_or_default();
    MeiliConfig::new(url, key, index)
}

fn fresh_name() -> String {
    format!("conformance_{}", uuid::Uuid::new_v4().simple())
}

macro_rules! meili_checks {
    ($($check:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
        async fn $check() {
            let index = MeiliIndex::open(config(fresh_name())).await.unwrap();
            conformance::$check(&index).await;
            index.destroy().await.unwrap();
        }
    )*};
}

meili_checks!(
    italian_queries_find_the_intended_offers,
    synonyms_match_both_ways,
    facet_counts_are_disjunctive_and_exact,
    places_match_as_a_shop_means_them,
    visibility_follows_who_is_searching,
    paging_and_sorting_are_stable,
    highlights_mark_matches_and_escape_html,
    changes_and_checkpoint_are_durable_and_idempotent,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
async fn a_rebuilt_index_is_swapped_in_under_the_same_name() {
    let name = fresh_name();
    let current = MeiliIndex::open(config(name.clone())).await.unwrap();
    conformance::load_fixtures(&current).await;
    let staging = MeiliIndex::create_staging(config(name.clone()))
        .await
        .unwrap();
    assert_ne!(staging.uid(), name);
    staging.apply(vec![], 40).await.unwrap();
    assert_eq!(
        current.checkpoint().await.unwrap(),
        12,
        "not in use until swapped"
    );
    let published = staging.publish().await.unwrap();
    assert_eq!(published.uid(), name);
    assert_eq!(
        current.checkpoint().await.unwrap(),
        40,
        "the name now holds the new index"
    );
    assert!(current.versions().await.unwrap().is_empty());
    published.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
async fn a_task_that_fails_on_the_server_is_an_error_not_a_success() {
    let name = fresh_name();
    let index = MeiliIndex::open(config(name.clone())).await.unwrap();
    let settings = config(name.clone());
    let admin =
        meilisearch_sdk::client::Client::new(settings.url, Some(settings.admin_key)).unwrap();
    // Accepted with 202, then failed by the server: the index already exists.
    let enqueued = admin.create_index(&name, Some("id")).await;
    let outcome =
        tasks::completed(&admin, enqueued, Duration::from_secs(30), "creating again").await;
    let error = outcome.expect_err("a failed task must not pass for a success");
    assert!(error.to_string().contains("already exists"), "{error}");
    index.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
async fn searches_use_a_search_only_key_and_public_ones_a_tenant_token() {
    let name = fresh_name();
    let index = MeiliIndex::open(config(name.clone())).await.unwrap();
    conformance::load_fixtures(&index).await;
    let key = index.search_key();
    assert_eq!(key.actions, [meilisearch_sdk::key::Action::Search]);
    assert_eq!(key.indexes, std::slice::from_ref(&name));
    let settings = config(name.clone());
    let searcher =
        meilisearch_sdk::client::Client::new(&settings.url, Some(key.key.clone())).unwrap();
    let write = searcher
        .index(&name)
        .add_or_replace(
            &[serde_json::json!({"id": "x", "kind": "offer"})],
            Some("id"),
        )
        .await;
    assert!(write.is_err(), "the search key cannot write");
    let token = index.public_token().unwrap();
    let public = meilisearch_sdk::client::Client::new(&settings.url, Some(token)).unwrap();
    let everything = public
        .index(&name)
        .search()
        .with_limit(50)
        .execute::<serde_json::Value>()
        .await
        .unwrap();
    assert!(
        everything
            .hits
            .iter()
            .all(|h| h.result["status"] == "published"),
        "the tenant token's rules hide drafts even from a search without filters"
    );
    assert_eq!(
        everything.hits.len(),
        10,
        "published offers, the expired one included"
    );
    index.destroy().await.unwrap();
}
