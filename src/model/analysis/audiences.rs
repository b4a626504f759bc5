//! Who each event reaches and how: an event's deliveries resolved to names, transports and
//! channels, and for each bounded context what it publishes to whom and what it receives from
//! whom. Every exporter, the model check and the inspector read these, so an audience's name
//! and a delivery's channel are decided once, here.
//!
//! Besides the deliveries written on a sticky, two are implied so boards drawn before
//! audiences keep their meaning: a public event with none is published to any subscriber,
//! and an event an external system emits, with none, is received from that partner.

use super::{Analysis, EventVisibility};
use crate::model::board::Board;
use crate::model::boundary::BoundaryKind;
use crate::model::delivery::{Audience, AudienceKind, Delivery, Direction};
use crate::model::id::Id;
use crate::model::link::LinkMeaning;
use crate::model::naming;
use crate::model::sticky::{Kind, Transport};

/// One delivery of an event, with everything the exports need resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedDelivery {
    /// Its index in the sticky's `deliveries`; `None` for an implied one (see the module).
    pub index: Option<usize>,
    pub audience: Audience,
    pub kind: AudienceKind,
    /// The audience as people named it ("Delivery", "Customer app", "Stripe"), on one line;
    /// `any subscriber` for [`Audience::AnySubscriber`].
    pub name: String,
    /// The audience's kebab-case name (`customer-app`); a context's is its unique name.
    pub slug: String,
    /// The transport typed, else the one the audience usually takes
    /// ([`AudienceKind::usual_transport`]); `None`: not decided.
    pub transport: Option<Transport>,
    /// The channel, topic or endpoint ([`Analysis::delivery_channel`]).
    pub channel: String,
    /// Whether a person typed the channel (else it is derived from the names).
    pub own_channel: bool,
    pub direction: Direction,
    /// Whether the event has a version of its own (partners and front ends need one: ES022).
    pub versioned: bool,
}

/// One event going in or out of a bounded context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub event: Id,
    /// Who it goes to (publishing) or comes from (receiving).
    pub peer: Audience,
    /// The peer's name, as [`ResolvedDelivery::name`].
    pub peer_name: String,
    /// The delivery it travels on (for an event received from another context: the
    /// publishing context's delivery to it, or to any subscriber).
    pub delivery: ResolvedDelivery,
}

/// What a bounded context exchanges with its audiences, each list in event id order, then
/// delivery order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextExchange {
    /// Its events, once per delivery they are published on.
    pub publishes: Vec<Exchange>,
    /// Events it receives: from partners and front ends (its events' receiving deliveries),
    /// and from other contexts (published to it, or to any subscriber and consumed by an
    /// arrow).
    pub receives: Vec<Exchange>,
}

/// What a derived webhook path starts with.
const WEBHOOK_PREFIX: &str = "/webhooks/";

impl Analysis {
    /// The name and kebab-case name of an audience; `None` when the item it names is gone
    /// (a region deleted since).
    pub fn audience_name(&self, board: &Board, audience: Audience) -> Option<(String, String)> {
        let region = |id: Id, kind: BoundaryKind| {
            board
                .boundaries
                .get(&id)
                .filter(|b| b.kind == kind)
                .map(|b| naming::one_line(&b.name))
        };
        let name = match audience {
            Audience::AnySubscriber => return Some(("any subscriber".into(), "any".into())),
            Audience::Context(id) => {
                let name = region(id, BoundaryKind::Context)?;
                return Some((name, self.context_name(Some(id)).to_owned()));
            }
            Audience::FrontEnd(id) => region(id, BoundaryKind::FrontEnd)?,
            Audience::Partner(id) => region(id, BoundaryKind::Partner).or_else(|| {
                board
                    .stickies
                    .get(&id)
                    .filter(|s| s.kind == Kind::ExternalSystem)
                    .map(|s| naming::one_line(&s.text))
            })?,
        };
        let slug = naming::kebab(&name);
        Some((name, slug))
    }

    /// The audience an arrow from an event to `target` means, or `None` when it means none:
    /// a policy or read model in another bounded context is that context; anything in a
    /// front-end region is that front end; an external system is the partner region around
    /// it, else itself. Stickies in the event's own context, or outside every region, mean
    /// none.
    pub fn audience_of_target(&self, board: &Board, event: Id, target: Id) -> Option<Audience> {
        let sticky = board.stickies.get(&target)?;
        let centre = sticky.rect().center();
        if let Some(front) = board.region_at(BoundaryKind::FrontEnd, centre) {
            return Some(Audience::FrontEnd(front));
        }
        if sticky.kind == Kind::ExternalSystem {
            let partner = board.region_at(BoundaryKind::Partner, centre);
            return Some(Audience::Partner(partner.unwrap_or(target)));
        }
        if let Some(partner) = board.region_at(BoundaryKind::Partner, centre) {
            return Some(Audience::Partner(partner));
        }
        let theirs = self.context_of(target)?;
        (matches!(sticky.kind, Kind::Policy | Kind::ReadModel)
            && Some(theirs) != self.context_of(event))
        .then_some(Audience::Context(theirs))
    }

    /// The channel of one delivery of `event`: the one typed on it; else, for a webhook, the
    /// path `/webhooks/<context>.<event>.v<major>`; else the event's topic
    /// `<context>.<event>.v<major>` ([`Analysis::derived_channel`]), which every broker
    /// delivery of the event shares (one topic, many subscribers).
    pub fn delivery_channel(&self, board: &Board, event: Id, delivery: &Delivery) -> String {
        if let Some(own) = delivery
            .channel
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            return own.to_owned();
        }
        let base = self.derived_channel(board, event);
        let transport = delivery
            .transport
            .or(delivery.audience.kind().usual_transport());
        if transport == Some(Transport::Webhook) {
            format!("{WEBHOOK_PREFIX}{base}")
        } else {
            base
        }
    }

    /// Every delivery of `event`, resolved, in the sticky's order, then the implied ones (see
    /// the module). Deliveries to an audience no longer on the board are left out.
    pub fn deliveries(&self, board: &Board, event: Id) -> Vec<ResolvedDelivery> {
        let Some(sticky) = board.stickies.get(&event) else {
            return Vec::new();
        };
        let mut written: Vec<(Option<usize>, Delivery)> = sticky
            .deliveries
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, d)| (Some(i), d))
            .collect();
        if written.is_empty() {
            written = self.implied_deliveries(board, event);
        }
        let versioned = sticky
            .version
            .as_deref()
            .is_some_and(|v| !v.trim().is_empty());
        written
            .into_iter()
            .filter_map(|(index, d)| {
                let (name, slug) = self.audience_name(board, d.audience)?;
                Some(ResolvedDelivery {
                    index,
                    audience: d.audience,
                    kind: d.audience.kind(),
                    name,
                    slug,
                    transport: d.transport.or(d.audience.kind().usual_transport()),
                    channel: self.delivery_channel(board, event, &d),
                    own_channel: d.channel.as_deref().is_some_and(|c| !c.trim().is_empty()),
                    direction: d.direction,
                    versioned,
                })
            })
            .collect()
    }

    /// The deliveries an event without any written means (see the module).
    fn implied_deliveries(&self, board: &Board, event: Id) -> Vec<(Option<usize>, Delivery)> {
        let Some(facts) = self.events.get(&event) else {
            return Vec::new();
        };
        match facts.visibility {
            EventVisibility::Internal => Vec::new(),
            EventVisibility::Public => vec![(
                None,
                Delivery {
                    audience: Audience::AnySubscriber,
                    transport: None,
                    channel: None,
                    direction: Direction::Publish,
                },
            )],
            EventVisibility::External => {
                let mut partners: Vec<Audience> = self
                    .sources(event, LinkMeaning::Emits)
                    .into_iter()
                    .filter_map(|p| self.audience_of_target(board, event, p))
                    .collect();
                partners.dedup();
                partners
                    .into_iter()
                    .map(|a| (None, Delivery::to(a, Direction::Receive)))
                    .collect()
            }
        }
    }

    /// What bounded context `context` publishes to whom and receives from whom (see
    /// [`ContextExchange`]).
    pub fn exchange(&self, board: &Board, context: Id) -> ContextExchange {
        let mut out = ContextExchange::default();
        let Some(facts) = self.contexts.get(&context) else {
            return out;
        };
        for &event in &facts.produces {
            for d in self.deliveries(board, event) {
                let list = match d.direction {
                    Direction::Publish => &mut out.publishes,
                    Direction::Receive => &mut out.receives,
                };
                list.push(Exchange {
                    event,
                    peer: d.audience,
                    peer_name: d.name.clone(),
                    delivery: d,
                });
            }
        }
        for (&event, e) in &self.events {
            if e.context == Some(context) {
                continue;
            }
            let deliveries = self.deliveries(board, event);
            let to_us = deliveries.iter().find(|d| {
                d.direction == Direction::Publish && d.audience == Audience::Context(context)
            });
            let consumed = facts.consumes.contains(&event);
            let delivery = to_us.or_else(|| {
                consumed
                    .then(|| {
                        deliveries.iter().find(|d| {
                            d.direction == Direction::Publish
                                && d.kind == AudienceKind::AnySubscriber
                        })
                    })
                    .flatten()
            });
            if let Some(d) = delivery {
                let peer = e.context.map_or(Audience::AnySubscriber, Audience::Context);
                let peer_name = self
                    .audience_name(board, peer)
                    .map_or_else(|| "any subscriber".to_owned(), |(n, _)| n);
                out.receives.push(Exchange {
                    event,
                    peer,
                    peer_name,
                    delivery: d.clone(),
                });
            } else if consumed && e.context.is_none() {
                // A partner's event drawn outside every context: received as it arrives.
                for d in deliveries
                    .into_iter()
                    .filter(|d| d.direction == Direction::Receive)
                {
                    out.receives.push(Exchange {
                        event,
                        peer: d.audience,
                        peer_name: d.name.clone(),
                        delivery: d,
                    });
                }
            }
        }
        out
    }
}
