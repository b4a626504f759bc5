//! How a [`Sticky`] is written and read, keeping boards from before deliveries byte for byte.
//!
//! Such a board gave an event one `channel` and one `transport`. Reading, those become the
//! event's first delivery (to any subscriber, published). Writing, an event whose only
//! delivery is of that form ([`Delivery::is_legacy_form`]) is written as `channel` and
//! `transport` again, so loading and saving an old board changes no byte; any other list is
//! written as `deliveries: [...]`. Both sides destructure [`Sticky`] without `..`: a field
//! added to it does not compile until it is written and read here too. (The model knows no
//! format: the tests of these forms are in `tests/core.rs`, "Audiences".) A sticky's votes
//! are written `dots: {"Ana": 2}` (the name `votes` is taken by a newer-format golden board).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};

use super::delivery::{Audience, Delivery, Direction};
use super::extra::Extra;
use super::geometry::{Point, Size};
use super::sticky::{Field, Kind, Sticky, Transport, Visibility, is_false};

/// A sticky as written (borrowing it: saving copies nothing).
#[derive(Serialize)]
#[serde(rename = "Sticky")]
struct StickyOut<'a> {
    kind: Kind,
    text: &'a str,
    pos: Point,
    size: Size,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    notes: &'a str,
    #[serde(skip_serializing_if = "<[Field]>::is_empty")]
    fields: &'a [Field],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: &'a Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pivotal: bool,
    #[serde(skip_serializing_if = "Visibility::is_automatic")]
    visibility: Visibility,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transport: Option<Transport>,
    #[serde(skip_serializing_if = "<[Delivery]>::is_empty")]
    deliveries: &'a [Delivery],
    #[serde(rename = "dots", skip_serializing_if = "BTreeMap::is_empty")]
    votes: &'a BTreeMap<String, u32>,
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
}

/// A sticky as read: today's fields and the old `channel` and `transport`.
#[derive(Deserialize)]
#[serde(rename = "Sticky")]
pub(super) struct StickyIn {
    kind: Kind,
    text: String,
    pos: Point,
    size: Size,
    #[serde(default)]
    description: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    fields: Vec<Field>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    pivotal: bool,
    #[serde(default)]
    visibility: Visibility,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    transport: Option<Transport>,
    #[serde(default)]
    deliveries: Vec<Delivery>,
    #[serde(default, rename = "dots")]
    votes: BTreeMap<String, u32>,
    #[serde(default)]
    extra: Extra,
}

const NO_CHANNEL: &Option<String> = &None;

impl Serialize for Sticky {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Sticky {
            kind,
            text,
            pos,
            size,
            description,
            notes,
            fields,
            version,
            pivotal,
            visibility,
            deliveries,
            votes,
            extra,
        } = self;
        let legacy = match deliveries.as_slice() {
            [only] if only.is_legacy_form() => Some(only),
            _ => None,
        };
        StickyOut {
            kind: *kind,
            text,
            pos: *pos,
            size: *size,
            description,
            notes,
            fields,
            version,
            pivotal: *pivotal,
            visibility: *visibility,
            channel: legacy.map_or(NO_CHANNEL, |d| &d.channel),
            transport: legacy.and_then(|d| d.transport),
            deliveries: if legacy.is_some() { &[] } else { deliveries },
            votes,
            extra,
        }
        .serialize(s)
    }
}

impl From<StickyIn> for Sticky {
    fn from(r: StickyIn) -> Self {
        let StickyIn {
            kind,
            text,
            pos,
            size,
            description,
            notes,
            fields,
            version,
            pivotal,
            visibility,
            channel,
            transport,
            mut deliveries,
            votes,
            extra,
        } = r;
        if channel.is_some() || transport.is_some() {
            deliveries.insert(
                0,
                Delivery {
                    audience: Audience::AnySubscriber,
                    transport,
                    channel,
                    direction: Direction::Publish,
                },
            );
        }
        Sticky {
            kind,
            text,
            pos,
            size,
            description,
            notes,
            fields,
            version,
            pivotal,
            visibility,
            deliveries,
            votes,
            extra,
        }
    }
}
