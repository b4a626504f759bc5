//! Values of a board on one line, the same way in hotspots, the merge report, the semantic
//! diff and the textconv text: text quoted and escaped (a line break is `\n`), positions and
//! sizes as `(x, y)`, payload fields as `name: type`.

use serde_json::Value;

/// `value` on one line; `None` (a value one side removed) is `(none)`.
pub fn one_line(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(none)".to_owned(),
        Some(v) => render(v),
    }
}

fn render(value: &Value) -> String {
    match value {
        Value::Null => "(none)".to_owned(),
        Value::Array(a) if a.len() == 2 && a.iter().all(Value::is_number) => {
            format!("({}, {})", a[0], a[1])
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => match (map.get("name"), map.get("type")) {
            (Some(Value::String(name)), Some(Value::String(ty))) => {
                let mut text = format!("{name}: {ty}");
                for (key, v) in map {
                    if key != "name" && key != "type" {
                        text.push_str(&format!(" {key}={}", render(v)));
                    }
                }
                text
            }
            _ => {
                let pairs: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", render(v)))
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
        },
        // Strings as JSON strings: quoted, with line breaks, tabs and quotes escaped.
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_on_one_line() {
        assert_eq!(
            one_line(Some(&json!("two\nlines \"q\""))),
            r#""two\nlines \"q\"""#
        );
        assert_eq!(one_line(Some(&json!([120, 340]))), "(120, 340)");
        assert_eq!(
            one_line(Some(
                &json!([{"name": "id", "type": "uuid", "required": true}])
            )),
            "[id: uuid required=true]"
        );
        assert_eq!(one_line(None), "(none)");
    }
}
