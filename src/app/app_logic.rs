//! The app's logic between frames: taking in what the worker and the tasks
//! finished, asking for a recompute when the scenario changes, the
//! autosave, the screenshot and the start-up timing.

use super::app::{ComputeRequest, LoadError, SeatcastApp, Shot};
use super::app_commands::{saved_folder, saved_text};
use super::tasks::{Pick, Task, TaskDone, TaskKind};
use super::worker::{Done, Stage};
use crate::engine::run::Wants;
use crate::i18n::Lang;
use eframe::egui;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// How long after a change (or a failed write) the autosave waits.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(2);

impl SeatcastApp {
    /// Take in what the background threads have finished.
    pub(super) fn receive(&mut self) {
        for done in self.worker.poll() {
            self.worker_done(done);
        }
        for done in self.tasks.poll() {
            self.task_done(done);
        }
    }

    fn worker_done(&mut self, done: Done) {
        let lang = self.lang();
        match done {
            Done::Loaded(data) => {
                self.notices.mapping_hint = data.sheets.iter().any(|s| s.needs_mapping);
                // Other data under a plan made before: ask whether to keep it.
                let other = self
                    .data
                    .as_ref()
                    .is_some_and(|old| old.files != data.files);
                self.notices.plan_offer = other && !self.state.scenario.actions.is_empty();
                self.state.files = data.files.clone();
                self.state.remember(&data.files);
                self.notices.load_error = None;
                self.data = Some(*data);
                self.recompute();
            }
            Done::LoadFailed {
                files,
                problems,
                sheets,
            } => {
                let first_start = self.data.is_none();
                // A sheet Seatcast could not read: ask the planner what its columns hold.
                if sheets.iter().any(|s| s.needs_mapping) {
                    self.open_mapping(files.clone(), sheets.clone());
                }
                self.notices.load_error = Some(LoadError {
                    files,
                    problems,
                    sheets,
                });
                if first_start {
                    // Nothing to keep: show the sample county meanwhile.
                    self.state.files.clear();
                    self.open(Vec::new());
                }
            }
            Done::Computed(c) => {
                let newer = self
                    .computed
                    .as_ref()
                    .is_none_or(|old| c.generation > old.generation);
                if newer {
                    self.notices.compute_error = None;
                    self.computed = Some(*c);
                }
            }
            Done::ComputeFailed(e) => self.notices.compute_error = Some(e),
            Done::Crashed(stage) => {
                self.notices.result = Some(Err(match stage {
                    Stage::Load => lang.pick(
                        "读取文件时程序内部出错，仍显示先前的数据。请把文件和此消息发给开发者。",
                        "An internal error stopped the load; the previous data is still shown. Please send the files and this message to the developers.",
                    ),
                    Stage::Compute => lang.pick(
                        "计算时程序内部出错，仍显示上次的结果。请把情景文件和此消息发给开发者。",
                        "An internal error stopped the recompute; the last result is still shown. Please send the scenario file and this message to the developers.",
                    ),
                }
                .into()));
            }
        }
    }

    fn task_done(&mut self, done: TaskDone) {
        let lang = self.lang();
        match done {
            TaskDone::Picked { pick, paths, quick } => match (pick, paths) {
                (Pick::Data, Some(files)) if !files.is_empty() => self.open(files),
                // No dialog could open (no desktop portal): ask for a path instead.
                (Pick::Data, _) if quick => {
                    self.windows.path_prompt = Some(String::new());
                    self.windows.no_dialog = true;
                }
                (Pick::Scenario(io), Some(p)) => {
                    if let (Some(w), Some(p)) = (&mut self.windows.scenario, p.first())
                        && w.io == io
                    {
                        w.path = p.display().to_string();
                    }
                }
                (Pick::Norms(io), Some(p)) => {
                    if let Some(path) = p.into_iter().next() {
                        self.norms_file(io, path);
                    }
                }
                (Pick::Template, Some(p)) => {
                    if let Some(path) = p.into_iter().next() {
                        self.save_template(path);
                    }
                }
                (Pick::SaveTarget { .. }, Some(p)) => {
                    if let (Some(d), Some(p)) = (&mut self.windows.save, p.first()) {
                        d.set_path(p);
                    }
                }
                _ => {}
            },
            TaskDone::ScenarioSaved { path, result } => {
                self.notices.result = Some(match result {
                    Ok(()) => {
                        let text = saved_text(std::slice::from_ref(&path), lang);
                        self.state.scenario_path = Some(path);
                        Ok(text)
                    }
                    Err(e) => Err(e.message(lang)),
                });
            }
            TaskDone::ScenarioOpened { path, result } => match result {
                Ok(s) => {
                    self.state.set_actions(s.actions.clone());
                    self.state.scenario = *s;
                    self.state.scenario_path = Some(path);
                    self.notices.result = None;
                }
                Err(e) => self.notices.result = Some(Err(e.message(lang))),
            },
            TaskDone::NormsSaved { path, result } => {
                self.notices.result = Some(match result {
                    Ok(()) => Ok(saved_text(std::slice::from_ref(&path), lang)),
                    Err(e) => Err(e.message(lang)),
                });
            }
            TaskDone::NormsOpened { result } => match result {
                Ok(n) => {
                    self.state.scenario.teachers.norms = Some(*n);
                    self.notices.result = None;
                }
                Err(e) => self.notices.result = Some(Err(e.message(lang))),
            },
            TaskDone::Autosaved { scenario, result } => match result {
                Ok(()) => {
                    self.autosave.saved = Some(*scenario);
                    self.autosave.failed = None;
                }
                Err(e) => self.autosave.failed = Some(e),
            },
            TaskDone::Merges { on, merges } => self.merges_found(on, merges),
            TaskDone::SiteChecked { key, check } => {
                if let Some(plan) = self.panels.get::<super::panels::plan::Plan>() {
                    plan.site_checked(key, check);
                }
                if let Some(next) = self.pending_site.take() {
                    self.check_site(next);
                }
            }
            TaskDone::Exported(result) => {
                self.notices.saved_folder = match &result {
                    Ok(files) => saved_folder(files),
                    Err(_) => None,
                };
                self.notices.result = Some(match result {
                    Ok(files) => Ok(saved_text(&files, lang)),
                    Err(e) => Err(format!(
                        "{}{e}",
                        lang.pick("保存失败：", "Could not save: ")
                    )),
                });
            }
            TaskDone::Lost(kind) => {
                self.notices.result = Some(Err(match lang {
                    Lang::Zh => format!("后台任务（{kind:?}）意外停止，请重试。"),
                    Lang::En => {
                        format!("A background task ({kind:?}) stopped unexpectedly; try again.")
                    }
                }));
            }
        }
    }

    /// "Merge all feasible" came back: the merges join the plan, unless the
    /// plan changed meanwhile (then they may no longer hold).
    fn merges_found(
        &mut self,
        on: Vec<crate::engine::plan::actions::Action>,
        merges: Vec<crate::engine::plan::actions::Action>,
    ) {
        let lang = self.lang();
        if on != self.state.scenario.actions {
            self.notices.result = Some(Err(lang
                .pick(
                    "查找期间方案已改变，未加入撤并；请再点一次“全部可行的撤并”。",
                    "The plan changed while the merges were found, so none were added; press “Merge all feasible” again.",
                )
                .into()));
            return;
        }
        if merges.is_empty() {
            self.notices.result = Some(Ok(lang
                .pick(
                    "没有可行的撤并：每所候选学校的服务半径内都没有足够学位的同学段学校。",
                    "No feasible merge: no candidate has a school of its level with room within its radius.",
                )
                .into()));
            return;
        }
        let n = merges.len();
        let mut actions = on;
        actions.extend(merges);
        self.state.set_actions(actions);
        self.notices.result = Some(Ok(match lang {
            Lang::Zh => format!("已加入 {n} 项撤并。"),
            Lang::En => format!("{n} merges added to the plan."),
        }));
    }

    pub(super) fn recompute(&mut self) {
        if let Some(d) = &self.data {
            let asked = ComputeRequest {
                scenario: self.state.scenario.clone(),
                held: self.state.held.clone(),
                wants: self.wants(),
            };
            self.worker.compute(
                Arc::clone(&d.engine),
                asked.scenario.clone(),
                asked.held.clone(),
                asked.wants,
            );
            self.requested = Some(asked);
        }
    }

    /// What the tab on show needs besides the outcome (its panel says).
    fn wants(&self) -> Wants {
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
        if changed && due && a.recovery.is_none() && !self.tasks.running(TaskKind::Autosave) {
            let task = Task::Autosave {
                path: path.clone(),
                scenario: Box::new(self.state.scenario.clone()),
            };
            self.autosave.tried = Some(Instant::now());
            if let Err(e) = self.tasks.start(task) {
                self.autosave.failed = Some(crate::scenario_file::ScenarioFileError::Write {
                    path,
                    source: std::io::Error::other(e.to_string()),
                });
            }
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
