//! The types of payload fields: the small language people type in the inspector (`uuid`,
//! `enum(card|cash)`, `list<Money>`), and the object types a board defines once and reuses.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::naming::FieldStyle;
use super::sticky::Field;

/// A value object (Money, Address, ...) that fields refer to by name; defined once per board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectType {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// The built-in scalar types, each with the name people type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    String,
    Integer,
    Number,
    /// Exact decimal (money amounts); carried as a string in JSON so no digit is lost.
    Decimal,
    Boolean,
    /// An instant with a time zone (RFC 3339 `date-time`).
    Timestamp,
    /// A calendar date (RFC 3339 `full-date`).
    Date,
    Uuid,
    Email,
    Uri,
}

impl Scalar {
    /// Every scalar, in the order the inspector offers them.
    pub const ALL: [Scalar; 10] = [
        Scalar::String,
        Scalar::Integer,
        Scalar::Number,
        Scalar::Decimal,
        Scalar::Boolean,
        Scalar::Timestamp,
        Scalar::Date,
        Scalar::Uuid,
        Scalar::Email,
        Scalar::Uri,
    ];

    /// The name as typed and written in files.
    pub fn name(self) -> &'static str {
        match self {
            Scalar::String => "string",
            Scalar::Integer => "integer",
            Scalar::Number => "number",
            Scalar::Decimal => "decimal",
            Scalar::Boolean => "boolean",
            Scalar::Timestamp => "timestamp",
            Scalar::Date => "date",
            Scalar::Uuid => "uuid",
            Scalar::Email => "email",
            Scalar::Uri => "uri",
        }
    }

    fn from_name(name: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The scalar whose name `name` is in other letter case (`String`, `DATE`), if any: an
    /// object type of that name is the board's own, and findings say so.
    pub fn spelled_like(name: &str) -> Option<Scalar> {
        Scalar::ALL
            .into_iter()
            .find(|s| s.name() != name && s.name().eq_ignore_ascii_case(name))
    }
}

/// A parsed field type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldType {
    Scalar(Scalar),
    /// One of a fixed list of values: `enum(card|cash)`.
    Enum(Vec<String>),
    /// Zero or more values of a type: `list<OrderLine>`.
    List(Box<FieldType>),
    /// An object type defined on the board, by name.
    Object(String),
}

/// Why a typed field type is not understood; the inspector shows it as it is typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError(pub String);

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How deep `list<list<...>>` may nest; deeper is certainly a typo, and exporters recurse.
const MAX_NESTING: usize = 8;

impl FieldType {
    /// Parses a type as people type it. Scalars are lower case; any other name starting with
    /// a letter names an object type, `String` and `Date` too (a board may define its own;
    /// whether it does is checked by [`FieldType::unknown_objects`], whose finding reminds
    /// that the built-in type is written `string`).
    pub fn parse(text: &str) -> Result<FieldType, TypeError> {
        Self::parse_nested(text.trim(), 0)
    }

    fn parse_nested(text: &str, depth: usize) -> Result<FieldType, TypeError> {
        if depth > MAX_NESTING {
            return Err(TypeError(format!("lists nest at most {MAX_NESTING} deep")));
        }
        if text.is_empty() {
            return Err(TypeError(
                "no type: write one such as string, uuid, enum(a|b), list<Money>".into(),
            ));
        }
        if let Some(scalar) = Scalar::from_name(text) {
            return Ok(FieldType::Scalar(scalar));
        }
        if let Some(inner) = text.strip_prefix("list<") {
            let inner = inner
                .strip_suffix('>')
                .ok_or_else(|| TypeError(format!("`{text}` has no closing `>`")))?;
            return Ok(FieldType::List(Box::new(Self::parse_nested(
                inner.trim(),
                depth + 1,
            )?)));
        }
        if let Some(values) = text.strip_prefix("enum(") {
            let values = values
                .strip_suffix(')')
                .ok_or_else(|| TypeError(format!("`{text}` has no closing `)`")))?;
            return Self::parse_enum(values);
        }
        let mut chars = text.chars();
        let starts_with_letter = chars.next().is_some_and(char::is_alphabetic);
        if starts_with_letter && chars.all(|c| c.is_alphanumeric() || c == '_') {
            return Ok(FieldType::Object(text.to_owned()));
        }
        Err(TypeError(format!(
            "`{text}` is not a type: use string, integer, number, decimal, boolean, timestamp, \
             date, uuid, email, uri, enum(a|b), list<T> or an object type's name"
        )))
    }

    fn parse_enum(values: &str) -> Result<FieldType, TypeError> {
        let values: Vec<String> = values.split('|').map(|v| v.trim().to_owned()).collect();
        if values.iter().any(String::is_empty) {
            return Err(TypeError(
                "an enum lists its values between `|`, none empty: enum(card|cash)".into(),
            ));
        }
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                return Err(TypeError(format!("the enum lists `{v}` twice")));
            }
        }
        Ok(FieldType::Enum(values))
    }

    /// The object type names this type refers to that `defined` does not contain.
    pub fn unknown_objects<'a>(&'a self, defined: &impl Fn(&str) -> bool) -> Vec<&'a str> {
        match self {
            FieldType::Object(name) if !defined(name) => vec![name.as_str()],
            FieldType::List(inner) => inner.unknown_objects(defined),
            _ => Vec::new(),
        }
    }

    /// The same type with the object type `old` called `new`.
    pub fn renamed(&self, old: &str, new: &str) -> FieldType {
        match self {
            FieldType::Object(name) if name == old => FieldType::Object(new.to_owned()),
            FieldType::List(inner) => FieldType::List(Box::new(inner.renamed(old, new))),
            other => other.clone(),
        }
    }

    /// The object type this type names, directly or as the items of (nested) lists.
    pub fn object_name(&self) -> Option<&str> {
        match self {
            FieldType::Object(name) => Some(name),
            FieldType::List(inner) => inner.object_name(),
            _ => None,
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldType::Scalar(s) => f.write_str(s.name()),
            FieldType::Enum(values) => write!(f, "enum({})", values.join("|")),
            FieldType::List(inner) => write!(f, "list<{inner}>"),
            FieldType::Object(name) => f.write_str(name),
        }
    }
}

/// Why a field name is not usable in a payload, or `None` when it is. Names start with a
/// letter and hold letters, digits and `_` (as JSON property names that every language can
/// map): `orderId`, `total_amount`. The name suggested instead is written in `style`, the
/// board's own.
pub fn field_name_problem(name: &str, style: FieldStyle) -> Option<String> {
    let mut chars = name.chars();
    match chars.next() {
        None => Some("a field needs a name".into()),
        Some(c) if !c.is_alphabetic() => Some(format!(
            "`{name}` must start with a letter (write it as `{}`)",
            style.name(name)
        )),
        _ if !chars.all(|c| c.is_alphanumeric() || c == '_') => Some(format!(
            "`{name}` may hold only letters, digits and `_` (write it as `{}`)",
            style.name(name)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> FieldType {
        FieldType::parse(t).unwrap_or_else(|e| panic!("{t}: {e}"))
    }

    #[test]
    fn types_parse_and_print_back_canonically() {
        for t in [
            "string",
            "uuid",
            "enum(card|cash)",
            "list<Money>",
            "list<list<enum(a|b)>>",
            "Address",
        ] {
            assert_eq!(parse(t).to_string(), t);
        }
        assert_eq!(parse(" list< uuid > ").to_string(), "list<uuid>");
        assert_eq!(parse("enum( a | b )").to_string(), "enum(a|b)");
        assert_eq!(parse("list<Money>").object_name(), Some("Money"));
    }

    #[test]
    fn mistakes_are_explained() {
        let err = |t: &str| FieldType::parse(t).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(parse("String"), FieldType::Object("String".into()));
        assert_eq!(Scalar::spelled_like("Date"), Some(Scalar::Date));
        assert_eq!(Scalar::spelled_like("date"), None);
        assert!(err("list<uuid").contains("closing"));
        assert!(err("enum(a||b)").contains("none empty"));
        assert!(err("enum(a|a)").contains("twice"));
        assert!(err("").contains("no type"));
        assert!(err("9lives").contains("not a type"));
        assert!(err(&format!("{}uuid{}", "list<".repeat(12), ">".repeat(12))).contains("nest"));
    }

    #[test]
    fn unknown_object_types_are_found_through_lists() {
        let t = parse("list<Money>");
        assert_eq!(t.unknown_objects(&|n| n == "Address"), vec!["Money"]);
        assert!(t.unknown_objects(&|n| n == "Money").is_empty());
    }

    #[test]
    fn field_names_are_checked() {
        let problem = |name| field_name_problem(name, FieldStyle::Camel);
        assert_eq!(problem("orderId"), None);
        assert_eq!(problem("größe_2"), None);
        assert!(problem("").is_some());
        assert!(problem("order id").is_some_and(|m| m.contains("orderId")));
        assert!(problem("2fa").is_some());
    }
}
