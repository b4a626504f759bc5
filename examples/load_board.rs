//! Loads a board file and reports how long parsing took: for profiling the loader
//! (`perf record cargo run --release --example load_board -- FILE`).

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_board FILE");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match stormpad::file::read(std::path::Path::new(&path)) {
        Ok(loaded) => {
            println!(
                "{} stickies, {} warnings, {:.0} ms",
                loaded.board.stickies.len(),
                loaded.warnings.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.with_file(std::path::Path::new(&path)));
            ExitCode::from(2)
        }
    }
}
