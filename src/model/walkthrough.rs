//! The stops of a walk-through (presentation mode): where the camera goes, in order, as the
//! facilitator tells the story. Pure, so the steps are tested here and the GUI only animates.
//!
//! At big-picture and process level the story is the timeline, told chapter by chapter
//! between pivotal events (a chapter ends with its pivotal event); a chapter too wide to read
//! on one screen is shown in parts. At design level it goes context by context (left to
//! right), each context followed by its flows along the arrows. Every walk starts with the
//! whole board.

use std::collections::{BTreeSet, VecDeque};

use super::analysis::{Analysis, Level, in_timeline_order};
use super::board::Board;
use super::boundary::BoundaryKind;
use super::geometry::Rect;
use super::id::Id;

/// The widest part of the board one stop shows, in board units (about eleven stickies side
/// by side, still readable on a projector).
pub const MAX_STOP_WIDTH: f32 = 2400.0;

/// The most flows one context's tour shows, so a dense context does not take all evening.
const MAX_FLOWS_PER_CONTEXT: usize = 12;

/// One place the walk-through stops at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    /// What the facilitator tells here, shown as the caption.
    pub title: String,
    /// What the camera frames.
    pub rect: Rect,
}

/// The stops of a walk-through of `board` at the level `analysis` follows; none for an
/// empty board.
pub fn stops(board: &Board, analysis: &Analysis) -> Vec<Stop> {
    let Some(bounds) = board.bounds() else {
        return Vec::new();
    };
    let mut stops = vec![Stop {
        title: "The whole board".into(),
        rect: bounds,
    }];
    let has_contexts = board
        .boundaries
        .values()
        .any(|b| b.kind == BoundaryKind::Context);
    if analysis.level == Level::Design && has_contexts {
        stops.extend(context_stops(board, analysis));
    } else {
        stops.extend(chapter_stops(board));
    }
    stops
}

/// The timeline in chapters between pivotal events, each in parts no wider than
/// [`MAX_STOP_WIDTH`].
fn chapter_stops(board: &Board) -> Vec<Stop> {
    let centre_x = |id: &Id| board.stickies.get(id).map_or(0.0, |s| s.rect().center().x);
    let ordered = in_timeline_order(board, board.stickies.keys().copied());
    let mut pivots: Vec<Id> = ordered
        .iter()
        .copied()
        .filter(|id| board.stickies.get(id).is_some_and(|s| s.pivotal))
        .collect();
    pivots.sort_by(|a, b| centre_x(a).total_cmp(&centre_x(b)).then(a.cmp(b)));
    let mut sorted = ordered;
    sorted.sort_by(|a, b| centre_x(a).total_cmp(&centre_x(b)).then(a.cmp(b)));
    let name = |id: &Id| board.stickies.get(id).map_or("", |s| s.text.as_str());
    let mut chapters: Vec<(String, Vec<Id>)> = Vec::new();
    let mut rest = sorted.as_slice();
    for pivot in &pivots {
        let end = centre_x(pivot);
        let split = rest.partition_point(|id| centre_x(id) <= end);
        let (chapter, after) = rest.split_at(split);
        if !chapter.is_empty() {
            chapters.push((format!("up to “{}”", name(pivot)), chapter.to_vec()));
        }
        rest = after;
    }
    if !rest.is_empty() {
        let title = match pivots.last() {
            Some(last) => format!("after “{}”", name(last)),
            None => "the timeline".into(),
        };
        chapters.push((title, rest.to_vec()));
    }
    let count = chapters.len();
    let mut stops = Vec::new();
    for (i, (title, ids)) in chapters.into_iter().enumerate() {
        let parts = parts_of(board, &ids);
        let n = parts.len();
        for (j, rect) in parts.into_iter().enumerate() {
            let part = if n > 1 {
                format!(" (part {} of {n})", j + 1)
            } else {
                String::new()
            };
            let title = if count > 1 {
                format!("Chapter {} of {count}: {title}{part}", i + 1)
            } else {
                format!("{}{part}", capitalised(&title))
            };
            stops.push(Stop { title, rect });
        }
    }
    stops
}

/// The rectangles of `ids` (left to right) cut into parts no wider than [`MAX_STOP_WIDTH`].
fn parts_of(board: &Board, ids: &[Id]) -> Vec<Rect> {
    let mut parts: Vec<Rect> = Vec::new();
    for rect in ids
        .iter()
        .filter_map(|id| board.stickies.get(id))
        .map(|s| s.rect())
    {
        match parts.last_mut() {
            Some(part) if rect.max().x - part.min().x <= MAX_STOP_WIDTH => {
                *part = part.union(&rect);
            }
            _ => parts.push(rect),
        }
    }
    parts
}

/// Each bounded context left to right, then its flows along the arrows.
fn context_stops(board: &Board, analysis: &Analysis) -> Vec<Stop> {
    let mut contexts: Vec<(Id, &super::boundary::Boundary)> = board
        .boundaries
        .iter()
        .filter(|(_, b)| b.kind == BoundaryKind::Context)
        .map(|(id, b)| (*id, b))
        .collect();
    contexts.sort_by(|a, b| {
        let (ra, rb) = (a.1.rect, b.1.rect);
        ra.pos
            .x
            .total_cmp(&rb.pos.x)
            .then(ra.pos.y.total_cmp(&rb.pos.y))
            .then(a.0.cmp(&b.0))
    });
    let mut stops = Vec::new();
    for (id, context) in contexts {
        stops.push(Stop {
            title: format!("Context “{}”", context.name),
            rect: context.rect,
        });
        for flow in flows_in(board, analysis, id)
            .into_iter()
            .take(MAX_FLOWS_PER_CONTEXT)
        {
            let Some(first) = flow.first().and_then(|id| board.stickies.get(id)) else {
                continue;
            };
            let rect = flow
                .iter()
                .filter_map(|id| board.stickies.get(id))
                .map(|s| s.rect())
                .reduce(|a, b| a.union(&b))
                .unwrap_or(first.rect());
            stops.push(Stop {
                title: format!("“{}”: the flow from “{}”", context.name, first.text),
                rect,
            });
        }
    }
    stops
}

/// The flows inside one context: from each sticky no arrow inside the context leads to,
/// everything reachable along arrows inside it (timeline order). Flows of one sticky are
/// left out: the context's own stop shows them.
fn flows_in(board: &Board, analysis: &Analysis, context: Id) -> Vec<Vec<Id>> {
    let members: BTreeSet<Id> = analysis
        .stickies_in(Some(context))
        .iter()
        .copied()
        .collect();
    let inside = |id: &Id| members.contains(id);
    let starts = in_timeline_order(
        board,
        members
            .iter()
            .copied()
            .filter(|id| !analysis.incoming(*id).any(|f| inside(&f.from))),
    );
    let mut flows = Vec::new();
    for start in starts {
        let mut seen = BTreeSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            for flow in analysis.outgoing(at) {
                if inside(&flow.to) && seen.insert(flow.to) {
                    queue.push_back(flow.to);
                }
            }
        }
        if seen.len() > 1 {
            flows.push(in_timeline_order(board, seen));
        }
    }
    flows
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, Kind, Link, Point, Size, Sticky};

    fn timeline(pivotal: &[usize], count: usize) -> Board {
        let mut board = Board::new("t");
        for i in 0..count {
            let mut s = Sticky::new(
                Kind::DomainEvent,
                format!("E{i}"),
                Point::new(i as f32 * 200.0, 0.0),
            );
            s.pivotal = pivotal.contains(&i);
            board.stickies.insert(Id(i as u64 + 1), s);
        }
        board
    }

    fn titles(stops: &[Stop]) -> Vec<&str> {
        stops.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn an_empty_board_has_no_walk_through() {
        let board = Board::new("t");
        assert!(stops(&board, &Analysis::of(&board)).is_empty());
    }

    #[test]
    fn the_timeline_is_told_chapter_by_chapter_ending_at_each_pivotal_event() {
        let board = timeline(&[2, 5], 8);
        let walk = stops(&board, &Analysis::of(&board));
        assert_eq!(
            titles(&walk),
            [
                "The whole board",
                "Chapter 1 of 3: up to “E2”",
                "Chapter 2 of 3: up to “E5”",
                "Chapter 3 of 3: after “E5”",
            ]
        );
        assert_eq!(walk[1].rect.min().x, 0.0);
        assert_eq!(
            walk[1].rect.max().x,
            560.0,
            "E0..E2, the pivotal event included"
        );
        assert_eq!(walk[3].rect.min().x, 1200.0);
        assert!(
            walk.windows(2)
                .skip(1)
                .all(|w| w[0].rect.min().x < w[1].rect.min().x)
        );
    }

    #[test]
    fn a_chapter_too_wide_for_one_screen_is_shown_in_parts() {
        let board = timeline(&[], 30);
        let walk = stops(&board, &Analysis::of(&board));
        assert_eq!(walk[1].title, "The timeline (part 1 of 3)");
        assert_eq!(walk.len(), 4);
        for stop in &walk[1..] {
            assert!(stop.rect.size.w <= MAX_STOP_WIDTH, "{stop:?}");
        }
    }

    #[test]
    fn at_design_level_the_walk_goes_context_by_context_then_along_its_flows() {
        let mut board = timeline(&[], 0);
        board.meta.level = crate::model::LevelSetting::Design;
        let put = |board: &mut Board, id: u64, kind: Kind, text: &str, x: f32| {
            board
                .stickies
                .insert(Id(id), Sticky::new(kind, text, Point::new(x, 0.0)));
        };
        put(&mut board, 1, Kind::Command, "Pay", 1100.0);
        put(&mut board, 2, Kind::DomainEvent, "Paid", 1300.0);
        put(&mut board, 3, Kind::Command, "Place Order", 0.0);
        put(&mut board, 4, Kind::DomainEvent, "Order Placed", 200.0);
        board.links.insert(Id(10), Link::new(Id(1), Id(2)));
        board.links.insert(Id(11), Link::new(Id(3), Id(4)));
        let area = |x: f32| Rect::new(Point::new(x, -50.0), Size::new(600.0, 300.0));
        board.boundaries.insert(
            Id(20),
            Boundary::new(BoundaryKind::Context, "Payments", area(1000.0)),
        );
        board.boundaries.insert(
            Id(21),
            Boundary::new(BoundaryKind::Context, "Orders", area(-100.0)),
        );
        let walk = stops(&board, &Analysis::of(&board));
        assert_eq!(
            titles(&walk),
            [
                "The whole board",
                "Context “Orders”",
                "“Orders”: the flow from “Place Order”",
                "Context “Payments”",
                "“Payments”: the flow from “Pay”",
            ]
        );
        assert_eq!(walk[2].rect.min().x, 0.0);
        assert_eq!(walk[2].rect.max().x, 360.0);
    }
}
