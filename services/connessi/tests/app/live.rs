//! Live delivery (messaging service): each signed-in user's event stream carries the messages,
//! edits, deletions and read receipts of their threads as they happen, and a reconnect with
//! `Last-Event-ID` gets what it missed, once and in order, also when the message was posted
//! through another instance of the messaging service on the same PostgreSQL.

use crate::conversations::{enquiry, post};
use crate::market::market;
use connessi_messaging::MessagingState;
use connessi_platform::{Platform, db};
use connessi_tests::{Backend, Client, EventStream, backend_tests};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

backend_tests! {
    participants_see_messages_edits_deletions_and_read_receipts_as_they_happen => live_thread;
    a_stream_resumed_with_last_event_id_gets_what_it_missed_once_and_in_order => resume;
    nobody_receives_events_of_threads_they_do_not_take_part_in => outsiders;
    a_bad_resume_point_is_refused_and_anonymous_callers_must_sign_in => refusals;
}

async fn live_thread(backend: Backend) {
    let m = market(backend).await;
    let mut provider_stream = EventStream::open(&m.owner, None).await;
    let (shop, thread, _) = enquiry(
        &m,
        "bottega",
        "Quanto costa dopo? <b>Listino</b>: https://esempio.it/prezzi",
    )
    .await;
    let posted = provider_stream.next_of("message.posted").await;
    assert_eq!(posted.kind, "message.posted");
    assert_eq!(
        posted.data["body"],
        "Quanto costa dopo? <b>Listino</b>: https://esempio.it/prezzi"
    );
    // Pages get the text escaped, with the address as a link that cannot act for the page.
    assert_eq!(
        posted.data["body_html"],
        "Quanto costa dopo? &lt;b&gt;Listino&lt;/b&gt;: <a href=\"https://esempio.it/prezzi\" rel=\"nofollow ugc noopener noreferrer\" target=\"_blank\">https://esempio.it/prezzi</a>"
    );
    assert_eq!(posted.data["conversation_id"], thread.as_str());
    assert_eq!(posted.data["author_side"], "shop");
    let mut shop_stream = EventStream::open(&shop, None).await;
    let reply = post(&m.owner, &thread, "Dopo sei mesi 9 € al mese.").await;
    let seen = shop_stream.next_of("message.posted").await;
    assert_eq!(
        (seen.kind.as_str(), &seen.data["id"]),
        ("message.posted", &reply["id"])
    );
    let message = format!(
        "/api/v1/conversations/{thread}/messages/{}",
        reply["id"].as_str().unwrap()
    );
    let edit = json!({ "body": "Dopo sei mesi 8 € al mese." });
    m.owner
        .send(Method::PATCH, &message, Some(&edit))
        .await
        .ok(200);
    let edited = shop_stream.next_of("message.edited").await;
    assert_eq!(edited.kind, "message.edited");
    assert_eq!(edited.data["body"], "Dopo sei mesi 8 € al mese.");
    let read = json!({ "message_id": reply["id"] });
    shop.post(&format!("/api/v1/conversations/{thread}/read"), &read)
        .await
        .ok(200);
    let receipt = provider_stream.next_of("conversation.read").await;
    assert_eq!(receipt.data["conversation_id"], thread.as_str());
    assert_eq!(receipt.data["last_read_message_id"], reply["id"]);
    m.owner.delete(&message).await.ok(200);
    let deleted = shop_stream.next_of("message.deleted").await;
    assert_eq!(
        (
            deleted.data["deleted"].clone(),
            deleted.data["body"].clone()
        ),
        (json!(true), json!(""))
    );
    // The author's own stream carries what they did too (other tabs, other devices).
    let mut own_ids = Vec::new();
    let mut again = EventStream::open(&m.owner, Some("0")).await;
    while let Some(event) = again.next_within(Duration::from_millis(500)).await {
        own_ids.push(event.id.unwrap().parse::<i64>().unwrap());
    }
    assert_eq!(own_ids, (1..=own_ids.len() as i64).collect::<Vec<_>>());
    assert!(
        own_ids.len() >= 4,
        "posted, reply, edit, read, delete: {own_ids:?}"
    );
}

async fn resume(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "ferramenta", "Prima domanda").await;
    let mut stream = EventStream::open(&m.owner, None).await;
    post(&shop, &thread, "Seconda").await;
    let last = stream
        .next_of("message.posted")
        .await
        .id
        .expect("events have ids");
    drop(stream);
    for body in ["Terza", "Quarta", "Quinta"] {
        post(&shop, &thread, body).await;
    }
    let mut resumed = EventStream::open(&m.owner, Some(&last)).await;
    let mut bodies = Vec::new();
    for _ in 0..3 {
        bodies.push(
            resumed.next_of("message.posted").await.data["body"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(bodies, ["Terza", "Quarta", "Quinta"]);
    post(&shop, &thread, "Sesta").await;
    let live = resumed.next_of("message.posted").await;
    assert_eq!(live.data["body"], "Sesta");
    assert!(
        resumed
            .none_of("message.posted", Duration::from_millis(300))
            .await,
        "nothing twice"
    );
    // A browser's first connection cannot send the header: the query parameter does the same.
    let path = format!("{}/api/v1/events?last_event_id={last}", m.owner.base);
    let replay = m
        .owner
        .http
        .get(path)
        .bearer_auth(m.owner.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    let text = read_for(replay, Duration::from_millis(500)).await;
    assert_eq!(text.matches("event: message.posted").count(), 4, "{text}");
    // An id the server never gave (another database, a made-up one) starts over with a resync.
    let mut fresh = EventStream::open(&m.owner, Some("999999")).await;
    assert_eq!(fresh.next().await.kind, "resync");
}

async fn read_for(mut response: reqwest::Response, wait: Duration) -> String {
    let mut text = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(wait, response.chunk()).await {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    text
}

async fn outsiders(backend: Backend) {
    let m = market(backend).await;
    let (outsider, outsider_shop) = m.shop("estranea").await;
    let mut outsider_stream = EventStream::open(&outsider, None).await;
    let moderator_stream = EventStream::open(&m.moderator, None).await;
    let (shop, thread, offer) = enquiry(&m, "bottega", "Domanda riservata").await;
    post(&m.owner, &thread, "Risposta riservata").await;
    post(&shop, &thread, "Grazie").await;
    // The outsider's first event is about its own thread, not the others'.
    let own = json!({ "offer_id": offer, "body": "Domanda mia" });
    outsider
        .post(&format!("/api/v1/shops/{outsider_shop}/enquiries"), &own)
        .await
        .ok(201);
    let first = outsider_stream.next_of("message.posted").await;
    assert_eq!(first.data["body"], "Domanda mia");
    let mut moderator_stream = moderator_stream;
    assert!(
        moderator_stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none()
    );
}

async fn refusals(backend: Backend) {
    let m = market(backend).await;
    for bad in ["abc", "-4", "1.5"] {
        let answer = EventStream::request(&m.owner, Some(bad)).await;
        assert_eq!(answer.status(), 400, "{bad}");
        let problem: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(problem["code"], "invalid_query_parameter");
    }
    let anonymous = EventStream::request(&m.app.anonymous, None).await;
    assert_eq!(anonymous.status(), 401);
}

/// A messaging service on its own, on the same database through its own connection pool, as a
/// second instance behind a load balancer would be.
struct Instance {
    base: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn instance(url: &str, settings: &connessi_platform::config::Settings) -> Instance {
    let conn = db::connect(&url.to_owned().into(), &settings.database)
        .await
        .expect("connect");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = MessagingState::new(Platform::new(conn, settings.clone()));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let stop = async move {
            let _ = stopped.await;
        };
        connessi_messaging::serve(state, listener, stop)
            .await
            .expect("serve");
    });
    Instance {
        base,
        _shutdown: shutdown,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_message_posted_through_one_instance_reaches_a_stream_on_another_and_a_reconnect_there_gets_what_it_missed()
 {
    let m = market(Backend::Postgres).await;
    let (a, b) = (
        instance(&m.app.db.url, &m.app.settings).await,
        instance(&m.app.db.url, &m.app.settings).await,
    );
    let (shop, thread, _) = enquiry(&m, "bottega", "Ciao").await;
    let (shop_on_a, owner_on_b): (Client, Client) =
        (shop.at(a.base.clone()), m.owner.at(b.base.clone()));
    let mut stream = EventStream::open(&owner_on_b, None).await;
    let first = post(&shop_on_a, &thread, "Scritto su A").await;
    let seen = stream.next_of("message.posted").await;
    assert_eq!(
        (seen.kind.as_str(), &seen.data["id"]),
        ("message.posted", &first["id"])
    );
    let last = seen.id.unwrap();
    drop(stream);
    for body in ["Mentre eri via 1", "Mentre eri via 2"] {
        post(&shop_on_a, &thread, body).await;
    }
    let mut resumed = EventStream::open(&owner_on_b, Some(&last)).await;
    assert_eq!(
        resumed.next_of("message.posted").await.data["body"],
        "Mentre eri via 1"
    );
    assert_eq!(
        resumed.next_of("message.posted").await.data["body"],
        "Mentre eri via 2"
    );
    post(&shop_on_a, &thread, "Di nuovo dal vivo").await;
    assert_eq!(
        resumed.next_of("message.posted").await.data["body"],
        "Di nuovo dal vivo"
    );
    assert!(
        resumed
            .none_of("message.posted", Duration::from_millis(300))
            .await,
        "nothing twice"
    );
}
