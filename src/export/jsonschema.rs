//! `jsonschema`: one JSON Schema (draft 2020-12) per event and per command, with a sample
//! instance beside each: `<context>/events/<event>.schema.json` and `.sample.json`. A public
//! event's schema is its contract: its published fields only; when it holds fields back, its
//! internal form (every field) is written beside it as `<event>.full.schema.json`.

use super::contracts::Contracts;
use super::schema::Schemas;
use super::{OutputError, OutputFile};
use crate::model::Board;

/// The schema and sample files of every event and command.
pub fn export(board: &Board, contracts: &Contracts) -> Result<Vec<OutputFile>, OutputError> {
    let schemas = Schemas::new(board, "#/$defs/");
    let mut files = Vec::new();
    for c in &contracts.items {
        let base = format!("{}/{}/{}", contracts.context_of(c).slug, c.folder(), c.slug);
        let fields = c.fields();
        let schema = schemas.standalone(
            &contracts.schema_url(c),
            c.name(),
            &c.sticky.description,
            &fields,
        );
        files.push(OutputFile::new(
            format!("{base}.schema.json"),
            schema.into_bytes(),
        ));
        files.push(OutputFile::new(
            format!("{base}.sample.json"),
            schemas.sample_file(&fields).into_bytes(),
        ));
        if c.holds_fields_back() {
            let internal = schemas.standalone(
                &contracts.internal_schema_url(c),
                &format!("{} (internal)", c.name()),
                &c.sticky.description,
                &c.sticky.fields,
            );
            files.push(OutputFile::new(
                format!("{base}.full.schema.json"),
                internal.into_bytes(),
            ));
            files.push(OutputFile::new(
                format!("{base}.full.sample.json"),
                schemas.sample_file(&c.sticky.fields).into_bytes(),
            ));
        }
    }
    Ok(files)
}
