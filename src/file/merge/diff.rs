//! `stormpad diff A B`: what changed between two boards as people say it (added, removed,
//! moved, renamed, changed field X), stickies grouped by the bounded context they are in.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::show::one_line;
use super::textconv::{json, quoted, sticky_name};
use crate::model::{Board, Id, Kind};

/// The changes from one board to another, in groups (the board, the legend, object types, one
/// group per context, stickies outside any context, regions, arrows), each line one change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub groups: Vec<(String, Vec<String>)>,
}

impl Diff {
    /// Whether the boards are the same.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The diff as text: a heading per group, a change per indented line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (title, lines) in &self.groups {
            out.push_str(title);
            out.push_str(":\n");
            for line in lines {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// The changes from `a` to `b`.
pub fn diff(a: &Board, b: &Board) -> Diff {
    let mut groups = Vec::new();
    let mut push = |title: String, lines: Vec<String>| {
        if !lines.is_empty() {
            groups.push((title, lines));
        }
    };
    push("Board".to_owned(), changes(&json(&a.meta), &json(&b.meta)));
    let legend = Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let (old, new) = (a.legend.entry(kind), b.legend.entry(kind));
            (old != new).then(|| {
                format!(
                    "{kind:?}: {} {} → {} {}",
                    quoted(&old.label),
                    old.color,
                    quoted(&new.label),
                    new.color
                )
            })
        })
        .collect();
    push("Legend".to_owned(), legend);
    push(
        "Object types".to_owned(),
        keyed(&json(&a.types), &json(&b.types), |key, _| key.to_owned()),
    );
    for (title, lines) in sticky_groups(a, b) {
        push(title, lines);
    }
    push(
        "Regions".to_owned(),
        keyed(&json(&a.boundaries), &json(&b.boundaries), |_, v| {
            let kind = v.get("kind").map_or(String::new(), |k| one_line(Some(k)));
            let name = v.get("name").map_or(String::new(), |n| one_line(Some(n)));
            format!("{} {name}", kind.trim_matches('"'))
        }),
    );
    let arrow = |id: &Id| {
        let (board, link) = match b.links.get(id) {
            Some(l) => (b, l),
            None => match a.links.get(id) {
                Some(l) => (a, l),
                None => return id.to_string(),
            },
        };
        format!(
            "{} → {}",
            sticky_name(board, link.from),
            sticky_name(board, link.to)
        )
    };
    push(
        "Arrows".to_owned(),
        keyed(&json(&a.links), &json(&b.links), |key, _| {
            Id::parse(key).map_or_else(|| key.to_owned(), |id| arrow(&id))
        }),
    );
    Diff { groups }
}

/// Sticky changes grouped by the context each sticky is in (in `b`, or in `a` when removed).
fn sticky_groups(a: &Board, b: &Board) -> Vec<(String, Vec<String>)> {
    let (ja, jb) = (json(&a.stickies), json(&b.stickies));
    let empty = Map::new();
    let (ma, mb) = (
        ja.as_object().unwrap_or(&empty),
        jb.as_object().unwrap_or(&empty),
    );
    let mut groups: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    let mut ids: Vec<&String> = ma.keys().chain(mb.keys()).collect();
    ids.sort();
    ids.dedup();
    for key in ids {
        let Some(id) = Id::parse(key) else { continue };
        let (board, sticky) = match (b.stickies.get(&id), a.stickies.get(&id)) {
            (Some(s), _) => (b, s),
            (None, Some(s)) => (a, s),
            (None, None) => continue,
        };
        let name = format!("{:?} {}", sticky.kind, quoted(&sticky.text));
        let lines = item_changes(&name, ma.get(key), mb.get(key));
        if lines.is_empty() {
            continue;
        }
        let group = match board.context_of(id).and_then(|c| board.boundaries.get(&c)) {
            Some(context) => (false, format!("Context {}", quoted(&context.name))),
            None => (true, "Outside any context".to_owned()),
        };
        groups.entry(group).or_default().extend(lines);
    }
    groups
        .into_iter()
        .map(|((_, title), lines)| (title, lines))
        .collect()
}

/// Changes of a map of items keyed by id or name; `name` says what an item is called.
fn keyed(a: &Value, b: &Value, name: impl Fn(&str, &Value) -> String) -> Vec<String> {
    let empty = Map::new();
    let (ma, mb) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = ma.keys().chain(mb.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut lines = Vec::new();
    for key in keys {
        let (old, new) = (ma.get(key), mb.get(key));
        let Some(shown) = new.or(old) else { continue };
        lines.extend(item_changes(&name(key, shown), old, new));
    }
    lines
}

/// One item's changes: added, removed, or each field that changed.
fn item_changes(name: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<String> {
    match (old, new) {
        (None, Some(_)) => vec![format!("+ added {name}")],
        (Some(_), None) => vec![format!("- removed {name}")],
        (Some(o), Some(n)) if o != n => changes(o, n)
            .into_iter()
            .map(|change| format!("~ {name}: {change}"))
            .collect(),
        _ => Vec::new(),
    }
}

/// What changed between two versions of one item, field by field.
fn changes(old: &Value, new: &Value) -> Vec<String> {
    let empty = Map::new();
    let (mo, mn) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = mo.keys().collect();
    keys.extend(mn.keys().filter(|k| !mo.contains_key(*k)));
    let mut out = Vec::new();
    for key in keys {
        let (o, n) = (mo.get(key), mn.get(key));
        if o == n {
            continue;
        }
        let (os, ns) = (one_line(o), one_line(n));
        match key.as_str() {
            "pos" => out.push(format!("moved {os} → {ns}")),
            "size" => out.push(format!("resized {os} → {ns}")),
            "text" | "name" | "title" => out.push(format!("renamed {os} → {ns}")),
            "fields" => out.extend(payload_changes(o, n)),
            _ => out.push(format!("changed {key}: {os} → {ns}")),
        }
    }
    out
}

/// Payload fields by name: added, removed, changed.
fn payload_changes(old: Option<&Value>, new: Option<&Value>) -> Vec<String> {
    let named = |v: Option<&Value>| -> Vec<(String, Value)> {
        v.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|i| {
                        let name = i.get("name").and_then(Value::as_str).unwrap_or("?");
                        (name.to_owned(), i.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (o, n) = (named(old), named(new));
    let find = |list: &[(String, Value)], name: &str| {
        list.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for (name, ov) in &o {
        match find(&n, name) {
            None => out.push(format!("removed field {name}")),
            Some(nv) if nv != *ov => out.push(format!(
                "changed field {}: → {}",
                one_line(Some(ov)),
                one_line(Some(&nv))
            )),
            Some(_) => {}
        }
    }
    for (name, nv) in &n {
        if find(&o, name).is_none() {
            out.push(format!("added field {}", one_line(Some(nv))));
        }
    }
    if out.is_empty() {
        out.push("reordered fields".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryKind, Point, Rect, Size, Sticky};

    #[test]
    fn a_diff_says_what_moved_was_renamed_added_and_removed_per_context() {
        let mut a = Board::new("Shop");
        a.boundaries.insert(
            Id(9),
            Boundary::new(
                BoundaryKind::Context,
                "Ordering",
                Rect::new(Point::new(0.0, 0.0), Size::new(1000.0, 1000.0)),
            ),
        );
        a.stickies.insert(
            Id(1),
            Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(10.0, 10.0)),
        );
        a.stickies.insert(
            Id(2),
            Sticky::new(Kind::Command, "Cancel", Point::new(300.0, 10.0)),
        );
        let mut b = a.clone();
        if let Some(s) = b.stickies.get_mut(&Id(1)) {
            s.pos = Point::new(50.0, 10.0);
            s.text = "Order Submitted".into();
        }
        b.stickies.remove(&Id(2));
        b.stickies.insert(
            Id(3),
            Sticky::new(Kind::Actor, "Guest", Point::new(5000.0, 10.0)),
        );
        let d = diff(&a, &b);
        assert_eq!(
            d.render(),
            "Context \"Ordering\":\n  \
             ~ DomainEvent \"Order Submitted\": renamed \"Order Placed\" → \"Order Submitted\"\n  \
             ~ DomainEvent \"Order Submitted\": moved (10, 10) → (50, 10)\n  \
             - removed Command \"Cancel\"\n\
             Outside any context:\n  + added Actor \"Guest\"\n"
        );
        assert!(diff(&a, &a).is_empty());
    }
}
