//! `eventcatalog`: a folder EventCatalog 3 reads. Each bounded context becomes a domain with
//! one service; its events, commands and read models (as queries) live under the service with
//! their `schema.json`; aggregates are entities (`aggregateRoot`); public events get a channel
//! per delivery; external systems and partners are external services, front ends services,
//! each with what it sends and receives; teams own everything. Pages keep the prose a person
//! wrote under the frontmatter when the catalog is exported again. `package.json` and
//! `eventcatalog.config.js` (an ES module) are written once, as EventCatalog's starter writes
//! them, so `npm install && npm run build` builds the catalog.
//!
//! The pages are written by one [`Catalog`] builder, its methods split by what they write:
//! [`pages`] (frontmatter and MDX), [`messages`] (events, commands, channels), [`domains`]
//! (contexts as domains and services), [`external`] (external systems) and [`project`]
//! (`package.json` and the config).

mod domains;
mod external;
mod messages;
mod pages;
mod project;

use std::collections::BTreeMap;

use serde_json::json;

use super::contracts::{Contract, Contracts};
use super::deliveries::Deliveries;
use super::{Merge, OutputError, OutputFile, json_file};
use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::naming::{self, Unique};
use crate::model::{Audience, Board, Id, Kind};
use pages::{mdx, page};
use project::{config, package_json};

/// The version of resources the board does not version (domains, services, channels).
const RESOURCE_VERSION: &str = "1.0.0";

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
    deliveries: &Deliveries,
    include_internal: bool,
) -> Result<Vec<OutputFile>, OutputError> {
    // The order of these steps is the order names are claimed in: changing it renames ids.
    let mut catalog = Catalog::new(board, analysis, contracts, deliveries, include_internal);
    catalog.teams();
    catalog.message_places();
    catalog.channels();
    catalog.message_pages()?;
    let users = catalog.message_users();
    for (index, candidates) in users.iter().enumerate() {
        let queries = catalog.queries(index)?;
        let entities = catalog.entities(index);
        catalog.service_and_domain(index, queries, entities, candidates);
    }
    catalog.external_systems();
    catalog.audiences();
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
    /// The channels (folder, audience) of each event that crosses a boundary.
    channel_of: BTreeMap<Id, Vec<(String, Audience)>>,
    /// Every delivery, and the front ends and partners.
    deliveries: &'c Deliveries,
}

impl<'b, 'c> Catalog<'b, 'c> {
    fn new(
        board: &'b Board,
        analysis: &'b Analysis,
        contracts: &'c Contracts<'b>,
        deliveries: &'c Deliveries,
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
            deliveries,
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
}
