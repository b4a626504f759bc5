//! Code stubs from templates: per bounded context, the event and command types, per
//! aggregate a decide/evolve skeleton, per policy a handler, per read model a projector.
//!
//! A language is a template folder (`assets/templates/<language>/`, embedded at build time):
//! `language.json` (reserved words, cases, type patterns, which files to write) and MiniJinja
//! templates. `stormpad templates export DIR` copies the defaults; `--templates DIR` uses a
//! team's own. Rendering is pure: [`TemplateSet`] is loaded first (the only I/O), then
//! [`generate`] maps the board to files.

mod build;
mod filters;
mod language;
mod model;
mod outline;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use minijinja::Value;

pub use language::{FileMerge, LanguageConfig, Scope};
pub use model::BoardModel;
pub use outline::Outline;

use super::{Merge, OutputFile};
use crate::model::Board;
use crate::model::analysis::Analysis;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

/// The default templates of every language, as files under `<language>/`, for a team to
/// copy and change (`stormpad templates export DIR`).
pub fn default_template_files() -> Vec<OutputFile> {
    embedded::TEMPLATES
        .iter()
        .map(|(language, name, text)| {
            OutputFile::new(format!("{language}/{name}"), (*text).as_bytes().to_vec())
        })
        .collect()
}

/// The languages Stormpad has default templates for, by name.
pub fn languages() -> Vec<&'static str> {
    let mut names: Vec<&str> = embedded::TEMPLATES.iter().map(|(l, _, _)| *l).collect();
    names.dedup();
    names
}

/// Why code could not be generated: a template folder that cannot be read, a `language.json`
/// that does not parse, or a template error (named by file and line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The template file at fault, when there is one.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TemplateError {}

impl TemplateError {
    fn whole(message: impl Into<String>) -> Self {
        Self {
            file: None,
            line: None,
            message: message.into(),
        }
    }
}

/// One language's templates: its `language.json` and the template sources by file name.
#[derive(Clone, Debug)]
pub struct TemplateSet {
    pub config: LanguageConfig,
    pub sources: BTreeMap<String, String>,
    /// Where they came from, for messages.
    pub origin: Origin,
}

/// Where a template set comes from: Stormpad's own defaults, or a team's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The default templates of a language, embedded at build time.
    Embedded(String),
    /// A team's templates folder.
    Folder(PathBuf),
}

impl Origin {
    /// How messages name a file of the set: by its name in the defaults (people know them
    /// from `stormpad templates export`), under its folder in a team's.
    pub fn file(&self, name: &str) -> String {
        match self {
            Origin::Embedded(_) => name.to_owned(),
            Origin::Folder(dir) => dir.join(name).display().to_string(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded(language) => write!(f, "the default {language} templates"),
            Origin::Folder(dir) => write!(f, "{}", dir.display()),
        }
    }
}

impl TemplateSet {
    /// The default templates of `language`.
    pub fn embedded(language: &str) -> Result<Self, TemplateError> {
        let sources: BTreeMap<String, String> = embedded::TEMPLATES
            .iter()
            .filter(|(l, _, _)| *l == language)
            .map(|(_, name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        if sources.is_empty() {
            return Err(TemplateError::whole(format!(
                "no templates for \"{language}\" (Stormpad has: {})",
                languages().join(", ")
            )));
        }
        Self::from_sources(sources, Origin::Embedded(language.to_owned()))
    }

    /// The templates of `language`: from `dir` when given (a folder with `language.json`,
    /// or one holding a folder per language, as `stormpad templates export` writes), else
    /// the defaults.
    pub fn load(language: &str, dir: Option<&Path>) -> Result<Self, TemplateError> {
        let Some(dir) = dir else {
            return Self::embedded(language);
        };
        let own = if dir.join("language.json").is_file() {
            dir.to_path_buf()
        } else {
            dir.join(language)
        };
        let set = Self::from_dir(&own)?;
        if set.config.language != language {
            return Err(TemplateError {
                file: Some(own.join("language.json").display().to_string()),
                line: None,
                message: format!(
                    "these templates are for \"{}\", not \"{language}\"",
                    set.config.language
                ),
            });
        }
        Ok(set)
    }

    /// A team's templates: `dir/language.json` and the templates it names.
    pub fn from_dir(dir: &Path) -> Result<Self, TemplateError> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            TemplateError::whole(format!(
                "cannot read the templates in {}: {e}",
                dir.display()
            ))
        })?;
        let mut sources = BTreeMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                    file: Some(path.display().to_string()),
                    line: None,
                    message: format!("cannot read: {e}"),
                })?;
                sources.insert(name, text);
            }
        }
        Self::from_sources(sources, Origin::Folder(dir.to_path_buf()))
    }

    fn from_sources(
        sources: BTreeMap<String, String>,
        origin: Origin,
    ) -> Result<Self, TemplateError> {
        let config_file = origin.file("language.json");
        let Some(json) = sources.get("language.json") else {
            return Err(TemplateError {
                file: Some(format!("{origin}/language.json")),
                line: None,
                message: "missing: every template folder has a language.json".into(),
            });
        };
        let config: LanguageConfig = serde_json::from_str(json).map_err(|e| TemplateError {
            file: Some(config_file.clone()),
            line: Some(e.line()),
            message: e.to_string(),
        })?;
        for rule in &config.files {
            if !sources.contains_key(&rule.template) {
                return Err(TemplateError {
                    file: Some(config_file),
                    line: None,
                    message: format!(
                        "names the template \"{}\", which is not in {origin}",
                        rule.template
                    ),
                });
            }
        }
        Ok(Self {
            config,
            sources,
            origin,
        })
    }

    /// The files of the set, to copy into a folder a team then owns.
    pub fn files(&self) -> Vec<OutputFile> {
        self.sources
            .iter()
            .map(|(name, text)| OutputFile::new(name.clone(), text.clone().into_bytes()))
            .collect()
    }
}

/// The template context of one file: the board, plus the item the file is for (`none` for
/// the others). Values share the board converted once, so a file costs its own size, not
/// the board's.
struct FileContext {
    context: Value,
    aggregate: Value,
    policy: Value,
    read_model: Value,
    ty: Value,
    front_end: Value,
    webhook: Value,
}

impl FileContext {
    fn of_board() -> Self {
        Self {
            context: Value::from(()),
            aggregate: Value::from(()),
            policy: Value::from(()),
            read_model: Value::from(()),
            ty: Value::from(()),
            front_end: Value::from(()),
            webhook: Value::from(()),
        }
    }

    fn with_context(context: Value) -> Self {
        Self {
            context,
            ..Self::of_board()
        }
    }

    fn value(&self, board: &Value) -> Value {
        minijinja::context! {
            board => board.clone(),
            context => self.context.clone(),
            aggregate => self.aggregate.clone(),
            policy => self.policy.clone(),
            read_model => self.read_model.clone(),
            type => self.ty.clone(),
            front_end => self.front_end.clone(),
            webhook => self.webhook.clone(),
        }
    }
}

/// The code for `board` in the language of `templates`: deterministic, sorted by path.
/// Skeleton files (`create_only`) are marked so that the writer never overwrites them.
pub fn generate(
    board: &Board,
    analysis: &Analysis,
    templates: &TemplateSet,
) -> Result<Vec<OutputFile>, TemplateError> {
    generate_from(&Outline::of(board, analysis), templates)
}

/// The code of one board in several languages, side by side: what the languages share is
/// worked out once. Results come in the order of `languages`.
pub fn generate_many(
    board: &Board,
    analysis: &Analysis,
    languages: &[&TemplateSet],
) -> Vec<Result<Vec<OutputFile>, TemplateError>> {
    let outline = Outline::of(board, analysis);
    // As many languages at once as there are cores: more would only hold more models in
    // memory (each renders on every core by itself as well).
    super::parallel::each(languages, super::parallel::cores(), |set| {
        generate_from(&outline, set)
    })
    .into_iter()
    .map(|r| r.unwrap_or_else(|| Err(TemplateError::whole("a code export stopped unexpectedly"))))
    .collect()
}

/// [`generate`] from an outline already made.
pub fn generate_from(
    outline: &Outline,
    templates: &TemplateSet,
) -> Result<Vec<OutputFile>, TemplateError> {
    render(outline, templates).map_err(|mut e| {
        e.file = e.file.map(|file| templates.origin.file(&file));
        e
    })
}

fn config_error(message: String) -> TemplateError {
    TemplateError {
        file: Some("language.json".into()),
        line: None,
        message,
    }
}

fn render(outline: &Outline, templates: &TemplateSet) -> Result<Vec<OutputFile>, TemplateError> {
    let model = build::build(outline, &templates.config);
    let board_value = Value::from_serialize(&model);
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("quoted", filters::quoted);
    env.add_filter("comment", filters::comment);
    env.add_filter("columns", filters::columns);
    env.add_filter("md", filters::md);
    for (name, source) in &templates.sources {
        if name.ends_with(".json") {
            continue;
        }
        env.add_template_owned(name.clone(), source.clone())
            .map_err(|e| template_error(&e, name))?;
    }
    for (i, rule) in templates.config.files.iter().enumerate() {
        env.add_template_owned(format!("language.json: path {}", i + 1), rule.path.clone())
            .map_err(|e| template_error(&e, "language.json"))?;
    }
    // Every file to render: its rule's templates, merge policy and context.
    let mut jobs: Vec<Job> = Vec::new();
    for (i, rule) in templates.config.files.iter().enumerate() {
        let merge = Merge::from(rule.merge);
        let path_template = env
            .get_template(&format!("language.json: path {}", i + 1))
            .map_err(|e| template_error(&e, "language.json"))?;
        let template = env
            .get_template(&rule.template)
            .map_err(|e| template_error(&e, &rule.template))?;
        for file in file_contexts(&model, &board_value, rule.scope) {
            jobs.push((
                path_template.clone(),
                template.clone(),
                merge,
                file.value(&board_value),
            ));
        }
    }
    // The model is in the jobs' values now; its memory serves the rendering.
    drop(model);
    // Files are independent: render them on every core, each thread taking the next file
    // (a context file costs a hundred skeletons; fixed shares would leave a core idle).
    let rendered = super::parallel::each(&jobs, super::parallel::cores(), |job| {
        let (path_template, template, merge, ctx) = job;
        let path = path_template
            .render(ctx)
            .map_err(|e| template_error(&e, "language.json"))?;
        let text = template
            .render(ctx)
            .map_err(|e| template_error(&e, template.name()))?;
        Ok(OutputFile {
            path,
            contents: text.into_bytes(),
            merge: *merge,
        })
    });
    let mut files: BTreeMap<String, OutputFile> = BTreeMap::new();
    // In the order of the jobs: the same error whichever thread met it first.
    for file in rendered {
        let file = file.unwrap_or_else(|| {
            Err(TemplateError::whole(
                "a template renderer stopped unexpectedly",
            ))
        })?;
        if files.contains_key(&file.path) {
            return Err(config_error(format!(
                "two files would be written to \"{}\": a \"path\" here names two items' \
                 files alike (build paths from the unique names the model gives, such as \
                 `context.module`, `context.package` and `type.file`)",
                file.path
            )));
        }
        files.insert(file.path.clone(), file);
    }
    Ok(files.into_values().collect())
}

/// One file to render: its path template, its template, its merge policy, its context.
type Job<'env> = (
    minijinja::Template<'env, 'env>,
    minijinja::Template<'env, 'env>,
    Merge,
    Value,
);

/// Every template context a file rule asks for: one per item of its scope.
fn file_contexts(model: &BoardModel, board: &Value, scope: Scope) -> Vec<FileContext> {
    let item = |value: &Value, key: &str, index: usize| -> Value {
        value
            .get_attr(key)
            .and_then(|list| list.get_item(&Value::from(index)))
            .unwrap_or_default()
    };
    let contexts: Vec<Value> = (0..model.contexts.len())
        .map(|i| item(board, "contexts", i))
        .collect();
    // One file per item of each context's list `key`, the item put in its place by `set`.
    let each = |key: &str,
                count: &dyn Fn(&model::ContextModel) -> usize,
                set: fn(&mut FileContext, Value)|
     -> Vec<FileContext> {
        model
            .contexts
            .iter()
            .zip(&contexts)
            .flat_map(|(c, cv)| {
                (0..count(c)).map(move |j| {
                    let mut file = FileContext::with_context(cv.clone());
                    set(&mut file, item(cv, key, j));
                    file
                })
            })
            .collect()
    };
    match scope {
        Scope::Board => vec![FileContext::of_board()],
        Scope::Context => contexts
            .iter()
            .cloned()
            .map(FileContext::with_context)
            .collect(),
        Scope::Aggregate => each("aggregates", &|c| c.aggregates.len(), |f, v| {
            f.aggregate = v
        }),
        Scope::Policy => each("policies", &|c| c.policies.len(), |f, v| f.policy = v),
        Scope::ReadModel => each("read_models", &|c| c.read_models.len(), |f, v| {
            f.read_model = v
        }),
        Scope::Type => {
            let mut types = each("events", &|c| c.events.len(), |f, v| f.ty = v);
            types.extend(each("commands", &|c| c.commands.len(), |f, v| f.ty = v));
            types
        }
        Scope::SharedType => {
            let shared = board.get_attr("shared").unwrap_or_default();
            (0..model.shared.types.len())
                .map(|i| FileContext {
                    ty: item(&shared, "types", i),
                    ..FileContext::of_board()
                })
                .collect()
        }
        Scope::FrontEnd => (0..model.front_ends.len())
            .map(|i| FileContext {
                front_end: item(board, "front_ends", i),
                ..FileContext::of_board()
            })
            .collect(),
        Scope::Webhook => each("webhooks", &|c| c.webhooks.len(), |f, v| f.webhook = v),
    }
}

fn template_error(e: &minijinja::Error, file: &str) -> TemplateError {
    let mut message = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    TemplateError {
        file: Some(e.name().unwrap_or(file).to_owned()),
        line: e.line(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default Rust templates in a team's folder, with `language.json` changed by `edit`.
    fn team_folder(
        edit: impl Fn(&str) -> String,
    ) -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        for file in TemplateSet::embedded("rust")?.files() {
            let mut text = String::from_utf8(file.contents)?;
            if file.path == "language.json" {
                text = edit(&text);
            }
            std::fs::write(dir.path().join(&file.path), text)?;
        }
        Ok(dir)
    }

    #[test]
    fn a_team_that_mistypes_a_scope_or_a_merge_is_told_which_file_and_which_value()
    -> Result<(), Box<dyn std::error::Error>> {
        for (from, to, value) in [
            (r#""for": "board" }"#, r#""for": "boards" }"#, "boards"),
            (
                r#""merge": "create_only""#,
                r#""merge": "keep_mine""#,
                "keep_mine",
            ),
        ] {
            let dir = team_folder(|json| json.replacen(from, to, 1))?;
            let Err(e) = TemplateSet::load("rust", Some(dir.path())) else {
                panic!("\"{value}\" was accepted");
            };
            let file = dir.path().join("language.json").display().to_string();
            assert_eq!(e.file.as_deref(), Some(file.as_str()), "{e}");
            assert!(e.message.contains(value), "{e}");
        }
        Ok(())
    }

    #[test]
    fn templates_see_kinds_and_owners_as_the_words_they_compare() {
        let word = |v: Value| v.as_str().map(str::to_owned);
        assert_eq!(
            word(Value::from_serialize(model::TypeKind::Event)).as_deref(),
            Some("event")
        );
        assert_eq!(
            word(Value::from_serialize(model::TypeKind::Object)).as_deref(),
            Some("object")
        );
        assert_eq!(
            word(Value::from_serialize(model::UnionOwner::Aggregate)).as_deref(),
            Some("aggregate")
        );
    }
}
