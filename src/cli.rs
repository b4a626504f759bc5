//! The headless commands behind `stormpad check` and `stormpad fmt`, for CI pipelines and
//! pre-commit hooks. Output goes to stdout, problems to stderr, results are exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::file;

/// How `check` prints what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col: message`, one finding per line.
    Text,
    /// One JSON object per finding, one per line.
    Json,
}

/// Exit code: a file could not be read or written.
const EXIT_IO: u8 = 2;

/// Loads `path`, prints load errors and repair warnings; exit 1 on errors.
pub fn check(path: &Path, format: CheckFormat) -> ExitCode {
    let shown = path.display().to_string();
    match file::read(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                emit(format, &shown, None, "warning", &w.to_string());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            emit(format, &shown, e.position, "error", &e.message);
            ExitCode::FAILURE
        }
    }
}

fn emit(format: CheckFormat, file: &str, pos: Option<(usize, usize)>, severity: &str, msg: &str) {
    match format {
        CheckFormat::Text => match pos {
            Some((l, c)) => println!("{file}:{l}:{c}: {severity}: {msg}"),
            None => println!("{file}: {severity}: {msg}"),
        },
        CheckFormat::Json => {
            let (line, col) = pos.map_or(("null".to_owned(), "null".to_owned()), |(l, c)| {
                (l.to_string(), c.to_string())
            });
            println!(
                "{{\"file\":{},\"line\":{line},\"column\":{col},\"severity\":\"{severity}\",\"message\":{}}}",
                json_string(file),
                json_string(msg)
            );
        }
    }
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Rewrites each file in canonical form, or with `check_only` reports the ones that are not.
/// A file that fails to load is never touched.
pub fn fmt(paths: &[PathBuf], check_only: bool) -> ExitCode {
    let mut worst = 0u8;
    for path in paths {
        let original = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: cannot read: {e}", path.display());
                worst = worst.max(EXIT_IO);
                continue;
            }
        };
        let loaded = match file::from_str(&original) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{}", e.with_file(path));
                worst = worst.max(EXIT_IO);
                continue;
            }
        };
        let canonical = file::to_string(&loaded.board);
        if canonical == original {
            continue;
        }
        if check_only {
            eprintln!(
                "{}: not in canonical form (run `stormpad fmt`)",
                path.display()
            );
            worst = worst.max(1);
        } else if let Err(e) = file::write_atomic(path, canonical.as_bytes()) {
            eprintln!("{}: cannot write: {e}", path.display());
            worst = worst.max(EXIT_IO);
        }
    }
    ExitCode::from(worst)
}
