//! The same searches on the embedded index and on a real Meilisearch server, over the same
//! synthetic offers (100k by default): p50/p95/p99 of each and the latency ratio, as a
//! Markdown table. Every search moves `now` by a minute, so neither backend answers from a
//! cache. Needs `CONNESSI_BENCH_MEILI_URL` (and `CONNESSI_BENCH_MEILI_KEY`, its master key);
//! `BENCH_OFFERS` changes the size. The Meilisearch index is deleted at the end.
//! Run with `cargo bench -p connessi-search --bench backends`.

mod corpus;

use connessi_search::meili::{MeiliConfig, MeiliIndex};
use connessi_search::{Change, SearchBackend, SearchRequest};
use std::time::{Duration, Instant};

const WARM_UP: usize = 100;
const SAMPLES: usize = 1_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50, p95, p99 in ms, and the total of the last answer.
async fn measure(backend: &dyn SearchBackend, request: &SearchRequest) -> ([f64; 3], u64) {
    let at = |i: usize| SearchRequest {
        now: request.now + chrono::Duration::minutes(i as i64),
        ..request.clone()
    };
    for i in 0..WARM_UP {
        backend.search(&at(i)).await.unwrap();
    }
    let mut latencies = Vec::with_capacity(SAMPLES);
    let mut total = 0;
    for i in 0..SAMPLES {
        let request = at(WARM_UP + i);
        let one = Instant::now();
        total = backend.search(&request).await.unwrap().total;
        latencies.push(one.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    let p = |q| percentile(&latencies, q);
    ([p(0.5), p(0.95), p(0.99)], total)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("CONNESSI_BENCH_MEILI_URL")
        .expect("CONNESSI_BENCH_MEILI_URL names the Meilisearch server to compare with");
    let size: usize = std::env::var("BENCH_OFFERS").map_or(100_000, |n| n.parse().unwrap());
    let (_dir, embedded) = corpus::index(size).await;
    let key = std::env::var("CONNESSI_BENCH_MEILI_KEY").unwrap_or_default();
    let index = format!("bench_{}", uuid::Uuid::new_v4().simple());
    let config = MeiliConfig {
        task_timeout: Duration::from_secs(600),
        ..MeiliConfig::new(url, key, index)
    };
    let meili = MeiliIndex::open(config).await.unwrap();
    let loading = Instant::now();
    for (batch, chunk) in corpus::documents(size, 7).chunks(5_000).enumerate() {
        let changes = chunk
            .iter()
            .cloned()
            .map(|d| Change::Upsert(Box::new(d)))
            .collect();
        meili.apply(changes, batch as i64 + 1).await.unwrap();
    }
    eprintln!(
        "{size} offers written to Meilisearch (every task awaited) in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    println!(
        "| query | embedded p50 / p95 / p99 ms | Meilisearch p50 / p95 / p99 ms | p50 ratio (Meili ÷ embedded) | hits (both) |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for (name, request) in corpus::queries() {
        let (e, e_total) = measure(&embedded, &request).await;
        let (m, m_total) = measure(&meili, &request).await;
        let hits = if e_total == m_total {
            e_total.to_string()
        } else {
            format!("{e_total} vs {m_total}")
        };
        println!(
            "| {name} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} | {:.1} | {hits} |",
            e[0],
            e[1],
            e[2],
            m[0],
            m[1],
            m[2],
            m[0] / e[0]
        );
    }
    meili.destroy().await.unwrap();
}
