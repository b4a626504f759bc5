//! The headless commands behind `stormpad check` and `stormpad fmt`, for CI pipelines and
//! pre-commit hooks. Output goes to stdout, problems to stderr, results are exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::export::code::TemplateSet;
use crate::export::picture::{self, Format};
use crate::export::{Options, Target};
use crate::file;
use crate::model::Id;
use crate::model::analysis::Analysis;
use crate::model::check::{self, Severity};

/// How `check` prints what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `file: ES012 warning: message (fix: ...)`, one finding per line; load problems as
    /// `file:line:col: error: message`.
    Text,
    /// One JSON object per finding, one per line.
    Json,
}

/// The values of `export --to`: every export target by its name, with its summary in `--help`.
/// The CLI maps its words to the core's [`Target`]; the core knows nothing of clap.
pub fn target_parser() -> impl TypedValueParser<Value = Target> {
    let values = Target::ALL.map(|t| PossibleValue::new(t.name()).help(t.summary()));
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Target>())
}

/// Exit code: a file could not be read or written.
const EXIT_IO: u8 = 2;

/// Loads `path`, runs the model check and prints repairs and findings; a board that cannot
/// be read is reported on stderr with exit 2 (as `export` and `fmt` do), a check that finds
/// errors exits 1.
pub fn check(path: &Path, format: CheckFormat) -> ExitCode {
    let shown = path.display().to_string();
    let loaded = match file::read(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("{}", line(format, &shown, e.position, "error", &e.message));
            return ExitCode::from(EXIT_IO);
        }
    };
    for w in &loaded.warnings {
        println!("{}", line(format, &shown, None, "warning", &w.to_string()));
    }
    let board = &loaded.board;
    let findings = check::check(board, &Analysis::of(board));
    for f in &findings {
        match format {
            CheckFormat::Text => println!("{shown}: {f}"),
            CheckFormat::Json => {
                let stickies: Vec<String> = f.stickies.iter().map(Id::to_string).collect();
                let names: Vec<&str> = f
                    .stickies
                    .iter()
                    .filter_map(|id| board.stickies.get(id))
                    .map(|s| s.text.as_str())
                    .collect();
                let object = serde_json::json!({
                    "file": shown,
                    "code": f.code(),
                    "severity": f.severity.label(),
                    "message": f.message,
                    "fix": f.fix,
                    "stickies": stickies,
                    "names": names,
                });
                println!("{object}");
            }
        }
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A problem with the file itself (not a finding of the check), as one line in `format`.
fn line(
    format: CheckFormat,
    file: &str,
    pos: Option<(usize, usize)>,
    severity: &str,
    msg: &str,
) -> String {
    match format {
        CheckFormat::Text => match pos {
            Some((l, c)) => format!("{file}:{l}:{c}: {severity}: {msg}"),
            None => format!("{file}: {severity}: {msg}"),
        },
        CheckFormat::Json => serde_json::json!({
            "file": file,
            "line": pos.map(|p| p.0),
            "column": pos.map(|p| p.1),
            "severity": severity,
            "message": msg,
        })
        .to_string(),
    }
}

/// Exports `path` as `target` into the folder `out`. Findings of the model check that are
/// errors are printed to stderr and stop the export (exit 1, nothing written: the files would
/// be quietly degraded) unless `allow_errors`; exit 2 when the board cannot be read or the
/// files cannot be written.
pub fn export(
    path: &Path,
    target: Target,
    out: &Path,
    (options, allow_errors): (Options, bool),
    templates: Option<&Path>,
    pictures: &picture::Options,
) -> ExitCode {
    let loaded = match file::read(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("{}", e.with_file(path));
            return ExitCode::from(EXIT_IO);
        }
    };
    let board = &loaded.board;
    if let Some(format) = Format::of(target) {
        // A picture shows the board as it is: the check's errors do not stop it.
        return match picture::export(board, format, pictures) {
            Ok(files) => write_files(target, out, &files),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                ExitCode::FAILURE
            }
        };
    }
    if *pictures != picture::Options::default() {
        eprintln!(
            "--scale and --context apply to pictures (svg, png, pdf) only; {} ignores them",
            target.name()
        );
    }
    let analysis = Analysis::of(board);
    let errors: Vec<_> = check::check(board, &analysis)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    for f in &errors {
        eprintln!("{}: {f}", path.display());
    }
    if !errors.is_empty() && !allow_errors {
        eprintln!(
            "{}: not exported: the model check found {} error(s) (fix them, or export anyway with --allow-errors)",
            path.display(),
            errors.len()
        );
        return ExitCode::FAILURE;
    }
    let set = match (target.language(), templates) {
        (Some(language), dir) => match TemplateSet::load(language, dir) {
            Ok(set) => Some(set),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_IO);
            }
        },
        (None, Some(_)) => {
            eprintln!(
                "--templates applies to code targets only; {} ignores it",
                target.name()
            );
            None
        }
        (None, None) => None,
    };
    let files =
        match crate::export::export_with_templates(board, &analysis, target, options, set.as_ref())
        {
            Ok(files) => files,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_IO);
            }
        };
    write_files(target, out, &files)
}

/// Writes a target's files into `out` and says how many; exit 2 when they cannot be written.
fn write_files(target: Target, out: &Path, files: &[crate::export::OutputFile]) -> ExitCode {
    match crate::export::write_outputs(out, files) {
        Ok(report) => {
            let kept = if report.kept.is_empty() {
                String::new()
            } else {
                format!(", kept {} file(s) a person owns", report.kept.len())
            };
            println!(
                "{}: wrote {} file(s) to {}{kept}",
                target.name(),
                report.written.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::from(EXIT_IO)
        }
    }
}

/// Copies the default code templates into `dir`, one folder per language, for a team to
/// change and use with `--templates`. Files already there are kept.
pub fn templates_export(dir: &Path) -> ExitCode {
    let files: Vec<_> = crate::export::code::default_template_files()
        .into_iter()
        .map(|mut f| {
            f.merge = crate::export::Merge::CreateOnly;
            f
        })
        .collect();
    match crate::export::write_outputs(dir, &files) {
        Ok(report) => {
            println!(
                "wrote {} template file(s) to {} (kept {} already there)",
                report.written.len(),
                dir.display(),
                report.kept.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            ExitCode::from(EXIT_IO)
        }
    }
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
        let canonical = match file::to_string(&loaded.board) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{}: cannot write: {e}", path.display());
                worst = worst.max(EXIT_IO);
                continue;
            }
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_is_a_value_of_export_to_and_nothing_else_is()
    -> Result<(), Box<dyn std::error::Error>> {
        let command = clap::Command::new("stormpad").arg(
            clap::Arg::new("to")
                .long("to")
                .value_parser(target_parser()),
        );
        for target in Target::ALL {
            let matches =
                command
                    .clone()
                    .try_get_matches_from(["stormpad", "--to", target.name()])?;
            assert_eq!(matches.get_one::<Target>("to"), Some(&target));
        }
        assert!(
            command
                .try_get_matches_from(["stormpad", "--to", "csharp"])
                .is_err()
        );
        Ok(())
    }
}
