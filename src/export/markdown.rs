//! `markdown`: one readable document of the model, `<board>.md`: the contexts and their flows
//! in timeline order, a table of every event (producer, consumers, visibility, fields), the
//! commands, the object types, a glossary of the ubiquitous language, the open hotspots and
//! the model check's findings.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use super::contracts::Contracts;
use super::deliveries::{Deliveries, Route};
use super::{OutputError, OutputFile};
use crate::model::analysis::{Analysis, in_timeline_order};
use crate::model::check::Finding;
use crate::model::naming::{self, one_line};
use crate::model::{Audience, Board, Direction, Field, Id, Kind};

/// The one document.
pub fn export(
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    deliveries: &Deliveries,
    findings: &[Finding],
) -> Result<Vec<OutputFile>, OutputError> {
    let path = format!(
        "{}.md",
        naming::file_stem(naming::kebab_or(&board.meta.title, "board"))
    );
    let mut md = String::new();
    match document(&mut md, (board, analysis), contracts, deliveries, findings) {
        Ok(()) => Ok(vec![OutputFile::new(path, md.into_bytes())]),
        Err(e) => Err(OutputError::Contents {
            path,
            message: e.to_string(),
        }),
    }
}

/// The sections of the document, in order.
fn document(
    md: &mut String,
    (board, analysis): (&Board, &Analysis),
    contracts: &Contracts,
    deliveries: &Deliveries,
    findings: &[Finding],
) -> fmt::Result {
    title(md, board)?;
    contexts(md, board, analysis, contracts)?;
    events(md, board, analysis, contracts)?;
    audiences(md, board, analysis, contracts, deliveries)?;
    payloads(md, board, contracts)?;
    glossary(md, board, analysis)?;
    hotspots(md, board)?;
    check_findings(md, findings)
}

/// The title, the description, the organisation and the namespace.
fn title(md: &mut String, board: &Board) -> fmt::Result {
    let title = one_line(&board.meta.title);
    writeln!(
        md,
        "# {}\n",
        cell_text(if title.is_empty() {
            "Untitled board"
        } else {
            &title
        })
    )?;
    if !board.meta.description.trim().is_empty() {
        writeln!(md, "{}\n", prose(&board.meta.description))?;
    }
    let org = board.meta.organisation.trim();
    if !org.is_empty() {
        writeln!(md, "Organisation: {}. ", cell_text(org))?;
    }
    writeln!(
        md,
        "Namespace: `{}`. Exported by Stormpad.\n",
        Analysis::namespace(board, None)
    )?;
    Ok(())
}

/// Each bounded context: its facts and its flows in timeline order.
fn contexts(
    md: &mut String,
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
) -> fmt::Result {
    writeln!(md, "## Bounded contexts\n")?;
    for context in &contracts.contexts {
        writeln!(md, "### {}\n", cell_text(&context.name))?;
        if !context.description.is_empty() {
            writeln!(md, "{}\n", prose(context.description))?;
        }
        if !context.team.is_empty() {
            writeln!(md, "- Team: {}", cell_text(context.team))?;
        }
        writeln!(md, "- Namespace: `{}`", context.namespace)?;
        let facts = context.id.and_then(|id| analysis.contexts.get(&id));
        if let Some(facts) = facts {
            let names = |ids: &[Id]| -> String {
                let list: Vec<String> = in_timeline_order(board, ids.iter().copied())
                    .into_iter()
                    .filter_map(|id| board.stickies.get(&id))
                    .map(|s| cell_text(&s.text))
                    .collect();
                if list.is_empty() {
                    "none".to_owned()
                } else {
                    list.join(", ")
                }
            };
            writeln!(md, "- Produces: {}", names(&facts.produces))?;
            writeln!(
                md,
                "- Consumes from other contexts: {}",
                names(&facts.consumes)
            )?;
        }
        let inside = analysis.stickies_in(context.id);
        let flows: Vec<String> = in_timeline_order(board, inside.iter().copied())
            .into_iter()
            .flat_map(|id| {
                let targets = analysis.outgoing(id).map(|f| f.to);
                let order = in_timeline_order(board, targets);
                let mut flows: Vec<_> = analysis.outgoing(id).copied().collect();
                flows.sort_by_key(|f| order.iter().position(|t| *t == f.to));
                flows
            })
            .filter_map(|f| {
                let from = board.stickies.get(&f.from)?;
                let to = board.stickies.get(&f.to)?;
                Some(format!(
                    "{} **{}** {} {} **{}**",
                    from.kind.default_label(),
                    cell_text(&one_line(&from.text)),
                    f.meaning.verb(),
                    to.kind.default_label().to_lowercase(),
                    cell_text(&one_line(&to.text))
                ))
            })
            .collect();
        if !flows.is_empty() {
            writeln!(md, "\nFlows, in timeline order:\n")?;
            for (i, flow) in flows.iter().enumerate() {
                writeln!(md, "{}. {flow}", i + 1)?;
            }
        }
        writeln!(md)?;
    }
    Ok(())
}

/// The table of every event: context, visibility, version, channel, who produces and consumes it.
fn events(
    md: &mut String,
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
) -> fmt::Result {
    writeln!(md, "## Events\n")?;
    writeln!(
        md,
        "| Event | Context | Visibility | Version | Channel | Producers | Consumers |\n|---|---|---|---|---|---|---|"
    )?;
    for c in contracts
        .items
        .iter()
        .filter(|c| c.sticky.kind == Kind::DomainEvent)
    {
        let facts = analysis.events.get(&c.id);
        let visibility = c.visibility.map(|v| v.label()).unwrap_or_default();
        let crosses = analysis.crosses_boundary(c.id);
        let list = |ids: Option<&Vec<Id>>| {
            let names: Vec<String> = ids
                .into_iter()
                .flatten()
                .map(|id| name_of(board, id))
                .collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        };
        writeln!(
            md,
            "| {} | {} | {visibility} | {} | {} | {} | {} |",
            cell_text(c.name()),
            cell_text(&contracts.context_of(c).name),
            if crosses {
                cell_text(&c.version)
            } else {
                "".into()
            },
            if crosses {
                cell_text(&analysis.channel(board, c.id))
            } else {
                "".into()
            },
            list(facts.map(|f| &f.producers)),
            list(facts.map(|f| &f.consumers)),
        )?;
    }
    writeln!(md)?;
    Ok(())
}

/// Who each event that crosses a boundary reaches, or comes from: one row per delivery
/// (audience, its kind, transport, channel, direction).
fn audiences(
    md: &mut String,
    board: &Board,
    analysis: &Analysis,
    contracts: &Contracts,
    deliveries: &Deliveries,
) -> fmt::Result {
    let rows: Vec<(&crate::export::contracts::Contract, &Route)> = contracts
        .items
        .iter()
        .filter(|c| c.sticky.kind == Kind::DomainEvent && analysis.crosses_boundary(c.id))
        .flat_map(|c| deliveries.of_event(c.id).iter().map(move |r| (c, r)))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(md, "## Audiences\n")?;
    writeln!(
        md,
        "One event can reach several audiences: other contexts, front ends, partners.\n"
    )?;
    writeln!(
        md,
        "| Event | Audience | Kind | Transport | Channel | Direction |\n|---|---|---|---|---|---|"
    )?;
    for (c, r) in rows {
        let audience = match r.audience {
            Audience::Context(id) => board
                .boundaries
                .get(&id)
                .map(|b| one_line(&b.name))
                .unwrap_or_default(),
            Audience::AnySubscriber => "any subscriber".to_owned(),
            other => deliveries
                .party(other)
                .map(|p| p.name.clone())
                .or_else(|| other.id().map(|id| name_of(board, &id)))
                .unwrap_or_default(),
        };
        writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            cell_text(c.name()),
            cell_text(&audience),
            r.kind.label(),
            r.transport.map_or("not set", |t| t.label()),
            cell_text(&r.channel),
            match r.direction {
                Direction::Publish => "we publish",
                Direction::Receive => "we receive",
            }
        )?;
    }
    writeln!(md)
}

/// The fields of every event and command, then of every object type.
fn payloads(md: &mut String, board: &Board, contracts: &Contracts) -> fmt::Result {
    for kind in [Kind::DomainEvent, Kind::Command] {
        let heading = if kind == Kind::DomainEvent {
            "Event payloads"
        } else {
            "Commands"
        };
        writeln!(md, "## {heading}\n")?;
        for c in contracts.items.iter().filter(|c| c.sticky.kind == kind) {
            writeln!(
                md,
                "### {} ({})\n",
                cell_text(c.name()),
                cell_text(&contracts.context_of(c).name)
            )?;
            if !c.sticky.description.trim().is_empty() {
                writeln!(md, "{}\n", prose(&c.sticky.description))?;
            }
            fields_table(md, &c.sticky.fields)?;
        }
    }
    if !board.types.is_empty() {
        writeln!(md, "## Object types\n")?;
        for (name, ty) in &board.types {
            writeln!(md, "### {}\n", cell_text(name))?;
            if !ty.description.trim().is_empty() {
                writeln!(md, "{}\n", prose(&ty.description))?;
            }
            fields_table(md, &ty.fields)?;
        }
    }
    Ok(())
}

/// The ubiquitous language: every term on the board, by context, with its meaning.
fn glossary(md: &mut String, board: &Board, analysis: &Analysis) -> fmt::Result {
    writeln!(md, "## Glossary\n")?;
    let mut glossary: BTreeMap<(String, String), (Kind, String, String)> = BTreeMap::new();
    for (id, s) in &board.stickies {
        if matches!(s.kind, Kind::Hotspot | Kind::Opportunity) || s.text.trim().is_empty() {
            continue;
        }
        let context = analysis
            .context_of(*id)
            .and_then(|c| board.boundaries.get(&c))
            .map(|b| one_line(&b.name))
            .unwrap_or_default();
        let term = one_line(&s.text);
        glossary
            .entry((term.to_lowercase(), context.clone()))
            .or_insert((s.kind, term, context));
    }
    let mut descriptions: BTreeMap<(String, String), String> = BTreeMap::new();
    for (id, s) in &board.stickies {
        if !s.description.trim().is_empty() {
            let context = analysis
                .context_of(*id)
                .and_then(|c| board.boundaries.get(&c))
                .map(|b| one_line(&b.name))
                .unwrap_or_default();
            descriptions
                .entry((one_line(&s.text).to_lowercase(), context))
                .or_insert_with(|| one_line(&s.description));
        }
    }
    writeln!(md, "| Term | Kind | Context | Meaning |\n|---|---|---|---|")?;
    for (key, (kind, term, context)) in &glossary {
        writeln!(
            md,
            "| {} | {} | {} | {} |",
            cell_text(term),
            kind.default_label(),
            cell_text(context),
            cell_text(descriptions.get(key).map(String::as_str).unwrap_or(""))
        )?;
    }
    writeln!(md)?;
    Ok(())
}

/// The hotspots still open, in timeline order.
fn hotspots(md: &mut String, board: &Board) -> fmt::Result {
    writeln!(md, "## Open hotspots\n")?;
    let hotspots: Vec<Id> = board
        .stickies
        .iter()
        .filter(|(_, s)| s.kind == Kind::Hotspot)
        .map(|(id, _)| *id)
        .collect();
    if hotspots.is_empty() {
        writeln!(md, "None.")?;
    }
    for id in in_timeline_order(board, hotspots) {
        writeln!(md, "- {}", name_of(board, &id))?;
    }
    writeln!(md)?;
    Ok(())
}

/// The model check's findings (run once per export, see `SpecInputs`).
fn check_findings(md: &mut String, findings: &[Finding]) -> fmt::Result {
    writeln!(md, "## Model check\n")?;
    if findings.is_empty() {
        writeln!(md, "No findings.")?;
    }
    for f in findings {
        writeln!(
            md,
            "- **{} {}**: {}. Fix: {}.",
            f.code(),
            f.severity.label(),
            cell_text(&f.message),
            cell_text(&f.fix)
        )?;
    }
    Ok(())
}

/// The name on a sticky, safe in a table cell; empty for an id the board does not hold.
fn name_of(board: &Board, id: &Id) -> String {
    board
        .stickies
        .get(id)
        .map(|s| cell_text(&one_line(&s.text)))
        .unwrap_or_default()
}

fn fields_table(md: &mut String, fields: &[Field]) -> fmt::Result {
    if fields.is_empty() {
        writeln!(md, "No fields.\n")?;
        return Ok(());
    }
    writeln!(
        md,
        "| Field | Type | Required | Published | Description |\n|---|---|---|---|---|"
    )?;
    for f in fields {
        let published = match (f.is_published(), f.personal) {
            (true, false) => "yes",
            (true, true) => "yes (personal data)",
            (false, false) => "internal only",
            (false, true) => "internal only (personal data)",
        };
        writeln!(
            md,
            "| {} | `{}` | {} | {published} | {} |",
            cell_text(&f.name),
            f.ty.replace('`', "'").replace('|', "\\|"),
            if f.required { "yes" } else { "no" },
            cell_text(&f.description)
        )?;
    }
    writeln!(md)
}

/// A description as Markdown paragraphs: each line shown as typed (escaped like a cell),
/// line breaks kept.
fn prose(text: &str) -> String {
    text.trim()
        .lines()
        .map(cell_text)
        .collect::<Vec<_>>()
        .join("  \n")
}

/// Text safe inside a table cell, heading or list item: the one Markdown escape of every name
/// ([`naming::markdown`]).
fn cell_text(text: &str) -> String {
    naming::markdown(text)
}
