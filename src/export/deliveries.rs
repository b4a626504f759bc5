//! The deliveries of every event as the exports write them: who it reaches or comes from (a
//! context, a front end, a partner, any subscriber), over which transport, on which channel,
//! in which direction; and the front ends and partners themselves, each with a unique slug for
//! file names. Read from the analysis (which resolves names and default channels through the
//! one naming path), once per export, so AsyncAPI, EventCatalog, CloudEvents, Markdown and the
//! code stubs agree on every channel.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::analysis::{Analysis, ResolvedDelivery};
use crate::model::naming::{self, Unique};
use crate::model::{Audience, AudienceKind, Board, BoundaryKind, Direction, Id};

/// One delivery of one event, resolved by the analysis (audience name, transport, channel).
pub type Route = ResolvedDelivery;

/// A front end or a partner, as the exports name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    pub id: Id,
    pub kind: AudienceKind,
    /// Its name on one line.
    pub name: String,
    /// Unique kebab-case name among every front end and partner: file names.
    pub slug: String,
    /// Its own namespace (`com.stripe`), when the board gives one.
    pub namespace: Option<String>,
}

impl Party {
    /// The host of its endpoints: its namespace reversed (`com.stripe` -> `stripe.com`), else
    /// a placeholder under `.example` (RFC 2606) named after it.
    pub fn host(&self) -> String {
        match &self.namespace {
            Some(ns) => ns
                .rsplit('.')
                .map(naming::kebab)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("."),
            None => format!("{}.example", self.slug),
        }
    }

    /// Its CloudEvents `source`: a URI of its own, never ours.
    pub fn source(&self) -> String {
        format!("https://{}", self.host())
    }
}

/// Every delivery of a board and every front end and partner they name.
#[derive(Clone, Debug, Default)]
pub struct Deliveries {
    /// By event, in the order of the event's deliveries.
    pub routes: BTreeMap<Id, Vec<Route>>,
    /// Front ends and partners, in order of slug.
    pub parties: Vec<Party>,
}

impl Deliveries {
    /// The deliveries of `board`, resolved by `analysis`: those written on each event and
    /// those its flows imply; the front ends and partners are the regions of those kinds and
    /// the external systems deliveries name as partners.
    pub fn of(board: &Board, analysis: &Analysis) -> Self {
        let mut d = Deliveries::default();
        for event in analysis.events.keys() {
            d.routes.insert(*event, analysis.deliveries(board, *event));
        }
        let mut audiences: BTreeSet<Audience> = board
            .boundaries
            .iter()
            .filter_map(|(id, b)| match b.kind {
                BoundaryKind::FrontEnd => Some(Audience::FrontEnd(*id)),
                BoundaryKind::Partner => Some(Audience::Partner(*id)),
                _ => None,
            })
            .collect();
        audiences.extend(
            d.routes
                .values()
                .flatten()
                .map(|r| r.audience)
                .filter(|a| a.is_outside()),
        );
        let mut named: Vec<(String, Audience, String)> = audiences
            .into_iter()
            .filter_map(|a| {
                let (name, slug) = analysis.audience_name(board, a)?;
                Some((
                    naming::file_stem(naming::kebab_or(&slug, "audience")),
                    a,
                    name,
                ))
            })
            .collect();
        named.sort();
        let mut slugs = Unique::new();
        for (slug, audience, name) in named {
            let Some(id) = audience.id() else {
                continue;
            };
            d.parties.push(Party {
                id,
                kind: audience.kind(),
                name,
                slug: slugs.claim(slug, "-"),
                namespace: board
                    .boundaries
                    .get(&id)
                    .map(|b| b.namespace.trim().to_owned())
                    .filter(|n| !n.is_empty()),
            });
        }
        d
    }

    /// The deliveries of an event.
    pub fn of_event(&self, event: Id) -> &[Route] {
        self.routes.get(&event).map_or(&[], Vec::as_slice)
    }

    /// The front end or partner an audience names, if any.
    pub fn party(&self, audience: Audience) -> Option<&Party> {
        let id = audience.id()?;
        self.parties
            .iter()
            .find(|p| p.id == id && p.kind == audience.kind())
    }

    /// Where an event comes from when a partner sends it to us: that partner.
    pub fn sender(&self, event: Id) -> Option<&Party> {
        self.of_event(event)
            .iter()
            .filter(|r| r.direction == Direction::Receive)
            .find_map(|r| self.party(r.audience))
    }
}
