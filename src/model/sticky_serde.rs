//! How a [`Sticky`] is written and read, keeping boards from before deliveries byte for byte.
//!
//! Such a board gave an event one `channel` and one `transport`. Reading, those become the
//! event's first delivery (to any subscriber, published). Writing, an event whose only
//! delivery is of that form ([`Delivery::is_legacy_form`]) is written as `channel` and
//! `transport` again, so loading and saving an old board changes no byte; any other list is
//! written as `deliveries: [...]`. Both sides destructure [`Sticky`] without `..`: a field
//! added to it does not compile until it is written and read here too.

use serde::{Deserialize, Serialize, Serializer};

use super::delivery::{Audience, Delivery, Direction};
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;

    fn write(s: &Sticky) -> String {
        ron::ser::to_string(s).unwrap_or_default()
    }

    fn read(text: &str) -> Sticky {
        match ron::from_str(text) {
            Ok(s) => s,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn an_old_channel_and_transport_are_the_first_delivery_and_are_written_back_as_they_were() {
        let old = "(kind:DomainEvent,text:\"Order Ready\",pos:(0,0),size:(160,160),\
                   channel:Some(\"kitchen.ready\"),transport:Some(Kafka))";
        let s = read(old);
        assert_eq!(
            s.deliveries,
            [Delivery {
                audience: Audience::AnySubscriber,
                transport: Some(Transport::Kafka),
                channel: Some("kitchen.ready".into()),
                direction: Direction::Publish,
            }]
        );
        assert_eq!(write(&s), old);
    }

    #[test]
    fn a_second_delivery_writes_the_list_and_it_reads_back_the_same() {
        let mut s = read(
            "(kind:DomainEvent,text:\"Order Ready\",pos:(0,0),size:(160,160),\
             transport:Some(WebSocket))",
        );
        s.deliveries
            .push(Delivery::to(Audience::Partner(Id(7)), Direction::Publish));
        let text = write(&s);
        assert!(!text.contains("transport:Some(WebSocket),"), "{text}");
        assert!(text.contains("deliveries:[(audience:AnySubscriber,transport:Some(WebSocket)),(audience:Partner(\"0000000000000007\"),transport:Some(Webhook))]"), "{text}");
        assert_eq!(read(&text), s);
        // Back to one delivery of the old form: the old form again.
        s.deliveries.pop();
        assert!(write(&s).ends_with("transport:Some(WebSocket))"));
    }

    #[test]
    fn a_lone_delivery_that_is_not_the_old_form_keeps_its_list() {
        let mut s = Sticky::new(Kind::DomainEvent, "A", Point::default());
        s.deliveries.push(Delivery {
            audience: Audience::AnySubscriber,
            transport: None,
            channel: None,
            direction: Direction::Publish,
        });
        assert_eq!(read(&write(&s)), s);
        s.deliveries[0].direction = Direction::Receive;
        s.deliveries[0].channel = Some("in".into());
        assert_eq!(read(&write(&s)), s);
    }
}
