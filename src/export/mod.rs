//! OUTPUT: every export target ([`Target`]) is a pure function from the board to a list of
//! [`OutputFile`]s ([`export`] is the registry); [`write_outputs`] (in `write.rs`) is the one
//! function that writes them, refusing any path that could leave the chosen folder.

mod asyncapi;
pub mod cloudevents;
pub mod code;
pub mod contracts;
pub mod deliveries;
mod eventcatalog;
pub mod json;
mod jsonschema;
mod markdown;
mod parallel;
pub mod picture;
pub mod schema;
mod target;
mod write;
pub mod yaml;

use std::fmt;
use std::path::Path;

use crate::model::Board;
use crate::model::analysis::Analysis;
use crate::model::check::{self, Finding};
use contracts::Contracts;
use deliveries::Deliveries;
pub use target::{Group, Target};
pub use write::{ExportError, WriteReport, check_path, write_outputs};

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

/// A JSON output: pretty, two-space indented, with a final newline ([`json::Json`]).
pub(crate) fn json_file(
    path: String,
    value: &serde_json::Value,
) -> Result<OutputFile, OutputError> {
    use json::Sink;
    let mut text = json::Json::new();
    text.value(value);
    Ok(OutputFile::new(path, text.finish().into_bytes()))
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
    let mut results: Results = targets.iter().map(|_| None).collect();
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
    // The spec targets share their contracts and deliveries.
    let specs_wanted = targets
        .iter()
        .any(|t| t.language().is_none() && picture::Format::of(*t).is_none());
    // The model check (for the Markdown document) runs beside the naming of the contracts.
    let findings = std::sync::OnceLock::new();
    std::thread::scope(|early| {
        if targets.contains(&Target::Markdown) {
            early.spawn(|| findings.get_or_init(|| check::check(board, analysis)));
        }
        let inputs = specs_wanted.then(|| SpecInputs::of(board, analysis, &findings));
        run_side_by_side(
            (board, analysis),
            targets,
            options,
            inputs.as_ref(),
            (&sets, &mut results),
        );
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(stopped())))
        .collect()
}

/// The result of a target whose thread stopped without one.
fn stopped() -> OutputError {
    OutputError::Template(code::TemplateError {
        file: None,
        line: None,
        message: "an export stopped unexpectedly".into(),
    })
}

/// One result slot per target (filled in as they finish).
type Results = Vec<Option<Result<Vec<OutputFile>, OutputError>>>;

/// The targets of [`export_many`] side by side: each spec or picture target on a thread of
/// its own, the code targets (their template sets loaded) together.
fn run_side_by_side(
    (board, analysis): (&Board, &Analysis),
    targets: &[Target],
    options: Options,
    inputs: Option<&SpecInputs>,
    (sets, results): (&[(usize, code::TemplateSet)], &mut Results),
) {
    std::thread::scope(|s| {
        let specs: Vec<_> = targets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.language().is_none())
            .map(|(i, target)| {
                let work = move || match inputs {
                    Some(inputs) if picture::Format::of(*target).is_none() => {
                        spec_files(inputs, *target, options)
                    }
                    _ => export_with_templates(board, analysis, *target, options, None),
                };
                (i, s.spawn(work))
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
}

/// Like [`export`], with a team's own templates for a code target.
pub fn export_with_templates(
    board: &Board,
    analysis: &Analysis,
    target: Target,
    options: Options,
    templates: Option<&code::TemplateSet>,
) -> Result<Vec<OutputFile>, OutputError> {
    let findings = std::sync::OnceLock::new();
    export_one(board, analysis, (target, options), templates, &findings)
}

/// Like [`export_with_templates`], with the model check's `findings` for the board already
/// made (the CLI checks a board before it exports it): the Markdown document lists them
/// rather than checking the board again.
pub fn export_with_findings(
    board: &Board,
    analysis: &Analysis,
    target: Target,
    options: Options,
    templates: Option<&code::TemplateSet>,
    findings: Vec<Finding>,
) -> Result<Vec<OutputFile>, OutputError> {
    let made = std::sync::OnceLock::new();
    let _ = made.set(findings);
    export_one(board, analysis, (target, options), templates, &made)
}

/// One target's files; `findings` holds the model check's findings once they are made.
fn export_one(
    board: &Board,
    analysis: &Analysis,
    (target, options): (Target, Options),
    templates: Option<&code::TemplateSet>,
    findings: &std::sync::OnceLock<Vec<Finding>>,
) -> Result<Vec<OutputFile>, OutputError> {
    if let Some(language) = target.language() {
        let files = match templates {
            Some(set) => code::generate(board, analysis, set),
            None => code::generate(board, analysis, &code::TemplateSet::embedded(language)?),
        };
        return Ok(files?);
    }
    if let Some(format) = picture::Format::of(target) {
        return picture::export(board, format, &picture::Options::default());
    }
    spec_files(&SpecInputs::of(board, analysis, findings), target, options)
}

/// What the spec targets read besides the board: the named contracts, the resolved
/// deliveries and the model check's findings (worked out when a target first asks, or
/// beforehand by [`export_many`]). Made once for all the targets of one export, so five
/// targets side by side do not name every contract five times.
struct SpecInputs<'a> {
    board: &'a Board,
    analysis: &'a Analysis,
    contracts: Contracts<'a>,
    deliveries: std::sync::OnceLock<Deliveries>,
    findings: &'a std::sync::OnceLock<Vec<Finding>>,
}

impl<'a> SpecInputs<'a> {
    fn of(
        board: &'a Board,
        analysis: &'a Analysis,
        findings: &'a std::sync::OnceLock<Vec<Finding>>,
    ) -> Self {
        Self {
            board,
            analysis,
            contracts: Contracts::of(board, analysis),
            deliveries: std::sync::OnceLock::new(),
            findings,
        }
    }

    fn deliveries(&self) -> &Deliveries {
        self.deliveries
            .get_or_init(|| Deliveries::of(self.board, self.analysis))
    }

    fn findings(&self) -> &[Finding] {
        self.findings
            .get_or_init(|| check::check(self.board, self.analysis))
    }
}

/// The files of a spec target (not a code or picture target), sorted by path.
fn spec_files(
    inputs: &SpecInputs,
    target: Target,
    options: Options,
) -> Result<Vec<OutputFile>, OutputError> {
    let (board, analysis, contracts) = (inputs.board, inputs.analysis, &inputs.contracts);
    let internal = options.include_internal;
    let mut files = match target {
        Target::JsonSchema => jsonschema::export(board, contracts)?,
        Target::AsyncApi => {
            asyncapi::export(board, analysis, contracts, inputs.deliveries(), internal)
        }
        Target::EventCatalog => {
            eventcatalog::export(board, analysis, contracts, inputs.deliveries(), internal)?
        }
        Target::CloudEvents => {
            cloudevents::export(board, analysis, contracts, inputs.deliveries(), internal)?
        }
        Target::Markdown => markdown::export(
            board,
            analysis,
            contracts,
            inputs.deliveries(),
            inputs.findings(),
        )?,
        Target::Svg | Target::Png | Target::Pdf => Vec::new(),
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
