//! What follows from a decision beyond the thing decided: losing verification takes a
//! provider's offers off the catalogue, expiry closes an open revision, and an offer whose
//! last day has passed cannot be submitted.

use crate::support::{offer_content, spawn_app};
use chrono::{Duration, Utc};
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    withdrawing_a_verification_suspends_the_providers_published_offers => unverified_provider_offers;
    an_expiring_offer_closes_its_open_revision_and_leaves_the_queue => expiry_closes_revision;
    an_offer_whose_last_day_has_passed_cannot_be_submitted => past_last_day;
}

async fn unverified_provider_offers(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("revocata", Some(&moderator)).await;
    let id = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Vetrina online per il mercato"),
        )
        .await;
    let draft = app
        .draft(&owner, &provider, &offer_content("Bozza che resta bozza"))
        .await;
    let reason = "La Partita IVA risulta cessata presso l'Agenzia delle Entrate.";
    let unverified = moderator
        .put(
            &format!("/api/v1/moderation/providers/{provider}/verification"),
            &json!({ "verified": false, "reason": reason }),
        )
        .await;
    assert_eq!(unverified.ok(200)["verified"], false);

    let seen = owner.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(seen.ok(200)["status"], "suspended");
    assert_eq!(seen.body["moderation"]["reason"], reason);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{draft}")).await.ok(200)["status"],
        "draft",
        "only published offers are suspended"
    );
    assert_eq!(
        app.anonymous.get("/api/v1/offers").await.ok(200)["total"],
        0
    );
    app.anonymous
        .get(&format!("/api/v1/providers/{provider}"))
        .await
        .problem(404, "not_found");
}

async fn expiry_closes_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("scadenza", Some(&moderator)).await;
    let mut content = offer_content("Prenotazioni online per parrucchieri");
    content["available_until"] = json!((Utc::now() + Duration::days(30)).date_naive());
    let id = app.published(&owner, &provider, &moderator, &content).await;
    let mut changed = content.clone();
    changed["title"]["it"] = json!("Prenotazioni online per parrucchieri ed estetiste");
    owner
        .put(&format!("/api/v1/offers/{id}"), &changed)
        .await
        .ok(200);
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        1
    );

    let later = Utc::now() + Duration::days(40);
    let expired = connessi_catalogue::ops::expiry::sweep(&app.db.conn, later)
        .await
        .expect("sweep");
    assert_eq!(expired, 1);
    let seen = owner.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(seen.ok(200)["status"], "expired");
    assert!(
        seen.body.get("pending_revision").is_none(),
        "the revision was closed: {}",
        seen.body
    );
    assert_eq!(
        moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        0
    );
}

async fn past_last_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("passata", Some(&moderator)).await;
    let mut content = offer_content("Sito vetrina per botteghe");
    content["available_until"] = json!((Utc::now() - Duration::days(2)).date_naive());
    let id = app.draft(&owner, &provider, &content).await;
    let refused = owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await;
    assert!(
        refused.problem(422, "incomplete_offer")["detail"]
            .as_str()
            .unwrap()
            .contains("free_period_stated")
    );
}
