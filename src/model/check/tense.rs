//! ES001 and ES002: events are named in the past tense ("Order Placed"), commands in the
//! imperative ("Place Order"). Both rules ask one question of a word, [`past`]; its word
//! lists are data in `assets/words/`, one word per line, included at build time.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Findings, Rule, quoted};
use crate::model::board::Board;
use crate::model::sticky::Kind;

/// Words that end in `-ed` without being a past tense.
static NOT_PAST: LazyLock<HashSet<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../assets/words/not-past.txt")));

/// Irregular past tenses and participles spelt unlike any present tense (`paid`, `taken`).
static IRREGULAR_PAST: LazyLock<HashSet<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../assets/words/irregular-past.txt")));

/// Irregular past tenses and participles spelt like a present tense (`set`, `read`, `reset`).
static PAST_LIKE_PRESENT: LazyLock<HashSet<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../assets/words/past-like-present.txt")));

/// The words of a list file: one a line; blank lines and `#` comments skipped.
fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// How a word can be read as a past tense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Past {
    /// Only as a past tense or participle: `placed`, `paid`.
    Only,
    /// Also as a present tense or imperative: `set`, `reset`, `read`.
    OrPresent,
}

/// Whether `word` is a past tense or participle, and whether it is spelt like a present too:
/// the one past-tense test of both rules.
fn past(word: &str) -> Option<Past> {
    let w = word.to_lowercase();
    let w = w.as_str();
    if PAST_LIKE_PRESENT.contains(w) {
        Some(Past::OrPresent)
    } else if IRREGULAR_PAST.contains(w)
        || (w.len() > 3 && w.ends_with("ed") && !NOT_PAST.contains(w))
    {
        Some(Past::Only)
    } else {
        None
    }
}

fn letters_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether an event's name reads as something that happened: one of its words is a past
/// tense or participle (`Order Placed`, `Payment Failed`, `Courier Picked Up`, `Password Reset`).
fn reads_past(text: &str) -> bool {
    let words = letters_words(text);
    words.is_empty() || words.iter().any(|w| past(w).is_some())
}

/// Whether a command's name reads like an event: it starts with a word that can only be a
/// past tense, or it is a noun and such a word ("Order Placed"; "Mark Order Paid" starts
/// with its verb, and "Reset Password" with an imperative).
fn reads_like_event(text: &str) -> bool {
    let only_past = |w: &str| past(w) == Some(Past::Only);
    match letters_words(text)[..] {
        [first, ..] if only_past(first) => true,
        [_, last] => only_past(last),
        _ => false,
    }
}

/// ES001 for every event, ES002 for every command.
pub(super) fn check(board: &Board, out: &mut Findings) {
    for (&id, s) in &board.stickies {
        let name = quoted(s);
        match s.kind {
            Kind::DomainEvent if !reads_past(&s.text) => out.push(
                Rule::EventNotPast,
                vec![id],
                format!("event {name} is not in the past tense"),
                "name what happened, in the past tense: \"Order Placed\"",
            ),
            Kind::Command if reads_like_event(&s.text) => out.push(
                Rule::CommandLikeEvent,
                vec![id],
                format!("command {name} reads like an event"),
                "name the intention, in the imperative: \"Place Order\"",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reads_past_with_a_regular_or_irregular_past_tense() {
        assert!(reads_past("Order Placed"));
        assert!(reads_past("Payment Paid Out"));
        assert!(reads_past("Courier Picked Up"));
        assert!(reads_past("Password Reset"));
        assert!(reads_past("Book Read"));
        assert!(!reads_past("Place Order"));
        assert!(!reads_past("Feed Cat"), "feed ends in -ed but is not past");
    }

    #[test]
    fn a_command_reads_like_an_event_only_with_a_word_that_is_only_past() {
        assert!(!reads_like_event("Place Order"));
        assert!(reads_like_event("Order Placed"));
        assert!(!reads_like_event("Mark Order Paid"));
        assert!(
            reads_like_event("Payment Taken"),
            "irregular, as events use it"
        );
        assert!(reads_like_event("Sent Invoice"));
        assert!(
            !reads_like_event("Reset Password"),
            "an imperative spelt like a past"
        );
        assert!(!reads_like_event("Set Price"));
        assert!(!reads_like_event("Price Set"));
        assert!(!reads_like_event("Feed Cat"));
    }

    #[test]
    fn the_word_lists_are_one_lower_case_word_a_line_and_do_not_overlap() {
        for list in [&*NOT_PAST, &*IRREGULAR_PAST, &*PAST_LIKE_PRESENT] {
            assert!(list.len() > 10);
            for w in list {
                assert!(w.chars().all(|c| c.is_ascii_lowercase()), "{w:?}");
            }
        }
        assert!(IRREGULAR_PAST.is_disjoint(&PAST_LIKE_PRESENT));
        assert!(NOT_PAST.iter().all(|w| past(w).is_none()));
    }
}
