//! The catalog's messages: where each event and command lives and its id, the channels of the
//! events that cross a boundary, and the message pages with their schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::pages::{body, mdx, page, reference, summary};
use super::{Catalog, Message, RESOURCE_VERSION, listed};
use crate::export::schema::Schemas;
use crate::export::{OutputError, OutputFile};
use crate::model::analysis::{DEFAULT_VERSION, EventVisibility};
use crate::model::check::is_semver;
use crate::model::naming::{self, Unique};
use crate::model::{Audience, Id, Kind, Transport};

impl Catalog<'_, '_> {
    /// The ids of every domain and service (one per context), then where each message lives.
    pub(super) fn message_places(&mut self) {
        for context in &self.contracts.contexts {
            let domain = self
                .resource_ids
                .claim(naming::file_stem(naming::pascal(&context.name)), "");
            let service = self.resource_ids.claim(format!("{domain}Service"), "");
            self.domain_ids.push(domain);
            self.service_ids.push(service);
        }
        let contracts = self.contracts;
        let include_internal = self.include_internal;
        for c in contracts
            .items
            .iter()
            .filter(|c| listed(c, include_internal))
        {
            let id = self
                .message_ids
                .claim(naming::file_stem(c.type_name.clone()), "");
            let folder = format!(
                "domains/{}/services/{}/{}/{id}",
                self.domain_ids[c.context],
                self.service_ids[c.context],
                c.folder()
            );
            let version = if is_semver(&c.version) {
                c.version.clone()
            } else {
                DEFAULT_VERSION.to_owned()
            };
            self.messages.insert(
                c.id,
                Message {
                    id,
                    version,
                    folder,
                },
            );
        }
    }

    /// Channels: one per delivery (address and transport) of the events that cross a
    /// boundary. A channel's id is its folder name (safe in URLs); its address is as typed.
    pub(super) fn channels(&mut self) {
        type Entry = (
            String,
            BTreeSet<&'static str>,
            Vec<String>,
            BTreeSet<String>,
        );
        let mut channels: BTreeMap<(String, Option<Transport>), Entry> = BTreeMap::new();
        let mut channel_folders = Unique::new();
        let deliveries = self.deliveries;
        // The transports each address is used with, over every delivery of the board: an
        // address used with several gets a folder per transport.
        let mut transports: BTreeMap<&str, BTreeSet<Option<Transport>>> = BTreeMap::new();
        for r in deliveries.routes.values().flatten() {
            transports
                .entry(r.channel.as_str())
                .or_default()
                .insert(r.transport);
        }
        for c in self.contracts.items.iter().filter(|c| {
            self.messages.contains_key(&c.id)
                && c.visibility.is_some_and(|v| v != EventVisibility::Internal)
        }) {
            for route in deliveries.of_event(c.id) {
                let address = route.channel.clone();
                let several = transports
                    .get(address.as_str())
                    .is_some_and(|t| t.iter().any(|t| *t != route.transport));
                let entry = channels
                    .entry((address.clone(), route.transport))
                    .or_insert_with(|| {
                        let plain = address
                            .chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
                        let mut name =
                            if plain && !address.starts_with('.') && !address.ends_with('.') {
                                address.clone()
                            } else {
                                naming::kebab(&address)
                            };
                        if several && let Some(t) = route.transport {
                            name = format!("{name}-{}", protocol(t));
                        }
                        let folder = channel_folders.claim(naming::file_stem(name), "-");
                        (folder, BTreeSet::new(), Vec::new(), BTreeSet::new())
                    });
                if let Some(t) = route.transport {
                    entry.1.insert(protocol(t));
                }
                if !entry.2.iter().any(|n| n == c.name()) {
                    entry.2.push(c.name().to_owned());
                }
                entry.3.insert(self.audience_name(route.audience));
                let folder = entry.0.clone();
                let on = self.channel_of.entry(c.id).or_default();
                if !on.iter().any(|(f, _)| *f == folder) {
                    on.push((folder, route.audience));
                }
            }
        }
        for ((address, _), (folder, protocols, events, audiences)) in &channels {
            let mut front = Map::new();
            front.insert("id".into(), json!(folder));
            front.insert("name".into(), json!(address));
            front.insert("version".into(), json!(RESOURCE_VERSION));
            front.insert(
                "summary".into(),
                json!(format!(
                    "Carries {} to {}.",
                    events.join(", "),
                    audiences.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
            );
            front.insert("owners".into(), json!([self.fallback_team]));
            front.insert("address".into(), json!(address));
            if !protocols.is_empty() {
                front.insert("protocols".into(), json!(protocols));
            }
            self.files.push(page(
                format!("channels/{folder}/index.mdx"),
                Value::Object(front),
                &format!(
                    "The channel {}, as named on the board.\n\n<ChannelInformation />",
                    mdx(address)
                ),
            ));
        }
    }

    /// The name of an audience as channel summaries show it.
    fn audience_name(&self, audience: Audience) -> String {
        match audience {
            Audience::Context(id) => self
                .board
                .boundaries
                .get(&id)
                .map(|b| format!("the {} context", naming::one_line(&b.name)))
                .unwrap_or_default(),
            Audience::AnySubscriber => "any subscriber".to_owned(),
            _ => self
                .deliveries
                .party(audience)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        }
    }

    /// A reference to a message with a page, with every channel it travels on under
    /// `with_channel` (`to` or `from`).
    pub(super) fn message_ref(&self, id: Id, with_channel: &str) -> Option<Value> {
        self.message_ref_for(id, with_channel, |_| true)
    }

    /// A reference to a message with a page, with the channels to the audiences `wanted`
    /// accepts (all of them when it accepts none) under `with_channel`.
    pub(super) fn message_ref_for(
        &self,
        id: Id,
        with_channel: &str,
        wanted: impl Fn(Audience) -> bool,
    ) -> Option<Value> {
        let m = self.messages.get(&id)?;
        let mut r = Map::new();
        r.insert("id".into(), json!(m.id));
        r.insert("version".into(), json!(m.version));
        if let Some(on) = self.channel_of.get(&id) {
            let mut refs: Vec<Value> = on
                .iter()
                .filter(|(_, a)| wanted(*a))
                .map(|(f, _)| reference(f, RESOURCE_VERSION))
                .collect();
            if refs.is_empty() {
                refs = on
                    .iter()
                    .map(|(f, _)| reference(f, RESOURCE_VERSION))
                    .collect();
            }
            refs.dedup();
            if !refs.is_empty() {
                r.insert(with_channel.into(), Value::Array(refs));
            }
        }
        Some(Value::Object(r))
    }

    /// Messages: events and commands, each a page and its schema.
    pub(super) fn message_pages(&mut self) -> Result<(), OutputError> {
        let schemas = Schemas::new(self.board, "#/$defs/");
        for c in self.contracts.items.iter() {
            let Some(m) = self.messages.get(&c.id) else {
                continue;
            };
            let context = self.contracts.context_of(c);
            let what = if c.sticky.kind == Kind::DomainEvent {
                "event"
            } else {
                "command"
            };
            self.files.push(page(
                format!("{}/index.mdx", m.folder),
                json!({
                    "id": m.id,
                    "name": c.name(),
                    "version": m.version,
                    "summary": summary(&c.sticky.description, format!("{}, {what} of {}.", c.name(), context.name)),
                    "owners": [self.team_of[c.context]],
                    "schemaPath": "schema.json",
                }),
                &body(
                    &c.sticky.description,
                    &format!("{}, {what} of the {} context.", c.name(), context.name),
                    "<SchemaViewer file=\"schema.json\" />",
                ),
            ));
            self.files.push(OutputFile::new(
                format!("{}/schema.json", m.folder),
                schemas
                    .standalone(
                        &self.contracts.schema_url(c),
                        c.name(),
                        &c.sticky.description,
                        &c.fields(),
                    )
                    .into_bytes(),
            ));
        }
        Ok(())
    }
}

/// The protocol name EventCatalog shows for a transport.
fn protocol(t: crate::model::Transport) -> &'static str {
    use crate::model::Transport::*;
    match t {
        Kafka => "kafka",
        Amqp => "amqp",
        Mqtt => "mqtt",
        WebSocket => "ws",
        ServerSentEvents => "sse",
        Webhook => "http",
        EventBridge => "eventbridge",
        Other => "other",
    }
}
