//! Latency percentiles of the embedded backend (p50/p95/p99 over 2,000 searches per query
//! kind, after 200 warm-up searches) at 10k and 100k offers, printed as a Markdown table.
//! "computed" searches move `now` by a minute each time, so no answer comes from the result
//! cache; "repeated" ones ask the same thing again, as visitors of one widget do.
//! Run with `cargo bench -p connessi-search --bench search_percentiles`.

mod corpus;

use connessi_search::SearchBackend;
use std::time::Instant;

const WARM_UP: usize = 200;
const SAMPLES: usize = 2_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!(
        "| offers | query | answers | p50 ms | p95 ms | p99 ms | searches/s (one client) | hits |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for size in [10_000, 100_000] {
        let (_dir, index) = corpus::index(size).await;
        for ((name, request), kind) in corpus::queries()
            .into_iter()
            .flat_map(|q| [(q.clone(), "computed"), (q, "repeated")])
        {
            let at = |i: usize| {
                let shift = if kind == "computed" { i as i64 } else { 0 };
                connessi_search::SearchRequest {
                    now: request.now + chrono::Duration::minutes(shift),
                    ..request.clone()
                }
            };
            for i in 0..WARM_UP {
                index.search(&at(i)).await.unwrap();
            }
            let mut latencies = Vec::with_capacity(SAMPLES);
            let started = Instant::now();
            let mut total = 0;
            for i in 0..SAMPLES {
                let request = at(WARM_UP + i);
                let one = Instant::now();
                total = index.search(&request).await.unwrap().total;
                latencies.push(one.elapsed().as_secs_f64() * 1000.0);
            }
            let rate = SAMPLES as f64 / started.elapsed().as_secs_f64();
            latencies.sort_by(f64::total_cmp);
            let (p50, p95, p99) = (
                percentile(&latencies, 0.5),
                percentile(&latencies, 0.95),
                percentile(&latencies, 0.99),
            );
            println!(
                "| {size} | {name} | {kind} | {p50:.2} | {p95:.2} | {p99:.2} | {rate:.0} | {total} |"
            );
        }
    }
}
