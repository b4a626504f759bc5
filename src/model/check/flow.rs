//! The flow rules: commands go to what handles them (ES003), events come from somewhere
//! (ES004), policies react to an event (ES005) and issue a command (ES006), every arrow
//! means something in NOTATION.md's grammar (ES008), and an event that crosses a boundary
//! goes somewhere (ES019).

use super::{Findings, Rule, quoted};
use crate::model::analysis::{Analysis, EventFacts, EventVisibility, Level};
use crate::model::board::Board;
use crate::model::delivery::{Audience, Direction};
use crate::model::id::Id;
use crate::model::link::LinkMeaning;
use crate::model::sticky::Kind;

/// ES003 to ES006 and ES019 for every command, event and policy; ES003, ES004 and ES019 only
/// once the board is at process level, as the facilitator set it or as its contents make it
/// (big-picture boards draw no handlers, producers or consumers).
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    let process = analysis.level >= Level::Process;
    for (&id, s) in &board.stickies {
        let name = quoted(s);
        match s.kind {
            Kind::DomainEvent => {
                let Some(facts) = analysis.events.get(&id).filter(|_| process) else {
                    continue;
                };
                if facts.producers.is_empty() {
                    out.push(
                        Rule::EventUnproduced,
                        vec![id],
                        format!("nothing produces event {name}"),
                        "draw an arrow to it from the aggregate, external system or command \
                         that causes it",
                    );
                }
                unconsumed(board, analysis, (id, &name), facts, out);
            }
            Kind::Command => {
                let handled = analysis.outgoing(id).any(|f| {
                    matches!(
                        f.meaning,
                        LinkMeaning::HandledBy | LinkMeaning::Invokes | LinkMeaning::ResultsIn
                    )
                });
                if process && !handled {
                    out.push(
                        Rule::CommandUnhandled,
                        vec![id],
                        format!("nothing handles command {name}"),
                        "draw an arrow from it to the aggregate or external system that \
                         handles it, or to the event it results in",
                    );
                }
            }
            Kind::Policy => {
                if analysis.sources(id, LinkMeaning::Triggers).is_empty() {
                    out.push(
                        Rule::PolicyUntriggered,
                        vec![id],
                        format!("nothing triggers policy {name}"),
                        "draw an arrow to it from the event it reacts to",
                    );
                }
                if analysis.targets(id, LinkMeaning::Issues).is_empty() {
                    out.push(
                        Rule::PolicyIssuesNothing,
                        vec![id],
                        format!("policy {name} issues no command"),
                        "draw an arrow from it to the command it issues",
                    );
                }
            }
            _ => {}
        }
    }
    unknown_arrows(board, analysis, out);
}

/// ES019: an event that crosses a boundary with nothing after it (no policy, read model or
/// external system). Only events marked public can be public without a consumer (the flows
/// make an event public by consuming it elsewhere). An external event is a partner's news
/// that nobody on the board reacts to; one a system emits in answer to a command that invokes
/// it ("Send Notice" -> Email Service -> "Notice Sent") is that command's outcome, as an
/// aggregate's event is, and, like one, needs no consumer.
fn unconsumed(
    board: &Board,
    analysis: &Analysis,
    (id, name): (Id, &str),
    facts: &EventFacts,
    out: &mut Findings,
) {
    let answers_a_command = |p: &Id| !analysis.sources(*p, LinkMeaning::Invokes).is_empty();
    // A delivery to an audience is a consumer the board names without an arrow.
    let delivered = board.stickies.get(&id).is_some_and(|s| {
        s.deliveries
            .iter()
            .any(|d| d.direction == Direction::Publish && d.audience != Audience::AnySubscriber)
    });
    if delivered || !facts.consumers.is_empty() || facts.producers.iter().all(answers_a_command) {
        return;
    }
    match facts.visibility {
        EventVisibility::Internal => {}
        EventVisibility::Public => out.push(
            Rule::CrossingEventUnconsumed,
            vec![id],
            format!("event {name} is marked public but nothing consumes it"),
            "draw what reacts to it: a policy or read model in another context, or the \
             external system it is sent to; or set its visibility back to automatic",
        ),
        EventVisibility::External => {
            let partners: Vec<String> = facts
                .producers
                .iter()
                .filter_map(|p| board.stickies.get(p))
                .map(quoted)
                .collect();
            out.push(
                Rule::CrossingEventUnconsumed,
                vec![id],
                format!(
                    "event {name} comes from {} but nothing reacts to it",
                    partners.join(" and ")
                ),
                "draw the policy or read model that reacts to it, or mark the gap with a \
                 hotspot",
            );
        }
    }
}

/// ES008: arrows between kinds the grammar gives no meaning.
fn unknown_arrows(board: &Board, analysis: &Analysis, out: &mut Findings) {
    for id in &analysis.unknown_links {
        let Some(link) = board.links.get(id) else {
            continue;
        };
        let (Some(from), Some(to)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            continue;
        };
        out.push(
            Rule::UnknownArrow,
            vec![link.from, link.to],
            format!(
                "the grammar does not know an arrow from {} {} to {} {}",
                from.kind.default_label().to_lowercase(),
                quoted(from),
                to.kind.default_label().to_lowercase(),
                quoted(to)
            ),
            "check the arrow's direction, or put the missing sticky between them",
        );
    }
}
