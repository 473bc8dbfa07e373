//! Criterion benchmarks of the embedded backend at 10k and 100k offers, one per query kind.
//! Run with `cargo bench -p connessi-search --bench search`.

mod corpus;

use connessi_search::SearchBackend;
use criterion::{Criterion, criterion_group, criterion_main};

fn search(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for size in [10_000, 100_000] {
        let (_dir, index) = runtime.block_on(corpus::index(size));
        let mut group = c.benchmark_group(format!("search_{size}"));
        for (name, request) in corpus::queries() {
            group.bench_function(name, |b| {
                b.iter(|| runtime.block_on(index.search(&request)).unwrap())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
