//! `asyncapi`: one AsyncAPI 3.0 document (YAML) per bounded context, `<context>.asyncapi.yaml`.
//! Channels for the public events the context sends and the public or external events it
//! receives (internal events too with `include_internal`), servers from the transports used,
//! Kafka and WebSocket bindings, send and receive operations, payloads in `components`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::contracts::{Context, Contract, Contracts};
use super::schema::Schemas;
use super::{OutputFile, yaml};
use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::naming::{self, Unique};
use crate::model::{Board, Transport};

/// The Kafka bindings version the official parser accepts (0.3.0 to 0.5.0).
const KAFKA_BINDINGS: &str = "0.5.0";
/// The WebSocket bindings version.
const WS_BINDINGS: &str = "0.1.0";

/// A channel of one document: the events it carries there, each with whether this context
/// sends it (else receives it).
#[derive(Default)]
struct Channel<'c, 'a> {
    events: Vec<(&'c Contract<'a>, bool)>,
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

/// One document per context.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    include_internal: bool,
) -> Vec<OutputFile> {
    let names = Names::of(board, contracts);
    contracts
        .contexts
        .iter()
        .enumerate()
        .map(|(index, context)| {
            let doc = document(
                board,
                analysis,
                contracts,
                &names,
                (index, context),
                include_internal,
            );
            OutputFile::new(
                format!("{}.asyncapi.yaml", context.slug),
                yaml::to_string(&doc).into_bytes(),
            )
        })
        .collect()
}

fn document(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    names: &Names,
    (index, context): (usize, &Context),
    include_internal: bool,
) -> Value {
    let channels = channels_of(
        board,
        analysis,
        contracts,
        (index, context),
        include_internal,
    );
    let mut doc = Document::new(board, contracts, names);
    for (address, channel) in &channels {
        doc.channel(address, channel);
    }
    doc.finish(context)
}

/// The channels of one context's document, by address: the events it sends (its own public
/// ones) and receives (others' public events it consumes, its external ones), internal
/// events too with `include_internal`.
fn channels_of<'c, 'a>(
    board: &Board,
    analysis: &Analysis,
    contracts: &'c Contracts<'a>,
    (index, context): (usize, &Context),
    include_internal: bool,
) -> BTreeMap<String, Channel<'c, 'a>> {
    let mut channels: BTreeMap<String, Channel> = BTreeMap::new();
    for c in contracts.items.iter().filter(|c| c.visibility.is_some()) {
        let Some(visibility) = c.visibility else {
            continue;
        };
        let Some(facts) = analysis.events.get(&c.id) else {
            continue;
        };
        let ours = c.context == index;
        let consumed_here = facts
            .consumers
            .iter()
            .any(|consumer| analysis.context_of(*consumer) == context.id);
        let listed = visibility != EventVisibility::Internal || include_internal;
        let send = ours && listed && visibility != EventVisibility::External;
        let receive = listed
            && ((!ours && consumed_here && visibility != EventVisibility::Internal)
                || (ours && visibility == EventVisibility::External)
                || (ours
                    && include_internal
                    && consumed_here
                    && visibility == EventVisibility::Internal));
        if !send && !receive {
            continue;
        }
        let channel = channels.entry(analysis.channel(board, c.id)).or_default();
        channel.events.push((c, send));
    }
    channels
}

/// One document being written: its sections so far. [`Document::channel`] adds a channel
/// with its messages, payloads, servers and operations; [`Document::finish`] assembles it.
struct Document<'d, 'a> {
    board: &'d Board,
    contracts: &'d Contracts<'a>,
    names: &'d Names,
    schemas: Schemas<'d>,
    servers: Map<String, Value>,
    channels: Map<String, Value>,
    operations: Map<String, Value>,
    messages: Map<String, Value>,
    payloads: Map<String, Value>,
    used_types: BTreeSet<String>,
    channel_ids: Unique,
    /// The versions of the events the context sends: the document's version is the highest.
    versions: Vec<String>,
}

impl<'d, 'a> Document<'d, 'a> {
    fn new(board: &'d Board, contracts: &'d Contracts<'a>, names: &'d Names) -> Self {
        Document {
            board,
            contracts,
            names,
            schemas: Schemas::new(board, "#/components/schemas/"),
            servers: Map::new(),
            channels: Map::new(),
            operations: Map::new(),
            messages: Map::new(),
            payloads: Map::new(),
            used_types: BTreeSet::new(),
            channel_ids: Unique::new(),
            versions: Vec::new(),
        }
    }

    /// A channel, its messages and payloads, the servers of its transports, and its send and
    /// receive operations.
    fn channel(&mut self, address: &str, channel: &Channel) {
        let channel_id = self.channel_ids.claim(naming::camel(address), "");
        let mut channel_messages = Map::new();
        let mut transports = BTreeSet::new();
        let mut sent = Vec::new();
        let mut received = Vec::new();
        for &(c, send) in &channel.events {
            let Some(key) = self.message(c) else {
                continue;
            };
            if let Some(t) = c.sticky.transport() {
                transports.insert(t);
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
        ch.insert("messages".into(), Value::Object(channel_messages));
        let mut server_refs = Vec::new();
        for t in &transports {
            if let Some((key, server)) = server(*t, self.contracts.host()) {
                self.servers.insert(key.to_owned(), server);
                server_refs.push(json!({ "$ref": format!("#/servers/{key}") }));
            }
        }
        if !server_refs.is_empty() {
            ch.insert("servers".into(), Value::Array(server_refs));
        }
        if let Some(bindings) = channel_bindings(address, &transports) {
            ch.insert("bindings".into(), bindings);
        }
        self.channels.insert(channel_id.clone(), Value::Object(ch));
        self.operations(&channel_id, &sent, &received);
    }

    /// An event's message and payload in `components`; returns its message key.
    fn message(&mut self, c: &Contract) -> Option<String> {
        let (Some(key), Some(payload_key)) =
            (self.names.message.get(&c.id), self.names.payload.get(&c.id))
        else {
            return None;
        };
        self.used_types
            .extend(self.schemas.used_types(&c.sticky.fields));
        self.payloads.insert(
            payload_key.clone(),
            self.schemas
                .object(&c.name(), &c.sticky.description, &c.sticky.fields),
        );
        let mut message = Map::new();
        message.insert("name".into(), json!(key));
        message.insert("title".into(), json!(c.name()));
        message.insert(
            "summary".into(),
            json!(summary(c, &self.contracts.context_of(c).name)),
        );
        message.insert("contentType".into(), json!("application/json"));
        message.insert(
            "payload".into(),
            json!({ "$ref": format!("#/components/schemas/{payload_key}") }),
        );
        if c.sticky.transport() == Some(Transport::Kafka) {
            message.insert(
                "bindings".into(),
                json!({ "kafka": { "key": { "type": "string" }, "bindingVersion": KAFKA_BINDINGS } }),
            );
        }
        self.messages.insert(key.clone(), Value::Object(message));
        Some(key.clone())
    }

    /// The send and receive operations of a channel.
    fn operations(&mut self, channel_id: &str, sent: &[&Contract], received: &[&Contract]) {
        let pascal_id = naming::pascal(channel_id);
        for (action, events) in [("send", sent), ("receive", received)] {
            if events.is_empty() {
                continue;
            }
            let message_refs: Vec<Value> = events
                .iter()
                .filter_map(|c| self.names.message.get(&c.id))
                .map(|k| json!({ "$ref": format!("#/channels/{channel_id}/messages/{k}") }))
                .collect();
            self.operations.insert(
                format!("{action}{pascal_id}"),
                json!({
                    "action": action,
                    "channel": { "$ref": format!("#/channels/{channel_id}") },
                    "summary": operation_summary(action, events),
                    "messages": message_refs,
                }),
            );
        }
    }

    /// The whole document: info, servers, channels, operations and components.
    fn finish(self, context: &Context) -> Value {
        let mut schemas_map = self.schemas.definitions(&self.used_types);
        schemas_map.extend(self.payloads);
        let mut doc = Map::new();
        doc.insert("asyncapi".into(), json!("3.0.0"));
        let mut info = Map::new();
        info.insert(
            "title".into(),
            json!(if context.name.is_empty() {
                "Untitled context".to_owned()
            } else {
                context.name.clone()
            }),
        );
        info.insert("version".into(), json!(highest(&self.versions)));
        info.insert(
            "description".into(),
            json!(description(self.board, context)),
        );
        doc.insert("info".into(), Value::Object(info));
        doc.insert("defaultContentType".into(), json!("application/json"));
        if !self.servers.is_empty() {
            doc.insert("servers".into(), Value::Object(self.servers));
        }
        doc.insert("channels".into(), Value::Object(self.channels));
        doc.insert("operations".into(), Value::Object(self.operations));
        let mut components = Map::new();
        components.insert("messages".into(), Value::Object(self.messages));
        components.insert("schemas".into(), Value::Object(schemas_map));
        doc.insert("components".into(), Value::Object(components));
        Value::Object(doc)
    }
}

/// A channel's Kafka and WebSocket bindings, if it uses either.
fn channel_bindings(address: &str, transports: &BTreeSet<Transport>) -> Option<Value> {
    let mut bindings = Map::new();
    if transports.contains(&Transport::Kafka) {
        bindings.insert(
            "kafka".into(),
            json!({ "topic": address, "bindingVersion": KAFKA_BINDINGS }),
        );
    }
    if transports.contains(&Transport::WebSocket) {
        bindings.insert(
            "ws".into(),
            json!({ "method": "GET", "bindingVersion": WS_BINDINGS }),
        );
    }
    (!bindings.is_empty()).then_some(Value::Object(bindings))
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
    let names: Vec<String> = events.iter().map(|c| c.name()).collect();
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

/// The server entry of a transport, keyed by its name; `Other` has none.
fn server(t: Transport, host: &str) -> Option<(&'static str, Value)> {
    let (key, protocol, address, path) = match t {
        Transport::Kafka => ("kafka", "kafka", format!("kafka.{host}:9092"), None),
        Transport::Amqp => ("amqp", "amqp", format!("amqp.{host}:5672"), None),
        Transport::Mqtt => ("mqtt", "mqtt", format!("mqtt.{host}:1883"), None),
        Transport::WebSocket => ("websocket", "wss", format!("ws.{host}"), Some("/events")),
        Transport::ServerSentEvents => ("sse", "https", format!("api.{host}"), Some("/events")),
        Transport::Webhook => (
            "webhook",
            "https",
            format!("hooks.{host}"),
            Some("/webhooks"),
        ),
        Transport::EventBridge => ("eventbridge", "https", format!("events.{host}"), None),
        Transport::Other => return None,
    };
    let mut server = Map::new();
    server.insert("host".into(), json!(address));
    server.insert("protocol".into(), json!(protocol));
    if let Some(p) = path {
        server.insert("pathname".into(), json!(p));
    }
    server.insert(
        "description".into(),
        json!(format!("{} (placeholder host: set your own)", t.label())),
    );
    Some((key, Value::Object(server)))
}
