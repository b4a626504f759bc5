//! The rules for events as published contracts: an event other contexts consume is not
//! internal (ES009), a public event names its own version and channel (ES010), versions are
//! semver (ES016), and channels and namespaces use characters brokers and URLs accept (ES018).

use super::{Finding, Findings, Rule, quoted};
use crate::model::analysis::{Analysis, EventVisibility};
use crate::model::board::Board;
use crate::model::id::Id;
use crate::model::sticky::{Kind, Sticky, Visibility};

/// Whether `version` is a semantic version, `MAJOR.MINOR.PATCH` with an optional `-pre`
/// release and `+build` metadata, as semver.org defines it (`1.0.0-` and `1.0.0+!!` are not).
pub fn is_semver(version: &str) -> bool {
    semver::Version::parse(version).is_ok()
}

/// ES016 for one event: its version, when it has one that is not semver. The check lists it;
/// the inspector shows it under the version as it is typed.
pub fn version_finding(id: Id, s: &Sticky) -> Option<Finding> {
    let version = s.version.as_deref().filter(|v| !is_semver(v))?;
    Some(Finding::new(
        Rule::Version,
        vec![id],
        format!(
            "the version \"{version}\" of event {} is not MAJOR.MINOR.PATCH",
            quoted(s)
        ),
        "write a semver version such as 1.0.0",
    ))
}

/// ES009, ES010, ES016 and ES018 for every event; ES018 for every namespace.
pub(super) fn check(board: &Board, analysis: &Analysis, out: &mut Findings) {
    for (&id, s) in &board.stickies {
        if s.kind == Kind::DomainEvent {
            event(board, analysis, id, s, out);
        }
    }
    namespaces(board, out);
}

fn event(board: &Board, analysis: &Analysis, id: Id, s: &Sticky, out: &mut Findings) {
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
                Rule::InternalEventConsumedElsewhere,
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
    for channel in s.deliveries.iter().filter_map(|d| d.channel.as_deref()) {
        if is_plain_name(channel, true) {
            continue;
        }
        out.push(
            Rule::ChannelCharacters,
            vec![id],
            format!(
                "the channel \"{channel}\" of event {name} holds spaces or characters Kafka, \
                 AMQP and MQTT topics do not accept"
            ),
            "use letters, digits, `.`, `_`, `-` (and `/` for MQTT), e.g. orders.order-placed.v1",
        );
    }
    if let Some(finding) = version_finding(id, s) {
        out.0.push(finding);
    }
    if facts.visibility == EventVisibility::Public {
        missing_contract(board, analysis, id, s, out);
    }
}

/// ES010: a public event that leaves its version or channel to the exports' defaults.
fn missing_contract(board: &Board, analysis: &Analysis, id: Id, s: &Sticky, out: &mut Findings) {
    let missing: Vec<&str> = [
        ("version", s.version.is_none()),
        ("channel", s.channel().is_none()),
    ]
    .into_iter()
    .filter(|(_, m)| *m)
    .map(|(what, _)| what)
    .collect();
    if missing.is_empty() {
        return;
    }
    let defaults = [
        s.version.is_none().then(|| Analysis::version(board, id)),
        s.channel().is_none().then(|| analysis.channel(board, id)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" and ");
    out.push(
        Rule::PublicEventWithoutContract,
        vec![id],
        format!(
            "public event {} has no {} of its own (exports use {defaults})",
            quoted(s),
            missing.join(" and no "),
        ),
        "set them in the inspector: a public event is a published contract",
    );
}

/// ES018 for the namespaces of the board and of its bounded contexts.
fn namespaces(board: &Board, out: &mut Findings) {
    for b in board.boundaries.values() {
        if !b.namespace.is_empty() && !is_plain_name(&b.namespace, false) {
            out.push(
                Rule::ChannelCharacters,
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
            Rule::ChannelCharacters,
            Vec::new(),
            format!(
                "the board's namespace \"{}\" holds characters other than letters, digits, \
                 `.`, `_` and `-`",
                board.meta.namespace
            ),
            "write it as dotted lower-case words, e.g. com.acme",
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_semver_as_semver_org_defines_it() {
        assert!(is_semver("1.0.0") && is_semver("2.10.3-rc.1") && is_semver("1.0.0+build.7"));
        assert!(!is_semver("1.0") && !is_semver("01.0.0") && !is_semver("v1.0.0"));
        assert!(
            !is_semver("1.0.0-"),
            "an empty pre-release is not a version"
        );
        assert!(
            !is_semver("1.0.0+!!"),
            "build metadata is letters, digits and hyphens"
        );
    }

    #[test]
    fn a_version_typed_wrong_is_one_finding_with_the_check_s_wording() {
        let mut s = Sticky::new(Kind::DomainEvent, "Order\nPlaced", Default::default());
        assert_eq!(version_finding(Id(1), &s), None);
        s.version = Some("2.0".into());
        let Some(f) = version_finding(Id(1), &s) else {
            panic!("2.0 is not semver");
        };
        assert_eq!(f.code(), "ES016");
        assert_eq!(
            f.message,
            "the version \"2.0\" of event \"Order Placed\" is not MAJOR.MINOR.PATCH"
        );
    }

    #[test]
    fn channels_may_hold_slashes_and_namespaces_may_not() {
        assert!(is_plain_name("orders/order-placed.v1", true));
        assert!(!is_plain_name("orders/order-placed.v1", false));
        assert!(!is_plain_name("orders placed", true));
        assert!(!is_plain_name("", true));
    }
}
