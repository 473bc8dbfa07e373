//! Search over HTTP: what each audience finds as offers move through their states, parameter
//! checking, and the index matching the database after a burst of concurrent changes. Facet
//! counts are in `search_facets`.

use crate::support::{approval, offer_content, spawn_app};
use connessi_tests::{Backend, Client, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    a_published_offer_is_found_and_once_withdrawn_only_moderators_find_it => publish_then_withdraw;
    drafts_are_found_by_their_provider_and_moderators_but_not_the_public => drafts_visibility;
    bad_parameters_are_refused_with_a_problem_naming_the_parameter => bad_parameters;
    the_index_equals_the_database_after_a_burst_of_changes => burst_of_changes;
}

/// The answer to `GET /api/v1/offers/search?{query}`, which must succeed.
pub async fn search(client: &Client, query: &str) -> Value {
    let reply = client.get(&format!("/api/v1/offers/search?{query}")).await;
    reply.ok(200).clone()
}

fn hit_ids(found: &Value) -> Vec<&str> {
    found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["offer"]["id"].as_str().expect("offer id"))
        .collect()
}

async fn publish_then_withdraw(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let content = offer_content("Cassa Zefiro per botteghe");
    let id = app.published(&owner, &provider, &moderator, &content).await;
    app.indexed().await;

    let found = search(&app.anonymous, "q=zefiro").await;
    assert_eq!(hit_ids(&found), [id.as_str()], "{found}");
    assert_eq!(found["total"], 1);
    let hit = &found["hits"][0];
    assert_eq!(hit["offer"]["status"], "published");
    assert_eq!(hit["offer"]["provider_name"], "bottega S.r.l.");
    let title = hit["highlights"]["title"].as_str().unwrap_or_default();
    assert!(title.contains("<mark>"), "the match is marked: {hit}");

    let ready = app.anonymous.get("/readyz").await;
    let indexing = &ready.ok(200)["search_index"];
    assert_eq!(indexing["lag_events"], 0, "{indexing}");
    assert!(indexing["checkpoint"].as_i64().unwrap() > 0, "{indexing}");

    owner
        .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
        .await
        .ok(200);
    app.indexed().await;
    let public = search(&app.anonymous, "q=zefiro").await;
    assert_eq!(
        public["total"], 0,
        "withdrawn offers are not public: {public}"
    );
    let moderated = search(&moderator, "q=zefiro&status=withdrawn").await;
    assert_eq!(hit_ids(&moderated), [id.as_str()]);
    assert_eq!(moderated["hits"][0]["offer"]["status"], "withdrawn");
}

async fn drafts_visibility(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bozze", Some(&moderator)).await;
    let (stranger, _) = app.provider("altrove", None).await;
    let content = offer_content("Vetrina Aurora per negozi");
    let draft = app.draft(&owner, &provider, &content).await;
    app.indexed().await;

    assert_eq!(search(&app.anonymous, "q=aurora").await["total"], 0);
    assert_eq!(
        search(&stranger, "q=aurora").await["total"],
        0,
        "another provider's draft"
    );
    let own = search(&owner, "q=aurora").await;
    assert_eq!(hit_ids(&own), [draft.as_str()]);
    assert_eq!(own["hits"][0]["offer"]["status"], "draft");
    let filtered = search(&owner, &format!("q=aurora&provider_id={provider}")).await;
    assert_eq!(hit_ids(&filtered), [draft.as_str()]);
    let moderated = search(&moderator, "q=aurora&status=draft").await;
    assert_eq!(hit_ids(&moderated), [draft.as_str()]);
    assert_eq!(
        search(&moderator, "q=aurora&status=published").await["total"],
        0
    );

    for client in [&app.anonymous, &owner] {
        let reply = client.get("/api/v1/offers/search?status=draft").await;
        reply.problem(403, "forbidden");
    }
}

async fn bad_parameters(backend: Backend) {
    let app = spawn_app(backend).await;
    let long_query = format!("q={}", "parola ".repeat(40));
    let cases: Vec<(&str, &str)> = vec![
        ("colour=red", "colour"),
        ("category=pos,nonsense", "category"),
        ("sector=fishing", "sector"),
        ("delivery_mode=teleport", "delivery_mode"),
        ("format=opera", "format"),
        ("skill_level=guru", "skill_level"),
        ("language=xx", "language"),
        ("territory=999999", "territory"),
        ("territory=ZZ", "territory"),
        ("region=99", "region"),
        (&long_query, "q"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("page=101&per_page=100", "page"),
        ("page=two", "page"),
        ("has_places=maybe", "has_places"),
        ("min_free_months=-1", "min_free_months"),
        ("provider_id=not-a-uuid", "provider_id"),
        ("sort=cheapest", "sort"),
    ];
    for (query, parameter) in cases {
        let reply = app
            .anonymous
            .get(&format!("/api/v1/offers/search?{query}"))
            .await;
        let problem = reply.problem(400, "invalid_query_parameter");
        let in_errors = problem["errors"]
            .as_array()
            .is_some_and(|errors| errors.iter().any(|e| e["field"] == parameter));
        let in_detail = problem["detail"].as_str().unwrap_or("").contains(parameter);
        assert!(
            in_errors || in_detail,
            "{query} should name {parameter}: {problem}"
        );
    }

    let several = app
        .anonymous
        .get("/api/v1/offers/search?category=nope&per_page=0")
        .await;
    let fields: Vec<&Value> = several.problem(400, "invalid_query_parameter")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(fields, [&json!("category"), &json!("per_page")]);

    let everything = "q=cassa&category=pos,ecommerce&sector=retail&delivery_mode=online,mixed\
        &format=course&skill_level=base&language=it&region=05&territory=tv&has_places=true\
        &min_free_months=3&sort=newest&page=2&per_page=10";
    let valid = search(&app.anonymous, everything).await;
    assert_eq!(
        (valid["page"].clone(), valid["per_page"].clone()),
        (json!(2), json!(10))
    );
}

/// Creates, edits and (for some) publishes and withdraws an offer, as one provider would.
async fn offer_lifecycle(owner: Client, provider: String, moderator: Client, n: usize) -> String {
    let created = owner
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content(&format!("Raffica numero {n}")),
        )
        .await;
    let id = created.ok(201)["id"].as_str().unwrap().to_owned();
    let edited = offer_content(&format!("Raffica numero {n}, rivista"));
    owner
        .put(&format!("/api/v1/offers/{id}"), &edited)
        .await
        .ok(200);
    if !n.is_multiple_of(3) {
        owner
            .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
            .await
            .ok(200);
        moderator
            .post(
                &format!("/api/v1/moderation/offers/{id}/decision"),
                &approval(),
            )
            .await
            .ok(200);
    }
    if n % 3 == 1 {
        owner
            .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
            .await
            .ok(200);
    }
    id
}

async fn burst_of_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner_a, a) = app.provider("raffica", Some(&moderator)).await;
    let (owner_b, b) = app.provider("tempesta", Some(&moderator)).await;
    // Writers run at once, so on PostgreSQL outbox ids can commit out of order.
    let tasks: Vec<_> = (0..8usize)
        .map(|n| {
            let (owner, provider) = if n.is_multiple_of(2) {
                (&owner_a, &a)
            } else {
                (&owner_b, &b)
            };
            let work = offer_lifecycle(owner.clone(), provider.clone(), moderator.clone(), n);
            tokio::spawn(work)
        })
        .collect();
    for task in tasks {
        task.await.expect("lifecycle task");
    }
    // A provider's new name reaches every one of its offers' documents.
    let current = owner_a.get(&format!("/api/v1/providers/{a}")).await;
    let mut profile = json!({ "legal_name": "Raffica Rinominata S.r.l." });
    for field in [
        "partita_iva",
        "website",
        "contact_email",
        "description",
        "logo_url",
    ] {
        profile[field] = current.ok(200)[field].clone();
    }
    owner_a
        .put(&format!("/api/v1/providers/{a}"), &profile)
        .await
        .ok(200);
    app.indexed().await;

    let (database, index) = app.versions().await;
    assert_eq!(database.len(), 8);
    assert_eq!(
        index, database,
        "the index holds every offer at its current version"
    );
    let renamed = search(&moderator, &format!("provider_id={a}&per_page=100")).await;
    assert_eq!(renamed["total"], 4);
    for hit in renamed["hits"].as_array().unwrap() {
        assert_eq!(hit["offer"]["provider_name"], "Raffica Rinominata S.r.l.");
    }
}
