//! The three-way merge itself, over the serde form of a board's parts (JSON values): maps of
//! items by key, items field by field, and lists of named entries (an event's payload fields)
//! entry by entry. Working on the serde form means a field added to the model tomorrow is
//! merged field by field without a line changed here.

use serde_json::{Map, Value};

use super::{Conflict, Note, Section};

/// Conflicts and notes gathered while merging.
#[derive(Default)]
pub struct Report {
    pub conflicts: Vec<Conflict>,
    pub notes: Vec<Note>,
}

/// Which side a value came from, for notes.
fn changed(base: Option<&Value>, side: Option<&Value>) -> bool {
    base != side
}

/// Merges maps of items keyed by id (or kind, or name). Keys are visited in ours' order,
/// then theirs' additions: the caller's `BTreeMap` sorts them again anyway.
pub fn merge_map(
    section: Section,
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    report: &mut Report,
) -> Map<String, Value> {
    let mut out = Map::new();
    for key in union_keys([ours, theirs, base]) {
        let (b, o, t) = (base.get(&key), ours.get(&key), theirs.get(&key));
        if let Some(v) = merge_item(section, &key, (b, o, t), report) {
            out.insert(key, v);
        }
    }
    out
}

/// Every key of the maps, each once, in the order first seen.
fn union_keys<const N: usize>(maps: [&Map<String, Value>; N]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut keys = Vec::new();
    for map in maps {
        for key in map.keys() {
            if seen.insert(key.as_str()) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

/// Merges one item present in at least one version. `None` means the merge deletes it.
pub fn merge_item(
    section: Section,
    key: &str,
    (b, o, t): (Option<&Value>, Option<&Value>, Option<&Value>),
    report: &mut Report,
) -> Option<Value> {
    if o == t {
        return o.cloned();
    }
    if !changed(b, o) {
        return t.cloned();
    }
    if !changed(b, t) {
        return o.cloned();
    }
    // Both sides changed the item, differently.
    match (o, t) {
        (None, Some(kept)) | (Some(kept), None) => {
            let (deleter, editor) = if o.is_none() {
                ("ours", "theirs")
            } else {
                ("theirs", "ours")
            };
            report.notes.push(Note {
                section,
                item: key.to_owned(),
                message: format!(
                    "deleted on {deleter} but edited on {editor}: kept, with {editor}' edits"
                ),
            });
            Some(kept.clone())
        }
        (Some(ov), Some(tv)) => {
            let mut fields = Fields {
                section,
                item: key,
                report,
            };
            Some(fields.merge_object("", b, ov, tv))
        }
        (None, None) => None,
    }
}

/// Merges the fields of one item, reporting conflicts against it.
struct Fields<'a> {
    section: Section,
    item: &'a str,
    report: &'a mut Report,
}

/// Maps merged entry by entry rather than as one value: a sticky's `dots` (votes), so two voters on
/// two branches both keep their dots (the same voter changed on both sides still conflicts).
const PER_ENTRY: &[&str] = &["dots"];

impl Fields<'_> {
    /// Merges two objects (with their base, if any) field by field; values that are not both
    /// objects are one field.
    fn merge_object(&mut self, path: &str, b: Option<&Value>, o: &Value, t: &Value) -> Value {
        let (Value::Object(om), Value::Object(tm)) = (o, t) else {
            return self.leaf(path, b, Some(o), Some(t)).unwrap_or(Value::Null);
        };
        let empty = Map::new();
        let bm = match b {
            Some(Value::Object(m)) => m,
            _ => &empty,
        };
        let mut out = Map::new();
        for key in union_keys([om, tm, bm]) {
            let field = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let (bv, ov, tv) = (bm.get(&key), om.get(&key), tm.get(&key));
            let merged = match (bv, ov, tv) {
                (_, Some(ov), Some(tv))
                    if ov != tv && changed(bv, Some(ov)) && changed(bv, Some(tv)) =>
                {
                    match named_lists(bv, ov, tv) {
                        Some(lists) => Some(self.merge_named(&field, lists)),
                        None if PER_ENTRY.contains(&key.as_str()) => {
                            Some(self.merge_object(&field, bv, ov, tv))
                        }
                        None => self.leaf(&field, bv, Some(ov), Some(tv)),
                    }
                }
                _ => self.leaf(&field, bv, ov, tv),
            };
            if let Some(v) = merged {
                out.insert(key, v);
            }
        }
        Value::Object(out)
    }

    /// One value: the side that changed it wins; both changed it differently is a conflict
    /// that keeps ours.
    fn leaf(
        &mut self,
        field: &str,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
    ) -> Option<Value> {
        if o == t || !changed(b, t) {
            return o.cloned();
        }
        if !changed(b, o) {
            return t.cloned();
        }
        self.report.conflicts.push(Conflict {
            section: self.section,
            item: self.item.to_owned(),
            field: field.to_owned(),
            ours: o.cloned(),
            theirs: t.cloned(),
        });
        o.cloned()
    }

    /// Merges lists of named entries (payload fields) entry by entry, keyed by name: ours'
    /// order, then what theirs added, in theirs' order.
    fn merge_named(&mut self, field: &str, (b, o, t): Named<'_>) -> Value {
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in o.iter().chain(t.iter()) {
            if !names.contains(name) {
                names.push(name);
            }
        }
        let mut out = Vec::new();
        for name in names {
            let (bv, ov, tv) = (find(&b, name), find(&o, name), find(&t, name));
            let path = format!("{field}[{name}]");
            let merged = if ov == tv || !changed(bv, tv) {
                ov.cloned()
            } else if !changed(bv, ov) {
                tv.cloned()
            } else {
                match (ov, tv) {
                    (Some(ov), Some(tv)) => Some(self.merge_object(&path, bv, ov, tv)),
                    (kept, _) => {
                        let (deleter, editor) = if ov.is_none() {
                            ("ours", "theirs")
                        } else {
                            ("theirs", "ours")
                        };
                        self.report.notes.push(Note {
                            section: self.section,
                            item: self.item.to_owned(),
                            message: format!(
                                "{path} deleted on {deleter} but edited on {editor}: kept"
                            ),
                        });
                        kept.or(tv).cloned()
                    }
                }
            };
            out.extend(merged);
        }
        Value::Array(out)
    }
}

/// The entry called `name` in a list of named entries.
fn find<'a>(list: &[(&str, &'a Value)], name: &str) -> Option<&'a Value> {
    list.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// Three versions of a list of named entries: `(name, entry)` in list order.
type Named<'a> = (
    Vec<(&'a str, &'a Value)>,
    Vec<(&'a str, &'a Value)>,
    Vec<(&'a str, &'a Value)>,
);

/// The three versions as lists of entries keyed by a `name` field, when each is such a list
/// with unique names (a missing base counts as empty); otherwise the list is one value.
fn named_lists<'a>(b: Option<&'a Value>, o: &'a Value, t: &'a Value) -> Option<Named<'a>> {
    fn entries(v: &Value) -> Option<Vec<(&str, &Value)>> {
        let Value::Array(items) = v else {
            return None;
        };
        let mut out: Vec<(&str, &Value)> = Vec::with_capacity(items.len());
        for item in items {
            let name = item.get("name")?.as_str()?;
            if out.iter().any(|(n, _)| *n == name) {
                return None;
            }
            out.push((name, item));
        }
        Some(out)
    }
    let base = match b {
        Some(b) => entries(b)?,
        None => Vec::new(),
    };
    Some((base, entries(o)?, entries(t)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merge3(b: Value, o: Value, t: Value) -> (Option<Value>, Report) {
        let mut report = Report::default();
        let v = merge_item(
            Section::Sticky,
            "1",
            (Some(&b), Some(&o), Some(&t)),
            &mut report,
        );
        (v, report)
    }

    #[test]
    fn different_fields_merge_and_the_same_field_conflicts_keeping_ours() {
        let b = json!({"text": "A", "pos": [0, 0], "notes": "n"});
        let o = json!({"text": "B", "pos": [0, 0], "notes": "ours"});
        let t = json!({"text": "A", "pos": [5, 5], "notes": "theirs"});
        let (v, report) = merge3(b, o, t);
        assert_eq!(
            v,
            Some(json!({"text": "B", "pos": [5, 5], "notes": "ours"}))
        );
        assert_eq!(report.conflicts.len(), 1);
        assert_eq!(report.conflicts[0].field, "notes");
        assert_eq!(report.conflicts[0].theirs, Some(json!("theirs")));
    }

    #[test]
    fn payload_fields_merge_by_name() {
        let f = |name: &str, ty: &str| json!({"name": name, "type": ty});
        let b = json!({"fields": [f("id", "uuid"), f("total", "decimal")]});
        let o = json!({"fields": [f("id", "uuid"), f("total", "Money"), f("at", "timestamp")]});
        let t = json!({"fields": [f("id", "string"), f("total", "decimal"), f("by", "string")]});
        let (v, report) = merge3(b, o, t);
        let expected = json!({"fields": [
            f("id", "string"), f("total", "Money"), f("at", "timestamp"), f("by", "string")
        ]});
        assert_eq!(v, Some(expected));
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn a_deletion_against_an_edit_keeps_the_edited_item_and_says_so() {
        let mut report = Report::default();
        let b = json!({"text": "A"});
        let t = json!({"text": "B"});
        let v = merge_item(
            Section::Sticky,
            "1",
            (Some(&b), None, Some(&t)),
            &mut report,
        );
        assert_eq!(v, Some(t));
        assert_eq!(report.notes.len(), 1);
        assert!(report.conflicts.is_empty());
    }
}
