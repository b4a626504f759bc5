//! The catalog's messages: where each event and command lives and its id, the channels of the
//! events that cross a boundary, and the message pages with their schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::pages::{body, mdx, page, reference, summary};
use super::{Catalog, Message, RESOURCE_VERSION, listed};
use crate::export::schema::Schemas;
use crate::export::{OutputError, json_file};
use crate::model::analysis::{DEFAULT_VERSION, EventVisibility};
use crate::model::check::is_semver;
use crate::model::naming::{self, Unique};
use crate::model::{Id, Kind};

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

    /// Channels for the events that cross a boundary. A channel's id is its folder name (safe
    /// in URLs); its address is as typed.
    pub(super) fn channels(&mut self) {
        let mut channels: BTreeMap<String, (String, BTreeSet<&'static str>, Vec<String>)> =
            BTreeMap::new();
        let mut channel_folders = Unique::new();
        for c in self.contracts.items.iter().filter(|c| {
            self.messages.contains_key(&c.id)
                && c.visibility.is_some_and(|v| v != EventVisibility::Internal)
        }) {
            let address = self.analysis.channel(self.board, c.id);
            let entry = channels.entry(address.clone()).or_insert_with(|| {
                let plain = address
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
                let name = if plain && !address.starts_with('.') && !address.ends_with('.') {
                    address.clone()
                } else {
                    naming::kebab(&address)
                };
                let folder = channel_folders.claim(naming::file_stem(name), "-");
                (folder, BTreeSet::new(), Vec::new())
            });
            if let Some(t) = c.sticky.transport() {
                entry.1.insert(protocol(t));
            }
            entry.2.push(c.name());
            self.channel_of.insert(c.id, entry.0.clone());
        }
        for (address, (folder, protocols, events)) in &channels {
            let mut front = Map::new();
            front.insert("id".into(), json!(folder));
            front.insert("name".into(), json!(address));
            front.insert("version".into(), json!(RESOURCE_VERSION));
            front.insert(
                "summary".into(),
                json!(format!("Carries {}.", events.join(", "))),
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

    /// A reference to a message with a page, with its channel under `with_channel` (`to` or
    /// `from`) when it has one.
    pub(super) fn message_ref(&self, id: Id, with_channel: &str) -> Option<Value> {
        let m = self.messages.get(&id)?;
        let mut r = Map::new();
        r.insert("id".into(), json!(m.id));
        r.insert("version".into(), json!(m.version));
        if let Some(address) = self.channel_of.get(&id) {
            r.insert(
                with_channel.into(),
                json!([reference(address, RESOURCE_VERSION)]),
            );
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
            self.files.push(json_file(
                format!("{}/schema.json", m.folder),
                &schemas.standalone(
                    &self.contracts.schema_url(c),
                    &c.name(),
                    &c.sticky.description,
                    &c.sticky.fields,
                ),
            )?);
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
