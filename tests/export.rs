//! Every spec export checked by the real third-party tools, not only by our own assertions:
//! the AsyncAPI parser, Ajv (JSON Schema 2020-12 with formats), the official CloudEvents 1.0
//! schema and EventCatalog's linter (`tests/validators/validate.mjs`, installed by
//! `scripts/setup-validators`). Plus golden files of the design-level sample, determinism,
//! and re-exports that keep what a person wrote.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use stormpad::export::{self, Options, Target};
use stormpad::file;
use stormpad::model::Board;
use stormpad::model::analysis::Analysis;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every board the exports are checked on: the samples and the board written to be hard.
fn boards() -> Vec<PathBuf> {
    let mut boards: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    boards.push(root().join("tests/boards/hard.storm.ron"));
    boards.sort();
    boards
}

/// The boards the code exports are compiled on: every board above, and the board of names
/// chosen to be hard for code (`tests/boards/names.storm.ron`): reserved words of every
/// language as context, sticky and field names; names that differ only in case or
/// punctuation; Windows device names; quotes, HTML and every comment terminator in every text;
/// a 250-character name; object types named `String`, `Date`, `List`, `Object`, `Optional`,
/// `Map`.
fn code_boards() -> Vec<PathBuf> {
    let mut boards = boards();
    boards.push(root().join("tests/boards/names.storm.ron"));
    boards
}

/// A board file's name without `.storm.ron`, for an output folder per board.
fn stem(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().replace(".storm.ron", ""))
        .unwrap_or_default()
}

fn load(path: &Path) -> Board {
    match file::read(path) {
        Ok(loaded) => loaded.board,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Installs the validators once per test run (instant when cached under `.tools/`).
fn validators() -> &'static Path {
    static READY: OnceLock<bool> = OnceLock::new();
    let ok = READY.get_or_init(|| {
        Command::new("bash")
            .arg(root().join("scripts/setup-validators"))
            .status()
            .is_ok_and(|s| s.success())
    });
    assert!(
        *ok,
        "scripts/setup-validators failed: the validators are not installed"
    );
    Box::leak(
        root()
            .join("tests/validators/validate.mjs")
            .into_boxed_path(),
    )
}

/// Runs `validate.mjs` with `args`; panics with its report when it finds a problem.
fn validate(args: &[&str]) {
    let output = Command::new("node")
        .arg(validators())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    assert!(
        output.status.success(),
        "validate.mjs {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write(board: &Board, target: Target, options: Options, out: &Path) -> Result {
    let files = export::export(board, &Analysis::of(board), target, options)?;
    export::write_outputs(out, &files)?;
    Ok(())
}

/// Exports every board for `target` (with and without internal events) into `dir`, one
/// folder each; returns the folders.
fn export_all(target: Target, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut outs = Vec::new();
    for path in boards() {
        let board = load(&path);
        let stem = stem(&path);
        for include_internal in [false, true] {
            let out = dir.join(format!("{stem}-{include_internal}"));
            write(&board, target, Options { include_internal }, &out)?;
            outs.push(out);
        }
    }
    Ok(outs)
}

fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn asyncapi_documents_parse_in_the_official_parser() -> Result {
    let dir = tempfile::tempdir()?;
    let outs = export_all(Target::AsyncApi, dir.path())?;
    let docs: Vec<PathBuf> = outs
        .iter()
        .flat_map(|o| files_under(o, ".asyncapi.yaml"))
        .collect();
    assert!(docs.len() >= 10, "{docs:?}");
    let args: Vec<String> = std::iter::once("asyncapi".to_owned())
        .chain(docs.iter().map(|d| d.display().to_string()))
        .collect();
    validate(&args.iter().map(String::as_str).collect::<Vec<_>>());
    Ok(())
}

#[test]
fn json_schemas_are_valid_and_samples_validate_while_broken_ones_do_not() -> Result {
    let dir = tempfile::tempdir()?;
    for out in export_all(Target::JsonSchema, dir.path())?
        .into_iter()
        .filter(|o| o.to_string_lossy().ends_with("-false"))
    {
        validate(&["jsonschema", &out.display().to_string()]);
    }
    // A broken instance is rejected: one unknown property, one required field missing.
    let events = dir
        .path()
        .join("food-delivery-design-false/ordering/events");
    let schema = events.join("order-placed.schema.json");
    let sample: serde_json::Value =
        serde_json::from_slice(&std::fs::read(events.join("order-placed.sample.json"))?)?;
    for (name, broken) in [
        ("extra", {
            let mut b = sample.clone();
            b["unexpected"] = serde_json::json!(1);
            b
        }),
        ("missing", {
            let mut b = sample.clone();
            b.as_object_mut().map(|o| o.remove("orderId"));
            b
        }),
        ("bad-uuid", {
            let mut b = sample.clone();
            b["orderId"] = serde_json::json!("not-a-uuid");
            b
        }),
    ] {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec(&broken)?)?;
        let status = Command::new("node")
            .arg(validators())
            .args([
                "instance",
                &schema.display().to_string(),
                &path.display().to_string(),
            ])
            .output()?
            .status;
        assert_eq!(status.code(), Some(1), "the {name} instance was accepted");
    }
    Ok(())
}

#[test]
fn cloudevents_samples_validate_against_the_cloudevents_schema() -> Result {
    let dir = tempfile::tempdir()?;
    for out in export_all(Target::CloudEvents, dir.path())? {
        if !files_under(&out, ".sample.json").is_empty() {
            validate(&["cloudevents", &out.display().to_string()]);
        }
    }
    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(
        dir.path()
            .join("food-delivery-design-false/cloudevents.json"),
    )?)?;
    let types: Vec<&str> = index["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        types.contains(&"com.acme.food.ordering.order-placed.v1"),
        "{types:?}"
    );
    Ok(())
}

#[test]
fn eventcatalog_folders_pass_eventcatalogs_linter() -> Result {
    let dir = tempfile::tempdir()?;
    for out in export_all(Target::EventCatalog, dir.path())? {
        validate(&[
            "eventcatalog",
            "--fail-on-warning",
            &out.display().to_string(),
        ]);
    }
    Ok(())
}

#[test]
fn re_exporting_a_catalog_keeps_the_prose_a_person_wrote() -> Result {
    let dir = tempfile::tempdir()?;
    let path = root().join("samples/food-delivery-design.storm.ron");
    let mut board = load(&path);
    write(&board, Target::EventCatalog, Options::default(), dir.path())?;
    let page = dir
        .path()
        .join("domains/Ordering/services/OrderingService/events/OrderPlaced/index.mdx");
    let text = std::fs::read_to_string(&page)?;
    let front_end = text.find("\n---\n").map(|i| i + 5).unwrap_or_default();
    let prose = "\nOrders are placed by customers in the app.\n\nAsk Dana before changing this.\n";
    std::fs::write(&page, format!("{}{prose}", &text[..front_end]))?;
    let config = dir.path().join("eventcatalog.config.js");
    std::fs::write(&config, "module.exports = { cId: 'mine' };\n")?;
    for s in board.stickies.values_mut() {
        if s.text == "Order Placed" {
            s.version = Some("1.1.0".into());
        }
    }
    write(&board, Target::EventCatalog, Options::default(), dir.path())?;
    let again = std::fs::read_to_string(&page)?;
    assert!(again.contains("version: \"1.1.0\""), "{again}");
    assert!(again.ends_with(prose), "{again}");
    assert_eq!(
        std::fs::read_to_string(&config)?,
        "module.exports = { cId: 'mine' };\n"
    );
    validate(&["eventcatalog", &dir.path().display().to_string()]);
    Ok(())
}

#[test]
fn exports_are_deterministic() -> Result {
    for path in boards() {
        let board = load(&path);
        for target in Target::ALL {
            let options = Options {
                include_internal: true,
            };
            let a = export::export(&board, &Analysis::of(&board), target, options)?;
            let b = export::export(&load(&path), &Analysis::of(&board), target, options)?;
            assert_eq!(a, b, "{} {target:?}", path.display());
            assert!(
                a.windows(2).all(|w| w[0].path < w[1].path),
                "sorted, no duplicates"
            );
        }
    }
    Ok(())
}

/// The exports of the design-level sample, file by file, against `tests/golden/export/`.
/// `UPDATE_GOLDEN=1 cargo test --test export` writes them anew (review the diff).
#[test]
fn the_design_sample_matches_its_golden_exports() -> Result {
    let board = load(&root().join("samples/food-delivery-design.storm.ron"));
    let golden = root().join("tests/golden/export");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for target in Target::SPECS {
        let files = export::export(&board, &Analysis::of(&board), target, Options::default())?;
        let dir = golden.join(target.name());
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            export::write_outputs(&dir, &files)?;
            continue;
        }
        let expected = files_under(&dir, "");
        assert_eq!(
            expected.len(),
            files.len(),
            "{}: the number of files changed (UPDATE_GOLDEN=1 to accept)",
            target.name()
        );
        for f in &files {
            let want = std::fs::read(dir.join(&f.path))
                .map_err(|e| format!("{}/{}: {e}", target.name(), f.path))?;
            assert!(
                want == f.contents,
                "{}/{} differs from its golden file (UPDATE_GOLDEN=1 to accept)",
                target.name(),
                f.path
            );
        }
    }
    Ok(())
}

#[test]
fn the_cli_exports_and_checks() -> Result {
    let dir = tempfile::tempdir()?;
    let bin = env!("CARGO_BIN_EXE_stormpad");
    let board = root().join("samples/food-delivery-design.storm.ron");
    let out = dir.path().join("specs");
    let run = Command::new(bin)
        .args([
            "export",
            &board.display().to_string(),
            "--to",
            "asyncapi",
            "--out",
        ])
        .arg(&out)
        .output()?;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("wrote 4 file(s)"));
    assert!(out.join("ordering.asyncapi.yaml").is_file());

    let check = Command::new(bin)
        .args(["check", "--format", "json", &board.display().to_string()])
        .output()?;
    assert_eq!(check.status.code(), Some(0));
    for line in String::from_utf8_lossy(&check.stdout).lines() {
        let finding: serde_json::Value = serde_json::from_str(line)?;
        assert!(
            finding["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("ES"))
        );
    }

    // A board with an error: exit 1, `file: ES0xx error: ...` in text.
    let broken = dir.path().join("broken.storm.ron");
    let text = std::fs::read_to_string(&board)?.replacen("type: \"uuid\"", "type: \"uuuid\"", 1);
    std::fs::write(&broken, text)?;
    let check = Command::new(bin)
        .args(["check", &broken.display().to_string()])
        .output()?;
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(&format!("{}: ES014 error:", broken.display())),
        "{stdout}"
    );
    let bad_target = Command::new(bin)
        .args([
            "export",
            &board.display().to_string(),
            "--to",
            "cobol",
            "--out",
        ])
        .arg(&out)
        .output()?;
    assert!(!bad_target.status.success());
    Ok(())
}

#[test]
fn the_readme_documents_every_check_rule() -> Result {
    let readme = std::fs::read_to_string(root().join("README.md"))?;
    for rule in stormpad::model::check::Rule::ALL {
        let row = format!(
            "| {} | {} | {} |",
            rule.code(),
            rule.severity().label(),
            rule.summary()
        );
        assert!(readme.contains(&row), "README.md has no row `{row}`");
    }
    Ok(())
}

/// Runs `cargo check` on a generated crate, sharing one target folder under `.tools/` so the
/// dependencies (serde, uuid, chrono, rust_decimal) build once. Fails on any warning: the
/// generated code must be clean under the compiler's default lints.
fn cargo_check(dir: &Path) {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join(".tools/code-check/rust-target"),
        )
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "cargo check in {} failed:\n{stderr}",
        dir.display()
    );
}

fn write_code(board: &Board, target: Target, out: &Path) -> Result {
    let files = export::export(board, &Analysis::of(board), target, Options::default())?;
    export::write_outputs(out, &files)?;
    Ok(())
}

#[test]
fn rust_stubs_compile_without_warnings_for_every_board() -> Result {
    let dir = tempfile::tempdir()?;
    for path in code_boards() {
        let stem = stem(&path);
        let out = dir.path().join(stem);
        write_code(&load(&path), Target::Rust, &out)?;
        cargo_check(&out);
    }
    Ok(())
}

#[test]
fn a_board_of_hard_names_exports_safe_unique_names_in_rust() -> Result {
    // A context named "Aux", handlers of one policy for a local "order-placed" and another
    // context's "Order Placed", events "self" and "Self": the export neither stops nor
    // repeats a name, and numbers keep Rust's cases (the compile test above builds it).
    let dir = tempfile::tempdir()?;
    let board = load(&root().join("tests/boards/names.storm.ron"));
    write_code(&board, Target::Rust, dir.path())?;
    assert!(dir.path().join("src/aux_/mod.rs").is_file());
    let context = std::fs::read_to_string(dir.path().join("src/order_placed/mod.rs"))?;
    for member in [
        "fn on_order_placed(&mut self",
        "fn on_order_placed_2(&mut self",
        "fn on_self(",
        "fn on_self_2(",
        "pub struct Self2 {",
    ] {
        assert!(context.contains(member), "no `{member}` in\n{context}");
    }
    assert!(!context.contains("Self_2"), "{context}");
    Ok(())
}

/// The board changes after a first export: "Order Placed" gains an optional field.
fn add_coupon_code(board: &mut Board) {
    for s in board.stickies.values_mut() {
        if s.text == "Order Placed" {
            s.fields.push(stormpad::model::Field {
                name: "couponCode".into(),
                ty: "string".into(),
                required: false,
                description: "Added after the first export.".into(),
            });
        }
    }
}

#[test]
fn a_second_export_keeps_every_hand_written_line() -> Result {
    let dir = tempfile::tempdir()?;
    let mut board = load(&root().join("samples/food-delivery-design.storm.ron"));
    write_code(&board, Target::Rust, dir.path())?;
    let skeleton = dir.path().join("src/ordering/order.rs");
    let mine = std::fs::read_to_string(&skeleton)?.replace(
        "pub struct OrderState {}",
        "pub struct OrderState {\n    /// Written by a person.\n    pub placed: bool,\n}",
    );
    std::fs::write(&skeleton, &mine)?;
    add_coupon_code(&mut board);
    write_code(&board, Target::Rust, dir.path())?;
    assert_eq!(std::fs::read_to_string(&skeleton)?, mine);
    let generated = std::fs::read_to_string(dir.path().join("src/ordering/mod.rs"))?;
    assert!(
        generated.contains("pub coupon_code: Option<String>"),
        "{generated}"
    );
    cargo_check(dir.path());
    Ok(())
}

#[test]
fn a_team_exports_the_templates_changes_one_and_uses_it() -> Result {
    let dir = tempfile::tempdir()?;
    let bin = env!("CARGO_BIN_EXE_stormpad");
    let templates = dir.path().join("templates");
    let run = Command::new(bin)
        .args(["templates", "export"])
        .arg(&templates)
        .output()?;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lib = templates.join("rust/lib.rs.j2");
    let text = std::fs::read_to_string(&lib)?;
    std::fs::write(&lib, format!("// Our house header.\n{text}"))?;
    let board = root().join("samples/food-delivery-design.storm.ron");
    let out = dir.path().join("code");
    let export = |templates: &Path| {
        Command::new(bin)
            .args([
                "export",
                &board.display().to_string(),
                "--to",
                "rust",
                "--out",
            ])
            .arg(&out)
            .arg("--templates")
            .arg(templates)
            .output()
    };
    let run = export(&templates)?;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(std::fs::read_to_string(out.join("src/lib.rs"))?.starts_with("// Our house header."));

    // A template error names the template file and its line.
    let context = templates.join("rust/context.rs.j2");
    let text = std::fs::read_to_string(&context)?;
    std::fs::write(&context, text.replacen("{% for ", "{% for for ", 1))?;
    let run = export(&templates.join("rust"))?;
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("context.rs.j2:"), "{stderr}");
    Ok(())
}

/// The languages checked by `scripts/compilers/<language>.sh check DIR` (Rust is checked
/// with cargo above), with the line comment a person would add to a skeleton.
const CHECKED: [(Target, &str); 5] = [
    (Target::TypeScript, "//"),
    (Target::Python, "#"),
    (Target::Java, "//"),
    (Target::Go, "//"),
    (Target::Kotlin, "//"),
];

/// Compiles or type-checks generated code with the language's real compiler.
fn compiler_check(target: Target, dir: &Path) {
    let script = root().join(format!("scripts/compilers/{}.sh", target.name()));
    let output = Command::new("bash")
        .arg(&script)
        .arg("check")
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        output.status.success(),
        "{} check of {} failed:\n{}{}",
        target.name(),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every board in `language`, checked by its compiler; then a second export over a changed
/// board keeps every line a person added to the skeletons, and still compiles.
fn stubs_compile_and_survive_a_second_export(target: Target, comment: &str) -> Result {
    let dir = tempfile::tempdir()?;
    for path in code_boards() {
        let stem = stem(&path);
        let out = dir.path().join(stem);
        write_code(&load(&path), target, &out)?;
        compiler_check(target, &out);
    }
    let out = dir.path().join("second");
    let mut board = load(&root().join("samples/food-delivery-design.storm.ron"));
    let first = export::export(&board, &Analysis::of(&board), target, Options::default())?;
    export::write_outputs(&out, &first)?;
    let mine = format!("\n{comment} Written by a person: keep me.\n");
    let skeletons: Vec<PathBuf> = first
        .iter()
        .filter(|f| f.merge == export::Merge::CreateOnly)
        .map(|f| out.join(&f.path))
        .collect();
    assert!(
        !skeletons.is_empty(),
        "{} writes no skeleton",
        target.name()
    );
    for path in &skeletons {
        let text = std::fs::read_to_string(path)?;
        std::fs::write(path, format!("{text}{mine}"))?;
    }
    add_coupon_code(&mut board);
    write_code(&board, target, &out)?;
    for path in &skeletons {
        assert!(
            std::fs::read_to_string(path)?.ends_with(&mine),
            "{} lost a hand-written line",
            path.display()
        );
    }
    let all = files_under(&out, "");
    assert!(
        all.iter()
            .any(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("couponCode"))),
        "the new field is in the generated code"
    );
    compiler_check(target, &out);
    Ok(())
}

/// One test per language, so the compilers run side by side.
macro_rules! compiler_test {
    ($name:ident, $index:expr) => {
        #[test]
        fn $name() -> Result {
            let (target, comment) = CHECKED[$index];
            stubs_compile_and_survive_a_second_export(target, comment)
        }
    };
}

compiler_test!(typescript_stubs_pass_tsc_strict, 0);
compiler_test!(python_stubs_pass_mypy_strict, 1);
compiler_test!(java_stubs_compile_with_javac_17_and_every_lint, 2);
compiler_test!(go_stubs_pass_go_vet_build_and_gofmt, 3);
compiler_test!(kotlin_stubs_compile_with_kotlinc_and_no_warnings, 4);
