//! What the board means, derived from it: which context each sticky is in, the flows the
//! arrows make in the grammar, which events each context produces and consumes, and which
//! events are published contracts. The model check, the inspector and every exporter read
//! this; the GUI keeps one per board revision. The names the exports derive from it (unique
//! names, channels, event types, namespaces) are in `names.rs`.

mod audiences;
mod names;

use std::collections::{BTreeMap, BTreeSet};

use super::board::{Board, LevelSetting};
use super::boundary::BoundaryKind;
use super::delivery::{Audience, Direction};
use super::id::Id;
use super::link::{LinkMeaning, meaning};
use super::sticky::{Kind, Visibility};
pub use audiences::{ContextExchange, Exchange, ResolvedDelivery};
use names::Slugs;
pub use names::{DEFAULT_NAMESPACE, DEFAULT_VERSION};

/// How far a workshop has come (NOTATION.md, "Phases of a workshop"): the level the
/// facilitator set for the board, or the one judged from what is on it. Some checks only make
/// sense at a later phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Events, hotspots, actors: the story.
    #[default]
    BigPicture,
    /// Commands, policies and read models complete the flows.
    Process,
    /// Aggregates and bounded contexts: the model is ready to export.
    Design,
}

impl Level {
    /// The level a board's setting fixes; `None` when the board's contents decide.
    pub fn chosen(setting: LevelSetting) -> Option<Level> {
        match setting {
            LevelSetting::Auto => None,
            LevelSetting::BigPicture => Some(Level::BigPicture),
            LevelSetting::Process => Some(Level::Process),
            LevelSetting::Design => Some(Level::Design),
        }
    }

    /// The name people read: `big picture`, `process`, `design`.
    pub fn label(self) -> &'static str {
        match self {
            Level::BigPicture => "big picture",
            Level::Process => "process",
            Level::Design => "design",
        }
    }

    /// How a level setting reads where it is chosen, given the level the board's contents
    /// make it: `Automatic (design)`, `Big picture`.
    pub fn choice_label(setting: LevelSetting, derived: Level) -> String {
        match Level::chosen(setting) {
            None => format!("Automatic ({})", derived.label()),
            Some(Level::BigPicture) => "Big picture".to_owned(),
            Some(Level::Process) => "Process".to_owned(),
            Some(Level::Design) => "Design".to_owned(),
        }
    }
}

/// Where an event is seen, as the exports publish it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventVisibility {
    /// Produced and consumed inside one bounded context.
    Internal,
    /// A published contract: consumed in another context, sent to an external system, or
    /// marked public.
    Public,
    /// Produced by an external system: a partner's event we consume.
    External,
}

impl EventVisibility {
    /// The word the reports use.
    pub fn label(self) -> &'static str {
        match self {
            EventVisibility::Internal => "internal",
            EventVisibility::Public => "public",
            EventVisibility::External => "external",
        }
    }
}

/// One arrow the grammar gives a meaning to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    pub link: Id,
    pub from: Id,
    pub to: Id,
    pub meaning: LinkMeaning,
}

/// What the flows say about one domain event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFacts {
    pub context: Option<Id>,
    /// Aggregates and external systems that emit it, and commands that result in it.
    pub producers: Vec<Id>,
    /// Policies it triggers, read models it updates, external systems it is sent to.
    pub consumers: Vec<Id>,
    pub visibility: EventVisibility,
}

/// What one bounded context holds and exchanges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextFacts {
    /// Every sticky inside it, sorted by id.
    pub stickies: Vec<Id>,
    /// The events inside it.
    pub produces: Vec<Id>,
    /// Events of other contexts (or of nobody's) that something inside it reacts to.
    pub consumes: Vec<Id>,
}

/// The semantic model of a board.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// The level the rules follow: the board's setting, or [`Analysis::derived_level`] when
    /// the setting is automatic.
    pub level: Level,
    /// The level what is on the board makes it (what "automatic" means right now).
    pub derived_level: Level,
    context: BTreeMap<Id, Id>,
    /// Every arrow the grammar knows, in link id order.
    pub flows: Vec<Flow>,
    /// Arrows between kinds the grammar does not know (reported by the model check).
    pub unknown_links: Vec<Id>,
    outgoing: BTreeMap<Id, Vec<usize>>,
    incoming: BTreeMap<Id, Vec<usize>>,
    /// Every domain event, by id.
    pub events: BTreeMap<Id, EventFacts>,
    /// Every bounded context, by id.
    pub contexts: BTreeMap<Id, ContextFacts>,
    /// The stickies outside every bounded context, sorted by id.
    outside: Vec<Id>,
    /// Unique kebab-case names of the contexts (`None`: outside every one) and of the events
    /// within their context, which channels, CloudEvents types and file names are made of.
    slugs: Slugs,
}

impl Analysis {
    /// Derives the semantic model of `board`.
    pub fn of(board: &Board) -> Analysis {
        let derived_level = level(board);
        let mut a = Analysis {
            level: Level::chosen(board.meta.level).unwrap_or(derived_level),
            derived_level,
            ..Analysis::default()
        };
        for (id, b) in &board.boundaries {
            if b.kind == BoundaryKind::Context {
                a.contexts.insert(*id, ContextFacts::default());
            }
        }
        for id in board.stickies.keys() {
            match board.context_of(*id) {
                Some(ctx) => {
                    a.context.insert(*id, ctx);
                    if let Some(facts) = a.contexts.get_mut(&ctx) {
                        facts.stickies.push(*id);
                    }
                }
                None => a.outside.push(*id),
            }
        }
        for (id, link) in &board.links {
            let (Some(from), Some(to)) =
                (board.stickies.get(&link.from), board.stickies.get(&link.to))
            else {
                continue;
            };
            match meaning(from.kind, to.kind) {
                Some(m) => {
                    let index = a.flows.len();
                    a.flows.push(Flow {
                        link: *id,
                        from: link.from,
                        to: link.to,
                        meaning: m,
                    });
                    a.outgoing.entry(link.from).or_default().push(index);
                    a.incoming.entry(link.to).or_default().push(index);
                }
                None => a.unknown_links.push(*id),
            }
        }
        let events: Vec<Id> = board
            .stickies
            .iter()
            .filter(|(_, s)| s.kind == Kind::DomainEvent)
            .map(|(id, _)| *id)
            .collect();
        for id in events {
            let facts = a.event_facts(board, id);
            if let Some(ctx) = facts.context.and_then(|c| a.contexts.get_mut(&c)) {
                ctx.produces.push(id);
            }
            for consumer in &facts.consumers {
                let theirs = a.context_of(*consumer);
                if theirs != facts.context
                    && let Some(ctx) = theirs.and_then(|c| a.contexts.get_mut(&c))
                    && !ctx.consumes.contains(&id)
                {
                    ctx.consumes.push(id);
                }
            }
            a.events.insert(id, facts);
        }
        a.slugs = a.name_contexts_and_events(board);
        a
    }

    fn event_facts(&self, board: &Board, id: Id) -> EventFacts {
        let context = self.context_of(id);
        let producers: Vec<Id> = self
            .incoming(id)
            .filter(|f| matches!(f.meaning, LinkMeaning::Emits | LinkMeaning::ResultsIn))
            .map(|f| f.from)
            .collect();
        let consumers: Vec<Id> = self
            .outgoing(id)
            .filter(|f| f.meaning != LinkMeaning::Flags)
            .map(|f| f.to)
            .collect();
        let kind_of = |s: &Id| board.stickies.get(s).map(|s| s.kind);
        let from_outside = !producers.is_empty()
            && producers
                .iter()
                .all(|p| kind_of(p) == Some(Kind::ExternalSystem));
        let deliveries = board
            .stickies
            .get(&id)
            .map_or(&[][..], |s| s.deliveries.as_slice());
        // Written deliveries: received from outside only, or published beyond the context.
        let received = !deliveries.is_empty()
            && deliveries
                .iter()
                .all(|d| d.direction == Direction::Receive && d.audience.is_outside());
        let from_outside = from_outside || received;
        let leaves = consumers
            .iter()
            .any(|c| kind_of(c) == Some(Kind::ExternalSystem) || self.context_of(*c) != context)
            || deliveries.iter().any(|d| {
                // "Any subscriber" is what an old board's channel meant: no audience yet.
                d.direction == Direction::Publish
                    && d.audience != Audience::AnySubscriber
                    && context.is_none_or(|c| d.audience != Audience::Context(c))
            });
        let marked = board
            .stickies
            .get(&id)
            .map(|s| s.visibility)
            .unwrap_or_default();
        let visibility = match marked {
            _ if from_outside => EventVisibility::External,
            Visibility::Public => EventVisibility::Public,
            Visibility::Internal => EventVisibility::Internal,
            Visibility::Automatic if leaves => EventVisibility::Public,
            Visibility::Automatic => EventVisibility::Internal,
        };
        EventFacts {
            context,
            producers,
            consumers,
            visibility,
        }
    }

    /// The bounded context a sticky is in.
    pub fn context_of(&self, sticky: Id) -> Option<Id> {
        self.context.get(&sticky).copied()
    }

    /// The stickies inside a bounded context (`None`: outside every one), sorted by id.
    pub fn stickies_in(&self, context: Option<Id>) -> &[Id] {
        match context {
            Some(c) => self.contexts.get(&c).map_or(&[], |f| f.stickies.as_slice()),
            None => &self.outside,
        }
    }

    /// The flows leaving a sticky, in link order.
    pub fn outgoing(&self, sticky: Id) -> impl Iterator<Item = &Flow> {
        self.flows_at(&self.outgoing, sticky)
    }

    /// The flows arriving at a sticky, in link order.
    pub fn incoming(&self, sticky: Id) -> impl Iterator<Item = &Flow> {
        self.flows_at(&self.incoming, sticky)
    }

    fn flows_at<'a>(
        &'a self,
        index: &'a BTreeMap<Id, Vec<usize>>,
        sticky: Id,
    ) -> impl Iterator<Item = &'a Flow> {
        index
            .get(&sticky)
            .into_iter()
            .flatten()
            .filter_map(|i| self.flows.get(*i))
    }

    /// The stickies `sticky` points at with `meaning`.
    pub fn targets(&self, sticky: Id, meaning: LinkMeaning) -> Vec<Id> {
        self.outgoing(sticky)
            .filter(|f| f.meaning == meaning)
            .map(|f| f.to)
            .collect()
    }

    /// The stickies pointing at `sticky` with `meaning`.
    pub fn sources(&self, sticky: Id, meaning: LinkMeaning) -> Vec<Id> {
        self.incoming(sticky)
            .filter(|f| f.meaning == meaning)
            .map(|f| f.from)
            .collect()
    }

    /// Whether an event leaves its context (public) or comes from outside (external).
    pub fn crosses_boundary(&self, event: Id) -> bool {
        self.events
            .get(&event)
            .is_some_and(|e| e.visibility != EventVisibility::Internal)
    }
}

/// How far the workshop has come, when the facilitator has not said: aggregates mean design
/// level; commands, policies or read models mean process level, or design level once bounded
/// contexts are drawn around them. Contexts drawn on a board of events alone (the emerging
/// boundaries of a big picture) leave it a big picture.
fn level(board: &Board) -> Level {
    let has = |k: Kind| board.stickies.values().any(|s| s.kind == k);
    let contexts = board
        .boundaries
        .values()
        .any(|b| b.kind == BoundaryKind::Context);
    let process = has(Kind::Command) || has(Kind::Policy) || has(Kind::ReadModel);
    if has(Kind::Aggregate) || (contexts && process) {
        Level::Design
    } else if process {
        Level::Process
    } else {
        Level::BigPicture
    }
}

/// The ids of `ids` sorted by the stickies' position on the timeline (left to right, then
/// top to bottom, then id): the order a flow is read in.
pub fn in_timeline_order(board: &Board, ids: impl IntoIterator<Item = Id>) -> Vec<Id> {
    // Each position looked up once, not twice per comparison.
    let mut placed: Vec<(Id, Option<(f32, f32)>)> = ids
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|id| (id, board.stickies.get(&id).map(|s| (s.pos.x, s.pos.y))))
        .collect();
    placed.sort_by(|(a, pa), (b, pb)| match (pa, pb) {
        (Some(pa), Some(pb)) => {
            pa.0.total_cmp(&pb.0)
                .then(pa.1.total_cmp(&pb.1))
                .then(a.cmp(b))
        }
        _ => a.cmp(b),
    });
    placed.into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, Link, Point, Rect, Size, Sticky};

    struct Fixture {
        board: Board,
        next: u64,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                board: Board::new("Shop"),
                next: 1,
            }
        }
        fn id(&mut self) -> Id {
            self.next += 1;
            Id(self.next)
        }
        fn context(&mut self, name: &str, x: f32) -> Id {
            let id = self.id();
            let rect = Rect::new(Point::new(x, 0.0), Size::new(1000.0, 1000.0));
            self.board
                .boundaries
                .insert(id, Boundary::new(BoundaryKind::Context, name, rect));
            id
        }
        fn sticky(&mut self, kind: Kind, text: &str, x: f32) -> Id {
            let id = self.id();
            self.board
                .stickies
                .insert(id, Sticky::new(kind, text, Point::new(x, 100.0)));
            id
        }
        fn link(&mut self, from: Id, to: Id) {
            let id = self.id();
            self.board.links.insert(id, Link::new(from, to));
        }
    }

    #[test]
    fn an_event_consumed_in_another_context_is_public() {
        let mut f = Fixture::new();
        let ordering = f.context("Ordering", 0.0);
        let payments = f.context("Payments", 1000.0);
        let order = f.sticky(Kind::Aggregate, "Order", 100.0);
        let placed = f.sticky(Kind::DomainEvent, "Order Placed", 300.0);
        let policy = f.sticky(Kind::Policy, "Charge when placed", 1100.0);
        let summary = f.sticky(Kind::ReadModel, "Order summary", 500.0);
        let listed = f.sticky(Kind::DomainEvent, "Order Listed", 700.0);
        f.link(order, placed);
        f.link(placed, policy);
        f.link(placed, summary);
        f.link(order, listed);
        f.link(listed, summary);
        let a = Analysis::of(&f.board);
        assert_eq!(a.level, Level::Design);
        assert_eq!(a.events[&placed].visibility, EventVisibility::Public);
        assert_eq!(a.events[&placed].producers, vec![order]);
        assert_eq!(a.events[&listed].visibility, EventVisibility::Internal);
        assert_eq!(a.contexts[&ordering].produces, vec![placed, listed]);
        assert_eq!(a.contexts[&payments].consumes, vec![placed]);
        assert_eq!(a.channel(&f.board, placed), "ordering.order-placed.v1");
        assert_eq!(a.targets(placed, LinkMeaning::Triggers), vec![policy]);
    }

    #[test]
    fn marks_and_external_producers_decide_visibility() {
        let mut f = Fixture::new();
        f.context("Payments", 0.0);
        let stripe = f.sticky(Kind::ExternalSystem, "Stripe", 100.0);
        let paid = f.sticky(Kind::DomainEvent, "Charge Succeeded", 300.0);
        let marked = f.sticky(Kind::DomainEvent, "Refund Issued", 500.0);
        f.link(stripe, paid);
        if let Some(s) = f.board.stickies.get_mut(&marked) {
            s.visibility = Visibility::Public;
            s.version = Some("2.1.0".into());
            s.deliveries.push(crate::model::Delivery {
                channel: Some("payments.refunds".into()),
                ..crate::model::Delivery::to(
                    crate::model::Audience::AnySubscriber,
                    Direction::Publish,
                )
            });
        }
        let a = Analysis::of(&f.board);
        assert_eq!(a.events[&paid].visibility, EventVisibility::External);
        assert_eq!(a.events[&marked].visibility, EventVisibility::Public);
        assert_eq!(a.channel(&f.board, marked), "payments.refunds");
        assert_eq!(Analysis::major(&Analysis::version(&f.board, marked)), 2);
        assert_eq!(Analysis::namespace(&f.board, None), DEFAULT_NAMESPACE);
    }

    #[test]
    fn the_level_follows_what_is_on_the_board() {
        let mut f = Fixture::new();
        f.sticky(Kind::DomainEvent, "Order Placed", 0.0);
        assert_eq!(Analysis::of(&f.board).level, Level::BigPicture);
        f.sticky(Kind::Command, "Place Order", 0.0);
        assert_eq!(Analysis::of(&f.board).level, Level::Process);
    }

    #[test]
    fn the_level_the_facilitator_sets_wins_over_the_derived_one() {
        let mut f = Fixture::new();
        f.context("Ordering", 0.0);
        f.sticky(Kind::DomainEvent, "Order Placed", 100.0);
        // Contexts around events alone: still the big picture.
        assert_eq!(Analysis::of(&f.board).level, Level::BigPicture);
        f.sticky(Kind::Command, "Place Order", 50.0);
        f.board.meta.level = LevelSetting::BigPicture;
        let a = Analysis::of(&f.board);
        assert_eq!(
            (a.level, a.derived_level),
            (Level::BigPicture, Level::Design)
        );
        f.board.meta.level = LevelSetting::Auto;
        assert_eq!(Analysis::of(&f.board).level, Level::Design);
    }
}
