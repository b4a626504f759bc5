//! The phase timer: a big countdown a projector can show, started, paused, given a minute
//! more and reset. Time is app state, never an edit: it is not saved with the board and undo
//! never touches it. It runs on egui's clock (`InputState::time`), so tests drive it by
//! frames, not by waiting.

use egui::{Align2, Color32, Context, RichText, Ui, Vec2};

/// The digits' size: readable from the back of a room on a projector.
const TIMER_SIZE: f32 = 64.0;
/// The colour the digits pulse to when time is up (warm, not alarming).
const TIMER_UP: Color32 = Color32::from_rgb(0xD9, 0x5D, 0x39);

/// The durations offered, in minutes.
pub const DURATIONS: [u32; 6] = [2, 5, 10, 15, 25, 45];

/// A countdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Timer {
    /// The full duration, in seconds.
    pub duration: f64,
    /// Seconds left when it last started or paused.
    left: f64,
    /// egui time at the last start; `None` while paused or stopped.
    started: Option<f64>,
    /// Whether the countdown is shown over the board.
    pub visible: bool,
}

impl Default for Timer {
    fn default() -> Self {
        Self {
            duration: 300.0,
            left: 300.0,
            started: None,
            visible: false,
        }
    }
}

impl Timer {
    /// Seconds left at egui time `now`, never below zero.
    pub fn left(&self, now: f64) -> f64 {
        match self.started {
            Some(t) => (self.left - (now - t)).max(0.0),
            None => self.left,
        }
    }

    /// Whether it is counting down.
    pub fn is_running(&self) -> bool {
        self.started.is_some()
    }

    /// Whether it has run out (the gentle signal shows).
    pub fn is_up(&self, now: f64) -> bool {
        self.left(now) <= 0.0
    }

    /// Starts it, or pauses it when it runs; starting a timer that ran out starts it again.
    pub fn start_pause(&mut self, now: f64) {
        self.visible = true;
        match self.started {
            Some(_) => {
                self.left = self.left(now);
                self.started = None;
            }
            None => {
                if self.left <= 0.0 {
                    self.left = self.duration;
                }
                self.started = Some(now);
            }
        }
    }

    /// One more minute, running or not.
    pub fn add_minute(&mut self, now: f64) {
        self.visible = true;
        self.left = self.left(now) + 60.0;
        if self.started.is_some() {
            self.started = Some(now);
        }
    }

    /// Back to the full duration, stopped.
    pub fn reset(&mut self) {
        self.left = self.duration;
        self.started = None;
    }

    /// Sets the full duration and resets to it.
    pub fn set_minutes(&mut self, minutes: u32) {
        self.duration = f64::from(minutes) * 60.0;
        self.reset();
    }
}

/// `m:ss` of a number of seconds, rounded up (a timer shows 0:00 only when it is up).
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What the timer asks for this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerAction {
    StartPause,
    AddMinute,
    Reset,
    Hide,
    Minutes(u32),
}

/// The countdown over the top-right corner of `canvas` (screen rectangle), in big digits;
/// when it is up the digits pulse in the accent colour and say so (no modal).
pub fn timer_ui(ctx: &Context, timer: &Timer, canvas: egui::Rect) -> Option<TimerAction> {
    if !timer.visible {
        return None;
    }
    let now = ctx.input(|i| i.time);
    if timer.is_running() {
        ctx.request_repaint_after(std::time::Duration::from_millis(200));
    }
    let up = timer.is_up(now);
    let mut action = None;
    egui::Area::new(egui::Id::unique("phase timer"))
        .pivot(Align2::RIGHT_TOP)
        .fixed_pos(canvas.right_top() + Vec2::new(-12.0, 12.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                action = timer_body(ui, timer, now, up);
            });
        });
    action
}

fn timer_body(ui: &mut Ui, timer: &Timer, now: f64, up: bool) -> Option<TimerAction> {
    let mut action = None;
    let colour = if up {
        // A slow pulse between the accent and the text colour: seen, not shouted.
        let t = ((now * 2.0).sin() * 0.5 + 0.5) as f32;
        TIMER_UP.lerp_to_gamma(ui.visuals().text_color(), t)
    } else if timer.is_running() {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().weak_text_color()
    };
    let digits = ui.label(
        RichText::new(clock(timer.left(now)))
            .size(TIMER_SIZE)
            .monospace()
            .color(colour),
    );
    digits.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, "Phase timer"));
    if up {
        ui.label(RichText::new("Time is up").color(TIMER_UP).strong());
    }
    ui.horizontal(|ui| {
        let start = if timer.is_running() { "Pause" } else { "Start" };
        if ui.button(start).clicked() {
            action = Some(TimerAction::StartPause);
        }
        if ui.button("+1 min").clicked() {
            action = Some(TimerAction::AddMinute);
        }
        if ui.button("Reset").clicked() {
            action = Some(TimerAction::Reset);
        }
        egui::ComboBox::from_id_salt("timer minutes")
            .selected_text(format!("{} min", (timer.duration / 60.0).round()))
            .width(70.0)
            .show_ui(ui, |ui| {
                for m in DURATIONS {
                    if ui.selectable_label(false, format!("{m} min")).clicked() {
                        action = Some(TimerAction::Minutes(m));
                    }
                }
            });
        if ui
            .small_button("Hide")
            .on_hover_text("Hide the timer")
            .clicked()
        {
            action = Some(TimerAction::Hide);
        }
    });
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_counts_down_pauses_gets_a_minute_and_runs_out() {
        let mut t = Timer::default();
        t.set_minutes(2);
        t.start_pause(10.0);
        assert_eq!(clock(t.left(40.0)), "1:30");
        t.start_pause(40.0);
        assert_eq!(t.left(100.0), 90.0, "paused");
        t.add_minute(100.0);
        assert_eq!(clock(t.left(100.0)), "2:30");
        t.start_pause(100.0);
        assert!(!t.is_up(249.0));
        assert!(t.is_up(250.0));
        assert_eq!(clock(t.left(999.0)), "0:00");
        t.start_pause(1000.0);
        t.start_pause(1000.0);
        assert_eq!(
            t.left(1000.0),
            120.0,
            "starting after time is up starts afresh"
        );
        t.reset();
        assert!(!t.is_running());
    }
}
