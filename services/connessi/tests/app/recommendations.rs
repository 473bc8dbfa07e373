//! Recommendations over a real socket: offers covering the shop's place, ranked by fit with
//! reasons in words; requested and full offers left out; new offers seen at once.

use crate::market::{ask, market};
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    a_shop_gets_the_offers_covering_its_place_ranked_by_fit_with_reasons_in_words => ranked;
    requested_and_full_offers_are_left_out_and_a_new_offer_appears_at_once => left_out;
    recommendations_need_a_profile_and_are_for_the_shops_members_only => access;
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["offer"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn texts(item: &Value) -> Vec<String> {
    item["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn content(title: &str, territory: Value, categories: Value) -> Value {
    let mut content = offer_content(title);
    content["territory"] = territory;
    content["categories"] = categories;
    content
}

async fn ranked(backend: Backend) {
    let m = market(backend).await;
    let national = json!({ "national": true });
    let treviso = m.offer("Pagamenti col telefono a Treviso", 20).await;
    let social = m
        .publish(&content(
            "Sicurezza per tutti",
            national,
            json!(["cybersecurity"]),
        ))
        .await;
    let bari = m
        .publish(&content(
            "Cassa a Bari",
            json!({ "provinces": ["BA"] }),
            json!(["digital_payments"]),
        ))
        .await;
    let (shop, shop_id) = m.profiled_shop("bottega").await;
    let path = format!("/api/v1/shops/{shop_id}/recommendations");
    let found = shop.get(&path).await;
    assert_eq!(ids(found.ok(200)), [treviso.clone(), social.clone()]);
    assert!(
        !ids(&found.body).contains(&bari),
        "Bari does not cover Treviso"
    );
    assert_eq!(found.body["considered"], 2);
    let first = &found.body["items"][0];
    let reasons = texts(first);
    for expected in [
        "copre la provincia di Treviso",
        "risponde al tuo bisogno: pagamenti digitali",
        "gratuita per 6 mesi",
    ] {
        assert!(
            reasons.iter().any(|r| r == expected),
            "{expected} in {reasons:?}"
        );
    }
    assert_eq!(found.body["items"][1]["cautions"][0]["code"], "no_need_met");

    let english = shop.get(&format!("{path}?lang=en&limit=1")).await;
    assert_eq!(ids(english.ok(200)), [treviso]);
    let reasons = texts(&english.body["items"][0]);
    assert!(
        reasons
            .iter()
            .any(|r| r == "covers the province of Treviso"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r == "matches your need: digital payments"),
        "{reasons:?}"
    );
}

async fn left_out(backend: Backend) {
    let m = market(backend).await;
    let asked = m.offer("Vetrina online", 20).await;
    let scarce = m.offer("Cassa con due posti", 2).await;
    let (shop, shop_id) = m.profiled_shop("merceria").await;
    let path = format!("/api/v1/shops/{shop_id}/recommendations");
    assert_eq!(shop.get(&path).await.ok(200)["considered"], 2);

    ask(&shop, &shop_id, &asked, "vetrina").await.ok(201);
    let (other, other_id) = m.shop("altro").await;
    let taken = ask(&other, &other_id, &scarce, "posto").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    m.answer(&taken, "accept", json!({})).await.ok(200);
    let found = shop.get(&path).await;
    assert_eq!(
        ids(found.ok(200)),
        std::slice::from_ref(&scarce),
        "the requested offer is left out"
    );
    assert!(texts(&found.body["items"][0]).contains(&"1 posto rimasto".to_owned()));

    let (third, third_id) = m.shop("terzo").await;
    let last = ask(&third, &third_id, &scarce, "ultimo").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    m.answer(&last, "accept", json!({})).await.ok(200);
    assert!(
        ids(shop.get(&path).await.ok(200)).is_empty(),
        "a full offer is left out"
    );

    let fresh = m.offer("Corso appena approvato", 5).await;
    assert_eq!(
        ids(shop.get(&path).await.ok(200)),
        [fresh],
        "seen as soon as published"
    );
}

async fn access(backend: Backend) {
    let m = market(backend).await;
    m.offer("Cassa in cloud", 5).await;
    let (shop, shop_id) = m.shop("senzaprofilo").await;
    let path = format!("/api/v1/shops/{shop_id}/recommendations");
    shop.get(&path).await.problem(409, "shop_profile_required");
    shop.put(
        &format!("/api/v1/shops/{shop_id}/profile"),
        &connessi_tests::fixtures::shop_profile(),
    )
    .await
    .ok(200);
    assert_eq!(
        shop.get(&path).await.ok(200)["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let (stranger, _) = m.shop("estraneo").await;
    stranger.get(&path).await.problem(403, "forbidden");
    m.app
        .anonymous
        .get(&path)
        .await
        .problem(401, "unauthenticated");
    for bad in ["limit=0", "limit=51", "lang=fr", "colour=blue"] {
        shop.get(&format!("{path}?{bad}"))
            .await
            .problem(400, "invalid_query_parameter");
    }
}
