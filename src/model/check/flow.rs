//! The flow rules: commands go to what handles them (ES003), events come from somewhere
//! (ES004), policies react to an event (ES005) and issue a command (ES006), and every arrow
//! means something in NOTATION.md's grammar (ES008).

use super::{Findings, Rule, quoted};
use crate::model::analysis::{Analysis, Level};
use crate::model::board::Board;
use crate::model::link::LinkMeaning;
use crate::model::sticky::Kind;

/// ES003 to ES006 for every command, event and policy; ES003 and ES004 only once the board
/// is at process level, as the facilitator set it or as its contents make it (big-picture
/// boards draw no handlers or producers).
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    let process = analysis.level >= Level::Process;
    for (&id, s) in &board.stickies {
        let name = quoted(s);
        match s.kind {
            Kind::DomainEvent => {
                let unproduced = analysis
                    .events
                    .get(&id)
                    .is_some_and(|e| e.producers.is_empty());
                if process && unproduced {
                    out.push(
                        Rule::EventUnproduced,
                        vec![id],
                        format!("nothing produces event {name}"),
                        "draw an arrow to it from the aggregate, external system or command \
                         that causes it",
                    );
                }
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
