//! What a picture shows: the whole board, one bounded context, or a selection; and the
//! rectangle of the board it frames.

use std::collections::BTreeSet;

use crate::model::{Board, Boundary, BoundaryKind, Id, Rect, Sticky};

/// Which part of the board a picture shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Everything on the board.
    #[default]
    Board,
    /// One bounded context by its name (as typed on the board), with what lies inside it.
    Context(String),
    /// The selected stickies and regions, with what lies inside the selected regions.
    Selection {
        stickies: BTreeSet<Id>,
        regions: BTreeSet<Id>,
    },
}

/// The items of one picture, in the order the canvas draws them, and the board rectangle
/// around them.
pub struct Content<'a> {
    /// Regions, outermost first (as the canvas draws them).
    pub regions: Vec<(Id, &'a Boundary)>,
    /// Stickies in board order.
    pub stickies: Vec<(Id, &'a Sticky)>,
    /// Arrows whose two ends are both in the picture.
    pub links: Vec<(&'a Sticky, &'a Sticky)>,
    /// The board rectangle around everything shown; `None` when nothing is.
    pub bounds: Option<Rect>,
}

/// How far outside its rectangle an item may paint, in board units: a sticky's shadow, a
/// turned hotspot's corners, an arrow's head, a region's outline.
const SLACK: f32 = 64.0;

impl<'a> Content<'a> {
    /// The items that can paint inside `clip` (a band of a PNG), in the same order, with the
    /// same bounds: the band is drawn where the whole picture draws it. Pivotal stickies stay
    /// in every band, because their line crosses the whole picture.
    pub fn within(&self, clip: Rect) -> Content<'a> {
        let grown = |r: Rect| {
            Rect::new(
                crate::model::Point::new(r.pos.x - SLACK, r.pos.y - SLACK),
                crate::model::Size::new(r.size.w + 2.0 * SLACK, r.size.h + 2.0 * SLACK),
            )
        };
        let meets = |r: Rect| grown(r).intersects(&clip);
        Content {
            regions: self
                .regions
                .iter()
                .filter(|(_, b)| meets(b.rect))
                .copied()
                .collect(),
            stickies: self
                .stickies
                .iter()
                .filter(|(_, s)| s.pivotal || meets(s.rect()))
                .copied()
                .collect(),
            links: self
                .links
                .iter()
                .filter(|(a, b)| meets(a.rect().union(&b.rect())))
                .copied()
                .collect(),
            bounds: self.bounds,
        }
    }
}

/// The items `scope` picks from `board`, or why it picks nothing it could: a context name no
/// context has (the message names the contexts there are).
pub fn content<'a>(board: &'a Board, scope: &Scope) -> Result<Content<'a>, String> {
    let finite = |r: &Rect| r.pos.is_finite() && r.size.w.is_finite() && r.size.h.is_finite();
    let (stickies, regions): (BTreeSet<Id>, BTreeSet<Id>) = match scope {
        Scope::Board => (
            board.stickies.keys().copied().collect(),
            board.boundaries.keys().copied().collect(),
        ),
        Scope::Context(name) => {
            let id = find_context(board, name)?;
            inside(board, &BTreeSet::new(), &BTreeSet::from([id]), |s| {
                board.context_of(s) == Some(id)
            })
        }
        Scope::Selection { stickies, regions } => inside(board, stickies, regions, |_| false),
    };
    let mut regions: Vec<(Id, &Boundary)> = regions
        .iter()
        .filter_map(|id| Some((*id, board.boundaries.get(id)?)))
        .filter(|(_, b)| finite(&b.rect))
        .collect();
    regions.sort_by(|a, b| {
        b.1.rect
            .area()
            .total_cmp(&a.1.rect.area())
            .then(a.0.cmp(&b.0))
    });
    let stickies: Vec<(Id, &Sticky)> = stickies
        .iter()
        .filter_map(|id| Some((*id, board.stickies.get(id)?)))
        .filter(|(_, s)| finite(&s.rect()))
        .collect();
    let shown: BTreeSet<Id> = stickies.iter().map(|(id, _)| *id).collect();
    let links = board
        .links
        .values()
        .filter(|l| shown.contains(&l.from) && shown.contains(&l.to))
        .filter_map(|l| Some((board.stickies.get(&l.from)?, board.stickies.get(&l.to)?)))
        .collect();
    let bounds = stickies
        .iter()
        .map(|(_, s)| s.rect())
        .chain(regions.iter().map(|(_, b)| b.rect))
        .reduce(|a, b| a.union(&b));
    Ok(Content {
        regions,
        stickies,
        links,
        bounds,
    })
}

/// The given stickies and regions, plus the stickies and regions inside those regions, plus
/// the stickies `also` accepts.
fn inside(
    board: &Board,
    stickies: &BTreeSet<Id>,
    regions: &BTreeSet<Id>,
    also: impl Fn(Id) -> bool,
) -> (BTreeSet<Id>, BTreeSet<Id>) {
    let mut all_stickies = stickies.clone();
    let mut all_regions = regions.clone();
    for id in regions {
        let (s, r) = board.contents_of(*id);
        all_stickies.extend(s);
        all_regions.extend(r);
    }
    all_stickies.extend(board.stickies.keys().copied().filter(|id| also(*id)));
    (all_stickies, all_regions)
}

/// The bounded context called `name`: exactly so, else the one name that matches ignoring
/// case and surrounding spaces.
fn find_context(board: &Board, name: &str) -> Result<Id, String> {
    let contexts: Vec<(Id, &Boundary)> = board
        .boundaries
        .iter()
        .filter(|(_, b)| b.kind == BoundaryKind::Context)
        .map(|(id, b)| (*id, b))
        .collect();
    if let Some((id, _)) = contexts.iter().find(|(_, b)| b.name == name) {
        return Ok(*id);
    }
    let loose = |n: &str| n.trim().to_lowercase();
    let close: Vec<Id> = contexts
        .iter()
        .filter(|(_, b)| loose(&b.name) == loose(name))
        .map(|(id, _)| *id)
        .collect();
    if let [id] = close[..] {
        return Ok(id);
    }
    let mut names: Vec<String> = contexts
        .iter()
        .map(|(_, b)| format!("{:?}", b.name))
        .collect();
    names.sort();
    Err(if names.is_empty() {
        format!("no bounded context is called {name:?}: the board has no bounded contexts")
    } else {
        format!(
            "no bounded context is called {name:?}; the board has {}",
            names.join(", ")
        )
    })
}
