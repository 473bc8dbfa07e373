//! Notifications (messaging service) of what happens in the other services: in the app, on the
//! live stream, and by e-mail through a real SMTP server on loopback as each person chooses per
//! kind (immediately, daily digest, never), with a one-click unsubscribe link in every e-mail.

use crate::conversations::post;
use crate::market::{ask, market, market_with};
use connessi_tests::{Backend, Client, EventStream, SmtpSink, backend_tests};
use serde_json::{Value, json};
use std::time::Duration;

backend_tests! {
    a_provider_hears_of_a_request_in_the_app_and_live_and_the_shop_hears_the_answer => in_the_app;
    each_kind_has_a_delivery_people_change_and_bad_choices_are_refused => settings;
    e_mails_go_out_as_chosen_once_each_and_one_click_unsubscribes_from_that_kind => by_email;
}

async fn notifications(client: &Client) -> Value {
    client.get("/api/v1/notifications").await.ok(200).clone()
}

fn kinds(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until the notifier has made a notification of `kind` for `client`.
async fn eventually(client: &Client, kind: &str) -> Value {
    for _ in 0..100 {
        let page = notifications(client).await;
        if kinds(&page).iter().any(|k| k == kind) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {kind} notification");
}

async fn in_the_app(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud", 3).await;
    let approved = eventually(&m.owner, "offer_approved").await;
    assert!(
        approved["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Cassa in cloud")
    );
    let mut stream = EventStream::open(&m.owner, None).await;
    let (shop, shop_id) = m.shop("bottega").await;
    let request = ask(&shop, &shop_id, &offer, "k1").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = stream.next_of("notification").await;
    assert_eq!(live.data["kind"], "request_received");
    assert_eq!(live.data["link"], format!("/provider/requests/{request}"));
    assert!(live.data["body"].as_str().unwrap().contains("bottega"));
    let page = notifications(&m.owner).await;
    assert_eq!(kinds(&page), ["request_received", "offer_approved"]);
    assert_eq!(page["unread"], 2);
    let read = json!({ "ids": [page["items"][0]["id"]] });
    assert_eq!(
        m.owner
            .post("/api/v1/notifications/read", &read)
            .await
            .ok(200)["unread"],
        1
    );
    assert_eq!(
        m.owner
            .post("/api/v1/notifications/read", &json!({}))
            .await
            .ok(200)["unread"],
        0
    );
    m.answer(&request, "accept", json!({})).await.ok(200);
    let answered = eventually(&shop, "request_accepted").await;
    assert!(
        answered["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("è stata accettata")
    );
    // Nobody else hears of it, and nobody reads another person's notifications.
    let (outsider, _) = m.shop("estranea").await;
    assert_eq!(notifications(&outsider).await["items"], json!([]));
    m.app
        .anonymous
        .get("/api/v1/notifications")
        .await
        .problem(401, "unauthenticated");
}

async fn settings(backend: Backend) {
    let m = market(backend).await;
    let current = m.owner.get("/api/v1/me/notification-settings").await;
    let body = current.ok(200);
    assert_eq!(body["email_enabled"], false);
    let delivery = |body: &Value, kind: &str| {
        body["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == kind)
            .unwrap()["delivery"]
            .clone()
    };
    assert_eq!(delivery(body, "request_received"), "immediately");
    assert_eq!(delivery(body, "message_received"), "daily");
    let change =
        json!({ "preferences": { "request_received": "daily", "message_received": "never" } });
    let changed = m
        .owner
        .put("/api/v1/me/notification-settings", &change)
        .await;
    assert_eq!(delivery(changed.ok(200), "request_received"), "daily");
    assert_eq!(delivery(changed.ok(200), "message_received"), "never");
    assert_eq!(delivery(changed.ok(200), "offer_rejected"), "immediately");
    let bad = json!({ "preferences": { "offer_exploded": "never", "request_received": "hourly" } });
    let refused = m.owner.put("/api/v1/me/notification-settings", &bad).await;
    let problem = refused.problem(422, "invalid_value");
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2, "{problem}");
    let after = m.owner.get("/api/v1/me/notification-settings").await;
    assert_eq!(
        delivery(after.ok(200), "request_received"),
        "daily",
        "a refused change changes nothing"
    );
}

async fn by_email(backend: Backend) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let m = market_with(backend, move |settings| {
        settings.email.smtp_url = Some(url.into());
        settings.email.poll_interval_ms = 100;
    })
    .await;
    let offer = m.offer("Negozio online", 5).await;
    let (shop, shop_id) = m.shop("bottega").await;
    ask(&shop, &shop_id, &offer, "k1").await.ok(201);
    let mails = sink.wait_for(2, Duration::from_secs(15)).await;
    let to_owner: Vec<_> = mails
        .iter()
        .filter(|m| m.header("To").unwrap().contains("owner@mercato.example"))
        .collect();
    let subjects: Vec<String> = to_owner
        .iter()
        .map(|m| m.header("Subject").unwrap())
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    let request_mail = to_owner
        .iter()
        .find(|m| m.body.contains("bottega"))
        .expect("the request e-mail");
    let link = request_mail.header("List-Unsubscribe").unwrap();
    let link = link.trim_matches(['<', '>']).to_owned();
    let path = link
        .strip_prefix(&m.app.anonymous.base)
        .expect("a link to this deployment")
        .to_owned();
    // Opening the link changes nothing; its button (or a mail program's POST) unsubscribes.
    let page = m.app.anonymous.get(&path).await;
    assert!(page.content_type.starts_with("text/html"));
    assert!(
        page.body
            .as_str()
            .unwrap()
            .contains("<form method=\"post\"")
    );
    let settings = m.owner.get("/api/v1/me/notification-settings").await;
    assert!(
        settings
            .body
            .to_string()
            .contains(r#"{"chosen":false,"delivery":"immediately","kind":"request_received"}"#)
    );
    let done = m.app.anonymous.post(&path, &json!({})).await;
    assert_eq!(done.status, 200);
    let settings = m.owner.get("/api/v1/me/notification-settings").await;
    assert!(
        settings
            .body
            .to_string()
            .contains(r#"{"chosen":true,"delivery":"never","kind":"request_received"}"#)
    );
    m.app
        .anonymous
        .get("/api/v1/unsubscribe/made-up")
        .await
        .problem(404, "not_found");
    // A second request: in the app, but no e-mail any more.
    let (other, other_id) = m.shop("ferramenta").await;
    ask(&other, &other_id, &offer, "k2").await.ok(201);
    let page = eventually_count(&m.owner, "request_received", 2).await;
    assert_eq!(page, 2);
    // Messages come in the daily digest, not one e-mail each.
    let thread = shop
        .post(
            &format!("/api/v1/shops/{shop_id}/enquiries"),
            &json!({ "offer_id": offer, "body": "Una domanda" }),
        )
        .await;
    let thread = thread.ok(201)["id"].as_str().unwrap().to_owned();
    post(&shop, &thread, "E un'altra").await;
    eventually_count(&m.owner, "message_received", 2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        sink.received().len(),
        mails.len(),
        "no e-mail per message, none after unsubscribing"
    );
    // After tomorrow's digest hour (7 UTC), whatever the hour the test runs at.
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1))
        .and_hms_opt(8, 0, 0)
        .unwrap()
        .and_utc();
    let queued = connessi_messaging::notify::digest::queue_due(
        &m.app.db.conn,
        7,
        &m.app.anonymous.base,
        tomorrow,
    )
    .await
    .unwrap();
    assert_eq!(queued, 1, "one digest, for the provider's owner");
    let again = connessi_messaging::notify::digest::queue_due(
        &m.app.db.conn,
        7,
        &m.app.anonymous.base,
        tomorrow,
    )
    .await
    .unwrap();
    assert_eq!(again, 0, "one digest a day");
    let all = sink
        .wait_for(mails.len() + 1, Duration::from_secs(15))
        .await;
    let digest = all.last().unwrap();
    assert!(digest.subject.contains("2 novità"), "{}", digest.raw);
    assert!(digest.body.contains("Nuovo messaggio"), "{}", digest.body);
    assert!(digest.body.contains("/api/v1/unsubscribe/"));
}

async fn eventually_count(client: &Client, kind: &str, count: usize) -> usize {
    for _ in 0..100 {
        let found = kinds(&notifications(client).await)
            .iter()
            .filter(|k| *k == kind)
            .count();
        if found >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} {kind} notifications");
}
