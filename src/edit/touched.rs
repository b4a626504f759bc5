//! Which items an edit touched: what derived data (the canvas's spatial index) must look at
//! again after it, instead of the whole board.
//!
//! [`History`](super::History) keeps a short log of the items touched at each revision, so a
//! cache built at an earlier revision can catch up by the items changed since
//! ([`History::touched_since`](super::History::touched_since)).

use std::collections::VecDeque;

use super::Edit;
use crate::model::Id;

/// The items one or more edits inserted, replaced, moved or removed. Ids may repeat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub stickies: Vec<Id>,
    pub boundaries: Vec<Id>,
    pub links: Vec<Id>,
}

impl Touched {
    /// Adds what `other` touched.
    pub fn extend(&mut self, other: &Touched) {
        self.stickies.extend_from_slice(&other.stickies);
        self.boundaries.extend_from_slice(&other.boundaries);
        self.links.extend_from_slice(&other.links);
    }

    /// Whether nothing with a place on the canvas was touched (a title, a type, the legend).
    pub fn is_empty(&self) -> bool {
        self.stickies.is_empty() && self.boundaries.is_empty() && self.links.is_empty()
    }
}

impl Edit {
    /// The items this edit changes when applied (its inverse touches the same ones).
    pub fn touched(&self) -> Touched {
        let mut t = Touched::default();
        self.add_touched(&mut t);
        t
    }

    /// Adds the items this edit changes to `t`.
    pub fn add_touched(&self, t: &mut Touched) {
        match self {
            Edit::PutSticky { id, .. } => t.stickies.push(*id),
            Edit::PutBoundary { id, .. } => t.boundaries.push(*id),
            Edit::PutLink { id, .. } => t.links.push(*id),
            Edit::Place {
                stickies,
                boundaries,
            } => {
                t.stickies.extend(stickies.iter().map(|(id, _)| *id));
                t.boundaries.extend(boundaries.iter().map(|(id, _)| *id));
            }
            Edit::SetMeta(_) | Edit::PutType { .. } | Edit::SetLegend { .. } => {}
        }
    }
}

/// How many revisions the log reaches back: a cache further behind builds itself again.
const LOG_REVISIONS: usize = 1024;
/// How many ids the log holds at most (a paste of 100k stickies is not kept twice).
const LOG_IDS: usize = 200_000;

/// The items touched at each of the latest revisions.
#[derive(Debug, Default)]
pub(super) struct ChangeLog {
    /// (the revision an edit led to, what it touched), oldest first.
    entries: VecDeque<(u64, Touched)>,
    ids: usize,
}

impl ChangeLog {
    /// Records what the change that led to `revision` touched.
    pub(super) fn record(&mut self, revision: u64, touched: Touched) {
        self.ids += touched.stickies.len() + touched.boundaries.len() + touched.links.len();
        self.entries.push_back((revision, touched));
        while self.entries.len() > LOG_REVISIONS || (self.ids > LOG_IDS && self.entries.len() > 1) {
            if let Some((_, old)) = self.entries.pop_front() {
                self.ids -= old.stickies.len() + old.boundaries.len() + old.links.len();
            }
        }
    }

    /// Everything touched after `since` up to `now`; `None` when the log no longer reaches
    /// back that far (or `since` is not a revision of this history).
    pub(super) fn since(&self, since: u64, now: u64) -> Option<Touched> {
        if since > now {
            return None;
        }
        let mut all = Touched::default();
        if since == now {
            return Some(all);
        }
        let first = self.entries.iter().position(|(r, _)| *r > since)?;
        if self.entries[first].0 != since + 1 {
            return None;
        }
        for (_, t) in self.entries.range(first..) {
            all.extend(t);
        }
        Some(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sticky(id: u64) -> Touched {
        Touched {
            stickies: vec![Id(id)],
            ..Touched::default()
        }
    }

    #[test]
    fn a_cache_catches_up_by_the_items_changed_since_or_builds_again_when_too_far_behind() {
        let mut log = ChangeLog::default();
        let now = LOG_REVISIONS as u64 + 10;
        for r in 1..=now {
            log.record(r, sticky(r));
        }
        assert_eq!(log.since(now, now), Some(Touched::default()));
        let recent = log.since(now - 2, now).map(|t| t.stickies);
        assert_eq!(recent, Some(vec![Id(now - 1), Id(now)]));
        assert_eq!(
            log.since(0, now),
            None,
            "the oldest revisions are forgotten"
        );
        assert_eq!(
            log.since(now + 1, now),
            None,
            "a revision of another history"
        );
    }
}
