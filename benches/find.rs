//! Cost of find on generated boards of 1k, 10k and 100k stickies. `index` is what building
//! the index of a board revision costs (on another thread from 5,000 stickies, so the window
//! does not wait for it); `query/...` what each keystroke then costs, for three
//! queries: a rare word (few hits), a common one (a hit on about a tenth of the board), and an
//! accented one (the non-ASCII folding path).
//!
//! `cargo bench --bench find`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::model::analysis::Analysis;
use stormpad::model::find::Index;
use stormpad::model::generate;

fn bench_find(c: &mut Criterion) {
    let mut group = c.benchmark_group("find");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let board = generate::board(n, 42);
        let analysis = Analysis::of(&board);
        group.bench_with_input(BenchmarkId::new("index", n), &n, |b, _| {
            b.iter(|| black_box(Index::build(&board, &analysis)));
        });
        let index = Index::build(&board, &analysis);
        for query in ["zzz rare", "placed", "café"] {
            group.bench_with_input(BenchmarkId::new(format!("query {query}"), n), &n, |b, _| {
                b.iter(|| black_box(index.find(query)).hits.len());
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_find);
criterion_main!(benches);
