//! The checks. Each takes a fresh, empty backend, loads the fixtures and asserts; failures
//! name the query and what came back (fixture numbers, see `fixtures.rs`).

use super::fixtures::{PROVIDER_A, PROVIDER_B, fixtures, id, load_fixtures, now};
use super::reference;
use crate::{
    Change, Facet, Filters, Scope, SearchBackend, SearchRequest, SearchResponse, SortOrder,
};

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        now: now(),
        ..SearchRequest::public(query)
    }
}

async fn run(backend: &dyn SearchBackend, request: &SearchRequest) -> SearchResponse {
    backend
        .search(request)
        .await
        .unwrap_or_else(|e| panic!("search {request:?} failed: {e}"))
}

/// Fixture numbers of the hits, in order.
fn numbers(response: &SearchResponse) -> Vec<u128> {
    response
        .hits
        .iter()
        .map(|h| h.offer.id.as_u128() - 0x1000)
        .collect()
}

async fn found(backend: &dyn SearchBackend, query: &str) -> Vec<u128> {
    numbers(&run(backend, &request(query)).await)
}

/// Typos within Meilisearch's budget, plurals, accents, synonyms and prefixes all find the
/// intended offers, and the best match comes first.
pub async fn italian_queries_find_the_intended_offers(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let cases: &[(&str, u128)] = &[
        ("pagamento", 2),          // plural in the text, singular typed
        ("pagamneti digitali", 2), // a transposition in a 9-letter word
        ("negzio online", 3),      // one typo in a 6-letter word
        ("perche sicurezza", 7),   // no accent typed
        ("parrucchiere", 6),       // singular of "parrucchieri"
        ("prenot", 6),             // still typing
        ("website", 5),            // English title, and synonym of "sito"
        ("corso social", 4),
        ("cooperative", 12),
    ];
    for (query, expected) in cases {
        let hits = found(backend, query).await;
        assert_eq!(
            hits.first(),
            Some(expected),
            "query {query:?} found {hits:?}"
        );
    }
    assert!(
        found(backend, "zqxwv").await.is_empty(),
        "nonsense finds nothing"
    );
    let short = found(backend, "poss ").await;
    assert!(
        !short.contains(&1),
        "no typo is allowed in a 4-letter word: {short:?}"
    );
}

/// Synonyms from configuration work both ways.
pub async fn synonyms_match_both_ways(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let pos = found(backend, "pos ").await;
    assert!(
        pos.contains(&1) && pos.contains(&2),
        "pos ↔ pagamenti digitali: {pos:?}"
    );
    let digital = found(backend, "pagamenti digitali ").await;
    assert!(
        digital.contains(&1),
        "pagamenti digitali ↔ pos: {digital:?}"
    );
    let ecommerce = found(backend, "ecommerce ").await;
    assert!(
        ecommerce.contains(&3),
        "ecommerce ↔ negozio online: {ecommerce:?}"
    );
    let website = found(backend, "sito ").await;
    assert!(website.contains(&5), "{website:?}");
}

/// Facet counts equal a brute-force count, are disjunctive, and every facet is reported.
pub async fn facet_counts_are_disjunctive_and_exact(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let documents = fixtures();
    let selections = [
        Filters::default(),
        Filters {
            categories: vec!["training".into()],
            ..Default::default()
        },
        Filters {
            categories: vec!["training".into(), "pos".into()],
            sectors: vec!["retail".into()],
            ..Default::default()
        },
        Filters {
            regions: vec!["05".into()],
            has_places: Some(true),
            ..Default::default()
        },
        Filters {
            providers: vec![PROVIDER_B],
            languages: vec!["it".into()],
            ..Default::default()
        },
    ];
    for (filters, scope) in selections
        .iter()
        .flat_map(|f| [(f, Scope::Public), (f, Scope::Everything)])
    {
        let search = SearchRequest {
            filters: filters.clone(),
            scope,
            per_page: 50,
            ..request("")
        };
        let response = run(backend, &search).await;
        let (ids, counts) = reference::expected(&documents, filters, scope, now());
        let mut got: Vec<_> = response.hits.iter().map(|h| h.offer.id).collect();
        got.sort();
        assert_eq!(got, ids, "hits for {filters:?} in {scope:?}");
        assert_eq!(response.total, ids.len() as u64);
        assert_eq!(
            response.facets, counts,
            "facet counts for {filters:?} in {scope:?}"
        );
    }
}

/// A place as a shop means it: national offers, and those covering its comune, province or
/// region; a province or region also finds offers for places inside it.
pub async fn places_match_as_a_shop_means_them(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let at = |place: &str| SearchRequest {
        filters: Filters {
            territory: Some(place.into()),
            ..Default::default()
        },
        per_page: 50,
        ..request("")
    };
    let mut treviso = numbers(&run(backend, &at("026086")).await);
    treviso.sort();
    assert_eq!(treviso, [1, 2, 3, 5, 7, 11, 12], "comune of Treviso");
    let mut bari_province = numbers(&run(backend, &at("BA")).await);
    bari_province.sort();
    assert_eq!(
        bari_province,
        [2, 4, 5, 7, 12],
        "province of Bari includes the offer for the comune of Bari"
    );
    let mut campania = numbers(&run(backend, &at("15")).await);
    campania.sort();
    assert_eq!(campania, [2, 5, 6, 7, 12], "region Campania");
}

/// The public sees published, unexpired offers; a provider also its own; moderators all.
pub async fn visibility_follows_who_is_searching(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let all = |scope| SearchRequest {
        scope,
        per_page: 50,
        ..request("")
    };
    let mut public = numbers(&run(backend, &all(Scope::Public)).await);
    public.sort();
    assert_eq!(
        public,
        [1, 2, 3, 4, 5, 6, 7, 11, 12],
        "no draft, suspended or expired offer"
    );
    let provider_b = numbers(&run(backend, &all(Scope::Provider(PROVIDER_B))).await);
    assert!(provider_b.contains(&8) && !provider_b.contains(&9) && !provider_b.contains(&10));
    let provider_a = numbers(&run(backend, &all(Scope::Provider(PROVIDER_A))).await);
    assert!(provider_a.contains(&9) && provider_a.contains(&10) && !provider_a.contains(&8));
    assert_eq!(run(backend, &all(Scope::Everything)).await.total, 12);
    let draft_text = found(backend, "bicicletta").await;
    assert!(
        draft_text.is_empty(),
        "a draft is not found by the public even by its words"
    );
}

/// Pages partition the results, the same request gives the same order, and every sort order
/// puts the right offer first.
pub async fn paging_and_sorting_are_stable(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let page = |page, sort| SearchRequest {
        page,
        per_page: 4,
        sort,
        ..request("")
    };
    let mut seen = Vec::new();
    for n in 1..=3 {
        let response = run(backend, &page(n, SortOrder::Newest)).await;
        assert_eq!(response.total, 9);
        seen.extend(numbers(&response));
    }
    assert_eq!(
        seen,
        [1, 2, 3, 4, 5, 6, 7, 11, 12],
        "newest first, no overlap, nothing lost"
    );
    assert_eq!(
        numbers(&run(backend, &page(1, SortOrder::Relevance)).await),
        numbers(&run(backend, &page(1, SortOrder::Relevance)).await)
    );
    assert_eq!(
        numbers(&run(backend, &page(1, SortOrder::EndingSoon)).await)[..2],
        [6, 2],
        "fixed end dates, soonest first"
    );
    assert_eq!(
        numbers(&run(backend, &page(1, SortOrder::LongestFreePeriod)).await)[0],
        5,
        "24 months"
    );
    let long = SearchRequest {
        filters: Filters {
            min_free_months: Some(12),
            ..Default::default()
        },
        ..page(1, SortOrder::Newest)
    };
    assert_eq!(
        numbers(&run(backend, &long).await),
        [3, 5],
        "at least 12 months"
    );
}

/// Matches are marked and stored text is escaped, never passed through as HTML.
pub async fn highlights_mark_matches_and_escape_html(backend: &dyn SearchBackend) {
    load_fixtures(backend).await;
    let response = run(backend, &request("cooperative")).await;
    let hit = response
        .hits
        .iter()
        .find(|h| h.offer.id == id(12))
        .expect("offer 12");
    let title = hit.highlights.title.as_deref().unwrap_or_default();
    assert!(title.contains("<mark>"), "{title}");
    let description = hit.highlights.description.as_deref().unwrap_or_default();
    assert!(!description.contains("<script>"), "{description}");
    assert!(response.processing_time_ms >= 0.0);
}

/// The checkpoint is stored with the changes; replaying changes is harmless; deletes apply.
pub async fn changes_and_checkpoint_are_durable_and_idempotent(backend: &dyn SearchBackend) {
    assert_eq!(
        backend.checkpoint().await.unwrap(),
        0,
        "a fresh index starts at 0"
    );
    load_fixtures(backend).await;
    load_fixtures(backend).await;
    assert_eq!(backend.checkpoint().await.unwrap(), 12);
    assert_eq!(
        backend.versions().await.unwrap().len(),
        12,
        "replaying upserts duplicates nothing"
    );
    let mut changed = fixtures().remove(0);
    changed.version = 2;
    changed.title_it = "Registratore di cassa telematico".into();
    backend
        .apply(
            vec![Change::Upsert(Box::new(changed)), Change::Delete(id(2))],
            14,
        )
        .await
        .unwrap();
    assert_eq!(backend.checkpoint().await.unwrap(), 14);
    let versions = backend.versions().await.unwrap();
    assert_eq!(versions.len(), 11);
    assert!(versions.contains(&(id(1), 2)));
    assert!(found(backend, "telematico").await.contains(&1));
    assert!(
        !found(backend, "commissioni").await.contains(&2),
        "the deleted offer is gone"
    );
    let facets = run(backend, &request("")).await.facets;
    assert!(!facets[&Facet::Category].contains_key("digital_payments"));
}
