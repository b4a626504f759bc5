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
    let findings = check::check(board, &analysis);
    let errors: Vec<_> = findings
        .iter()
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
    let files = match crate::export::export_with_findings(
        board,
        &analysis,
        target,
        options,
        set.as_ref(),
        findings,
    ) {
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

/// Runs `stormpad merge` (git's merge driver): exit 0 when merged cleanly, 1 when conflicts are
/// left (hotspots, or conflict markers from the text fallback), 2 when a file cannot be read
/// or written (ours is then unchanged, and git reports a conflict). A panic inside the board
/// merge is caught: the text merge runs instead and the exit code is never 0.
pub fn merge(request: &crate::file::merge::driver::Request) -> ExitCode {
    use crate::file::merge::driver;
    let mut stderr = std::io::stderr();
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        driver::run(request, &mut stderr)
    }));
    let (result, crashed) = match attempt {
        Ok(result) => (result, false),
        Err(_) => {
            eprintln!(
                "{}: stormpad merge failed inside (a bug; please report it); merging as text",
                request.shown()
            );
            (driver::text_merge(request, &mut std::io::stderr()), true)
        }
    };
    match result {
        Ok(outcome) if outcome.is_clean() && !crashed => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{}: {e}", request.shown());
            ExitCode::from(EXIT_IO)
        }
    }
}

/// The names git gives the three sides. A label git did not fill in (git before 2.44 leaves
/// `%S`, `%X`, `%Y` as they are) is worked out from the environment `git merge` sets
/// (`GITHEAD_<sha>=branch`, `GIT_REFLOG_ACTION=merge branch`), else "base", "ours", "theirs".
pub fn merge_labels(
    base: Option<String>,
    ours: Option<String>,
    theirs: Option<String>,
) -> crate::file::merge::Labels {
    let given = |label: Option<String>| label.filter(|l| !l.is_empty() && !l.starts_with('%'));
    let from_env = || {
        let heads: Vec<String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("GITHEAD_"))
            .map(|(_, v)| v)
            .collect();
        match heads.as_slice() {
            [one] => Some(one.clone()),
            _ => std::env::var("GIT_REFLOG_ACTION")
                .ok()
                .and_then(|a| a.strip_prefix("merge ").map(str::to_owned)),
        }
    };
    let defaults = crate::file::merge::Labels::default();
    crate::file::merge::Labels {
        base: given(base).unwrap_or(defaults.base),
        ours: given(ours).unwrap_or(defaults.ours),
        theirs: given(theirs).or_else(from_env).unwrap_or(defaults.theirs),
    }
}

/// Prints what changed from board `a` to board `b`; exit 0 when nothing did, 1 when something
/// did (as diff(1)), 2 when a board cannot be read.
pub fn diff(a: &Path, b: &Path) -> ExitCode {
    let (old, new) = match (file::read(a), file::read(b)) {
        (Ok(old), Ok(new)) => (old.board, new.board),
        (Err(e), _) => {
            eprintln!("{}", e.with_file(a));
            return ExitCode::from(EXIT_IO);
        }
        (_, Err(e)) => {
            eprintln!("{}", e.with_file(b));
            return ExitCode::from(EXIT_IO);
        }
    };
    let changes = crate::file::merge::diff::diff(&old, &new);
    print!("{}", changes.render());
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints a board one line per item (git's textconv for `git diff`). A file that does not load
/// is printed as it is, so `git diff` still shows something, and the problem goes to stderr.
pub fn textconv(path: &Path) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", path.display());
            return ExitCode::from(EXIT_IO);
        }
    };
    let text = match file::from_bytes(&bytes) {
        Ok(loaded) => crate::file::merge::textconv::text(&loaded.board),
        Err(e) => {
            eprintln!("{}", e.with_file(path));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    use std::io::Write;
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

/// Configures git to merge and diff boards with Stormpad, for the repository in the current
/// folder or (`global`) for the user. Running it again changes nothing.
pub fn git_setup(global: bool) -> ExitCode {
    match crate::file::merge::setup::run(Path::new("."), global) {
        Ok(done) => {
            println!("git merge driver: {}", done.driver);
            if let Some((path, added)) = done.attributes {
                let what = if added { "added to" } else { "already in" };
                println!(
                    "\"{}\" {what} {}",
                    crate::file::merge::setup::ATTRIBUTES_LINE,
                    path.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("git-setup: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

/// `stormpad host FILE`: serves the board live until SIGINT or SIGTERM, printing the join
/// addresses; the shared board is saved back to FILE at an interval and on exit.
pub fn host(path: &Path, bind: std::net::IpAddr, port: u16, save_every: u64) -> ExitCode {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let shown = path.display().to_string();
    let loaded = match file::read(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("{}", e.with_file(path));
            return ExitCode::from(EXIT_IO);
        }
    };
    for w in &loaded.warnings {
        eprintln!("{shown}: warning: {w}");
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        if let Err(e) = signal_hook::flag::register(signal, stop.clone()) {
            eprintln!("stormpad host: cannot handle signals: {e}");
            return ExitCode::from(EXIT_IO);
        }
    }
    let options = crate::live::HostOptions {
        bind,
        port,
        room: crate::live::host::room_name(path),
        save_to: Some(path.to_path_buf()),
        save_every: std::time::Duration::from_secs(save_every.max(1)),
        ..crate::live::HostOptions::default()
    };
    let host = match crate::live::Host::start(loaded.board, options) {
        Ok(host) => host,
        Err(e) => {
            eprintln!("stormpad host: cannot listen on {bind}:{port}: {e}");
            return ExitCode::from(EXIT_IO);
        }
    };
    println!(
        "Sharing {shown} live on {} (room \"{}\")",
        host.addr(),
        host.room()
    );
    if bind.is_unspecified() {
        println!(
            "Listening on every network interface: use this machine's network address in place of {bind}."
        );
    } else if bind.is_loopback() {
        println!("Only this machine can join (--bind 0.0.0.0 opens it to the local network).");
    }
    println!("join:   {}", host.join_url());
    println!("viewer: {}", host.viewer_url());
    use std::io::Write;
    let _ = std::io::stdout().flush();
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        for line in host.take_log() {
            eprintln!("stormpad host: {line}");
        }
    }
    let board = host.stop();
    println!("Saved {shown} ({} stickies).", board.stickies.len());
    ExitCode::SUCCESS
}

/// `stormpad join URL --out FILE`: fetches a live board into a file, in canonical form.
pub fn join(url: &str, out: &Path, timeout: u64) -> ExitCode {
    let mut client = crate::live::LiveClient::join(url, true, Box::new(|| {}));
    let mut board = crate::model::Board::default();
    if let Err(e) = client.wait_synced(&mut board, std::time::Duration::from_secs(timeout)) {
        eprintln!("stormpad join: {url}: {e}");
        return ExitCode::from(EXIT_IO);
    }
    for w in client.poll(&mut board).warnings {
        eprintln!("stormpad join: warning: {w}");
    }
    client.leave();
    if let Err(e) = file::write(out, &board) {
        eprintln!("stormpad join: cannot write {}: {e}", out.display());
        return ExitCode::from(EXIT_IO);
    }
    println!(
        "Wrote {} ({} stickies).",
        out.display(),
        board.stickies.len()
    );
    ExitCode::SUCCESS
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
