//! Administrators grant and take away platform roles: the change takes effect at once, is
//! audited, and taking a role away ends the user's sessions.

use crate::support::spawn_app;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    an_administrator_grants_and_takes_away_the_moderator_role_with_an_audited_reason => grants;
    only_administrators_change_roles_and_never_their_own => refusals;
}

async fn grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.user("admin@ente.example", Some("admin")).await;
    let colleague = app.user("collega@ente.example", None).await;
    colleague
        .get("/api/v1/moderation/queue")
        .await
        .problem(403, "forbidden");

    let found = admin.get("/api/v1/admin/users?email=COLLEGA").await;
    let id = found.ok(200)[0]["id"].as_str().expect("an id").to_owned();
    assert_eq!(found.body.as_array().map(Vec::len), Some(1));
    let path = format!("/api/v1/admin/users/{id}/platform-role");
    let granted = admin
        .put(
            &path,
            &json!({ "role": "moderator", "reason": "Nuova moderatrice del programma" }),
        )
        .await;
    assert_eq!(granted.ok(200)["platform_role"], "moderator");
    colleague.get("/api/v1/moderation/queue").await.ok(200);

    let audit = admin.get("/api/v1/moderation/audit?entity_kind=user").await;
    let entries = audit.ok(200)["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let entry = entries
        .iter()
        .find(|e| e["entity_id"] == id.as_str())
        .unwrap_or_else(|| panic!("audited: {}", audit.body));
    assert_eq!(entry["to_status"], "moderator");
    assert_eq!(entry["reason"], "Nuova moderatrice del programma");

    let taken = admin
        .put(
            &path,
            &json!({ "role": null, "reason": "Fine dell'incarico di moderazione" }),
        )
        .await;
    assert_eq!(taken.ok(200)["platform_role"], serde_json::Value::Null);
    colleague
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    let again = app.anonymous.sign_in("collega@ente.example").await;
    again
        .get("/api/v1/moderation/queue")
        .await
        .problem(403, "forbidden");
}

async fn refusals(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.user("admin@ente.example", Some("admin")).await;
    let moderator = app.moderator().await;
    let admin_id = admin.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let moderator_id = moderator.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let promote = json!({ "role": "admin", "reason": "Promozione richiesta dal ministero" });

    moderator
        .put(
            &format!("/api/v1/admin/users/{moderator_id}/platform-role"),
            &promote,
        )
        .await
        .problem(403, "forbidden");
    moderator
        .get("/api/v1/admin/users")
        .await
        .problem(403, "forbidden");
    app.anonymous
        .get("/api/v1/admin/users")
        .await
        .problem(401, "unauthenticated");
    admin
        .put(
            &format!("/api/v1/admin/users/{admin_id}/platform-role"),
            &json!({ "role": null, "reason": "Lascio il ruolo di amministratore" }),
        )
        .await
        .problem(409, "conflict");
    admin
        .put(
            &format!("/api/v1/admin/users/{}/platform-role", uuid::Uuid::nil()),
            &promote,
        )
        .await
        .problem(404, "not_found");
    admin
        .put(
            &format!("/api/v1/admin/users/{moderator_id}/platform-role"),
            &json!({ "role": "moderator", "reason": "corto" }),
        )
        .await
        .problem(422, "reason_required");
    admin
        .put(
            &format!("/api/v1/admin/users/{moderator_id}/platform-role"),
            &json!({ "role": "sovrano", "reason": "Un ruolo che non esiste" }),
        )
        .await
        .problem(422, "invalid_request_body");
    assert_eq!(
        moderator.get("/api/v1/me").await.ok(200)["platform_role"],
        "moderator",
        "nothing changed"
    );
}
