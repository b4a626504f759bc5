//! Cost of one find on generated boards of 1k, 10k and 100k stickies: what each keystroke in
//! the find bar costs. Three queries: a rare word (few hits), a common one (a hit on about a
//! tenth of the board: the sort along the timeline shows), and an accented one (the slow,
//! non-ASCII folding path).
//!
//! `cargo bench --bench find`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::model::analysis::Analysis;
use stormpad::model::{find, generate};

fn bench_find(c: &mut Criterion) {
    let mut group = c.benchmark_group("find");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let board = generate::board(n, 42);
        let analysis = Analysis::of(&board);
        for query in ["zzz rare", "placed", "café"] {
            group.bench_with_input(BenchmarkId::new(query, n), &n, |b, _| {
                b.iter(|| black_box(find::find(&board, &analysis, query)).hits.len());
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_find);
criterion_main!(benches);
