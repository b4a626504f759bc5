//! The rules for what an event shows its audiences: a public contract does not expose a field
//! marked personal data (ES021), and an event delivered to a partner or a front end, which
//! cannot be upgraded in step with us, carries a version of its own (ES022).

use super::{Findings, Rule, quoted};
use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::board::Board;
use crate::model::delivery::Direction;
use crate::model::sticky::Kind;

/// ES021 and ES022 for every event.
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    for (&id, s) in &board.stickies {
        if s.kind != Kind::DomainEvent {
            continue;
        }
        let public = analysis
            .events
            .get(&id)
            .is_some_and(|e| e.visibility == EventVisibility::Public);
        let personal: Vec<&str> = s
            .fields
            .iter()
            .filter(|f| f.personal && f.is_published())
            .map(|f| f.name.as_str())
            .collect();
        if public && !personal.is_empty() {
            out.push(
                Rule::PersonalDataPublished,
                vec![id],
                format!(
                    "public event {} publishes personal data: {}",
                    quoted(s),
                    personal.join(", ")
                ),
                "mark those fields internal (they stay in the context's own event), or publish \
                 an id the audience can look the data up with",
            );
        }
        if s.version.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            continue;
        }
        let outside: Vec<String> = analysis
            .deliveries(board, id)
            .into_iter()
            .filter(|d| d.audience.is_outside())
            .map(|d| {
                let way = match d.direction {
                    Direction::Publish => "to",
                    Direction::Receive => "from",
                };
                format!("{way} {} \"{}\"", d.kind.label(), d.name)
            })
            .collect();
        if !outside.is_empty() {
            out.push(
                Rule::AudienceWithoutVersion,
                vec![id],
                format!(
                    "event {} goes {} without a version",
                    quoted(s),
                    outside.join(" and ")
                ),
                "set its version in the inspector: partners and front ends upgrade on their \
                 own schedule and must know which contract they get",
            );
        }
    }
}
