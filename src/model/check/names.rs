//! The naming rules, per bounded context: the same event or command drawn twice (ES007), and
//! different names that become one identifier in the generated code (ES011): types of one
//! context, and the handlers of one aggregate, policy or read model that takes events or
//! commands of several contexts ("order-placed" here, "Order Placed" from another).

use std::collections::BTreeMap;

use super::{Findings, Rule};
use crate::model::analysis::Analysis;
use crate::model::board::Board;
use crate::model::id::Id;
use crate::model::link::LinkMeaning;
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
    handlers_collide(board, analysis, out);
}

/// ES011 for the members of each aggregate, policy and read model: two of the events or
/// commands it takes whose names become one handler name in code, from different contexts
/// (within one context the types collide already, and are reported so). The export numbers
/// the second handler (`on_order_placed_2`); the finding says why a name reads so.
fn handlers_collide(board: &Board, analysis: &Analysis, out: &mut Findings) {
    for (&id, s) in &board.stickies {
        let takes: &[(bool, LinkMeaning)] = match s.kind {
            Kind::Aggregate => &[(false, LinkMeaning::HandledBy), (true, LinkMeaning::Emits)],
            Kind::Policy => &[(false, LinkMeaning::Triggers)],
            Kind::ReadModel => &[(false, LinkMeaning::Updates)],
            _ => continue,
        };
        let mut members: BTreeMap<String, BTreeMap<String, Vec<Id>>> = BTreeMap::new();
        for &(outgoing, meaning) in takes {
            let ids = if outgoing {
                analysis.targets(id, meaning)
            } else {
                analysis.sources(id, meaning)
            };
            for other in ids {
                let Some(o) = board.stickies.get(&other) else {
                    continue;
                };
                members
                    .entry(naming::snake(&o.text))
                    .or_default()
                    .entry(naming::one_line(&o.text))
                    .or_default()
                    .push(other);
            }
        }
        for by_text in members.values().filter(|m| m.len() > 1) {
            let ids: Vec<Id> = by_text.values().flatten().copied().collect();
            let contexts: std::collections::BTreeSet<Option<Id>> =
                ids.iter().map(|i| analysis.context_of(*i)).collect();
            if contexts.len() < 2 {
                continue;
            }
            let names: Vec<String> = by_text.keys().map(|t| format!("\"{t}\"")).collect();
            out.push(
                Rule::NamesCollideInCode,
                std::iter::once(id).chain(ids).collect(),
                format!(
                    "{} takes {}, from different contexts, whose handlers have one name in \
                     code (the export numbers the second)",
                    super::quoted(s),
                    names.join(" and ")
                ),
                "rename one of them so that the names differ in more than case and punctuation",
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
