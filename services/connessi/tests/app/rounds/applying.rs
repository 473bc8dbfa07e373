//! Applying: only eligible shops, 1 to 5 distinct offers of the round covering the shop, only
//! while the window is open; refusals change nothing; who may read and run what.

use super::{RoundMarket, apply, close, market, round_body, row_counts, set_window};
use crate::support::audit_actions;
use connessi_tests::{Backend, backend_tests, world};
use serde_json::json;

backend_tests! {
    only_eligible_shops_apply_with_one_to_five_distinct_offers_and_refusals_change_nothing => eligibility;
    applications_are_taken_only_while_the_window_is_open => window;
    shops_read_only_their_own_result_and_only_moderators_run_rounds => access;
}

async fn eligibility(backend: Backend) {
    let m = market(backend).await;
    let mut offers = Vec::new();
    for i in 0..6 {
        offers.push(
            m.round_offer(&format!("Offerta del bando {i}"), 10, "TV")
                .await,
        );
    }
    let in_bari = m.round_offer("Consegne a Bari", 10, "BA").await;
    let outside = m.round_offer("Fuori dal bando", 10, "TV").await;
    let mut listed: Vec<(&str, u32)> = offers.iter().map(|o| (o.as_str(), 2)).collect();
    listed.push((&in_bari, 2));
    let round = m.round(&listed).await;

    let (far, far_id) = m
        .applicant("lontana", false, |p| p["comune"] = json!("015146"))
        .await;
    let refused = apply(&far, &far_id, &round, &[&offers[0]]).await;
    assert!(
        refused.problem(409, "not_eligible")["detail"]
            .as_str()
            .unwrap()
            .contains("territories")
    );
    let (bar, bar_id) = m
        .applicant("bar", false, |p| p["sector"] = json!("food_hospitality"))
        .await;
    let refused = apply(&bar, &bar_id, &round, &[&offers[0]]).await;
    assert!(
        refused.problem(409, "not_eligible")["detail"]
            .as_str()
            .unwrap()
            .contains("sector")
    );
    let bare = m.app.user("titolare@senza.example", None).await;
    let bare_id = world::shop(&bare, "senza").await;
    apply(&bare, &bare_id, &round, &[&offers[0]])
        .await
        .problem(409, "shop_profile_required");

    let (shop, shop_id) = m.applicant("bottega", false, |_| {}).await;
    let six: Vec<&str> = offers.iter().map(String::as_str).collect();
    let too_many = apply(&shop, &shop_id, &round, &six).await;
    assert_eq!(
        too_many.problem(422, "too_many_choices")["errors"][0]["field"],
        "choices"
    );
    apply(&shop, &shop_id, &round, &[])
        .await
        .problem(422, "required");
    let twice = apply(&shop, &shop_id, &round, &[&offers[0], &offers[0]]).await;
    assert_eq!(
        twice.problem(422, "invalid_value")["errors"][0]["field"],
        "choices[1]"
    );
    let foreign = apply(&shop, &shop_id, &round, &[&offers[0], &outside]).await;
    assert_eq!(
        foreign.problem(422, "invalid_value")["errors"][0]["field"],
        "choices[1]"
    );
    let uncovered = apply(&shop, &shop_id, &round, &[&in_bari]).await;
    assert_eq!(
        uncovered.problem(409, "not_eligible")["errors"][0]["field"],
        "choices[0]"
    );
    assert_eq!(
        row_counts(&m.app).await,
        (0, 0, 0),
        "no refusal wrote anything"
    );
    let path = format!("/api/v1/shops/{shop_id}/rounds/{round}/application");
    shop.get(&path).await.problem(404, "not_found");

    let five = &six[..5];
    let saved = apply(&shop, &shop_id, &round, five).await;
    assert_eq!(saved.ok(201)["choices"].as_array().unwrap().len(), 5);
    assert_eq!(saved.body["choices"][4]["title"], "Offerta del bando 4");
    let changed = apply(&shop, &shop_id, &round, &[&offers[5], &offers[0]]).await;
    assert_eq!(
        changed.ok(200)["choices"][0]["offer_id"],
        offers[5].as_str()
    );
    assert_eq!(changed.body["choices"][1]["choice"], 2);
    assert_eq!(
        shop.get(&path).await.ok(200)["choices"],
        changed.body["choices"]
    );
    assert_eq!(shop.delete(&path).await.status.as_u16(), 204);
    shop.get(&path).await.problem(404, "not_found");
    shop.delete(&path).await.problem(404, "not_found");
    let trail = audit_actions(&m.moderator, &shop_id).await;
    assert_eq!(
        &trail[..3],
        [
            "round.application_withdrawn",
            "round.application_changed",
            "round.applied"
        ]
    );
}

async fn window(backend: Backend) {
    let m = market(backend).await;
    let offer = m.round_offer("Corso di social media", 10, "TV").await;
    let body = round_body(&[(&offer, 3)], 3600, 7200);
    let created = m.moderator.post("/api/v1/moderation/rounds", &body).await;
    let round = created.ok(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["status"], "scheduled");
    let (shop, shop_id) = m.applicant("puntuale", false, |_| {}).await;
    apply(&shop, &shop_id, &round, &[&offer])
        .await
        .problem(409, "round_not_open");
    m.app
        .anonymous
        .get(&format!("/api/v1/rounds/{round}"))
        .await
        .problem(404, "not_found");
    assert!(
        m.app
            .anonymous
            .get("/api/v1/rounds")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .is_empty()
    );
    let mut renamed = body.clone();
    renamed["name"] = json!("Botteghe digitali 2027, seconda finestra");
    let path = format!("/api/v1/moderation/rounds/{round}");
    assert_eq!(
        m.moderator.put(&path, &renamed).await.ok(200)["name"],
        "Botteghe digitali 2027, seconda finestra"
    );

    set_window(&m.app, &round, -60, 3600).await;
    apply(&shop, &shop_id, &round, &[&offer]).await.ok(201);
    m.moderator
        .put(&path, &renamed)
        .await
        .problem(409, "round_already_open");
    m.moderator
        .post(&format!("{path}/dry-run"), &json!({}))
        .await
        .problem(409, "round_not_closed");
    m.moderator
        .post(&format!("{path}/publish"), &json!({}))
        .await
        .problem(409, "round_not_closed");

    close(&m.app, &round).await;
    apply(&shop, &shop_id, &round, &[&offer])
        .await
        .problem(409, "round_not_open");
    let application = format!("/api/v1/shops/{shop_id}/rounds/{round}/application");
    shop.delete(&application)
        .await
        .problem(409, "round_not_open");
    let kept = shop.get(&application).await;
    assert_eq!(kept.ok(200)["choices"][0]["offer_id"], offer.as_str());
    let (fresh, fresh_id) = m.applicant("ritardataria", false, |_| {}).await;
    apply(&fresh, &fresh_id, &round, &[&offer])
        .await
        .problem(409, "round_not_open");
    assert_eq!(row_counts(&m.app).await.0, 1);
}

async fn access(backend: Backend) {
    let m = market(backend).await;
    let offer = m.round_offer("Marketing locale", 10, "TV").await;
    let round = m.round(&[(&offer, 1)]).await;
    let (shop, shop_id) = m.applicant("curiosa", false, |_| {}).await;
    let (other, other_id) = m.applicant("vicina", false, |_| {}).await;
    apply(&shop, &shop_id, &round, &[&offer]).await.ok(201);
    close(&m.app, &round).await;
    let path = format!("/api/v1/moderation/rounds/{round}");
    for client in [&shop, &m.owner] {
        client
            .post(
                "/api/v1/moderation/rounds",
                &round_body(&[(&offer, 1)], -60, 3600),
            )
            .await
            .problem(403, "forbidden");
        client
            .post(&format!("{path}/dry-run"), &json!({}))
            .await
            .problem(403, "forbidden");
        client
            .post(&format!("{path}/publish"), &json!({}))
            .await
            .problem(403, "forbidden");
        client
            .get(&format!("{path}/results"))
            .await
            .problem(403, "forbidden");
    }
    m.app
        .anonymous
        .post(&format!("{path}/dry-run"), &json!({}))
        .await
        .problem(401, "unauthenticated");
    m.moderator
        .post(&format!("{path}/publish"), &json!({}))
        .await
        .ok(200);

    let own = format!("/api/v1/shops/{shop_id}/rounds/{round}/result");
    assert_eq!(shop.get(&own).await.ok(200)["outcome"], "assigned");
    other.get(&own).await.problem(403, "forbidden");
    m.app
        .anonymous
        .get(&own)
        .await
        .problem(401, "unauthenticated");
    other
        .get(&format!("/api/v1/shops/{other_id}/rounds/{round}/result"))
        .await
        .problem(404, "not_found");
    let all = m.moderator.get(&format!("{path}/results")).await;
    assert_eq!(all.ok(200)["items"][0]["shop_name"], "curiosa");
    m.moderator
        .get(&format!("{path}/results?per_page=5000"))
        .await
        .problem(400, "invalid_query_parameter");
    let public = m
        .app
        .anonymous
        .get(&format!("/api/v1/rounds/{round}"))
        .await;
    assert_eq!(public.ok(200)["offers"][0]["assigned"], 1);
    assert!(!public.body.to_string().contains("curiosa"));
}
