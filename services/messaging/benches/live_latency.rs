//! Post-to-receive latency through the database: two messaging instances on one PostgreSQL
//! (each with its own connection pool, as behind a load balancer); 50 users, each in their own
//! thread, keep an event stream open on instance B while messages are posted through
//! instance A at a steady 1,000 per second for 10 seconds. The latency of a message is from
//! just before its `POST` is sent until its `message.posted` event is read from the stream on
//! B, so it includes the HTTP request, the transaction, `NOTIFY`, the relay's read and the
//! stream. Run: `cargo bench -p connessi-messaging --bench live_latency`
//! (`LIVE_RATE` and `LIVE_SECONDS` change the load).

use chrono::Utc;
use connessi_messaging::MessagingState;
use connessi_messaging::entities::conversation;
use connessi_platform::config::DatabaseSettings;
use connessi_platform::{Platform, db};
use connessi_tests::{Backend, Client, EventStream, TestDatabase, world};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::json;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

const USERS: usize = 50;

const WARM_UP: Duration = Duration::from_secs(1);

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn instance(test_db: &TestDatabase) -> String {
    let mut settings = test_db.settings();
    settings.log.level = "error".into();
    settings.database = DatabaseSettings {
        max_connections: 24,
        acquire_timeout_secs: 10,
    };
    let conn = db::connect(&test_db.url.clone().into(), &settings.database)
        .await
        .expect("db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let state = MessagingState::new(Platform::new(conn, settings));
    tokio::spawn(connessi_messaging::serve(
        state,
        listener,
        std::future::pending(),
    ));
    base
}

/// A user with a shop and a thread of that shop; returns the client and the thread.
async fn participant(test_db: &TestDatabase, a: &Client, n: usize) -> (Client, Uuid) {
    let user = world::user(&test_db.conn, a, &format!("u{n}@bench.example"), None).await;
    let shop: Uuid = world::shop(&user, &format!("Bottega {n}"))
        .await
        .parse()
        .expect("id");
    let (thread, offer, provider) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    conversation::Entity::insert(conversation::ActiveModel {
        id: Set(thread),
        kind: Set("enquiry".into()),
        thread_key: Set(format!("enquiry:{shop}:{offer}")),
        request_id: Set(None),
        shop_id: Set(shop),
        provider_id: Set(provider),
        offer_id: Set(offer),
        created_at: Set(Utc::now()),
        last_message_at: Set(Utc::now()),
    })
    .exec_without_returning(&test_db.conn)
    .await
    .expect("thread");
    (user, thread)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let (rate, seconds) = (env_or("LIVE_RATE", 1_000), env_or("LIVE_SECONDS", 10));
    let test_db = TestDatabase::new(Backend::Postgres).await;
    let (a, b) = (instance(&test_db).await, instance(&test_db).await);
    let on_a = Client::new(a);
    let mut people = Vec::new();
    for n in 0..USERS {
        people.push(participant(&test_db, &on_a, n).await);
    }
    let total = (rate * (seconds + WARM_UP.as_secs())) as usize;
    let sent: Arc<Vec<OnceLock<Instant>>> = Arc::new((0..total).map(|_| OnceLock::new()).collect());
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let warm = (rate * WARM_UP.as_secs()) as usize;
    for (user, _) in &people {
        let mut stream = EventStream::open(&user.at(b.clone()), None).await;
        let (sent, latencies) = (sent.clone(), latencies.clone());
        tokio::spawn(async move {
            while let Some(event) = stream.next_within(Duration::from_secs(30)).await {
                let Some(n) = event.data["body"]
                    .as_str()
                    .and_then(|b| b.parse::<usize>().ok())
                else {
                    continue;
                };
                let started = sent[n].get().expect("sent before received");
                if n >= warm {
                    latencies.lock().expect("lock").push(started.elapsed());
                }
            }
        });
    }
    let failures = Arc::new(Mutex::new(0usize));
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    let began = Instant::now();
    for n in 0..total {
        ticker.tick().await;
        let (user, thread) = people[n % USERS].clone();
        let (sent, failures) = (sent.clone(), failures.clone());
        tokio::spawn(async move {
            sent[n].set(Instant::now()).expect("once");
            let reply = user
                .post(
                    &format!("/api/v1/conversations/{thread}/messages"),
                    &json!({ "body": n.to_string() }),
                )
                .await;
            if reply.status != 201 {
                *failures.lock().expect("lock") += 1;
            }
        });
    }
    let posting = began.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut measured = latencies.lock().expect("lock").clone();
    measured.sort();
    let expected = total - warm;
    println!(
        "posted {total} messages in {:.2} s ({:.0}/s offered, {} failed); {} of {expected} measured received",
        posting.as_secs_f64(),
        total as f64 / posting.as_secs_f64(),
        failures.lock().expect("lock"),
        measured.len()
    );
    if measured.is_empty() {
        return;
    }
    println!(
        "post-to-receive latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&measured, 0.50).as_secs_f64() * 1e3,
        percentile(&measured, 0.90).as_secs_f64() * 1e3,
        percentile(&measured, 0.99).as_secs_f64() * 1e3,
        measured.last().expect("one").as_secs_f64() * 1e3
    );
}
