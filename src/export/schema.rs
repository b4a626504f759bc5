//! Payloads as JSON Schema, shared by every spec target: the JSON Schema files, AsyncAPI
//! message payloads, EventCatalog schemas and CloudEvents `data`. One mapping from field
//! types to schemas, one way to name object types, one sample instance per payload.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::json::{Json, Sink, ValueBuilder};
use crate::model::naming::{self, Unique};
use crate::model::{Board, Field, FieldType, ObjectType, Scalar};

/// The JSON Schema dialect of every schema Stormpad writes.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Builds schemas for the payloads of one board.
pub struct Schemas<'a> {
    board: &'a Board,
    /// Where object types live in the document being written: `#/$defs/` in a standalone
    /// schema, `#/components/schemas/` in AsyncAPI.
    ref_prefix: &'static str,
    /// Object type name -> its key under `ref_prefix` (ASCII PascalCase, unique).
    keys: BTreeMap<String, String>,
}

impl<'a> Schemas<'a> {
    /// Schemas for `board` whose object types are referred to as `ref_prefix` + key.
    pub fn new(board: &'a Board, ref_prefix: &'static str) -> Self {
        let mut scope = Unique::new();
        let keys = board
            .types
            .keys()
            .map(|name| (name.clone(), scope.claim(naming::pascal(name), "")))
            .collect();
        Self {
            board,
            ref_prefix,
            keys,
        }
    }

    /// The key an object type has under the reference prefix.
    pub fn key_of(&self, type_name: &str) -> Option<&str> {
        self.keys.get(type_name).map(String::as_str)
    }

    /// The schema of one field's type. A type the check reports as wrong (ES014) accepts
    /// any value, so an export never fails on it.
    pub fn field_type(&self, ty: &FieldType) -> Value {
        let mut out = ValueBuilder::new();
        out.begin_object();
        self.type_keys(&mut out, ty);
        out.end_object();
        out.finish()
    }

    /// The keys of a type's schema, inside an object the caller opened.
    fn type_keys<S: Sink>(&self, out: &mut S, ty: &FieldType) {
        match ty {
            FieldType::Scalar(s) => scalar_keys(out, *s),
            FieldType::Enum(values) => {
                out.entry("type", "string");
                out.key("enum");
                out.begin_array();
                for v in values {
                    out.string(v);
                }
                out.end_array();
            }
            FieldType::List(inner) => {
                out.entry("type", "array");
                out.key("items");
                out.begin_object();
                self.type_keys(out, inner);
                out.end_object();
            }
            FieldType::Object(name) => match self.key_of(name) {
                Some(key) => {
                    out.key("$ref");
                    out.string(&format!("{}{key}", self.ref_prefix));
                }
                None => out.entry("description", &format!("unknown type {name}")),
            },
        }
    }

    /// The schema of one property: its type's, with the field's description.
    fn property<S: Sink>(&self, out: &mut S, field: &Field) {
        let description = field.description.trim();
        out.begin_object();
        match FieldType::parse(&field.ty) {
            Ok(FieldType::Object(name)) if !description.is_empty() => {
                if self.key_of(&name).is_some() {
                    // Beside a `$ref`, draft-07 readers (AsyncAPI) ignore keywords: wrap it.
                    out.key("allOf");
                    out.begin_array();
                    out.begin_object();
                    self.type_keys(out, &FieldType::Object(name));
                    out.end_object();
                    out.end_array();
                }
                // An unknown type's own description gives way to the field's.
                out.entry("description", description);
            }
            Ok(ty) => {
                self.type_keys(out, &ty);
                if !description.is_empty() {
                    out.entry("description", description);
                }
            }
            Err(_) => {
                if !description.is_empty() {
                    out.entry("description", description);
                }
            }
        }
        out.end_object();
    }

    /// An object schema with one property per field: `required` as marked, nothing else
    /// allowed.
    pub fn object(&self, title: &str, description: &str, fields: &[Field]) -> Value {
        let mut out = ValueBuilder::new();
        out.begin_object();
        self.object_keys(&mut out, Some(title), description, fields);
        out.end_object();
        out.finish()
    }

    /// The keys of [`Schemas::object`], inside an object the caller opened. Without a title
    /// (a CloudEvent's `data`) `additionalProperties` comes first: the order the envelopes
    /// have always had (the title was taken out of the map by a swap with the last key).
    pub fn object_keys<S: Sink>(
        &self,
        out: &mut S,
        title: Option<&str>,
        description: &str,
        fields: &[Field],
    ) {
        match title {
            Some(title) => out.entry("title", title),
            None => {
                out.key("additionalProperties");
                out.bool(false);
            }
        }
        if !description.trim().is_empty() {
            out.entry("description", description.trim());
        }
        out.entry("type", "object");
        out.key("properties");
        out.begin_object();
        // A repeated name keeps its first place and the last field's schema.
        for (name, field) in last_of_each(fields.iter().map(|f| (f.name.as_str(), f))) {
            out.key(name);
            self.property(out, field);
        }
        out.end_object();
        if fields.iter().any(|f| f.required) {
            // In field order, each once.
            let mut seen = BTreeSet::new();
            out.key("required");
            out.begin_array();
            for f in fields.iter().filter(|f| f.required) {
                if seen.insert(f.name.as_str()) {
                    out.string(&f.name);
                }
            }
            out.end_array();
        }
        if title.is_some() {
            out.key("additionalProperties");
            out.bool(false);
        }
    }

    /// The object types `fields` use, directly or through other object types, by name.
    pub fn used_types(&self, fields: &[Field]) -> BTreeSet<String> {
        let mut used = BTreeSet::new();
        let mut todo: Vec<&Field> = fields.iter().collect();
        while let Some(field) = todo.pop() {
            let Ok(ty) = FieldType::parse(&field.ty) else {
                continue;
            };
            if let Some(name) = ty.object_name()
                && let Some(def) = self.board.types.get(name)
                && used.insert(name.to_owned())
            {
                todo.extend(def.fields.iter());
            }
        }
        used
    }

    /// The definitions of `types` as a map from key to schema, sorted by key.
    pub fn definitions(&self, types: &BTreeSet<String>) -> Map<String, Value> {
        let mut out = ValueBuilder::new();
        out.begin_object();
        self.definition_keys(&mut out, types);
        out.end_object();
        match out.finish() {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// The definitions of `types` (see [`Schemas::definitions`]) as keys of an object the
    /// caller opened; whether there were any.
    pub fn definition_keys<S: Sink>(&self, out: &mut S, types: &BTreeSet<String>) -> bool {
        let defs: BTreeMap<&str, (&str, &ObjectType)> = types
            .iter()
            .filter_map(|name| {
                Some((
                    self.key_of(name)?,
                    (name.as_str(), self.board.types.get(name)?),
                ))
            })
            .collect();
        for (key, (name, def)) in &defs {
            out.key(key);
            out.begin_object();
            self.object_keys(out, Some(name), &def.description, &def.fields);
            out.end_object();
        }
        !defs.is_empty()
    }

    /// A standalone schema (draft 2020-12) for a payload, with its object types in `$defs`,
    /// as the text of a file.
    pub fn standalone(&self, id: &str, title: &str, description: &str, fields: &[Field]) -> String {
        let mut out = Json::new();
        out.begin_object();
        out.entry("$schema", DIALECT);
        out.entry("$id", id);
        self.object_keys(&mut out, Some(title), description, fields);
        let used = self.used_types(fields);
        if !used.is_empty() {
            out.key("$defs");
            out.begin_object();
            self.definition_keys(&mut out, &used);
            out.end_object();
        }
        out.end_object();
        out.finish()
    }

    /// A plausible instance of a payload, every field filled in (but for optional fields
    /// that would nest an object type inside itself).
    pub fn sample<S: Sink>(&self, out: &mut S, fields: &[Field]) {
        self.sample_fields(out, fields, &mut Vec::new());
    }

    /// [`Schemas::sample`] as the text of a file.
    pub fn sample_file(&self, fields: &[Field]) -> String {
        let mut out = Json::new();
        self.sample(&mut out, fields);
        out.finish()
    }

    /// `open`: the object types being filled in, outermost first.
    fn sample_fields<S: Sink>(&self, out: &mut S, fields: &[Field], open: &mut Vec<String>) {
        let filled = fields.iter().filter_map(|field| {
            let ty = FieldType::parse(&field.ty);
            let recursive = ty
                .as_ref()
                .ok()
                .and_then(FieldType::object_name)
                .is_some_and(|n| open.iter().any(|o| o == n));
            (!recursive || field.required).then_some((field.name.as_str(), ty))
        });
        let filled = last_of_each(filled);
        out.begin_object();
        for (name, ty) in filled {
            out.key(name);
            match ty {
                Ok(ty) => self.sample_of(out, &ty, name, open),
                Err(_) => out.null(),
            }
        }
        out.end_object();
    }

    fn sample_of<S: Sink>(&self, out: &mut S, ty: &FieldType, name: &str, open: &mut Vec<String>) {
        match ty {
            FieldType::Scalar(s) => sample_scalar(out, *s, name),
            FieldType::Enum(values) => match values.first() {
                Some(v) => out.string(v),
                None => out.null(),
            },
            FieldType::List(inner) => {
                out.begin_array();
                match inner.object_name() {
                    Some(n) if open.iter().any(|o| o == n) => {}
                    _ => self.sample_of(out, inner, name, open),
                }
                out.end_array();
            }
            // An object type that requires itself has no finite instance (the check reports
            // it as ES017); the sample stops there.
            FieldType::Object(type_name) if open.contains(type_name) => {
                out.begin_object();
                out.end_object();
            }
            FieldType::Object(type_name) => match self.board.types.get(type_name) {
                Some(def) => {
                    open.push(type_name.clone());
                    self.sample_fields(out, &def.fields, open);
                    open.pop();
                }
                None => {
                    out.begin_object();
                    out.end_object();
                }
            },
        }
    }
}

/// The entries of `items` with each name once: in the place it first has, with the last
/// value it is given (as a JSON object keeps a repeated key).
fn last_of_each<'n, T>(items: impl Iterator<Item = (&'n str, T)>) -> Vec<(&'n str, T)> {
    let mut kept: Vec<(&str, T)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (name, item) in items {
        match at.get(name) {
            Some(&i) => kept[i].1 = item,
            None => {
                at.insert(name, kept.len());
                kept.push((name, item));
            }
        }
    }
    kept
}

fn scalar_keys<S: Sink>(out: &mut S, s: Scalar) {
    let format = |out: &mut S, f: &str| {
        out.entry("type", "string");
        out.entry("format", f);
    };
    match s {
        Scalar::String => out.entry("type", "string"),
        Scalar::Integer => out.entry("type", "integer"),
        Scalar::Number => out.entry("type", "number"),
        Scalar::Decimal => {
            out.entry("type", "string");
            out.entry("pattern", "^-?[0-9]+(\\.[0-9]+)?$");
        }
        Scalar::Boolean => out.entry("type", "boolean"),
        Scalar::Timestamp => format(out, "date-time"),
        Scalar::Date => format(out, "date"),
        Scalar::Uuid => format(out, "uuid"),
        Scalar::Email => format(out, "email"),
        Scalar::Uri => format(out, "uri"),
    }
}

fn sample_scalar<S: Sink>(out: &mut S, s: Scalar, name: &str) {
    match s {
        Scalar::String => out.string(&format!(
            "example {}",
            naming::kebab(name).replace('-', " ")
        )),
        Scalar::Integer => out.int(1),
        Scalar::Number => out.float(1.5),
        Scalar::Decimal => out.string("12.50"),
        Scalar::Boolean => out.bool(true),
        Scalar::Timestamp => out.string("2026-01-15T09:30:00Z"),
        Scalar::Date => out.string("2026-01-15"),
        Scalar::Uuid => out.string("3f1c6b1e-8a7d-4c2b-9f10-5e6a7b8c9d01"),
        Scalar::Email => out.string("someone@example.com"),
        Scalar::Uri => out.string("https://example.com/resource"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(name: &str, ty: &str, required: bool) -> Field {
        Field {
            name: name.into(),
            ty: ty.into(),
            required,
            ..Field::default()
        }
    }

    #[test]
    fn the_text_and_the_value_of_a_schema_are_the_same_json() {
        let mut board = Board::new("t");
        board.types.insert(
            "Money".into(),
            ObjectType {
                description: "An amount \"and\" its currency".into(),
                fields: vec![field("amount", "decimal", true)],
            },
        );
        let mut described = field("price", "Money", true);
        described.description = "What it costs\n</script>".into();
        let mut unknown = field("odd", "Nowhere", false);
        unknown.description = "unknown on purpose".into();
        let fields = [
            field("id", "uuid", true),
            described,
            unknown,
            field("id", "list<Money>", true),
            field("tags", "enum(a|b)", false),
            field("broken", "list<", false),
        ];
        let schemas = Schemas::new(&board, "#/$defs/");
        let text = schemas.standalone(
            "https://example.com/s.json",
            "Order",
            " A \u{2028} ",
            &fields,
        );
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        let mut pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
        pretty.push('\n');
        assert_eq!(text, pretty, "the text is pretty JSON");
        let object = schemas.object("Order", " A \u{2028} ", &fields);
        for key in ["title", "description", "type", "properties", "required"] {
            assert_eq!(object[key], value[key], "{key}");
        }
        assert_eq!(
            value["properties"]["id"]["type"], "array",
            "the last field of a name wins"
        );
        let sample = schemas.sample_file(&fields);
        let mut built = ValueBuilder::new();
        schemas.sample(&mut built, &fields);
        assert_eq!(
            serde_json::from_str::<Value>(&sample).unwrap_or_default(),
            built.finish()
        );
    }

    #[test]
    fn a_type_that_requires_itself_gives_a_finite_sample() {
        let mut board = Board::new("t");
        board.types.insert(
            "Node".into(),
            ObjectType {
                description: String::new(),
                fields: vec![
                    field("next", "Node", true),
                    field("all", "list<Node>", true),
                ],
            },
        );
        let schemas = Schemas::new(&board, "#/$defs/");
        let mut sample = ValueBuilder::new();
        schemas.sample(&mut sample, &[field("head", "Node", true)]);
        assert!(sample.finish()["head"]["next"].is_object());
    }

    #[test]
    fn payloads_map_types_and_collect_object_types_transitively() {
        let mut board = Board::new("t");
        board.types.insert(
            "Money".into(),
            ObjectType {
                description: String::new(),
                fields: vec![
                    field("amount", "decimal", true),
                    field("currency", "string", true),
                ],
            },
        );
        board.types.insert(
            "Line".into(),
            ObjectType {
                description: String::new(),
                fields: vec![field("price", "Money", true)],
            },
        );
        let schemas = Schemas::new(&board, "#/$defs/");
        let fields = [
            field("id", "uuid", true),
            field("lines", "list<Line>", false),
        ];
        let schema = schemas.standalone("https://example.com/s.json", "Order Placed", "", &fields);
        let schema: Value = serde_json::from_str(&schema).unwrap_or_default();
        assert_eq!(schema["properties"]["id"]["format"], "uuid");
        assert_eq!(
            schema["properties"]["lines"]["items"]["$ref"],
            "#/$defs/Line"
        );
        assert_eq!(schema["required"], json!(["id"]));
        assert!(schema["$defs"]["Money"].is_object(), "{schema}");
        let sample: Value = serde_json::from_str(&schemas.sample_file(&fields)).unwrap_or_default();
        assert_eq!(sample["lines"][0]["price"]["amount"], "12.50");
    }
}
