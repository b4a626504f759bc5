//! Work the window must not wait for (reading a board, a file dialog, an export, a recovery
//! copy, a look at the file on disk), run on its own thread. One small type serves every job:
//! spawn a closure, `poll` each frame, and the window repaints when the answer arrives.
//!
//! A thread that dies before answering (a panic, or no thread could be started) gives
//! [`Stopped`], never a wait that does not end.

use std::fmt;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A result that arrives later from another thread.
pub struct Task<T> {
    answer: Receiver<T>,
}

/// The thread of a [`Task`] ended without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the work stopped unexpectedly")
    }
}

impl std::error::Error for Stopped {}

/// Asks for a frame when dropped: at the end of the work, and also while a panic unwinds.
struct RepaintOnDrop(egui::Context);

impl Drop for RepaintOnDrop {
    fn drop(&mut self) {
        self.0.request_repaint();
    }
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread named `name`; `ctx` repaints when it is done.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (tx, answer) = channel();
        let repaint = RepaintOnDrop(ctx.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("stormpad {name}"))
            .spawn(move || {
                // Dropped in reverse order: the channel closes before the repaint, so the
                // frame it asks for sees the answer or the `Stopped`.
                let _repaint = repaint;
                let tx = tx;
                // Nobody listening any more (the dialog was closed) is fine.
                let _ = tx.send(work());
            });
        if let Err(e) = spawned {
            // The closure, and with it the sender, is gone: `poll` answers `Stopped`.
            eprintln!("stormpad: could not start a thread for {name}: {e}");
            ctx.request_repaint();
        }
        Self { answer }
    }

    /// The answer once the work is done (then drop the task), `None` while it runs.
    pub fn poll(&self) -> Option<Result<T, Stopped>> {
        match self.answer.try_recv() {
            Ok(value) => Some(Ok(value)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Stopped)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls until the task answers; the test fails rather than waits forever.
    fn wait<T: Send + 'static>(task: &Task<T>) -> Result<T, Stopped> {
        for _ in 0..10_000 {
            if let Some(answer) = task.poll() {
                return answer;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("the task never answered");
    }

    #[test]
    fn the_answer_arrives_and_asks_for_a_frame() {
        let ctx = egui::Context::default();
        let task = Task::spawn(&ctx, "test", || 6 * 7);
        assert_eq!(wait(&task), Ok(42));
    }

    #[test]
    fn a_thread_that_panics_answers_stopped_instead_of_never() {
        let ctx = egui::Context::default();
        let task: Task<u8> = Task::spawn(&ctx, "test", || panic!("a bug in the work"));
        assert_eq!(wait(&task), Err(Stopped));
        assert_eq!(Stopped.to_string(), "the work stopped unexpectedly");
    }
}
