//! `asyncapi`: one AsyncAPI 3.0 document (YAML) per bounded context, `<context>.asyncapi.yaml`,
//! and one per partner organisation, `partners/<partner>.asyncapi.yaml`. A context's document
//! has a channel per delivery of the events it sends (its own public events, to each audience:
//! other contexts, front ends, partners, any subscriber) and of those it receives (from other
//! contexts, from partners' webhooks), internal events too with `include_internal`. A
//! partner's document is what a company publishes on its developer portal: the webhooks the
//! partner may subscribe to (we send them to its callback) and what it sends us. Protocols,
//! servers and bindings per transport are in `transport.rs`; payloads in `components`, public
//! contracts with their published fields only.

mod transport;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::cloudevents;
use super::contracts::{Context, Contract, Contracts};
use super::deliveries::{Deliveries, Party, Route};
use super::schema::Schemas;
use super::{OutputFile, yaml};
use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::naming::{self, Unique};
use crate::model::{Audience, AudienceKind, Board, Direction, Transport};

/// Where a channel is, in one document: its address, its transport, and whose callback it
/// is (a webhook we send to a partner or a front end), if anyone's.
type ChannelKey = (String, Option<Transport>, Option<usize>);

/// A channel of one document: the events it carries there, each with whether the document's
/// application sends it (else receives it), and the audiences it reaches.
#[derive(Default)]
struct Channel<'c, 'a> {
    events: Vec<(&'c Contract<'a>, bool)>,
    audiences: BTreeSet<String>,
}

impl<'c, 'a> Channel<'c, 'a> {
    fn add(&mut self, c: &'c Contract<'a>, send: bool, audience: String) {
        if !self.events.iter().any(|(e, s)| e.id == c.id && *s == send) {
            self.events.push((c, send));
        }
        self.audiences.insert(audience);
    }
}

/// The names an event has in every document: its message key and its payload schema's key,
/// unique across the board and distinct from the object types' keys.
struct Names {
    message: BTreeMap<crate::model::Id, String>,
    payload: BTreeMap<crate::model::Id, String>,
}

impl Names {
    fn of(board: &Board, contracts: &Contracts) -> Names {
        let schemas = Schemas::new(board, "");
        let type_keys: Vec<String> = board
            .types
            .keys()
            .filter_map(|n| schemas.key_of(n).map(str::to_owned))
            .collect();
        let mut messages = Unique::reserving(type_keys.iter().map(String::as_str));
        let mut payloads = Unique::reserving(type_keys.iter().map(String::as_str));
        let mut names = Names {
            message: BTreeMap::new(),
            payload: BTreeMap::new(),
        };
        for c in contracts.items.iter().filter(|c| c.visibility.is_some()) {
            let key = messages.claim(c.type_name.clone(), "");
            let payload = payloads.claim(format!("{key}Payload"), "");
            names.message.insert(c.id, key);
            names.payload.insert(c.id, payload);
        }
        names
    }
}

/// What every document of one export reads.
struct Source<'x, 'a> {
    board: &'a Board,
    analysis: &'x Analysis,
    contracts: &'x Contracts<'a>,
    deliveries: &'x Deliveries,
    names: Names,
}

/// One document per context, one per partner.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    deliveries: &Deliveries,
    include_internal: bool,
) -> Vec<OutputFile> {
    let source = Source {
        board,
        analysis,
        contracts,
        deliveries,
        names: Names::of(board, contracts),
    };
    let listed_in = listed_in(&source, include_internal);
    let mut files: Vec<OutputFile> = contracts
        .contexts
        .iter()
        .enumerate()
        .zip(&listed_in)
        .map(|((index, context), candidates)| {
            let channels = context_channels(&source, (index, context), candidates);
            let mut doc = Document::new(&source, &channels);
            for (key, channel) in &channels {
                doc.channel(key, channel);
            }
            let info = context_info(board, context, &doc.versions);
            OutputFile::new(
                format!("{}.asyncapi.yaml", context.slug),
                yaml::to_string(&doc.finish(info)).into_bytes(),
            )
        })
        .collect();
    for (index, party) in deliveries.parties.iter().enumerate() {
        if party.kind != AudienceKind::Partner {
            continue;
        }
        let channels = partner_channels(&source, index, party);
        if channels.is_empty() {
            continue;
        }
        let mut doc = Document::new(&source, &channels);
        for (key, channel) in &channels {
            doc.channel(key, channel);
        }
        let info = partner_info(board, party, &doc.versions);
        files.push(OutputFile::new(
            format!("partners/{}.asyncapi.yaml", party.slug),
            yaml::to_string(&doc.finish(info)).into_bytes(),
        ));
    }
    files
}

/// The audience of a route as a channel's description names it: `to the Delivery context`,
/// `from Stripe (partner)`.
fn audience_label(route: &Route) -> String {
    let way = match route.direction {
        Direction::Publish => "to",
        Direction::Receive => "from",
    };
    match route.kind {
        AudienceKind::Context => format!("{way} the {} context", route.name),
        AudienceKind::AnySubscriber => format!("{way} {}", route.name),
        kind => format!("{way} {} ({})", route.name, kind.label()),
    }
}

/// The key of a route's channel: a webhook we send to a front end or a partner is at its
/// callback (a server of its own).
fn key_of(source: &Source, route: &Route) -> ChannelKey {
    let callback = (route.transport == Some(Transport::Webhook)
        && route.direction == Direction::Publish)
        .then(|| {
            source
                .deliveries
                .parties
                .iter()
                .position(|p| Some(p.id) == route.audience.id() && p.kind == route.kind)
        })
        .flatten();
    (route.channel.clone(), route.transport, callback)
}

/// For each context (by index), the events its document may list, as indices into the
/// contracts in their order: its own listed events, and the public events of other contexts
/// it consumes or that are delivered to it. One pass over the events, so a document does not
/// walk every event of the board.
fn listed_in(source: &Source, include_internal: bool) -> Vec<Vec<usize>> {
    let contexts = &source.contracts.contexts;
    let index_of: BTreeMap<Option<crate::model::Id>, usize> = contexts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let mut listed: Vec<Vec<usize>> = vec![Vec::new(); contexts.len()];
    // Events come in order, so an event already added to a context is its last one.
    let mut add = |context: usize, event: usize| {
        if let Some(events) = listed.get_mut(context)
            && events.last() != Some(&event)
        {
            events.push(event);
        }
    };
    for (i, c) in source.contracts.items.iter().enumerate() {
        let (Some(visibility), Some(facts)) = (c.visibility, source.analysis.events.get(&c.id))
        else {
            continue;
        };
        if visibility == EventVisibility::Internal && !include_internal {
            continue;
        }
        add(c.context, i);
        if visibility == EventVisibility::Internal {
            continue;
        }
        for consumer in &facts.consumers {
            if let Some(context) = index_of.get(&source.analysis.context_of(*consumer)) {
                add(*context, i);
            }
        }
        for route in source.deliveries.of_event(c.id) {
            if let Audience::Context(id) = route.audience
                && route.direction == Direction::Publish
                && let Some(context) = index_of.get(&Some(id))
            {
                add(*context, i);
            }
        }
    }
    listed
}

/// The channels of one context's document: for each of its own events, every delivery (sent,
/// or received when a partner sends it to us); for other contexts' public events it consumes,
/// the deliveries to it (else to any subscriber); internal events too when listed.
/// `candidates` are the events it may list ([`listed_in`]).
fn context_channels<'x, 'a>(
    source: &Source<'x, 'a>,
    (index, context): (usize, &Context),
    candidates: &[usize],
) -> BTreeMap<ChannelKey, Channel<'x, 'a>> {
    let analysis = source.analysis;
    let mut channels: BTreeMap<ChannelKey, Channel> = BTreeMap::new();
    for c in candidates
        .iter()
        .filter_map(|i| source.contracts.items.get(*i))
    {
        let (Some(visibility), Some(facts)) = (c.visibility, analysis.events.get(&c.id)) else {
            continue;
        };
        let ours = c.context == index;
        let consumed_here = facts
            .consumers
            .iter()
            .any(|consumer| analysis.context_of(*consumer) == context.id);
        let implied;
        let mut routes = source.deliveries.of_event(c.id);
        if routes.is_empty() && ours {
            // An internal event (listed with `include_internal`) travels inside its context.
            implied = [inside(source, c.id)];
            routes = &implied;
        }
        if ours {
            for route in routes {
                let receive = route.direction == Direction::Receive
                    || (visibility == EventVisibility::External
                        && route.audience == Audience::AnySubscriber);
                let channel = channels.entry(key_of(source, route)).or_default();
                channel.add(c, !receive, audience_label(route));
                if !receive && consumed_here && visibility == EventVisibility::Internal {
                    channel.add(c, false, audience_label(route));
                }
            }
            continue;
        }
        if visibility == EventVisibility::Internal {
            continue;
        }
        let to_us: Vec<&Route> = routes
            .iter()
            .filter(|r| r.direction == Direction::Publish)
            .filter(|r| context.id.map(Audience::Context) == Some(r.audience))
            .collect();
        let taken: Vec<&Route> = if !to_us.is_empty() {
            to_us
        } else if consumed_here {
            let any: Vec<&Route> = routes
                .iter()
                .filter(|r| {
                    r.direction == Direction::Publish && r.audience == Audience::AnySubscriber
                })
                .collect();
            if any.is_empty() {
                routes
                    .iter()
                    .filter(|r| r.direction == Direction::Publish)
                    .take(1)
                    .collect()
            } else {
                any
            }
        } else {
            Vec::new()
        };
        for route in taken {
            channels
                .entry(key_of(source, route))
                .or_default()
                .add(c, false, audience_label(route));
        }
    }
    channels
}

/// The delivery of an internal event inside its context: to any subscriber there, on its
/// channel.
fn inside(source: &Source, event: crate::model::Id) -> Route {
    Route {
        index: None,
        audience: Audience::AnySubscriber,
        kind: AudienceKind::AnySubscriber,
        name: "its own context".to_owned(),
        slug: String::new(),
        transport: None,
        channel: source.analysis.channel(source.board, event),
        own_channel: false,
        direction: Direction::Publish,
        versioned: false,
    }
}

/// The channels of a partner's document: every delivery to or from it, from our side (we
/// send the webhooks it subscribes to, we receive what it sends).
fn partner_channels<'x, 'a>(
    source: &Source<'x, 'a>,
    index: usize,
    party: &Party,
) -> BTreeMap<ChannelKey, Channel<'x, 'a>> {
    let mut channels: BTreeMap<ChannelKey, Channel> = BTreeMap::new();
    for c in source
        .contracts
        .items
        .iter()
        .filter(|c| c.visibility.is_some())
    {
        for route in source.deliveries.of_event(c.id) {
            if route.audience.id() != Some(party.id) || route.kind != party.kind {
                continue;
            }
            let send = route.direction == Direction::Publish;
            let key = (
                route.channel.clone(),
                route.transport,
                (send && route.transport == Some(Transport::Webhook)).then_some(index),
            );
            channels
                .entry(key)
                .or_default()
                .add(c, send, audience_label(route));
        }
    }
    channels
}

/// One document being written: its sections so far. [`Document::channel`] adds a channel
/// with its messages, payloads, servers and operations; [`Document::finish`] assembles it.
struct Document<'d, 'x, 'a> {
    source: &'d Source<'x, 'a>,
    schemas: Schemas<'a>,
    servers: Map<String, Value>,
    channels: Map<String, Value>,
    operations: Map<String, Value>,
    messages: Map<String, Value>,
    /// The transports each message travels on here (for its bindings), and its CloudEvents
    /// `type` and `source` (a webhook's headers).
    message_transports: BTreeMap<String, (BTreeSet<Transport>, (String, String))>,
    payloads: Map<String, Value>,
    used_types: BTreeSet<String>,
    channel_ids: Unique,
    /// How many channels of the document are at each address: channels on several
    /// transports at one address get ids that name the transport.
    addresses: BTreeMap<String, usize>,
    /// The versions of the events the document's application sends: its version is the
    /// highest.
    versions: Vec<String>,
}

impl<'d, 'x, 'a> Document<'d, 'x, 'a> {
    fn new<'c>(
        source: &'d Source<'x, 'a>,
        channels: &BTreeMap<ChannelKey, Channel<'c, 'a>>,
    ) -> Self {
        let mut addresses = BTreeMap::new();
        for (address, _, _) in channels.keys() {
            *addresses.entry(address.clone()).or_insert(0) += 1;
        }
        Document {
            source,
            schemas: Schemas::new(source.board, "#/components/schemas/"),
            servers: Map::new(),
            channels: Map::new(),
            operations: Map::new(),
            messages: Map::new(),
            message_transports: BTreeMap::new(),
            payloads: Map::new(),
            used_types: BTreeSet::new(),
            channel_ids: Unique::new(),
            addresses,
            versions: Vec::new(),
        }
    }

    /// A channel, its messages and payloads, its server, and its send and receive operations
    /// with the bindings of its transport.
    fn channel(&mut self, (address, transport, callback): &ChannelKey, channel: &Channel) {
        let shared = self.addresses.get(address).is_some_and(|n| *n > 1);
        let named = match transport {
            Some(t) if shared => format!("{address} {}", t.label()),
            _ => address.clone(),
        };
        let channel_id = self.channel_ids.claim(naming::camel(&named), "");
        let mut channel_messages = Map::new();
        let mut sent = Vec::new();
        let mut received = Vec::new();
        let mut exchange = String::new();
        for &(c, send) in &channel.events {
            let Some(key) = self.message(c) else {
                continue;
            };
            if let Some(t) = transport {
                self.message_transports
                    .entry(key.clone())
                    .or_insert_with(|| (BTreeSet::new(), ce_of(self.source, c)))
                    .0
                    .insert(*t);
            }
            if exchange.is_empty() {
                exchange = self.source.contracts.context_of(c).slug.clone();
            }
            if send {
                self.versions.push(c.version.clone());
                sent.push(c);
            } else {
                received.push(c);
            }
            channel_messages.insert(
                key.clone(),
                json!({ "$ref": format!("#/components/messages/{key}") }),
            );
        }
        let mut ch = Map::new();
        ch.insert("address".into(), json!(address));
        ch.insert("title".into(), json!(address));
        let audiences: Vec<&str> = channel.audiences.iter().map(String::as_str).collect();
        ch.insert(
            "description".into(),
            json!(format!(
                "{}; {}.",
                capitalised(transport.map_or("a channel", transport::how)),
                audiences.join(", ")
            )),
        );
        ch.insert("messages".into(), Value::Object(channel_messages));
        let callback = callback.and_then(|i| self.source.deliveries.parties.get(i));
        let server = match (transport, callback) {
            (_, Some(party)) => Some((
                naming::camel(&format!("{} callback", party.slug)),
                transport::callback_server(&party.name, &party.host()),
            )),
            (Some(t), None) => {
                transport::server(*t, self.source.contracts.host()).map(|(k, v)| (k.to_owned(), v))
            }
            (None, None) => None,
        };
        if let Some((key, server)) = server {
            ch.insert(
                "servers".into(),
                json!([{ "$ref": format!("#/servers/{key}") }]),
            );
            self.servers.insert(key, server);
        }
        if let Some(bindings) =
            transport.and_then(|t| transport::channel_bindings(t, address, &exchange))
        {
            ch.insert("bindings".into(), bindings);
        }
        self.channels.insert(channel_id.clone(), Value::Object(ch));
        self.operations(&channel_id, *transport, &sent, &received);
    }

    /// An event's message and payload in `components`; returns its message key.
    fn message(&mut self, c: &Contract) -> Option<String> {
        let (Some(key), Some(payload_key)) = (
            self.source.names.message.get(&c.id),
            self.source.names.payload.get(&c.id),
        ) else {
            return None;
        };
        let fields = c.fields();
        self.used_types.extend(self.schemas.used_types(&fields));
        self.payloads.insert(
            payload_key.clone(),
            self.schemas
                .object(c.name(), &c.sticky.description, &fields),
        );
        let mut message = Map::new();
        message.insert("name".into(), json!(key));
        message.insert("title".into(), json!(c.name()));
        message.insert(
            "summary".into(),
            json!(summary(c, &self.source.contracts.context_of(c).name)),
        );
        message.insert("contentType".into(), json!("application/json"));
        message.insert(
            "payload".into(),
            json!({ "$ref": format!("#/components/schemas/{payload_key}") }),
        );
        self.messages.insert(key.clone(), Value::Object(message));
        Some(key.clone())
    }

    /// The send and receive operations of a channel.
    fn operations(
        &mut self,
        channel_id: &str,
        transport: Option<Transport>,
        sent: &[&Contract],
        received: &[&Contract],
    ) {
        let pascal_id = naming::pascal(channel_id);
        for (action, events) in [("send", sent), ("receive", received)] {
            if events.is_empty() {
                continue;
            }
            let message_refs: Vec<Value> = events
                .iter()
                .filter_map(|c| self.source.names.message.get(&c.id))
                .map(|k| json!({ "$ref": format!("#/channels/{channel_id}/messages/{k}") }))
                .collect();
            let mut operation = Map::new();
            operation.insert("action".into(), json!(action));
            operation.insert(
                "channel".into(),
                json!({ "$ref": format!("#/channels/{channel_id}") }),
            );
            operation.insert("summary".into(), json!(operation_summary(action, events)));
            operation.insert("messages".into(), Value::Array(message_refs));
            if let Some(b) =
                transport.and_then(|t| transport::operation_bindings(t, action == "send"))
            {
                operation.insert("bindings".into(), b);
            }
            self.operations
                .insert(format!("{action}{pascal_id}"), Value::Object(operation));
        }
    }

    /// The whole document: `info`, servers, channels, operations and components.
    fn finish(mut self, info: Value) -> Value {
        let mut schemas_map = self.schemas.definitions(&self.used_types);
        schemas_map.extend(self.payloads);
        for (key, (transports, ce)) in &self.message_transports {
            if let Some(b) = transport::message_bindings(transports.iter().copied(), (&ce.0, &ce.1))
                && let Some(Value::Object(m)) = self.messages.get_mut(key)
            {
                m.insert("bindings".into(), b);
            }
        }
        let webhooks = self.servers.values().any(|s| s.get("security").is_some());
        let mut doc = Map::new();
        doc.insert("asyncapi".into(), json!("3.0.0"));
        doc.insert("info".into(), info);
        doc.insert("defaultContentType".into(), json!("application/json"));
        if !self.servers.is_empty() {
            doc.insert("servers".into(), Value::Object(self.servers));
        }
        doc.insert("channels".into(), Value::Object(self.channels));
        doc.insert("operations".into(), Value::Object(self.operations));
        let mut components = Map::new();
        components.insert("messages".into(), Value::Object(self.messages));
        components.insert("schemas".into(), Value::Object(schemas_map));
        if webhooks {
            components.insert(
                "securitySchemes".into(),
                json!({ transport::WEBHOOK_SECURITY: transport::webhook_security_scheme() }),
            );
        }
        doc.insert("components".into(), Value::Object(components));
        Value::Object(doc)
    }
}

/// The CloudEvents `type` and `source` of an event (a webhook's `ce-` headers).
fn ce_of(source: &Source, c: &Contract) -> (String, String) {
    let attrs = cloudevents::attributes(
        source.board,
        source.analysis,
        source.contracts,
        source.deliveries,
        c,
    );
    (attrs.ty, attrs.source)
}

/// The `info` of a context's document.
fn context_info(board: &Board, context: &Context, versions: &[String]) -> Value {
    json!({
        "title": if context.name.is_empty() {
            "Untitled context".to_owned()
        } else {
            context.name.clone()
        },
        "version": highest(versions),
        "description": description(board, context),
    })
}

/// The `info` of a partner's document: what it may subscribe to and what it sends us.
fn partner_info(board: &Board, party: &Party, versions: &[String]) -> Value {
    let org = [board.meta.organisation.trim(), board.meta.title.trim()]
        .into_iter()
        .find(|n| !n.is_empty())
        .map_or_else(|| "Us".to_owned(), naming::one_line);
    json!({
        "title": format!("{org} for {}", party.name),
        "version": highest(versions),
        "description": format!(
            "The events {org} exchanges with {name}, as a developer portal shows them. `send` \
             operations are the webhooks {name} may subscribe to: we POST each to the callback \
             URL it registers, with a bearer token and the CloudEvents attributes as `ce-` \
             headers (CloudEvents HTTP webhook specification). `receive` operations are what \
             it sends us.\n\nExported by Stormpad from the board \"{}\".",
            board.meta.title.trim(),
            name = party.name,
        ),
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn summary(c: &Contract, context: &str) -> String {
    let first = c
        .sticky
        .description
        .lines()
        .next()
        .unwrap_or_default()
        .trim();
    if first.is_empty() {
        format!("{} ({context})", c.name())
    } else {
        first.to_owned()
    }
}

fn operation_summary(action: &str, events: &[&Contract]) -> String {
    let names: Vec<&str> = events.iter().map(|c| c.name()).collect();
    let verb = if action == "send" {
        "Publishes"
    } else {
        "Receives"
    };
    format!("{verb} {}.", names.join(", "))
}

fn description(board: &Board, context: &Context) -> String {
    let mut parts = Vec::new();
    if !context.description.is_empty() {
        parts.push(context.description.to_owned());
    }
    if !context.team.is_empty() {
        parts.push(format!("Owned by {}.", context.team));
    }
    let org = board.meta.organisation.trim();
    let from = if org.is_empty() {
        format!(
            "Exported by Stormpad from the board \"{}\".",
            board.meta.title.trim()
        )
    } else {
        format!(
            "Exported by Stormpad from the board \"{}\" of {org}.",
            board.meta.title.trim()
        )
    };
    parts.push(from);
    parts.join("\n\n")
}

/// The highest of some semver versions, or 1.0.0.
fn highest(versions: &[String]) -> String {
    let key = |v: &String| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or_default()
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    versions
        .iter()
        .filter(|v| crate::model::check::is_semver(v))
        .max_by_key(|v| key(v))
        .cloned()
        .unwrap_or_else(|| crate::model::analysis::DEFAULT_VERSION.to_owned())
}
