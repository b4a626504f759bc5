//! JSON text written as it is made, the one JSON writer of the spec exports: [`Json`] writes
//! pretty (two-space) JSON straight into a `String`, byte for byte as
//! `serde_json::to_string_pretty` writes the same value, without building a `Value` tree
//! first (an `IndexMap` per object and a hash per key cost more than the writing).
//! [`escape_into`] is the one place strings are escaped, for JSON and for YAML's quoted
//! scalars. [`Sink`] lets one piece of code make either the text or a `Value` (for the YAML
//! documents, which are still assembled as values).

use serde_json::{Map, Value};

/// Writes `s` as a JSON string, quotes included, escaped as serde_json escapes it: `"`, `\`
/// and the control characters below U+0020 (`\b \t \n \f \r` by name, others as `\u00XX`);
/// everything else (U+2028, `</script>`, emoji) as it is.
pub fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x09 => "\\t",
            0x0A => "\\n",
            0x0C => "\\f",
            0x0D => "\\r",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Something JSON can be written into: the text ([`Json`]) or a value ([`ValueBuilder`]).
/// Values go in order: inside an object, [`Sink::key`] before each value.
pub trait Sink {
    /// Starts an object.
    fn begin_object(&mut self);
    /// Ends the innermost object.
    fn end_object(&mut self);
    /// Starts an array.
    fn begin_array(&mut self);
    /// Ends the innermost array.
    fn end_array(&mut self);
    /// The key of the next value of the innermost object.
    fn key(&mut self, key: &str);
    /// A string value.
    fn string(&mut self, s: &str);
    /// A boolean value.
    fn bool(&mut self, b: bool);
    /// A whole number.
    fn int(&mut self, n: i64);
    /// A number with a fraction.
    fn float(&mut self, n: f64);
    /// `null`.
    fn null(&mut self);
    /// A value made elsewhere.
    fn value(&mut self, v: &Value);

    /// `key` and a string value.
    fn entry(&mut self, key: &str, s: &str) {
        self.key(key);
        self.string(s);
    }
}

/// Pretty JSON text, two-space indented, as `serde_json::to_string_pretty` writes it.
pub struct Json {
    out: String,
    level: usize,
    /// Whether the innermost open container has no value yet.
    empty: bool,
    /// Whether a key was just written (the value goes on its line).
    after_key: bool,
}

impl Default for Json {
    fn default() -> Self {
        Self::new()
    }
}

impl Json {
    /// An empty text.
    pub fn new() -> Self {
        Self {
            out: String::with_capacity(1024),
            level: 0,
            empty: true,
            after_key: false,
        }
    }

    /// The text with a final newline, as the exports write files.
    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    /// Starts a value: after its key, or on a line of its own in an array.
    fn start_value(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else if self.level > 0 {
            self.new_line();
        }
    }

    fn new_line(&mut self) {
        self.out.push_str(if self.empty { "\n" } else { ",\n" });
        self.empty = false;
        for _ in 0..self.level {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, bracket: char) {
        self.start_value();
        self.out.push(bracket);
        self.level += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.level = self.level.saturating_sub(1);
        if !self.empty {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str("  ");
            }
        }
        self.out.push(bracket);
        self.empty = false;
    }
}

impl Sink for Json {
    fn begin_object(&mut self) {
        self.open('{');
    }

    fn end_object(&mut self) {
        self.close('}');
    }

    fn begin_array(&mut self) {
        self.open('[');
    }

    fn end_array(&mut self) {
        self.close(']');
    }

    fn key(&mut self, key: &str) {
        self.new_line();
        escape_into(&mut self.out, key);
        self.out.push_str(": ");
        self.after_key = true;
    }

    fn string(&mut self, s: &str) {
        self.start_value();
        escape_into(&mut self.out, s);
    }

    fn bool(&mut self, b: bool) {
        self.start_value();
        self.out.push_str(if b { "true" } else { "false" });
    }

    fn int(&mut self, n: i64) {
        self.value(&Value::from(n));
    }

    fn float(&mut self, n: f64) {
        self.value(&Value::from(n));
    }

    fn null(&mut self) {
        self.start_value();
        self.out.push_str("null");
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => {
                self.start_value();
                self.out.push_str(&n.to_string());
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.begin_array();
                for item in items {
                    self.value(item);
                }
                self.end_array();
            }
            Value::Object(map) => {
                self.begin_object();
                for (k, item) in map {
                    self.key(k);
                    self.value(item);
                }
                self.end_object();
            }
        }
    }
}

/// A `serde_json::Value` made through [`Sink`]: the same code that writes a schema as text
/// gives it as a value for the YAML documents. A repeated key keeps its first place and its
/// last value, as `Map::insert` does.
#[derive(Default)]
pub struct ValueBuilder {
    /// Open containers, innermost last, each with the key it goes under in its parent.
    open: Vec<(Option<String>, Value)>,
    key: Option<String>,
    done: Option<Value>,
}

impl ValueBuilder {
    /// Nothing made yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value made (`null` when nothing was).
    pub fn finish(self) -> Value {
        self.done.unwrap_or(Value::Null)
    }

    fn put(&mut self, v: Value) {
        let key = self.key.take();
        match self.open.last_mut() {
            Some((_, Value::Object(map))) => {
                map.insert(key.unwrap_or_default(), v);
            }
            Some((_, Value::Array(items))) => items.push(v),
            Some(_) | None => self.done = Some(v),
        }
    }

    fn close(&mut self) {
        if let Some((key, v)) = self.open.pop() {
            self.key = key;
            self.put(v);
        }
    }
}

impl Sink for ValueBuilder {
    fn begin_object(&mut self) {
        self.open.push((self.key.take(), Value::Object(Map::new())));
    }

    fn end_object(&mut self) {
        self.close();
    }

    fn begin_array(&mut self) {
        self.open.push((self.key.take(), Value::Array(Vec::new())));
    }

    fn end_array(&mut self) {
        self.close();
    }

    fn key(&mut self, key: &str) {
        self.key = Some(key.to_owned());
    }

    fn string(&mut self, s: &str) {
        self.put(Value::String(s.to_owned()));
    }

    fn bool(&mut self, b: bool) {
        self.put(Value::Bool(b));
    }

    fn int(&mut self, n: i64) {
        self.put(Value::from(n));
    }

    fn float(&mut self, n: f64) {
        self.put(Value::from(n));
    }

    fn null(&mut self) {
        self.put(Value::Null);
    }

    fn value(&mut self, v: &Value) {
        self.put(v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn written(v: &Value) -> String {
        let mut w = Json::new();
        w.value(v);
        w.finish()
    }

    fn serde_pretty(v: &Value) -> String {
        let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
        text.push('\n');
        text
    }

    #[test]
    fn hostile_names_escape_exactly_as_serde_json_escapes_them() {
        for s in [
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "</script><!-- -->&amp;",
            "line\u{2028}separator\u{2029}",
            "emoji 😀 é ß 中",
        ] {
            let mut ours = String::new();
            escape_into(&mut ours, s);
            assert_eq!(ours, serde_json::to_string(s).unwrap_or_default(), "{s:?}");
        }
    }

    #[test]
    fn nested_and_empty_containers_are_written_as_serde_json_writes_them() {
        let v = json!({
            "a": [],
            "b": {},
            "c": [1, 1.5, -3, true, null, "x", [[]], [{}], { "d": { "e": [] } }],
            "": "",
        });
        assert_eq!(written(&v), serde_pretty(&v));
        assert_eq!(written(&json!([])), "[]\n");
        assert_eq!(written(&json!("x")), "\"x\"\n");
    }

    #[test]
    fn a_value_built_through_the_sink_keeps_the_first_place_of_a_repeated_key() {
        let mut b = ValueBuilder::new();
        b.begin_object();
        b.entry("x", "1");
        b.key("list");
        b.begin_array();
        b.int(2);
        b.begin_object();
        b.end_object();
        b.end_array();
        b.entry("x", "3");
        b.end_object();
        assert_eq!(b.finish(), json!({ "x": "3", "list": [2, {}] }));
    }

    fn arbitrary_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_string_escapes_as_serde_json_escapes_it(s in any::<String>()) {
            let mut ours = String::new();
            escape_into(&mut ours, &s);
            prop_assert_eq!(ours, serde_json::to_string(&s).unwrap_or_default());
        }

        #[test]
        fn hostile_strings_escape_as_serde_json_escapes_them(
            s in "[\\x00-\\x1f\\x7f\"\\\\/<>&a\u{e9}\u{2028}\u{2029}\u{1F600}]{0,40}"
        ) {
            let mut ours = String::new();
            escape_into(&mut ours, &s);
            prop_assert_eq!(ours, serde_json::to_string(&s).unwrap_or_default());
        }

        #[test]
        fn any_value_is_written_as_serde_json_writes_it(v in arbitrary_json()) {
            prop_assert_eq!(written(&v), serde_pretty(&v));
        }
    }
}
