//! What one finished edit costs the UI thread on a generated 100k-sticky board (issue 15's
//! goal: at most 4 ms): typing a letter into one sticky, then catching up the derived data as
//! the window does: the spatial index updated by the touched items, a snapshot of the board
//! for the recovery copy, and the hand-off of the analysis and model check to a background
//! thread. Beside it, what each of those cost before (a full index build, a deep copy of the
//! maps, the analysis and check on the UI thread), as reference figures.
//!
//! `cargo bench --bench edit`

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stormpad::edit::Edit;
use stormpad::model::analysis::Analysis;
use stormpad::model::spatial::SpatialIndex;
use stormpad::model::{Id, check, generate};
use stormpad::ui::document::Document;

const SIZE: usize = 100_000;

fn one_edit(c: &mut Criterion) {
    let mut group = c.benchmark_group("edit on 100k");
    group.sample_size(20);
    let ctx = egui::Context::default();
    let mut doc = Document::untitled(generate::board(SIZE, 42));
    let Some(target) = doc.board.stickies.keys().nth(SIZE / 2).copied() else {
        panic!("the generated board is empty");
    };
    let mut index = SpatialIndex::build(&doc.board);
    let mut indexed_at = doc.history.revision();
    let mut letter = 0u8;
    // Each iteration types one letter in place of the last one: the text keeps its length, so
    // every iteration measures the same edit. (A text one letter longer each iteration made
    // the history, which keeps every step, grow quadratically; long runs were killed.)
    let typed = doc.board.stickies[&target].text.clone();
    group.bench_function("typing a letter: edit, index, snapshot, hand-off", |b| {
        b.iter(|| {
            letter = letter.wrapping_add(1);
            let mut sticky = doc.board.stickies[&target].clone();
            sticky.text.clone_from(&typed);
            sticky.text.push(char::from(b'a' + letter % 26));
            doc.apply(vec![Edit::PutSticky {
                id: target,
                sticky: Some(sticky),
            }]);
            doc.history.commit();
            let touched = doc.history.touched_since(indexed_at).unwrap_or_default();
            index.update(&doc.board, &touched.stickies, &touched.links);
            indexed_at = doc.history.revision();
            let recovery_copy = black_box(doc.board.clone());
            let derived = doc.derived(&ctx, true);
            (recovery_copy.stickies.len(), derived.revision)
        });
    });

    let board = doc.board.clone();
    group.bench_function("snapshot of the board", |b| {
        b.iter(|| black_box(board.clone()));
    });
    let deep: BTreeMap<Id, _> = board
        .stickies
        .iter()
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    group.bench_function("before: deep copy of the stickies", |b| {
        b.iter(|| black_box(deep.clone()));
    });
    group.bench_function("before: spatial index built again", |b| {
        b.iter(|| black_box(SpatialIndex::build(&board)));
    });
    group.sample_size(10);
    group.bench_function("before: analysis and check on the UI thread", |b| {
        b.iter(|| {
            let analysis = Analysis::of(&board);
            check::check(&board, &analysis).len()
        });
    });
    group.finish();
}

criterion_group!(benches, one_edit);
criterion_main!(benches);
