//! The payload rules: every field has a usable name, none twice in code (ES015; a name
//! suggested instead follows the board's own style, snake_case or camelCase), and a type
//! the exports understand, naming only object types the board defines (ES014). The check
//! lists these findings; the inspector shows each under its field, in the same words.

use std::collections::BTreeMap;

use super::{Finding, Findings, Rule, quoted};
use crate::model::board::Board;
use crate::model::id::Id;
use crate::model::naming::{self, FieldStyle};
use crate::model::sticky::{Field, Sticky};
use crate::model::types::{FieldType, ObjectType, Scalar, field_name_problem};

/// ES014 and ES015 for the fields of every event, command and object type.
pub(super) fn check(board: &Board, out: &mut Findings) {
    let style = field_style(board);
    for (&id, s) in &board.stickies {
        if s.kind.has_fields() {
            out.extend(fields(board, style, &s.fields, &quoted(s), &[id]));
        }
    }
    for (name, ty) in &board.types {
        let owner = format!("object type \"{name}\"");
        out.extend(fields(board, style, &ty.fields, &owner, &[]));
    }
}

/// The findings about the fields of sticky `id`, each with the index of its field.
pub fn sticky_field_findings(board: &Board, id: Id, s: &Sticky) -> Vec<(usize, Finding)> {
    fields(board, field_style(board), &s.fields, &quoted(s), &[id])
}

/// The findings about the fields of the object type `name`, each with the index of its field.
pub fn object_type_field_findings(
    board: &Board,
    name: &str,
    ty: &ObjectType,
) -> Vec<(usize, Finding)> {
    let owner = format!("object type \"{name}\"");
    fields(board, field_style(board), &ty.fields, &owner, &[])
}

/// How the board writes its field names (those of its events, commands and object types),
/// for the names ES015 suggests.
fn field_style(board: &Board) -> FieldStyle {
    let on_stickies = board
        .stickies
        .values()
        .filter(|s| s.kind.has_fields())
        .flat_map(|s| &s.fields);
    let on_types = board.types.values().flat_map(|t| &t.fields);
    FieldStyle::of(on_stickies.chain(on_types).map(|f| f.name.as_str()))
}

/// ES015 and ES014 for `fields` of `owner` (as findings name it), about `stickies`; a bad
/// name's suggestion is written in `style`.
fn fields(
    board: &Board,
    style: FieldStyle,
    fields: &[Field],
    owner: &str,
    stickies: &[Id],
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    let mut found = |i: usize, rule, message, fix: &str| {
        out.push((i, Finding::new(rule, stickies.to_vec(), message, fix)));
    };
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (i, field) in fields.iter().enumerate() {
        if let Some(problem) = field_name_problem(&field.name, style) {
            found(
                i,
                Rule::FieldName,
                format!("{owner}: {problem}"),
                "rename the field in the inspector",
            );
        } else if let Some(first) = seen.insert(naming::snake(&field.name), &field.name) {
            found(
                i,
                Rule::FieldName,
                format!(
                    "{owner} has the fields \"{first}\" and \"{}\", which are the same name in code",
                    field.name
                ),
                "rename or remove one of them",
            );
        }
        match FieldType::parse(&field.ty) {
            Err(e) => found(
                i,
                Rule::FieldType,
                format!("{owner}, field \"{}\": {e}", field.name),
                "fix the type in the inspector",
            ),
            Ok(ty) => {
                for unknown in ty.unknown_objects(&|n| board.types.contains_key(n)) {
                    // `String` names an object type the board may define; when it does not,
                    // the person most likely meant the built-in `string`.
                    let hint = Scalar::spelled_like(unknown)
                        .map(|s| format!(" (the built-in type is written `{}`)", s.name()))
                        .unwrap_or_default();
                    found(
                        i,
                        Rule::FieldType,
                        format!(
                            "{owner}, field \"{}\": the board defines no object type \"{unknown}\"{hint}",
                            field.name
                        ),
                        "define the object type in the inspector's Board section, or fix the \
                         name",
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Point};

    fn field(name: &str, ty: &str) -> Field {
        Field {
            name: name.into(),
            ty: ty.into(),
            ..Field::default()
        }
    }

    #[test]
    fn each_problem_points_at_its_field_in_the_check_s_words() {
        let mut s = Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0));
        s.fields = vec![
            field("total", "Money"),
            field("coupon code", "string"),
            field("Total", "uuid"),
        ];
        let board = Board::new("t");
        let found: Vec<(usize, &str, String)> = sticky_field_findings(&board, Id(1), &s)
            .into_iter()
            .map(|(i, f)| (i, f.code(), f.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    0,
                    "ES014",
                    "\"Order Placed\", field \"total\": the board defines no object type \"Money\""
                        .to_owned()
                ),
                (
                    1,
                    "ES015",
                    "\"Order Placed\": `coupon code` may hold only letters, digits and `_` \
                     (write it as `couponCode`)"
                        .to_owned()
                ),
                (
                    2,
                    "ES015",
                    "\"Order Placed\" has the fields \"total\" and \"Total\", which are the same \
                     name in code"
                        .to_owned()
                ),
            ]
        );
    }

    /// The ES015 message about a field typed `map url` on an event beside others named
    /// `names`.
    fn suggestion_beside(names: &[&str]) -> Vec<String> {
        let mut board = Board::new("t");
        let mut other = Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0));
        other.fields = names.iter().map(|n| field(n, "string")).collect();
        board.stickies.insert(Id(1), other);
        let mut s = Sticky::new(Kind::DomainEvent, "Restaurant Listed", Point::new(0.0, 0.0));
        s.fields = vec![field("map url", "uri")];
        board.stickies.insert(Id(2), s.clone());
        sticky_field_findings(&board, Id(2), &s)
            .into_iter()
            .map(|(_, f)| f.message)
            .collect()
    }

    #[test]
    fn a_bad_field_name_is_suggested_in_the_board_s_own_style() {
        let says = |names: &[&str], suggestion: &str| {
            let found = suggestion_beside(names);
            assert_eq!(
                found,
                [format!(
                    "\"Restaurant Listed\": `map url` may hold only letters, digits and `_` \
                     (write it as `{suggestion}`)"
                )],
                "beside {names:?}"
            );
        };
        says(&["order_id", "delivery_address", "total"], "map_url");
        says(&["orderId", "deliveryAddress", "total"], "mapUrl");
        // No field names with two words yet, or as many of each: camelCase.
        says(&["total", "id"], "mapUrl");
        says(&["order_id", "orderTotal"], "mapUrl");
    }

    #[test]
    fn a_board_that_defines_date_and_string_types_its_fields_with_them() {
        let mut s = Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0));
        s.fields = vec![field("placedOn", "Date"), field("note", "String")];
        let mut board = Board::new("t");
        board.types.insert("Date".into(), ObjectType::default());
        let messages: Vec<String> = sticky_field_findings(&board, Id(1), &s)
            .into_iter()
            .map(|(_, f)| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "\"Order Placed\", field \"note\": the board defines no object type \"String\" \
              (the built-in type is written `string`)"
            ]
        );
    }
}
