//! External systems as EventCatalog's external services, with what they send and receive.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::Catalog;
use super::RESOURCE_VERSION;
use super::pages::{body, page, summary};
use crate::model::naming::{self, one_line};
use crate::model::{Kind, LinkMeaning};

impl Catalog<'_, '_> {
    /// External systems, as external services: one per PascalCase name, gathering what every
    /// sticky of that name sends and receives.
    pub(super) fn external_systems(&mut self) {
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
