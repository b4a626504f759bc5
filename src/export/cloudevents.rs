//! `cloudevents`: for each event that crosses a boundary, its CloudEvents 1.0 attributes
//! (`type` `<namespace>.<event>.v<major>`, unique per event, `source`, `dataschema`), a JSON
//! Schema of the whole envelope with `data` typed (a public event's published fields only),
//! and a sample event; plus `cloudevents.json` listing them. An event a partner sends us has
//! the partner's `source`, not ours. An event we publish to a partner or a front end by webhook
//! also gets `<event>.webhook.json`: the delivery request the CloudEvents HTTP webhook
//! specification documents (POST, bearer token, `WebHook-Request-Origin`), in binary content
//! mode (the attributes as `ce-` headers, the payload as the body).

use serde_json::{Value, json};

use super::contracts::{Contract, Contracts};
use super::deliveries::Deliveries;
use super::json::{Json, Sink};
use super::schema::{DIALECT, Schemas};
use super::{OutputError, OutputFile};
use crate::model::analysis::Analysis;
use crate::model::{Board, Direction, Transport};

/// The CloudEvents attributes of an event.
pub struct Attributes {
    pub ty: String,
    pub source: String,
    pub dataschema: String,
}

/// The CloudEvents attributes Stormpad gives an event; its `type` is
/// [`Analysis::event_type`], one per event. Its `source` is where it happens: its context
/// under our host, or the partner that sends it to us.
pub fn attributes(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    deliveries: &Deliveries,
    c: &Contract,
) -> Attributes {
    let context = contracts.context_of(c);
    let source = match deliveries.sender(c.id) {
        Some(partner) => partner.source(),
        None => format!("https://{}/{}", contracts.host(), context.slug),
    };
    Attributes {
        ty: analysis.event_type(board, c.id),
        source,
        dataschema: contracts.schema_url(c),
    }
}

/// The webhook delivery request of an event we publish by webhook to a partner or a front
/// end (CloudEvents HTTP webhook specification, binary content mode), as the text of a file:
/// `None` when there is none.
fn webhook_request(
    schemas: &Schemas,
    deliveries: &Deliveries,
    host: &str,
    c: &Contract,
    attrs: &Attributes,
) -> Option<String> {
    let subscribers: Vec<String> = deliveries
        .of_event(c.id)
        .iter()
        .filter(|r| r.transport == Some(Transport::Webhook) && r.direction == Direction::Publish)
        .filter_map(|r| deliveries.party(r.audience))
        .map(|p| p.name.clone())
        .collect();
    if subscribers.is_empty() {
        return None;
    }
    let mut out = Json::new();
    out.begin_object();
    out.entry(
        "description",
        &format!(
            "How {} is delivered to {}: an HTTP POST to the callback URL each registers \
             (CloudEvents HTTP webhook specification 1.0.2), the CloudEvents attributes as \
             ce- headers and the payload as the body (binary content mode). Before the first \
             delivery, an OPTIONS request with WebHook-Request-Origin asks the callback for \
             permission (abuse protection).",
            c.name(),
            subscribers.join(", ")
        ),
    );
    out.entry("method", "POST");
    out.entry("url", "https://{callback registered by the subscriber}");
    out.key("headers");
    out.begin_object();
    out.entry("Content-Type", "application/json");
    out.entry("Authorization", "Bearer {token agreed with the subscriber}");
    out.entry("WebHook-Request-Origin", &format!("hooks.{host}"));
    out.entry("ce-specversion", "1.0");
    out.entry("ce-id", SAMPLE_ID);
    out.entry("ce-source", &attrs.source);
    out.entry("ce-type", &attrs.ty);
    out.entry("ce-time", SAMPLE_TIME);
    out.entry("ce-dataschema", &attrs.dataschema);
    out.end_object();
    out.key("body");
    schemas.sample(&mut out, &c.fields());
    out.end_object();
    Some(out.finish())
}

/// The `id` and `time` of every sample event.
const SAMPLE_ID: &str = "7b9d4c3e-2f1a-4e5b-8c6d-0a1b2c3d4e5f";
const SAMPLE_TIME: &str = "2026-01-15T09:30:00Z";

/// The envelope schema of an event, as the text of a file: the CloudEvents attributes, with
/// `data` typed by its payload.
fn envelope(
    schemas: &Schemas,
    contracts: &Contracts,
    c: &Contract,
    attrs: &Attributes,
    fields: &[crate::model::Field],
) -> String {
    let constant = |out: &mut Json, key: &str, v: &str| {
        out.key(key);
        out.begin_object();
        out.entry("type", "string");
        out.entry("const", v);
        out.end_object();
    };
    let typed = |out: &mut Json, key: &str, (k, v): (&str, Value)| {
        out.key(key);
        out.begin_object();
        out.entry("type", "string");
        out.key(k);
        out.value(&v);
        out.end_object();
    };
    let mut out = Json::new();
    out.begin_object();
    out.entry("$schema", DIALECT);
    out.entry(
        "$id",
        &format!(
            "https://{}/cloudevents/{}/{}.v{}.schema.json",
            contracts.host(),
            contracts.context_of(c).slug,
            c.slug,
            Analysis::major(&c.version)
        ),
    );
    out.entry("title", &format!("{} (CloudEvent)", c.name()));
    out.entry("type", "object");
    out.key("properties");
    out.begin_object();
    constant(&mut out, "specversion", "1.0");
    typed(&mut out, "id", ("minLength", json!(1)));
    constant(&mut out, "source", &attrs.source);
    constant(&mut out, "type", &attrs.ty);
    typed(&mut out, "subject", ("minLength", json!(1)));
    typed(&mut out, "time", ("format", json!("date-time")));
    constant(&mut out, "datacontenttype", "application/json");
    constant(&mut out, "dataschema", &attrs.dataschema);
    out.key("data");
    out.begin_object();
    schemas.object_keys(&mut out, None, &c.sticky.description, fields);
    out.end_object();
    out.end_object();
    out.key("required");
    out.value(&json!([
        "specversion",
        "id",
        "source",
        "type",
        "datacontenttype",
        "data"
    ]));
    // Extension attributes are allowed, named as the spec says.
    out.key("propertyNames");
    out.value(&json!({ "pattern": "^[a-z0-9]{1,20}$" }));
    let used = schemas.used_types(fields);
    if !used.is_empty() {
        out.key("$defs");
        out.begin_object();
        schemas.definition_keys(&mut out, &used);
        out.end_object();
    }
    out.end_object();
    out.finish()
}

/// A sample event, as the text of a file.
fn sample(schemas: &Schemas, attrs: &Attributes, fields: &[crate::model::Field]) -> String {
    let mut out = Json::new();
    out.begin_object();
    out.entry("specversion", "1.0");
    out.entry("id", SAMPLE_ID);
    out.entry("source", &attrs.source);
    out.entry("type", &attrs.ty);
    out.entry("time", SAMPLE_TIME);
    out.entry("datacontenttype", "application/json");
    out.entry("dataschema", &attrs.dataschema);
    out.key("data");
    schemas.sample(&mut out, fields);
    out.end_object();
    out.finish()
}

/// The envelope schemas, samples and index of every public or external event (every event
/// with `include_internal`).
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    deliveries: &Deliveries,
    include_internal: bool,
) -> Result<Vec<OutputFile>, OutputError> {
    let schemas = Schemas::new(board, "#/$defs/");
    let mut files = Vec::new();
    let mut index = Json::new();
    index.begin_object();
    index.key("events");
    index.begin_array();
    for c in contracts.items.iter().filter(|c| c.visibility.is_some()) {
        let crosses = c
            .visibility
            .is_some_and(|v| v != crate::model::analysis::EventVisibility::Internal);
        if !crosses && !include_internal {
            continue;
        }
        let attrs = attributes(board, analysis, contracts, deliveries, c);
        let base = format!("{}/{}", contracts.context_of(c).slug, c.slug);
        let fields = c.fields();
        files.push(OutputFile::new(
            format!("{base}.schema.json"),
            envelope(&schemas, contracts, c, &attrs, &fields).into_bytes(),
        ));
        let webhook = webhook_request(&schemas, deliveries, contracts.host(), c, &attrs);
        let has_webhook = webhook.is_some();
        if let Some(request) = webhook {
            files.push(OutputFile::new(
                format!("{base}.webhook.json"),
                request.into_bytes(),
            ));
        }
        files.push(OutputFile::new(
            format!("{base}.sample.json"),
            sample(&schemas, &attrs, &fields).into_bytes(),
        ));
        index.begin_object();
        index.entry("event", c.name());
        index.entry("context", &contracts.context_of(c).name);
        index.entry("version", &c.version);
        index.entry("type", &attrs.ty);
        index.entry("source", &attrs.source);
        index.entry("dataschema", &attrs.dataschema);
        index.entry("schema", &format!("{base}.schema.json"));
        index.entry("sample", &format!("{base}.sample.json"));
        if has_webhook {
            index.entry("webhook", &format!("{base}.webhook.json"));
        }
        index.end_object();
    }
    index.end_array();
    index.end_object();
    files.push(OutputFile::new(
        "cloudevents.json".into(),
        index.finish().into_bytes(),
    ));
    Ok(files)
}
