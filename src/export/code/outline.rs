//! What the code models of every language share, worked out once per export: the board's
//! contracts grouped by context, the aggregates, policies and read models with the contracts
//! they take, descriptions as comment lines, field types parsed. [`super::build::build`] then
//! names it all in one language.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::TypeKind;
use crate::export::contracts::Contracts;
use crate::model::analysis::Analysis;
use crate::model::naming::one_line;
use crate::model::{Board, Field, FieldType, Id, Kind, LinkMeaning};

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
}

/// A context's contracts and its aggregates, policies and read models.
pub(super) struct ContextOutline {
    pub(super) description: Vec<String>,
    /// Indexes into [`Outline::items`]: events, then commands.
    pub(super) items: Vec<usize>,
    pub(super) aggregates: Vec<GroupOutline>,
    pub(super) policies: Vec<GroupOutline>,
    pub(super) read_models: Vec<GroupOutline>,
}

/// An event, command or object type before it is named in a language.
pub(super) struct TypeOutline<'a> {
    pub(super) name: String,
    pub(super) kind: TypeKind,
    pub(super) doc: Vec<String>,
    pub(super) version: String,
    pub(super) channel: String,
    pub(super) fields: Vec<FieldOutline<'a>>,
}

/// A field before it is named and typed in a language; repeated names (ES015) are dropped.
pub(super) struct FieldOutline<'a> {
    pub(super) name: &'a str,
    pub(super) doc: Vec<String>,
    pub(super) required: bool,
    pub(super) ty: Option<FieldType>,
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
                        c.name(),
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
                }
            })
            .collect();
        for (i, c) in contracts.items.iter().enumerate() {
            contexts[c.context].items.push(i);
        }
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
        }
    }
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
