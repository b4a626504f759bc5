//! The model check: what NOTATION.md's last section says a board should not have, each with a
//! stable code, a severity, the stickies it concerns and a fix. The GUI lists the findings
//! live; `stormpad check` prints them and fails a pipeline on errors.

use std::collections::BTreeMap;
use std::fmt;

use super::analysis::{Analysis, EventVisibility, Level};
use super::board::Board;
use super::id::Id;
use super::link::LinkMeaning;
use super::naming;
use super::sticky::{Field, Kind, Sticky, Visibility};
use super::types::{FieldType, field_name_problem};

/// How much a finding matters. Errors make exports wrong (or `stormpad check` fail);
/// warnings are what a facilitator would point at; infos are reminders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The word used in reports: `error`, `warning`, `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable code (`ES012`): documented, searchable, safe to filter on in CI.
    pub code: &'static str,
    pub severity: Severity,
    /// The stickies it concerns, first the one to show; empty for board-wide findings.
    pub stickies: Vec<Id>,
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} (fix: {})",
            self.code,
            self.severity.label(),
            self.message,
            self.fix
        )
    }
}

/// Every rule: code, severity, and what it reports. The README's table is this one.
pub const RULES: &[(&str, Severity, &str)] = &[
    ("ES001", Severity::Warning, "an event not in the past tense"),
    (
        "ES002",
        Severity::Warning,
        "a command that reads like an event",
    ),
    ("ES003", Severity::Warning, "a command that nothing handles"),
    ("ES004", Severity::Warning, "an event that nothing produces"),
    ("ES005", Severity::Warning, "a policy that nothing triggers"),
    (
        "ES006",
        Severity::Warning,
        "a policy that issues no command",
    ),
    (
        "ES007",
        Severity::Warning,
        "the same name twice in one context",
    ),
    (
        "ES008",
        Severity::Warning,
        "an arrow the grammar does not know",
    ),
    (
        "ES009",
        Severity::Error,
        "an event consumed in another context but marked internal",
    ),
    (
        "ES010",
        Severity::Warning,
        "a public event without its own version or channel",
    ),
    (
        "ES011",
        Severity::Warning,
        "two names that become the same identifier in code",
    ),
    (
        "ES012",
        Severity::Warning,
        "a sticky outside every bounded context (design level)",
    ),
    ("ES013", Severity::Info, "an open hotspot"),
    (
        "ES014",
        Severity::Error,
        "a field type that is not understood, or an unknown object type",
    ),
    (
        "ES015",
        Severity::Error,
        "a field name that is not usable, or used twice",
    ),
    (
        "ES016",
        Severity::Error,
        "a version that is not semver (MAJOR.MINOR.PATCH)",
    ),
    (
        "ES017",
        Severity::Error,
        "an object type that requires itself (no finite value exists)",
    ),
    (
        "ES018",
        Severity::Warning,
        "a channel or namespace with characters brokers and URLs refuse",
    ),
];

fn severity_of(code: &str) -> Severity {
    RULES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(Severity::Warning, |(_, s, _)| *s)
}

/// Collects findings; `push` takes the severity from [`RULES`], so a rule's severity is
/// written once.
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, code: &'static str, stickies: Vec<Id>, message: String, fix: &str) {
        self.0.push(Finding {
            code,
            severity: severity_of(code),
            stickies,
            message,
            fix: fix.to_owned(),
        });
    }
}

/// Runs every rule on `board`. Findings come sorted by severity, code, then sticky id, so the
/// output of two runs on one board is identical.
pub fn check(board: &Board, analysis: &Analysis) -> Vec<Finding> {
    let mut out = Findings(Vec::new());
    let process = analysis.level >= Level::Process;
    for (&id, s) in &board.stickies {
        let name = quoted(s);
        match s.kind {
            Kind::DomainEvent => {
                if !reads_past(&s.text) {
                    out.push(
                        "ES001",
                        vec![id],
                        format!("event {name} is not in the past tense"),
                        "name what happened, in the past tense: \"Order Placed\"",
                    );
                }
                if process
                    && analysis
                        .events
                        .get(&id)
                        .is_some_and(|e| e.producers.is_empty())
                {
                    out.push(
                        "ES004",
                        vec![id],
                        format!("nothing produces event {name}"),
                        "draw an arrow to it from the aggregate, external system or command \
                         that causes it",
                    );
                }
                check_event_contract(board, analysis, id, s, &mut out);
            }
            Kind::Command => {
                if reads_like_event(&s.text) {
                    out.push(
                        "ES002",
                        vec![id],
                        format!("command {name} reads like an event"),
                        "name the intention, in the imperative: \"Place Order\"",
                    );
                }
                let handled = analysis.outgoing(id).any(|f| {
                    matches!(
                        f.meaning,
                        LinkMeaning::HandledBy | LinkMeaning::Invokes | LinkMeaning::ResultsIn
                    )
                });
                if process && !handled {
                    out.push(
                        "ES003",
                        vec![id],
                        format!("nothing handles command {name}"),
                        "draw an arrow from it to the aggregate or external system that \
                         handles it, or to the event it results in",
                    );
                }
            }
            Kind::Policy => {
                if analysis.sources(id, LinkMeaning::Triggers).is_empty() {
                    out.push(
                        "ES005",
                        vec![id],
                        format!("nothing triggers policy {name}"),
                        "draw an arrow to it from the event it reacts to",
                    );
                }
                if analysis.targets(id, LinkMeaning::Issues).is_empty() {
                    out.push(
                        "ES006",
                        vec![id],
                        format!("policy {name} issues no command"),
                        "draw an arrow from it to the command it issues",
                    );
                }
            }
            Kind::Hotspot => out.push(
                "ES013",
                vec![id],
                format!("hotspot {name} is open"),
                "resolve it with the people who know, then delete it",
            ),
            _ => {}
        }
        if s.kind.has_fields() {
            check_fields(board, &s.fields, &name, vec![id], &mut out);
        }
        let modelled = matches!(
            s.kind,
            Kind::DomainEvent | Kind::Command | Kind::Aggregate | Kind::Policy | Kind::ReadModel
        );
        // A board with no context drawn yet is one model; ES012 starts with the first one.
        let has_contexts = !analysis.contexts.is_empty();
        if has_contexts && modelled && analysis.context_of(id).is_none() {
            out.push(
                "ES012",
                vec![id],
                format!("{name} is outside every bounded context"),
                "move it into the bounded context it belongs to, or draw one around it",
            );
        }
    }
    for id in &analysis.unknown_links {
        let Some(link) = board.links.get(id) else {
            continue;
        };
        let (Some(from), Some(to)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            continue;
        };
        out.push(
            "ES008",
            vec![link.from, link.to],
            format!(
                "the grammar does not know an arrow from {} {} to {} {}",
                from.kind.default_label().to_lowercase(),
                quoted(from),
                to.kind.default_label().to_lowercase(),
                quoted(to)
            ),
            "check the arrow's direction, or put the missing sticky between them",
        );
    }
    check_names(board, analysis, &mut out);
    check_cycles(board, &mut out);
    for b in board.boundaries.values() {
        if !b.namespace.is_empty() && !is_plain_name(&b.namespace, false) {
            out.push(
                "ES018",
                Vec::new(),
                format!(
                    "the namespace \"{}\" of context \"{}\" holds characters other than \
                     letters, digits, `.`, `_` and `-`",
                    b.namespace, b.name
                ),
                "write it as dotted lower-case words, e.g. com.acme.orders",
            );
        }
    }
    if !board.meta.namespace.is_empty() && !is_plain_name(&board.meta.namespace, false) {
        out.push(
            "ES018",
            Vec::new(),
            format!(
                "the board's namespace \"{}\" holds characters other than letters, digits, \
                 `.`, `_` and `-`",
                board.meta.namespace
            ),
            "write it as dotted lower-case words, e.g. com.acme",
        );
    }
    for (name, ty) in &board.types {
        check_fields(
            board,
            &ty.fields,
            &format!("object type \"{name}\""),
            Vec::new(),
            &mut out,
        );
    }
    let mut findings = out.0;
    findings.sort_by(|a, b| {
        (a.severity, a.code, &a.stickies, &a.message).cmp(&(
            b.severity,
            b.code,
            &b.stickies,
            &b.message,
        ))
    });
    findings
}

fn quoted(s: &Sticky) -> String {
    format!(
        "\"{}\"",
        s.text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

fn check_event_contract(
    board: &Board,
    analysis: &Analysis,
    id: Id,
    s: &Sticky,
    out: &mut Findings,
) {
    let name = quoted(s);
    let Some(facts) = analysis.events.get(&id) else {
        return;
    };
    if s.visibility == Visibility::Internal {
        let elsewhere = facts
            .consumers
            .iter()
            .filter(|c| analysis.context_of(**c) != facts.context)
            .count();
        if elsewhere > 0 {
            out.push(
                "ES009",
                vec![id],
                format!(
                    "event {name} is marked internal but {elsewhere} consumer(s) in another \
                     context react to it"
                ),
                "set its visibility to public (it is a contract), or move the consumers into \
                 its context",
            );
        }
    }
    if let Some(channel) = &s.channel
        && !is_plain_name(channel, true)
    {
        out.push(
            "ES018",
            vec![id],
            format!(
                "the channel \"{channel}\" of event {name} holds spaces or characters Kafka, \
                 AMQP and MQTT topics do not accept"
            ),
            "use letters, digits, `.`, `_`, `-` (and `/` for MQTT), e.g. orders.order-placed.v1",
        );
    }
    if let Some(version) = &s.version
        && !is_semver(version)
    {
        out.push(
            "ES016",
            vec![id],
            format!("the version \"{version}\" of event {name} is not MAJOR.MINOR.PATCH"),
            "write a semver version such as 1.0.0",
        );
    }
    if facts.visibility == EventVisibility::Public {
        let missing: Vec<&str> = [
            ("version", s.version.is_none()),
            ("channel", s.channel.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(what, _)| what)
        .collect();
        if !missing.is_empty() {
            out.push(
                "ES010",
                vec![id],
                format!(
                    "public event {name} has no {} of its own (exports use {})",
                    missing.join(" and no "),
                    [
                        s.version.is_none().then(|| Analysis::version(board, id)),
                        s.channel.is_none().then(|| analysis.channel(board, id)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" and ")
                ),
                "set them in the inspector: a public event is a published contract",
            );
        }
    }
}

fn check_fields(board: &Board, fields: &[Field], owner: &str, ids: Vec<Id>, out: &mut Findings) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for field in fields {
        if let Some(problem) = field_name_problem(&field.name) {
            out.push(
                "ES015",
                ids.clone(),
                format!("{owner}: {problem}"),
                "rename the field in the inspector",
            );
        } else if let Some(first) = seen.insert(naming::snake(&field.name), &field.name) {
            out.push(
                "ES015",
                ids.clone(),
                format!(
                    "{owner} has the fields \"{first}\" and \"{}\", which are the same name in code",
                    field.name
                ),
                "rename or remove one of them",
            );
        }
        match FieldType::parse(&field.ty) {
            Err(e) => out.push(
                "ES014",
                ids.clone(),
                format!("{owner}, field \"{}\": {e}", field.name),
                "fix the type in the inspector",
            ),
            Ok(ty) => {
                for unknown in ty.unknown_objects(&|n| board.types.contains_key(n)) {
                    out.push(
                        "ES014",
                        ids.clone(),
                        format!(
                            "{owner}, field \"{}\": the board defines no object type \"{unknown}\"",
                            field.name
                        ),
                        "define the object type in the inspector's Board section, or fix the \
                         name",
                    );
                }
            }
        }
    }
}

/// The stickies that become one type name in one code module: (context, PascalCase name).
type TypeScope = (Option<Id>, String);

/// ES007 (the same name twice) and ES011 (different names, one identifier), per context.
fn check_names(board: &Board, analysis: &Analysis, out: &mut Findings) {
    // Stickies that become types in the same module: one group per context (None: outside).
    let mut groups: BTreeMap<TypeScope, Vec<(Id, &Sticky)>> = BTreeMap::new();
    for (&id, s) in &board.stickies {
        let becomes_type = matches!(
            s.kind,
            Kind::DomainEvent | Kind::Command | Kind::Aggregate | Kind::Policy | Kind::ReadModel
        );
        if becomes_type && !s.text.trim().is_empty() {
            groups
                .entry((analysis.context_of(id), naming::pascal(&s.text)))
                .or_default()
                .push((id, s));
        }
    }
    let normalised = |s: &Sticky| s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut by_text: BTreeMap<String, Vec<(Id, Kind)>> = BTreeMap::new();
        for (id, s) in members {
            by_text
                .entry(normalised(s))
                .or_default()
                .push((*id, s.kind));
        }
        // Aggregates, policies and read models are drawn again beside each flow they take
        // part in; only events and commands repeated are left-over duplicates.
        for (text, same) in &by_text {
            let repeated: Vec<Id> = same
                .iter()
                .filter(|(_, k)| matches!(k, Kind::DomainEvent | Kind::Command))
                .map(|(id, _)| *id)
                .collect();
            if repeated.len() > 1 {
                out.push(
                    "ES007",
                    repeated.clone(),
                    format!("\"{text}\" appears {} times in one context", repeated.len()),
                    "keep one and delete the others (or rename them if they differ)",
                );
            }
        }
        if by_text.len() > 1 {
            let names: Vec<String> = by_text.keys().map(|t| format!("\"{t}\"")).collect();
            out.push(
                "ES011",
                members.iter().map(|(id, _)| *id).collect(),
                format!(
                    "{} all become the identifier {} in code",
                    names.join(" and "),
                    naming::pascal(&names[0])
                ),
                "rename one so that the names differ in more than case and punctuation",
            );
        }
    }
}

/// Whether a channel or namespace uses only ASCII letters, digits, `.`, `_`, `-` (and `/`
/// for channels, as MQTT topics do).
fn is_plain_name(text: &str, slash: bool) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c) || (slash && c == '/'))
}

/// ES017: object types that require themselves through required, non-list fields; such a
/// value would be infinite, and no sample or instance can exist.
fn check_cycles(board: &Board, out: &mut Findings) {
    let requires = |name: &str| -> Vec<String> {
        board.types.get(name).map_or_else(Vec::new, |t| {
            t.fields
                .iter()
                .filter(|f| f.required)
                .filter_map(|f| match FieldType::parse(&f.ty) {
                    Ok(FieldType::Object(n)) if board.types.contains_key(&n) => Some(n),
                    _ => None,
                })
                .collect()
        })
    };
    for start in board.types.keys() {
        // Depth-first search for a path back to `start`.
        let mut path: Vec<(String, Vec<String>)> = vec![(start.clone(), requires(start))];
        let mut seen = std::collections::BTreeSet::new();
        let mut cycle = None;
        while let Some((_, next)) = path.last_mut() {
            let Some(n) = next.pop() else {
                path.pop();
                continue;
            };
            if &n == start {
                let mut names: Vec<String> = path.iter().map(|(p, _)| p.clone()).collect();
                names.push(n);
                cycle = Some(names);
                break;
            }
            if seen.insert(n.clone()) {
                let further = requires(&n);
                path.push((n, further));
            }
        }
        if let Some(names) = cycle {
            out.push(
                "ES017",
                Vec::new(),
                format!(
                    "object type \"{start}\" requires itself ({}): no value of it can exist",
                    names.join(" -> ")
                ),
                "make one field of the cycle optional, or a list",
            );
        }
    }
}

/// Words that end in `-ed` without being past tense.
const NOT_PAST: &[&str] = &[
    "need", "feed", "seed", "speed", "bed", "red", "shed", "bleed", "breed", "embed", "proceed",
    "succeed", "exceed", "weed", "deed", "hundred", "sacred", "naked", "wicked",
];

/// Irregular past tenses and participles common in business language.
const IRREGULAR_PAST: &[&str] = &[
    "paid",
    "sent",
    "made",
    "built",
    "taken",
    "given",
    "held",
    "sold",
    "bought",
    "won",
    "lost",
    "left",
    "done",
    "gone",
    "begun",
    "chosen",
    "drawn",
    "driven",
    "eaten",
    "fallen",
    "found",
    "frozen",
    "got",
    "gotten",
    "grown",
    "hidden",
    "kept",
    "known",
    "laid",
    "led",
    "lent",
    "met",
    "put",
    "quit",
    "read",
    "run",
    "said",
    "seen",
    "set",
    "shown",
    "shut",
    "spent",
    "split",
    "spoken",
    "stolen",
    "struck",
    "told",
    "thought",
    "torn",
    "understood",
    "undone",
    "withdrawn",
    "written",
    "rewritten",
    "broken",
    "become",
    "brought",
    "caught",
    "cut",
    "dealt",
    "felt",
    "fought",
    "flown",
    "forgiven",
    "hung",
    "hit",
    "let",
    "meant",
    "overridden",
    "proven",
    "risen",
    "shaken",
    "stood",
    "taught",
    "upheld",
    "reset",
    "rebuilt",
    "resent",
    "rerun",
    "ridden",
    "woken",
    "worn",
    "sworn",
    "bound",
    "fed",
    "forbidden",
    "forgotten",
    "slept",
    "swept",
    "wound",
];

fn is_past(word: &str) -> bool {
    let w = word.to_lowercase();
    (w.len() > 3 && w.ends_with("ed") && !NOT_PAST.contains(&w.as_str()))
        || IRREGULAR_PAST.contains(&w.as_str())
}

fn letters_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether an event's name reads as something that happened: one of its words is a past
/// tense or participle (`Order Placed`, `Payment Failed`, `Courier Picked Up`).
fn reads_past(text: &str) -> bool {
    let words = letters_words(text);
    words.is_empty() || words.iter().any(|w| is_past(w))
}

/// Whether a command's name reads like an event: it starts with a past tense, or it is a
/// noun and a past tense ("Order Placed"; "Mark Order Paid" starts with its verb).
fn reads_like_event(text: &str) -> bool {
    let words = letters_words(text);
    let past = |w: &str| {
        let w = w.to_lowercase();
        w.len() > 3 && w.ends_with("ed") && !NOT_PAST.contains(&w.as_str())
            || matches!(w.as_str(), "paid" | "sent" | "sold" | "done" | "made")
    };
    match words[..] {
        [first, ..] if past(first) => true,
        [_, last] => past(last),
        _ => false,
    }
}

/// Whether `version` is `MAJOR.MINOR.PATCH` (with an optional `-pre` or `+build`).
pub fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryKind, Link, ObjectType, Point, Rect, Size};

    fn board_with(stickies: &[(u64, Kind, &str, f32)], links: &[(u64, u64)]) -> Board {
        let mut board = Board::new("t");
        for &(id, kind, text, x) in stickies {
            board
                .stickies
                .insert(Id(id), Sticky::new(kind, text, Point::new(x, 0.0)));
        }
        for (i, &(from, to)) in links.iter().enumerate() {
            board.links.insert(
                Id(1000 + i as u64),
                Link {
                    from: Id(from),
                    to: Id(to),
                },
            );
        }
        board
    }

    fn codes(board: &Board) -> Vec<&'static str> {
        check(board, &Analysis::of(board))
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn a_clean_flow_has_no_findings() {
        let board = board_with(
            &[
                (1, Kind::Actor, "Customer", 0.0),
                (2, Kind::Command, "Place Order", 200.0),
                (3, Kind::Aggregate, "Order", 400.0),
                (4, Kind::DomainEvent, "Order Placed", 600.0),
                (5, Kind::Policy, "When placed, charge", 800.0),
                (6, Kind::Command, "Charge Customer", 1000.0),
                (7, Kind::ExternalSystem, "Stripe", 1200.0),
            ],
            &[(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)],
        );
        assert_eq!(codes(&board), Vec::<&str>::new());
    }

    #[test]
    fn each_rule_reports_what_notation_md_lists() {
        let mut board = board_with(
            &[
                (1, Kind::DomainEvent, "Place Order", 0.0),
                (2, Kind::Command, "Order Placed", 200.0),
                (3, Kind::Policy, "Lonely policy", 400.0),
                (4, Kind::DomainEvent, "Order Shipped", 600.0),
                (5, Kind::DomainEvent, "order-shipped", 800.0),
                (6, Kind::DomainEvent, "Order Shipped", 900.0),
                (7, Kind::Actor, "Clerk", 1000.0),
                (8, Kind::Hotspot, "Who pays?", 1100.0),
            ],
            &[(4, 7)],
        );
        let found = codes(&board);
        for code in [
            "ES001", "ES002", "ES003", "ES004", "ES005", "ES006", "ES007", "ES008",
        ] {
            assert!(found.contains(&code), "{code} missing from {found:?}");
        }
        assert!(found.contains(&"ES011"), "{found:?}");
        assert!(found.contains(&"ES013"), "{found:?}");
        // Design level: a bounded context makes stickies outside it a finding.
        let rect = Rect::new(Point::new(5000.0, 0.0), Size::new(100.0, 100.0));
        board
            .boundaries
            .insert(Id(99), Boundary::new(BoundaryKind::Context, "Sales", rect));
        assert!(codes(&board).contains(&"ES012"));
    }

    #[test]
    fn contracts_and_fields_are_checked() {
        let mut board = board_with(
            &[
                (1, Kind::Aggregate, "Order", 0.0),
                (2, Kind::DomainEvent, "Order Placed", 200.0),
                (3, Kind::Policy, "When placed, charge", 400.0),
                (4, Kind::Command, "Charge", 600.0),
                (5, Kind::Aggregate, "Payment", 800.0),
            ],
            &[(1, 2), (2, 3), (3, 4), (4, 5)],
        );
        board.boundaries.insert(
            Id(90),
            Boundary::new(
                BoundaryKind::Context,
                "Ordering",
                Rect::new(Point::new(-50.0, -50.0), Size::new(400.0, 400.0)),
            ),
        );
        board.boundaries.insert(
            Id(91),
            Boundary::new(
                BoundaryKind::Context,
                "Payments",
                Rect::new(Point::new(350.0, -50.0), Size::new(800.0, 400.0)),
            ),
        );
        assert_eq!(codes(&board), vec!["ES010"]);
        if let Some(s) = board.stickies.get_mut(&Id(2)) {
            s.visibility = Visibility::Internal;
            s.version = Some("1.0".into());
            s.fields = vec![
                Field {
                    name: "total".into(),
                    ty: "Money".into(),
                    ..Field::default()
                },
                Field {
                    name: "Total".into(),
                    ty: "list<uuid".into(),
                    ..Field::default()
                },
            ];
        }
        assert_eq!(
            codes(&board),
            vec!["ES009", "ES014", "ES014", "ES015", "ES016"]
        );
        board.types.insert("Money".into(), ObjectType::default());
        assert_eq!(codes(&board), vec!["ES009", "ES014", "ES015", "ES016"]);
        let field = |ty: &str, required| Field {
            name: "f".into(),
            ty: ty.into(),
            required,
            description: String::new(),
        };
        board.types.insert(
            "A".into(),
            ObjectType {
                description: String::new(),
                fields: vec![field("B", true), field("list<A>", true)],
            },
        );
        board.types.insert(
            "B".into(),
            ObjectType {
                description: String::new(),
                fields: vec![field("A", true)],
            },
        );
        if let Some(s) = board.stickies.get_mut(&Id(2)) {
            s.channel = Some("orders placed".into());
        }
        let found = codes(&board);
        assert_eq!(
            found.iter().filter(|c| **c == "ES017").count(),
            2,
            "{found:?}"
        );
        assert!(found.contains(&"ES018"), "{found:?}");
    }

    #[test]
    fn every_code_the_check_reports_is_in_the_rules_table() {
        let source = include_str!("check.rs");
        let tests = source.find("#[cfg(test)]").unwrap_or(source.len());
        let mut used: Vec<&str> = source[..tests]
            .match_indices("\"ES0")
            .map(|(i, _)| &source[i + 1..i + 6])
            .collect();
        used.sort_unstable();
        used.dedup();
        let listed: Vec<&str> = RULES.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(used, listed);
    }

    #[test]
    fn past_tense_and_semver_heuristics() {
        assert!(reads_past("Order Placed"));
        assert!(reads_past("Payment Paid Out"));
        assert!(reads_past("Courier Picked Up"));
        assert!(!reads_past("Place Order"));
        assert!(!reads_like_event("Place Order"));
        assert!(reads_like_event("Order Placed"));
        assert!(!reads_like_event("Mark Order Paid"));
        assert!(is_semver("1.0.0") && is_semver("2.10.3-rc.1"));
        assert!(!is_semver("1.0") && !is_semver("01.0.0") && !is_semver("v1.0.0"));
    }
}
