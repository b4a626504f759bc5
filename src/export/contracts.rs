//! The events and commands a board publishes, named once for every target: the file-name
//! slug, the type name and the schema URL of each are the same in the JSON Schemas, AsyncAPI,
//! EventCatalog, CloudEvents and Markdown, and unique within their context.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::naming::{self, Unique};
use crate::model::{Board, BoundaryKind, Field, Id, Kind, Sticky};

/// A bounded context as the exports name it; `id: None` gathers the stickies outside every
/// context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context<'a> {
    pub id: Option<Id>,
    pub name: String,
    pub description: &'a str,
    pub team: &'a str,
    /// Unique kebab-case name ([`Analysis::context_name`]): folders, file names, channel
    /// prefixes.
    pub slug: String,
    /// The namespace of its contracts (`com.acme.food.ordering`).
    pub namespace: String,
}

/// An event or command with the names every target uses for it.
#[derive(Clone, Debug)]
pub struct Contract<'a> {
    pub id: Id,
    pub sticky: &'a Sticky,
    /// Index into [`Contracts::contexts`].
    pub context: usize,
    /// Unique kebab-case name within its context and kind (an event's is
    /// [`Analysis::event_name`]).
    pub slug: String,
    /// Unique PascalCase name within its context.
    pub type_name: String,
    /// The contract's version (its own, or the default).
    pub version: String,
    /// For events: internal, public or external.
    pub visibility: Option<EventVisibility>,
    /// The display name ([`Contract::name`]), worked out once.
    name: String,
}

impl<'a> Contract<'a> {
    /// `events` or `commands`: the folder the contract's files go in.
    pub fn folder(&self) -> &'static str {
        if self.sticky.kind == Kind::DomainEvent {
            "events"
        } else {
            "commands"
        }
    }

    /// The display name: the sticky's text on one line.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a public contract: an event that leaves its context or comes from
    /// outside. Its exports carry only its published fields.
    pub fn is_public(&self) -> bool {
        self.visibility
            .is_some_and(|v| v != EventVisibility::Internal)
    }

    /// The fields its exports carry: a public contract's published ones (a field marked
    /// internal stays in the context's own code and internal exports), every field of
    /// anything else.
    pub fn fields(&self) -> Cow<'a, [Field]> {
        if self.is_public() && self.sticky.fields.iter().any(|f| !f.is_published()) {
            Cow::Owned(
                self.sticky
                    .fields
                    .iter()
                    .filter(|f| f.is_published())
                    .cloned()
                    .collect(),
            )
        } else {
            Cow::Borrowed(&self.sticky.fields)
        }
    }

    /// Whether its public contract holds fields back (so the internal form differs).
    pub fn holds_fields_back(&self) -> bool {
        self.is_public() && self.sticky.fields.iter().any(|f| !f.is_published())
    }
}

/// An event or command before it is named: context index, kind, slug, collision rank, id.
type Candidate<'a> = (usize, Kind, String, (bool, bool, String), Id, &'a Sticky);

/// Every context and contract of a board, in a stable order.
pub struct Contracts<'a> {
    pub contexts: Vec<Context<'a>>,
    /// Events then commands, each sorted by context, then name, then id.
    pub items: Vec<Contract<'a>>,
    host: String,
}

impl<'a> Contracts<'a> {
    /// Names every context and every event and command of `board`.
    pub fn of(board: &'a Board, analysis: &Analysis) -> Self {
        let mut contexts: Vec<Context<'a>> = Vec::new();
        let mut named: Vec<(&Id, &crate::model::Boundary)> = board
            .boundaries
            .iter()
            .filter(|(_, b)| b.kind == BoundaryKind::Context)
            .collect();
        named.sort_by_key(|(id, b)| (naming::kebab(&b.name), **id));
        for (id, b) in named {
            contexts.push(Context {
                id: Some(*id),
                name: naming::one_line(&b.name),
                description: b.description.trim(),
                team: b.team.trim(),
                slug: analysis.context_name(Some(*id)).to_owned(),
                namespace: Analysis::namespace(board, Some(*id)),
            });
        }
        let outside = board
            .stickies
            .iter()
            .any(|(id, s)| s.kind.has_fields() && analysis.context_of(*id).is_none());
        if outside || contexts.is_empty() {
            contexts.push(Context {
                id: None,
                name: naming::one_line(&board.meta.title),
                description: board.meta.description.trim(),
                team: "",
                slug: analysis.context_name(None).to_owned(),
                namespace: Analysis::namespace(board, None),
            });
        }
        let index: BTreeMap<Option<Id>, usize> = contexts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        // When two names collide, the plain name goes to the one published first: a public
        // event, then one with its own version, then by text and place on the timeline; so a
        // sticky added later never renames a published contract.
        let mut candidates: Vec<Candidate<'a>> = board
            .stickies
            .iter()
            .filter(|(_, s)| s.kind.has_fields())
            .map(|(id, s)| {
                let ctx = index
                    .get(&analysis.context_of(*id))
                    .copied()
                    .unwrap_or_default();
                let hidden = !analysis.crosses_boundary(*id);
                let rank = (hidden, s.version.is_none(), s.text.clone());
                (
                    ctx,
                    s.kind,
                    naming::file_stem(naming::kebab(&s.text)),
                    rank,
                    *id,
                    s,
                )
            })
            .collect();
        candidates.sort_by(|a, b| {
            (a.0, a.1, &a.2, &a.3)
                .cmp(&(b.0, b.1, &b.2, &b.3))
                .then(a.5.pos.x.total_cmp(&b.5.pos.x))
                .then(a.5.pos.y.total_cmp(&b.5.pos.y))
                .then(a.4.cmp(&b.4))
        });
        let mut file_names: BTreeMap<(usize, Kind), Unique> = BTreeMap::new();
        let mut type_names: BTreeMap<usize, Unique> = BTreeMap::new();
        let items = candidates
            .into_iter()
            .map(|(context, kind, slug, _, id, sticky)| Contract {
                id,
                sticky,
                context,
                // Events are named by the analysis (their channels are made of these names),
                // in the same order; commands here.
                slug: match analysis.event_name(id) {
                    Some(name) => name.to_owned(),
                    None => file_names
                        .entry((context, kind))
                        .or_default()
                        .claim(slug, "-"),
                },
                type_name: type_names
                    .entry(context)
                    .or_default()
                    .claim(naming::pascal(&sticky.text), ""),
                version: Analysis::version(board, id),
                visibility: analysis.events.get(&id).map(|e| e.visibility),
                name: naming::one_line(&sticky.text),
            })
            .collect();
        let namespace = Analysis::namespace(board, None);
        let host = namespace
            .rsplit('.')
            .map(naming::kebab)
            .collect::<Vec<_>>()
            .join(".");
        Contracts {
            contexts,
            items,
            host,
        }
    }

    /// The context of a contract.
    pub fn context_of(&self, contract: &Contract) -> &Context<'a> {
        &self.contexts[contract.context]
    }

    /// The contract of a sticky, if it is an event or command.
    pub fn get(&self, id: Id) -> Option<&Contract<'a>> {
        self.items.iter().find(|c| c.id == id)
    }

    /// The host the board's URLs use: its namespace reversed (`com.acme.food` ->
    /// `food.acme.com`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The `$id` of a contract's JSON Schema, also the CloudEvents `dataschema`.
    pub fn schema_url(&self, c: &Contract) -> String {
        self.url_of(c, "schema")
    }

    /// The `$id` of the internal form of a public contract that holds fields back: every
    /// field, for the context's own use.
    pub fn internal_schema_url(&self, c: &Contract) -> String {
        self.url_of(c, "full.schema")
    }

    fn url_of(&self, c: &Contract, suffix: &str) -> String {
        format!(
            "https://{}/schemas/{}/{}/{}/v{}.{suffix}.json",
            self.host,
            self.context_of(c).slug,
            c.folder(),
            c.slug,
            Analysis::major(&c.version)
        )
    }
}
