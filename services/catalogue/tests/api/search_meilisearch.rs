//! The catalogue on a real Meilisearch server and PostgreSQL, the production topology: two
//! instances share one index, one writes at a time, both answer the same, and a rebuild is
//! swapped in while the indexer keeps going. Ignored unless `CONNESSI_TEST_MEILI_URL` names a
//! server (`scripts/test` then runs them); each test uses its own index and deletes it.

use crate::search::search;
use crate::support::{TestApp, offer_content, spawn_app_with};
use connessi_catalogue::search as catalogue_search;
use connessi_platform::config::Settings;
use connessi_search::meili::MeiliIndex;
use connessi_tests::Backend;
use secrecy::SecretString;

/// Points `settings` at the test server, on an index of its own.
fn on_meilisearch(settings: &mut Settings, index: &str) {
    let url = std::env::var("CONNESSI_TEST_MEILI_URL").expect("CONNESSI_TEST_MEILI_URL");
    let key = std::env::var("CONNESSI_TEST_MEILI_KEY").unwrap_or_default();
    settings.search.url = Some(url);
    settings.search.api_key = Some(SecretString::from(key));
    settings.search.index = index.to_owned();
}

fn fresh_index() -> String {
    format!("catalogue_{}", uuid::Uuid::new_v4().simple())
}

/// Stops the app (its indexer would otherwise write on) and deletes its index.
async fn remove_index(app: TestApp) {
    let config = catalogue_search::meilisearch(&app.state.platform.settings).expect("on Meili");
    drop(app);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    MeiliIndex::open(config)
        .await
        .unwrap()
        .destroy()
        .await
        .unwrap();
}

fn hit_ids(found: &serde_json::Value) -> Vec<String> {
    let hits = found["hits"].as_array().expect("hits");
    let mut ids: Vec<String> = hits
        .iter()
        .map(|h| h["offer"]["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
async fn two_instances_share_one_meilisearch_index_and_find_the_same_offers() {
    let index = fresh_index();
    let app = spawn_app_with(Backend::Postgres, |s| on_meilisearch(s, &index)).await;
    let second = app.second_server(|s| on_meilisearch(s, &index)).await;
    assert!(app.state.search.is_shared());
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("condivisa", Some(&moderator)).await;
    let mut published = Vec::new();
    for n in 0..4 {
        let content = offer_content(&format!("Cassa Zefiro numero {n}"));
        published.push(app.published(&owner, &provider, &moderator, &content).await);
    }
    app.draft(&owner, &provider, &offer_content("Cassa Zefiro in bozza"))
        .await;
    app.indexed().await;
    published.sort();

    let first = search(&app.anonymous, "q=zefiro").await;
    assert_eq!(hit_ids(&first), published, "{first}");
    let other = search(&second.anonymous, "q=zefiro").await;
    assert_eq!(
        hit_ids(&other),
        published,
        "the other instance reads the same index"
    );
    assert_eq!(first["facets"]["status"]["published"], 4);
    let title = first["hits"][0]["highlights"]["title"].as_str().unwrap();
    assert!(title.contains("<mark>Zefiro</mark>"), "{title}");
    let (database, indexed) = app.versions().await;
    assert_eq!(
        indexed, database,
        "every offer once, at its current version"
    );
    let ready = app.anonymous.get("/readyz").await;
    assert_eq!(ready.ok(200)["search_index"]["lag_events"], 0);
    drop(second);
    remove_index(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Meilisearch server: set CONNESSI_TEST_MEILI_URL and run with --ignored"]
async fn a_rebuild_is_swapped_in_and_indexing_goes_on_from_its_checkpoint() {
    let index = fresh_index();
    let app = spawn_app_with(Backend::Postgres, |s| on_meilisearch(s, &index)).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("ricostruita", Some(&moderator)).await;
    let before = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Vetrina Aurora prima"),
        )
        .await;
    app.indexed().await;

    let rebuilt = catalogue_search::reindex(&app.db.conn, &app.state.platform.settings)
        .await
        .expect("rebuild");
    assert_eq!(rebuilt.offers, 1);
    assert_ne!(rebuilt.generation, index, "built aside, under another name");
    let found = search(&app.anonymous, "q=aurora").await;
    assert_eq!(
        hit_ids(&found),
        std::slice::from_ref(&before),
        "the swapped-in index answers"
    );

    let after = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Vetrina Aurora dopo"),
        )
        .await;
    app.indexed().await;
    let mut expected = vec![before, after];
    expected.sort();
    let found = search(&app.anonymous, "q=aurora").await;
    assert_eq!(
        hit_ids(&found),
        expected,
        "the indexer writes into the new index"
    );
    let (database, indexed) = app.versions().await;
    assert_eq!(indexed, database);
    remove_index(app).await;
}
