//! A thread's history and read state: paging back newest first while others write (the
//! pages already walked never gain or lose a message), and unread counts that follow each
//! participant's read state, which only moves forward.

use super::{bodies, enquiry, history, post};
use crate::market::market;
use connessi_tests::{Backend, Client, backend_tests};
use serde_json::{Value, json};

backend_tests! {
    paging_back_while_messages_are_posted_never_repeats_or_skips_a_message => paging;
    paging_back_during_concurrent_posting_sees_every_older_message_once => concurrent_paging;
    read_state_only_moves_forward_and_unread_counts_follow_it => reading;
}

async fn paging(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "libreria", "messaggio 0").await;
    for n in 1..25 {
        let author = if n % 2 == 0 { &shop } else { &m.owner };
        post(author, &thread, &format!("messaggio {n}")).await;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut query = "limit=10".to_owned();
    let mut extra = 0;
    loop {
        let page = history(&shop, &thread, &query).await;
        seen.extend(bodies(&page));
        // Others keep writing while the history is walked back.
        for _ in 0..3 {
            post(&m.owner, &thread, &format!("nuovo {extra}")).await;
            extra += 1;
        }
        match page["next_before"].as_str() {
            Some(cursor) => query = format!("limit=10&before={cursor}"),
            None => break,
        }
    }
    let expected: Vec<String> = (0..25).rev().map(|n| format!("messaggio {n}")).collect();
    assert_eq!(seen, expected);
    let newest = history(&shop, &thread, "limit=9").await;
    let newest = bodies(&newest);
    assert_eq!(newest.first().map(String::as_str), Some("nuovo 8"));
    assert_eq!(newest.last().map(String::as_str), Some("nuovo 0"));
}

async fn concurrent_paging(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "enoteca", "messaggio 0").await;
    for n in 1..20 {
        post(&shop, &thread, &format!("messaggio {n}")).await;
    }
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (client, thread) = (m.owner.clone(), thread.clone());
            tokio::spawn(async move {
                for n in 0..8 {
                    post(&client, &thread, &format!("scrittore {w}.{n}")).await;
                }
            })
        })
        .collect();
    let mut seen: Vec<String> = Vec::new();
    let mut query = "limit=5".to_owned();
    let mut top = None;
    loop {
        let page = history(&shop, &thread, &query).await;
        let ids = page["items"].as_array().unwrap().iter();
        seen.extend(ids.map(|m| m["id"].as_str().unwrap().to_owned()));
        top = top.or_else(|| seen.first().cloned());
        match page["next_before"].as_str() {
            Some(cursor) => query = format!("limit=5&before={cursor}"),
            None => break,
        }
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let mut everything: Vec<String> = Vec::new();
    let mut query = "limit=100".to_owned();
    loop {
        let page = history(&shop, &thread, &query).await;
        let ids = page["items"].as_array().unwrap().iter();
        everything.extend(ids.map(|m| m["id"].as_str().unwrap().to_owned()));
        match page["next_before"].as_str() {
            Some(cursor) => query = format!("limit=100&before={cursor}"),
            None => break,
        }
    }
    assert_eq!(everything.len(), 20 + 4 * 8);
    let top = top.expect("a first page");
    let older: Vec<String> = everything.into_iter().skip_while(|id| *id != top).collect();
    assert_eq!(
        seen, older,
        "the walk saw every message up to its first one, once"
    );
}

async fn read_up_to(client: &Client, thread: &str, message: &Value) -> Value {
    let path = format!("/api/v1/conversations/{thread}/read");
    let body = json!({ "message_id": message["id"] });
    client.post(&path, &body).await.ok(200).clone()
}

async fn reading(backend: Backend) {
    let m = market(backend).await;
    let (shop, thread, _) = enquiry(&m, "panificio", "prima").await;
    let second = post(&shop, &thread, "seconda").await;
    let third = post(&shop, &thread, "terza").await;
    let inbox = m.owner.get("/api/v1/conversations").await;
    assert_eq!(inbox.ok(200)["items"][0]["unread"], 3);
    assert_eq!(inbox.body["total_unread"], 3);
    assert_eq!(read_up_to(&m.owner, &thread, &second).await["unread"], 1);
    let first = &history(&m.owner, &thread, "").await["items"][2];
    let kept = read_up_to(&m.owner, &thread, first).await;
    assert_eq!(kept["last_read_message_id"], second["id"]);
    assert_eq!(kept["unread"], 1);
    assert_eq!(read_up_to(&m.owner, &thread, &third).await["unread"], 0);
    let shop_inbox = shop.get("/api/v1/conversations").await;
    assert_eq!(shop_inbox.ok(200)["total_unread"], 0);
    post(&m.owner, &thread, "risposta").await;
    let shop_inbox = shop.get("/api/v1/conversations").await;
    assert_eq!(shop_inbox.ok(200)["total_unread"], 1);
    let (stranger, _) = m.shop("curiosa").await;
    let body = json!({ "message_id": third["id"] });
    let path = format!("/api/v1/conversations/{thread}/read");
    stranger.post(&path, &body).await.problem(404, "not_found");
}
