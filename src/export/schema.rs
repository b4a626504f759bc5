//! Payloads as JSON Schema, shared by every spec target: the JSON Schema files, AsyncAPI
//! message payloads, EventCatalog schemas and CloudEvents `data`. One mapping from field
//! types to schemas, one way to name object types, one sample instance per payload.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::model::naming::{self, Unique};
use crate::model::{Board, Field, FieldType, Scalar};

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
        match ty {
            FieldType::Scalar(s) => scalar(*s),
            FieldType::Enum(values) => json!({ "type": "string", "enum": values }),
            FieldType::List(inner) => json!({ "type": "array", "items": self.field_type(inner) }),
            FieldType::Object(name) => match self.key_of(name) {
                Some(key) => json!({ "$ref": format!("{}{key}", self.ref_prefix) }),
                None => json!({ "description": format!("unknown type {name}") }),
            },
        }
    }

    /// An object schema with one property per field: `required` as marked, nothing else
    /// allowed.
    pub fn object(&self, title: &str, description: &str, fields: &[Field]) -> Value {
        let mut schema = Map::new();
        schema.insert("title".into(), json!(title));
        if !description.trim().is_empty() {
            schema.insert("description".into(), json!(description.trim()));
        }
        schema.insert("type".into(), json!("object"));
        let mut properties = Map::new();
        for field in fields {
            let mut property = match FieldType::parse(&field.ty) {
                Ok(ty) => self.field_type(&ty),
                Err(_) => json!({}),
            };
            let description = field.description.trim();
            if !description.is_empty() {
                // Beside a `$ref`, draft-07 readers (AsyncAPI) ignore keywords: wrap it.
                if property.get("$ref").is_some() {
                    property = json!({ "allOf": [property] });
                }
                if let Some(p) = property.as_object_mut() {
                    p.insert("description".into(), json!(description));
                }
            }
            properties.insert(field.name.clone(), property);
        }
        schema.insert("properties".into(), Value::Object(properties));
        let required: BTreeSet<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.as_str())
            .collect();
        if !required.is_empty() {
            // In field order, each once.
            let mut seen = BTreeSet::new();
            let ordered: Vec<&str> = fields
                .iter()
                .filter(|f| f.required && seen.insert(f.name.as_str()))
                .map(|f| f.name.as_str())
                .collect();
            schema.insert("required".into(), json!(ordered));
        }
        schema.insert("additionalProperties".into(), json!(false));
        Value::Object(schema)
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
        let mut defs: BTreeMap<&str, Value> = BTreeMap::new();
        for name in types {
            if let (Some(key), Some(def)) = (self.key_of(name), self.board.types.get(name)) {
                defs.insert(key, self.object(name, &def.description, &def.fields));
            }
        }
        defs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// A standalone schema (draft 2020-12) for a payload, with its object types in `$defs`.
    pub fn standalone(&self, id: &str, title: &str, description: &str, fields: &[Field]) -> Value {
        let mut schema = Map::new();
        schema.insert("$schema".into(), json!(DIALECT));
        schema.insert("$id".into(), json!(id));
        if let Value::Object(body) = self.object(title, description, fields) {
            schema.extend(body);
        }
        let defs = self.definitions(&self.used_types(fields));
        if !defs.is_empty() {
            schema.insert("$defs".into(), Value::Object(defs));
        }
        Value::Object(schema)
    }

    /// A plausible instance of a payload, every field filled in (but for optional fields
    /// that would nest an object type inside itself).
    pub fn sample(&self, fields: &[Field]) -> Value {
        self.sample_fields(fields, &mut Vec::new())
    }

    /// `open`: the object types being filled in, outermost first.
    fn sample_fields(&self, fields: &[Field], open: &mut Vec<String>) -> Value {
        let mut object = Map::new();
        for field in fields {
            let ty = FieldType::parse(&field.ty);
            let recursive = ty
                .as_ref()
                .ok()
                .and_then(FieldType::object_name)
                .is_some_and(|n| open.iter().any(|o| o == n));
            if recursive && !field.required {
                continue;
            }
            let value = match ty {
                Ok(ty) => self.sample_of(&ty, &field.name, open),
                Err(_) => Value::Null,
            };
            object.insert(field.name.clone(), value);
        }
        Value::Object(object)
    }

    fn sample_of(&self, ty: &FieldType, name: &str, open: &mut Vec<String>) -> Value {
        match ty {
            FieldType::Scalar(s) => sample_scalar(*s, name),
            FieldType::Enum(values) => json!(values.first()),
            FieldType::List(inner) => match inner.object_name() {
                Some(n) if open.iter().any(|o| o == n) => json!([]),
                _ => json!([self.sample_of(inner, name, open)]),
            },
            // An object type that requires itself has no finite instance (the check reports
            // it as ES017); the sample stops there.
            FieldType::Object(type_name) if open.contains(type_name) => json!({}),
            FieldType::Object(type_name) => match self.board.types.get(type_name) {
                Some(def) => {
                    open.push(type_name.clone());
                    let value = self.sample_fields(&def.fields, open);
                    open.pop();
                    value
                }
                None => json!({}),
            },
        }
    }
}

fn scalar(s: Scalar) -> Value {
    let format = |f: &str| json!({ "type": "string", "format": f });
    match s {
        Scalar::String => json!({ "type": "string" }),
        Scalar::Integer => json!({ "type": "integer" }),
        Scalar::Number => json!({ "type": "number" }),
        Scalar::Decimal => json!({ "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" }),
        Scalar::Boolean => json!({ "type": "boolean" }),
        Scalar::Timestamp => format("date-time"),
        Scalar::Date => format("date"),
        Scalar::Uuid => format("uuid"),
        Scalar::Email => format("email"),
        Scalar::Uri => format("uri"),
    }
}

fn sample_scalar(s: Scalar, name: &str) -> Value {
    match s {
        Scalar::String => json!(format!("example {}", naming::kebab(name).replace('-', " "))),
        Scalar::Integer => json!(1),
        Scalar::Number => json!(1.5),
        Scalar::Decimal => json!("12.50"),
        Scalar::Boolean => json!(true),
        Scalar::Timestamp => json!("2026-01-15T09:30:00Z"),
        Scalar::Date => json!("2026-01-15"),
        Scalar::Uuid => json!("3f1c6b1e-8a7d-4c2b-9f10-5e6a7b8c9d01"),
        Scalar::Email => json!("someone@example.com"),
        Scalar::Uri => json!("https://example.com/resource"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ObjectType;

    fn field(name: &str, ty: &str, required: bool) -> Field {
        Field {
            name: name.into(),
            ty: ty.into(),
            required,
            ..Field::default()
        }
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
        let sample = schemas.sample(&[field("head", "Node", true)]);
        assert!(sample["head"]["next"].is_object());
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
        assert_eq!(schema["properties"]["id"]["format"], "uuid");
        assert_eq!(
            schema["properties"]["lines"]["items"]["$ref"],
            "#/$defs/Line"
        );
        assert_eq!(schema["required"], json!(["id"]));
        assert!(schema["$defs"]["Money"].is_object(), "{schema}");
        let sample = schemas.sample(&fields);
        assert_eq!(sample["lines"][0]["price"]["amount"], "12.50");
    }
}
