//! The project files EventCatalog's starter writes (`package.json`, `eventcatalog.config.js`), so
//! `npm install && npm run build` builds the exported catalog.

use serde_json::{Value, json};

use crate::model::Board;
use crate::model::analysis::Analysis;
use crate::model::naming;

/// The version of EventCatalog the exported catalog is built and tested with.
const EVENTCATALOG_CORE: &str = "^3.48.4";

/// A starting `package.json`, as EventCatalog's starter (`create-eventcatalog`) writes it:
/// name, version, private, its scripts and the `@eventcatalog/core` dependency. No `"type":
/// "module"`: EventCatalog's build fails with it.
pub(super) fn package_json(board: &Board) -> Value {
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
pub(super) fn config(board: &Board, org: &str) -> String {
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
