//! The whole moderation flow: submit, the queue, decisions against the checklist, reasons
//! shown to the provider, publication, suspension and withdrawal, all audited.

use crate::support::{approval, offer_content, spawn_app};
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_submitted_offer_is_approved_and_appears_in_the_public_catalogue => approve_and_publish;
    approval_needs_the_checklist_and_a_verified_provider => approval_rules;
    rejecting_or_sending_back_needs_a_reason_the_provider_then_sees => decisions_with_reasons;
    the_queue_lists_oldest_first_and_filters_by_category_and_provider => queue_order_and_filters;
    a_published_offer_can_be_suspended_reinstated_and_withdrawn => suspend_reinstate_withdraw;
    every_change_of_state_is_in_the_audit_log => audit_trail;
}

async fn approve_and_publish(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let id = app
        .draft(
            &owner,
            &provider,
            &offer_content("Cassa in cloud per negozi"),
        )
        .await;

    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/offers/{id}"))
            .await
            .status,
        404,
        "drafts are not public"
    );
    let submitted = owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await;
    assert_eq!(submitted.ok(200)["status"], "submitted");

    let approved = moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/decision"),
            &approval(),
        )
        .await;
    assert_eq!(approved.ok(200)["status"], "published");
    assert!(approved.body["published_at"].is_string());

    let public = app.anonymous.get("/api/v1/offers").await;
    let items = public.ok(200)["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert_eq!(items[0]["provider"]["verified"], true);
    assert!(
        items[0].get("moderation").is_none(),
        "the public never sees moderation notes"
    );
    assert_eq!(public.body["total"], 1);
}

async fn approval_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("nonverificato", None).await;
    let id = app
        .draft(
            &owner,
            &provider,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    let decide = format!("/api/v1/moderation/offers/{id}/decision");

    let without_checklist = moderator
        .post(&decide, &json!({ "decision": "approve" }))
        .await;
    without_checklist.problem(422, "acceptance_criteria_not_met");

    let mut partial = approval();
    partial["checklist"]["free"] = json!(false);
    let unconfirmed = moderator.post(&decide, &partial).await;
    assert!(
        unconfirmed.problem(422, "acceptance_criteria_not_met")["detail"]
            .as_str()
            .unwrap()
            .contains("free")
    );

    let unverified = moderator.post(&decide, &approval()).await;
    assert!(
        unverified.problem(422, "acceptance_criteria_not_met")["detail"]
            .as_str()
            .unwrap()
            .contains("provider_verified")
    );
    let queue = moderator.get("/api/v1/moderation/queue").await;
    let criteria = &queue.ok(200)["items"][0]["criteria"];
    assert!(
        criteria
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["criterion"] == "provider_verified" && c["met"] == false)
    );

    moderator
        .put(
            &format!("/api/v1/moderation/providers/{provider}/verification"),
            &json!({ "verified": true }),
        )
        .await
        .ok(200);
    assert_eq!(
        moderator.post(&decide, &approval()).await.ok(200)["status"],
        "published"
    );
}

async fn decisions_with_reasons(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("ragioni", Some(&moderator)).await;
    let id = app
        .draft(
            &owner,
            &provider,
            &offer_content("Corso di social media marketing"),
        )
        .await;
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    let decide = format!("/api/v1/moderation/offers/{id}/decision");

    moderator
        .post(&decide, &json!({ "decision": "request_changes" }))
        .await
        .problem(422, "reason_required");
    moderator
        .post(&decide, &json!({ "decision": "reject", "reason": "   " }))
        .await
        .problem(422, "reason_required");

    let reason = "Indicate chiaramente il prezzo dopo il periodo gratuito.";
    let sent_back = moderator
        .post(
            &decide,
            &json!({ "decision": "request_changes", "reason": reason }),
        )
        .await;
    assert_eq!(sent_back.ok(200)["status"], "changes_requested");
    let seen_by_owner = owner.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(seen_by_owner.ok(200)["moderation"]["reason"], reason);
    assert_eq!(
        seen_by_owner.body["moderation"]["action"],
        "request_changes"
    );

    let mut fixed = offer_content("Corso di social media marketing");
    fixed["after_free_period"]["price"] = json!("25 € al mese IVA inclusa, senza vincoli");
    owner
        .put(&format!("/api/v1/offers/{id}"), &fixed)
        .await
        .ok(200);
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    let rejected = moderator.post(&decide, &json!({ "decision": "reject", "reason": "L'offerta non è rivolta ai negozi di quartiere." })).await;
    assert_eq!(rejected.ok(200)["status"], "rejected");
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .problem(409, "invalid_transition");
    owner
        .put(&format!("/api/v1/offers/{id}"), &fixed)
        .await
        .problem(409, "invalid_transition");
}

async fn queue_order_and_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (first_owner, first) = app.provider("primo", Some(&moderator)).await;
    let (second_owner, second) = app.provider("secondo", Some(&moderator)).await;
    let mut training = offer_content("Formazione digitale di base");
    training["categories"] = json!(["training"]);
    let older = app
        .draft(
            &first_owner,
            &first,
            &offer_content("Pagamenti digitali facili"),
        )
        .await;
    let newer = app.draft(&second_owner, &second, &training).await;
    first_owner
        .post(&format!("/api/v1/offers/{older}/submit"), &json!({}))
        .await
        .ok(200);
    second_owner
        .post(&format!("/api/v1/offers/{newer}/submit"), &json!({}))
        .await
        .ok(200);

    let queue = moderator.get("/api/v1/moderation/queue").await;
    let ids: Vec<_> = queue.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, [older.clone(), newer.clone()], "oldest first");
    assert_eq!(
        queue.body["items"][0]["decision_url"],
        format!("/api/v1/moderation/offers/{older}/decision")
    );

    let by_category = moderator
        .get("/api/v1/moderation/queue?category=training")
        .await;
    assert_eq!(by_category.ok(200)["items"][0]["id"], newer.as_str());
    assert_eq!(by_category.body["total"], 1);
    let by_provider = moderator
        .get(&format!("/api/v1/moderation/queue?provider_id={first}"))
        .await;
    assert_eq!(by_provider.ok(200)["total"], 1);
    assert_eq!(by_provider.body["items"][0]["id"], older.as_str());
    moderator
        .get("/api/v1/moderation/queue?category=astrology")
        .await
        .problem(400, "invalid_query_parameter");
}

async fn suspend_reinstate_withdraw(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("sospesa", Some(&moderator)).await;
    let id = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Consegne in bicicletta"),
        )
        .await;

    let suspend = format!("/api/v1/moderation/offers/{id}/suspend");
    moderator
        .post(&suspend, &json!({}))
        .await
        .problem(422, "reason_required");
    let suspended = moderator
        .post(
            &suspend,
            &json!({ "reason": "Segnalazioni di costi nascosti da verificare." }),
        )
        .await;
    assert_eq!(suspended.ok(200)["status"], "suspended");
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/offers/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.anonymous.get("/api/v1/offers").await.ok(200)["total"],
        0
    );

    let reinstated = moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/reinstate"),
            &json!({ "reason": "Verifica conclusa, nessun costo nascosto." }),
        )
        .await;
    assert_eq!(reinstated.ok(200)["status"], "published");
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/reinstate"),
            &json!({}),
        )
        .await
        .problem(409, "invalid_transition");

    let withdrawn = owner
        .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
        .await;
    assert_eq!(withdrawn.ok(200)["status"], "withdrawn");
    assert_eq!(
        app.anonymous.get("/api/v1/offers").await.ok(200)["total"],
        0
    );
    owner
        .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
        .await
        .problem(409, "invalid_transition");
}

async fn audit_trail(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("audit", Some(&moderator)).await;
    let id = app
        .draft(&owner, &provider, &offer_content("Sito web per artigiani"))
        .await;
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    let reason = "Aggiungete come esportare i dati del sito.";
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/decision"),
            &json!({ "decision": "request_changes", "reason": reason }),
        )
        .await
        .ok(200);

    let log = moderator
        .get(&format!(
            "/api/v1/moderation/audit?entity_kind=offer&entity_id={id}"
        ))
        .await;
    let entries = log.ok(200)["items"].as_array().unwrap();
    let actions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["offer.request_changes", "offer.submit", "offer.created"],
        "newest first"
    );
    assert_eq!(entries[0]["actor"], "moderatrice@test.example");
    assert_eq!(entries[0]["from_status"], "submitted");
    assert_eq!(entries[0]["to_status"], "changes_requested");
    assert_eq!(entries[0]["reason"], reason);
    assert_eq!(entries[1]["actor"], "owner@audit.example");

    let verification = moderator
        .get(&format!(
            "/api/v1/moderation/audit?entity_kind=provider&entity_id={provider}"
        ))
        .await;
    let actions: Vec<_> = verification.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["provider.verified", "provider.created"]);

    owner
        .get("/api/v1/moderation/audit")
        .await
        .problem(403, "forbidden");
    app.anonymous
        .get("/api/v1/moderation/audit")
        .await
        .problem(401, "unauthenticated");
}
