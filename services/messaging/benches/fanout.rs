//! Fan-out of the live hub: 10,000 open streams (one user each, as 10,000 signed-in people
//! would have), each drained by its own task as an SSE connection is, and batches of events
//! published to all of them. Measures deliveries per second through `Hub::publish` and the
//! streams' queues. Run: `cargo bench -p connessi-messaging --bench fanout`.

use chrono::Utc;
use connessi_messaging::live::LiveEvent;
use connessi_messaging::live::hub::{Hub, Signal};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

const SUBSCRIBERS: usize = 10_000;
/// Events per subscriber in one measured batch (below the stream buffer of 64).
const PER_SUBSCRIBER: usize = 10;

fn fan_out(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let hub = Hub::default();
    let received = Arc::new(AtomicU64::new(0));
    let users: Vec<Uuid> = (0..SUBSCRIBERS).map(|_| Uuid::now_v7()).collect();
    runtime.block_on(async {
        for user in &users {
            let mut subscription = hub.subscribe(*user, 64);
            let received = received.clone();
            tokio::spawn(async move {
                while let Some(Signal::Event(event)) = subscription.next().await {
                    std::hint::black_box(&event.payload);
                    received.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let payload: Arc<str> =
        r#"{"id":"0192","body":"Buongiorno, vorremmo iniziare a gennaio."}"#.into();
    let mut seq = 0i64;
    let mut group = c.benchmark_group("live_fan_out");
    group.throughput(Throughput::Elements((SUBSCRIBERS * PER_SUBSCRIBER) as u64));
    group.sample_size(20);
    group.bench_function("10k_streams_x10_events", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let batch: Vec<Arc<LiveEvent>> = (0..PER_SUBSCRIBER)
                    .flat_map(|_| {
                        seq += 1;
                        let seq = seq;
                        users.iter().map(move |user| (*user, seq))
                    })
                    .map(|(user_id, seq)| {
                        Arc::new(LiveEvent {
                            user_id,
                            seq,
                            kind: "message.posted".into(),
                            payload: payload.clone(),
                            created_at: Utc::now(),
                        })
                    })
                    .collect();
                let target = received.load(Ordering::Relaxed) + batch.len() as u64;
                let started = Instant::now();
                let delivered = hub.publish(batch);
                assert_eq!(
                    delivered,
                    SUBSCRIBERS * PER_SUBSCRIBER,
                    "no queue may be full"
                );
                while received.load(Ordering::Relaxed) < target {
                    std::thread::yield_now();
                }
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
    drop(runtime);
}

criterion_group!(benches, fan_out);
criterion_main!(benches);
