//! What each bounded context becomes: a domain with one service, the service's queries (read
//! models) and the domain's entities (aggregates).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::pages::{body, mdx, page, reference, summary};
use super::{Catalog, RESOURCE_VERSION};
use crate::export::{OutputError, json_file};
use crate::model::analysis::EventVisibility;
use crate::model::naming::{self, one_line};
use crate::model::{Audience, Direction, Id, Kind, Sticky};

impl<'b> Catalog<'b, '_> {
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
    pub(super) fn queries(&mut self, index: usize) -> Result<Vec<Value>, OutputError> {
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
                    "$schema": crate::export::schema::DIALECT,
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
    pub(super) fn entities(&mut self, index: usize) -> Vec<Value> {
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

    /// For each context (by index), the messages its service may send or receive, as indices
    /// into the contracts in their order: its own, and the public events of other contexts it
    /// consumes or that are delivered to it. One pass over the contracts, so a service does
    /// not walk every message of the board.
    pub(super) fn message_users(&self) -> Vec<Vec<usize>> {
        let contexts = &self.contracts.contexts;
        let index_of: BTreeMap<Option<Id>, usize> = contexts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); contexts.len()];
        // Contracts come in order, so one already added to a context is its last one.
        let mut add = |context: usize, contract: usize| {
            if let Some(list) = users.get_mut(context)
                && list.last() != Some(&contract)
            {
                list.push(contract);
            }
        };
        for (i, c) in self.contracts.items.iter().enumerate() {
            if !self.messages.contains_key(&c.id) {
                continue;
            }
            add(c.context, i);
            let public = c.visibility.is_some_and(|v| v != EventVisibility::Internal);
            if c.sticky.kind != Kind::DomainEvent || !public {
                continue;
            }
            if let Some(facts) = self.analysis.events.get(&c.id) {
                for consumer in &facts.consumers {
                    if let Some(context) = index_of.get(&self.analysis.context_of(*consumer)) {
                        add(*context, i);
                    }
                }
            }
            for route in self.deliveries.of_event(c.id) {
                if let Audience::Context(id) = route.audience
                    && route.direction == Direction::Publish
                    && let Some(context) = index_of.get(&Some(id))
                {
                    add(*context, i);
                }
            }
        }
        users
    }

    /// What a context's service sends and receives: its commands and external events come
    /// in, its other events go out, and the public events of others it consumes come in.
    /// `candidates` are the messages it may use ([`Catalog::message_users`]).
    fn sends_and_receives(&self, index: usize, candidates: &[usize]) -> (Vec<Value>, Vec<Value>) {
        let context = &self.contracts.contexts[index];
        let mut sends = Vec::new();
        let mut receives = Vec::new();
        for c in candidates
            .iter()
            .filter_map(|i| self.contracts.items.get(*i))
            .filter(|c| self.messages.contains_key(&c.id))
        {
            let ours = c.context == index;
            match (c.sticky.kind, c.visibility) {
                (Kind::Command, _) if ours => receives.extend(self.message_ref(c.id, "from")),
                (Kind::DomainEvent, Some(EventVisibility::External)) if ours => {
                    receives.extend(self.message_ref(c.id, "from"))
                }
                (Kind::DomainEvent, _) if ours => {
                    let routes = self.deliveries.of_event(c.id);
                    let received =
                        |r: &&crate::export::deliveries::Route| r.direction == Direction::Receive;
                    if routes.iter().any(|r| received(&r)) {
                        receives.extend(self.message_ref_for(c.id, "from", |a| {
                            routes.iter().any(|r| received(&r) && r.audience == a)
                        }));
                    }
                    if routes.is_empty() || !routes.iter().all(|r| received(&r)) {
                        sends.extend(self.message_ref_for(c.id, "to", |a| {
                            routes.iter().any(|r| !received(&r) && r.audience == a)
                        }));
                    }
                }
                (Kind::DomainEvent, Some(v)) if v != EventVisibility::Internal => {
                    let here = context.id.map(Audience::Context);
                    let consumed_here = self.analysis.events.get(&c.id).is_some_and(|e| {
                        e.consumers
                            .iter()
                            .any(|x| self.analysis.context_of(*x) == context.id)
                    });
                    let sent_here = self
                        .deliveries
                        .of_event(c.id)
                        .iter()
                        .any(|r| Some(r.audience) == here && r.direction == Direction::Publish);
                    if consumed_here || sent_here {
                        receives.extend(self.message_ref_for(c.id, "from", |a| {
                            Some(a) == here || a == Audience::AnySubscriber
                        }));
                    }
                }
                _ => {}
            }
        }
        (sends, receives)
    }

    /// A context's service page and its domain page.
    pub(super) fn service_and_domain(
        &mut self,
        index: usize,
        queries: Vec<Value>,
        entities: Vec<Value>,
        candidates: &[usize],
    ) {
        let context = &self.contracts.contexts[index];
        let domain = &self.domain_ids[index];
        let service = &self.service_ids[index];
        let team = &self.team_of[index];
        let (sends, mut receives) = self.sends_and_receives(index, candidates);
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
}
