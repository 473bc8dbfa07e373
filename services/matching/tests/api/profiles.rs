//! Shop profiles: written and read by the shop's members, placed in their province and
//! region, given a skill level by the self-assessment; priority attributes verified by
//! moderators, and unverified again when the shop changes them.

use crate::support::{profile, spawn_app};
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_shop_writes_its_profile_and_reads_it_back_with_what_the_server_derives => save_and_read;
    bad_profiles_are_refused_field_by_field_and_change_nothing => bad_profiles;
    moderators_verify_priority_attributes_and_a_change_undoes_it => verification;
    only_the_shops_members_see_or_change_its_profile => access;
}

async fn save_and_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, shop) = app.shop("Forno").await;
    let path = format!("/api/v1/shops/{shop}/profile");
    owner.get(&path).await.problem(404, "not_found");
    let saved = owner.put(&path, &profile()).await;
    let saved = saved.ok(200);
    assert_eq!(saved["name"], "Forno");
    assert_eq!(
        (saved["province"].as_str(), saved["region"].as_str()),
        (Some("TV"), Some("05"))
    );
    assert_eq!(saved["skill_level"], "intermediate");
    assert_eq!(saved["priority_verified"], false);
    assert_eq!(
        saved["profile"]["priority_attributes"],
        json!(["women_led", "youth_led"])
    );
    let read = owner.get(&path).await;
    assert_eq!(read.ok(200)["profile"], saved["profile"]);

    let mut moved = profile();
    moved["comune"] = json!("072006");
    moved["partita_iva"] = json!("12345678903");
    let again = owner.put(&path, &moved).await;
    assert_eq!(again.ok(200)["province"], "BA");
    assert_eq!(again.body["profile"]["partita_iva"], "12345678903");
}

async fn bad_profiles(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, shop) = app.shop("Sbagli").await;
    let path = format!("/api/v1/shops/{shop}/profile");
    let mut bad = profile();
    bad["sector"] = json!("astronautica");
    bad["comune"] = json!("999999");
    bad["need_categories"] = json!(["teletrasporto"]);
    bad["partita_iva"] = json!("12345678901");
    let refused = owner.put(&path, &bad).await;
    let body = refused.problem(422, "validation_failed");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["partita_iva", "sector", "comune", "need_categories[0]"]
    );
    let mut unknown = profile();
    unknown["priority_attributes"] = json!(["royal_warrant"]);
    owner
        .put(&path, &unknown)
        .await
        .problem(422, "invalid_request_body");
    let mut extra = profile();
    extra["verified"] = json!(true);
    owner
        .put(&path, &extra)
        .await
        .problem(422, "invalid_request_body");
    owner.get(&path).await.problem(404, "not_found");
}

async fn verification(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app
        .user("moderatrice@ente.example", Some("moderator"))
        .await;
    let (owner, shop) = app.shop("Cooperativa").await;
    let path = format!("/api/v1/shops/{shop}/profile");
    owner.put(&path, &profile()).await.ok(200);
    let waiting = moderator
        .get("/api/v1/moderation/shops?verified=false")
        .await;
    assert_eq!(waiting.ok(200)[0]["shop_id"], shop.as_str());

    let verify = format!("/api/v1/moderation/shops/{shop}/priority-verification");
    moderator
        .put(&verify, &json!({ "verified": false }))
        .await
        .problem(422, "reason_required");
    let verified = moderator.put(&verify, &json!({ "verified": true })).await;
    assert_eq!(verified.ok(200)["priority_verified"], true);
    assert!(verified.body["priority_verified_at"].is_string());
    let mut same = profile();
    same["needs_text"] = json!("Ora anche prenotazioni online.");
    assert_eq!(
        owner.put(&path, &same).await.ok(200)["priority_verified"],
        true,
        "other changes keep it"
    );
    let mut changed = profile();
    changed["priority_attributes"] = json!(["women_led", "social_cooperative"]);
    assert_eq!(
        owner.put(&path, &changed).await.ok(200)["priority_verified"],
        false
    );
    owner
        .put(&verify, &json!({ "verified": true }))
        .await
        .problem(403, "forbidden");
}

async fn access(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, shop) = app.shop("Privato").await;
    let path = format!("/api/v1/shops/{shop}/profile");
    owner.put(&path, &profile()).await.ok(200);
    let (neighbour, _) = app.shop("Vicino").await;
    neighbour.get(&path).await.problem(403, "forbidden");
    neighbour
        .put(&path, &profile())
        .await
        .problem(403, "forbidden");
    app.anonymous
        .get(&path)
        .await
        .problem(401, "unauthenticated");
    let moderator = app.user("moderatore@ente.example", Some("moderator")).await;
    moderator
        .put(&path, &profile())
        .await
        .problem(403, "forbidden");
}
