//! Faults in the deployed topology: one process of every service killed with SIGKILL in the
//! middle of a mixed load (offers written to the catalogue, requests to matching, messages to
//! messaging). Nothing acknowledged is lost, a refused request asked again with its key is made
//! once, the surviving notifier tells every event exactly once, and the surviving catalogue's
//! index holds every offer the database has.

use crate::topology::{Deployment, deployment, eventually};
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Client, Reply, world};
use serde_json::json;

/// Everyone of the load: a provider with two open offers and shops already talking with it.
struct Cast {
    owner: Client,
    provider: String,
    second_offer: String,
    shops: Vec<(String, Client, String, String)>,
}

async fn cast(d: &Deployment, shops: usize) -> Cast {
    let (db, anonymous) = (&d.db, &d.anonymous);
    let moderator = world::user(
        &db.conn,
        anonymous,
        "moderatrice@guasti.example",
        Some("moderator"),
    )
    .await;
    let owner = world::user(&db.conn, anonymous, "owner@guasti.example", None).await;
    let provider = world::provider(&owner, "guasti", Some(&moderator)).await;
    let first = world::published(
        &owner,
        &provider,
        &moderator,
        &offer_content("Prima offerta"),
    )
    .await;
    let second_offer = world::published(
        &owner,
        &provider,
        &moderator,
        &offer_content("Seconda offerta"),
    )
    .await;
    let mut cast = Vec::new();
    for n in 0..shops {
        let name = format!("guasto{n}");
        let email = format!("titolare@{name}.example");
        let client = world::user(&db.conn, anonymous, &email, None).await;
        let shop = world::shop(&client, &name).await;
        let asked = client
            .post_with_headers(
                &format!("/api/v1/shops/{shop}/requests"),
                &json!({ "offer_id": first, "message": "Prima richiesta." }),
                &[("idempotency-key", &format!("{name}-first"))],
            )
            .await;
        let request = asked.ok(201)["id"].as_str().unwrap().to_owned();
        let opened = format!("/api/v1/onboarding-requests/{request}/conversation");
        let thread = client.post(&opened, &json!({})).await;
        assert!(thread.status.is_success(), "{:?}", thread.body);
        let thread = thread.body["id"].as_str().unwrap().to_owned();
        cast.push((name, client, shop, thread));
    }
    Cast {
        owner,
        provider,
        second_offer,
        shops: cast,
    }
}

fn id_of(reply: &Reply) -> Option<String> {
    (reply.status.as_u16() == 201).then(|| reply.body["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn on_postgres_one_process_of_each_service_killed_mid_load_loses_nothing_acknowledged() {
    let mut d = deployment().await;
    let rounds = 12;
    let cast = cast(&d, rounds).await;
    let ask = |n: usize| {
        let (name, client, shop, _) = &cast.shops[n];
        let body = json!({ "offer_id": cast.second_offer, "message": "Sotto carico." });
        let (client, path, key) = (
            client.clone(),
            format!("/api/v1/shops/{shop}/requests"),
            format!("{name}-second"),
        );
        async move {
            client
                .post_with_headers(&path, &body, &[("idempotency-key", key.as_str())])
                .await
        }
    };
    let (mut offers, mut requests, mut messages, mut refused) = (vec![], vec![], vec![], vec![]);
    for n in 0..rounds {
        if n == 4 {
            for service in ["catalogue", "matching", "messaging"] {
                let victim = d
                    .instances
                    .iter_mut()
                    .find(|i| i.service == service)
                    .unwrap();
                victim.kill();
            }
        }
        let (_, client, _, thread) = &cast.shops[n];
        let offer_path = format!("/api/v1/providers/{}/offers", cast.provider);
        let offer_body = offer_content(&format!("Offerta sotto carico {n}"));
        let message_path = format!("/api/v1/conversations/{thread}/messages");
        let message_body = json!({ "body": format!("Messaggio {n}") });
        let (offer, request, message) = tokio::join!(
            cast.owner.post(&offer_path, &offer_body),
            ask(n),
            client.post(&message_path, &message_body),
        );
        offers.extend(id_of(&offer));
        messages.extend(id_of(&message));
        match id_of(&request) {
            Some(id) => requests.push(id),
            None => refused.push(n),
        }
    }
    assert!(
        offers.len() >= 8 && requests.len() >= 8 && messages.len() >= 8,
        "the surviving processes serve: {} offers, {} requests, {} messages",
        offers.len(),
        requests.len(),
        messages.len()
    );
    let db = &d.db.conn;
    for (table, ids) in [
        ("offers", &offers),
        ("onboarding_requests", &requests),
        ("messages", &messages),
    ] {
        for id in ids {
            let stored = stored_count(db, table, id).await;
            assert_eq!(stored, 1, "acknowledged {table} row {id} is stored");
        }
    }
    for n in refused {
        let again = ask(n).await;
        assert!(again.status.is_success(), "{:?}", again.body);
    }
    let total_requests = count(db, "SELECT count(*) FROM onboarding_requests").await;
    assert_eq!(
        total_requests,
        2 * rounds as i64,
        "one of each request, none lost, none twice"
    );

    // The notifier that survived (or took over) tells every request once: the unique index
    // on (source, user) refuses a second telling, so a missing one is the only way to fail.
    let told = "SELECT count(*) FROM notifications WHERE kind = 'request_received'";
    for _ in 0..100 {
        if count(db, told).await == total_requests {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(db, told).await,
        total_requests,
        "each request told exactly once"
    );

    let offers_in_database = count(db, "SELECT count(*) FROM offers").await;
    let search = "/api/v1/offers/search?per_page=100";
    eventually(&cast.owner, search, |b| b["total"] == offers_in_database).await;
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let statement = Statement::from_string(db.get_database_backend(), sql.to_owned());
    let row = db.query_one_raw(statement).await.unwrap().expect("a row");
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn stored_count(db: &sea_orm::DatabaseConnection, table: &str, id: &str) -> i64 {
    let id = uuid::Uuid::parse_str(id).expect("an id");
    count(
        db,
        &format!("SELECT count(*) FROM {table} WHERE id = '{id}'"),
    )
    .await
}
