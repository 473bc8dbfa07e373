//! After an onboarding is accepted: the shop is reminded before the free period ends (with
//! the terms after it), asked how it went 30 and 90 days after completion, and its answers
//! make the provider's figures.

use crate::market::{Market, ask, market};
use connessi_matching::deadlines::sweep;
use connessi_tests::{Backend, Client, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    an_accepted_shop_is_reminded_once_before_the_free_period_ends_with_the_terms_after_it => free_period;
    a_completed_onboarding_is_followed_up_at_30_and_90_days_and_the_answers_feed_the_figures => follow_ups;
}

/// A shop accepted on a 6-month offer; returns the shop, its id and the request id.
async fn accepted(m: &Market, name: &str) -> (Client, String, String) {
    let offer = m.offer("Cassa in cloud", 5).await;
    let (shop, shop_id) = m.shop(name).await;
    let request = ask(&shop, &shop_id, &offer, name).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    m.answer(&request, "accept", json!({})).await.ok(200);
    (shop, shop_id, request)
}

async fn payloads(m: &Market, request: &str, kind: &str) -> Vec<Value> {
    use connessi_platform::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    outbox::Entity::find()
        .filter(outbox::Column::AggregateId.eq(uuid::Uuid::parse_str(request).unwrap()))
        .filter(outbox::Column::Kind.eq(kind))
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|event| serde_json::from_str(&event.payload).unwrap())
        .collect()
}

async fn free_period(backend: Backend) {
    let m = market(backend).await;
    let (shop, shop_id, request) = accepted(&m, "cartoleria").await;
    let mine = shop.get(&format!("/api/v1/shops/{shop_id}/requests")).await;
    let ends: chrono::NaiveDate = mine.ok(200)[0]["free_period_ends_on"]
        .as_str()
        .expect("the end of the free period is known once accepted")
        .parse()
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        ends,
        today.checked_add_months(chrono::Months::new(6)).unwrap()
    );

    let settings = m.app.settings.onboarding.clone();
    let db = &m.app.db.conn;
    let at = |date: chrono::NaiveDate| date.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let early = sweep(db, &settings, at(ends - chrono::Duration::days(15))).await;
    assert_eq!(early.unwrap().free_periods_ending, 0, "not 15 days before");
    let due = sweep(db, &settings, at(ends - chrono::Duration::days(14))).await;
    assert_eq!(due.unwrap().free_periods_ending, 1);
    let again = sweep(db, &settings, at(ends - chrono::Duration::days(13))).await;
    assert_eq!(again.unwrap().free_periods_ending, 0, "once");
    let told = payloads(&m, &request, "onboarding.free_period_ending").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["ends_on"], ends.to_string());
    assert_eq!(told[0]["after_free_period"]["price"], "19 € al mese + IVA");
    assert_eq!(told[0]["after_free_period"]["automatic_renewal"], false);
}

async fn follow_ups(backend: Backend) {
    let m = market(backend).await;
    let (shop, shop_id, request) = accepted(&m, "ferramenta").await;
    for step in ["start", "complete"] {
        m.answer(&request, step, json!({})).await.ok(200);
    }
    let settings = m.app.settings.onboarding.clone();
    let db = &m.app.db.conn;
    let days = |n: i64| chrono::Utc::now() + chrono::Duration::days(n);
    assert_eq!(
        sweep(db, &settings, days(29))
            .await
            .unwrap()
            .follow_ups_asked,
        0
    );
    assert_eq!(
        sweep(db, &settings, days(31))
            .await
            .unwrap()
            .follow_ups_asked,
        1
    );
    assert_eq!(
        sweep(db, &settings, days(32))
            .await
            .unwrap()
            .follow_ups_asked,
        0,
        "once"
    );
    let path = format!("/api/v1/shops/{shop_id}/follow-ups");
    let asked = shop.get(&path).await;
    assert_eq!(asked.ok(200).as_array().map(Vec::len), Some(1));
    assert_eq!(asked.body[0]["after_days"], 30);
    assert!(asked.body[0]["answer"].is_null());
    let question = asked.body[0]["id"].as_str().unwrap().to_owned();
    let answer_path = format!("{path}/{question}");

    let bad =
        json!({ "live": true, "still_using": true, "satisfaction": 6, "sales_pressure": false });
    let refused = shop.put(&answer_path, &bad).await;
    let refused = refused.problem(422, "invalid_value");
    assert_eq!(refused["errors"][0]["field"], "satisfaction");
    let (stranger, stranger_shop) = m.shop("estranea").await;
    let good =
        json!({ "live": true, "still_using": true, "satisfaction": 4, "sales_pressure": false });
    stranger
        .put(
            &format!("/api/v1/shops/{stranger_shop}/follow-ups/{question}"),
            &good,
        )
        .await
        .problem(404, "not_found");
    stranger
        .put(&answer_path, &good)
        .await
        .problem(403, "forbidden");
    let figures = format!("/api/v1/providers/{}/figures", m.provider);
    assert_eq!(
        m.owner.get(&figures).await.ok(200)["follow_up_answers"],
        0,
        "nothing counted yet"
    );

    let answered = shop.put(&answer_path, &good).await;
    assert_eq!(answered.ok(200)["answer"]["satisfaction"], 4);
    shop.put(&answer_path, &good)
        .await
        .problem(409, "follow_up_answered");
    let mine = m.owner.get(&figures).await;
    assert_eq!(mine.ok(200)["follow_up_answers"], 1);
    assert_eq!(mine.body["mean_satisfaction"], 4.0);
    assert_eq!(mine.body["still_using_rate"], 1.0);
    assert_eq!(mine.body["sales_pressure_reports"], 0);
    let exported = m
        .moderator
        .get("/api/v1/moderation/figures?format=csv")
        .await;
    let csv = exported.ok(200).as_str().expect("CSV text");
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with("mean_satisfaction,still_using_rate,sales_pressure_reports"));
    let provider_line = format!("{},,1,1,1,0,1.000,", m.provider);
    let line = csv
        .lines()
        .find(|l| l.starts_with(&provider_line))
        .expect(csv);
    assert!(line.ends_with(",1,1,4.000,1.000,0"), "{csv}");

    assert_eq!(
        sweep(db, &settings, days(91))
            .await
            .unwrap()
            .follow_ups_asked,
        1
    );
    let both = shop.get(&path).await;
    assert_eq!(
        both.ok(200)[0]["after_days"],
        90,
        "the unanswered one first"
    );
    let trail = crate::support::audit_actions(&m.moderator, &request).await;
    assert_eq!(trail[0], "onboarding.follow_up_answered");
}
