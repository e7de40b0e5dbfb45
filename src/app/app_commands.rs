//! Carrying out what the panels and the app's own UI ask for
//! ([`Command`]s), after the frame is drawn: opening files, dialogs,
//! scenario files and exports (started as background tasks), the
//! column-mapping step, keeping a scenario for comparison, "merge all
//! feasible".

use super::app::{ScenarioWindow, SeatcastApp};
use super::commands::Command;
use super::mapping::{MappingAction, MappingWindow};
use super::panels::Tab;
use super::save::{SaveDialog, SaveWhat};
use super::tasks::{Pick, SaveJob, SaveProgress, ScenarioIo, Task};
use crate::i18n::Lang;
use std::path::PathBuf;
use std::sync::Arc;

impl SeatcastApp {
    pub(super) fn run_commands(&mut self, commands: Vec<Command>) {
        for c in commands {
            match c {
                Command::OpenSchool(i) => {
                    self.select(i);
                    self.state.tab = Tab::School;
                }
                Command::Select(i) => self.select(i),
                Command::ShowTab(t) => self.state.tab = t,
                Command::Open(files) => self.open(files),
                Command::Browse(pick) => self.browse(pick),
                Command::SaveChart(chart) => self.open_save(SaveWhat::Chart(chart)),
                Command::SaveAllCharts => self.open_save(SaveWhat::AllCharts),
                Command::ExportReport => self.open_save(SaveWhat::Report),
                Command::SaveScenario => self.open_scenario_window(ScenarioIo::Save),
                Command::OpenScenario => self.open_scenario_window(ScenarioIo::Open),
                Command::ScenarioFile(io, path) => self.scenario_file(io, path),
                Command::MapColumns => {
                    if let Some(d) = &self.data {
                        let (files, sheets) = (d.files.clone(), d.sheets.clone());
                        self.open_mapping(files, sheets);
                    }
                }
                Command::MapFailedColumns => {
                    if let Some(e) = &self.notices.load_error {
                        let (files, sheets) = (e.files.clone(), e.sheets.clone());
                        self.open_mapping(files, sheets);
                    }
                }
                Command::HoldScenario => self.hold_scenario(),
                Command::NormsFile(io) => {
                    self.start(Task::Pick(Pick::Norms(io)));
                }
                Command::MergeAllFeasible => self.merge_all_feasible(),
                Command::CheckSite(request) => self.check_site(request),
                Command::SetActions(actions) => self.state.set_actions(actions),
                Command::EditActions { widget, actions } => {
                    self.state.edit_actions(widget, |a| *a = actions)
                }
                Command::EndEdit => self.state.end_edit(),
                Command::Undo => self.state.undo(),
                Command::Redo => self.state.redo(),
                Command::SetScenario(s) => {
                    let actions = std::mem::take(&mut self.state.scenario.actions);
                    self.state.scenario = *s;
                    self.state.scenario.actions = actions;
                }
                Command::UseHeld(i) => {
                    if let Some(s) = self.state.held.get(i).cloned() {
                        self.state.set_actions(s.actions.clone());
                        self.state.scenario = s;
                    }
                }
                Command::DropHeld(i) => {
                    if i < self.state.held.len() {
                        self.state.held.remove(i);
                    }
                }
                Command::SetSchoolsTable(t) => self.state.schools_table = t,
                Command::AreaNamesFrom(key) => {
                    self.state.area_name_key = Some(key);
                    self.open(self.state.files.clone());
                }
            }
        }
    }

    /// Load files (none: the sample county) as the planner's mappings say.
    pub(super) fn open(&mut self, files: Vec<PathBuf>) {
        self.worker.load(files, self.state.import_options());
    }

    fn select(&mut self, i: usize) {
        if let Some(s) = self
            .data
            .as_ref()
            .and_then(|d| d.engine.dataset.schools.get(i))
        {
            self.state.selected = Some(s.key().to_string());
        }
    }

    /// Start a background task; one that cannot start is reported.
    fn start(&mut self, task: Task) -> bool {
        match self.tasks.start(task) {
            Ok(()) => true,
            Err(e) => {
                self.notices.result = Some(Err(e.message(self.lang())));
                false
            }
        }
    }

    /// Show the native file dialog (on its own thread).
    pub(super) fn browse(&mut self, pick: Pick) {
        if !self.start(Task::Pick(pick.clone())) && pick == Pick::Data {
            // No thread for a dialog: a typed path still works.
            self.windows.path_prompt = Some(String::new());
            self.windows.no_dialog = true;
        }
    }

    /// Save charts or the report in the background.
    pub(super) fn export(&mut self, job: SaveJob) {
        self.notices.result = None;
        self.start(Task::Export {
            job: Box::new(job),
            progress: Arc::new(SaveProgress::default()),
        });
    }

    /// Write the data template (the sheets and headers Seatcast reads) in
    /// the background.
    pub(super) fn save_template(&mut self, path: PathBuf) {
        self.notices.result = None;
        let lang = self.lang();
        self.start(Task::Template { path, lang });
    }

    fn open_save(&mut self, what: SaveWhat) {
        self.windows.save = Some(SaveDialog::new(what, &self.state.save));
    }

    fn open_scenario_window(&mut self, io: ScenarioIo) {
        let path = self
            .state
            .scenario_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(self.lang().pick("情景.json", "scenario.json")));
        self.windows.scenario = Some(ScenarioWindow {
            io,
            path: path.display().to_string(),
        });
    }

    /// Save the working scenario to a file, or open one as the working
    /// scenario, in the background.
    fn scenario_file(&mut self, io: ScenarioIo, path: PathBuf) {
        let task = match io {
            ScenarioIo::Save => {
                if self.state.scenario.name.trim().is_empty()
                    && let Some(stem) = path.file_stem()
                {
                    self.state.scenario.name = stem.to_string_lossy().into_owned();
                }
                Task::SaveScenario {
                    path,
                    scenario: Box::new(self.state.scenario.clone()),
                }
            }
            ScenarioIo::Open => Task::OpenScenario { path },
        };
        self.start(task);
    }

    /// Open a scenario file (tests and the command line); it arrives in a
    /// later frame.
    pub fn open_scenario(&mut self, path: PathBuf) {
        self.scenario_file(ScenarioIo::Open, path);
    }

    /// Open a teacher norms file as the scenario's norms, or save the norms
    /// in force to one, in the background (tests call it directly).
    pub fn norms_file(&mut self, io: ScenarioIo, path: PathBuf) {
        let task = match io {
            ScenarioIo::Save => Task::SaveNorms {
                path,
                norms: Box::new(self.state.scenario.teachers.norms().clone()),
            },
            ScenarioIo::Open => Task::OpenNorms { path },
        };
        self.start(task);
    }

    /// Save the working scenario (tests); written in the background.
    pub fn save_scenario(&mut self, path: PathBuf) {
        self.scenario_file(ScenarioIo::Save, path);
    }

    pub(super) fn open_mapping(
        &mut self,
        files: Vec<PathBuf>,
        sheets: Vec<crate::import::SheetPreview>,
    ) {
        let system = self
            .data
            .as_ref()
            .map(|d| d.engine.dataset.grade_system)
            .unwrap_or_default();
        self.windows.mapping = Some(MappingWindow::new(
            files,
            sheets,
            system,
            self.state.mapping_path.as_ref(),
            &self.state.mapping,
        ));
    }

    /// What the column-mapping window asked for.
    pub(super) fn mapping_action(&mut self, action: MappingAction) {
        let lang = self.lang();
        let Some(window) = &mut self.windows.mapping else {
            return;
        };
        match action {
            MappingAction::Close => self.windows.mapping = None,
            MappingAction::Apply(m) => {
                let files = window.files.clone();
                self.state.mapping.set(m);
                self.windows.mapping = None;
                self.open(files);
            }
            MappingAction::Save(path) => {
                window.message = Some(
                    crate::import::mapping::write(&path, &self.state.mapping)
                        .map(|()| saved_text(std::slice::from_ref(&path), lang))
                        .map_err(|e| e.message(lang)),
                );
                self.state.mapping_path = Some(path);
            }
            MappingAction::Open(path) => match crate::import::mapping::read(&path) {
                Ok(m) => {
                    for s in m.sheets {
                        self.state.mapping.set(s);
                    }
                    let files = window.files.clone();
                    self.state.mapping_path = Some(path);
                    self.windows.mapping = None;
                    self.open(files);
                }
                Err(e) => window.message = Some(Err(e.message(lang))),
            },
        }
    }

    /// Keep a copy of the working scenario on the Compare tab.
    fn hold_scenario(&mut self) {
        let mut s = self.state.scenario.clone();
        if s.name.trim().is_empty() {
            s.name = match self.lang() {
                Lang::Zh => format!("方案 {}", self.state.held.len() + 1),
                Lang::En => format!("plan {}", self.state.held.len() + 1),
            };
        }
        self.state.held.push(s);
        self.state.tab = Tab::Compare;
    }

    /// Check a new school's site in the background; while a check runs,
    /// the newest request waits for it (older waiting ones are dropped).
    pub(super) fn check_site(&mut self, request: super::tasks::SiteRequest) {
        if self.tasks.running(super::tasks::TaskKind::SiteCheck) {
            self.pending_site = Some(request);
            return;
        }
        let Some(outcome) = self.computed().map(|c| Arc::clone(&c.outcome)) else {
            return;
        };
        self.start(Task::SiteCheck { outcome, request });
    }

    /// Look for every feasible merge on the projection shown, in the
    /// background (seconds at 20,000 schools); they join the plan when found.
    fn merge_all_feasible(&mut self) {
        let Some(outcome) = self.computed().map(|c| Arc::clone(&c.outcome)) else {
            return;
        };
        self.start(Task::MergeAllFeasible { outcome });
    }
}

/// The folder a save wrote into: the one holding every file written (a
/// report's charts sit in a subfolder of it).
pub(super) fn saved_folder(files: &[PathBuf]) -> Option<PathBuf> {
    let mut dir = files.first()?.parent()?.to_path_buf();
    while !files.iter().all(|f| f.starts_with(&dir)) {
        dir = dir.parent()?.to_path_buf();
    }
    Some(dir)
}

/// "Saved 338 files to /x/y" (one file: its path, folder included).
pub(super) fn saved_text(files: &[PathBuf], lang: Lang) -> String {
    let absolute = |p: &PathBuf| std::path::absolute(p).unwrap_or_else(|_| p.clone());
    match files {
        [] => lang
            .pick("没有写出任何文件。", "No file was written.")
            .to_string(),
        [one] => match lang {
            Lang::Zh => format!("已保存：{}", absolute(one).display()),
            Lang::En => format!("Saved {}", absolute(one).display()),
        },
        _ => {
            let dir = saved_folder(files)
                .map(|d| absolute(&d).display().to_string())
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!("已保存 {} 个文件到 {dir}", files.len()),
                Lang::En => format!("Saved {} files to {dir}", files.len()),
            }
        }
    }
}
