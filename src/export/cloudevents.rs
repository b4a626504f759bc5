//! `cloudevents`: for each event that crosses a boundary, its CloudEvents 1.0 attributes
//! (`type` `<namespace>.<event>.v<major>`, unique per event, `source`, `dataschema`), a JSON
//! Schema of the whole envelope with `data` typed (a public event's published fields only),
//! and a sample event; plus `cloudevents.json` listing them. An event a partner sends us has
//! the partner's `source`, not ours. An event we publish to a partner or a front end by webhook
//! also gets `<event>.webhook.json`: the delivery request the CloudEvents HTTP webhook
//! specification documents (POST, bearer token, `WebHook-Request-Origin`), in binary content
//! mode (the attributes as `ce-` headers, the payload as the body).

use serde_json::{Map, Value, json};

use super::contracts::{Contract, Contracts};
use super::deliveries::Deliveries;
use super::schema::{DIALECT, Schemas};
use super::{OutputError, OutputFile, json_file};
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
/// end (CloudEvents HTTP webhook specification, binary content mode): `None` when there is
/// none.
fn webhook_request(
    deliveries: &Deliveries,
    host: &str,
    c: &Contract,
    attrs: &Attributes,
    data: &Value,
) -> Option<Value> {
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
    Some(json!({
        "description": format!(
            "How {} is delivered to {}: an HTTP POST to the callback URL each registers \
             (CloudEvents HTTP webhook specification 1.0.2), the CloudEvents attributes as \
             ce- headers and the payload as the body (binary content mode). Before the first \
             delivery, an OPTIONS request with WebHook-Request-Origin asks the callback for \
             permission (abuse protection).",
            c.name(),
            subscribers.join(", ")
        ),
        "method": "POST",
        "url": "https://{callback registered by the subscriber}",
        "headers": {
            "Content-Type": "application/json",
            "Authorization": "Bearer {token agreed with the subscriber}",
            "WebHook-Request-Origin": format!("hooks.{host}"),
            "ce-specversion": "1.0",
            "ce-id": "7b9d4c3e-2f1a-4e5b-8c6d-0a1b2c3d4e5f",
            "ce-source": attrs.source,
            "ce-type": attrs.ty,
            "ce-time": "2026-01-15T09:30:00Z",
            "ce-dataschema": attrs.dataschema,
        },
        "body": data,
    }))
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
    let mut index = Vec::new();
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
        let mut data = schemas.object(c.name(), &c.sticky.description, &fields);
        if let Some(d) = data.as_object_mut() {
            d.remove("title");
        }
        let constant = |v: &str| json!({ "type": "string", "const": v });
        let mut envelope = Map::new();
        envelope.insert("$schema".into(), json!(DIALECT));
        envelope.insert(
            "$id".into(),
            json!(format!(
                "https://{}/cloudevents/{}/{}.v{}.schema.json",
                contracts.host(),
                contracts.context_of(c).slug,
                c.slug,
                Analysis::major(&c.version)
            )),
        );
        envelope.insert("title".into(), json!(format!("{} (CloudEvent)", c.name())));
        envelope.insert("type".into(), json!("object"));
        envelope.insert(
            "properties".into(),
            json!({
                "specversion": constant("1.0"),
                "id": { "type": "string", "minLength": 1 },
                "source": constant(&attrs.source),
                "type": constant(&attrs.ty),
                "subject": { "type": "string", "minLength": 1 },
                "time": { "type": "string", "format": "date-time" },
                "datacontenttype": constant("application/json"),
                "dataschema": constant(&attrs.dataschema),
                "data": data,
            }),
        );
        envelope.insert(
            "required".into(),
            json!([
                "specversion",
                "id",
                "source",
                "type",
                "datacontenttype",
                "data"
            ]),
        );
        // Extension attributes are allowed, named as the spec says.
        envelope.insert(
            "propertyNames".into(),
            json!({ "pattern": "^[a-z0-9]{1,20}$" }),
        );
        let defs = schemas.definitions(&schemas.used_types(&fields));
        if !defs.is_empty() {
            envelope.insert("$defs".into(), Value::Object(defs));
        }
        let sample = json!({
            "specversion": "1.0",
            "id": "7b9d4c3e-2f1a-4e5b-8c6d-0a1b2c3d4e5f",
            "source": attrs.source,
            "type": attrs.ty,
            "time": "2026-01-15T09:30:00Z",
            "datacontenttype": "application/json",
            "dataschema": attrs.dataschema,
            "data": schemas.sample(&fields),
        });
        files.push(json_file(
            format!("{base}.schema.json"),
            &Value::Object(envelope),
        )?);
        let webhook = webhook_request(deliveries, contracts.host(), c, &attrs, &sample["data"]);
        if let Some(request) = &webhook {
            files.push(json_file(format!("{base}.webhook.json"), request)?);
        }
        files.push(json_file(format!("{base}.sample.json"), &sample)?);
        let mut entry = json!({
            "event": c.name(),
            "context": contracts.context_of(c).name,
            "version": c.version,
            "type": attrs.ty,
            "source": attrs.source,
            "dataschema": attrs.dataschema,
            "schema": format!("{base}.schema.json"),
            "sample": format!("{base}.sample.json"),
        });
        if webhook.is_some() {
            entry["webhook"] = json!(format!("{base}.webhook.json"));
        }
        index.push(entry);
    }
    files.push(json_file(
        "cloudevents.json".into(),
        &json!({ "events": index }),
    )?);
    Ok(files)
}
