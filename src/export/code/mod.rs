//! Code stubs from templates: per bounded context, the event and command types, per
//! aggregate a decide/evolve skeleton, per policy a handler, per read model a projector.
//!
//! A language is a template folder (`assets/templates/<language>/`, embedded at build time):
//! `language.json` (reserved words, cases, type patterns, which files to write) and MiniJinja
//! templates. `stormpad templates export DIR` copies the defaults; `--templates DIR` uses a
//! team's own. Rendering is pure: [`TemplateSet`] is loaded first (the only I/O), then
//! [`generate`] maps the board to files.

mod filters;
mod language;
mod model;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use minijinja::Value;

pub use language::LanguageConfig;
pub use model::{BoardModel, Outline};

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
    /// Where they came from, for messages (`embedded rust` or a folder).
    pub origin: String,
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
        Self::from_sources(sources, format!("the default {language} templates"))
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
        Self::from_sources(sources, dir.display().to_string())
    }

    fn from_sources(
        sources: BTreeMap<String, String>,
        origin: String,
    ) -> Result<Self, TemplateError> {
        let json = sources.get("language.json").ok_or_else(|| TemplateError {
            file: Some(format!("{origin}/language.json")),
            line: None,
            message: "missing: every template folder has a language.json".into(),
        })?;
        let config: LanguageConfig = serde_json::from_str(json).map_err(|e| TemplateError {
            file: Some("language.json".into()),
            line: Some(e.line()),
            message: e.to_string(),
        })?;
        for rule in &config.files {
            if !sources.contains_key(&rule.template) {
                return Err(TemplateError {
                    file: Some("language.json".into()),
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
struct Scope {
    context: Value,
    aggregate: Value,
    policy: Value,
    read_model: Value,
    ty: Value,
}

impl Scope {
    fn of_board() -> Self {
        Self {
            context: Value::from(()),
            aggregate: Value::from(()),
            policy: Value::from(()),
            read_model: Value::from(()),
            ty: Value::from(()),
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
        if let Some(file) = &e.file
            && !templates.origin.starts_with("the default")
        {
            e.file = Some(format!("{}/{file}", templates.origin));
        }
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
    let model = model::build(outline, &templates.config);
    let board_value = Value::from_serialize(&model);
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("quoted", filters::quoted);
    env.add_filter("columns", filters::columns);
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
        let merge = match rule.merge.as_deref() {
            Some("create_only") => Merge::CreateOnly,
            None | Some("overwrite") => Merge::Overwrite,
            Some(other) => {
                return Err(config_error(format!(
                    "merge \"{other}\" of \"{}\" is not overwrite or create_only",
                    rule.template
                )));
            }
        };
        let path_template = env
            .get_template(&format!("language.json: path {}", i + 1))
            .map_err(|e| template_error(&e, "language.json"))?;
        let template = env
            .get_template(&rule.template)
            .map_err(|e| template_error(&e, &rule.template))?;
        for scope in scopes(&model, &board_value, &rule.scope).map_err(config_error)? {
            jobs.push((
                path_template.clone(),
                template.clone(),
                merge,
                scope.value(&board_value),
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
                "two files would be written to \"{}\": give the bounded contexts distinct \
                 names and namespaces",
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

/// Every template context a file rule asks for.
fn scopes(model: &BoardModel, board: &Value, scope: &str) -> Result<Vec<Scope>, String> {
    let item = |value: &Value, key: &str, index: usize| -> Value {
        value
            .get_attr(key)
            .and_then(|list| list.get_item(&Value::from(index)))
            .unwrap_or_default()
    };
    let contexts: Vec<Value> = (0..model.contexts.len())
        .map(|i| item(board, "contexts", i))
        .collect();
    let each = |key: &str, count: &dyn Fn(&model::ContextModel) -> usize| -> Vec<Scope> {
        model
            .contexts
            .iter()
            .zip(&contexts)
            .flat_map(|(c, cv)| {
                (0..count(c)).map(move |j| {
                    let mut s = Scope::with_context(cv.clone());
                    let v = item(cv, key, j);
                    match key {
                        "aggregates" => s.aggregate = v,
                        "policies" => s.policy = v,
                        "read_models" => s.read_model = v,
                        _ => s.ty = v,
                    }
                    s
                })
            })
            .collect()
    };
    Ok(match scope {
        "board" => vec![Scope::of_board()],
        "context" => contexts.iter().cloned().map(Scope::with_context).collect(),
        "aggregate" => each("aggregates", &|c| c.aggregates.len()),
        "policy" => each("policies", &|c| c.policies.len()),
        "read_model" => each("read_models", &|c| c.read_models.len()),
        "type" => {
            let mut events = each("events", &|c| c.events.len());
            events.extend(each("commands", &|c| c.commands.len()));
            events
        }
        "shared_type" => {
            let shared = board.get_attr("shared").unwrap_or_default();
            (0..model.shared.types.len())
                .map(|i| Scope {
                    ty: item(&shared, "types", i),
                    ..Scope::of_board()
                })
                .collect()
        }
        other => {
            return Err(format!(
                "\"for\": \"{other}\" is not board, context, aggregate, policy, read_model, \
                 type or shared_type"
            ));
        }
    })
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
