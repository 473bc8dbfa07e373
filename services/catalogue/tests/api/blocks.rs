//! Moderators block abusive accounts with an audited reason: sessions and API tokens stop at
//! once, signing in is refused, and unblocking lets the person back in.

use crate::support::spawn_app;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_blocked_account_loses_its_sessions_and_tokens_and_cannot_sign_in_until_unblocked => blocking;
    only_moderators_block_with_a_reason_and_never_platform_staff => refusals;
}

async fn blocking(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app
        .user("moderatrice@blocchi.example", Some("moderator"))
        .await;
    let (owner, provider) = app.provider("insistente", None).await;
    let token = owner
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "gestionale", "scopes": ["read"] }),
        )
        .await;
    let api = app
        .anonymous
        .with_token(Some(token.ok(201)["token"].as_str().unwrap().to_owned()));
    api.get(&format!("/api/v1/providers/{provider}/offers"))
        .await
        .ok(200);
    let id = owner.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let path = format!("/api/v1/moderation/users/{id}/block");
    let why = "Messaggi ripetuti di vendita ai negozi";
    let blocked = moderator
        .put(&path, &json!({ "blocked": true, "reason": why }))
        .await;
    assert!(blocked.ok(200)["blocked_at"].is_string());
    assert_eq!(blocked.body["blocked_reason"], why);
    owner
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    api.get(&format!("/api/v1/providers/{provider}/offers"))
        .await
        .problem(401, "unauthenticated");
    let again = app
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "owner@insistente.example" }),
        )
        .await;
    again.problem(403, "account_blocked");

    let audit = moderator
        .get(&format!("/api/v1/moderation/audit?entity_id={id}"))
        .await;
    let entry = &audit.ok(200)["items"][0];
    assert_eq!(
        (entry["action"].as_str(), entry["reason"].as_str()),
        (Some("user.blocked"), Some(why))
    );

    let reason = "Chiarito con il fornitore, nessuna pressione";
    let unblocked = moderator
        .put(&path, &json!({ "blocked": false, "reason": reason }))
        .await;
    assert!(unblocked.ok(200)["blocked_at"].is_null());
    let back = app.anonymous.sign_in("owner@insistente.example").await;
    back.get("/api/v1/me").await.ok(200);
}

async fn refusals(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app
        .user("moderatrice@rifiuti.example", Some("moderator"))
        .await;
    let colleague = app.user("collega@rifiuti.example", Some("moderator")).await;
    let shopkeeper = app.user("negozio@rifiuti.example", None).await;
    let id_of = |reply: &connessi_tests::Reply| reply.body["id"].as_str().unwrap().to_owned();
    let colleague_id = id_of(&colleague.get("/api/v1/me").await);
    let shop_id = id_of(&shopkeeper.get("/api/v1/me").await);
    let block = json!({ "blocked": true, "reason": "Spam nei messaggi ai fornitori" });

    shopkeeper
        .put(
            &format!("/api/v1/moderation/users/{colleague_id}/block"),
            &block,
        )
        .await
        .problem(403, "forbidden");
    moderator
        .put(
            &format!("/api/v1/moderation/users/{colleague_id}/block"),
            &block,
        )
        .await
        .problem(403, "forbidden");
    moderator
        .put(
            &format!("/api/v1/moderation/users/{shop_id}/block"),
            &json!({ "blocked": true, "reason": "spam" }),
        )
        .await
        .problem(422, "reason_required");
    moderator
        .put(
            &format!("/api/v1/moderation/users/{}/block", uuid::Uuid::now_v7()),
            &block,
        )
        .await
        .problem(404, "not_found");
    shopkeeper.get("/api/v1/me").await.ok(200);
    colleague.get("/api/v1/moderation/queue").await.ok(200);
}
