//! The model check: what NOTATION.md's last section says a board should not have, each with a
//! stable code, a severity, the stickies it concerns and a fix. The GUI lists the findings
//! live; `stormpad check` prints them and fails a pipeline on errors.
//!
//! [`Rule`] names every rule with its code, severity and summary (`rule.rs`); [`check`] runs
//! the rules, which live by concern in the files beside this one, and sorts what they found:
//! - `tense.rs`: names in the past tense or the imperative (ES001, ES002);
//! - `flow.rs`: commands handled, events produced, policies wired, arrows known, events that
//!   cross a boundary consumed (ES003-ES006, ES008, ES019);
//! - `names.rs`: the same name twice, names that collide in code (ES007, ES011);
//! - `workshop.rs`: stickies outside every context, open hotspots (ES012, ES013);
//! - `contract.rs`: published events, versions, channels, namespaces (ES009, ES010, ES016,
//!   ES018);
//! - `fields.rs`: field names and types (ES014, ES015);
//! - `cycles.rs`: object types that require themselves (ES017);
//! - `shared.rs`: a channel or CloudEvents type two events share (ES020);
//! - `audiences.rs`: personal data in a public contract, deliveries to partners and front
//!   ends without a version (ES021, ES022).

mod audiences;
mod contract;
mod cycles;
mod fields;
mod flow;
mod names;
mod rule;
mod shared;
mod tense;
mod workshop;

use std::fmt;

use super::analysis::Analysis;
use super::board::Board;
use super::id::Id;
use super::naming;
use super::sticky::Sticky;

pub use contract::{is_semver, version_finding};
pub use fields::{object_type_field_findings, sticky_field_findings};
pub use rule::{Rule, Severity};

/// One thing the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule it breaks.
    pub rule: Rule,
    /// The rule's severity, kept beside it for the callers that sort, count and colour by it.
    pub severity: Severity,
    /// The stickies it concerns, first the one to show; empty for board-wide findings.
    pub stickies: Vec<Id>,
    /// What is wrong, quoting the names on the board.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Finding {
    /// A finding of `rule`, with the rule's severity.
    fn new(rule: Rule, stickies: Vec<Id>, message: String, fix: &str) -> Self {
        Self {
            rule,
            severity: rule.severity(),
            stickies,
            message,
            fix: fix.to_owned(),
        }
    }

    /// The rule's stable code (`ES012`).
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} (fix: {})",
            self.code(),
            self.severity.label(),
            self.message,
            self.fix
        )
    }
}

/// What the rules found so far.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, rule: Rule, stickies: Vec<Id>, message: String, fix: &str) {
        self.0.push(Finding::new(rule, stickies, message, fix));
    }

    /// Adds findings about fields, without the index of the field each is about.
    fn extend(&mut self, found: Vec<(usize, Finding)>) {
        self.0.extend(found.into_iter().map(|(_, f)| f));
    }
}

/// Runs every rule on `board`. Findings come sorted by severity, code, then sticky id, so the
/// output of two runs on one board is identical.
pub fn check(board: &Board, analysis: &Analysis) -> Vec<Finding> {
    let mut out = Findings::default();
    tense::check(board, &mut out);
    flow::check(board, analysis, &mut out);
    names::check(board, analysis, &mut out);
    workshop::check(board, analysis, &mut out);
    contract::check(board, analysis, &mut out);
    fields::check(board, &mut out);
    cycles::check(board, &mut out);
    shared::check(board, analysis, &mut out);
    audiences::check(board, analysis, &mut out);
    let mut findings = out.0;
    findings.sort_by(|a, b| {
        (a.severity, a.code(), &a.stickies, &a.message).cmp(&(
            b.severity,
            b.code(),
            &b.stickies,
            &b.message,
        ))
    });
    findings
}

/// A sticky's text as findings quote it: on one line, in double quotes.
fn quoted(s: &Sticky) -> String {
    format!("\"{}\"", naming::one_line(&s.text))
}

#[cfg(test)]
mod tests;
