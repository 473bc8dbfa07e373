//! Saved searches (catalogue service) with e-mail alerts through a real SMTP server on
//! loopback: anyone saves a search and confirms the address; new offers that match it are told
//! of once; one click unsubscribes. Signed-in people list and delete theirs.

use crate::market::{Market, market, market_with};
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Received, SmtpSink, backend_tests};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

backend_tests! {
    anyone_confirms_a_saved_search_and_hears_of_each_new_matching_offer_once_until_unsubscribing => alerts;
    signed_in_people_save_list_and_delete_their_own_searches_and_bad_ones_are_refused => own_searches;
}

async fn smtp_market(backend: Backend, sink: &SmtpSink) -> Market {
    let url = sink.url();
    market_with(backend, move |settings| {
        settings.email.smtp_url = Some(url.into());
        settings.email.poll_interval_ms = 100;
        settings.catalogue.saved_search_interval_secs = 1;
    })
    .await
}

/// The path of the link in `mail` that starts with `prefix`.
fn link(mail: &Received, base: &str, prefix: &str) -> String {
    let at = mail
        .body
        .find(&format!("{base}{prefix}"))
        .expect("the link");
    let url: String = mail.body[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    url.strip_prefix(base).unwrap().to_owned()
}

/// The messages that reached the searcher (the provider gets its own notifications too).
fn to_searcher(sink: &SmtpSink) -> Vec<Received> {
    let mails = sink.received().into_iter();
    mails
        .filter(|m| m.header("To").unwrap().contains("bottega@example.org"))
        .collect()
}

async fn searcher_mails(sink: &SmtpSink, count: usize) -> Vec<Received> {
    for _ in 0..150 {
        if to_searcher(sink).len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    to_searcher(sink)
}

async fn publish(m: &Market, title: &str) -> String {
    m.publish(&offer_content(title)).await
}

async fn alerts(backend: Backend) {
    let sink = SmtpSink::start();
    let m = smtp_market(backend, &sink).await;
    let base = m.app.anonymous.base.clone();
    publish(&m, "Cassa zucchero di prima").await;
    let new = json!({ "email": "bottega@example.org", "params": { "q": "zucchero" }, "frequency": "immediately" });
    let saved = m.app.anonymous.post("/api/v1/saved-searches", &new).await;
    assert_eq!(saved.ok(201)["status"], "pending_confirmation");
    let mails = searcher_mails(&sink, 1).await;
    let confirmation = &mails[0];
    assert!(
        confirmation
            .header("To")
            .unwrap()
            .contains("bottega@example.org")
    );
    let confirm = link(confirmation, &base, "/api/v1/saved-searches/confirm/");
    // Unconfirmed, it tells of nothing.
    publish(&m, "Pagamenti zucchero prima della conferma").await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(to_searcher(&sink).len(), 1);
    let page = m.app.anonymous.get(&confirm).await;
    assert!(
        page.body
            .as_str()
            .unwrap()
            .contains("<form method=\"post\"")
    );
    assert_eq!(m.app.anonymous.post(&confirm, &json!({})).await.status, 200);
    m.app
        .anonymous
        .post(&confirm, &json!({}))
        .await
        .problem(404, "not_found");
    publish(&m, "Sito web senza dolci").await;
    publish(&m, "Vetrina zucchero online").await;
    // Alerts run every second: the two new offers may come in one e-mail or two.
    let wanted = [
        "Vetrina zucchero online",
        "Pagamenti zucchero prima della conferma",
    ];
    let mut alerts = Vec::new();
    for _ in 0..150 {
        alerts = to_searcher(&sink).split_off(1);
        let text: String = alerts.iter().map(|a| a.body.clone()).collect();
        if wanted.iter().all(|w| text.contains(w)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text: String = alerts.iter().map(|a| a.body.clone()).collect();
    for title in wanted {
        assert_eq!(
            text.matches(title).count(),
            1,
            "{title} once, published after saving: {text}"
        );
    }
    assert!(
        !text.contains("Cassa zucchero di prima"),
        "published before saving"
    );
    assert!(!text.contains("Sito web senza dolci"), "does not match");
    let alert = alerts.last().unwrap().clone();
    assert!(alert.subject.contains("zucchero"), "{}", alert.subject);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let told = to_searcher(&sink).len();
    assert_eq!(told, alerts.len() + 1, "each offer is told of once");
    let unsubscribe = link(&alert, &base, "/api/v1/saved-searches/unsubscribe/");
    assert!(
        alert
            .header("List-Unsubscribe")
            .unwrap()
            .contains(&unsubscribe)
    );
    assert_eq!(m.app.anonymous.get(&unsubscribe).await.status, 200);
    assert_eq!(
        m.app.anonymous.post(&unsubscribe, &json!({})).await.status,
        200
    );
    publish(&m, "Corso zucchero digitale").await;
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    assert_eq!(
        to_searcher(&sink).len(),
        told,
        "nothing after unsubscribing"
    );
}

async fn own_searches(backend: Backend) {
    let sink = SmtpSink::start();
    let m = smtp_market(backend, &sink).await;
    let (shop, _) = m.shop("bottega").await;
    let new = json!({ "params": { "q": "pagamenti", "territory": "BA" }, "frequency": "weekly", "label": "Pagamenti a Bari" });
    let saved = shop.post("/api/v1/saved-searches", &new).await;
    let saved = saved.ok(201).clone();
    assert_eq!(
        saved["status"], "active",
        "an account's address needs no confirmation"
    );
    let mine = shop.get("/api/v1/me/saved-searches").await;
    assert_eq!(mine.ok(200)[0]["label"], "Pagamenti a Bari");
    let path = format!(
        "/api/v1/me/saved-searches/{}",
        saved["id"].as_str().unwrap()
    );
    let (other, _) = m.shop("estranea").await;
    other
        .send(Method::DELETE, &path, None)
        .await
        .problem(404, "not_found");
    assert_eq!(shop.send(Method::DELETE, &path, None).await.status, 204);
    assert_eq!(
        shop.get("/api/v1/me/saved-searches").await.ok(200),
        &json!([])
    );
    let anonymous = &m.app.anonymous;
    let bad_filter = json!({ "email": "a@example.org", "params": { "category": "nonsense" }, "frequency": "weekly" });
    anonymous
        .post("/api/v1/saved-searches", &bad_filter)
        .await
        .problem(400, "invalid_query_parameter");
    let unknown =
        json!({ "email": "a@example.org", "params": { "colour": "red" }, "frequency": "weekly" });
    anonymous
        .post("/api/v1/saved-searches", &unknown)
        .await
        .problem(422, "invalid_value");
    let no_address = json!({ "email": "not-an-address", "params": {}, "frequency": "weekly" });
    anonymous
        .post("/api/v1/saved-searches", &no_address)
        .await
        .problem(422, "invalid_value");
    let no_mail = market(backend).await;
    let any = json!({ "email": "a@example.org", "params": {}, "frequency": "weekly" });
    no_mail
        .app
        .anonymous
        .post("/api/v1/saved-searches", &any)
        .await
        .problem(503, "service_unavailable");
    assert!(
        sink.received().is_empty(),
        "no confirmation for refused searches"
    );
}
