//! The contract of a domain event: its version and visibility, with the model check's
//! findings about them right under the control, and its deliveries (audiences) as a table:
//! audience, transport, channel, direction; added, removed and changed in place.

use egui::{RichText, Ui};

use super::{finding_ui, text_field};
use crate::model::analysis::Analysis;
use crate::model::check;
use crate::model::{
    Audience, Board, BoundaryKind, Delivery, Direction, Id, Kind, Sticky, Transport, Visibility,
};

pub(super) fn event_contract(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    id: Id,
    next: &mut Sticky,
) {
    let effective = analysis
        .events
        .get(&id)
        .map(|e| e.visibility.label())
        .unwrap_or("internal");
    egui::ComboBox::from_label("Visibility")
        .selected_text(next.visibility.label())
        .show_ui(ui, |ui| {
            for v in Visibility::ALL {
                ui.selectable_value(&mut next.visibility, v, v.label());
            }
        });
    ui.label(
        RichText::new(format!("Seen as: {effective}"))
            .small()
            .weak(),
    );
    let version = next.version.clone().unwrap_or_default();
    let version_finding = check::version_finding(id, next);
    if let Some(v) = text_field(
        ui,
        "Version",
        &version,
        false,
        crate::model::analysis::DEFAULT_VERSION,
    ) {
        next.version = Some(v).filter(|v| !v.trim().is_empty());
    }
    if let Some(f) = version_finding {
        finding_ui(ui, &f);
    }
    deliveries_ui(ui, board, analysis, id, next);
}

/// Everything an event can be delivered to: any subscriber, then the bounded contexts, front
/// ends and partners (regions and external systems) on the board, each by name.
fn audience_choices(board: &Board, analysis: &Analysis) -> Vec<(Audience, String)> {
    let mut out = vec![(Audience::AnySubscriber, "Any subscriber".to_owned())];
    let mut named: Vec<(Audience, String)> = Vec::new();
    for (&id, b) in &board.boundaries {
        let audience = match b.kind {
            BoundaryKind::Context => Audience::Context(id),
            BoundaryKind::FrontEnd => Audience::FrontEnd(id),
            BoundaryKind::Partner => Audience::Partner(id),
            BoundaryKind::Swimlane => continue,
        };
        named.push((audience, b.name.clone()));
    }
    for (&id, s) in &board.stickies {
        if s.kind == Kind::ExternalSystem {
            named.push((Audience::Partner(id), s.text.clone()));
        }
    }
    for (audience, _) in named {
        if let Some((name, _)) = analysis.audience_name(board, audience) {
            let label = format!("{name} ({})", audience.kind().label());
            out.push((audience, label));
        }
    }
    out
}

/// The event's deliveries as a small table: audience, transport, channel (the derived one as
/// a hint), direction, and a button to remove each; a button adds one to any subscriber.
fn deliveries_ui(ui: &mut Ui, board: &Board, analysis: &Analysis, id: Id, next: &mut Sticky) {
    ui.label(RichText::new("Audiences").small().weak());
    let choices = audience_choices(board, analysis);
    let name_of = |a: Audience| {
        choices
            .iter()
            .find(|(c, _)| *c == a)
            .map_or("(removed from the board)", |(_, n)| n.as_str())
            .to_owned()
    };
    let mut remove = None;
    egui::Grid::new(("deliveries", id))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (i, d) in next.deliveries.iter_mut().enumerate() {
                let n = i + 1;
                ui.label(format!("{n}"));
                ui.vertical(|ui| {
                    delivery_row_ui(ui, board, analysis, id, n, d, &choices, &name_of);
                    if ui
                        .small_button("Remove")
                        .accessible_name(format!("Remove delivery {n}"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        next.deliveries.remove(i);
    }
    if next.deliveries.is_empty() {
        let implied = analysis.deliveries(board, id);
        let text = if implied.is_empty() {
            "None: the event stays in its context.".to_owned()
        } else {
            let ways: Vec<String> = implied
                .iter()
                .map(|d| format!("{} {} on {}", d.direction.label(), d.name, d.channel))
                .collect();
            format!("None written; the exports use: {}", ways.join("; "))
        };
        ui.label(RichText::new(text).small().weak());
    }
    if ui
        .button("Add delivery")
        .accessible_name("Add delivery")
        .clicked()
    {
        next.deliveries
            .push(Delivery::to(Audience::AnySubscriber, Direction::Publish));
    }
}

/// One delivery's audience, transport, channel and direction, labelled `Delivery N ...`.
#[allow(clippy::too_many_arguments)]
fn delivery_row_ui(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    id: Id,
    n: usize,
    d: &mut Delivery,
    choices: &[(Audience, String)],
    name_of: &dyn Fn(Audience) -> String,
) {
    let before = d.audience;
    egui::ComboBox::from_id_salt(("delivery audience", id, n))
        .selected_text(name_of(d.audience))
        .width(190.0)
        .show_ui(ui, |ui| {
            for (a, label) in choices {
                ui.selectable_value(&mut d.audience, *a, label);
            }
        })
        .response
        .accessible_name(format!("Delivery {n} audience"));
    if d.audience != before {
        // A new audience takes its usual transport, unless one was chosen by hand.
        if d.transport == before.kind().usual_transport() {
            d.transport = d.audience.kind().usual_transport();
        }
    }
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt(("delivery transport", id, n))
            .selected_text(d.transport.map_or("not set", Transport::label))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut d.transport, None, "not set");
                for t in Transport::ALL {
                    ui.selectable_value(&mut d.transport, Some(t), t.label());
                }
            })
            .response
            .accessible_name(format!("Delivery {n} transport"));
        egui::ComboBox::from_id_salt(("delivery direction", id, n))
            .selected_text(d.direction.label())
            .width(70.0)
            .show_ui(ui, |ui| {
                for dir in Direction::ALL {
                    ui.selectable_value(&mut d.direction, dir, dir.label());
                }
            })
            .response
            .accessible_name(format!("Delivery {n} direction"));
    });
    let mut channel = d.channel.clone().unwrap_or_default();
    let hint = analysis.delivery_channel(
        board,
        id,
        &Delivery {
            channel: None,
            ..d.clone()
        },
    );
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut channel)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(format!("Delivery {n} channel"));
    if response.changed() {
        d.channel = Some(channel).filter(|c| !c.trim().is_empty());
    }
}
