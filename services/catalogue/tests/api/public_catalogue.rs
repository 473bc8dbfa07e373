//! What anyone can read: vocabularies, territories, the criteria and published offers with
//! paging and filters; and who the signed-in user is.

use crate::support::{offer_content, spawn_app};
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    vocabularies_list_every_category_and_sector_in_italian_and_english => vocabularies;
    territories_list_regions_provinces_and_comuni_by_name => territories;
    the_acceptance_criteria_are_published => criteria;
    published_offers_page_and_filter_by_category_and_provider => offer_listing;
    me_describes_the_signed_in_user_and_their_provider => me;
}

async fn vocabularies(backend: Backend) {
    let app = spawn_app(backend).await;
    let reply = app.anonymous.get("/api/v1/vocabularies").await;
    let body = reply.ok(200);
    assert_eq!(body["categories"].as_array().unwrap().len(), 13);
    assert_eq!(body["sectors"].as_array().unwrap().len(), 8);
    let pos = body["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "pos")
        .unwrap();
    assert_eq!(pos["label_it"], "Cassa e POS");
    assert_eq!(pos["label_en"], "Till and POS");
    for vocabulary in ["delivery_modes", "formats", "skill_levels", "languages"] {
        assert!(
            !body[vocabulary].as_array().unwrap().is_empty(),
            "{vocabulary}"
        );
    }
}

async fn territories(backend: Backend) {
    let app = spawn_app(backend).await;
    let regions = app.anonymous.get("/api/v1/territories/regions").await;
    assert_eq!(regions.ok(200).as_array().unwrap().len(), 20);
    let veneto = app
        .anonymous
        .get("/api/v1/territories/provinces?region=05")
        .await;
    let codes: Vec<_> = veneto
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 7);
    assert!(codes.contains(&"TV".to_owned()));

    let treviso = app
        .anonymous
        .get("/api/v1/territories/comuni?q=trevis&province=TV")
        .await;
    assert_eq!(treviso.ok(200)["items"][0]["code"], "026086");
    assert_eq!(treviso.body["items"][0]["region_code"], "05");
    let page_two = app
        .anonymous
        .get("/api/v1/territories/comuni?province=TV&per_page=10&page=2")
        .await;
    assert_eq!(page_two.ok(200)["items"].as_array().unwrap().len(), 10);
    assert_eq!(page_two.body["total"], 94);
    app.anonymous
        .get("/api/v1/territories/comuni?per_page=0")
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get("/api/v1/territories/comuni?city=Roma")
        .await
        .problem(400, "invalid_query_parameter");
}

async fn criteria(backend: Backend) {
    let app = spawn_app(backend).await;
    let reply = app.anonymous.get("/api/v1/acceptance-criteria").await;
    let codes: Vec<_> = reply
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "free",
            "no_renewal_obligation",
            "free_period_stated",
            "has_territory",
            "provider_verified"
        ]
    );
    assert!(
        reply.body[1]["description_it"]
            .as_str()
            .unwrap()
            .contains("rinnovo automatico")
    );
}

async fn offer_listing(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (first_owner, first) = app.provider("elenco", Some(&moderator)).await;
    let (second_owner, second) = app.provider("altro", Some(&moderator)).await;
    for n in 0..3 {
        app.published(
            &first_owner,
            &first,
            &moderator,
            &offer_content(&format!("Pagamenti digitali {n}")),
        )
        .await;
    }
    let mut training = offer_content("Corso di vetrine online");
    training["categories"] = json!(["training"]);
    let course = app
        .published(&second_owner, &second, &moderator, &training)
        .await;
    app.draft(&second_owner, &second, &offer_content("Bozza non pubblica"))
        .await;

    let first_page = app.anonymous.get("/api/v1/offers?per_page=2").await;
    assert_eq!(first_page.ok(200)["total"], 4);
    assert_eq!(first_page.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        first_page.body["items"][0]["id"],
        course.as_str(),
        "newest first"
    );
    let second_page = app.anonymous.get("/api/v1/offers?per_page=2&page=2").await;
    let seen: Vec<_> = [&first_page, &second_page]
        .iter()
        .flat_map(|p| {
            p.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].clone())
        })
        .collect();
    let unique: std::collections::HashSet<_> = seen.iter().map(|v| v.to_string()).collect();
    assert_eq!(unique.len(), 4, "pages do not overlap");
    assert_eq!(
        app.anonymous
            .get("/api/v1/offers?per_page=2&page=3")
            .await
            .ok(200)["items"],
        json!([])
    );

    let training_only = app.anonymous.get("/api/v1/offers?category=training").await;
    assert_eq!(training_only.ok(200)["total"], 1);
    assert_eq!(training_only.body["items"][0]["id"], course.as_str());
    let by_provider = app
        .anonymous
        .get(&format!("/api/v1/offers?provider_id={first}"))
        .await;
    assert_eq!(by_provider.ok(200)["total"], 3);
    app.anonymous
        .get("/api/v1/offers?category=nope")
        .await
        .problem(400, "invalid_query_parameter");
}

async fn me(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("io", None).await;
    let me = owner.get("/api/v1/me").await;
    assert_eq!(me.ok(200)["email"], "owner@io.example");
    assert_eq!(me.body["providers"][0]["provider_id"], provider.as_str());
    assert_eq!(me.body["providers"][0]["role"], "owner");
    app.anonymous
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
}
