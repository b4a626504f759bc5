//! How a catalog page is written: YAML frontmatter over an MDX body, the summary and prose taken
//! from a sticky's description, and text escaped so MDX shows it literally.

use serde_json::{Value, json};

use crate::export::{Merge, OutputFile, yaml};

/// A page: YAML frontmatter and a Markdown body.
pub(super) fn page(path: String, front: Value, body: &str) -> OutputFile {
    let text = format!(
        "---\n{}---\n\n{}\n",
        yaml::to_string(&front),
        body.trim_end()
    );
    OutputFile {
        path,
        contents: text.into_bytes(),
        merge: Merge::KeepBody,
    }
}

pub(super) fn reference(id: &str, version: &str) -> Value {
    json!({ "id": id, "version": version })
}

/// The first line of a description, or `fallback`.
pub(super) fn summary(description: &str, fallback: String) -> String {
    let first = description.lines().next().unwrap_or_default().trim();
    if first.is_empty() {
        fallback
    } else {
        first.to_owned()
    }
}

/// A page's prose (the description, else `fallback`) as MDX text, then a component.
pub(super) fn body(description: &str, fallback: &str, component: &str) -> String {
    let text = if description.trim().is_empty() {
        fallback
    } else {
        description.trim()
    };
    format!("{}\n\n{component}", mdx(text))
}

/// Text as MDX shows it literally: in MDX `{...}` is code and `<x>` a component, so they,
/// and Markdown's own marks, are escaped; lines stay lines.
pub(super) fn mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("  \n");
        }
        for c in line.trim_end().chars() {
            if "\\{}<>`*_[]|#!~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}
