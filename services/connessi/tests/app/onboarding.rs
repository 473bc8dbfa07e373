//! Onboarding requests across services: shops ask (idempotently, at most three waiting), the
//! provider answers within its capacity even under concurrent accepts, and the catalogue's
//! search shows the places left.

use crate::market::{ask, market};
use crate::support::TestApp;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Reply, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

backend_tests! {
    a_shop_asks_and_the_provider_accepts_starts_and_completes_the_onboarding => full_flow;
    a_shop_has_at_most_three_requests_waiting_and_one_open_request_per_offer => limits;
    a_retried_request_with_the_same_idempotency_key_creates_nothing_twice => idempotency;
    simultaneous_accepts_on_the_last_places_leave_the_offer_exactly_full => last_places;
    unanswered_requests_remind_the_provider_once_then_show_as_overdue_then_expire => deadlines;
    providers_see_their_figures_and_moderators_export_them_by_region => figures;
}

/// The offer as the public search shows it, once the index has caught up with `ready`.
async fn searched(app: &TestApp, offer: &str, ready: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..150 {
        let found = app
            .anonymous
            .get("/api/v1/offers/search?per_page=100")
            .await;
        let hit = found.ok(200)["hits"]
            .as_array()
            .and_then(|hits| hits.iter().find(|h| h["offer"]["id"] == offer).cloned());
        if let Some(hit) = hit.filter(|h| ready(&h["offer"])) {
            return hit["offer"].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the search never showed offer {offer} as expected");
}

async fn full_flow(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud per la bottega", 2).await;
    let (shop, shop_id) = m.shop("forno").await;
    let asked = ask(&shop, &shop_id, &offer, "prima-richiesta").await;
    let request = asked.ok(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(asked.body["status"], "requested");
    assert_eq!(asked.body["offer_title"], "Cassa in cloud per la bottega");
    let incoming = m
        .owner
        .get(&format!(
            "/api/v1/providers/{}/requests?status=requested",
            m.provider
        ))
        .await;
    assert_eq!(incoming.ok(200)[0]["id"], request.as_str());

    assert_eq!(
        m.answer(&request, "accept", json!({})).await.ok(200)["status"],
        "accepted"
    );
    searched(&m.app, &offer, |o| o["places_left"] == 1).await;
    assert_eq!(
        m.answer(&request, "start", json!({})).await.ok(200)["status"],
        "in_progress"
    );
    m.answer(&request, "accept", json!({}))
        .await
        .problem(409, "invalid_transition");
    assert_eq!(
        m.answer(&request, "complete", json!({})).await.ok(200)["status"],
        "completed"
    );
    searched(&m.app, &offer, |o| o["places_left"] == 2).await;
    let mine = shop.get(&format!("/api/v1/shops/{shop_id}/requests")).await;
    assert_eq!(mine.ok(200)[0]["status"], "completed");
    assert!(mine.body[0]["answered_at"].is_string());

    let trail = crate::support::audit_actions(&m.moderator, &request).await;
    assert_eq!(
        trail,
        [
            "onboarding.completed",
            "onboarding.in_progress",
            "onboarding.accepted",
            "onboarding.requested"
        ]
    );
    m.answer(&request, "dance", json!({}))
        .await
        .problem(400, "invalid_path_parameter");
}

async fn limits(backend: Backend) {
    let m = market(backend).await;
    let mut offers = Vec::new();
    for i in 0..5 {
        offers.push(m.offer(&format!("Offerta numero {i} per negozi"), 10).await);
    }
    let (shop, shop_id) = m.shop("limiti").await;
    let mut requests = Vec::new();
    for (i, offer) in offers.iter().take(3).enumerate() {
        requests.push(
            ask(&shop, &shop_id, offer, &format!("chiave-{i}"))
                .await
                .ok(201)["id"]
                .clone(),
        );
    }
    ask(&shop, &shop_id, &offers[3], "chiave-3")
        .await
        .problem(409, "too_many_waiting_requests");
    ask(&shop, &shop_id, &offers[0], "chiave-0-bis")
        .await
        .problem(409, "already_requested");

    let first = requests[0].as_str().unwrap();
    m.answer(first, "decline", json!({ "reason": "corto" }))
        .await
        .problem(422, "reason_required");
    let declined = m
        .answer(
            first,
            "decline",
            json!({ "reason": "Non copriamo ancora la vostra zona." }),
        )
        .await;
    assert_eq!(
        declined.ok(200)["decline_reason"],
        "Non copriamo ancora la vostra zona."
    );
    ask(&shop, &shop_id, &offers[3], "chiave-3").await.ok(201);
    let second = requests[1].as_str().unwrap();
    let withdraw = format!("/api/v1/shops/{shop_id}/requests/{second}/withdraw");
    assert_eq!(
        shop.send(Method::POST, &withdraw, None).await.ok(200)["status"],
        "withdrawn"
    );
    shop.send(Method::POST, &withdraw, None)
        .await
        .problem(409, "invalid_transition");
    ask(&shop, &shop_id, &offers[4], "chiave-4").await.ok(201);

    let (other, other_id) = m.shop("altro").await;
    let foreign = format!(
        "/api/v1/shops/{other_id}/requests/{}/withdraw",
        requests[2].as_str().unwrap()
    );
    other
        .send(Method::POST, &foreign, None)
        .await
        .problem(404, "not_found");
    let draft = m
        .app
        .draft(
            &m.owner,
            &m.provider,
            &offer_content("Bozza non richiedibile"),
        )
        .await;
    ask(&other, &other_id, &draft, "bozza")
        .await
        .problem(404, "not_found");
}

async fn idempotency(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Prenotazioni online", 10).await;
    let other_offer = m.offer("Vetrina online", 10).await;
    let (shop, shop_id) = m.shop("ripeti").await;
    let first = ask(&shop, &shop_id, &offer, "ordine-42").await;
    let id = first.ok(201)["id"].clone();
    let retry = ask(&shop, &shop_id, &offer, "ordine-42").await;
    assert_eq!(
        retry.ok(200)["id"],
        id,
        "a retry answers with the request already made"
    );
    ask(&shop, &shop_id, &other_offer, "ordine-42")
        .await
        .problem(422, "idempotency_key_reused");
    let no_key = shop
        .post(
            &format!("/api/v1/shops/{shop_id}/requests"),
            &json!({ "offer_id": other_offer }),
        )
        .await;
    no_key.problem(400, "idempotency_key_required");

    // The same request sent five times at once, as a flaky network might.
    let (_, second_shop) = m.shop("rete").await;
    let second = m.app.anonymous.sign_in("titolare@rete.example").await;
    let sends = (0..5).map(|_| ask(&second, &second_shop, &offer, "stessa-chiave"));
    let replies = all_at_once(sends.collect()).await;
    let ids: std::collections::HashSet<String> = replies
        .iter()
        .map(|r| r.body["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "one request for five sends: {replies:?}");
    assert_eq!(
        replies.iter().filter(|r| r.status.as_u16() == 201).count(),
        1
    );
    assert!(
        replies
            .iter()
            .all(|r| matches!(r.status.as_u16(), 200 | 201))
    );
    let listed = second
        .get(&format!("/api/v1/shops/{second_shop}/requests"))
        .await;
    assert_eq!(listed.ok(200).as_array().map(Vec::len), Some(1));
}

async fn last_places(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Consegne a domicilio", 3).await;
    let mut requests = Vec::new();
    for i in 0..10 {
        let (shop, shop_id) = m.shop(&format!("coda{i}")).await;
        requests.push(
            ask(&shop, &shop_id, &offer, "una").await.ok(201)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let accepts = requests
        .iter()
        .map(|request| m.answer(request, "accept", json!({})));
    let replies = all_at_once(accepts.collect()).await;
    let accepted = replies.iter().filter(|r| r.status.as_u16() == 200).count();
    let full = replies
        .iter()
        .filter(|r| r.body["code"] == "offer_full")
        .count();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!((accepted, full), (3, 7), "statuses: {statuses:?}");
    let hit = searched(&m.app, &offer, |o| o["places_left"] == 0).await;
    assert_eq!(hit["capacity"], 3);
    let with_places = m
        .app
        .anonymous
        .get("/api/v1/offers/search?has_places=true&per_page=100")
        .await;
    assert!(
        with_places.ok(200)["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["offer"]["id"] != offer.as_str()),
        "a full offer is not among those with places"
    );
    let (late, late_id) = m.shop("ritardo").await;
    ask(&late, &late_id, &offer, "tardi")
        .await
        .problem(409, "offer_full");
}

/// Runs the requests together: every one is in flight before any answer is read.
pub(crate) async fn all_at_once<F>(futures: Vec<F>) -> Vec<Reply>
where
    F: std::future::Future<Output = Reply>,
{
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<Reply>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, slot) in pinned.iter_mut().zip(results.iter_mut()) {
            if slot.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(reply) => *slot = Some(reply),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results
        .into_iter()
        .map(|r| r.expect("every future finished"))
        .collect()
}

/// Moves a request's creation back, as if it had waited `days`.
async fn aged(app: &TestApp, request: &str, days: i64) {
    use connessi_matching::entities::onboarding_request;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let when = chrono::Utc::now() - chrono::Duration::days(days) - chrono::Duration::minutes(1);
    onboarding_request::Entity::update_many()
        .col_expr(onboarding_request::Column::CreatedAt, Expr::value(when))
        .filter(onboarding_request::Column::Id.eq(uuid::Uuid::parse_str(request).unwrap()))
        .exec(&app.db.conn)
        .await
        .expect("age the request");
}

async fn deadlines(backend: Backend) {
    use connessi_matching::deadlines::{Swept, sweep};
    let m = market(backend).await;
    let offer = m.offer("Corso di vetrina online", 5).await;
    let (shop, shop_id) = m.shop("attesa").await;
    let request = ask(&shop, &shop_id, &offer, "attesa").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let settings = m.app.settings.onboarding.clone();
    let now = chrono::Utc::now;
    let db = &m.app.db.conn;
    assert_eq!(sweep(db, &settings, now()).await.unwrap(), Swept::default());

    aged(&m.app, &request, 3).await;
    assert_eq!(sweep(db, &settings, now()).await.unwrap().reminded, 1);
    assert_eq!(
        sweep(db, &settings, now()).await.unwrap().reminded,
        0,
        "each reminder once"
    );
    aged(&m.app, &request, 7).await;
    assert_eq!(
        sweep(db, &settings, now()).await.unwrap().reminded,
        1,
        "the second reminder"
    );
    let reminders = crate::support::outbox_kinds(&m.app, &request).await;
    assert_eq!(
        reminders
            .iter()
            .filter(|k| *k == "onboarding.reminder_due")
            .count(),
        2
    );

    let overdue = m.moderator.get("/api/v1/moderation/requests/overdue").await;
    assert!(
        overdue.ok(200).as_array().unwrap().is_empty(),
        "not overdue before 14 days"
    );
    aged(&m.app, &request, 14).await;
    let overdue = m.moderator.get("/api/v1/moderation/requests/overdue").await;
    assert_eq!(overdue.ok(200)[0]["id"], request.as_str());
    m.owner
        .get("/api/v1/moderation/requests/overdue")
        .await
        .problem(403, "forbidden");

    aged(&m.app, &request, 21).await;
    assert_eq!(sweep(db, &settings, now()).await.unwrap().expired, 1);
    let mine = shop.get(&format!("/api/v1/shops/{shop_id}/requests")).await;
    assert_eq!(mine.ok(200)[0]["status"], "expired");
    m.answer(&request, "accept", json!({}))
        .await
        .problem(409, "invalid_transition");
    let trail = crate::support::audit_actions(&m.moderator, &request).await;
    assert_eq!(trail[0], "onboarding.expired");
}

async fn figures(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Pagamenti con lo smartphone", 10).await;
    let mut requests = Vec::new();
    for name in ["uno", "due", "tre"] {
        let (shop, shop_id) = m.shop(name).await;
        if name == "uno" {
            let profile = connessi_tests::fixtures::shop_profile();
            shop.put(&format!("/api/v1/shops/{shop_id}/profile"), &profile)
                .await
                .ok(200);
        }
        requests.push(
            ask(&shop, &shop_id, &offer, name).await.ok(201)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    m.answer(&requests[0], "accept", json!({})).await.ok(200);
    m.answer(&requests[0], "complete", json!({})).await.ok(200);
    m.answer(
        &requests[1],
        "decline",
        json!({ "reason": "Posti riservati ad altri settori." }),
    )
    .await
    .ok(200);

    let mine = m
        .owner
        .get(&format!("/api/v1/providers/{}/figures", m.provider))
        .await;
    let f = mine.ok(200);
    assert_eq!(
        (
            &f["requests_received"],
            &f["answered"],
            &f["accepted"],
            &f["declined"],
            &f["completed"]
        ),
        (&json!(3), &json!(2), &json!(1), &json!(1), &json!(1))
    );
    assert_eq!(f["acceptance_rate"], 0.5);
    assert!(
        f["median_hours_to_answer"]
            .as_f64()
            .is_some_and(|h| (0.0..0.1).contains(&h))
    );

    let table = m.moderator.get("/api/v1/moderation/figures").await;
    let rows = table.ok(200).as_array().unwrap().clone();
    let regions: Vec<&str> = rows.iter().filter_map(|r| r["region"].as_str()).collect();
    assert_eq!(regions, ["", "05"], "shops without a profile, and Veneto");
    let csv = m
        .moderator
        .http
        .get(format!(
            "{}/api/v1/moderation/figures?format=csv",
            m.moderator.base
        ))
        .bearer_auth(m.moderator.token.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("provider_id,region,requests_received"));
    assert!(
        lines.contains(
            &format!(
                "{},05,1,1,1,0,1.000,{},1,0,,,0",
                m.provider,
                lines[2].split(',').nth(7).unwrap()
            )
            .as_str()
        ),
        "{text}"
    );
    m.moderator
        .get("/api/v1/moderation/figures?format=xml")
        .await
        .problem(400, "invalid_query_parameter");
}
