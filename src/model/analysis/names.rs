//! The names the exports give what is on the board: unique names of contexts and events (so
//! two never share a file, a channel or a type), versions, channels, CloudEvents types and
//! namespaces. Kept apart from the meaning of the board ([`super`]) because every exporter
//! reads these and their rules must not change by accident: a renamed contract breaks its
//! consumers.

use std::collections::BTreeMap;

use super::Analysis;
use crate::model::board::Board;
use crate::model::boundary::BoundaryKind;
use crate::model::id::Id;
use crate::model::naming;
use crate::model::sticky::Kind;

/// The unique names of [`Analysis::slugs`].
#[derive(Clone, Debug, Default)]
pub(super) struct Slugs {
    contexts: BTreeMap<Option<Id>, String>,
    events: BTreeMap<Id, String>,
}

/// The version a public event has until someone sets one.
pub const DEFAULT_VERSION: &str = "1.0.0";

/// The namespace used when neither the context nor the board names one.
pub const DEFAULT_NAMESPACE: &str = "com.example";

impl Analysis {
    /// Names every context and every event uniquely, short enough for file names
    /// ([`naming::file_stem`]). Contexts in order of their kebab-case
    /// name (then id), the stickies outside every context last; two events of one context
    /// whose names collide: the plain name goes to the one published first (a public event,
    /// then one with its own version, then by text and place on the timeline), so a sticky
    /// added later never renames a published contract. The exports' contracts use these names.
    pub(super) fn name_contexts_and_events(&self, board: &Board) -> Slugs {
        let mut slugs = Slugs::default();
        let mut taken = naming::Unique::new();
        let mut contexts: Vec<(String, Id)> = board
            .boundaries
            .iter()
            .filter(|(_, b)| b.kind == BoundaryKind::Context)
            .map(|(id, b)| (naming::file_stem(naming::kebab(&b.name)), *id))
            .collect();
        contexts.sort();
        for (slug, id) in contexts {
            slugs.contexts.insert(Some(id), taken.claim(slug, "-"));
        }
        slugs.contexts.insert(
            None,
            taken.claim(naming::file_stem(Self::context_slug(board, None)), "-"),
        );
        let mut events: Vec<_> = board
            .stickies
            .iter()
            .filter(|(_, s)| s.kind == Kind::DomainEvent)
            .map(|(id, s)| {
                let rank = (!self.crosses_boundary(*id), s.version.is_none(), &s.text);
                let slug = naming::file_stem(naming::kebab(&s.text));
                (self.context_of(*id), slug, rank, s, *id)
            })
            .collect();
        events.sort_by(|a, b| {
            (a.0, &a.1, &a.2)
                .cmp(&(b.0, &b.1, &b.2))
                .then(a.3.pos.x.total_cmp(&b.3.pos.x))
                .then(a.3.pos.y.total_cmp(&b.3.pos.y))
                .then(a.4.cmp(&b.4))
        });
        let mut per_context: BTreeMap<Option<Id>, naming::Unique> = BTreeMap::new();
        for (context, slug, _, _, id) in events {
            let unique = per_context.entry(context).or_default().claim(slug, "-");
            slugs.events.insert(id, unique);
        }
        slugs
    }

    /// The unique kebab-case name of a context (`None`: of the stickies outside every one).
    pub fn context_name(&self, context: Option<Id>) -> &str {
        self.slugs.contexts.get(&context).map_or("", String::as_str)
    }

    /// The unique kebab-case name of an event within its context.
    pub fn event_name(&self, event: Id) -> Option<&str> {
        self.slugs.events.get(&event).map(String::as_str)
    }

    /// The contract version of an event: its own, or [`DEFAULT_VERSION`].
    pub fn version(board: &Board, event: Id) -> String {
        board
            .stickies
            .get(&event)
            .and_then(|s| s.version.clone())
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_VERSION.to_owned())
    }

    /// The major number of a semver version (`2` of `2.1.0`); 1 when it has none.
    pub fn major(version: &str) -> u64 {
        version
            .trim_start_matches(['v', 'V'])
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(1)
    }

    /// The kebab-case name of a context for channels, file names and types; the board's
    /// title (or `events`) for stickies outside every context.
    pub fn context_slug(board: &Board, context: Option<Id>) -> String {
        match context.and_then(|c| board.boundaries.get(&c)) {
            Some(b) => naming::kebab(&b.name),
            None if !board.meta.title.trim().is_empty() => naming::kebab(&board.meta.title),
            None => "events".to_owned(),
        }
    }

    /// The event's main channel: the one typed on its first delivery, or
    /// [`Analysis::derived_channel`]. Each delivery's own is [`Analysis::delivery_channel`].
    pub fn channel(&self, board: &Board, event: Id) -> String {
        match Self::own_channel(board, event) {
            Some(channel) => channel.to_owned(),
            None => self.derived_channel(board, event),
        }
    }

    /// The channel derived from the names: `<context>.<event>.v<major>` from the unique names
    /// of its context and of it, so no two events share a default channel.
    pub fn derived_channel(&self, board: &Board, event: Id) -> String {
        let Some(sticky) = board.stickies.get(&event) else {
            return String::new();
        };
        let name = self
            .event_name(event)
            .map_or_else(|| naming::kebab(&sticky.text), str::to_owned);
        format!(
            "{}.{name}.v{}",
            self.context_name(self.context_of(event)),
            Self::major(&Self::version(board, event))
        )
    }

    /// The channel typed on an event's first delivery, if any.
    pub fn own_channel(board: &Board, event: Id) -> Option<&str> {
        board
            .stickies
            .get(&event)
            .and_then(|s| s.deliveries.first())
            .and_then(|d| d.channel.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// An event's CloudEvents `type`: `<namespace>.<event>.v<major>`, where the namespace is
    /// its context's own, else the board's and the context's unique name; so only two
    /// contexts given one namespace by hand can make two events share a type.
    pub fn event_type(&self, board: &Board, event: Id) -> String {
        let context = self.context_of(event);
        let own = context
            .and_then(|c| board.boundaries.get(&c))
            .map(|b| b.namespace.trim())
            .filter(|n| !n.is_empty());
        let namespace = match (own, context) {
            (Some(own), _) => own.to_owned(),
            (None, Some(_)) => format!(
                "{}.{}",
                Self::namespace(board, None),
                self.context_name(context)
            ),
            (None, None) => Self::namespace(board, None),
        };
        let name = self.event_name(event).map_or_else(
            || naming::kebab(board.stickies.get(&event).map_or("", |s| &s.text)),
            str::to_owned,
        );
        format!(
            "{namespace}.{name}.v{}",
            Self::major(&Self::version(board, event))
        )
    }

    /// The namespace of a context's contracts: its own (`com.acme.orders`), else the
    /// board's followed by the context's name (`com.acme.ordering`), else
    /// [`DEFAULT_NAMESPACE`] in its place. Stickies outside every context use the board's.
    pub fn namespace(board: &Board, context: Option<Id>) -> String {
        let boundary = context.and_then(|c| board.boundaries.get(&c));
        if let Some(own) = boundary
            .map(|b| b.namespace.trim())
            .filter(|n| !n.is_empty())
        {
            return own.to_owned();
        }
        let board_ns = Some(board.meta.namespace.trim())
            .filter(|n| !n.is_empty())
            .unwrap_or(DEFAULT_NAMESPACE);
        match boundary {
            Some(b) => format!("{board_ns}.{}", naming::kebab(&b.name)),
            None => board_ns.to_owned(),
        }
    }
}
