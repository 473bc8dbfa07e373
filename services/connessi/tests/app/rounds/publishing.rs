//! A round from opening to published results: the assignments become accepted requests within
//! the places each offer has left, skipping offers a shop already asked for; the public
//! summary names no shop.

use super::{RoundMarket, apply, close, market, result, taken, ticket};
use crate::support::{audit_actions, outbox_kinds};
use connessi_tests::{Backend, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    a_round_goes_from_opening_to_published_results_that_become_accepted_requests => full_round;
    a_round_never_gives_more_than_the_places_left_nor_an_offer_a_shop_already_asked_for => places;
    a_round_published_twice_at_the_same_moment_is_published_once => publish_race;
}

async fn publish_race(backend: Backend) {
    let m = market(backend).await;
    let cassa = m.round_offer("Cassa in cloud", 10, "TV").await;
    let round = m.round(&[(&cassa, 2)]).await;
    for name in ["uno", "due", "tre"] {
        let (shop, id) = m.applicant(name, false, |_| {}).await;
        apply(&shop, &id, &round, &[&cassa]).await.ok(201);
    }
    close(&m.app, &round).await;
    let path = format!("/api/v1/moderation/rounds/{round}/publish");
    let nothing = json!({});
    let (first, second) = tokio::join!(
        m.moderator.post(&path, &nothing),
        m.moderator.post(&path, &nothing)
    );
    let mut statuses = [first.status.as_u16(), second.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{:?} / {:?}", first.body, second.body);
    let refused = if first.status == 409 { &first } else { &second };
    assert_eq!(
        refused.body["code"], "round_already_published",
        "{:?}",
        refused.body
    );
    assert_eq!(taken(&m.app, &cassa).await, 2, "the places are taken once");
    let (applications, results, requests) = super::row_counts(&m.app).await;
    assert_eq!(
        (applications, results, requests),
        (3, 3, 2),
        "one result per shop"
    );
    let published = outbox_kinds(&m.app, &round)
        .await
        .into_iter()
        .filter(|kind| kind == "round.published")
        .count();
    assert_eq!(published, 1, "one event for the other services");
}

async fn full_round(backend: Backend) {
    let m = market(backend).await;
    let cassa = m.round_offer("Cassa in cloud", 10, "TV").await;
    let vetrina = m.round_offer("Vetrina online", 10, "TV").await;
    let round = m.round(&[(&cassa, 1), (&vetrina, 1)]).await;
    let (first, first_id) = m.applicant("prima", true, |_| {}).await;
    let (second, second_id) = m.applicant("seconda", false, |_| {}).await;
    let (third, third_id) = m.applicant("terza", false, |_| {}).await;
    apply(&first, &first_id, &round, &[&cassa, &vetrina])
        .await
        .ok(201);
    apply(&second, &second_id, &round, &[&cassa, &vetrina])
        .await
        .ok(201);
    apply(&third, &third_id, &round, &[&cassa]).await.ok(201);

    let open = m
        .app
        .anonymous
        .get(&format!("/api/v1/rounds/{round}"))
        .await;
    assert_eq!(open.ok(200)["status"], "open");
    assert_eq!(open.body["seed"], "estrazione-2027-01");
    assert_eq!(open.body["applications"], 3);
    assert_eq!(open.body["offers"][0]["assigned"], Value::Null);
    let listed = m.app.anonymous.get("/api/v1/rounds").await;
    assert_eq!(listed.ok(200)[0]["id"], round.as_str());

    close(&m.app, &round).await;
    let published = m
        .moderator
        .post(
            &format!("/api/v1/moderation/rounds/{round}/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(published.ok(200)["status"], "published");

    // The verified women-led shop (score 5) takes the one place of its first choice.
    let got = result(&first, &first_id, &round).await;
    assert_eq!(
        (got["outcome"].as_str(), got["choice"].as_u64()),
        (Some("assigned"), Some(1))
    );
    assert_eq!(got["offer_id"], cassa.as_str());
    assert_eq!(got["priority"]["score"], 5);
    assert_eq!(
        got["explanation"],
        "Assigned to «Cassa in cloud» (your choice 1)."
    );
    assert_eq!(
        got["explanation_it"],
        "Assegnato a «Cassa in cloud» (tua scelta n. 1)."
    );
    let got = result(&second, &second_id, &round).await;
    assert_eq!(
        (got["offer_id"].as_str(), got["choice"].as_u64()),
        (Some(vetrina.as_str()), Some(2))
    );
    assert_eq!(got["missed"][0]["reason"], "filled_by_higher_priority");
    assert_eq!(got["missed"][0]["lowest_admitted"]["score"], 5);
    let got = result(&third, &third_id, &round).await;
    assert_eq!(got["outcome"], "unassigned");
    assert_eq!(got["request_id"], Value::Null);
    let parole = got["explanation_it"].as_str().unwrap();
    assert!(
        parole.starts_with("Non assegnato. «Cassa in cloud» (scelta n. 1): i posti sono andati a chi aveva priorità più alta (ultimo ammesso: punteggio 5, biglietto "),
        "{parole}"
    );
    let words = got["explanation"].as_str().unwrap();
    assert!(
        words.starts_with("Not assigned. «Cassa in cloud» (choice 1) was filled by applicants with higher priority (lowest admitted: score 5, ticket "),
        "{words}"
    );
    assert!(
        words.contains(&ticket("estrazione-2027-01", &first_id)),
        "{words}"
    );

    let requests = first
        .get(&format!("/api/v1/shops/{first_id}/requests"))
        .await;
    assert_eq!(requests.ok(200).as_array().unwrap().len(), 1);
    assert_eq!(
        (
            requests.body[0]["offer_id"].as_str(),
            requests.body[0]["status"].as_str()
        ),
        (Some(cassa.as_str()), Some("accepted"))
    );
    let requests = second
        .get(&format!("/api/v1/shops/{second_id}/requests"))
        .await;
    assert_eq!(requests.ok(200)[0]["offer_id"], vetrina.as_str());
    let none = third
        .get(&format!("/api/v1/shops/{third_id}/requests"))
        .await;
    assert!(none.ok(200).as_array().unwrap().is_empty());
    assert_eq!(
        (taken(&m.app, &cassa).await, taken(&m.app, &vetrina).await),
        (1, 1)
    );
    let incoming = m
        .owner
        .get(&format!(
            "/api/v1/providers/{}/requests?status=accepted",
            m.provider
        ))
        .await;
    assert_eq!(incoming.ok(200).as_array().unwrap().len(), 2);

    let summary = m
        .app
        .anonymous
        .get(&format!("/api/v1/rounds/{round}"))
        .await;
    let offers = summary.ok(200)["offers"].as_array().unwrap();
    let of = |id: &str| offers.iter().find(|o| o["offer_id"] == id).unwrap().clone();
    assert_eq!(
        (
            of(&cassa)["assigned"].as_i64(),
            of(&cassa)["lowest_admitted"]["score"].as_i64()
        ),
        (Some(1), Some(5))
    );
    assert_eq!(
        (
            of(&vetrina)["assigned"].as_i64(),
            of(&vetrina)["lowest_admitted"]["score"].as_i64()
        ),
        (Some(1), Some(0))
    );
    let text = summary.body.to_string();
    for name in ["prima", "seconda", "terza", &first_id, &second_id] {
        assert!(
            !text.contains(name),
            "the public summary names a shop: {text}"
        );
    }
    assert_eq!(
        audit_actions(&m.moderator, &round).await,
        ["round.published", "round.created"]
    );
    let request = requests.body[0]["id"].as_str().unwrap();
    assert_eq!(
        audit_actions(&m.moderator, request).await,
        ["onboarding.accepted"]
    );
    let kinds = outbox_kinds(&m.app, &round).await;
    assert_eq!(kinds.first().map(String::as_str), Some("round.created"));
    assert_eq!(kinds.last().map(String::as_str), Some("round.published"));
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "round.application_saved")
            .count(),
        3
    );
    assert_eq!(
        outbox_kinds(&m.app, request).await,
        ["onboarding.status_changed"]
    );
}

async fn places(backend: Backend) {
    let m = market(backend).await;
    let scarce = m.round_offer("Sito vetrina", 2, "TV").await;
    let spare = m.round_offer("Corso di fotografia", 10, "TV").await;
    let suspended = m.round_offer("Offerta poi sospesa", 10, "TV").await;
    let round = m.round(&[(&scarce, 2), (&spare, 5), (&suspended, 5)]).await;
    // After the round opened, the provider accepted one shop outside it.
    let (direct, direct_id) = m.applicant("diretta", false, |_| {}).await;
    let asked = direct
        .post_with_headers(
            &format!("/api/v1/shops/{direct_id}/requests"),
            &json!({ "offer_id": scarce }),
            &[("idempotency-key", "fuori")],
        )
        .await;
    let accept = format!(
        "/api/v1/providers/{}/requests/{}/accept",
        m.provider,
        asked.ok(201)["id"].as_str().unwrap()
    );
    m.owner.post(&accept, &json!({})).await.ok(200);
    // One applicant already has a request waiting for the scarce offer.
    let (waiting, waiting_id) = m.applicant("attesa", true, |_| {}).await;
    waiting
        .post_with_headers(
            &format!("/api/v1/shops/{waiting_id}/requests"),
            &json!({ "offer_id": scarce }),
            &[("idempotency-key", "prima")],
        )
        .await
        .ok(201);
    apply(&waiting, &waiting_id, &round, &[&scarce, &spare])
        .await
        .ok(201);
    let mut others = Vec::new();
    for i in 0..3 {
        let (shop, id) = m.applicant(&format!("coda{i}"), false, |_| {}).await;
        apply(&shop, &id, &round, &[&scarce]).await.ok(201);
        others.push((shop, id));
    }
    let (hopeful, hopeful_id) = m.applicant("speranza", false, |_| {}).await;
    apply(&hopeful, &hopeful_id, &round, &[&suspended, &spare])
        .await
        .ok(201);
    m.moderator
        .post(
            &format!("/api/v1/moderation/offers/{suspended}/suspend"),
            &json!({ "reason": "Condizioni da verificare con il fornitore." }),
        )
        .await
        .ok(200);
    close(&m.app, &round).await;
    let published = m
        .moderator
        .post(
            &format!("/api/v1/moderation/rounds/{round}/publish"),
            &json!({}),
        )
        .await;
    let scarce_figures = &published.ok(200)["offers"][0];
    assert_eq!(
        (
            scarce_figures["places"].as_i64(),
            scarce_figures["places_used"].as_i64(),
            scarce_figures["assigned"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(taken(&m.app, &scarce).await, 2, "exactly full, never over");

    let got = result(&waiting, &waiting_id, &round).await;
    assert_eq!(
        (got["offer_id"].as_str(), got["choice"].as_u64()),
        (Some(spare.as_str()), Some(2))
    );
    assert_eq!(got["missed"][0]["reason"], "already_requested");
    let got = result(&hopeful, &hopeful_id, &round).await;
    assert_eq!(got["offer_id"], spare.as_str());
    assert_eq!(got["missed"][0]["reason"], "offer_unavailable");
    assert_eq!(published.body["offers"][2]["places_used"], 0);
    let mut outcomes: Vec<String> = Vec::new();
    for (shop, id) in &others {
        let got = result(shop, id, &round).await;
        if got["outcome"] == "unassigned" {
            assert_eq!(got["missed"][0]["reason"], "filled_by_higher_priority");
        }
        outcomes.push(got["outcome"].as_str().unwrap().to_owned());
    }
    outcomes.sort();
    assert_eq!(outcomes, ["assigned", "unassigned", "unassigned"]);
    let mine = waiting
        .get(&format!("/api/v1/shops/{waiting_id}/requests"))
        .await;
    let statuses: Vec<(&str, &str)> = mine
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["offer_id"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        statuses.contains(&(scarce.as_str(), "requested"))
            && statuses.contains(&(spare.as_str(), "accepted")),
        "{statuses:?}"
    );
}
