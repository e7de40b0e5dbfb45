//! Carrying out what the panels and the app's own UI ask for
//! ([`Command`]s), after the frame is drawn: opening files, dialogs,
//! scenario files and exports (started as background tasks), the
//! column-mapping step, keeping a scenario for comparison, "merge all
//! feasible".

use super::app::{ScenarioWindow, SeatcastApp};
use super::background::one_off::{Pick, ScenarioIo};
use super::commands::Command;
use super::mapping::{MappingAction, MappingWindow};
use super::panels::Tab;
use super::save::{SaveDialog, SaveWhat};
use crate::i18n::Lang;
use std::path::PathBuf;

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
                    self.browse(Pick::Norms(io));
                }
                Command::MergeAllFeasible => self.merge_all_feasible(),
                Command::Optimise => self.optimise(),
                Command::Hold(s) => {
                    self.state.held.push(*s);
                    self.state.tab = Tab::Compare;
                }
                Command::CheckSite(request) => self.check_site(request),
                Command::SetActions(actions) => self.state.set_actions(actions),
                Command::NewPlan => self.state.new_plan(),
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

    fn select(&mut self, i: usize) {
        if let Some(s) = self
            .data
            .as_ref()
            .and_then(|d| d.engine.dataset.schools.get(i))
        {
            self.state.selected = Some(s.key().to_string());
        }
    }

    fn open_save(&mut self, what: SaveWhat) {
        self.windows.save = Some(SaveDialog::new(what, &self.state.save));
    }

    fn open_scenario_window(&mut self, io: ScenarioIo) {
        let path = self
            .state
            .scenario_path
            .clone()
            // A full path, in the folder saves go to, never a bare name
            // that lands wherever the program was started.
            .unwrap_or_else(|| {
                self.state
                    .save
                    .folder()
                    .join(self.lang().pick("情景.json", "scenario.json"))
            });
        self.windows.scenario = Some(ScenarioWindow {
            io,
            path: path.display().to_string(),
        });
    }

    /// Open a scenario file (tests and the command line); it arrives in a
    /// later frame.
    pub fn open_scenario(&mut self, path: PathBuf) {
        self.scenario_file(ScenarioIo::Open, path);
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
