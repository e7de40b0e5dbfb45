//! Everything the app runs off the UI thread, and what it does with each
//! result, through the one job runner ([`super::runner`]): loading,
//! recomputing, file dialogs, scenario and norms files, the autosave,
//! exports, the template, "merge all feasible" and a new school's site
//! check. Each `start_*` says what the job does on its thread and what its
//! result changes in the app.

use super::one_off::{self, Pick, SaveJob, ScenarioIo, SiteRequest};
use super::results::{self, Computed, LoadFailure, LoadedData};
use super::runner::{Finished, JobError, Lane, Policy, Progress, lanes};
use crate::app::app::{LoadError, SeatcastApp};
use crate::app::app_commands::{saved_folder, saved_text};
use crate::engine::plan::Action;
use crate::engine::scenario::Scenario;
use crate::export::files::Written;
use crate::i18n::Lang;
use crate::scenario_file::ScenarioFileError;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

type Apply = super::runner::Apply<SeatcastApp>;

impl SeatcastApp {
    /// Start a job; one that cannot start is reported, and false returned.
    fn start_job(
        &mut self,
        lane: (Lane, Policy),
        work: impl FnOnce(&Progress) -> Apply + Send + 'static,
    ) -> bool {
        match self.jobs.start(lane, work) {
            Ok(()) => true,
            Err(e) => {
                self.notices.result = Some(Err(job_error(&e, self.lang())));
                false
            }
        }
    }

    /// Take in the jobs finished since the last frame.
    pub(in crate::app) fn receive(&mut self) {
        for finished in self.jobs.poll() {
            match finished {
                Finished::Done(apply) => apply(self),
                Finished::Panicked { lane, message } => self.job_panicked(lane, &message),
            }
        }
    }

    /// A job stopped on a bug: said, and what was shown stays.
    fn job_panicked(&mut self, lane: Lane, message: &str) {
        let lang = self.lang();
        let what = match lane {
            l if l == lanes::LOAD.0 => lang
                .pick(
                    "读取文件时程序内部出错，仍显示先前的数据。请把文件和此消息发给开发者。",
                    "An internal error stopped the load; the previous data is still shown. Please send the files and this message to the developers.",
                )
                .to_string(),
            l if l == lanes::COMPUTE.0 => lang
                .pick(
                    "计算时程序内部出错，仍显示上次的结果。请把情景文件和此消息发给开发者。",
                    "An internal error stopped the recompute; the last result is still shown. Please send the scenario file and this message to the developers.",
                )
                .to_string(),
            _ => match lang {
                Lang::Zh => format!("后台任务（{lane}）意外停止，请重试。"),
                Lang::En => format!("A background task ({lane}) stopped unexpectedly; try again."),
            },
        };
        self.notices.result = Some(Err(format!("{what} ({message})")));
    }

    /// Load files (none: the sample county) as the planner's mappings say.
    pub(in crate::app) fn open(&mut self, files: Vec<PathBuf>) {
        let options = self.state.import_options();
        self.start_job(lanes::LOAD, move |_| {
            let result = results::load(files, &options);
            Box::new(move |app: &mut SeatcastApp| match result {
                Ok(data) => app.loaded(data),
                Err(failure) => app.load_failed(failure),
            })
        });
    }

    fn loaded(&mut self, data: LoadedData) {
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
        self.data = Some(data);
        self.recompute();
    }

    fn load_failed(&mut self, f: LoadFailure) {
        let first_start = self.data.is_none();
        // A sheet Seatcast could not read: ask the planner what its columns hold.
        if f.sheets.iter().any(|s| s.needs_mapping) {
            self.open_mapping(f.files.clone(), f.sheets.clone());
        }
        self.notices.load_error = Some(LoadError {
            files: f.files,
            problems: f.problems,
            sheets: f.sheets,
        });
        if first_start {
            // Nothing to keep: show the sample county meanwhile.
            self.state.files.clear();
            self.open(Vec::new());
        }
    }

    /// Recompute the working scenario and the kept ones, with what the tab
    /// on show wants. The newest request wins; each result is numbered,
    /// and an older one never replaces a newer.
    pub(in crate::app) fn recompute(&mut self) {
        let Some(d) = &self.data else { return };
        let asked = crate::app::app::ComputeRequest {
            scenario: self.state.scenario.clone(),
            held: self.state.held.clone(),
            wants: self.wants(),
        };
        self.generation += 1;
        let (generation, engine) = (self.generation, Arc::clone(&d.engine));
        let job = asked.clone();
        self.requested = Some(asked);
        self.start_job(lanes::COMPUTE, move |_| {
            let result = engine.run(&job.scenario, &job.held, job.wants);
            Box::new(move |app: &mut SeatcastApp| match result {
                Ok(run) => {
                    let newer = app
                        .computed
                        .as_ref()
                        .is_none_or(|old| generation > old.generation);
                    if newer {
                        app.notices.compute_error = None;
                        app.computed = Some(Computed {
                            generation,
                            engine,
                            run,
                        });
                    }
                }
                Err(e) => app.notices.compute_error = Some(Arc::new(e)),
            })
        });
    }

    /// Show the native file dialog (on its own thread).
    pub(in crate::app) fn browse(&mut self, pick: Pick) {
        let asked = pick.clone();
        let started = self.start_job(lanes::DIALOG, move |_| {
            let opened = Instant::now();
            let paths = one_off::pick_with_dialog(&pick);
            let quick = opened.elapsed() < std::time::Duration::from_millis(300);
            Box::new(move |app: &mut SeatcastApp| app.picked(pick, paths, quick))
        });
        if !started && asked == Pick::Data {
            // No thread for a dialog: a typed path still works.
            self.windows.path_prompt = Some(String::new());
            self.windows.no_dialog = true;
        }
    }

    /// A file dialog closed: what was picked (None: cancelled), and whether
    /// it closed at once (no dialog could open: ask for a typed path).
    fn picked(&mut self, pick: Pick, paths: Option<Vec<PathBuf>>, quick: bool) {
        match (pick, paths) {
            (Pick::Data, Some(files)) if !files.is_empty() => self.open(files),
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
        }
    }

    /// Save charts or the report in the background, counting the files.
    pub(in crate::app) fn export(&mut self, job: SaveJob) {
        self.notices.result = None;
        self.start_job(lanes::EXPORT, move |progress| {
            let result = one_off::export(job, progress).map_err(|e| e.to_string());
            Box::new(move |app: &mut SeatcastApp| app.exported(result))
        });
    }

    /// Write the data template in the background.
    pub(in crate::app) fn save_template(&mut self, path: PathBuf) {
        self.notices.result = None;
        let lang = self.lang();
        self.start_job(lanes::EXPORT, move |_| {
            let result = one_off::write_template(&path, lang);
            Box::new(move |app: &mut SeatcastApp| app.exported(result))
        });
    }

    fn exported(&mut self, result: Result<Written, String>) {
        let lang = self.lang();
        self.notices.saved_folder = result.as_ref().ok().and_then(|w| saved_folder(&w.files));
        self.notices.result = Some(match result {
            Ok(w) => Ok(match w.unmappable_text(lang) {
                Some(warn) => format!("{} {warn}", saved_text(&w.files, lang)),
                None => saved_text(&w.files, lang),
            }),
            Err(e) => Err(format!(
                "{}{e}",
                lang.pick("保存失败：", "Could not save: ")
            )),
        });
    }

    /// Save the working scenario to a file, or open one as the working
    /// scenario, in the background.
    pub(in crate::app) fn scenario_file(&mut self, io: ScenarioIo, path: PathBuf) {
        match io {
            ScenarioIo::Save => {
                if self.state.scenario.name.trim().is_empty()
                    && let Some(stem) = path.file_stem()
                {
                    self.state.scenario.name = stem.to_string_lossy().into_owned();
                }
                let scenario = self.state.scenario.clone();
                self.start_job(lanes::FILE, move |_| {
                    let result = crate::scenario_file::save(&path, &scenario);
                    Box::new(move |app: &mut SeatcastApp| app.scenario_saved(path, result))
                });
            }
            ScenarioIo::Open => {
                self.start_job(lanes::FILE, move |_| {
                    let result = crate::scenario_file::load(&path);
                    Box::new(move |app: &mut SeatcastApp| app.scenario_opened(path, result))
                });
            }
        }
    }

    fn scenario_saved(&mut self, path: PathBuf, result: Result<(), ScenarioFileError>) {
        let lang = self.lang();
        self.notices.result = Some(match result {
            Ok(()) => {
                let text = saved_text(std::slice::from_ref(&path), lang);
                self.state.scenario_path = Some(path);
                Ok(text)
            }
            Err(e) => Err(e.message(lang)),
        });
    }

    fn scenario_opened(&mut self, path: PathBuf, result: Result<Scenario, ScenarioFileError>) {
        match result {
            Ok(s) => {
                self.state.set_actions(s.actions.clone());
                self.state.scenario = s;
                self.state.scenario_path = Some(path);
                self.notices.result = None;
            }
            Err(e) => self.notices.result = Some(Err(e.message(self.lang()))),
        }
    }

    /// Open a teacher norms file as the scenario's norms, or save the norms
    /// in force to one, in the background (tests call it directly).
    pub fn norms_file(&mut self, io: ScenarioIo, path: PathBuf) {
        match io {
            ScenarioIo::Save => {
                let norms = self.state.scenario.teachers.norms().clone();
                self.start_job(lanes::FILE, move |_| {
                    let result = crate::norms_file::save(&path, &norms);
                    Box::new(move |app: &mut SeatcastApp| {
                        let lang = app.lang();
                        app.notices.result = Some(match result {
                            Ok(()) => Ok(saved_text(std::slice::from_ref(&path), lang)),
                            Err(e) => Err(e.message(lang)),
                        });
                    })
                });
            }
            ScenarioIo::Open => {
                self.start_job(lanes::FILE, move |_| {
                    let result = crate::norms_file::load(&path);
                    Box::new(move |app: &mut SeatcastApp| match result {
                        Ok(n) => {
                            app.state.scenario.teachers.norms = Some(n);
                            app.notices.result = None;
                        }
                        Err(e) => app.notices.result = Some(Err(e.message(app.lang()))),
                    })
                });
            }
        }
    }

    /// Write the working scenario to the autosave file in the background.
    pub(in crate::app) fn start_autosave(&mut self, path: PathBuf) -> Result<(), JobError> {
        let scenario = self.state.scenario.clone();
        self.autosave.tried = Some(Instant::now());
        self.jobs.start(lanes::AUTOSAVE, move |_| {
            let result = one_off::write_autosave(&path, &scenario);
            Box::new(move |app: &mut SeatcastApp| match result {
                Ok(()) => {
                    app.autosave.saved = Some(scenario);
                    app.autosave.failed = None;
                }
                Err(e) => app.autosave.failed = Some(e),
            })
        })
    }

    /// Check a new school's site in the background; while a check runs,
    /// the newest request waits for it (older waiting ones are dropped).
    pub(in crate::app) fn check_site(&mut self, request: SiteRequest) {
        let Some(outcome) = self.computed().map(|c| Arc::clone(&c.outcome)) else {
            return;
        };
        self.start_job(lanes::SITE, move |_| {
            let check = crate::engine::plan::check_site(
                &outcome.dataset,
                &outcome.plan,
                &outcome.scenario.planner,
                request.site,
                request.grades,
                request.year,
            );
            Box::new(move |app: &mut SeatcastApp| {
                if let Some(plan) = app.panels.get::<crate::app::panels::plan::Plan>() {
                    plan.site_checked(request.key, check);
                }
            })
        });
    }

    /// Look for every feasible merge on the projection shown, in the
    /// background (seconds at 20,000 schools); they join the plan when found.
    pub(in crate::app) fn merge_all_feasible(&mut self) {
        let Some(outcome) = self.computed().map(|c| Arc::clone(&c.outcome)) else {
            return;
        };
        self.start_job(lanes::MERGES, move |_| {
            let on = outcome.scenario.actions.clone();
            let merges = crate::engine::plan::greedy_merges(&outcome, &outcome.scenario.planner);
            Box::new(move |app: &mut SeatcastApp| app.merges_found(on, merges))
        });
    }

    /// Run the layout optimiser on the working scenario in the background;
    /// Cancel in the status bar stops it. The answer goes to the Plan tab,
    /// with the actions it was worked out on.
    pub(in crate::app) fn optimise(&mut self) {
        let Some(d) = &self.data else { return };
        let engine = Arc::clone(&d.engine);
        let scenario = self.state.scenario.clone();
        let search = Arc::clone(&self.search);
        search.reset();
        self.start_job(lanes::OPTIMISE, move |progress| {
            let watch = |objective, bound, seconds| search.set(objective, bound, seconds);
            let result = crate::engine::optimise::optimise_watched(
                &engine,
                &scenario,
                progress.cancel_flag(),
                Some(&watch),
            );
            Box::new(move |app: &mut SeatcastApp| {
                if let Some(plan) = app.panels.get::<crate::app::panels::plan::Plan>() {
                    plan.optimised(scenario, result);
                }
            })
        });
    }

    /// "Merge all feasible" came back: the merges join the plan, unless the
    /// plan changed meanwhile (then they may no longer hold).
    fn merges_found(&mut self, on: Vec<Action>, merges: Vec<Action>) {
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
}

/// Why a job could not start, for the planner.
fn job_error(e: &JobError, lang: Lang) -> String {
    match e {
        JobError::Busy => lang
            .pick(
                "上一项同类操作尚未完成，请稍候。",
                "The last one is still running; wait a moment.",
            )
            .into(),
        JobError::Spawn(e) => format!(
            "{}{e}",
            lang.pick("无法启动后台线程：", "Cannot start a background thread: ")
        ),
    }
}
