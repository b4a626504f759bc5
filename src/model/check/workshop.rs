//! What a facilitator still has open on a board: modelled stickies left outside every bounded
//! context once the board has one, at design level (ES012; a front end's or a partner's
//! region is their place), and open hotspots (ES013).

use super::{Findings, Rule, quoted};
use crate::model::analysis::{Analysis, Level};
use crate::model::board::Board;
use crate::model::boundary::BoundaryKind;
use crate::model::sticky::{Kind, Sticky};

/// ES012 and ES013 for every sticky; ES012 only at design level (contexts emerging on a
/// big-picture or process board are not a demand to put everything in one yet).
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    // A board with no context drawn yet is one model; ES012 starts with the first one.
    let has_contexts = analysis.level == Level::Design && !analysis.contexts.is_empty();
    for (&id, s) in &board.stickies {
        if s.kind == Kind::Hotspot {
            out.push(
                Rule::OpenHotspot,
                vec![id],
                format!("hotspot {} is open", quoted(s)),
                "resolve it with the people who know, then delete it",
            );
        }
        if has_contexts
            && s.kind.becomes_type()
            && analysis.context_of(id).is_none()
            && !in_audience(board, s)
        {
            out.push(
                Rule::OutsideContexts,
                vec![id],
                format!("{} is outside every bounded context", quoted(s)),
                "move it into the bounded context it belongs to, or draw one around it",
            );
        }
    }
}

/// Whether a sticky stands in a front-end or partner region: an audience's own screens and
/// systems, which no bounded context of ours holds.
fn in_audience(board: &Board, s: &Sticky) -> bool {
    let centre = s.rect().center();
    [BoundaryKind::FrontEnd, BoundaryKind::Partner]
        .into_iter()
        .any(|kind| board.region_at(kind, centre).is_some())
}
