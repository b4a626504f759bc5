//! Points, sizes and rectangles in board units.
//!
//! The board has its own geometry types so that `model` never depends on egui. Board units are
//! logical pixels at 100% zoom. Positions are stored as floats but written to files as whole
//! numbers (see [`Point`]'s serde form), so a file diff shows `pos: (120, 340)`, not noise.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A position on the board, in board units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// A width and height in board units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    pub w: f32,
    pub h: f32,
}

/// An axis-aligned rectangle given by its top-left corner and its size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub pos: Point,
    pub size: Size,
}

impl Point {
    /// Makes a point from its coordinates.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// This point moved by `delta`.
    pub fn offset(self, delta: Point) -> Self {
        Self::new(self.x + delta.x, self.y + delta.y)
    }

    /// The vector from `other` to `self`.
    pub fn minus(self, other: Point) -> Self {
        Self::new(self.x - other.x, self.y - other.y)
    }

    /// The point with both coordinates rounded to whole board units, as files store them.
    pub fn rounded(self) -> Self {
        Self::new(self.x.round(), self.y.round())
    }

    /// Both coordinates are finite numbers (files may hold NaN or infinities).
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

impl Size {
    /// Makes a size from width and height.
    pub const fn new(w: f32, h: f32) -> Self {
        Self { w, h }
    }
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub const fn new(pos: Point, size: Size) -> Self {
        Self { pos, size }
    }

    /// The smallest rectangle containing both corners, in any order.
    pub fn from_corners(a: Point, b: Point) -> Self {
        let min = Point::new(a.x.min(b.x), a.y.min(b.y));
        let max = Point::new(a.x.max(b.x), a.y.max(b.y));
        Self::new(min, Size::new(max.x - min.x, max.y - min.y))
    }

    /// The top-left corner.
    pub fn min(&self) -> Point {
        self.pos
    }

    /// The bottom-right corner.
    pub fn max(&self) -> Point {
        Point::new(self.pos.x + self.size.w, self.pos.y + self.size.h)
    }

    /// The centre, which decides which region a sticky belongs to.
    pub fn center(&self) -> Point {
        Point::new(
            self.pos.x + self.size.w / 2.0,
            self.pos.y + self.size.h / 2.0,
        )
    }

    /// The area, used to pick the innermost of nested regions.
    pub fn area(&self) -> f32 {
        self.size.w * self.size.h
    }

    /// Whether `p` lies inside or on the edge.
    pub fn contains(&self, p: Point) -> bool {
        let max = self.max();
        p.x >= self.pos.x && p.x <= max.x && p.y >= self.pos.y && p.y <= max.y
    }

    /// Whether the two rectangles overlap (touching counts).
    pub fn intersects(&self, other: &Rect) -> bool {
        let (a, b) = (self.max(), other.max());
        self.pos.x <= b.x && other.pos.x <= a.x && self.pos.y <= b.y && other.pos.y <= a.y
    }

    /// Whether `other` lies entirely inside this rectangle.
    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains(other.pos) && self.contains(other.max())
    }

    /// The smallest rectangle containing both.
    pub fn union(&self, other: &Rect) -> Rect {
        let (a, b) = (self.max(), other.max());
        Rect::from_corners(
            Point::new(self.pos.x.min(other.pos.x), self.pos.y.min(other.pos.y)),
            Point::new(a.x.max(b.x), a.y.max(b.y)),
        )
    }

    /// The rectangle moved by `delta`.
    pub fn translated(&self, delta: Point) -> Rect {
        Rect::new(self.pos.offset(delta), self.size)
    }
}

/// Files hold whole numbers: `(120, 340)`. Rounding happens here, in one place.
fn to_whole(v: f32) -> i64 {
    if v.is_finite() { v.round() as i64 } else { 0 }
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (to_whole(self.x), to_whole(self.y)).serialize(s)
    }
}

/// Files hold whole numbers; a fraction written by hand or by another tool is read rounded,
/// so what loads is exactly what saves.
fn from_file(v: f64) -> f32 {
    (v as f32).round()
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (x, y) = <(f64, f64)>::deserialize(d)?;
        Ok(Point::new(from_file(x), from_file(y)))
    }
}

impl Serialize for Size {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (to_whole(self.w), to_whole(self.h)).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (w, h) = <(f64, f64)>::deserialize(d)?;
        Ok(Size::new(from_file(w), from_file(h)))
    }
}

/// The visible part of the line between two rectangles' centres: from the border of one to
/// the border of the other, as an arrow between two stickies is drawn (on the canvas and in
/// pictures of the board). `None` when they overlap.
pub fn border_segment(from: Rect, to: Rect) -> Option<(Point, Point)> {
    let (c1, c2) = (from.center(), to.center());
    let a = exit_point(from, c1, c2)?;
    let b = exit_point(to, c2, c1)?;
    let (ab, c) = (b.minus(a), c2.minus(c1));
    (ab.x * c.x + ab.y * c.y > 0.0).then_some((a, b))
}

/// Where the ray from `inside` towards `target` leaves `rect`.
fn exit_point(rect: Rect, inside: Point, target: Point) -> Option<Point> {
    let d = target.minus(inside);
    if d.x * d.x + d.y * d.y < f32::EPSILON {
        return None;
    }
    let (hx, hy) = (rect.size.w / 2.0, rect.size.h / 2.0);
    let tx = if d.x.abs() > f32::EPSILON {
        hx / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        hy / d.y.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty);
    Some(Point::new(inside.x + d.x * t, inside.y + d.y * t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_corners_orders_the_corners() {
        let r = Rect::from_corners(Point::new(10.0, 50.0), Point::new(0.0, 20.0));
        assert_eq!(r.pos, Point::new(0.0, 20.0));
        assert_eq!(r.size, Size::new(10.0, 30.0));
    }

    #[test]
    fn contains_and_intersects() {
        let a = Rect::new(Point::new(0.0, 0.0), Size::new(10.0, 10.0));
        let b = Rect::new(Point::new(5.0, 5.0), Size::new(10.0, 10.0));
        let c = Rect::new(Point::new(20.0, 20.0), Size::new(1.0, 1.0));
        assert!(a.contains(Point::new(10.0, 10.0)));
        assert!(!a.contains(Point::new(10.1, 10.0)));
        assert!(a.intersects(&b));
        assert!(!a.intersects(&c));
        assert!(a.union(&c).contains_rect(&b));
    }
}
