//! The conformance suite against the embedded backend, each check on a fresh index on disk.

use connessi_search::conformance;
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::synonyms::Synonyms;

macro_rules! embedded_checks {
    ($($check:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $check() {
            let dir = tempfile::tempdir().unwrap();
            let index = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
            conformance::$check(&index).await;
        }
    )*};
}

embedded_checks!(
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
async fn a_reopened_index_keeps_its_documents_and_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
        conformance::load_fixtures(&index).await;
    }
    let reopened = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
    use connessi_search::SearchBackend;
    assert_eq!(reopened.checkpoint().await.unwrap(), 12);
    assert_eq!(reopened.versions().await.unwrap().len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_generation_is_built_aside_and_swapped_in() {
    use connessi_search::SearchBackend;
    let dir = tempfile::tempdir().unwrap();
    let first = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
    conformance::load_fixtures(&first).await;
    let second = EmbeddedIndex::create_generation(dir.path(), Synonyms::defaults()).unwrap();
    assert_eq!(
        EmbeddedIndex::current_generation(dir.path()).unwrap(),
        Some(first.generation()),
        "not in use until published"
    );
    second.apply(vec![], 40).await.unwrap();
    second.publish(dir.path()).unwrap();
    assert_eq!(
        EmbeddedIndex::current_generation(dir.path()).unwrap(),
        Some(second.generation())
    );
    assert_eq!(
        first.versions().await.unwrap().len(),
        12,
        "the old generation still answers until dropped"
    );
    drop(first);
    assert_eq!(
        EmbeddedIndex::remove_stale_generations(dir.path()).unwrap(),
        1
    );
    let current = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
    assert_eq!(current.checkpoint().await.unwrap(), 40);
}
