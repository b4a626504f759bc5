//! The naming rules, per bounded context: the same event or command drawn twice (ES007), and
//! different names that become one identifier in the generated code (ES011).

use std::collections::BTreeMap;

use super::{Findings, Rule};
use crate::model::analysis::Analysis;
use crate::model::board::Board;
use crate::model::id::Id;
use crate::model::naming;
use crate::model::sticky::{Kind, Sticky};

/// The stickies that become one type name in one code module: (context, PascalCase name).
type TypeScope = (Option<Id>, String);

/// ES007 (the same name twice) and ES011 (different names, one identifier), per context.
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    // Stickies that become types in the same module: one group per context (None: outside).
    let mut groups: BTreeMap<TypeScope, Vec<(Id, &Sticky)>> = BTreeMap::new();
    for (&id, s) in &board.stickies {
        if s.kind.becomes_type() && !s.text.trim().is_empty() {
            groups
                .entry((analysis.context_of(id), naming::pascal(&s.text)))
                .or_default()
                .push((id, s));
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut by_text: BTreeMap<String, Vec<(Id, Kind)>> = BTreeMap::new();
        for (id, s) in members {
            by_text
                .entry(naming::one_line(&s.text))
                .or_default()
                .push((*id, s.kind));
        }
        same_name_twice(&by_text, out);
        if by_text.len() > 1 {
            let names: Vec<String> = by_text.keys().map(|t| format!("\"{t}\"")).collect();
            out.push(
                Rule::NamesCollideInCode,
                members.iter().map(|(id, _)| *id).collect(),
                format!(
                    "{} all become the identifier {} in code",
                    names.join(" and "),
                    naming::pascal(&names[0])
                ),
                "rename one so that the names differ in more than case and punctuation",
            );
        }
    }
}

/// ES007 within one group of stickies that share a type name, keyed by their text.
fn same_name_twice(by_text: &BTreeMap<String, Vec<(Id, Kind)>>, out: &mut Findings) {
    // Aggregates, policies and read models are drawn again beside each flow they take part
    // in; only events and commands repeated are left-over duplicates.
    for (text, same) in by_text {
        let repeated: Vec<Id> = same
            .iter()
            .filter(|(_, k)| matches!(k, Kind::DomainEvent | Kind::Command))
            .map(|(id, _)| *id)
            .collect();
        if repeated.len() > 1 {
            out.push(
                Rule::SameNameTwice,
                repeated.clone(),
                format!("\"{text}\" appears {} times in one context", repeated.len()),
                "keep one and delete the others (or rename them if they differ)",
            );
        }
    }
}
