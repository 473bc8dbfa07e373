//! Health, readiness, request ids and the problem documents of requests no route answers.

use crate::support::spawn_app;
use connessi_tests::{Backend, backend_tests};

backend_tests! {
    health_and_readiness_answer_with_the_database_checked => health;
    every_response_carries_a_request_id_and_errors_are_problem_documents => request_ids;
}

async fn health(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.anonymous.get("/healthz").await.ok(200)["status"], "ok");
    let ready = app.anonymous.get("/readyz").await;
    assert_eq!(ready.ok(200)["status"], "ready");
    assert_eq!(ready.body["pending_migrations"], 0);
}

async fn request_ids(backend: Backend) {
    let app = spawn_app(backend).await;
    let ok = app.anonymous.get("/api/v1/vocabularies").await;
    assert!(ok.request_id.is_some());
    let missing = app.anonymous.get("/api/v1/no-such-thing").await;
    let problem = missing.problem(404, "not_found");
    assert_eq!(
        problem["request_id"].as_str(),
        missing.request_id.as_deref(),
        "the same id in header and body"
    );
    assert_eq!(problem["instance"], "/api/v1/no-such-thing");
    assert_eq!(problem["type"], "/problems/not_found");
    let wrong_method = app
        .anonymous
        .send(reqwest::Method::PATCH, "/api/v1/offers", None)
        .await;
    wrong_method.problem(405, "method_not_allowed");
}
