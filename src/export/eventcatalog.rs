//! `eventcatalog`: a folder EventCatalog 3 reads. Each bounded context becomes a domain with
//! one service; its events, commands and read models (as queries) live under the service with
//! their `schema.json`; aggregates are entities (`aggregateRoot`); public events get channels;
//! external systems are external services; teams own everything. Pages keep the prose a person
//! wrote under the frontmatter when the catalog is exported again.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::contracts::{Contract, Contracts};
use super::schema::Schemas;
use super::{Merge, OutputError, OutputFile, json_file, yaml};
use crate::model::analysis::{Analysis, DEFAULT_VERSION, EventVisibility};
use crate::model::check::is_semver;
use crate::model::naming::{self, Unique, one_line};
use crate::model::{Board, Id, Kind, LinkMeaning};

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

/// The whole catalog.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    include_internal: bool,
) -> Result<Vec<OutputFile>, OutputError> {
    let schemas = Schemas::new(board, "#/$defs/");
    let mut files = Vec::new();
    let mut message_ids = Unique::new();
    let mut resource_ids = Unique::new();

    // Teams: one per team named on a context, and the organisation's for the rest.
    let org = [board.meta.organisation.trim(), board.meta.title.trim()]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or("Stormpad")
        .to_owned();
    let mut teams: BTreeMap<String, String> = BTreeMap::new();
    let fallback_team = naming::kebab(&format!("{org} team"));
    teams.insert(fallback_team.clone(), format!("{org} team"));
    let team_of: Vec<String> = contracts
        .contexts
        .iter()
        .map(|c| {
            if c.team.is_empty() {
                fallback_team.clone()
            } else {
                let id = naming::kebab(c.team);
                teams.entry(id.clone()).or_insert_with(|| c.team.to_owned());
                id
            }
        })
        .collect();
    for (id, name) in &teams {
        files.push(page(
            format!("teams/{id}.mdx"),
            json!({ "id": id, "name": name, "summary": format!("{name}, as named on the board.") }),
            &format!(
                "{} owns the resources that name it, as drawn on the board \"{}\".",
                mdx(name),
                mdx(board.meta.title.trim())
            ),
        ));
    }

    let version_of = |c: &Contract| {
        if is_semver(&c.version) {
            c.version.clone()
        } else {
            DEFAULT_VERSION.to_owned()
        }
    };
    let listed = |c: &Contract| {
        c.sticky.kind == Kind::Command
            || include_internal
            || c.visibility != Some(EventVisibility::Internal)
    };

    // Services, one per context, and where their messages live.
    let mut domain_ids = Vec::new();
    let mut service_ids = Vec::new();
    for context in &contracts.contexts {
        let domain = resource_ids.claim(naming::pascal(&context.name), "");
        let service = resource_ids.claim(format!("{domain}Service"), "");
        domain_ids.push(domain);
        service_ids.push(service);
    }
    let mut messages: BTreeMap<Id, Message> = BTreeMap::new();
    for c in contracts.items.iter().filter(|c| listed(c)) {
        let id = message_ids.claim(c.type_name.clone(), "");
        let folder = format!(
            "domains/{}/services/{}/{}/{id}",
            domain_ids[c.context],
            service_ids[c.context],
            c.folder()
        );
        messages.insert(
            c.id,
            Message {
                id,
                version: version_of(c),
                folder,
            },
        );
    }

    // Channels for the events that cross a boundary.
    let mut channels: BTreeMap<String, (String, BTreeSet<&'static str>, Vec<String>)> =
        BTreeMap::new();
    let mut channel_folders = Unique::new();
    let mut channel_of: BTreeMap<Id, String> = BTreeMap::new();
    for c in contracts.items.iter().filter(|c| {
        messages.contains_key(&c.id) && c.visibility.is_some_and(|v| v != EventVisibility::Internal)
    }) {
        let address = analysis.channel(board, c.id);
        let entry = channels.entry(address.clone()).or_insert_with(|| {
            let plain = address
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
            let name = if plain && !address.starts_with('.') && !address.ends_with('.') {
                address.clone()
            } else {
                naming::kebab(&address)
            };
            let folder = channel_folders.claim(name, "-");
            (folder, BTreeSet::new(), Vec::new())
        });
        if let Some(t) = c.sticky.transport {
            entry.1.insert(protocol(t));
        }
        entry.2.push(c.name());
        channel_of.insert(c.id, entry.0.clone());
    }
    // A channel's id is its folder name (safe in URLs); its address is as typed.
    for (address, (folder, protocols, events)) in &channels {
        let mut front = Map::new();
        front.insert("id".into(), json!(folder));
        front.insert("name".into(), json!(address));
        front.insert("version".into(), json!(RESOURCE_VERSION));
        front.insert(
            "summary".into(),
            json!(format!("Carries {}.", events.join(", "))),
        );
        front.insert("owners".into(), json!([fallback_team]));
        front.insert("address".into(), json!(address));
        if !protocols.is_empty() {
            front.insert("protocols".into(), json!(protocols));
        }
        files.push(page(
            format!("channels/{folder}/index.mdx"),
            Value::Object(front),
            &format!(
                "The channel {}, as named on the board.\n\n<ChannelInformation />",
                mdx(address)
            ),
        ));
    }
    let message_ref = |id: Id, with_channel: &str| -> Option<Value> {
        let m = messages.get(&id)?;
        let mut r = Map::new();
        r.insert("id".into(), json!(m.id));
        r.insert("version".into(), json!(m.version));
        if let Some(address) = channel_of.get(&id) {
            r.insert(
                with_channel.into(),
                json!([reference(address, RESOURCE_VERSION)]),
            );
        }
        Some(Value::Object(r))
    };

    // Messages: events, commands (with schemas) and read models (as queries).
    for c in contracts.items.iter() {
        let Some(m) = messages.get(&c.id) else {
            continue;
        };
        let context = contracts.context_of(c);
        let what = if c.sticky.kind == Kind::DomainEvent {
            "event"
        } else {
            "command"
        };
        files.push(page(
            format!("{}/index.mdx", m.folder),
            json!({
                "id": m.id,
                "name": c.name(),
                "version": m.version,
                "summary": summary(&c.sticky.description, format!("{}, {what} of {}.", c.name(), context.name)),
                "owners": [team_of[c.context]],
                "schemaPath": "schema.json",
            }),
            &body(
                &c.sticky.description,
                &format!("{}, {what} of the {} context.", c.name(), context.name),
                "<SchemaViewer file=\"schema.json\" />",
            ),
        ));
        files.push(json_file(
            format!("{}/schema.json", m.folder),
            &schemas.standalone(
                &contracts.schema_url(c),
                &c.name(),
                &c.sticky.description,
                &c.sticky.fields,
            ),
        )?);
    }

    // Per context: read models, aggregates, the service and the domain.
    for (index, context) in contracts.contexts.iter().enumerate() {
        let domain = &domain_ids[index];
        let service = &service_ids[index];
        let team = &team_of[index];
        let inside = analysis.stickies_in(context.id);
        let mut queries = Vec::new();
        let mut query_names = BTreeSet::new();
        for id in inside
            .iter()
            .filter(|id| kind(board, **id) == Some(Kind::ReadModel))
        {
            let Some(s) = board.stickies.get(id) else {
                continue;
            };
            if !query_names.insert(naming::pascal(&s.text)) {
                continue;
            }
            let qid = message_ids.claim(naming::pascal(&s.text), "");
            let folder = format!("domains/{domain}/services/{service}/queries/{qid}");
            files.push(page(
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
            files.push(json_file(
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
        let mut entities = Vec::new();
        let mut entity_names = BTreeSet::new();
        for id in inside
            .iter()
            .filter(|id| kind(board, **id) == Some(Kind::Aggregate))
        {
            let Some(s) = board.stickies.get(id) else {
                continue;
            };
            if !entity_names.insert(naming::pascal(&s.text)) {
                continue;
            }
            let eid = resource_ids.claim(naming::pascal(&s.text), "");
            files.push(page(
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
        let mut sends = Vec::new();
        let mut receives = Vec::new();
        for c in contracts
            .items
            .iter()
            .filter(|c| messages.contains_key(&c.id))
        {
            let ours = c.context == index;
            match (c.sticky.kind, c.visibility) {
                (Kind::Command, _) if ours => receives.extend(message_ref(c.id, "from")),
                (Kind::DomainEvent, Some(EventVisibility::External)) if ours => {
                    receives.extend(message_ref(c.id, "from"))
                }
                (Kind::DomainEvent, _) if ours => sends.extend(message_ref(c.id, "to")),
                (Kind::DomainEvent, Some(v)) if v != EventVisibility::Internal => {
                    let consumed_here = analysis.events.get(&c.id).is_some_and(|e| {
                        e.consumers
                            .iter()
                            .any(|x| analysis.context_of(*x) == context.id)
                    });
                    if consumed_here {
                        receives.extend(message_ref(c.id, "from"));
                    }
                }
                _ => {}
            }
        }
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
        files.push(page(
            format!("domains/{domain}/services/{service}/index.mdx"),
            Value::Object(front),
            &format!(
                "What the {} context handles and publishes, from the board.\n\n<NodeGraph />",
                mdx(&context.name)
            ),
        ));
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
        files.push(page(
            format!("domains/{domain}/index.mdx"),
            Value::Object(front),
            &body(
                context.description,
                &format!("The {} bounded context.", context.name),
                "<NodeGraph />",
            ),
        ));
    }

    // External systems, as external services.
    let mut external_names = BTreeSet::new();
    for (_, s) in board
        .stickies
        .iter()
        .filter(|(_, s)| s.kind == Kind::ExternalSystem)
    {
        if !external_names.insert(naming::pascal(&s.text)) {
            continue;
        }
        let same: Vec<Id> = board
            .stickies
            .iter()
            .filter(|(_, o)| {
                o.kind == Kind::ExternalSystem && naming::pascal(&o.text) == naming::pascal(&s.text)
            })
            .map(|(i, _)| *i)
            .collect();
        let mut sends = Vec::new();
        let mut receives = Vec::new();
        for x in &same {
            sends.extend(
                analysis
                    .targets(*x, LinkMeaning::Emits)
                    .into_iter()
                    .filter_map(|e| message_ref(e, "to")),
            );
            receives.extend(
                analysis
                    .sources(*x, LinkMeaning::Invokes)
                    .into_iter()
                    .filter_map(|c| message_ref(c, "from")),
            );
            receives.extend(
                analysis
                    .sources(*x, LinkMeaning::SentTo)
                    .into_iter()
                    .filter_map(|e| message_ref(e, "from")),
            );
        }
        let sid = resource_ids.claim(naming::pascal(&s.text), "");
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
        front.insert("owners".into(), json!([fallback_team]));
        front.insert("externalSystem".into(), json!(true));
        if !sends.is_empty() {
            front.insert("sends".into(), Value::Array(sends));
        }
        if !receives.is_empty() {
            front.insert("receives".into(), Value::Array(receives));
        }
        files.push(page(
            format!("services/{sid}/index.mdx"),
            Value::Object(front),
            &body(
                &s.description,
                &format!("{}, a system outside our control.", one_line(&s.text)),
                "<NodeGraph />",
            ),
        ));
    }

    files.push(OutputFile {
        path: "eventcatalog.config.js".into(),
        contents: config(board, &org).into_bytes(),
        merge: Merge::CreateOnly,
    });
    Ok(files)
}

fn kind(board: &Board, id: Id) -> Option<Kind> {
    board.stickies.get(&id).map(|s| s.kind)
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

/// A starting `eventcatalog.config.js` (written once; the team owns it afterwards). Its
/// `cId` is derived from the board's namespace and title, so it is stable across exports.
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
         module.exports = {{\n  cId: {},\n  title: {},\n  organizationName: {},\n  homepageLink: 'https://eventcatalog.dev/',\n  landingPage: '',\n}};\n",
        js(&cid),
        js(board.meta.title.trim()),
        js(org)
    )
}
