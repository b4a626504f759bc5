//! ES017: object types that require themselves through required, non-list fields. Such a
//! value would be infinite, so no sample or instance of it can exist.

use std::collections::BTreeSet;

use super::{Findings, Rule};
use crate::model::board::Board;
use crate::model::types::FieldType;

/// ES017 for every object type of the board that reaches itself.
pub(super) fn check(board: &Board, out: &mut Findings) {
    for start in board.types.keys() {
        if let Some(names) = cycle_from(board, start) {
            out.push(
                Rule::TypeRequiresItself,
                Vec::new(),
                format!(
                    "object type \"{start}\" requires itself ({}): no value of it can exist",
                    names.join(" -> ")
                ),
                "make one field of the cycle optional, or a list",
            );
        }
    }
}

/// The object types a value of `name` must hold: its required fields of a defined object type.
fn requires(board: &Board, name: &str) -> Vec<String> {
    board.types.get(name).map_or_else(Vec::new, |t| {
        t.fields
            .iter()
            .filter(|f| f.required)
            .filter_map(|f| match FieldType::parse(&f.ty) {
                Ok(FieldType::Object(n)) if board.types.contains_key(&n) => Some(n),
                _ => None,
            })
            .collect()
    })
}

/// A path of required fields from `start` back to itself, found depth-first.
fn cycle_from(board: &Board, start: &str) -> Option<Vec<String>> {
    let mut path: Vec<(String, Vec<String>)> = vec![(start.to_owned(), requires(board, start))];
    let mut seen = BTreeSet::new();
    while let Some((_, next)) = path.last_mut() {
        let Some(n) = next.pop() else {
            path.pop();
            continue;
        };
        if n == start {
            let mut names: Vec<String> = path.iter().map(|(p, _)| p.clone()).collect();
            names.push(n);
            return Some(names);
        }
        if seen.insert(n.clone()) {
            let further = requires(board, &n);
            path.push((n, further));
        }
    }
    None
}
