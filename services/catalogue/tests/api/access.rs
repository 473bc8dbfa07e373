//! Who may do what: members touch only their own provider's offers (and do not even learn that
//! another provider's unpublished offers exist), moderation is for moderators, writing needs a
//! live session, and the development sign-in is for development only.

use crate::support::{TestApp, approval, offer_content, provider_profile, spawn_app};
use chrono::Utc;
use connessi_platform::auth::token_hash;
use connessi_platform::config::Profile;
use connessi_platform::entities::session;
use connessi_tests::{Backend, Client, Reply, backend_tests};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

backend_tests! {
    a_member_of_another_provider_cannot_see_or_change_an_unpublished_offer => other_providers_drafts;
    a_member_of_another_provider_cannot_change_a_published_offer_or_act_for_its_provider => other_providers_published;
    anonymous_callers_must_sign_in_to_change_anything => anonymous_writes;
    provider_members_are_forbidden_every_moderation_endpoint => members_are_not_moderators;
    anonymous_callers_are_asked_to_sign_in_for_every_moderation_endpoint => anonymous_moderation;
    a_bad_or_expired_token_is_refused_even_where_no_sign_in_is_needed => bad_tokens;
    signing_out_ends_the_session => sign_out;
    signing_out_with_a_lowercase_bearer_scheme_ends_the_session_too => sign_out_lowercase_scheme;
    the_development_sign_in_refuses_unknown_emails_and_is_off_in_production => dev_sign_in;
}

/// Provider A (verified) with a draft and a published offer, and the owner of provider B.
struct World {
    moderator: Client,
    owner_a: Client,
    provider_a: String,
    draft: String,
    published: String,
    owner_b: Client,
    provider_b: String,
}

async fn world(app: &TestApp) -> World {
    let moderator = app.moderator().await;
    let (owner_a, provider_a) = app.provider("alfa", Some(&moderator)).await;
    let (owner_b, provider_b) = app.provider("beta", Some(&moderator)).await;
    let draft = app
        .draft(
            &owner_a,
            &provider_a,
            &offer_content("Cassa in cloud per negozi"),
        )
        .await;
    let published = app
        .published(
            &owner_a,
            &provider_a,
            &moderator,
            &offer_content("Vetrina online per botteghe"),
        )
        .await;
    World {
        moderator,
        owner_a,
        provider_a,
        draft,
        published,
        owner_b,
        provider_b,
    }
}

/// Every moderation endpoint, with a body it would accept from a moderator.
fn moderation_calls(w: &World) -> Vec<(Method, String, Option<Value>)> {
    let reason = json!({ "reason": "Motivazione sufficientemente lunga." });
    vec![
        (Method::GET, "/api/v1/moderation/queue".to_owned(), None),
        (
            Method::POST,
            format!("/api/v1/moderation/offers/{}/decision", w.draft),
            Some(approval()),
        ),
        (
            Method::POST,
            format!(
                "/api/v1/moderation/revisions/{}/decision",
                uuid::Uuid::now_v7()
            ),
            Some(approval()),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/offers/{}/suspend", w.published),
            Some(reason.clone()),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/offers/{}/reinstate", w.published),
            Some(reason),
        ),
        (
            Method::PUT,
            format!("/api/v1/moderation/providers/{}/verification", w.provider_b),
            Some(json!({ "verified": true })),
        ),
        (
            Method::PUT,
            format!("/api/v1/moderation/providers/{}/verification", w.provider_a),
            Some(json!({ "verified": false, "reason": "Verifica revocata per prova." })),
        ),
        (Method::GET, "/api/v1/moderation/audit".to_owned(), None),
    ]
}

async fn call(client: &Client, (method, path, body): &(Method, String, Option<Value>)) -> Reply {
    client.send(method.clone(), path, body.as_ref()).await
}

async fn sessions(app: &TestApp) -> u64 {
    session::Entity::find()
        .count(&app.db.conn)
        .await
        .expect("count sessions")
}

async fn other_providers_drafts(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let draft = &w.draft;
    let before = app.snapshot().await;

    w.owner_b
        .get(&format!("/api/v1/offers/{draft}"))
        .await
        .problem(404, "not_found");
    w.owner_b
        .put(
            &format!("/api/v1/offers/{draft}"),
            &offer_content("Offerta presa in prestito"),
        )
        .await
        .problem(404, "not_found");
    w.owner_b
        .post(&format!("/api/v1/offers/{draft}/submit"), &json!({}))
        .await
        .problem(404, "not_found");
    w.owner_b
        .post(&format!("/api/v1/offers/{draft}/withdraw"), &json!({}))
        .await
        .problem(404, "not_found");
    w.owner_b
        .delete(&format!("/api/v1/offers/{draft}/revision"))
        .await
        .problem(404, "not_found");
    // Exactly what an offer that does not exist answers.
    let missing = uuid::Uuid::now_v7();
    w.owner_b
        .get(&format!("/api/v1/offers/{missing}"))
        .await
        .problem(404, "not_found");
    w.owner_b
        .post(&format!("/api/v1/offers/{missing}/submit"), &json!({}))
        .await
        .problem(404, "not_found");

    let listed = w
        .owner_b
        .get(&format!("/api/v1/providers/{}/offers", w.provider_a))
        .await;
    let ids: Vec<_> = listed.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [w.published.as_str()], "only A's published offer");
    assert!(listed.body["items"][0].get("moderation").is_none());
    assert_eq!(
        w.owner_b
            .get(&format!(
                "/api/v1/providers/{}/offers?status=draft",
                w.provider_a
            ))
            .await
            .ok(200)["total"],
        1
    );

    assert_eq!(app.snapshot().await, before);
    let seen = w.owner_a.get(&format!("/api/v1/offers/{draft}")).await;
    assert_eq!(seen.ok(200)["status"], "draft");
    assert_eq!(
        seen.body["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
    assert_eq!(
        w.moderator
            .get(&format!("/api/v1/offers/{draft}"))
            .await
            .ok(200)["status"],
        "draft",
        "moderators see every offer"
    );
}

async fn other_providers_published(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let published = &w.published;
    let before = app.snapshot().await;

    w.owner_b
        .put(
            &format!("/api/v1/offers/{published}"),
            &offer_content("Offerta presa in prestito"),
        )
        .await
        .problem(403, "forbidden");
    w.owner_b
        .post(&format!("/api/v1/offers/{published}/submit"), &json!({}))
        .await
        .problem(403, "forbidden");
    w.owner_b
        .post(&format!("/api/v1/offers/{published}/withdraw"), &json!({}))
        .await
        .problem(403, "forbidden");
    w.owner_b
        .delete(&format!("/api/v1/offers/{published}/revision"))
        .await
        .problem(403, "forbidden");
    w.moderator
        .put(
            &format!("/api/v1/offers/{published}"),
            &offer_content("Offerta riscritta dalla moderazione"),
        )
        .await
        .problem(403, "forbidden");
    let create = w
        .owner_b
        .post(
            &format!("/api/v1/providers/{}/offers", w.provider_a),
            &offer_content("Offerta a nome di altri"),
        )
        .await;
    create.problem(403, "forbidden");
    w.moderator
        .post(
            &format!("/api/v1/providers/{}/offers", w.provider_a),
            &offer_content("Offerta a nome di altri"),
        )
        .await
        .problem(403, "forbidden");
    let mut profile = provider_profile("alfa");
    profile["partita_iva"] = w
        .owner_a
        .get(&format!("/api/v1/providers/{}", w.provider_a))
        .await
        .ok(200)["partita_iva"]
        .clone();
    w.owner_b
        .put(&format!("/api/v1/providers/{}", w.provider_a), &profile)
        .await
        .problem(403, "forbidden");

    assert_eq!(app.snapshot().await, before);
    let public = app
        .anonymous
        .get(&format!("/api/v1/offers/{published}"))
        .await;
    assert_eq!(public.ok(200)["status"], "published");
    assert_eq!(
        public.body["content"]["title"]["it"],
        "Vetrina online per botteghe"
    );
    assert!(
        w.owner_a
            .get(&format!("/api/v1/offers/{published}"))
            .await
            .ok(200)
            .get("pending_revision")
            .is_none()
    );
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/providers/{}", w.provider_a))
            .await
            .ok(200)["verified"],
        true
    );
    // B can still work on its own offers.
    app.draft(&w.owner_b, &w.provider_b, &offer_content("Offerta di beta"))
        .await;
}

async fn anonymous_writes(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let before = app.snapshot().await;
    let content = offer_content("Offerta senza nome");
    let anonymous = &app.anonymous;

    anonymous
        .post("/api/v1/providers", &provider_profile("anonima"))
        .await
        .problem(401, "unauthenticated");
    anonymous
        .put(
            &format!("/api/v1/providers/{}", w.provider_a),
            &provider_profile("alfa"),
        )
        .await
        .problem(401, "unauthenticated");
    anonymous
        .post(
            &format!("/api/v1/providers/{}/offers", w.provider_a),
            &content,
        )
        .await
        .problem(401, "unauthenticated");
    for id in [&w.draft, &w.published] {
        anonymous
            .put(&format!("/api/v1/offers/{id}"), &content)
            .await
            .problem(401, "unauthenticated");
        anonymous
            .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
            .await
            .problem(401, "unauthenticated");
        anonymous
            .post(&format!("/api/v1/offers/{id}/withdraw"), &json!({}))
            .await
            .problem(401, "unauthenticated");
        anonymous
            .delete(&format!("/api/v1/offers/{id}/revision"))
            .await
            .problem(401, "unauthenticated");
    }
    anonymous
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    anonymous
        .send(Method::POST, "/api/v1/sign-out", None)
        .await
        .problem(401, "unauthenticated");

    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        anonymous
            .get(&format!("/api/v1/offers/{}", w.published))
            .await
            .ok(200)["status"],
        "published"
    );
}

async fn members_are_not_moderators(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    w.owner_a
        .post(&format!("/api/v1/offers/{}/submit", w.draft), &json!({}))
        .await
        .ok(200);
    let before = app.snapshot().await;

    for endpoint in moderation_calls(&w) {
        for member in [&w.owner_a, &w.owner_b] {
            let reply = call(member, &endpoint).await;
            assert_eq!(
                reply.status.as_u16(),
                403,
                "{} {}: {}",
                endpoint.0,
                endpoint.1,
                reply.body
            );
            reply.problem(403, "forbidden");
        }
    }

    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/providers/{}", w.provider_b))
            .await
            .ok(200)["verified"],
        true
    );
    assert_eq!(
        w.owner_a
            .get(&format!("/api/v1/offers/{}", w.draft))
            .await
            .ok(200)["status"],
        "submitted",
        "not approved by its own provider"
    );
    assert_eq!(
        app.anonymous
            .get(&format!("/api/v1/offers/{}", w.published))
            .await
            .ok(200)["status"],
        "published"
    );
    assert_eq!(
        w.moderator.get("/api/v1/moderation/queue").await.ok(200)["total"],
        1,
        "a moderator may"
    );
}

async fn anonymous_moderation(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let before = app.snapshot().await;
    for endpoint in moderation_calls(&w) {
        let reply = call(&app.anonymous, &endpoint).await;
        assert_eq!(
            reply.status.as_u16(),
            401,
            "{} {}: {}",
            endpoint.0,
            endpoint.1,
            reply.body
        );
        reply.problem(401, "unauthenticated");
    }
    assert_eq!(app.snapshot().await, before);
}

async fn bad_tokens(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let before = app.snapshot().await;

    let forged = app.anonymous.with_token(Some(
        "dGhpcy1pcy1ub3QtYS1yZWFsLXNlc3Npb24tdG9rZW4".to_owned(),
    ));
    forged
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    forged
        .get("/api/v1/offers")
        .await
        .problem(401, "unauthenticated");
    forged
        .post(&format!("/api/v1/offers/{}/submit", w.draft), &json!({}))
        .await
        .problem(401, "unauthenticated");
    app.anonymous
        .with_token(Some("x".repeat(500)))
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    let basic = app
        .anonymous
        .http
        .get(format!("{}/api/v1/me", app.anonymous.base))
        .header("authorization", "Basic b3duZXI6c2VncmV0bw==")
        .send()
        .await
        .expect("request sent");
    assert_eq!(basic.status().as_u16(), 401);

    let member = app.user("scadenza@alfa.example", None).await;
    assert_eq!(
        member.get("/api/v1/me").await.ok(200)["email"],
        "scadenza@alfa.example"
    );
    let token = member.token.clone().expect("signed in");
    let stored = session::Entity::find_by_id(token_hash(&token))
        .one(&app.db.conn)
        .await
        .expect("read session")
        .expect("session stored by hash");
    let mut expired: session::ActiveModel = stored.into();
    expired.expires_at = Set(Utc::now() - chrono::Duration::seconds(1));
    expired.update(&app.db.conn).await.expect("expire session");
    member
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    member
        .get("/api/v1/offers")
        .await
        .problem(401, "unauthenticated");
    member
        .post(&format!("/api/v1/offers/{}/submit", w.draft), &json!({}))
        .await
        .problem(401, "unauthenticated");

    assert_eq!(app.snapshot().await, before);
    let again = app.anonymous.sign_in("scadenza@alfa.example").await;
    assert_eq!(
        again.get("/api/v1/me").await.ok(200)["email"],
        "scadenza@alfa.example",
        "signing in again works"
    );
}

async fn sign_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("uscita", None).await;
    let other_session = app.anonymous.sign_in("owner@uscita.example").await;
    let sessions_before = sessions(&app).await;

    let reply = owner.send(Method::POST, "/api/v1/sign-out", None).await;
    assert_eq!(reply.status.as_u16(), 204, "{}", reply.body);
    assert_eq!(sessions(&app).await, sessions_before - 1);
    owner
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    owner
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content("Dopo l'uscita"),
        )
        .await
        .problem(401, "unauthenticated");
    owner
        .send(Method::POST, "/api/v1/sign-out", None)
        .await
        .problem(401, "unauthenticated");

    let still = other_session.get("/api/v1/me").await;
    assert_eq!(
        still.ok(200)["providers"][0]["provider_id"],
        provider.as_str(),
        "other sessions of the user live on"
    );
}

async fn sign_out_lowercase_scheme(backend: Backend) {
    let app = spawn_app(backend).await;
    let member = app.user("minuscolo@test.example", None).await;
    let token = member.token.clone().expect("signed in");
    let lowercase = |request: reqwest::RequestBuilder| {
        request.header("authorization", format!("bearer {token}"))
    };

    // The scheme is case-insensitive, and the server accepts `bearer` to identify the caller…
    let me = lowercase(
        app.anonymous
            .http
            .get(format!("{}/api/v1/me", app.anonymous.base)),
    )
    .send()
    .await
    .expect("request sent");
    assert_eq!(me.status().as_u16(), 200);
    let sessions_before = sessions(&app).await;
    let signed_out = lowercase(
        app.anonymous
            .http
            .post(format!("{}/api/v1/sign-out", app.anonymous.base)),
    )
    .send()
    .await
    .expect("request sent");
    assert_eq!(signed_out.status().as_u16(), 204);
    // …so a sign-out it answers with 204 must have ended that session.
    assert_eq!(
        sessions(&app).await,
        sessions_before - 1,
        "the session row is gone"
    );
    member
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
}

async fn dev_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    app.user("demo@bottega.example", None).await;
    let sessions_before = sessions(&app).await;

    let unknown = app
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "nessuno@bottega.example" }),
        )
        .await;
    unknown.problem(401, "invalid_credentials");
    app.anonymous
        .post("/api/v1/dev/sign-in", &json!({ "email": "" }))
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(sessions(&app).await, sessions_before);
    let known = app.anonymous.sign_in("  Demo@Bottega.EXAMPLE ").await;
    assert_eq!(
        known.get("/api/v1/me").await.ok(200)["email"],
        "demo@bottega.example",
        "e-mail addresses match case-insensitively"
    );
    let sessions_before = sessions(&app).await;

    let production = app
        .second_server(|settings| {
            settings.profile = Profile::Production;
            settings.dev_sign_in = false;
        })
        .await;
    assert!(!production.state.platform.settings.dev_sign_in_enabled());
    let refused = production
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "demo@bottega.example" }),
        )
        .await;
    refused.problem(403, "dev_sign_in_disabled");
    production
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "nessuno@bottega.example" }),
        )
        .await
        .problem(403, "dev_sign_in_disabled");

    // Even a configuration that slipped past validation keeps it off in production.
    let misconfigured = app
        .second_server(|settings| settings.profile = Profile::Production)
        .await;
    misconfigured
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "demo@bottega.example" }),
        )
        .await
        .problem(403, "dev_sign_in_disabled");

    // And it can be switched off in development too.
    let disabled = app
        .second_server(|settings| settings.dev_sign_in = false)
        .await;
    disabled
        .anonymous
        .post(
            "/api/v1/dev/sign-in",
            &json!({ "email": "demo@bottega.example" }),
        )
        .await
        .problem(403, "dev_sign_in_disabled");
    assert_eq!(
        sessions(&app).await,
        sessions_before,
        "no session was started"
    );

    // Sessions started elsewhere still work on the production server.
    assert_eq!(
        production
            .anonymous
            .with_token(known.token.clone())
            .get("/api/v1/me")
            .await
            .ok(200)["email"],
        "demo@bottega.example"
    );
}
