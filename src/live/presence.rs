//! Who is here and where they point: one participant's awareness state, as `y-websocket`
//! users write it (`{"user": {"name", "color"}, ...}`), plus Stormpad's pointer and selection.
//! States from other clients are read leniently: whatever does not fit is left out.

use serde_json::{Value, json};

use crate::model::{Id, Point, Rect, Size};

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
    /// The part of the board their window shows (board units): what "Follow" shows others.
    pub view: Option<Rect>,
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
            "view": self.view.map(|r| json!({
                "x": r.pos.x, "y": r.pos.y, "w": r.size.w, "h": r.size.h
            })),
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
            view: value.get("view").and_then(view_of),
        })
    }
}

/// A view rectangle a peer wrote: finite, with a positive size, else nothing.
fn view_of(v: &Value) -> Option<Rect> {
    let num = |k: &str| {
        v.get(k)?
            .as_f64()
            .map(|n| n as f32)
            .filter(|n| n.is_finite())
    };
    let (x, y, w, h) = (num("x")?, num("y")?, num("w")?, num("h")?);
    (w > 0.0 && h > 0.0).then(|| Rect {
        pos: Point::new(x, y),
        size: Size { w, h },
    })
}

/// A colour written as `#rrggbb` (what y-websocket users write), as red, green and blue.
pub fn parse_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
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
            view: Some(Rect {
                pos: Point::new(-10.0, 5.0),
                size: Size { w: 800.0, h: 600.0 },
            }),
        };
        assert_eq!(Presence::from_json(&me.to_json()), Some(me));
        let browser = json!({"user": {"name": 3}, "pointer": "here", "selection": [1, "zz"]});
        let read = Presence::from_json(&browser).unwrap_or_default();
        assert_eq!(read.name, "Anonymous");
        assert_eq!(read.pointer, None);
        assert!(read.selection.is_empty());
        assert_eq!(Presence::from_json(&json!({"cursor": 1})), None);
        let odd = json!({"user": {}, "view": {"x": 0, "y": 0, "w": -1, "h": 5}});
        assert_eq!(Presence::from_json(&odd).and_then(|p| p.view), None);
    }

    #[test]
    fn colours_read_as_hex_and_anything_else_is_refused() {
        assert_eq!(parse_color("#ff8800"), Some([255, 136, 0]));
        for bad in ["ff8800", "#ff88", "#gg0000", "#ff880011", "#ffé800", ""] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }
}
