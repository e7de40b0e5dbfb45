//! The app's logic between frames: asking for a recompute when the
//! scenario changes, the autosave's timing, the screenshot and the
//! start-up timing. (The jobs and their results are `app/background/jobs.rs`'.)

use super::app::{SeatcastApp, Shot};
use super::background::runner::lanes;
use crate::engine::Wants;
use eframe::egui;
use std::sync::mpsc::channel;
use std::time::Duration;

/// How long after a change (or a failed write) the autosave waits.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(2);

impl SeatcastApp {
    /// What the tab on show needs besides the outcome (its panel says).
    pub(super) fn wants(&self) -> Wants {
        self.panels
            .tabs
            .iter()
            .find(|p| p.id() == self.state.tab)
            .map(|p| p.wants())
            .unwrap_or_default()
    }

    /// Recompute when the scenario or the kept scenarios changed, or the
    /// tab needs more than was worked out. (The outcome holds no words: a
    /// change of language redraws it, it does not recompute it.)
    pub(super) fn recompute_if_changed(&mut self) {
        let wanted = self.wants();
        let same = self.requested.as_ref().is_some_and(|r| {
            r.scenario == self.state.scenario && r.held == self.state.held && r.wants.covers(wanted)
        });
        if !same && self.data.is_some() {
            self.recompute();
        }
    }

    /// Write the working scenario to the autosave file when it changed, at
    /// most every two seconds, in the background. A failed write is shown
    /// and tried again.
    pub(super) fn autosave_step(&mut self) {
        let a = &self.autosave;
        let Some(path) = a.path.clone() else { return };
        let changed = a.saved.as_ref() != Some(&self.state.scenario);
        let due = a.tried.is_none_or(|t| t.elapsed() >= AUTOSAVE_EVERY);
        if changed
            && due
            && a.recovery.is_none()
            && !self.jobs.running(lanes::AUTOSAVE)
            && let Err(e) = self.start_autosave(path.clone())
        {
            self.autosave.failed = Some(crate::scenario_file::ScenarioFileError::Write {
                path,
                source: std::io::Error::other(e.to_string()),
            });
        }
    }

    /// Print the start-up timing once (with `SEATCAST_TIMING`).
    pub(super) fn timing_step(&mut self) {
        let Some((started, first_done)) = &mut self.timing else {
            return;
        };
        if !*first_done {
            eprintln!(
                "seatcast: first frame {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
            *first_done = true;
        }
        if self.computed.is_some() {
            eprintln!(
                "seatcast: first projection shown {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
            self.timing = None;
        }
    }

    /// For `seatcast screenshot`: once the projection has been drawn, take a
    /// picture, write it, and close.
    pub(super) fn screenshot_step(&mut self, ctx: &egui::Context) {
        let ready = self.settled();
        let Some((path, shot)) = &mut self.screenshot else {
            return;
        };
        match shot {
            Shot::Waiting(frames) => {
                if ready {
                    *frames += 1;
                }
                ctx.request_repaint();
                // A few frames for fonts, plots and table widths to settle.
                if *frames >= 5 {
                    let (tx, rx) = channel();
                    let path = path.clone();
                    let ctx2 = ctx.clone();
                    ctx.request_screenshot(move |image| {
                        let _ = tx.send(super::run::save_png(&path, &image));
                        ctx2.request_repaint();
                    });
                    *shot = Shot::Requested(rx);
                }
            }
            Shot::Requested(rx) => {
                ctx.request_repaint();
                if let Ok(result) = rx.try_recv() {
                    if let Err(e) = result {
                        self.screenshot_error = Some(e);
                    }
                    *shot = Shot::Done;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Shot::Done => {}
        }
    }
}
