//! JSON values written as block YAML (AsyncAPI documents, EventCatalog frontmatter). Strings
//! that could be read as anything else (numbers, booleans, `#comments`, `key: value`) are
//! written as double-quoted JSON strings ([`super::json::escape_into`]), which YAML reads back
//! unchanged.

use serde_json::Value;

/// The YAML text of `value`: block mappings and sequences, two-space indentation.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_block(&mut out, value, 0);
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Writes `value` as the body of a block at `level` (the caller wrote the key or `- `).
fn write_block(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                indent(out, level);
                push_scalar_string(out, key);
                out.push(':');
                write_after_key(out, v, level);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                indent(out, level);
                out.push('-');
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key goes on the dash's line, the rest under it.
                        let mut first = true;
                        for (key, v) in map {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                indent(out, level + 1);
                            }
                            push_scalar_string(out, key);
                            out.push(':');
                            write_after_key(out, v, level + 1);
                        }
                    }
                    Value::Array(inner) if !inner.is_empty() => {
                        out.push('\n');
                        write_block(out, item, level + 1);
                    }
                    other => {
                        out.push(' ');
                        push_inline(out, other);
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            indent(out, level);
            push_inline(out, other);
            out.push('\n');
        }
    }
}

fn write_after_key(out: &mut String, v: &Value, level: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_block(out, v, level + 1);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_block(out, v, level + 1);
        }
        other => {
            out.push(' ');
            push_inline(out, other);
            out.push('\n');
        }
    }
}

/// Writes a value that fits on one line: scalars, `{}` and `[]`.
fn push_inline(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_scalar_string(out, s),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// Writes a string as a plain scalar when that is unambiguous, else double-quoted (as JSON
/// quotes it).
fn push_scalar_string(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        super::json::escape_into(out, s);
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let looks_numeric = s
        .bytes()
        .all(|c| c.is_ascii_digit() || b".+-_eE".contains(&c))
        || s.starts_with("0x")
        || s.starts_with("0o");
    (first.is_ascii_alphabetic() || first == '$' || first == '/')
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b" ._-/$".contains(&c))
        && !s.ends_with(' ')
        && !reserved.iter().any(|r| s.eq_ignore_ascii_case(r))
        && !looks_numeric
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_become_block_yaml() {
        let v = json!({
            "asyncapi": "3.0.0",
            "info": { "title": "Ordering: orders", "version": "1.0.0" },
            "list": [ { "a": 1, "b": [true] }, "x", [] ],
            "empty": {},
            "ref": "#/components/schemas/Money",
            "yes": "yes",
        });
        let text = to_string(&v);
        assert_eq!(
            text,
            "asyncapi: \"3.0.0\"\ninfo:\n  title: \"Ordering: orders\"\n  version: \"1.0.0\"\n\
             list:\n  - a: 1\n    b:\n      - true\n  - x\n  - []\nempty: {}\n\
             ref: \"#/components/schemas/Money\"\n\"yes\": \"yes\"\n"
        );
    }
}
