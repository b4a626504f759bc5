//! OUTPUT: every export target is a pure function from the board to a list of [`OutputFile`]s
//! ([`export`] is the registry); this module owns the one function that writes them,
//! [`write_outputs`]. Whatever people
//! type on stickies ends up in file names, so every path is untrusted: the writer refuses any
//! path that could leave the chosen folder or clash on another file system, never follows a
//! link out of the folder, and never deletes a file it did not write.

mod asyncapi;
pub mod cloudevents;
pub mod code;
pub mod contracts;
mod eventcatalog;
mod jsonschema;
mod markdown;
mod parallel;
pub mod schema;
pub mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::model::Board;
use crate::model::analysis::Analysis;
use contracts::Contracts;

/// One file an export produces, its path relative to the output folder (`/`-separated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
    /// What to do when the file already exists.
    pub merge: Merge,
}

/// How an output meets a file already at its path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Merge {
    /// Replace it: the file is entirely generated.
    #[default]
    Overwrite,
    /// Replace the `---` frontmatter and keep the text a person wrote below it (EventCatalog
    /// pages).
    KeepBody,
    /// Leave an existing file alone: it is a starting point a person owns from then on.
    CreateOnly,
}

impl OutputFile {
    /// A generated file that is overwritten on the next export.
    pub fn new(path: String, contents: Vec<u8>) -> Self {
        Self {
            path,
            contents,
            merge: Merge::Overwrite,
        }
    }
}

/// A JSON output: pretty, two-space indented, with a final newline.
pub(crate) fn json_file(
    path: String,
    value: &serde_json::Value,
) -> Result<OutputFile, OutputError> {
    match serde_json::to_string_pretty(value) {
        Ok(mut text) => {
            text.push('\n');
            Ok(OutputFile::new(path, text.into_bytes()))
        }
        Err(e) => Err(OutputError::Contents {
            path,
            message: e.to_string(),
        }),
    }
}

/// Why a target's files could not be made. Nothing is written then: no empty or partial file
/// stands in for one that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// A code target's templates could not be loaded or rendered.
    Template(code::TemplateError),
    /// The contents of one file could not be produced (serialising or formatting failed).
    Contents { path: String, message: String },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Template(e) => e.fmt(f),
            OutputError::Contents { path, message } => {
                write!(f, "{path}: its contents could not be written: {message}")
            }
        }
    }
}

impl std::error::Error for OutputError {}

impl From<code::TemplateError> for OutputError {
    fn from(e: code::TemplateError) -> Self {
        OutputError::Template(e)
    }
}

/// Every export target (ARCHITECTURE.md's CLI surface names them). The enum is the one list:
/// [`Target::ALL`], [`Target::SPECS`], [`Target::CODE`] and the names are derived from it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum Target {
    /// One JSON Schema (draft 2020-12) and a sample per event and command.
    JsonSchema,
    /// One AsyncAPI 3.0 document per bounded context.
    AsyncApi,
    /// An EventCatalog (v3) folder: domains, services, events, commands, queries, channels.
    EventCatalog,
    /// CloudEvents 1.0 types, envelope schemas and samples of the public events.
    CloudEvents,
    /// One readable Markdown document of the whole model.
    Markdown,
    /// A Rust crate: types with serde, aggregate, policy and read-model skeletons.
    Rust,
    /// TypeScript modules.
    TypeScript,
    /// Java 17 packages.
    Java,
    /// Python packages (typed, checked with mypy --strict).
    Python,
    /// Go packages.
    Go,
    /// Kotlin packages.
    Kotlin,
}

impl Target {
    /// Every target, in the order the export dialog lists them (the order of the enum).
    pub const ALL: [Target; <Self as strum::VariantArray>::VARIANTS.len()] = {
        let variants = <Self as strum::VariantArray>::VARIANTS;
        let mut all = [Target::JsonSchema; <Self as strum::VariantArray>::VARIANTS.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = variants[i];
            i += 1;
        }
        all
    };

    /// The code targets, one per language.
    pub const CODE: [Target; 6] = Self::those(true);

    /// The event-definition targets (no templates involved).
    pub const SPECS: [Target; 5] = Self::those(false);

    /// The targets of [`Target::ALL`] that are code targets (`code`) or not, in order. `N`
    /// must be their number: a new target that changes it stops the build here.
    const fn those<const N: usize>(code: bool) -> [Target; N] {
        let mut those = [Target::JsonSchema; N];
        let (mut i, mut n) = (0, 0);
        while i < Self::ALL.len() {
            if Self::ALL[i].is_code() == code {
                assert!(n < N, "more targets of this group than the constant says");
                those[n] = Self::ALL[i];
                n += 1;
            }
            i += 1;
        }
        assert!(n == N, "fewer targets of this group than the constant says");
        those
    }

    /// Whether the target writes code from templates (rather than event definitions).
    pub const fn is_code(self) -> bool {
        match self {
            Target::Rust
            | Target::TypeScript
            | Target::Java
            | Target::Python
            | Target::Go
            | Target::Kotlin => true,
            Target::JsonSchema
            | Target::AsyncApi
            | Target::EventCatalog
            | Target::CloudEvents
            | Target::Markdown => false,
        }
    }

    /// The template language of a code target (its name), `None` for spec targets.
    pub fn language(self) -> Option<&'static str> {
        self.is_code().then(|| self.name())
    }

    /// The name used on the command line and in the dialog (the variant in lower case).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// One line on what it produces.
    pub fn summary(self) -> &'static str {
        match self {
            Target::JsonSchema => "JSON Schema 2020-12 and a sample per event and command",
            Target::AsyncApi => "AsyncAPI 3.0 document per bounded context",
            Target::EventCatalog => "EventCatalog 3 folder (domains, services, messages)",
            Target::CloudEvents => "CloudEvents 1.0 types, envelope schemas and samples",
            Target::Markdown => "one Markdown overview of the model",
            Target::Rust => "Rust crate: types, aggregates, policies, projectors",
            Target::TypeScript => "TypeScript modules: types, aggregates, policies, projectors",
            Target::Java => "Java 17 packages: records, aggregates, policies, projectors",
            Target::Python => "Python packages: dataclasses, aggregates, policies, projectors",
            Target::Go => "Go packages: structs, aggregates, policies, projectors",
            Target::Kotlin => "Kotlin packages: data classes, aggregates, policies, projectors",
        }
    }
}

/// Choices that change what a target writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// List internal events too (AsyncAPI, EventCatalog, CloudEvents), not only the ones that
    /// cross a boundary.
    pub include_internal: bool,
}

/// The files `target` makes of `board`: deterministic (the same board gives the same bytes)
/// and sorted by path. Code targets use their default templates.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    target: Target,
    options: Options,
) -> Result<Vec<OutputFile>, OutputError> {
    export_with_templates(board, analysis, target, options, None)
}

/// Exports several targets side by side, one thread each (the export dialog, benchmarks);
/// the code targets share one outline of the board ([`code::generate_many`]). Code targets
/// read their templates from `templates` (see [`code::TemplateSet::load`]), else use the
/// defaults. Results come in the order of `targets`.
pub fn export_many(
    board: &Board,
    analysis: &Analysis,
    targets: &[Target],
    options: Options,
    templates: Option<&Path>,
) -> Vec<Result<Vec<OutputFile>, OutputError>> {
    let stopped = || {
        OutputError::Template(code::TemplateError {
            file: None,
            line: None,
            message: "an export stopped unexpectedly".into(),
        })
    };
    let mut results: Vec<Option<Result<Vec<OutputFile>, OutputError>>> =
        targets.iter().map(|_| None).collect();
    // Template sets first: one that does not load is that target's result.
    let mut sets = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        if let Some(language) = target.language() {
            match code::TemplateSet::load(language, templates) {
                Ok(set) => sets.push((i, set)),
                Err(e) => results[i] = Some(Err(e.into())),
            }
        }
    }
    std::thread::scope(|s| {
        let specs: Vec<_> = targets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.language().is_none())
            .map(|(i, target)| {
                (
                    i,
                    s.spawn(move || export_with_templates(board, analysis, *target, options, None)),
                )
            })
            .collect();
        if !sets.is_empty() {
            let languages: Vec<&code::TemplateSet> = sets.iter().map(|(_, set)| set).collect();
            let code = code::generate_many(board, analysis, &languages);
            for ((i, _), result) in sets.iter().zip(code) {
                results[*i] = Some(result.map_err(OutputError::from));
            }
        }
        for (i, handle) in specs {
            results[i] = Some(handle.join().unwrap_or_else(|_| Err(stopped())));
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(stopped())))
        .collect()
}

/// Like [`export`], with a team's own templates for a code target.
pub fn export_with_templates(
    board: &Board,
    analysis: &Analysis,
    target: Target,
    options: Options,
    templates: Option<&code::TemplateSet>,
) -> Result<Vec<OutputFile>, OutputError> {
    if let Some(language) = target.language() {
        let files = match templates {
            Some(set) => code::generate(board, analysis, set),
            None => code::generate(board, analysis, &code::TemplateSet::embedded(language)?),
        };
        return Ok(files?);
    }
    let contracts = Contracts::of(board, analysis);
    let mut files = match target {
        Target::JsonSchema => jsonschema::export(board, &contracts)?,
        Target::AsyncApi => asyncapi::export(board, analysis, &contracts, options.include_internal),
        Target::EventCatalog => {
            eventcatalog::export(board, analysis, &contracts, options.include_internal)?
        }
        Target::CloudEvents => cloudevents::export(board, &contracts, options.include_internal)?,
        Target::Markdown => markdown::export(board, analysis, &contracts)?,
        Target::Rust
        | Target::TypeScript
        | Target::Java
        | Target::Python
        | Target::Go
        | Target::Kotlin => Vec::new(),
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Why an export was not written. Nothing is written when any path is refused.
#[derive(Debug)]
pub enum ExportError {
    /// A path that could escape the folder or that some file system cannot hold.
    UnsafePath { path: String, reason: &'static str },
    /// Two outputs that would be one file where case does not count (macOS, Windows).
    CaseCollision { first: String, second: String },
    /// Writing failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnsafePath { path, reason } => {
                write!(f, "refused to write \"{path}\": {reason}")
            }
            ExportError::CaseCollision { first, second } => write!(
                f,
                "refused to write \"{first}\" and \"{second}\": they differ only in case and \
                 would be one file on macOS and Windows"
            ),
            ExportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {}

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Checks that a relative output path stays inside the folder and is a valid file name on
/// Linux, macOS and Windows alike.
pub fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("the path is empty");
    }
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err("absolute paths and drive letters are not allowed");
    }
    if path.contains('\\') {
        return Err("backslashes are not allowed (paths use `/`)");
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err("empty, `.` and `..` path parts are not allowed");
        }
        if part
            .chars()
            .any(|c| c.is_control() || "<>\"|?*".contains(c))
        {
            return Err("the name holds a character Windows does not allow");
        }
        if part.ends_with('.') || part.ends_with(' ') {
            return Err("a name ending in a dot or a space is not allowed on Windows");
        }
        let stem = part.split('.').next().unwrap_or(part).trim_end();
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
            return Err("the name is reserved for a device on Windows");
        }
        if part.len() > 255 {
            return Err("a name longer than 255 bytes is not allowed");
        }
    }
    Ok(())
}

/// What [`write_outputs`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Files left as they were because a person owns them ([`Merge::CreateOnly`]).
    pub kept: Vec<PathBuf>,
}

/// The frontmatter (`---` ... `---`) of `new` followed by the body of `old`; `new` whole
/// when `old` has no frontmatter to replace (a person rewrote the file: keep theirs).
fn with_body_of(new: &[u8], old: &[u8]) -> Vec<u8> {
    let (Ok(new), Ok(old)) = (std::str::from_utf8(new), std::str::from_utf8(old)) else {
        return old.to_vec();
    };
    match (split_frontmatter(new), split_frontmatter(old)) {
        (Some((front, _)), Some((_, body))) => format!("{front}{body}").into_bytes(),
        _ => old.as_bytes().to_vec(),
    }
}

/// Splits a page into its frontmatter (both `---` lines included) and the rest.
fn split_frontmatter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let split = 4 + end + 5;
    Some((&text[..split], &text[split..]))
}

/// Writes `files` under `root` (created if missing). Every path is checked before anything is
/// written; existing files with other names are left alone; an existing link on the way (a
/// folder or the file itself) is refused rather than followed; each file is written
/// atomically.
pub fn write_outputs(root: &Path, files: &[OutputFile]) -> Result<WriteReport, ExportError> {
    let mut folded: BTreeMap<String, &str> = BTreeMap::new();
    for file in files {
        check_path(&file.path).map_err(|reason| ExportError::UnsafePath {
            path: file.path.clone(),
            reason,
        })?;
        if let Some(first) = folded.insert(file.path.to_lowercase(), &file.path) {
            return Err(ExportError::CaseCollision {
                first: first.to_owned(),
                second: file.path.clone(),
            });
        }
    }
    std::fs::create_dir_all(root).map_err(|source| ExportError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut report = WriteReport::default();
    for file in files {
        let target = inside(root, &file.path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let existing = match file.merge {
            Merge::Overwrite => None,
            Merge::KeepBody | Merge::CreateOnly => std::fs::read(&target).ok(),
        };
        let contents = match (file.merge, existing) {
            (Merge::CreateOnly, Some(_)) => {
                report.kept.push(target);
                continue;
            }
            (Merge::KeepBody, Some(old)) => with_body_of(&file.contents, &old),
            _ => file.contents.clone(),
        };
        crate::file::write_atomic(&target, &contents).map_err(|source| ExportError::Io {
            path: target.clone(),
            source,
        })?;
        report.written.push(target);
    }
    Ok(report)
}

/// The path of `relative` under `root`, refusing links among the parts that already exist.
fn inside(root: &Path, relative: &str) -> Result<PathBuf, ExportError> {
    let mut at = root.to_path_buf();
    for part in Path::new(relative).components() {
        let Component::Normal(name) = part else {
            return Err(ExportError::UnsafePath {
                path: relative.to_owned(),
                reason: "only plain names are allowed",
            });
        };
        at.push(name);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ExportError::UnsafePath {
                path: relative.to_owned(),
                reason: "a link in the output folder is in the way; links are not followed",
            });
        }
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str) -> OutputFile {
        OutputFile::new(path.to_owned(), b"x".to_vec())
    }

    #[test]
    fn paths_that_leave_the_folder_or_break_on_some_system_are_refused() {
        for bad in [
            "../../x",
            "a/../../b",
            "/etc/passwd",
            "C:/x",
            "\\\\server\\x",
            "a//b",
            "./a",
            "CON",
            "con.json",
            "events/NUL.md",
            "Lpt1.txt",
            "a\u{0}b",
            "what?.json",
            "dot.",
            "space ",
            "",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?} was accepted");
        }
        for good in [
            "events/order-placed/schema.json",
            "README.md",
            "Café/über.md",
            "console.md",
        ] {
            assert!(check_path(good).is_ok(), "{good:?} was refused");
        }
    }

    #[test]
    fn nothing_is_written_when_one_path_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("out");
        let result = write_outputs(&root, &[out("fine.md"), out("../escape.md")]);
        assert!(matches!(result, Err(ExportError::UnsafePath { .. })));
        assert!(!root.join("fine.md").exists());
        assert!(!dir.path().join("escape.md").exists());
        Ok(())
    }

    #[test]
    fn names_differing_only_in_case_are_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let result = write_outputs(
            dir.path(),
            &[out("events/Order.json"), out("events/order.json")],
        );
        assert!(
            matches!(result, Err(ExportError::CaseCollision { .. })),
            "{result:?}"
        );
        Ok(())
    }

    #[test]
    fn a_link_inside_the_folder_is_not_followed_out_of_it() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside)?;
        let root = dir.path().join("out");
        std::fs::create_dir(&root)?;
        std::os::unix::fs::symlink(&outside, root.join("events"))?;
        std::os::unix::fs::symlink(outside.join("f.md"), root.join("f.md"))?;
        assert!(write_outputs(&root, &[out("events/x.md")]).is_err());
        assert!(write_outputs(&root, &[out("f.md")]).is_err());
        assert_eq!(
            std::fs::read_dir(&outside)?.count(),
            0,
            "nothing was written outside"
        );
        Ok(())
    }

    #[test]
    fn merging_keeps_the_prose_under_the_frontmatter_and_files_a_person_owns()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let page = |front: &str, body: &str| OutputFile {
            path: "events/a/index.mdx".into(),
            contents: format!("---\nid: {front}\n---\n{body}").into_bytes(),
            merge: Merge::KeepBody,
        };
        write_outputs(dir.path(), &[page("a", "generated\n")])?;
        let path = dir.path().join("events/a/index.mdx");
        std::fs::write(&path, "---\nid: a\n---\nWritten by a person.\n")?;
        write_outputs(dir.path(), &[page("b", "generated\n")])?;
        assert_eq!(
            std::fs::read_to_string(&path)?,
            "---\nid: b\n---\nWritten by a person.\n"
        );
        let owned = OutputFile {
            merge: Merge::CreateOnly,
            ..out("skeleton.rs")
        };
        write_outputs(dir.path(), std::slice::from_ref(&owned))?;
        std::fs::write(dir.path().join("skeleton.rs"), "mine")?;
        let report = write_outputs(dir.path(), &[owned])?;
        assert_eq!(report.kept.len(), 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("skeleton.rs"))?,
            "mine"
        );
        Ok(())
    }

    #[test]
    fn re_exporting_keeps_files_stormpad_did_not_write() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("events"))?;
        std::fs::write(dir.path().join("events/notes-by-a-person.md"), "keep me")?;
        let first = write_outputs(dir.path(), &[out("events/a.md"), out("events/b.md")])?;
        assert_eq!(first.written.len(), 2);
        write_outputs(dir.path(), &[out("events/a.md")])?;
        assert_eq!(
            std::fs::read_to_string(dir.path().join("events/notes-by-a-person.md"))?,
            "keep me"
        );
        assert!(
            dir.path().join("events/b.md").exists(),
            "an output no longer produced stays"
        );
        Ok(())
    }
}
