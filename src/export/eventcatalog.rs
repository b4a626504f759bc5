//! `eventcatalog`: a folder EventCatalog 3 reads. Each bounded context becomes a domain with
//! one service; its events, commands and read models (as queries) live under the service with
//! their `schema.json`; aggregates are entities (`aggregateRoot`); public events get channels;
//! external systems are external services; teams own everything. Pages keep the prose a person
//! wrote under the frontmatter when the catalog is exported again. `package.json` and
//! `eventcatalog.config.js` (an ES module) are written once, as EventCatalog's starter writes
//! them, so `npm install && npm run build` builds the catalog.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::contracts::{Contract, Contracts};
use super::schema::Schemas;
use super::{Merge, OutputError, OutputFile, json_file, yaml};
use crate::model::analysis::{Analysis, DEFAULT_VERSION, EventVisibility};
use crate::model::check::is_semver;
use crate::model::naming::{self, Unique, one_line};
use crate::model::{Board, Id, Kind, LinkMeaning, Sticky};

/// The version of resources the board does not version (domains, services, channels).
const RESOURCE_VERSION: &str = "1.0.0";

/// A page: YAML frontmatter and a Markdown body.
fn page(path: String, front: Value, body: &str) -> OutputFile {
    let text = format!(
        "---\n{}---\n\n{}\n",
        yaml::to_string(&front),
        body.trim_end()
    );
    OutputFile {
        path,
        contents: text.into_bytes(),
        merge: Merge::KeepBody,
    }
}

fn reference(id: &str, version: &str) -> Value {
    json!({ "id": id, "version": version })
}

/// The first line of a description, or `fallback`.
fn summary(description: &str, fallback: String) -> String {
    let first = description.lines().next().unwrap_or_default().trim();
    if first.is_empty() {
        fallback
    } else {
        first.to_owned()
    }
}

/// A page's prose (the description, else `fallback`) as MDX text, then a component.
fn body(description: &str, fallback: &str, component: &str) -> String {
    let text = if description.trim().is_empty() {
        fallback
    } else {
        description.trim()
    };
    format!("{}\n\n{component}", mdx(text))
}

/// Text as MDX shows it literally: in MDX `{...}` is code and `<x>` a component, so they,
/// and Markdown's own marks, are escaped; lines stay lines.
fn mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("  \n");
        }
        for c in line.trim_end().chars() {
            if "\\{}<>`*_[]|#!~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A message (event, command, query) of the catalog.
struct Message {
    id: String,
    version: String,
    folder: String,
}

/// Whether a contract gets a page: commands always, events unless internal (or asked for).
fn listed(c: &Contract, include_internal: bool) -> bool {
    c.sticky.kind == Kind::Command
        || include_internal
        || c.visibility != Some(EventVisibility::Internal)
}

/// The whole catalog.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    include_internal: bool,
) -> Result<Vec<OutputFile>, OutputError> {
    // The order of these steps is the order names are claimed in: changing it renames ids.
    let mut catalog = Catalog::new(board, analysis, contracts, include_internal);
    catalog.teams();
    catalog.message_places();
    catalog.channels();
    catalog.message_pages()?;
    for index in 0..contracts.contexts.len() {
        let queries = catalog.queries(index)?;
        let entities = catalog.entities(index);
        catalog.service_and_domain(index, queries, entities);
    }
    catalog.external_systems();
    let mut files = catalog.files;
    // The project files EventCatalog's own starter writes, once: the team owns them after.
    files.push(OutputFile {
        path: "eventcatalog.config.js".into(),
        contents: config(board, &catalog.org).into_bytes(),
        merge: Merge::CreateOnly,
    });
    let mut package = json_file("package.json".into(), &package_json(board))?;
    package.merge = Merge::CreateOnly;
    files.push(package);
    Ok(files)
}

/// The catalog being written: the pages so far and the ids already given out. One method per
/// kind of page; [`export`] calls them in the order the ids are claimed.
struct Catalog<'b, 'c> {
    board: &'b Board,
    analysis: &'b Analysis,
    contracts: &'c Contracts<'b>,
    include_internal: bool,
    files: Vec<OutputFile>,
    /// Ids of events, commands and queries.
    message_ids: Unique,
    /// Ids of domains, services, entities and external systems.
    resource_ids: Unique,
    /// The organisation (or the board's title): the fallback team and the config's name.
    org: String,
    /// The team that owns what names no team.
    fallback_team: String,
    /// The owning team's id, per context.
    team_of: Vec<String>,
    domain_ids: Vec<String>,
    service_ids: Vec<String>,
    messages: BTreeMap<Id, Message>,
    /// The channel id (folder) of each event that crosses a boundary.
    channel_of: BTreeMap<Id, String>,
}

impl<'b, 'c> Catalog<'b, 'c> {
    fn new(
        board: &'b Board,
        analysis: &'b Analysis,
        contracts: &'c Contracts<'b>,
        include_internal: bool,
    ) -> Self {
        let org = [board.meta.organisation.trim(), board.meta.title.trim()]
            .into_iter()
            .find(|n| !n.is_empty())
            .unwrap_or("Stormpad")
            .to_owned();
        let fallback_team = naming::file_stem(naming::kebab(&format!("{org} team")));
        Catalog {
            board,
            analysis,
            contracts,
            include_internal,
            files: Vec::new(),
            message_ids: Unique::new(),
            resource_ids: Unique::new(),
            org,
            fallback_team,
            team_of: Vec::new(),
            domain_ids: Vec::new(),
            service_ids: Vec::new(),
            messages: BTreeMap::new(),
            channel_of: BTreeMap::new(),
        }
    }

    /// Teams: one per team named on a context, and the organisation's for the rest.
    fn teams(&mut self) {
        let mut teams: BTreeMap<String, String> = BTreeMap::new();
        teams.insert(self.fallback_team.clone(), format!("{} team", self.org));
        self.team_of = self
            .contracts
            .contexts
            .iter()
            .map(|c| {
                if c.team.is_empty() {
                    self.fallback_team.clone()
                } else {
                    let id = naming::file_stem(naming::kebab(c.team));
                    teams.entry(id.clone()).or_insert_with(|| c.team.to_owned());
                    id
                }
            })
            .collect();
        for (id, name) in &teams {
            self.files.push(page(
                format!("teams/{id}.mdx"),
                json!({ "id": id, "name": name, "summary": format!("{name}, as named on the board.") }),
                &format!(
                    "{} owns the resources that name it, as drawn on the board \"{}\".",
                    mdx(name),
                    mdx(self.board.meta.title.trim())
                ),
            ));
        }
    }

    /// The ids of every domain and service (one per context), then where each message lives.
    fn message_places(&mut self) {
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
    fn channels(&mut self) {
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
            if let Some(t) = c.sticky.transport {
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
    fn message_ref(&self, id: Id, with_channel: &str) -> Option<Value> {
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
    fn message_pages(&mut self) -> Result<(), OutputError> {
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

    /// The stickies of one kind inside a context, one per PascalCase name, in board order.
    fn named_in(&self, index: usize, of: Kind) -> Vec<&'b Sticky> {
        let board = self.board;
        let mut names = BTreeSet::new();
        self.analysis
            .stickies_in(self.contracts.contexts[index].id)
            .iter()
            .filter_map(|id| board.stickies.get(id))
            .filter(|s| s.kind == of && names.insert(naming::pascal(&s.text)))
            .collect()
    }

    /// A context's read models, as queries of its service; returns references to them.
    fn queries(&mut self, index: usize) -> Result<Vec<Value>, OutputError> {
        let context = &self.contracts.contexts[index];
        let domain = &self.domain_ids[index];
        let service = &self.service_ids[index];
        let team = &self.team_of[index];
        let mut queries = Vec::new();
        for s in self.named_in(index, Kind::ReadModel) {
            let qid = self
                .message_ids
                .claim(naming::file_stem(naming::pascal(&s.text)), "");
            let folder = format!("domains/{domain}/services/{service}/queries/{qid}");
            self.files.push(page(
                format!("{folder}/index.mdx"),
                json!({
                    "id": qid,
                    "name": one_line(&s.text),
                    "version": RESOURCE_VERSION,
                    "summary": summary(&s.description, format!("{}, a read model of {}.", one_line(&s.text), context.name)),
                    "owners": [team],
                    "schemaPath": "schema.json",
                }),
                &body(&s.description, &format!("{}, a read model of the {} context.", one_line(&s.text), context.name), "<SchemaViewer file=\"schema.json\" />"),
            ));
            self.files.push(json_file(
                format!("{folder}/schema.json"),
                &json!({
                    "$schema": super::schema::DIALECT,
                    "title": one_line(&s.text),
                    "description": "A read model: its fields are not on the board yet.",
                    "type": "object",
                }),
            )?);
            queries.push(reference(&qid, RESOURCE_VERSION));
        }
        Ok(queries)
    }

    /// A context's aggregates, as entities of its domain; returns references to them.
    fn entities(&mut self, index: usize) -> Vec<Value> {
        let context = &self.contracts.contexts[index];
        let domain = &self.domain_ids[index];
        let team = &self.team_of[index];
        let mut entities = Vec::new();
        for s in self.named_in(index, Kind::Aggregate) {
            let eid = self
                .resource_ids
                .claim(naming::file_stem(naming::pascal(&s.text)), "");
            self.files.push(page(
                format!("domains/{domain}/entities/{eid}/index.mdx"),
                json!({
                    "id": eid,
                    "name": one_line(&s.text),
                    "version": RESOURCE_VERSION,
                    "summary": summary(&s.description, format!("The {} aggregate of {}.", one_line(&s.text), context.name)),
                    "owners": [team],
                    "aggregateRoot": true,
                }),
                &body(&s.description, &format!("The {} aggregate: it decides which commands succeed.", one_line(&s.text)), ""),
            ));
            entities.push(reference(&eid, RESOURCE_VERSION));
        }
        entities
    }

    /// What a context's service sends and receives: its commands and external events come
    /// in, its other events go out, and the public events of others it consumes come in.
    fn sends_and_receives(&self, index: usize) -> (Vec<Value>, Vec<Value>) {
        let context = &self.contracts.contexts[index];
        let mut sends = Vec::new();
        let mut receives = Vec::new();
        for c in self
            .contracts
            .items
            .iter()
            .filter(|c| self.messages.contains_key(&c.id))
        {
            let ours = c.context == index;
            match (c.sticky.kind, c.visibility) {
                (Kind::Command, _) if ours => receives.extend(self.message_ref(c.id, "from")),
                (Kind::DomainEvent, Some(EventVisibility::External)) if ours => {
                    receives.extend(self.message_ref(c.id, "from"))
                }
                (Kind::DomainEvent, _) if ours => sends.extend(self.message_ref(c.id, "to")),
                (Kind::DomainEvent, Some(v)) if v != EventVisibility::Internal => {
                    let consumed_here = self.analysis.events.get(&c.id).is_some_and(|e| {
                        e.consumers
                            .iter()
                            .any(|x| self.analysis.context_of(*x) == context.id)
                    });
                    if consumed_here {
                        receives.extend(self.message_ref(c.id, "from"));
                    }
                }
                _ => {}
            }
        }
        (sends, receives)
    }

    /// A context's service page and its domain page.
    fn service_and_domain(&mut self, index: usize, queries: Vec<Value>, entities: Vec<Value>) {
        let context = &self.contracts.contexts[index];
        let domain = &self.domain_ids[index];
        let service = &self.service_ids[index];
        let team = &self.team_of[index];
        let (sends, mut receives) = self.sends_and_receives(index);
        receives.extend(queries);
        let mut front = Map::new();
        front.insert("id".into(), json!(service));
        front.insert("name".into(), json!(format!("{} service", context.name)));
        front.insert("version".into(), json!(RESOURCE_VERSION));
        front.insert(
            "summary".into(),
            json!(format!(
                "The software of the {} bounded context.",
                context.name
            )),
        );
        front.insert("owners".into(), json!([team]));
        if !sends.is_empty() {
            front.insert("sends".into(), Value::Array(sends));
        }
        if !receives.is_empty() {
            front.insert("receives".into(), Value::Array(receives));
        }
        if !entities.is_empty() {
            front.insert("entities".into(), Value::Array(entities.clone()));
        }
        let service_page = page(
            format!("domains/{domain}/services/{service}/index.mdx"),
            Value::Object(front),
            &format!(
                "What the {} context handles and publishes, from the board.\n\n<NodeGraph />",
                mdx(&context.name)
            ),
        );
        let mut front = Map::new();
        front.insert("id".into(), json!(domain));
        front.insert("name".into(), json!(context.name));
        front.insert("version".into(), json!(RESOURCE_VERSION));
        front.insert(
            "summary".into(),
            json!(summary(
                context.description,
                format!("The {} bounded context.", context.name)
            )),
        );
        front.insert("owners".into(), json!([team]));
        front.insert(
            "services".into(),
            json!([reference(service, RESOURCE_VERSION)]),
        );
        if !entities.is_empty() {
            front.insert("entities".into(), Value::Array(entities));
        }
        let domain_page = page(
            format!("domains/{domain}/index.mdx"),
            Value::Object(front),
            &body(
                context.description,
                &format!("The {} bounded context.", context.name),
                "<NodeGraph />",
            ),
        );
        self.files.push(service_page);
        self.files.push(domain_page);
    }

    /// External systems, as external services: one per PascalCase name, gathering what every
    /// sticky of that name sends and receives.
    fn external_systems(&mut self) {
        let board = self.board;
        let mut external_names = BTreeSet::new();
        for (_, s) in board
            .stickies
            .iter()
            .filter(|(_, s)| s.kind == Kind::ExternalSystem)
        {
            if !external_names.insert(naming::pascal(&s.text)) {
                continue;
            }
            let (sends, receives) = self.external_messages(&naming::pascal(&s.text));
            let sid = self
                .resource_ids
                .claim(naming::file_stem(naming::pascal(&s.text)), "");
            let mut front = Map::new();
            front.insert("id".into(), json!(sid));
            front.insert("name".into(), json!(one_line(&s.text)));
            front.insert("version".into(), json!(RESOURCE_VERSION));
            front.insert(
                "summary".into(),
                json!(summary(
                    &s.description,
                    format!("{}, an external system.", one_line(&s.text))
                )),
            );
            front.insert("owners".into(), json!([self.fallback_team]));
            front.insert("externalSystem".into(), json!(true));
            if !sends.is_empty() {
                front.insert("sends".into(), Value::Array(sends));
            }
            if !receives.is_empty() {
                front.insert("receives".into(), Value::Array(receives));
            }
            self.files.push(page(
                format!("services/{sid}/index.mdx"),
                Value::Object(front),
                &body(
                    &s.description,
                    &format!("{}, a system outside our control.", one_line(&s.text)),
                    "<NodeGraph />",
                ),
            ));
        }
    }

    /// What the external systems named `pascal` send (the events they emit) and receive (the
    /// commands that invoke them, the events sent to them).
    fn external_messages(&self, pascal: &str) -> (Vec<Value>, Vec<Value>) {
        let analysis = self.analysis;
        let mut sends = Vec::new();
        let mut receives = Vec::new();
        for (x, _) in
            self.board.stickies.iter().filter(|(_, o)| {
                o.kind == Kind::ExternalSystem && naming::pascal(&o.text) == pascal
            })
        {
            sends.extend(
                analysis
                    .targets(*x, LinkMeaning::Emits)
                    .into_iter()
                    .filter_map(|e| self.message_ref(e, "to")),
            );
            receives.extend(
                analysis
                    .sources(*x, LinkMeaning::Invokes)
                    .into_iter()
                    .filter_map(|c| self.message_ref(c, "from")),
            );
            receives.extend(
                analysis
                    .sources(*x, LinkMeaning::SentTo)
                    .into_iter()
                    .filter_map(|e| self.message_ref(e, "from")),
            );
        }
        (sends, receives)
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

/// The version of EventCatalog the exported catalog is built and tested with.
const EVENTCATALOG_CORE: &str = "^3.48.4";

/// A starting `package.json`, as EventCatalog's starter (`create-eventcatalog`) writes it:
/// name, version, private, its scripts and the `@eventcatalog/core` dependency. No `"type":
/// "module"`: EventCatalog's build fails with it.
fn package_json(board: &Board) -> Value {
    let name = naming::file_stem(naming::kebab_or(&board.meta.title, "eventcatalog"));
    json!({
        "name": name,
        "version": "0.1.0",
        "private": true,
        "scripts": {
            "dev": "eventcatalog dev",
            "build": "eventcatalog build",
            "start": "eventcatalog start",
            "preview": "eventcatalog preview",
            "generate": "eventcatalog generate",
        },
        "dependencies": { "@eventcatalog/core": EVENTCATALOG_CORE },
    })
}

/// A starting `eventcatalog.config.js` (written once; the team owns it afterwards), an ES
/// module as EventCatalog 3 loads it. Its `cId` is derived from the board's namespace and
/// title, so it is stable across exports.
fn config(board: &Board, org: &str) -> String {
    let seed = format!("{}|{}", Analysis::namespace(board, None), board.meta.title);
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in seed.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    let hex = format!("{hash:032x}");
    let cid = format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    );
    let js = |s: &str| Value::String(s.to_owned()).to_string();
    format!(
        "// Written by Stormpad once; yours to edit (re-exports leave this file alone).\n\
         export default {{\n  cId: {},\n  title: {},\n  organizationName: {},\n  homepageLink: 'https://eventcatalog.dev/',\n  landingPage: '',\n}};\n",
        js(&cid),
        js(board.meta.title.trim()),
        js(org)
    )
}
