//! ES020: a channel or a CloudEvents type names one event (every channel an event is
//! delivered on counts, `Analysis::deliveries`). Default channels and types are
//! made of unique names (`Analysis::channel`, `Analysis::event_type`), so two events share
//! one only when a person typed it: the same channel on two events, or one namespace on two
//! contexts whose events have the same name.

use std::collections::BTreeMap;

use super::{Findings, Rule, quoted};
use crate::model::analysis::Analysis;
use crate::model::board::Board;
use crate::model::id::Id;
use crate::model::sticky::Kind;

/// ES020 for every channel and every CloudEvents type that two or more events share.
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    let mut channels: BTreeMap<String, Vec<Id>> = BTreeMap::new();
    let mut types: BTreeMap<String, Vec<Id>> = BTreeMap::new();
    for (id, s) in &board.stickies {
        if s.kind == Kind::DomainEvent {
            // Per delivery: one event on one topic to many audiences is no sharing.
            let mut own: Vec<String> = analysis
                .deliveries(board, *id)
                .into_iter()
                .map(|d| d.channel)
                .collect();
            if own.is_empty() {
                own.push(analysis.channel(board, *id));
            }
            own.sort();
            own.dedup();
            for channel in own {
                channels.entry(channel).or_default().push(*id);
            }
            types
                .entry(analysis.event_type(board, *id))
                .or_default()
                .push(*id);
        }
    }
    for (what, shared) in [("channel", channels), ("CloudEvents type", types)] {
        for (name, events) in shared.into_iter().filter(|(_, e)| e.len() > 1) {
            let names: Vec<String> = events
                .iter()
                .filter_map(|id| board.stickies.get(id))
                .map(quoted)
                .collect();
            out.push(
                Rule::SharedChannelOrType,
                events,
                format!(
                    "events {} share the {what} \"{name}\": a consumer cannot tell them apart",
                    names.join(", ")
                ),
                if what == "channel" {
                    "give each event its own channel in the inspector"
                } else {
                    "give the contexts different namespaces, or the events different names"
                },
            );
        }
    }
}
