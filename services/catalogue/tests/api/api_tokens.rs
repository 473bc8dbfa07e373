//! API tokens and bulk import: owners make scoped tokens (shown once, stored hashed,
//! revocable, last use recorded); providers' systems import offers as JSON or CSV, each row
//! checked on its own, and what they import still waits for moderation.

use crate::support::{TestApp, offer_content, spawn_app};
use connessi_platform::entities::api_token;
use connessi_tests::{Backend, Client, backend_tests};
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

backend_tests! {
    an_owner_makes_a_scoped_token_that_is_shown_once_and_stored_hashed => scoped;
    a_revoked_token_or_one_whose_creator_left_stops_working_at_once => revocation;
    a_json_batch_is_imported_row_by_row_and_what_passes_waits_for_moderation => json_import;
    a_csv_file_is_imported_with_a_report_per_row => csv_import;
}

async fn make_token(owner: &Client, provider: &str, scopes: &[&str]) -> Value {
    owner
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "gestionale", "scopes": scopes }),
        )
        .await
        .ok(201)
        .clone()
}

fn with_token(app: &TestApp, token: &Value) -> Client {
    app.anonymous
        .with_token(Some(token["token"].as_str().expect("token").to_owned()))
}

async fn scoped(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("token", None).await;
    let draft = app
        .draft(&owner, &provider, &offer_content("Bozza privata"))
        .await;
    let reader = make_token(&owner, &provider, &["read"]).await;
    let secret = reader["token"].as_str().unwrap();
    assert!(secret.starts_with("cnt_") && secret.len() > 40);
    let stored = api_token::Entity::find().all(&app.db.conn).await.unwrap();
    assert!(
        stored
            .iter()
            .all(|t| t.token_hash != secret && !secret.ends_with(&t.prefix))
    );
    let listed = owner
        .get(&format!("/api/v1/providers/{provider}/api-tokens"))
        .await;
    assert!(
        !listed.ok(200).to_string().contains(secret),
        "never shown again"
    );
    assert_eq!(listed.body[0]["scopes"], json!(["read"]));
    assert!(listed.body[0]["last_used_at"].is_null());

    let system = with_token(&app, &reader);
    let seen = system.get(&format!("/api/v1/offers/{draft}")).await;
    assert_eq!(
        seen.ok(200)["id"],
        draft.as_str(),
        "read sees the provider's drafts"
    );
    let refused = system
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content("Senza permesso"),
        )
        .await;
    refused.problem(403, "forbidden");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("write_offers")
    );
    system
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "x", "scopes": ["read"] }),
        )
        .await
        .problem(403, "forbidden");
    system
        .get("/api/v1/moderation/queue")
        .await
        .problem(403, "forbidden");
    let used = owner
        .get(&format!("/api/v1/providers/{provider}/api-tokens"))
        .await;
    assert!(
        used.ok(200)[0]["last_used_at"].is_string(),
        "the use is recorded"
    );

    let writer = with_token(
        &app,
        &make_token(&owner, &provider, &["write_offers"]).await,
    );
    writer
        .post(
            &format!("/api/v1/providers/{provider}/offers"),
            &offer_content("Dal gestionale"),
        )
        .await
        .ok(201);
    let (_, other) = app.provider("altro", None).await;
    writer
        .post(
            &format!("/api/v1/providers/{other}/offers"),
            &offer_content("Altrui"),
        )
        .await
        .problem(403, "forbidden");
    let member = app.user("membro@token.example", None).await;
    member
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "x", "scopes": ["read"] }),
        )
        .await
        .problem(403, "forbidden");
    owner
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &json!({ "name": "", "scopes": [] }),
        )
        .await
        .problem(422, "validation_failed");
}

async fn revocation(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("revoca", None).await;
    let token = make_token(&owner, &provider, &["read"]).await;
    let system = with_token(&app, &token);
    system.get("/api/v1/me").await.ok(200);
    let id = token["id"].as_str().unwrap();
    let revoke = format!("/api/v1/providers/{provider}/api-tokens/{id}");
    assert_eq!(
        owner
            .send(Method::DELETE, &revoke, None)
            .await
            .status
            .as_u16(),
        204
    );
    system
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    owner
        .send(Method::DELETE, &revoke, None)
        .await
        .problem(404, "not_found");

    // A token made by someone who then leaves the provider dies with their membership.
    let invitation = owner
        .post(
            &format!("/api/v1/providers/{provider}/invitations"),
            &json!({ "role": "owner" }),
        )
        .await;
    let second = app.user("seconda@revoca.example", None).await;
    second
        .post(
            "/api/v1/invitations/accept",
            &json!({ "token": invitation.ok(201)["token"] }),
        )
        .await
        .ok(200);
    let theirs = with_token(&app, &make_token(&second, &provider, &["read"]).await);
    theirs.get("/api/v1/me").await.ok(200);
    let second_id = second.get("/api/v1/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let removed = owner
        .send(
            Method::DELETE,
            &format!("/api/v1/providers/{provider}/members/{second_id}"),
            None,
        )
        .await;
    assert_eq!(removed.status.as_u16(), 204);
    theirs
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    app.anonymous
        .with_token(Some("cnt_invented".into()))
        .get("/api/v1/offers")
        .await
        .problem(401, "unauthenticated");
}

async fn json_import(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("importa", None).await;
    let system = with_token(
        &app,
        &make_token(&owner, &provider, &["read", "write_offers"]).await,
    );
    let mut incomplete = offer_content("Manca il periodo gratuito");
    incomplete["free_period"] = json!({ "months": null, "until": null });
    let mut unknown = offer_content("Categoria sconosciuta");
    unknown["categories"] = json!(["teletrasporto"]);
    let batch = json!({ "offers": [
        offer_content("Prima offerta importata"),
        incomplete,
        { "title": "non un oggetto" },
        unknown,
        offer_content("Seconda offerta importata"),
    ]});
    let offers_before = app.count("offers").await;
    let report = system
        .post(
            &format!("/api/v1/providers/{provider}/offers/import"),
            &batch,
        )
        .await;
    let report = report.ok(200);
    assert_eq!(report["received"], 5);
    let accepted: Vec<u64> = report["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(accepted, [1, 5]);
    let rejected: Vec<(u64, String)> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["errors"][0]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (2, "incomplete_offer".to_owned()),
            (3, "invalid_request_body".to_owned()),
            (4, "unknown_category".to_owned())
        ]
    );
    assert_eq!(
        app.count("offers").await,
        offers_before + 2,
        "rejected rows create nothing"
    );
    assert!(
        report["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "submitted")
    );
    let moderator = app.moderator().await;
    let queue = moderator
        .get(&format!("/api/v1/moderation/queue?provider_id={provider}"))
        .await;
    assert_eq!(
        queue.ok(200)["total"],
        2,
        "imported offers wait for moderation"
    );
    let first = report["accepted"][0]["offer_id"].as_str().unwrap();
    let entries = crate::support::audit_entries(&moderator, "offer", first).await;
    assert!(
        entries.iter().all(|e| e["actor_kind"] == "api_token"
            && e["actor"] == "owner@importa.example (API token gestionale)"),
        "the audit log names the token: {entries:?}"
    );
    let public = app
        .anonymous
        .get(&format!("/api/v1/providers/{provider}/offers"))
        .await;
    assert_eq!(
        public.ok(200)["total"],
        0,
        "nothing is published by an import"
    );

    let path = format!("/api/v1/providers/{provider}/offers/import");
    owner
        .post(&path, &json!({ "offers": [] }))
        .await
        .problem(422, "invalid_length");
    let too_many: Vec<Value> = (0..501).map(|_| json!({})).collect();
    owner
        .post(&path, &json!({ "offers": too_many }))
        .await
        .problem(422, "invalid_length");
    let plain = owner
        .send_raw(Method::POST, &path, "text/plain", b"ciao".to_vec())
        .await;
    plain.problem(415, "unsupported_media_type");
}

const CSV_HEADER: &str = "title_it,description_it,categories,sectors,provinces,delivery_mode,format,skill_level,languages,free_of_charge_confirmed,free_period_months,price_after,data_export,onboarding_description,onboarding_duration_days,capacity";

async fn csv_import(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, provider) = app.provider("csv", None).await;
    // A cell with a comma is quoted, as CSV writers do.
    let description =
        "\"Un servizio digitale completo per i negozi di quartiere, con assistenza dedicata.\"";
    let good = format!(
        "Cassa in cloud per botteghe,{description},digital_payments;pos,retail,TV;VE,online,software_service,base,it,true,6,19 € al mese,Esportazione CSV,Una videochiamata e una visita in negozio,7,10"
    );
    let bad_number = format!(
        "Corso di vetrina online,{description},e_commerce,retail,TV,online,course,base,it,true,6,gratis,CSV,Call,sette,"
    );
    let file = format!("{CSV_HEADER}\n{good}\n{bad_number}\n");
    let path = format!("/api/v1/providers/{provider}/offers/import");
    let report = owner
        .send_raw(
            Method::POST,
            &path,
            "text/csv; charset=utf-8",
            file.into_bytes(),
        )
        .await;
    let report = report.ok(200);
    assert_eq!(report["received"], 2);
    assert_eq!(report["accepted"][0]["row"], 1, "{report}");
    assert_eq!(report["rejected"][0]["row"], 2);
    assert_eq!(
        report["rejected"][0]["errors"][0]["field"],
        "onboarding_duration_days"
    );
    let id = report["accepted"][0]["offer_id"].as_str().unwrap();
    let offer = owner.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(
        offer.ok(200)["content"]["territory"]["provinces"],
        json!(["TV", "VE"])
    );
    assert_eq!(offer.body["status"], "submitted");

    let typo = format!("{CSV_HEADER},colour\n{good},rosso\n");
    let refused = owner
        .send_raw(Method::POST, &path, "text/csv", typo.into_bytes())
        .await;
    refused.problem(422, "invalid_request_body");
    assert!(refused.body["detail"].as_str().unwrap().contains("colour"));
}
