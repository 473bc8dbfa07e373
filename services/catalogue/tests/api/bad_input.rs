//! Bad input is refused with a 4xx problem document naming what is wrong, and a refused
//! request changes nothing in the database.

use crate::support::{TestApp, approval, offer_content, provider_profile, spawn_app};
use connessi_tests::{Backend, Client, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};

backend_tests! {
    a_body_that_is_not_json_is_refused_as_malformed => malformed_json;
    a_body_with_wrong_types_is_refused_naming_the_field => wrong_types;
    unknown_fields_are_refused_so_clients_cannot_set_status_or_verification => unknown_fields;
    a_body_without_the_json_content_type_is_refused => wrong_media_type;
    a_body_over_the_size_limit_is_refused => oversized_body;
    an_unknown_category_is_reported_on_its_field => unknown_category;
    unknown_istat_codes_are_reported_as_unknown_territory => unknown_territory;
    an_unknown_istat_code_is_reported_at_its_position_in_the_request => territory_error_position;
    a_partita_iva_that_does_not_check_out_is_refused => bad_partita_iva;
    several_bad_fields_are_reported_together => several_errors;
    a_change_of_state_the_offer_does_not_allow_is_a_conflict => invalid_transitions;
    a_malformed_id_in_the_path_is_a_bad_request => malformed_path;
    unknown_or_out_of_range_query_parameters_are_refused => bad_query;
    an_offer_without_territory_or_free_period_is_kept_as_draft_but_cannot_be_submitted => incomplete_offer;
    an_offer_that_renews_by_itself_cannot_be_submitted => automatic_renewal;
}

/// A verified provider with its owner and a draft, to aim bad requests at.
async fn setup(app: &TestApp) -> (Client, Client, String, String) {
    let moderator = app.moderator().await;
    let (owner, provider) = app.provider("bottega", Some(&moderator)).await;
    let draft = app
        .draft(
            &owner,
            &provider,
            &offer_content("Cassa in cloud per negozi"),
        )
        .await;
    (moderator, owner, provider, draft)
}

/// The fields named in a problem's `errors`, in order.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field").to_owned())
        .collect()
}

async fn malformed_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;

    let create = format!("/api/v1/providers/{provider}/offers");
    let bodies: [&[u8]; 4] = [
        b"{\"title\": ",
        b"{\"title\": {\"it\": \"Cassa\"},}",
        b"title=Cassa",
        b"",
    ];
    for body in bodies {
        let reply = owner
            .send_raw(Method::POST, &create, "application/json", body.to_vec())
            .await;
        reply.problem(400, "malformed_json");
    }
    let edit = format!("/api/v1/offers/{draft}");
    owner
        .send_raw(
            Method::PUT,
            &edit,
            "application/json",
            b"{\"title\": [".to_vec(),
        )
        .await
        .problem(400, "malformed_json");
    owner
        .send_raw(
            Method::POST,
            "/api/v1/providers",
            "application/json",
            b"{legal_name: 'x'}".to_vec(),
        )
        .await
        .problem(400, "malformed_json");

    assert_eq!(
        app.snapshot().await,
        before,
        "a refused request writes nothing"
    );
    let unchanged = owner.get(&edit).await;
    assert_eq!(
        unchanged.ok(200)["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );
}

async fn wrong_types(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;
    let create = format!("/api/v1/providers/{provider}/offers");

    let mut capacity_as_text = offer_content("Cassa in cloud per negozi");
    capacity_as_text["capacity"] = json!("venti");
    let reply = owner.post(&create, &capacity_as_text).await;
    let detail = reply.problem(422, "invalid_request_body")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("capacity"),
        "the problem names the field: {detail}"
    );

    let mut categories_as_text = offer_content("Cassa in cloud per negozi");
    categories_as_text["categories"] = json!("pos");
    let reply = owner
        .put(&format!("/api/v1/offers/{draft}"), &categories_as_text)
        .await;
    assert!(
        reply.problem(422, "invalid_request_body")["detail"]
            .as_str()
            .unwrap()
            .contains("categories")
    );

    let mut negative_days = offer_content("Cassa in cloud per negozi");
    negative_days["onboarding"]["duration_days"] = json!(-3);
    owner
        .post(&create, &negative_days)
        .await
        .problem(422, "invalid_request_body");

    let mut missing_title = offer_content("Cassa in cloud per negozi");
    missing_title.as_object_mut().unwrap().remove("title");
    owner
        .post(&create, &missing_title)
        .await
        .problem(422, "invalid_request_body");

    owner
        .post(
            &create,
            &json!([offer_content("Cassa in cloud per negozi")]),
        )
        .await
        .problem(422, "invalid_request_body");
    owner
        .post("/api/v1/providers", &json!({ "legal_name": 42 }))
        .await
        .problem(422, "invalid_request_body");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{draft}")).await.ok(200)["content"]["categories"],
        json!(["digital_payments", "pos"])
    );

    owner
        .post(&format!("/api/v1/offers/{draft}/submit"), &json!({}))
        .await
        .ok(200);
    let decide = format!("/api/v1/moderation/offers/{draft}/decision");
    let submitted = app.snapshot().await;
    moderator
        .post(&decide, &json!({ "decision": "publish" }))
        .await
        .problem(422, "invalid_request_body");
    moderator
        .post(
            &decide,
            &json!({ "decision": "approve", "checklist": { "free": "yes" } }),
        )
        .await
        .problem(422, "invalid_request_body");
    assert_eq!(app.snapshot().await, submitted);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{draft}")).await.ok(200)["status"],
        "submitted"
    );
}

async fn unknown_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;

    let mut published = offer_content("Cassa in cloud per negozi");
    published["status"] = json!("published");
    let reply = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &published)
        .await;
    assert!(
        reply.problem(422, "invalid_request_body")["detail"]
            .as_str()
            .unwrap()
            .contains("status")
    );
    owner
        .put(&format!("/api/v1/offers/{draft}"), &published)
        .await
        .problem(422, "invalid_request_body");

    let mut nested = offer_content("Cassa in cloud per negozi");
    nested["territory"]["country"] = json!("IT");
    owner
        .put(&format!("/api/v1/offers/{draft}"), &nested)
        .await
        .problem(422, "invalid_request_body");

    let mut self_verified = provider_profile("furbetta");
    self_verified["verified"] = json!(true);
    let newcomer = app.user("owner@furbetta.example", None).await;
    let reply = newcomer.post("/api/v1/providers", &self_verified).await;
    assert!(
        reply.problem(422, "invalid_request_body")["detail"]
            .as_str()
            .unwrap()
            .contains("verified")
    );
    owner
        .put(&format!("/api/v1/providers/{provider}"), &self_verified)
        .await
        .problem(422, "invalid_request_body");

    owner
        .post(&format!("/api/v1/offers/{draft}/submit"), &json!({}))
        .await
        .ok(200);
    let after_submit = app.snapshot().await;
    let mut with_extra = approval();
    with_extra["publish_at"] = json!("2030-01-01");
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{draft}/decision"),
            &with_extra,
        )
        .await
        .problem(422, "invalid_request_body");
    assert_eq!(app.snapshot().await, after_submit);

    assert_eq!(after_submit[0], before[0], "no offer was created");
    assert_eq!(after_submit[2], before[2], "no provider was created");
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{draft}")).await.ok(200)["status"],
        "submitted"
    );
    assert_eq!(
        newcomer.get("/api/v1/me").await.ok(200)["providers"],
        json!([])
    );
}

async fn wrong_media_type(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;
    let content = serde_json::to_vec(&offer_content("Cassa in cloud per negozi")).unwrap();
    let create = format!("/api/v1/providers/{provider}/offers");

    owner
        .send(Method::POST, &create, None)
        .await
        .problem(415, "unsupported_media_type");
    owner
        .send_raw(Method::POST, &create, "text/plain", content.clone())
        .await
        .problem(415, "unsupported_media_type");
    owner
        .send_raw(
            Method::PUT,
            &format!("/api/v1/offers/{draft}"),
            "application/x-www-form-urlencoded",
            content,
        )
        .await
        .problem(415, "unsupported_media_type");
    let profile = serde_json::to_vec(&provider_profile("testo")).unwrap();
    owner
        .send_raw(Method::POST, "/api/v1/providers", "text/plain", profile)
        .await
        .problem(415, "unsupported_media_type");

    assert_eq!(app.snapshot().await, before);
}

async fn oversized_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;
    let limit = app.state.platform.settings.http.body_limit_bytes;
    assert_eq!(limit, 256 * 1024, "the default limit");

    let mut huge = offer_content("Cassa in cloud per negozi");
    huge["description"]["it"] = json!("a".repeat(limit + 1024));
    let body = serde_json::to_vec(&huge).unwrap();
    assert!(body.len() > limit);
    owner
        .send_raw(
            Method::POST,
            &format!("/api/v1/providers/{provider}/offers"),
            "application/json",
            body.clone(),
        )
        .await
        .problem(413, "payload_too_large");
    owner
        .send_raw(
            Method::PUT,
            &format!("/api/v1/offers/{draft}"),
            "application/json",
            body,
        )
        .await
        .problem(413, "payload_too_large");

    assert_eq!(app.snapshot().await, before);
    // Under the limit, the same request reaches validation (the description is too long).
    huge["description"]["it"] = json!("a".repeat(6000));
    owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &huge)
        .await
        .problem(422, "invalid_length");
    assert_eq!(app.snapshot().await, before);
}

async fn unknown_category(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;

    let mut astrology = offer_content("Oroscopo per negozianti");
    astrology["categories"] = json!(["astrology"]);
    let reply = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &astrology)
        .await;
    let problem = reply.problem(422, "unknown_category");
    assert_eq!(fields(problem), ["categories[0]"]);
    assert_eq!(problem["errors"][0]["code"], "unknown_category");

    astrology["categories"] = json!(["pos", "astrology"]);
    let reply = owner
        .put(&format!("/api/v1/offers/{draft}"), &astrology)
        .await;
    assert_eq!(
        fields(reply.problem(422, "unknown_category")),
        ["categories[1]"]
    );

    assert_eq!(app.snapshot().await, before);
    let unchanged = owner.get(&format!("/api/v1/offers/{draft}")).await;
    assert_eq!(
        unchanged.ok(200)["content"]["categories"],
        json!(["digital_payments", "pos"])
    );
}

async fn unknown_territory(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;
    let create = format!("/api/v1/providers/{provider}/offers");

    for (territory, field) in [
        (json!({ "comuni": ["999999"] }), "territory.comuni[0]"),
        (json!({ "provinces": ["XX"] }), "territory.provinces[0]"),
        (json!({ "regions": ["99"] }), "territory.regions[0]"),
    ] {
        let mut content = offer_content("Consegne in bicicletta");
        content["territory"] = territory;
        let problem = owner
            .post(&create, &content)
            .await
            .problem(422, "unknown_territory")
            .clone();
        assert_eq!(fields(&problem), [field]);
    }

    let mut everywhere_wrong = offer_content("Consegne in bicicletta");
    everywhere_wrong["territory"] = json!({ "regions": ["05", "99"], "provinces": ["TV", "XX"], "comuni": ["026086", "999999"] });
    let reply = owner
        .put(&format!("/api/v1/offers/{draft}"), &everywhere_wrong)
        .await;
    let problem = reply.problem(422, "unknown_territory");
    assert_eq!(
        fields(problem),
        [
            "territory.regions[1]",
            "territory.provinces[1]",
            "territory.comuni[1]"
        ]
    );

    assert_eq!(app.snapshot().await, before);
    let unchanged = owner.get(&format!("/api/v1/offers/{draft}")).await;
    assert_eq!(
        unchanged.ok(200)["content"]["territory"]["provinces"],
        json!(["TV"])
    );
}

async fn territory_error_position(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, _) = setup(&app).await;
    let before = app.snapshot().await;

    // The client lists a valid comune, then an unknown one: the error must point at the
    // second entry of what was sent, not at a position in a re-sorted copy.
    let mut content = offer_content("Consegne in bicicletta");
    content["territory"] = json!({ "comuni": ["026086", "000000"] });
    let reply = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &content)
        .await;
    let problem = reply.problem(422, "unknown_territory");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        fields(problem),
        ["territory.comuni[1]"],
        "the path of the offending entry in the request: {problem}"
    );
}

async fn bad_partita_iva(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, _) = setup(&app).await;
    let newcomer = app.user("owner@sbagliata.example", None).await;
    let before = app.snapshot().await;

    for bad in [
        "01234567890",
        "0123456789",
        "0123456789A",
        "00000000000",
        "",
    ] {
        let mut profile = provider_profile("sbagliata");
        profile["partita_iva"] = json!(bad);
        let reply = newcomer.post("/api/v1/providers", &profile).await;
        assert_eq!(
            fields(reply.problem(422, "invalid_partita_iva")),
            ["partita_iva"],
            "{bad}"
        );
    }
    let mut profile = provider_profile("bottega");
    profile["partita_iva"] = json!("01234567890");
    owner
        .put(&format!("/api/v1/providers/{provider}"), &profile)
        .await
        .problem(422, "invalid_partita_iva");

    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        newcomer.get("/api/v1/me").await.ok(200)["providers"],
        json!([])
    );
    assert_eq!(
        owner
            .get(&format!("/api/v1/providers/{provider}"))
            .await
            .ok(200)["legal_name"],
        "bottega S.r.l."
    );
}

async fn several_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, _) = setup(&app).await;
    let before = app.snapshot().await;

    let mut content = offer_content("Hi");
    content["categories"] = json!(["astrology"]);
    content["capacity"] = json!(0);
    let reply = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), &content)
        .await;
    let problem = reply.problem(422, "validation_failed");
    assert_eq!(fields(problem), ["title.it", "categories[0]", "capacity"]);
    let codes: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["invalid_length", "unknown_category", "invalid_value"]
    );
    assert!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty()))
    );

    let newcomer = app.user("owner@confusa.example", None).await;
    let profile = json!({
        "legal_name": "X",
        "partita_iva": "123",
        "website": "ftp://confusa.example",
        "contact_email": "non-una-email",
        "description": "breve",
        "logo_url": null
    });
    let reply = newcomer.post("/api/v1/providers", &profile).await;
    let problem = reply.problem(422, "validation_failed");
    assert_eq!(
        fields(problem),
        [
            "legal_name",
            "partita_iva",
            "website",
            "contact_email",
            "description"
        ]
    );

    assert_eq!(app.snapshot().await, before);
}

async fn invalid_transitions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, provider, draft) = setup(&app).await;
    let before = app.snapshot().await;
    let reason = json!({ "reason": "Motivazione sufficientemente lunga." });

    let approved = moderator
        .post(
            &format!("/api/v1/moderation/offers/{draft}/decision"),
            &approval(),
        )
        .await;
    assert!(
        approved.problem(409, "invalid_transition")["detail"]
            .as_str()
            .unwrap()
            .contains("draft")
    );
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{draft}/decision"),
            &json!({ "decision": "reject", "reason": reason["reason"] }),
        )
        .await
        .problem(409, "invalid_transition");
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{draft}/suspend"),
            &reason,
        )
        .await
        .problem(409, "invalid_transition");
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{draft}/reinstate"),
            &reason,
        )
        .await
        .problem(409, "invalid_transition");
    owner
        .delete(&format!("/api/v1/offers/{draft}/revision"))
        .await
        .problem(404, "not_found");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{draft}")).await.ok(200)["status"],
        "draft"
    );

    owner
        .post(&format!("/api/v1/offers/{draft}/submit"), &json!({}))
        .await
        .ok(200);
    let submitted = app.snapshot().await;
    let edited = owner
        .put(
            &format!("/api/v1/offers/{draft}"),
            &offer_content("Un titolo cambiato durante la revisione"),
        )
        .await;
    edited.problem(409, "under_review");
    owner
        .post(&format!("/api/v1/offers/{draft}/submit"), &json!({}))
        .await
        .problem(409, "invalid_transition");
    assert_eq!(app.snapshot().await, submitted);
    let seen = owner.get(&format!("/api/v1/offers/{draft}")).await;
    assert_eq!(seen.ok(200)["status"], "submitted");
    assert_eq!(
        seen.body["content"]["title"]["it"],
        "Cassa in cloud per negozi"
    );

    let published = app
        .published(
            &owner,
            &provider,
            &moderator,
            &offer_content("Consegne in bicicletta"),
        )
        .await;
    let settled = app.snapshot().await;
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{published}/decision"),
            &approval(),
        )
        .await
        .problem(409, "invalid_transition");
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{published}/reinstate"),
            &reason,
        )
        .await
        .problem(409, "invalid_transition");
    assert_eq!(app.snapshot().await, settled);
}

async fn malformed_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, owner, _, _) = setup(&app).await;
    let before = app.snapshot().await;
    let content = offer_content("Cassa in cloud per negozi");

    app.anonymous
        .get("/api/v1/offers/not-a-uuid")
        .await
        .problem(400, "invalid_path_parameter");
    app.anonymous
        .get("/api/v1/providers/12345")
        .await
        .problem(400, "invalid_path_parameter");
    app.anonymous
        .get("/api/v1/providers/zzz/offers")
        .await
        .problem(400, "invalid_path_parameter");
    owner
        .put("/api/v1/offers/123", &content)
        .await
        .problem(400, "invalid_path_parameter");
    owner
        .post("/api/v1/offers/xyz/submit", &json!({}))
        .await
        .problem(400, "invalid_path_parameter");
    owner
        .post("/api/v1/offers/xyz/withdraw", &json!({}))
        .await
        .problem(400, "invalid_path_parameter");
    owner
        .delete("/api/v1/offers/xyz/revision")
        .await
        .problem(400, "invalid_path_parameter");
    owner
        .post("/api/v1/providers/xyz/offers", &content)
        .await
        .problem(400, "invalid_path_parameter");
    moderator
        .post("/api/v1/moderation/offers/0000/decision", &approval())
        .await
        .problem(400, "invalid_path_parameter");
    moderator
        .post("/api/v1/moderation/revisions/0000/decision", &approval())
        .await
        .problem(400, "invalid_path_parameter");
    moderator
        .put(
            "/api/v1/moderation/providers/abc/verification",
            &json!({ "verified": true }),
        )
        .await
        .problem(400, "invalid_path_parameter");

    assert_eq!(app.snapshot().await, before);
}

async fn bad_query(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, _, provider, _) = setup(&app).await;
    let before = app.snapshot().await;

    for query in [
        "colour=red",
        "per_page=0",
        "per_page=1000",
        "per_page=101",
        "per_page=-1",
        "page=0",
        "page=abc",
        "category=astrology",
        "provider_id=not-a-uuid",
    ] {
        let reply = app.anonymous.get(&format!("/api/v1/offers?{query}")).await;
        reply.problem(400, "invalid_query_parameter");
    }
    assert_eq!(
        app.anonymous
            .get("/api/v1/offers?per_page=100&page=1")
            .await
            .ok(200)["per_page"],
        100
    );

    app.anonymous
        .get("/api/v1/providers?per_page=0")
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get("/api/v1/providers?sort=name")
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get(&format!("/api/v1/providers/{provider}/offers?page=0"))
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get(&format!("/api/v1/providers/{provider}/offers?status=bozza"))
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get("/api/v1/territories/comuni?per_page=1000")
        .await
        .problem(400, "invalid_query_parameter");
    app.anonymous
        .get("/api/v1/territories/provinces?regione=05")
        .await
        .problem(400, "invalid_query_parameter");
    moderator
        .get("/api/v1/moderation/queue?per_page=0")
        .await
        .problem(400, "invalid_query_parameter");
    moderator
        .get("/api/v1/moderation/audit?page=0")
        .await
        .problem(400, "invalid_query_parameter");
    moderator
        .get("/api/v1/moderation/audit?entity_id=nope")
        .await
        .problem(400, "invalid_query_parameter");

    assert_eq!(app.snapshot().await, before);
}

async fn incomplete_offer(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, _) = setup(&app).await;

    let mut unfinished = offer_content("Vetrina online per botteghe");
    unfinished.as_object_mut().unwrap().remove("territory");
    unfinished.as_object_mut().unwrap().remove("free_period");
    let id = app.draft(&owner, &provider, &unfinished).await;
    let before = app.snapshot().await;
    let reply = owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await;
    let detail = reply.problem(422, "incomplete_offer")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("free_period_stated") && detail.contains("has_territory"),
        "{detail}"
    );
    assert!(!detail.contains("no_renewal_obligation"), "{detail}");
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        owner.get(&format!("/api/v1/offers/{id}")).await.ok(200)["status"],
        "draft"
    );

    let mut no_territory = offer_content("Vetrina online per botteghe");
    no_territory["territory"] =
        json!({ "national": false, "regions": [], "provinces": [], "comuni": [] });
    owner
        .put(&format!("/api/v1/offers/{id}"), &no_territory)
        .await
        .ok(200);
    submission_refused(&app, &owner, &id, "criteria not met: has_territory").await;

    let mut past_free_period = offer_content("Vetrina online per botteghe");
    past_free_period["free_period"] = json!({ "months": null, "until": "2020-01-31" });
    owner
        .put(&format!("/api/v1/offers/{id}"), &past_free_period)
        .await
        .ok(200);
    submission_refused(&app, &owner, &id, "criteria not met: free_period_stated").await;

    owner
        .put(
            &format!("/api/v1/offers/{id}"),
            &offer_content("Vetrina online per botteghe"),
        )
        .await
        .ok(200);
    assert_eq!(
        owner
            .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
            .await
            .ok(200)["status"],
        "submitted"
    );
}

/// Submitting the offer is refused as incomplete with `detail`, and nothing changes.
async fn submission_refused(app: &TestApp, owner: &Client, id: &str, detail: &str) {
    let before = app.snapshot().await;
    let reply = owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await;
    assert_eq!(reply.problem(422, "incomplete_offer")["detail"], detail);
    assert_eq!(app.snapshot().await, before);
}

async fn automatic_renewal(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, owner, provider, _) = setup(&app).await;

    let mut renewing = offer_content("Gestionale con rinnovo annuale");
    renewing["after_free_period"]["automatic_renewal"] = json!(true);
    let id = app.draft(&owner, &provider, &renewing).await;
    submission_refused(&app, &owner, &id, "criteria not met: no_renewal_obligation").await;
    let seen = owner.get(&format!("/api/v1/offers/{id}")).await;
    assert_eq!(seen.ok(200)["status"], "draft");
    assert!(seen.body.get("submitted_at").is_none());
}
