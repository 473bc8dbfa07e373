//! Providers: registration with a unique Partita IVA, profile updates by members only, the
//! verification that moderators grant and an identity change withdraws, and who sees which
//! providers and offers.

use crate::support::{
    audit_entries, fresh_partita_iva, offer_content, provider_profile, spawn_app,
};
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    registering_a_provider_makes_the_user_its_owner_and_leaves_it_unverified => register;
    a_partita_iva_already_registered_is_refused_and_nothing_is_written => duplicate_partita_iva;
    members_update_their_provider_profile_and_everyone_else_is_refused => update_by_members_only;
    changing_the_legal_name_or_partita_iva_of_a_verified_provider_withdraws_the_verification => identity_change;
    the_public_sees_only_verified_providers_and_moderators_can_list_the_others => listing_and_profiles;
    withdrawing_a_verification_needs_a_reason => withdraw_verification;
    a_providers_offers_are_all_listed_for_its_members_and_only_published_ones_for_others => provider_offers;
}

async fn register(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let owner = app.user("owner@bottega.example", None).await;
    assert_eq!(
        owner.get("/api/v1/me").await.ok(200)["providers"],
        json!([])
    );

    let partita_iva = fresh_partita_iva();
    let mut profile = provider_profile("bottega");
    profile["partita_iva"] = json!(format!("IT {} {}", &partita_iva[..6], &partita_iva[6..]));
    profile["contact_email"] = json!("Partner@Bottega.Example");
    let created = owner.post("/api/v1/providers", &profile).await;
    let view = created.ok(201);
    let id = view["id"].as_str().unwrap().to_owned();
    assert_eq!(view["verified"], false, "a provider starts unverified");
    assert!(view["verified_at"].is_null());
    assert_eq!(
        view["partita_iva"],
        partita_iva.as_str(),
        "stored in canonical form"
    );
    assert_eq!(view["contact_email"], "partner@bottega.example");
    assert_eq!(view["legal_name"], "bottega S.r.l.");

    let me = owner.get("/api/v1/me").await;
    assert_eq!(
        me.ok(200)["providers"],
        json!([{ "provider_id": id, "role": "owner" }])
    );

    let offer = owner
        .post(
            &format!("/api/v1/providers/{id}/offers"),
            &offer_content("Cassa in cloud per negozi"),
        )
        .await;
    assert_eq!(offer.ok(201)["status"], "draft");
    assert_eq!(offer.body["provider"]["id"], id.as_str());
    assert_eq!(offer.body["provider"]["verified"], false);

    let entries = audit_entries(&moderator, "provider", &id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["action"], "provider.created");
    assert_eq!(entries[0]["to_status"], "unverified");
    assert_eq!(entries[0]["actor"], "owner@bottega.example");
}

async fn duplicate_partita_iva(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, first) = app.provider("primo", None).await;
    let taken = owner
        .get(&format!("/api/v1/providers/{first}"))
        .await
        .ok(200)["partita_iva"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = app.snapshot().await;

    let latecomer = app.user("owner@secondo.example", None).await;
    let mut copy = provider_profile("secondo");
    copy["partita_iva"] = json!(format!("IT{taken}"));
    let reply = latecomer.post("/api/v1/providers", &copy).await;
    reply.problem(409, "partita_iva_taken");
    assert_eq!(app.snapshot().await, before, "nothing was written");
    assert_eq!(
        latecomer.get("/api/v1/me").await.ok(200)["providers"],
        json!([]),
        "no membership either"
    );

    let second = latecomer
        .post("/api/v1/providers", &provider_profile("secondo"))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = app.snapshot().await;
    copy["legal_name"] = json!("secondo S.r.l.");
    latecomer
        .put(&format!("/api/v1/providers/{second}"), &copy)
        .await
        .problem(409, "partita_iva_taken");
    assert_eq!(app.snapshot().await, before);
    let unchanged = latecomer.get(&format!("/api/v1/providers/{second}")).await;
    assert_ne!(unchanged.ok(200)["partita_iva"], taken.as_str());
}

async fn update_by_members_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let (stranger, _) = app.provider("concorrente", None).await;
    let current = owner
        .get(&format!("/api/v1/providers/{provider}"))
        .await
        .ok(200)
        .clone();

    let mut profile = provider_profile("bottega");
    profile["partita_iva"] = current["partita_iva"].clone();
    profile["description"] = json!("Negozi online chiavi in mano per le botteghe del Veneto.");
    profile["logo_url"] = json!("https://bottega.example/logo.png");
    let updated = owner
        .put(&format!("/api/v1/providers/{provider}"), &profile)
        .await;
    assert_eq!(
        updated.ok(200)["description"],
        "Negozi online chiavi in mano per le botteghe del Veneto."
    );
    assert_eq!(updated.body["logo_url"], "https://bottega.example/logo.png");
    assert_eq!(
        updated.body["verified"], true,
        "the description is not the company's identity"
    );
    let public = app
        .anonymous
        .get(&format!("/api/v1/providers/{provider}"))
        .await;
    assert_eq!(
        public.ok(200)["description"],
        "Negozi online chiavi in mano per le botteghe del Veneto."
    );

    let before = app.snapshot().await;
    let mut hijack = profile.clone();
    hijack["website"] = json!("https://concorrente.example");
    stranger
        .put(&format!("/api/v1/providers/{provider}"), &hijack)
        .await
        .problem(403, "forbidden");
    moderator
        .put(&format!("/api/v1/providers/{provider}"), &hijack)
        .await
        .problem(403, "forbidden");
    app.anonymous
        .put(&format!("/api/v1/providers/{provider}"), &hijack)
        .await
        .problem(401, "unauthenticated");
    assert_eq!(app.snapshot().await, before);
    let unchanged = app
        .anonymous
        .get(&format!("/api/v1/providers/{provider}"))
        .await;
    assert_eq!(unchanged.ok(200)["website"], "https://bottega.example");

    let entries = audit_entries(&moderator, "provider", &provider).await;
    assert_eq!(entries[0]["action"], "provider.updated");
    assert!(
        entries[0]["to_status"].is_null(),
        "the verification did not change"
    );
}

async fn identity_change(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let partita_iva = owner
        .get(&format!("/api/v1/providers/{provider}"))
        .await
        .ok(200)["partita_iva"]
        .clone();
    let path = format!("/api/v1/providers/{provider}");

    let mut renamed = provider_profile("bottega");
    renamed["partita_iva"] = partita_iva.clone();
    renamed["legal_name"] = json!("Bottega Digitale S.p.A.");
    let updated = owner.put(&path, &renamed).await;
    assert_eq!(updated.ok(200)["verified"], false);
    assert!(updated.body["verified_at"].is_null());

    let entries = audit_entries(&moderator, "provider", &provider).await;
    assert_eq!(entries[0]["action"], "provider.updated");
    assert_eq!(entries[0]["from_status"], "verified");
    assert_eq!(entries[0]["to_status"], "unverified");
    assert!(entries[0]["reason"].as_str().is_some_and(|r| !r.is_empty()));
    app.anonymous.get(&path).await.problem(404, "not_found");
    assert_eq!(
        app.anonymous.get("/api/v1/providers").await.ok(200)["total"],
        0
    );

    moderator
        .put(
            &format!("/api/v1/moderation/providers/{provider}/verification"),
            &json!({ "verified": true }),
        )
        .await
        .ok(200);
    assert_eq!(app.anonymous.get(&path).await.ok(200)["verified"], true);
    let mut new_number = renamed.clone();
    new_number["partita_iva"] = json!(fresh_partita_iva());
    assert_eq!(
        owner.put(&path, &new_number).await.ok(200)["verified"],
        false,
        "a new Partita IVA is a new identity"
    );
    let entries = audit_entries(&moderator, "provider", &provider).await;
    let actions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "provider.updated",
            "provider.verified",
            "provider.updated",
            "provider.verified",
            "provider.created"
        ]
    );
    assert_eq!(entries[0]["to_status"], "unverified");
}

async fn listing_and_profiles(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (_, verified) = app.provider("verificata", Some(&moderator)).await;
    let (owner, unverified) = app.provider("inattesa", None).await;
    let (stranger, other) = app.provider("estranea", None).await;

    let ids = |reply: &connessi_tests::Reply| -> Vec<String> {
        reply.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let public = app.anonymous.get("/api/v1/providers").await;
    assert_eq!(ids(&public), [verified.as_str()]);
    assert_eq!(public.body["total"], 1);
    assert_eq!(
        ids(&app.anonymous.get("/api/v1/providers?verified=false").await),
        [verified.as_str()],
        "the filter is for moderators"
    );
    assert_eq!(
        ids(&owner.get("/api/v1/providers?verified=false").await),
        [verified.as_str()]
    );

    let waiting = moderator.get("/api/v1/providers?verified=false").await;
    let mut waiting_ids = ids(&waiting);
    waiting_ids.sort();
    let mut expected = vec![unverified.clone(), other];
    expected.sort();
    assert_eq!(waiting_ids, expected);
    assert!(
        waiting.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["verified"] == false)
    );
    assert_eq!(moderator.get("/api/v1/providers").await.ok(200)["total"], 3);
    assert_eq!(
        ids(&moderator.get("/api/v1/providers?verified=true").await),
        [verified.as_str()]
    );

    let profile = format!("/api/v1/providers/{unverified}");
    app.anonymous.get(&profile).await.problem(404, "not_found");
    stranger.get(&profile).await.problem(404, "not_found");
    assert_eq!(owner.get(&profile).await.ok(200)["verified"], false);
    assert_eq!(
        moderator.get(&profile).await.ok(200)["id"],
        unverified.as_str()
    );
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/providers/{verified}"))
            .await
            .ok(200)["verified"],
        true
    );
    app.anonymous
        .get(&format!("/api/v1/providers/{}", uuid::Uuid::now_v7()))
        .await
        .problem(404, "not_found");
}

async fn withdraw_verification(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (_, provider) = app.provider("bottega", Some(&moderator)).await;
    let verification = format!("/api/v1/moderation/providers/{provider}/verification");
    let before = app.snapshot().await;

    moderator
        .put(&verification, &json!({ "verified": false }))
        .await
        .problem(422, "reason_required");
    moderator
        .put(
            &verification,
            &json!({ "verified": false, "reason": "   " }),
        )
        .await
        .problem(422, "reason_required");
    moderator
        .put(
            &verification,
            &json!({ "verified": false, "reason": "falsa" }),
        )
        .await
        .problem(422, "reason_required");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/providers/{provider}"))
            .await
            .ok(200)["verified"],
        true
    );

    let reason = "La Partita IVA risulta cessata presso l'Agenzia delle Entrate.";
    let withdrawn = moderator
        .put(
            &verification,
            &json!({ "verified": false, "reason": reason }),
        )
        .await;
    assert_eq!(withdrawn.ok(200)["verified"], false);
    assert!(withdrawn.body["verified_at"].is_null());
    app.anonymous
        .get(&format!("/api/v1/providers/{provider}"))
        .await
        .problem(404, "not_found");

    let entries = audit_entries(&moderator, "provider", &provider).await;
    assert_eq!(entries[0]["action"], "provider.unverified");
    assert_eq!(entries[0]["from_status"], "verified");
    assert_eq!(entries[0]["to_status"], "unverified");
    assert_eq!(entries[0]["reason"], reason);
    assert_eq!(entries[0]["actor"], "moderatrice@test.example");
}

async fn provider_offers(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let (stranger, _) = app.provider("estranea", Some(&moderator)).await;
    let published = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Cassa in cloud per negozi"),
        )
        .await;
    let draft = app
        .draft(
            &owner,
            &provider,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    let submitted = app
        .draft(
            &owner,
            &provider,
            &offer_content("Corso di social media marketing"),
        )
        .await;
    owner
        .post(&format!("/api/v1/offers/{submitted}/submit"), &json!({}))
        .await
        .ok(200);
    let offers = format!("/api/v1/providers/{provider}/offers");

    let ids = |reply: &connessi_tests::Reply| -> Vec<String> {
        let mut ids: Vec<String> = reply.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let public = app.anonymous.get(&offers).await;
    assert_eq!(ids(&public), [published.as_str()]);
    assert_eq!(public.body["total"], 1);
    assert!(
        public.body["items"][0].get("moderation").is_none(),
        "the public never sees moderation notes"
    );
    assert_eq!(ids(&stranger.get(&offers).await), [published.as_str()]);
    assert_eq!(
        ids(&app.anonymous.get(&format!("{offers}?status=draft")).await),
        [published.as_str()],
        "the status filter is for members"
    );

    let mut all = vec![published.clone(), draft.clone(), submitted.clone()];
    all.sort();
    let mine = owner.get(&offers).await;
    assert_eq!(ids(&mine), all);
    assert_eq!(mine.body["total"], 3);
    assert_eq!(ids(&moderator.get(&offers).await), all);

    let drafts = owner.get(&format!("{offers}?status=draft")).await;
    assert_eq!(ids(&drafts), [draft.as_str()]);
    assert_eq!(drafts.body["items"][0]["status"], "draft");
    assert_eq!(
        ids(&owner.get(&format!("{offers}?status=submitted")).await),
        [submitted.as_str()]
    );
    assert_eq!(
        ids(&moderator.get(&format!("{offers}?status=published")).await),
        [published.as_str()]
    );
    assert_eq!(
        owner.get(&format!("{offers}?status=expired")).await.ok(200)["total"],
        0
    );
    owner
        .get(&format!("{offers}?status=bozza"))
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get(&format!(
            "/api/v1/providers/{}/offers",
            uuid::Uuid::now_v7()
        ))
        .await
        .problem(404, "not_found");
}
