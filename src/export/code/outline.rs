//! What the code models of every language share, worked out once per export: the board's
//! contracts grouped by context, the aggregates, policies and read models with the contracts
//! they take, descriptions as comment lines, field types parsed. [`super::build::build`] then
//! names it all in one language.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::TypeKind;
use crate::export::contracts::Contracts;
use crate::export::deliveries::{Deliveries, Route};
use crate::model::analysis::Analysis;
use crate::model::naming::one_line;
use crate::model::{
    AudienceKind, Board, Direction as DeliveryDirection, Field, FieldType, Id, Kind, LinkMeaning,
};

/// Lines of a description, each made safe for any comment by [`super::filters::comment`]
/// (which also keeps control characters away from a template's `columns` filter). Tabs are
/// kept: Go's doc comments indent with them.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|l| {
            l.trim_end()
                .split('\t')
                .map(|part| super::filters::comment(part.to_owned()))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

/// What the models of every language share: the board's contracts grouped by context, the
/// aggregates, policies and read models with the contracts they take, descriptions as
/// comment lines, field types parsed. Built once per export, however many languages follow.
pub struct Outline<'a> {
    pub(super) board: &'a Board,
    pub(super) contracts: Contracts<'a>,
    /// One per contract, in the order of `contracts.items`.
    pub(super) items: Vec<TypeOutline<'a>>,
    /// One per context, in the order of `contracts.contexts`.
    pub(super) contexts: Vec<ContextOutline>,
    /// The board's object types, by name.
    pub(super) objects: Vec<TypeOutline<'a>>,
    pub(super) namespace: String,
    /// The front ends, in order of slug: the events each receives from us.
    pub(super) front_ends: Vec<FrontEndOutline>,
}

/// A front end and the events delivered to it: one union of messages per client.
pub(super) struct FrontEndOutline {
    pub(super) name: String,
    /// Its unique kebab-case name ([`Deliveries`]).
    pub(super) slug: String,
    /// The events it receives, in the order of the outline's items.
    pub(super) messages: Vec<MessageOutline>,
}

/// An event delivered to a front end, or received from a partner: the outline item and each
/// delivery's transport and channel.
pub(super) struct MessageOutline {
    /// Index into [`Outline::items`].
    pub(super) item: usize,
    /// `(transport, channel)` of each delivery, as the exports write them.
    pub(super) routes: Vec<(String, String)>,
}

/// A partner's webhook one of a context's events arrives on.
pub(super) struct WebhookOutline {
    /// The partner's name, on one line.
    pub(super) partner: String,
    pub(super) message: MessageOutline,
}

/// A context's contracts and its aggregates, policies and read models.
pub(super) struct ContextOutline {
    pub(super) description: Vec<String>,
    /// Indexes into [`Outline::items`]: events, then commands.
    pub(super) items: Vec<usize>,
    pub(super) aggregates: Vec<GroupOutline>,
    pub(super) policies: Vec<GroupOutline>,
    pub(super) read_models: Vec<GroupOutline>,
    /// The partners' webhooks its events arrive on, in the order of its items.
    pub(super) webhooks: Vec<WebhookOutline>,
}

/// An event, command or object type before it is named in a language.
#[derive(Clone)]
pub(super) struct TypeOutline<'a> {
    pub(super) name: String,
    pub(super) kind: TypeKind,
    pub(super) doc: Vec<String>,
    pub(super) version: String,
    pub(super) channel: String,
    pub(super) fields: Vec<FieldOutline<'a>>,
}

/// A field before it is named and typed in a language; repeated names (ES015) are dropped.
#[derive(Clone)]
pub(super) struct FieldOutline<'a> {
    pub(super) name: &'a str,
    pub(super) doc: Vec<String>,
    pub(super) required: bool,
    pub(super) ty: Option<FieldType>,
    /// In the public contract (not marked internal): what a front end or partner sees.
    pub(super) published: bool,
}

/// The stickies of one aggregate, policy or read model (drawn again beside each flow, they
/// are one item: grouped by name), with the contracts they take and give, as item indexes.
pub(super) struct GroupOutline {
    pub(super) name: String,
    pub(super) doc: Vec<String>,
    /// Aggregates: the commands they handle. Policies: the commands they issue.
    pub(super) commands: Vec<usize>,
    /// Aggregates: the events they emit. Policies and read models: the events they react to.
    pub(super) events: Vec<usize>,
}

impl<'a> TypeOutline<'a> {
    /// Its public contract: only the published fields (what front ends and partners see).
    pub(super) fn published(&self) -> Self {
        Self {
            fields: self
                .fields
                .iter()
                .filter(|f| f.published)
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    fn new(
        (name, kind): (String, TypeKind),
        (description, version, channel): (&str, String, String),
        fields: &'a [Field],
    ) -> Self {
        let mut names = BTreeSet::new();
        Self {
            name,
            kind,
            doc: doc_lines(description),
            version,
            channel,
            fields: fields
                .iter()
                .filter(|f| names.insert(f.name.as_str()))
                .map(|f| FieldOutline {
                    name: &f.name,
                    doc: doc_lines(&f.description),
                    required: f.required,
                    ty: FieldType::parse(&f.ty).ok(),
                    published: f.is_published(),
                })
                .collect(),
        }
    }
}

impl<'a> Outline<'a> {
    /// The outline of `board`.
    pub fn of(board: &'a Board, analysis: &Analysis) -> Self {
        let contracts = Contracts::of(board, analysis);
        let index: HashMap<Id, usize> = contracts
            .items
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let items = contracts
            .items
            .iter()
            .map(|c| {
                let event = c.sticky.kind == Kind::DomainEvent;
                let channel = if event && analysis.crosses_boundary(c.id) {
                    analysis.channel(board, c.id)
                } else {
                    String::new()
                };
                TypeOutline::new(
                    (
                        c.name().to_owned(),
                        if event {
                            TypeKind::Event
                        } else {
                            TypeKind::Command
                        },
                    ),
                    (&c.sticky.description, c.version.clone(), channel),
                    &c.sticky.fields,
                )
            })
            .collect();
        let mut contexts: Vec<ContextOutline> = contracts
            .contexts
            .iter()
            .map(|context| {
                let inside = analysis.stickies_in(context.id);
                let group = |kind: Kind, commands: (Direction, LinkMeaning), events| {
                    groups(board, analysis, &index, inside, kind, commands, events)
                };
                ContextOutline {
                    description: doc_lines(context.description),
                    items: Vec::new(),
                    aggregates: group(
                        Kind::Aggregate,
                        (Direction::From, LinkMeaning::HandledBy),
                        (Direction::To, LinkMeaning::Emits),
                    ),
                    policies: group(
                        Kind::Policy,
                        (Direction::To, LinkMeaning::Issues),
                        (Direction::From, LinkMeaning::Triggers),
                    ),
                    read_models: group(
                        Kind::ReadModel,
                        (Direction::None, LinkMeaning::Issues),
                        (Direction::From, LinkMeaning::Updates),
                    ),
                    webhooks: Vec::new(),
                }
            })
            .collect();
        for (i, c) in contracts.items.iter().enumerate() {
            contexts[c.context].items.push(i);
        }
        let deliveries = Deliveries::of(board, analysis);
        let ids: Vec<Id> = contracts.items.iter().map(|c| c.id).collect();
        for (i, c) in contracts.items.iter().enumerate() {
            contexts[c.context]
                .webhooks
                .extend(webhooks_of(&deliveries, i, c.id));
        }
        let front_ends = front_ends_of(&deliveries, &ids);
        let objects = board
            .types
            .iter()
            .map(|(name, ty)| {
                TypeOutline::new(
                    (name.clone(), TypeKind::Object),
                    (&ty.description, String::new(), String::new()),
                    &ty.fields,
                )
            })
            .collect();
        Self {
            board,
            contracts,
            items,
            contexts,
            objects,
            namespace: Analysis::namespace(board, None),
            front_ends,
        }
    }
}

/// How the code stubs name a delivery's transport ("WebSocket", "not decided").
fn route(r: &Route) -> (String, String) {
    let transport = r.transport.map_or("transport not decided", |t| t.label());
    (transport.to_owned(), one_line(&r.channel))
}

/// The partners' webhooks the event `id` (item `item`) arrives on: one per partner.
fn webhooks_of(deliveries: &Deliveries, item: usize, id: Id) -> Vec<WebhookOutline> {
    let mut hooks: Vec<(Id, WebhookOutline)> = Vec::new();
    for r in deliveries.of_event(id) {
        if r.direction != DeliveryDirection::Receive || r.kind != AudienceKind::Partner {
            continue;
        }
        let Some(party) = deliveries.party(r.audience) else {
            continue;
        };
        match hooks.iter_mut().find(|(p, _)| *p == party.id) {
            Some((_, hook)) => hook.message.routes.push(route(r)),
            None => hooks.push((
                party.id,
                WebhookOutline {
                    partner: party.name.clone(),
                    message: MessageOutline {
                        item,
                        routes: vec![route(r)],
                    },
                },
            )),
        }
    }
    hooks.into_iter().map(|(_, h)| h).collect()
}

/// Every front end, with the events (items, by id in `ids`) we publish to it.
fn front_ends_of(deliveries: &Deliveries, ids: &[Id]) -> Vec<FrontEndOutline> {
    deliveries
        .parties
        .iter()
        .filter(|p| p.kind == AudienceKind::FrontEnd)
        .map(|party| FrontEndOutline {
            name: party.name.clone(),
            slug: party.slug.clone(),
            messages: ids
                .iter()
                .enumerate()
                .filter_map(|(item, id)| {
                    let routes: Vec<(String, String)> = deliveries
                        .of_event(*id)
                        .iter()
                        .filter(|r| {
                            r.direction == DeliveryDirection::Publish
                                && r.kind == AudienceKind::FrontEnd
                                && r.audience.id() == Some(party.id)
                        })
                        .map(route)
                        .collect();
                    (!routes.is_empty()).then_some(MessageOutline { item, routes })
                })
                .collect(),
        })
        .collect()
}

/// Which end of a flow the contracts of a group are at.
#[derive(Clone, Copy)]
enum Direction {
    /// Flows into the group's sticky, from the contract.
    From,
    /// Flows out of the group's sticky, to the contract.
    To,
    /// None: the group takes no contracts of this kind.
    None,
}

/// The aggregates, policies or read models (`kind`) among `inside`, grouped by name.
fn groups(
    board: &Board,
    analysis: &Analysis,
    index: &HashMap<Id, usize>,
    inside: &[Id],
    kind: Kind,
    commands: (Direction, LinkMeaning),
    events: (Direction, LinkMeaning),
) -> Vec<GroupOutline> {
    let mut by_name: BTreeMap<String, (String, Vec<Id>)> = BTreeMap::new();
    for id in inside {
        if let Some(s) = board.stickies.get(id).filter(|s| s.kind == kind) {
            by_name
                .entry(crate::model::naming::pascal(&s.text))
                .or_insert_with(|| (one_line(&s.text), Vec::new()))
                .1
                .push(*id);
        }
    }
    let collect = |ids: &[Id], (direction, meaning): (Direction, LinkMeaning)| -> Vec<usize> {
        let mut seen = BTreeSet::new();
        ids.iter()
            .flat_map(|id| match direction {
                Direction::From => analysis.sources(*id, meaning),
                Direction::To => analysis.targets(*id, meaning),
                Direction::None => Vec::new(),
            })
            .filter_map(|id| index.get(&id).copied())
            .filter(|i| seen.insert(*i))
            .collect()
    };
    by_name
        .into_values()
        .map(|(name, ids)| GroupOutline {
            doc: ids
                .iter()
                .filter_map(|id| board.stickies.get(id))
                .map(|s| s.description.as_str())
                .find(|d| !d.trim().is_empty())
                .map(doc_lines)
                .unwrap_or_default(),
            commands: collect(&ids, commands),
            events: collect(&ids, events),
            name,
        })
        .collect()
}
