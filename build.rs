//! Embeds the default code templates: every file under `assets/templates/<language>/` becomes
//! an entry of `TEMPLATES` (language, file name, contents), so adding a template file needs
//! no change to the Rust sources.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new("assets/templates");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(languages) = std::fs::read_dir(root) {
        for language in languages.flatten() {
            let path = language.path();
            println!("cargo:rerun-if-changed={}", path.display());
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if !path.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                let file_path = file.path();
                if file_path.is_file() {
                    println!("cargo:rerun-if-changed={}", file_path.display());
                    let file_name = file_path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let absolute = std::fs::canonicalize(&file_path).unwrap_or(file_path);
                    entries.push((name.clone(), file_name, absolute));
                }
            }
        }
    }
    entries.sort();
    let mut code = String::from("/// Every default template: (language, file name, contents).\n");
    code.push_str("pub static TEMPLATES: &[(&str, &str, &str)] = &[\n");
    for (language, file, path) in &entries {
        let _ = writeln!(
            code,
            "    ({language:?}, {file:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = std::fs::write(Path::new(&out).join("templates.rs"), code) {
        panic!("cannot write the template table: {e}");
    }
}
