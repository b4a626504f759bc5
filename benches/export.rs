//! Export speed on a generated board of about 10,000 events (40,000 stickies in 40 bounded
//! contexts): the semantic model, the model check, each spec target with internal events
//! included (the generated flows stay inside their contexts), and the code stubs of every
//! language. `cargo bench --bench export`
//!
//! With the allocator the `stormpad` binary uses, so the figures are what people get.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::export::{self, Options, Target, code};
use stormpad::model::analysis::Analysis;
use stormpad::model::{Kind, check, generate};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn spec_exports(c: &mut Criterion) {
    let board = generate::board(40_000, 7);
    let events = board
        .stickies
        .values()
        .filter(|s| s.kind == Kind::DomainEvent)
        .count();
    eprintln!("{} stickies, {events} events", board.stickies.len());
    let analysis = Analysis::of(&board);
    let options = Options {
        include_internal: true,
    };
    let mut group = c.benchmark_group("export 10k events");
    group.sample_size(10);
    group.bench_function("analysis", |b| {
        b.iter(|| Analysis::of(black_box(&board)).events.len());
    });
    group.bench_function("model check", |b| {
        b.iter(|| check::check(black_box(&board), &analysis).len());
    });
    for target in Target::SPECS {
        group.bench_function(BenchmarkId::new("target", target.name()), |b| {
            b.iter(|| {
                export::export(black_box(&board), &analysis, target, options).map(|f| f.len())
            });
        });
    }
    group.bench_function("all spec targets, analysis included", |b| {
        b.iter(|| {
            let analysis = Analysis::of(black_box(&board));
            Target::SPECS
                .iter()
                .filter_map(|t| export::export(&board, &analysis, *t, options).ok())
                .map(|f| f.len())
                .sum::<usize>()
        });
    });
    // As the export dialog makes them: the five side by side, one thread each.
    group.bench_function("all spec targets side by side, analysis included", |b| {
        b.iter(|| {
            let analysis = Analysis::of(black_box(&board));
            export::export_many(&board, &analysis, &Target::SPECS, options, None)
                .into_iter()
                .filter_map(Result::ok)
                .map(|f| f.len())
                .sum::<usize>()
        });
    });
    group.finish();
}

/// Code stubs of the same board: each language that has templates, then all of them.
fn code_stubs(c: &mut Criterion) {
    let board = generate::board(40_000, 7);
    let analysis = Analysis::of(&board);
    let languages: Vec<Target> = Target::ALL
        .into_iter()
        .filter(|t| t.language().is_some_and(|l| code::languages().contains(&l)))
        .collect();
    let mut group = c.benchmark_group("code 10k events");
    group.sample_size(10);
    for target in &languages {
        group.bench_function(BenchmarkId::new("language", target.name()), |b| {
            b.iter(|| {
                export::export(black_box(&board), &analysis, *target, Options::default())
                    .map(|f| f.len())
            });
        });
    }
    group.bench_function(
        format!("all {} languages, one after the other", languages.len()),
        |b| {
            b.iter(|| {
                languages
                    .iter()
                    .filter_map(|t| export::export(&board, &analysis, *t, Options::default()).ok())
                    .map(|f| f.len())
                    .sum::<usize>()
            });
        },
    );
    group.bench_function(
        format!("all {} languages, side by side", languages.len()),
        |b| {
            b.iter(|| {
                export::export_many(&board, &analysis, &languages, Options::default(), None)
                    .into_iter()
                    .filter_map(Result::ok)
                    .map(|f| f.len())
                    .sum::<usize>()
            });
        },
    );
    group.finish();
}

criterion_group!(benches, spec_exports, code_stubs);
criterion_main!(benches);
