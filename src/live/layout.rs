//! The open layout of the shared document: which top-level `Y.Map`s hold what, which keys an
//! item has, and how a board item becomes the values of its `Y.Map` and back.
//!
//! Every item is one `Y.Map` whose keys are the `.storm.ron` field names of the item (so a
//! plain Yjs client reads them as the README's table says); prose (a sticky's text,
//! descriptions, notes, a region's name) is a `Y.Text`, so concurrent typing merges letter by
//! letter. Everything else is a plain value (numbers, strings, booleans, arrays, objects).
//! Reading is forgiving: a value a peer wrote that does not fit is dropped with a warning and
//! the item keeps its other fields; an item missing what it cannot do without is skipped.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map as JsonMap, Value};
use yrs::{Any, Number};

/// Names of the top-level `Y.Map`s of the shared document.
pub mod roots {
    /// Stickies keyed by id (16 hex digits).
    pub const STICKIES: &str = "stickies";
    /// Bounded contexts and swimlanes keyed by id.
    pub const BOUNDARIES: &str = "boundaries";
    /// Arrows keyed by id.
    pub const LINKS: &str = "links";
    /// Object types keyed by name.
    pub const TYPES: &str = "types";
    /// The board's title, description, organisation, namespace and level (keys of one map).
    pub const META: &str = "meta";
    /// Legend overrides keyed by kind (`DomainEvent`, `Command`, ...).
    pub const LEGEND: &str = "legend";
}

/// What the layout says about the items of one collection.
#[derive(Debug)]
pub struct ItemLayout {
    /// What the items are called in warnings.
    pub what: &'static str,
    /// Keys Stormpad writes (and removes when the item no longer has them). Keys other
    /// clients add are left alone.
    pub known: &'static [&'static str],
    /// Keys whose values are `Y.Text` (a plain string written by another client is read too).
    pub text: &'static [&'static str],
    /// Keys without which the item cannot be read.
    pub required: &'static [&'static str],
    /// Keys whose value (an object) is spread over the item itself, one key `KEY/ENTRY` per
    /// entry (a sticky's dots: `dots/Ana`), so two participants voting at once both keep
    /// their dots, and an item with no entries costs nothing. A nested `Y.Map` under `KEY`
    /// (what Stormpad wrote before) is read too.
    pub spread: &'static [&'static str],
}

/// Stickies (`model::Sticky`).
pub const STICKY: ItemLayout = ItemLayout {
    what: "sticky",
    known: &[
        "kind",
        "text",
        "pos",
        "size",
        "description",
        "notes",
        "fields",
        "version",
        "pivotal",
        "visibility",
        "channel",
        "transport",
        "deliveries",
        "dots",
    ],
    text: &["text", "description", "notes"],
    // `text` and `size` are filled in when missing (an empty text, the kind's size).
    required: &["kind", "text", "pos", "size"],
    spread: &["dots"],
};

/// Regions (`model::Boundary`).
pub const BOUNDARY: ItemLayout = ItemLayout {
    what: "region",
    known: &["kind", "name", "rect", "description", "team", "namespace"],
    text: &["name", "description"],
    // `name` is filled in (empty) when missing.
    required: &["kind", "name", "rect"],
    spread: &[],
};

/// Arrows (`model::Link`).
pub const LINK: ItemLayout = ItemLayout {
    what: "arrow",
    known: &["from", "to"],
    text: &[],
    required: &["from", "to"],
    spread: &[],
};

/// Object types (`model::ObjectType`).
pub const OBJECT_TYPE: ItemLayout = ItemLayout {
    what: "object type",
    known: &["description", "fields"],
    text: &["description"],
    required: &[],
    spread: &[],
};

/// The board's meta data (`model::Meta`): the `meta` map itself is the item.
pub const META: ItemLayout = ItemLayout {
    what: "board title",
    known: &[
        "title",
        "description",
        "organisation",
        "namespace",
        "level",
        "phase",
        "dots_per_voter",
    ],
    text: &[],
    required: &[],
    spread: &[],
};

/// A legend override (`model::LegendEntry`).
pub const LEGEND_ENTRY: ItemLayout = ItemLayout {
    what: "legend entry",
    known: &["label", "color"],
    text: &[],
    required: &["label", "color"],
    spread: &[],
};

/// The key of one entry of a spread key (`dots/Ana`).
pub fn spread_key(key: &str, entry: &str) -> String {
    format!("{key}/{entry}")
}

/// The spread key and entry a key of an item names (`dots/Ana` is `dots`'s `Ana`).
pub fn spread_entry<'k>(layout: &ItemLayout, key: &'k str) -> Option<(&'static str, &'k str)> {
    let (name, entry) = key.split_once('/')?;
    let name = layout.spread.iter().find(|s| **s == name)?;
    Some((name, entry))
}

/// The fields of a model value as a JSON object (its serde form, as in `.storm.ron`).
pub fn to_fields<T: Serialize>(value: &T) -> JsonMap<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => JsonMap::new(),
    }
}

/// Reads a model value from the fields a peer wrote. Fields that do not fit are dropped one by
/// one (each with a warning) until the rest reads; `None` when even the required fields do not.
pub fn from_fields<T: DeserializeOwned>(
    layout: &ItemLayout,
    key: &str,
    fields: JsonMap<String, Value>,
    warnings: &mut Vec<String>,
) -> Option<T> {
    // Read from a borrowed value: the usual, well-formed item costs no copy of its fields.
    let whole = Value::Object(fields);
    if let Ok(value) = <T as serde::Deserialize>::deserialize(&whole) {
        return Some(value);
    }
    let Value::Object(fields) = whole else {
        return None;
    };
    let (mut kept, optional): (JsonMap<String, Value>, Vec<(String, Value)>) = {
        let mut required = JsonMap::new();
        let mut optional = Vec::new();
        for (k, v) in fields {
            if layout.required.contains(&k.as_str()) {
                required.insert(k, v);
            } else if layout.known.contains(&k.as_str()) {
                optional.push((k, v));
            }
        }
        (required, optional)
    };
    if let Err(e) = serde_json::from_value::<T>(Value::Object(kept.clone())) {
        warnings.push(format!("skipped {} {key}: {e}", layout.what));
        return None;
    }
    for (k, v) in optional {
        let mut trial = kept.clone();
        trial.insert(k.clone(), v);
        if serde_json::from_value::<T>(Value::Object(trial.clone())).is_ok() {
            kept = trial;
        } else {
            warnings.push(format!(
                "{} {key}: ignored the value of \"{k}\" a peer wrote",
                layout.what
            ));
        }
    }
    serde_json::from_value(Value::Object(kept)).ok()
}

/// A JSON value as a Yjs value. Whole numbers become integers where JavaScript would keep them
/// exact, so colours and counts read back as integers.
pub fn to_any(value: &Value) -> Any {
    match value {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i.abs() <= Number::I64_MAX_SAFE_INTEGER => Any::Number(Number::Int(i)),
            _ => Any::Number(Number::Float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => Any::String(s.as_str().into()),
        Value::Array(items) => Any::Array(items.iter().map(to_any).collect()),
        Value::Object(map) => Any::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), to_any(v)))
                .collect::<std::collections::HashMap<_, _>>()
                .into(),
        ),
    }
}

/// A Yjs value as JSON; binary data (which no layout key holds) reads as null.
pub fn from_any(value: &Any) -> Value {
    match value {
        Any::Null | Any::Undefined | Any::Buffer(_) => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(Number::Int(i)) => Value::from(*i),
        Any::Number(Number::Float(f)) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                // JavaScript writes every number as a float: whole ones read as integers.
                Value::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
        }
        Any::String(s) => Value::String(s.to_string()),
        Any::Array(items) => Value::Array(items.iter().map(from_any).collect()),
        Any::Map(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), from_any(&map[k])))
                    .collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, Field, Kind, Link, Meta, ObjectType, Sticky, Transport};

    fn keys_of<T: Serialize>(value: &T) -> Vec<String> {
        to_fields(value).keys().cloned().collect()
    }

    #[test]
    fn the_layout_knows_every_field_a_full_item_writes() {
        let mut sticky = Sticky::new(Kind::DomainEvent, "a", Default::default());
        sticky.description = "d".into();
        sticky.notes = "n".into();
        sticky.fields = vec![Field::default()];
        sticky.version = Some("1.0.0".into());
        sticky.pivotal = true;
        sticky.visibility = crate::model::Visibility::Public;
        sticky.votes.insert("Ana".into(), 2);
        // One delivery to any subscriber is written as the old `channel` and `transport`,
        // several as `deliveries`: the layout knows both forms.
        sticky.set_channel(Some("c".into()));
        sticky.deliveries[0].transport = Some(Transport::Kafka);
        for k in keys_of(&sticky) {
            assert!(STICKY.known.contains(&k.as_str()), "{k}");
        }
        sticky.deliveries.push(crate::model::Delivery::to(
            crate::model::Audience::AnySubscriber,
            crate::model::Direction::Receive,
        ));
        for k in keys_of(&sticky) {
            assert!(STICKY.known.contains(&k.as_str()), "{k}");
        }
        let mut region =
            Boundary::new(crate::model::BoundaryKind::Context, "n", Default::default());
        region.description = "d".into();
        region.team = "t".into();
        region.namespace = "n".into();
        for k in keys_of(&region) {
            assert!(BOUNDARY.known.contains(&k.as_str()), "{k}");
        }
        let link = Link::new(crate::model::Id(1), crate::model::Id(2));
        for k in keys_of(&link) {
            assert!(LINK.known.contains(&k.as_str()), "{k}");
        }
        let ty = ObjectType {
            description: "d".into(),
            fields: vec![Field::default()],
        };
        for k in keys_of(&ty) {
            assert!(OBJECT_TYPE.known.contains(&k.as_str()), "{k}");
        }
        let meta = Meta {
            title: "t".into(),
            description: "d".into(),
            organisation: "o".into(),
            namespace: "n".into(),
            level: crate::model::LevelSetting::BigPicture,
            phase: Some(crate::model::BigPictureStep::PickYourProblem),
            dots: Some(5),
            ..Meta::default()
        };
        for k in keys_of(&meta) {
            assert!(META.known.contains(&k.as_str()), "{k}");
        }
    }

    #[test]
    fn a_value_that_does_not_fit_is_dropped_and_the_rest_kept() {
        let mut fields = to_fields(&Sticky::new(Kind::Command, "Pay", Default::default()));
        fields.insert("pivotal".into(), Value::String("<b>yes</b>".into()));
        fields.insert("transport".into(), Value::from(42));
        let mut warnings = Vec::new();
        let sticky: Option<Sticky> = from_fields(&STICKY, "k", fields, &mut warnings);
        let sticky = sticky.unwrap_or_else(|| panic!("kept"));
        assert_eq!(sticky.text, "Pay");
        assert!(!sticky.pivotal);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let mut broken = JsonMap::new();
        broken.insert("kind".into(), Value::String("Banana".into()));
        let none: Option<Sticky> = from_fields(&STICKY, "k", broken, &mut warnings);
        assert!(none.is_none());
    }

    #[test]
    fn json_and_yjs_values_round_trip() {
        let value = serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {"c": -3}});
        assert_eq!(from_any(&to_any(&value)), value);
    }
}
