//! `markdown`: one readable document of the model, `<board>.md`: the contexts and their flows
//! in timeline order, a table of every event (producer, consumers, visibility, fields), the
//! commands, the object types, a glossary of the ubiquitous language, the open hotspots and
//! the model check's findings.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::OutputFile;
use super::contracts::Contracts;
use crate::model::analysis::{Analysis, in_timeline_order};
use crate::model::check;
use crate::model::naming::{self, one_line};
use crate::model::{Board, Field, Id, Kind};

/// The one document.
pub fn export(board: &Board, analysis: &Analysis, contracts: &Contracts) -> Vec<OutputFile> {
    let mut md = String::new();
    let title = one_line(&board.meta.title);
    let _ = writeln!(
        md,
        "# {}\n",
        cell_text(if title.is_empty() {
            "Untitled board"
        } else {
            &title
        })
    );
    if !board.meta.description.trim().is_empty() {
        let _ = writeln!(md, "{}\n", prose(&board.meta.description));
    }
    let org = board.meta.organisation.trim();
    if !org.is_empty() {
        let _ = writeln!(md, "Organisation: {}. ", cell_text(org));
    }
    let _ = writeln!(
        md,
        "Namespace: `{}`. Exported by Stormpad.\n",
        Analysis::namespace(board, None)
    );

    let _ = writeln!(md, "## Bounded contexts\n");
    for context in &contracts.contexts {
        let _ = writeln!(md, "### {}\n", cell_text(&context.name));
        if !context.description.is_empty() {
            let _ = writeln!(md, "{}\n", prose(context.description));
        }
        if !context.team.is_empty() {
            let _ = writeln!(md, "- Team: {}", cell_text(context.team));
        }
        let _ = writeln!(md, "- Namespace: `{}`", context.namespace);
        let facts = context.id.and_then(|id| analysis.contexts.get(&id));
        if let Some(facts) = facts {
            let names = |ids: &[Id]| -> String {
                let list: Vec<String> = in_timeline_order(board, ids.iter().copied())
                    .into_iter()
                    .filter_map(|id| board.stickies.get(&id))
                    .map(|s| one_line(&s.text))
                    .collect();
                if list.is_empty() {
                    "none".to_owned()
                } else {
                    list.join(", ")
                }
            };
            let _ = writeln!(md, "- Produces: {}", names(&facts.produces));
            let _ = writeln!(
                md,
                "- Consumes from other contexts: {}",
                names(&facts.consumes)
            );
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
            let _ = writeln!(md, "\nFlows, in timeline order:\n");
            for (i, flow) in flows.iter().enumerate() {
                let _ = writeln!(md, "{}. {flow}", i + 1);
            }
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Events\n");
    let _ = writeln!(
        md,
        "| Event | Context | Visibility | Version | Channel | Producers | Consumers |\n|---|---|---|---|---|---|---|"
    );
    let name_of = |id: &Id| {
        board
            .stickies
            .get(id)
            .map(|s| cell_text(&one_line(&s.text)))
            .unwrap_or_default()
    };
    for c in contracts
        .items
        .iter()
        .filter(|c| c.sticky.kind == Kind::DomainEvent)
    {
        let facts = analysis.events.get(&c.id);
        let visibility = c.visibility.map(|v| v.label()).unwrap_or_default();
        let crosses = analysis.crosses_boundary(c.id);
        let list = |ids: Option<&Vec<Id>>| {
            let names: Vec<String> = ids.into_iter().flatten().map(name_of).collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        };
        let _ = writeln!(
            md,
            "| {} | {} | {visibility} | {} | {} | {} | {} |",
            cell_text(&c.name()),
            cell_text(&contracts.context_of(c).name),
            if crosses {
                c.version.clone()
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
        );
    }
    let _ = writeln!(md);
    for kind in [Kind::DomainEvent, Kind::Command] {
        let heading = if kind == Kind::DomainEvent {
            "Event payloads"
        } else {
            "Commands"
        };
        let _ = writeln!(md, "## {heading}\n");
        for c in contracts.items.iter().filter(|c| c.sticky.kind == kind) {
            let _ = writeln!(
                md,
                "### {} ({})\n",
                cell_text(&c.name()),
                cell_text(&contracts.context_of(c).name)
            );
            if !c.sticky.description.trim().is_empty() {
                let _ = writeln!(md, "{}\n", prose(&c.sticky.description));
            }
            fields_table(&mut md, &c.sticky.fields);
        }
    }
    if !board.types.is_empty() {
        let _ = writeln!(md, "## Object types\n");
        for (name, ty) in &board.types {
            let _ = writeln!(md, "### {}\n", cell_text(name));
            if !ty.description.trim().is_empty() {
                let _ = writeln!(md, "{}\n", prose(&ty.description));
            }
            fields_table(&mut md, &ty.fields);
        }
    }

    let _ = writeln!(md, "## Glossary\n");
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
    let _ = writeln!(md, "| Term | Kind | Context | Meaning |\n|---|---|---|---|");
    for (key, (kind, term, context)) in &glossary {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            cell_text(term),
            kind.default_label(),
            cell_text(context),
            cell_text(descriptions.get(key).map(String::as_str).unwrap_or(""))
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "## Open hotspots\n");
    let hotspots: Vec<Id> = board
        .stickies
        .iter()
        .filter(|(_, s)| s.kind == Kind::Hotspot)
        .map(|(id, _)| *id)
        .collect();
    if hotspots.is_empty() {
        let _ = writeln!(md, "None.");
    }
    for id in in_timeline_order(board, hotspots) {
        let _ = writeln!(md, "- {}", name_of(&id));
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "## Model check\n");
    let findings = check::check(board, analysis);
    if findings.is_empty() {
        let _ = writeln!(md, "No findings.");
    }
    for f in &findings {
        let _ = writeln!(
            md,
            "- **{} {}**: {}. Fix: {}.",
            f.code(),
            f.severity.label(),
            cell_text(&f.message),
            cell_text(&f.fix)
        );
    }
    let path = format!("{}.md", naming::kebab(&board.meta.title));
    vec![OutputFile::new(path, md.into_bytes())]
}

fn fields_table(md: &mut String, fields: &[Field]) {
    if fields.is_empty() {
        let _ = writeln!(md, "No fields.\n");
        return;
    }
    let _ = writeln!(
        md,
        "| Field | Type | Required | Description |\n|---|---|---|---|"
    );
    for f in fields {
        let _ = writeln!(
            md,
            "| {} | `{}` | {} | {} |",
            cell_text(&f.name),
            f.ty.replace('`', "'").replace('|', "\\|"),
            if f.required { "yes" } else { "no" },
            cell_text(&f.description)
        );
    }
    let _ = writeln!(md);
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

/// Text safe inside a table cell or heading: one line, `|` escaped, HTML and emphasis
/// characters neutralised.
fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
