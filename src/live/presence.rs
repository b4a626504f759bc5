//! Who is here and where they point: one participant's awareness state, as `y-websocket`
//! users write it (`{"user": {"name", "color"}, ...}`), plus Stormpad's pointer and selection.
//! States from other clients are read leniently: whatever does not fit is left out.

use serde_json::{Value, json};

use crate::model::{Id, Point};

/// One participant's presence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presence {
    /// The name shown beside their pointer and in the list of who is here.
    pub name: String,
    /// Their colour as `#rrggbb`.
    pub color: String,
    /// Where their pointer is on the board (board units), when it is over the board.
    pub pointer: Option<Point>,
    /// The items they have selected.
    pub selection: Vec<Id>,
}

/// Another participant, by their Yjs client id.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub client_id: u64,
    pub presence: Presence,
}

impl Presence {
    /// The awareness state JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "user": { "name": self.name, "color": self.color },
            "pointer": self.pointer.map(|p| json!({ "x": p.x, "y": p.y })),
            "selection": self.selection.iter().map(Id::to_string).collect::<Vec<_>>(),
        })
    }

    /// Reads a peer's awareness state; `None` for a state that says nothing about a user.
    pub fn from_json(value: &Value) -> Option<Self> {
        let user = value.get("user")?;
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let pointer = value.get("pointer").and_then(|p| {
            let x = p.get("x")?.as_f64()?;
            let y = p.get("y")?.as_f64()?;
            Some(Point::new(x as f32, y as f32)).filter(|p| p.x.is_finite() && p.y.is_finite())
        });
        let selection = value
            .get("selection")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(|v| Id::parse(v.as_str()?)).collect())
            .unwrap_or_default();
        Some(Self {
            name: text(user.get("name")).unwrap_or_else(|| "Anonymous".into()),
            color: text(user.get("color")).unwrap_or_else(|| "#808080".into()),
            pointer,
            selection,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_round_trips_and_foreign_states_read_leniently() {
        let me = Presence {
            name: "Ada <b>".into(),
            color: "#ff8800".into(),
            pointer: Some(Point::new(1.0, 2.0)),
            selection: vec![Id(7)],
        };
        assert_eq!(Presence::from_json(&me.to_json()), Some(me));
        let browser = json!({"user": {"name": 3}, "pointer": "here", "selection": [1, "zz"]});
        let read = Presence::from_json(&browser).unwrap_or_default();
        assert_eq!(read.name, "Anonymous");
        assert_eq!(read.pointer, None);
        assert!(read.selection.is_empty());
        assert_eq!(Presence::from_json(&json!({"cursor": 1})), None);
    }
}
