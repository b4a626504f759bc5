//! Load and save of generated 10k and 100k-sticky boards: text to board and back, and through
//! a real file with the atomic writer. `cargo bench --bench file` (`-- "file/(save|open)"`:
//! "open" reads the file "save" wrote).
//!
//! With the allocator the `stormpad` binary uses, so the figures are what people get (a big
//! board is read on several threads, and glibc's per-thread arenas gave their pages back and
//! faulted them in again on every load).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::file;
use stormpad::model::generate;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load_and_save(c: &mut Criterion) {
    let mut group = c.benchmark_group("file");
    group.sample_size(10);
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary folder: {e}"),
    };
    for size in [10_000, 100_000] {
        let board = generate::board(size, 42);
        let text = match file::to_string(&board) {
            Ok(t) => t,
            Err(e) => panic!("the generated board does not serialise: {e}"),
        };
        eprintln!("{size} stickies: {} MB of text", text.len() / 1_000_000);
        let path = dir.path().join(format!("{size}.storm.ron"));
        group.bench_function(BenchmarkId::new("save", size), |b| {
            b.iter(|| file::write(&path, black_box(&board)).map_err(|e| e.to_string()));
        });
        group.bench_function(BenchmarkId::new("open", size), |b| {
            b.iter(|| {
                file::read(black_box(&path))
                    .map(|l| l.board.stickies.len())
                    .map_err(|e| e.to_string())
            });
        });
        group.bench_function(BenchmarkId::new("to text", size), |b| {
            b.iter(|| file::to_string(black_box(&board)).map(|t| t.len()));
        });
        group.bench_function(BenchmarkId::new("from text", size), |b| {
            b.iter(|| {
                file::from_str(black_box(&text))
                    .map(|l| l.board.stickies.len())
                    .map_err(|e| e.to_string())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load_and_save);
criterion_main!(benches);
