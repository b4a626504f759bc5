//! Pictures of a generated board of 10,000 stickies (10 bounded contexts, about 23,000 x
//! 29,000 board units): the SVG alone, and the PNG at a quarter and a tenth of 100% zoom
//! (5,800 and 2,300 pixels wide). `cargo bench --bench picture`
//!
//! With the allocator the `stormpad` binary uses, so the figures are what people get.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::export::picture::{self, Format, Options};
use stormpad::model::generate;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pictures(c: &mut Criterion) {
    let board = generate::board(10_000, 7);
    eprintln!("{} stickies", board.stickies.len());
    let mut group = c.benchmark_group("picture 10k stickies");
    group.sample_size(10);
    group.bench_function("svg", |b| {
        b.iter(|| picture::export(black_box(&board), Format::Svg, &Options::default()).is_ok());
    });
    for scale in [0.1, 0.25] {
        let options = Options {
            scale,
            ..Options::default()
        };
        group.bench_function(BenchmarkId::new("png at scale", scale), |b| {
            b.iter(|| picture::export(black_box(&board), Format::Png, &options).is_ok());
        });
    }
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
