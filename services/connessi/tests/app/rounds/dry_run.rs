//! Dry runs: deterministic for the published seed, stored nowhere, equal to what publishing
//! then stores; publishing happens once.

use super::{RoundMarket, apply, close, market, row_counts, taken, ticket};
use crate::support::audit_actions;
use connessi_tests::{Backend, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    a_dry_run_is_deterministic_stores_nothing_and_equals_the_published_result => dry_run;
}

/// The results without the request ids only publishing makes.
fn without_requests(results: &Value) -> Vec<Value> {
    let mut results = results.as_array().unwrap().clone();
    for r in &mut results {
        r["request_id"] = Value::Null;
    }
    results
}

async fn dry_run(backend: Backend) {
    let m = market(backend).await;
    let offer = m.round_offer("Pagamenti digitali", 10, "TV").await;
    let other = m.round_offer("Prenotazioni online", 10, "TV").await;
    let round = m.round(&[(&offer, 2), (&other, 1)]).await;
    let mut shops = Vec::new();
    for i in 0..6 {
        let (shop, id) = m.applicant(&format!("sorteggio{i}"), i == 5, |_| {}).await;
        apply(&shop, &id, &round, &[&offer, &other]).await.ok(201);
        shops.push(id);
    }
    close(&m.app, &round).await;
    let path = format!("/api/v1/moderation/rounds/{round}");
    let first = m
        .moderator
        .post(&format!("{path}/dry-run"), &json!({}))
        .await;
    let second = m
        .moderator
        .post(&format!("{path}/dry-run"), &json!({}))
        .await;
    assert_eq!(
        first.ok(200)["results"],
        second.ok(200)["results"],
        "the same seed gives the same result"
    );
    assert_eq!(
        first.body["round"]["offers"],
        second.body["round"]["offers"]
    );
    assert_eq!(
        row_counts(&m.app).await,
        (6, 0, 0),
        "a dry run stores no result and no request"
    );
    assert_eq!(taken(&m.app, &offer).await, 0);
    assert_eq!(m.moderator.get(&path).await.ok(200)["status"], "closed");
    m.moderator
        .get(&format!("{path}/results"))
        .await
        .problem(409, "round_not_published");

    // The verified shop first, then the others by lottery ticket, highest first.
    let results = first.body["results"].as_array().unwrap();
    let mut by_ticket: Vec<&String> = shops[..5].iter().collect();
    by_ticket.sort_by_key(|s| std::cmp::Reverse(ticket("estrazione-2027-01", s)));
    let assigned: Vec<(&str, &str)> = results
        .iter()
        .filter(|r| r["outcome"] == "assigned")
        .map(|r| {
            (
                r["shop_id"].as_str().unwrap(),
                r["offer_id"].as_str().unwrap(),
            )
        })
        .collect();
    let expected = [
        (shops[5].as_str(), offer.as_str()),
        (by_ticket[0].as_str(), offer.as_str()),
        (by_ticket[1].as_str(), other.as_str()),
    ];
    for pair in &expected {
        assert!(assigned.contains(pair), "{pair:?} not in {assigned:?}");
    }
    assert_eq!(assigned.len(), 3);
    for r in results {
        let shop = r["shop_id"].as_str().unwrap();
        assert_eq!(
            r["priority"]["lottery"],
            ticket("estrazione-2027-01", shop),
            "anyone can recompute the ticket"
        );
    }

    m.moderator
        .post(&format!("{path}/publish"), &json!({}))
        .await
        .ok(200);
    let stored = m
        .moderator
        .get(&format!("{path}/results?per_page=1000"))
        .await;
    assert_eq!(stored.ok(200)["total"], 6);
    assert_eq!(
        without_requests(&stored.body["items"]),
        without_requests(&first.body["results"])
    );
    assert!(
        stored.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["outcome"] == "assigned")
            .all(|r| r["request_id"].is_string())
    );
    let summary = m
        .app
        .anonymous
        .get(&format!("/api/v1/rounds/{round}"))
        .await;
    assert_eq!(summary.ok(200)["offers"], first.body["round"]["offers"]);
    m.moderator
        .post(&format!("{path}/publish"), &json!({}))
        .await
        .problem(409, "round_already_published");
    m.moderator
        .post(&format!("{path}/dry-run"), &json!({}))
        .await
        .problem(409, "round_already_published");
    assert_eq!(
        row_counts(&m.app).await,
        (6, 6, 3),
        "publishing twice wrote nothing more"
    );
    assert_eq!(taken(&m.app, &offer).await, 2);
    let trail = audit_actions(&m.moderator, &round).await;
    assert_eq!(
        trail,
        [
            "round.published",
            "round.dry_run",
            "round.dry_run",
            "round.created"
        ]
    );
}
