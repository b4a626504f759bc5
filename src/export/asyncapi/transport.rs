//! How each [`Transport`] is written in AsyncAPI 3.0: its server (protocol, placeholder host,
//! path), and its channel, operation and message bindings. One table, so a channel on Kafka, on
//! an AMQP exchange, on an MQTT topic, over a WebSocket, as a Server-Sent Events stream or as a
//! webhook (HTTP POST to the subscriber's callback) reads the same in every document. Binding
//! versions are those the official parser checks (`@asyncapi/specs` 6); every binding object
//! here is validated by it in `tests/export.rs`.

use serde_json::{Map, Value, json};

use crate::model::Transport;

/// The Kafka bindings version the official parser accepts (0.3.0 to 0.5.0).
pub(super) const KAFKA_BINDINGS: &str = "0.5.0";
/// The AMQP 0-9-1 bindings version.
const AMQP_BINDINGS: &str = "0.3.0";
/// The MQTT bindings version.
const MQTT_BINDINGS: &str = "0.2.0";
/// The WebSocket bindings version.
const WS_BINDINGS: &str = "0.1.0";
/// The HTTP bindings version (webhooks, Server-Sent Events).
const HTTP_BINDINGS: &str = "0.3.0";

/// The key of the security scheme a webhook server asks for (a bearer token, as the
/// CloudEvents webhook specification requires of every delivery request).
pub(super) const WEBHOOK_SECURITY: &str = "webhookBearer";

/// The server entry of a transport on our side, keyed by its name; `Other` has none.
pub(super) fn server(t: Transport, host: &str) -> Option<(&'static str, Value)> {
    let (key, address, path) = match t {
        Transport::Kafka => ("kafka", format!("kafka.{host}:9092"), None),
        Transport::Amqp => ("amqp", format!("amqp.{host}:5672"), None),
        Transport::Mqtt => ("mqtt", format!("mqtt.{host}:1883"), None),
        Transport::WebSocket => ("websocket", format!("ws.{host}"), Some("/events")),
        Transport::ServerSentEvents => ("sse", format!("api.{host}"), Some("/events")),
        Transport::Webhook => ("webhook", format!("hooks.{host}"), Some("/webhooks")),
        Transport::EventBridge => ("eventbridge", format!("events.{host}"), None),
        Transport::Other => return None,
    };
    let mut server = Map::new();
    server.insert("host".into(), json!(address));
    server.insert("protocol".into(), json!(protocol(t)));
    if let Some(p) = path {
        server.insert("pathname".into(), json!(p));
    }
    server.insert(
        "description".into(),
        json!(format!("{} (placeholder host: set your own)", t.label())),
    );
    if t == Transport::Webhook {
        server.insert("security".into(), webhook_security());
    }
    Some((key, Value::Object(server)))
}

/// The server of a subscriber's webhook callback (a partner's or a front end's endpoint that
/// we POST to): its host is theirs, registered when they subscribe.
pub(super) fn callback_server(name: &str, host: &str) -> Value {
    json!({
        "host": host,
        "protocol": "https",
        "description": format!(
            "The callback URL {name} registers for webhooks (placeholder host: theirs to set). \
             Deliveries follow the CloudEvents HTTP webhook specification: POST, a bearer token, \
             the WebHook-Request-Origin header."
        ),
        "security": webhook_security(),
    })
}

fn webhook_security() -> Value {
    json!([{ "$ref": format!("#/components/securitySchemes/{WEBHOOK_SECURITY}") }])
}

/// The security scheme every webhook server refers to.
pub(super) fn webhook_security_scheme() -> Value {
    json!({
        "type": "http",
        "scheme": "bearer",
        "description": "The token in the Authorization header of every delivery request \
                        (CloudEvents HTTP webhook specification, section 3); verify the \
                        request's signature too.",
    })
}

/// The protocol name of a transport in a server object.
pub(super) fn protocol(t: Transport) -> &'static str {
    match t {
        Transport::Kafka => "kafka",
        Transport::Amqp => "amqp",
        Transport::Mqtt => "mqtt",
        Transport::WebSocket => "wss",
        Transport::ServerSentEvents | Transport::Webhook | Transport::EventBridge => "https",
        Transport::Other => "other",
    }
}

/// A channel's bindings on `t`, if the transport has any: the Kafka topic, the AMQP topic
/// exchange (named after the publishing context, routed by the address), the WebSocket
/// handshake.
pub(super) fn channel_bindings(t: Transport, address: &str, exchange: &str) -> Option<Value> {
    let (key, binding) = match t {
        Transport::Kafka => (
            "kafka",
            json!({ "topic": address, "bindingVersion": KAFKA_BINDINGS }),
        ),
        Transport::Amqp => (
            "amqp",
            json!({
                "is": "routingKey",
                "exchange": {
                    "name": exchange.chars().take(255).collect::<String>(),
                    "type": "topic",
                    "durable": true,
                    "autoDelete": false,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDINGS,
            }),
        ),
        Transport::WebSocket => (
            "ws",
            json!({ "method": "GET", "bindingVersion": WS_BINDINGS }),
        ),
        _ => return None,
    };
    Some(json!({ key: binding }))
}

/// An operation's bindings on `t`: AMQP persistent delivery (send) and acknowledgement
/// (receive), MQTT at-least-once, HTTP `POST` for a webhook and `GET` for an event stream.
pub(super) fn operation_bindings(t: Transport, send: bool) -> Option<Value> {
    let (key, binding) = match t {
        Transport::Amqp if send => (
            "amqp",
            json!({ "deliveryMode": 2, "bindingVersion": AMQP_BINDINGS }),
        ),
        Transport::Amqp => (
            "amqp",
            json!({ "ack": true, "bindingVersion": AMQP_BINDINGS }),
        ),
        Transport::Mqtt => (
            "mqtt",
            json!({ "qos": 1, "retain": false, "bindingVersion": MQTT_BINDINGS }),
        ),
        Transport::Webhook => (
            "http",
            json!({ "method": "POST", "bindingVersion": HTTP_BINDINGS }),
        ),
        Transport::ServerSentEvents => (
            "http",
            json!({ "method": "GET", "bindingVersion": HTTP_BINDINGS }),
        ),
        _ => return None,
    };
    Some(json!({ key: binding }))
}

/// A message's bindings for every transport in `transports` that has any: the Kafka key, MQTT's
/// UTF-8 payload, the HTTP headers of a webhook delivery or of an event stream. A webhook
/// delivers in CloudEvents' binary content mode: the body is the payload (the same on every
/// transport), the event's attributes travel as `ce-` headers (`ce` gives its `type` and
/// `source`), with the bearer token and origin the CloudEvents webhook specification asks for.
pub(super) fn message_bindings(
    transports: impl IntoIterator<Item = Transport>,
    ce: (&str, &str),
) -> Option<Value> {
    let mut bindings = Map::new();
    let constant = |value: &str| json!({ "type": "string", "const": value });
    for t in transports {
        match t {
            Transport::Kafka => {
                bindings.insert(
                    "kafka".into(),
                    json!({ "key": { "type": "string" }, "bindingVersion": KAFKA_BINDINGS }),
                );
            }
            Transport::Mqtt => {
                bindings.insert(
                    "mqtt".into(),
                    json!({
                        "payloadFormatIndicator": 1,
                        "contentType": "application/json",
                        "bindingVersion": MQTT_BINDINGS,
                    }),
                );
            }
            // A message delivered by webhook and also streamed: the webhook's headers win
            // (they carry the CloudEvent).
            Transport::Webhook => {
                bindings.insert(
                    "http".into(),
                    json!({
                        "headers": {
                            "type": "object",
                            "properties": {
                                "Content-Type": constant("application/json"),
                                "ce-specversion": constant("1.0"),
                                "ce-type": constant(ce.0),
                                "ce-source": constant(ce.1),
                                "ce-id": { "type": "string", "minLength": 1 },
                                "ce-time": { "type": "string", "format": "date-time" },
                                "WebHook-Request-Origin": {
                                    "type": "string",
                                    "description": "The sender's DNS name (abuse protection)."
                                },
                                "Authorization": { "type": "string", "pattern": "^Bearer " },
                            },
                            "required": [
                                "Content-Type", "ce-specversion", "ce-type", "ce-source",
                                "ce-id", "Authorization"
                            ],
                        },
                        "bindingVersion": HTTP_BINDINGS,
                    }),
                );
            }
            Transport::ServerSentEvents if !bindings.contains_key("http") => {
                bindings.insert(
                    "http".into(),
                    json!({
                        "headers": {
                            "type": "object",
                            "properties": { "Content-Type": constant("text/event-stream") },
                        },
                        "bindingVersion": HTTP_BINDINGS,
                    }),
                );
            }
            _ => {}
        }
    }
    (!bindings.is_empty()).then_some(Value::Object(bindings))
}

/// What a channel on `t` is, for its description: how a subscriber gets the messages.
pub(super) fn how(t: Transport) -> &'static str {
    match t {
        Transport::Kafka => "a Kafka topic",
        Transport::Amqp => "an AMQP topic exchange, routed by the address",
        Transport::Mqtt => "an MQTT topic",
        Transport::WebSocket => "a WebSocket connection",
        Transport::ServerSentEvents => {
            "a Server-Sent Events stream (HTTP GET, text/event-stream; each event's data is the \
             JSON payload)"
        }
        Transport::Webhook => {
            "a webhook: an HTTP POST of the payload, the CloudEvents attributes as ce- headers, \
             to the callback URL the receiver registers"
        }
        Transport::EventBridge => "an Amazon EventBridge bus",
        Transport::Other => "a transport the board does not name",
    }
}
