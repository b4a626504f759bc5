//! `cloudevents`: for each event that crosses a boundary, its CloudEvents 1.0 attributes
//! (`type` `<namespace>.<event>.v<major>`, unique per event, `source`, `dataschema`), a JSON Schema of the
//! whole envelope with `data` typed, and a sample event; plus `cloudevents.json` listing them.

use serde_json::{Map, Value, json};

use super::contracts::{Contract, Contracts};
use super::schema::{DIALECT, Schemas};
use super::{OutputError, OutputFile, json_file};
use crate::model::Board;
use crate::model::analysis::Analysis;

/// The CloudEvents attributes of an event.
pub struct Attributes {
    pub ty: String,
    pub source: String,
    pub dataschema: String,
}

/// The CloudEvents attributes Stormpad gives an event; its `type` is
/// [`Analysis::event_type`], one per event.
pub fn attributes(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    c: &Contract,
) -> Attributes {
    let context = contracts.context_of(c);
    Attributes {
        ty: analysis.event_type(board, c.id),
        source: format!("https://{}/{}", contracts.host(), context.slug),
        dataschema: contracts.schema_url(c),
    }
}

/// The envelope schemas, samples and index of every public or external event (every event
/// with `include_internal`).
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
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
        let attrs = attributes(board, analysis, contracts, c);
        let base = format!("{}/{}", contracts.context_of(c).slug, c.slug);
        let mut data = schemas.object(&c.name(), &c.sticky.description, &c.sticky.fields);
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
        let defs = schemas.definitions(&schemas.used_types(&c.sticky.fields));
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
            "data": schemas.sample(&c.sticky.fields),
        });
        files.push(json_file(
            format!("{base}.schema.json"),
            &Value::Object(envelope),
        )?);
        files.push(json_file(format!("{base}.sample.json"), &sample)?);
        index.push(json!({
            "event": c.name(),
            "context": contracts.context_of(c).name,
            "version": c.version,
            "type": attrs.ty,
            "source": attrs.source,
            "dataschema": attrs.dataschema,
            "schema": format!("{base}.schema.json"),
            "sample": format!("{base}.sample.json"),
        }));
    }
    files.push(json_file(
        "cloudevents.json".into(),
        &json!({ "events": index }),
    )?);
    Ok(files)
}
