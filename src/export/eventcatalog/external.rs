//! External systems, partners and front ends as EventCatalog services (partners and external
//! systems as external ones), with what they send and receive.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::Catalog;
use super::RESOURCE_VERSION;
use super::pages::{body, page, summary};
use crate::export::deliveries::Route;
use crate::model::naming::{self, one_line};
use crate::model::{Audience, AudienceKind, Direction, Kind, LinkMeaning};

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
            // Deliveries to and from the sticky as a partner, or the partner region of its
            // name (one page for both).
            let region_of_that_name = |id: Option<crate::model::Id>| {
                id.and_then(|id| self.board.boundaries.get(&id))
                    .is_some_and(|b| naming::pascal(&b.name) == pascal)
            };
            for (event, routes) in &self.deliveries.routes {
                for r in routes.iter().filter(|r| {
                    r.audience.id() == Some(*x)
                        || (r.kind == AudienceKind::Partner && region_of_that_name(r.audience.id()))
                }) {
                    let (list, with) = match r.direction {
                        Direction::Publish => (&mut receives, "from"),
                        Direction::Receive => (&mut sends, "to"),
                    };
                    let audience = r.audience;
                    list.extend(self.message_ref_for(*event, with, |a| a == audience));
                }
            }
        }
        let mut seen = Vec::new();
        sends.retain(|v| {
            !seen.contains(v) && {
                seen.push(v.clone());
                true
            }
        });
        let mut seen = Vec::new();
        receives.retain(|v| {
            !seen.contains(v) && {
                seen.push(v.clone());
                true
            }
        });
        (sends, receives)
    }
}

impl Catalog<'_, '_> {
    /// Front ends and partner organisations drawn as regions, as services: a partner is an
    /// external system; each with what it sends us (the events we receive from it) and what
    /// it receives (the events delivered to it), on their channels. A partner that is an
    /// external-system sticky is already the page [`Catalog::external_systems`] writes.
    pub(super) fn audiences(&mut self) {
        let deliveries = self.deliveries;
        for party in &deliveries.parties {
            // A partner region named like an external system is that system's page.
            let drawn_as_system = self.board.stickies.values().any(|s| {
                s.kind == Kind::ExternalSystem
                    && naming::pascal(&s.text) == naming::pascal(&party.name)
            });
            if !self.board.boundaries.contains_key(&party.id)
                || (party.kind == AudienceKind::Partner && drawn_as_system)
            {
                continue;
            }
            let mut sends = Vec::new();
            let mut receives = Vec::new();
            for c in self.contracts.items.iter() {
                let routes = deliveries.of_event(c.id);
                let mine = |r: &&Route| r.audience.id() == Some(party.id) && r.kind == party.kind;
                let to_them = |a: Audience| a.id() == Some(party.id);
                if routes
                    .iter()
                    .any(|r| mine(&r) && r.direction == Direction::Publish)
                {
                    receives.extend(self.message_ref_for(c.id, "from", to_them));
                }
                if routes
                    .iter()
                    .any(|r| mine(&r) && r.direction == Direction::Receive)
                {
                    sends.extend(self.message_ref_for(c.id, "to", to_them));
                }
            }
            let sid = self
                .resource_ids
                .claim(naming::file_stem(naming::pascal(&party.name)), "");
            let what = match party.kind {
                AudienceKind::Partner => "a partner organisation",
                _ => "a front-end client",
            };
            let mut front = Map::new();
            front.insert("id".into(), json!(sid));
            front.insert("name".into(), json!(party.name));
            front.insert("version".into(), json!(RESOURCE_VERSION));
            front.insert("summary".into(), json!(format!("{}, {what}.", party.name)));
            front.insert("owners".into(), json!([self.fallback_team]));
            if party.kind == AudienceKind::Partner {
                front.insert("externalSystem".into(), json!(true));
            }
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
                    "",
                    &format!(
                        "{}, {what}: the events it receives from us and sends us, as drawn on the board.",
                        party.name
                    ),
                    "<NodeGraph />",
                ),
            ));
        }
    }
}
