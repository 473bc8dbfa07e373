//! What the messaging service answers before any thread exists: an empty inbox, 404 for
//! threads and requests nobody can see, and bad input refused as problem documents.

use crate::support::spawn_app;
use connessi_tests::{Backend, backend_tests};
use reqwest::Method;
use serde_json::json;

backend_tests! {
    a_new_user_has_an_empty_inbox_and_strangers_are_asked_to_sign_in => empty_inbox;
    threads_and_requests_that_do_not_exist_are_not_found_for_anyone => not_found;
    bad_input_is_refused_as_problem_documents_and_never_fails_the_server => bad_input;
}

async fn empty_inbox(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, _) = app.shop("Forno").await;
    let inbox = owner.get("/api/v1/conversations").await;
    assert_eq!(inbox.ok(200)["items"], json!([]));
    assert_eq!(inbox.body["total_unread"], 0);
    app.anonymous
        .get("/api/v1/conversations")
        .await
        .problem(401, "unauthenticated");
}

async fn not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, shop) = app.shop("Cartoleria").await;
    let moderator = app
        .user("moderatrice@chat.example", Some("moderator"))
        .await;
    let nowhere = uuid::Uuid::now_v7();
    for caller in [&owner, &moderator] {
        let thread = caller
            .get(&format!("/api/v1/conversations/{nowhere}"))
            .await;
        thread.problem(404, "not_found");
        let history = caller
            .get(&format!("/api/v1/conversations/{nowhere}/messages"))
            .await;
        history.problem(404, "not_found");
        let opened = caller
            .post(
                &format!("/api/v1/onboarding-requests/{nowhere}/conversation"),
                &json!({}),
            )
            .await;
        opened.problem(404, "not_found");
    }
    let enquiry = json!({ "offer_id": nowhere, "body": "Quanto costa dopo?" });
    let path = format!("/api/v1/shops/{shop}/enquiries");
    owner.post(&path, &enquiry).await.problem(404, "not_found");
    moderator
        .post(&path, &enquiry)
        .await
        .problem(403, "forbidden");
}

async fn bad_input(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, shop) = app.shop("Ferramenta").await;
    let path = format!("/api/v1/shops/{shop}/enquiries");
    let offer = uuid::Uuid::now_v7();
    let blank = owner
        .post(&path, &json!({ "offer_id": offer, "body": "   " }))
        .await;
    assert_eq!(blank.problem(422, "required")["errors"][0]["field"], "body");
    let long = "a".repeat(4001);
    let too_long = owner
        .post(&path, &json!({ "offer_id": offer, "body": long }))
        .await;
    too_long.problem(422, "invalid_length");
    let extra = json!({ "offer_id": offer, "body": "ciao", "html": true });
    owner
        .post(&path, &extra)
        .await
        .problem(422, "invalid_request_body");
    let malformed = owner
        .send_raw(
            Method::POST,
            &path,
            "application/json",
            b"{\"body\":".to_vec(),
        )
        .await;
    malformed.problem(400, "malformed_json");
    let thread = uuid::Uuid::now_v7();
    for query in ["limit=0", "limit=101", "before=ieri", "colour=blue"] {
        let page = owner
            .get(&format!("/api/v1/conversations/{thread}/messages?{query}"))
            .await;
        page.problem(400, "invalid_query_parameter");
    }
    owner
        .get("/api/v1/conversations/not-a-uuid")
        .await
        .problem(400, "invalid_path_parameter");
}
