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
/// and Markdown's own marks, are escaped; a line that starts with the word `import` or
/// `export` (an ES module statement to MDX: a sticky named "Import Happened") starts with a
/// character reference instead; lines stay lines.
pub(super) fn mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("  \n");
        }
        let line = line.trim_end();
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        let mut chars = body.chars();
        if let Some(reference) = esm_keyword_reference(body) {
            out.push_str(reference);
            chars.next();
        }
        for c in chars {
            if "\\{}<>`*_[]|#!~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The character reference for the first letter of a line that MDX would read as an ES
/// module statement (`import` or `export` as a whole word at its start).
fn esm_keyword_reference(line: &str) -> Option<&'static str> {
    let word: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    match word.as_str() {
        "import" => Some("&#105;"),
        "export" => Some("&#101;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::mdx;

    #[test]
    fn a_line_that_starts_like_an_es_module_statement_is_shown_as_text() {
        assert_eq!(
            mdx("import happened, event of the class context."),
            "&#105;mport happened, event of the class context."
        );
        assert_eq!(mdx("Done\n  export all"), "Done  \n  &#101;xport all");
        assert_eq!(mdx("imported goods"), "imported goods");
        assert_eq!(mdx("<b>{x}</b>"), "\\<b\\>\\{x\\}\\</b\\>");
    }
}
