//! The app: its state, its background worker and its panels, and the frame
//! that ties them together (menu, side panel, tabs, status bar, errors,
//! dropped files). Panels ask for changes through [`Command`]s, carried out
//! here after they are drawn.

use super::commands::Command;
use super::panels::{self, Cx, Tab, View};
use super::save::{SaveDialog, SaveWhat};
use super::state::{AppState, STORAGE_KEY};
use super::worker::{Computed, Done, Extras, LoadedData, Worker};
use crate::diagnostics::Problem;
use crate::i18n::Lang;
use eframe::egui::{self, Color32, RichText};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How the app starts (the command line's choices; all optional).
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Files to open instead of the remembered ones.
    pub files: Option<Vec<PathBuf>>,
    pub lang: Option<Lang>,
    pub tab: Option<Tab>,
    /// Whether to read and write the remembered state (off for screenshots and tests).
    pub remember: bool,
    /// Save a picture of the window here once the projection is drawn, then close.
    pub screenshot: Option<PathBuf>,
    /// Where the working scenario is autosaved (default with `remember`: the
    /// app's storage folder). A file left there by a crash is offered back.
    pub autosave: Option<PathBuf>,
    /// A scenario to start with instead of the remembered one.
    pub scenario: Option<crate::engine::scenario::Scenario>,
    /// When the program started, to report the time to the first frame
    /// (printed when `SEATCAST_TIMING` is set).
    pub started: Option<Instant>,
}

/// A load that failed: shown until dismissed, the previous data stays.
struct LoadError {
    files: Vec<PathBuf>,
    problems: Vec<Problem>,
    /// The sheets as read, for the column-mapping step.
    sheets: Vec<crate::import::SheetPreview>,
}

#[derive(Default)]
struct Panels {
    side: panels::side::SidePanel,
    overview: panels::overview::Overview,
    schools: panels::schools::Schools,
    school: panels::school::School,
    map: panels::map::Map,
    plan: panels::plan::Plan,
    compare: panels::compare::Compare,
    accuracy: panels::accuracy::AccuracyPanel,
    data: panels::data::Data,
}

/// Saving or opening a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScenarioIo {
    Save,
    Open,
}

/// The scenario file window: a path, typed or picked.
struct ScenarioWindow {
    io: ScenarioIo,
    path: String,
    browse: Option<Receiver<Option<PathBuf>>>,
}

enum Shot {
    /// Frames drawn since the data was ready.
    Waiting(u32),
    Requested(Receiver<Result<(), String>>),
    Done,
}

pub struct SeatcastApp {
    pub state: AppState,
    worker: Worker,
    data: Option<LoadedData>,
    computed: Option<Computed>,
    load_error: Option<LoadError>,
    compute_error: Option<Arc<crate::engine::EngineError>>,
    panels: Panels,
    /// The "type a path" window's text, while it is open.
    path_prompt: Option<String>,
    /// A native file dialog running on its own thread, and when it opened.
    dialog: Option<(Receiver<Option<Vec<PathBuf>>>, Instant)>,
    remember: bool,
    screenshot: Option<(PathBuf, Shot)>,
    /// Set when a screenshot could not be written.
    pub screenshot_error: Option<String>,
    /// CPU time of the last frame, as eframe measured it.
    frame_ms: Option<f32>,
    /// Start-up timing still to be printed: (started, first frame printed).
    timing: Option<(Instant, bool)>,
    /// The save window, while open.
    save_dialog: Option<SaveDialog>,
    /// The last save: what was written, or why not (until dismissed).
    save_result: Option<Result<String, String>>,
    scenario_window: Option<ScenarioWindow>,
    /// The column-mapping step, while open.
    mapping_window: Option<super::mapping::MappingWindow>,
    /// The data loaded, but some sheet holds columns Seatcast could not
    /// place: offer the mapping step (until dismissed).
    mapping_hint: bool,
    /// What the last recompute was asked for: a change starts a new one.
    /// (scenario, held, extras).
    requested: Option<(
        crate::engine::scenario::Scenario,
        Vec<crate::engine::scenario::Scenario>,
        Extras,
    )>,
    autosave: Option<PathBuf>,
    /// The scenario last autosaved, and when.
    autosaved: Option<(crate::engine::scenario::Scenario, Instant)>,
    /// A scenario found in the autosave file at start, offered back.
    recovery: Option<crate::engine::scenario::Scenario>,
}

impl SeatcastApp {
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> SeatcastApp {
        super::fonts::install(&cc.egui_ctx);
        let mut state: AppState = if start.remember {
            cc.storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default()
        } else {
            AppState::default()
        };
        if let Some(files) = start.files {
            state.files = files;
        }
        if start.lang.is_some() {
            state.lang = start.lang;
        }
        if let Some(tab) = start.tab {
            state.tab = tab;
        }
        if let Some(s) = start.scenario {
            state.scenario = s;
        }
        let ctx = cc.egui_ctx.clone();
        let mut worker = Worker::new(move || ctx.request_repaint());
        worker.load(state.files.clone(), state.import_options());
        let autosave = start.autosave.or_else(|| {
            start
                .remember
                .then(|| eframe::storage_dir("seatcast").map(|d| d.join(AUTOSAVE)))
                .flatten()
        });
        // A file left by a session that did not end normally.
        let recovery = autosave
            .as_deref()
            .filter(|p| p.exists())
            .and_then(|p| crate::scenario_file::load(p, state.lang()).ok())
            .filter(|s| *s != state.scenario);
        SeatcastApp {
            state,
            worker,
            data: None,
            computed: None,
            load_error: None,
            compute_error: None,
            panels: Panels::default(),
            path_prompt: None,
            dialog: None,
            remember: start.remember,
            screenshot: start.screenshot.map(|p| (p, Shot::Waiting(0))),
            screenshot_error: None,
            frame_ms: None,
            timing: start
                .started
                .filter(|_| std::env::var_os("SEATCAST_TIMING").is_some())
                .map(|t| (t, false)),
            save_dialog: None,
            save_result: None,
            scenario_window: None,
            mapping_window: None,
            mapping_hint: false,
            requested: None,
            autosave,
            autosaved: None,
            recovery,
        }
    }

    /// A scenario offered back from the autosave file (for tests).
    pub fn recovery(&self) -> Option<&crate::engine::scenario::Scenario> {
        self.recovery.as_ref()
    }

    pub fn lang(&self) -> Lang {
        self.state.lang()
    }

    /// The latest projection, when it belongs to the data shown.
    pub fn computed(&self) -> Option<&Computed> {
        let data = self.data.as_ref()?;
        self.computed
            .as_ref()
            .filter(|c| Arc::ptr_eq(&c.engine, &data.engine))
    }

    pub fn data(&self) -> Option<&LoadedData> {
        self.data.as_ref()
    }

    /// Whether data is loaded and its projection for the current what-ifs is shown.
    pub fn settled(&self) -> bool {
        self.worker.loading_since.is_none()
            && !self.worker.computing()
            && self
                .computed()
                .is_some_and(|c| c.outcome.scenario == self.state.scenario)
    }

    /// The located problems of the last failed load, if still shown.
    pub fn load_problems(&self) -> Option<&[Problem]> {
        self.load_error.as_ref().map(|e| e.problems.as_slice())
    }

    /// Show a dataset already in memory (benchmarks, tests) with no files behind it.
    pub fn show_dataset(&mut self, dataset: crate::model::Dataset) {
        let engine = crate::engine::Engine::new(Arc::new(dataset));
        self.data = Some(LoadedData::new(Vec::new(), Arc::new(engine), Vec::new()));
        self.recompute();
    }

    fn recompute(&mut self) {
        if let Some(d) = &self.data {
            let asked = (
                self.state.scenario.clone(),
                self.state.held.clone(),
                self.extras(),
            );
            self.worker.compute(
                Arc::clone(&d.engine),
                asked.0.clone(),
                asked.1.clone(),
                asked.2,
            );
            self.requested = Some(asked);
        }
    }

    /// What the tab on show needs besides the outcome.
    fn extras(&self) -> Extras {
        let tab = self.state.tab;
        Extras {
            planner: tab == Tab::Plan,
            comparison: tab == Tab::Plan || tab == Tab::Compare,
            accuracy: tab == Tab::Accuracy,
        }
    }

    /// Recompute when the scenario or the kept scenarios changed, or the
    /// tab needs more than was worked out. (The outcome holds no words: a
    /// change of language redraws it, it does not recompute it.)
    fn recompute_if_changed(&mut self) {
        let wanted = self.extras();
        let same = self.requested.as_ref().is_some_and(|(s, h, e)| {
            *s == self.state.scenario && *h == self.state.held && e.covers(wanted)
        });
        if !same && self.data.is_some() {
            self.recompute();
        }
    }

    /// Write the working scenario to the autosave file when it changed (at
    /// most every two seconds).
    fn autosave_step(&mut self) {
        let Some(path) = &self.autosave else { return };
        let due = self.autosaved.as_ref().is_none_or(|(s, at)| {
            *s != self.state.scenario && at.elapsed() > Duration::from_secs(2)
        });
        if due && self.recovery.is_none() {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::scenario_file::save(path, &self.state.scenario);
            self.autosaved = Some((self.state.scenario.clone(), Instant::now()));
        }
    }

    fn recovery_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(s) = &self.recovery else { return };
        let mut choice = None;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xff, 0xf4, 0xd6))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(match lang {
                        Lang::Zh => format!(
                            "上次程序未正常退出，找到未保存的情景“{}”（{} 项措施）。要恢复吗？",
                            s.name,
                            s.actions.len()
                        ),
                        Lang::En => format!(
                            "Seatcast did not close normally last time. An unsaved scenario “{}” ({} actions) was found. Recover it?",
                            s.name,
                            s.actions.len()
                        ),
                    });
                    if ui.button(lang.pick("恢复", "Recover")).clicked() {
                        choice = Some(true);
                    }
                    if ui.button(lang.pick("放弃", "Discard")).clicked() {
                        choice = Some(false);
                    }
                });
            });
        match choice {
            Some(true) => {
                if let Some(s) = self.recovery.take() {
                    self.state.set_actions(s.actions.clone());
                    self.state.scenario = s;
                }
            }
            Some(false) => self.recovery = None,
            None => {}
        }
    }

    /// Save or open a scenario file from the path in the window.
    fn scenario_io(&mut self, io: ScenarioIo, path: PathBuf) {
        let lang = self.lang();
        match io {
            ScenarioIo::Save => {
                let mut s = self.state.scenario.clone();
                if s.name.trim().is_empty()
                    && let Some(stem) = path.file_stem()
                {
                    s.name = stem.to_string_lossy().into_owned();
                    self.state.scenario.name = s.name.clone();
                }
                self.save_result = Some(match crate::scenario_file::save(&path, &s) {
                    Ok(()) => {
                        self.state.scenario_path = Some(path.clone());
                        Ok(saved_text(&[path], lang))
                    }
                    Err(e) => Err(e.message(lang)),
                });
            }
            ScenarioIo::Open => match crate::scenario_file::load(&path, lang) {
                Ok(s) => {
                    self.state.set_actions(s.actions.clone());
                    self.state.scenario = s;
                    self.state.scenario_path = Some(path);
                    self.save_result = None;
                }
                Err(e) => self.save_result = Some(Err(e.message(lang))),
            },
        }
    }

    /// Open a scenario file at once (tests and the command line).
    pub fn open_scenario(&mut self, path: PathBuf) {
        self.scenario_io(ScenarioIo::Open, path);
    }

    /// Save the working scenario at once (tests).
    pub fn save_scenario(&mut self, path: PathBuf) {
        self.scenario_io(ScenarioIo::Save, path);
    }

    fn scenario_window_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let Some(w) = &mut self.scenario_window else {
            return;
        };
        if let Some(rx) = &w.browse
            && let Ok(picked) = rx.try_recv()
        {
            if let Some(p) = picked {
                w.path = p.display().to_string();
            }
            w.browse = None;
        }
        let mut open = true;
        let mut go = false;
        let title = match w.io {
            ScenarioIo::Save => lang.pick("保存情景", "Save scenario"),
            ScenarioIo::Open => lang.pick("打开情景", "Open scenario"),
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(lang.pick("情景文件（.json）：", "Scenario file (.json):"));
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut w.path).desired_width(360.0));
                    if ui.button(lang.pick("浏览…", "Browse…")).clicked() && w.browse.is_none()
                    {
                        let (tx, rx) = channel();
                        let io = w.io;
                        let ctx = ctx.clone();
                        let _ = std::thread::Builder::new()
                            .name("seatcast-dialog".into())
                            .spawn(move || {
                                let d = rfd::FileDialog::new().add_filter("JSON", &["json"]);
                                let picked = match io {
                                    ScenarioIo::Save => d.save_file(),
                                    ScenarioIo::Open => d.pick_file(),
                                };
                                let _ = tx.send(picked);
                                ctx.request_repaint();
                            });
                        w.browse = Some(rx);
                    }
                });
                go = ui.button(title).clicked();
            });
        if go && !w.path.trim().is_empty() {
            let (io, path) = (w.io, PathBuf::from(w.path.trim()));
            self.scenario_window = None;
            self.scenario_io(io, path);
        } else if !open {
            self.scenario_window = None;
        }
    }

    fn open(&mut self, files: Vec<PathBuf>) {
        self.worker.load(files, self.state.import_options());
    }

    /// The column-mapping step, while open (for tests).
    pub fn mapping_window(&mut self) -> Option<&mut super::mapping::MappingWindow> {
        self.mapping_window.as_mut()
    }

    fn open_mapping(&mut self, files: Vec<PathBuf>, sheets: Vec<crate::import::SheetPreview>) {
        let system = self
            .data
            .as_ref()
            .map(|d| d.engine.dataset.grade_system)
            .unwrap_or_default();
        self.mapping_window = Some(super::mapping::MappingWindow::new(
            files,
            sheets,
            system,
            self.state.mapping_path.as_ref(),
        ));
    }

    fn mapping_ui(&mut self, ctx: &egui::Context) {
        use super::mapping::MappingAction;
        let lang = self.lang();
        let Some(window) = &mut self.mapping_window else {
            return;
        };
        match window.ui(ctx, lang) {
            None => {}
            Some(MappingAction::Close) => self.mapping_window = None,
            Some(MappingAction::Apply(m)) => {
                let files = window.files.clone();
                self.state.mapping.set(m);
                self.mapping_window = None;
                self.open(files);
            }
            Some(MappingAction::Save(path)) => {
                window.message = Some(
                    crate::import::mapping::write(&path, &self.state.mapping)
                        .map(|()| match lang {
                            Lang::Zh => format!("已保存：{}", path.display()),
                            Lang::En => format!("Saved {}", path.display()),
                        })
                        .map_err(|e| e.message(lang)),
                );
                self.state.mapping_path = Some(path);
            }
            Some(MappingAction::Open(path)) => match crate::import::mapping::read(&path) {
                Ok(m) => {
                    for s in m.sheets {
                        self.state.mapping.set(s);
                    }
                    let files = window.files.clone();
                    self.state.mapping_path = Some(path);
                    self.mapping_window = None;
                    self.open(files);
                }
                Err(e) => window.message = Some(Err(e.message(lang))),
            },
        }
    }

    /// Take in what the background threads have finished.
    fn receive(&mut self) {
        for done in self.worker.poll() {
            match done {
                Done::Loaded(data) => {
                    self.mapping_hint = data.sheets.iter().any(|s| s.needs_mapping);
                    self.state.files = data.files.clone();
                    self.state.remember(&data.files);
                    self.load_error = None;
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
                    self.load_error = Some(LoadError {
                        files,
                        problems,
                        sheets,
                    });
                    if first_start {
                        // Nothing to keep: show the sample county meanwhile.
                        self.state.files.clear();
                        self.worker.load(Vec::new(), self.state.import_options());
                    }
                }
                Done::Computed(c) => {
                    let newer = self
                        .computed
                        .as_ref()
                        .is_none_or(|old| c.generation > old.generation);
                    if newer {
                        self.compute_error = None;
                        self.computed = Some(*c);
                    }
                }
                Done::ComputeFailed(e) => self.compute_error = Some(e),
                Done::Saved(result) => {
                    self.save_result = Some(result.map(|files| saved_text(&files, self.lang())))
                }
            }
        }
        if let Some((rx, opened)) = &self.dialog
            && let Ok(picked) = rx.try_recv()
        {
            let quick = opened.elapsed() < Duration::from_millis(300);
            self.dialog = None;
            match picked {
                Some(files) if !files.is_empty() => self.open(files),
                // No dialog could open (no desktop portal): ask for a path instead.
                _ if quick => self.path_prompt = Some(String::new()),
                _ => {}
            }
        }
    }

    fn open_dialog(&mut self, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("seatcast-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .add_filter(
                        "Excel / CSV",
                        &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"],
                    )
                    .pick_files();
                let _ = tx.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.dialog = Some((rx, Instant::now())),
            Err(_) => self.path_prompt = Some(String::new()),
        }
    }

    fn run_commands(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        for c in commands {
            match c.clone() {
                Command::OpenSchool(i) => {
                    self.select(i);
                    self.state.tab = Tab::School;
                }
                Command::Select(i) => self.select(i),
                Command::ShowTab(t) => self.state.tab = t,
                Command::Open(files) => self.open(files),
                Command::OpenDialog => self.open_dialog(ctx),
                Command::Recompute => self.recompute(),
                Command::SaveChart(chart) => self.open_save(SaveWhat::Chart(chart)),
                Command::SaveAllCharts => self.open_save(SaveWhat::AllCharts),
                Command::ExportReport => self.open_save(SaveWhat::Report),
                Command::SaveScenario | Command::OpenScenario => {
                    let io = if c == Command::SaveScenario {
                        ScenarioIo::Save
                    } else {
                        ScenarioIo::Open
                    };
                    let path = self.state.scenario_path.clone().unwrap_or_else(|| {
                        PathBuf::from(self.lang().pick("情景.json", "scenario.json"))
                    });
                    self.scenario_window = Some(ScenarioWindow {
                        io,
                        path: path.display().to_string(),
                        browse: None,
                    });
                }
                Command::MapColumns => {
                    if let Some(d) = &self.data {
                        let (files, sheets) = (d.files.clone(), d.sheets.clone());
                        self.open_mapping(files, sheets);
                    }
                }
                Command::HoldScenario => {
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
        }
    }

    /// The last save's result (for tests): what was written, or why not.
    pub fn last_save(&self) -> Option<&Result<String, String>> {
        self.save_result.as_ref()
    }

    fn open_save(&mut self, what: SaveWhat) {
        self.save_dialog = Some(SaveDialog::new(what, &self.state.save));
    }

    fn save_dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let Some(dialog) = &mut self.save_dialog else {
            return;
        };
        let data = self.computed.as_ref().map(|c| (&c.engine, &c.outcome));
        let (job, open) = dialog.ui(ctx, lang, &mut self.state.save, data);
        if let Some(job) = job {
            self.save_result = None;
            if !self.worker.save(job) {
                self.save_result = Some(Err(lang
                    .pick("无法启动保存", "Could not start saving")
                    .into()));
            }
        }
        if !open {
            self.save_dialog = None;
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

    fn menu_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let lang = self.lang();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(lang.pick("文件", "File"), |ui| {
                if ui
                    .button(lang.pick("打开工作簿…", "Open workbooks…"))
                    .clicked()
                {
                    commands.push(Command::OpenDialog);
                }
                if ui
                    .button(lang.pick("输入文件路径…", "Type a path…"))
                    .clicked()
                {
                    self.path_prompt = Some(String::new());
                }
                ui.menu_button(lang.pick("最近打开", "Recent"), |ui| {
                    if self.state.recent.is_empty() {
                        ui.label(lang.pick("（无）", "(none)"));
                    }
                    for files in &self.state.recent {
                        let names: Vec<String> = files
                            .iter()
                            .map(|f| {
                                f.file_name().map_or_else(
                                    || f.display().to_string(),
                                    |n| n.to_string_lossy().into_owned(),
                                )
                            })
                            .collect();
                        if ui
                            .button(names.join(" + "))
                            .on_hover_text(
                                files
                                    .iter()
                                    .map(|f| f.display().to_string())
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            )
                            .clicked()
                        {
                            commands.push(Command::Open(files.clone()));
                        }
                    }
                });
                if ui.button(lang.pick("示例县", "Sample county")).clicked() {
                    commands.push(Command::Open(Vec::new()));
                }
                ui.separator();
                let ready = self.computed.is_some();
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.pick("导出报告…", "Export report…")),
                    )
                    .on_hover_text(lang.pick(
                        "CSV 表格、Excel 报告（含原生图表）和全部图表",
                        "CSV tables, the Excel report with native charts, and every chart",
                    ))
                    .clicked()
                {
                    commands.push(Command::ExportReport);
                }
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.pick("保存全部图表…", "Save all charts…")),
                    )
                    .on_hover_text(lang.pick(
                        "全县、各片区和每所学校的图表，存入一个文件夹",
                        "The county's, each area's and each school's charts, into one folder",
                    ))
                    .clicked()
                {
                    commands.push(Command::SaveAllCharts);
                }
                ui.separator();
                if ui
                    .button(lang.pick("打开情景…", "Open scenario…"))
                    .clicked()
                {
                    commands.push(Command::OpenScenario);
                }
                if ui
                    .button(lang.pick("保存情景…", "Save scenario…"))
                    .clicked()
                {
                    commands.push(Command::SaveScenario);
                }
                ui.separator();
                if ui.button(lang.pick("退出", "Quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(lang.pick("语言", "Language"), |ui| {
                let mut choice = self.state.lang;
                ui.radio_value(&mut choice, None, lang.pick("跟随系统", "System"));
                ui.radio_value(&mut choice, Some(Lang::Zh), "中文");
                ui.radio_value(&mut choice, Some(Lang::En), "English");
                if choice != self.state.lang {
                    self.state.lang = choice;
                    ui.close();
                }
            });
        });
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.horizontal(|ui| {
            // A load longer than a moment gets a progress bar.
            if let Some(since) = self
                .worker
                .loading_since
                .filter(|s| s.elapsed() > Duration::from_millis(200))
            {
                let t = since.elapsed().as_secs_f32();
                ui.add(
                    egui::ProgressBar::new((t / (t + 1.0)).min(0.95))
                        .desired_width(180.0)
                        .animate(true)
                        .text(match lang {
                            Lang::Zh => format!("正在读取… {t:.1} 秒"),
                            Lang::En => format!("Loading… {t:.1} s"),
                        }),
                );
            }
            if self.worker.computing() {
                ui.spinner();
                ui.label(lang.pick("计算中", "Computing"));
            }
            if let Some(p) = &self.worker.saving {
                use std::sync::atomic::Ordering;
                let (done, total) = (
                    p.done.load(Ordering::Relaxed),
                    p.total.load(Ordering::Relaxed),
                );
                ui.spinner();
                ui.label(match (lang, total > 1) {
                    (Lang::Zh, true) => format!("正在保存… {done} / {total}"),
                    (Lang::En, true) => format!("Saving… {done} / {total}"),
                    _ => lang.pick("正在保存…", "Saving…").to_string(),
                });
            }
            if let Some(ms) = self.frame_ms {
                ui.label(match lang {
                    Lang::Zh => format!("画面 {ms:.1} 毫秒 ·"),
                    Lang::En => format!("frame {ms:.1} ms ·"),
                });
            }
            if let Some(c) = self.computed() {
                let ms = c.elapsed.as_secs_f64() * 1000.0;
                let p = &c.outcome.projection;
                ui.label(match lang {
                    Lang::Zh => format!(
                        "上次重算 {ms:.1} 毫秒 · 基准学年 {} · 预测至 {}",
                        p.base_year,
                        p.base_year + p.horizon as i32
                    ),
                    Lang::En => format!(
                        "Last recompute {ms:.1} ms · base fall {} · projected to {}",
                        p.base_year,
                        p.base_year + p.horizon as i32
                    ),
                });
            }
            if let Some(e) = &self.compute_error {
                ui.colored_label(Color32::RED, e.message(lang));
            }
        });
    }

    /// What the last save wrote, or why it failed, until dismissed.
    fn save_result_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(result) = &self.save_result else {
            return;
        };
        let mut dismiss = false;
        ui.horizontal(|ui| {
            match result {
                Ok(text) => {
                    ui.label(RichText::new(text).color(Color32::from_rgb(0x1a, 0x7f, 0x37)))
                }
                Err(e) => ui.label(
                    RichText::new(format!(
                        "{}{e}",
                        lang.pick("保存失败：", "Could not save: ")
                    ))
                    .color(Color32::from_rgb(0xa0, 0x10, 0x10)),
                ),
            };
            dismiss = ui.small_button(lang.pick("关闭", "Dismiss")).clicked();
        });
        if dismiss {
            self.save_result = None;
        }
    }

    fn error_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(err) = &self.load_error else { return };
        let mut dismiss = false;
        let mut map = None;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xfd, 0xec, 0xea))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(lang.pick("无法载入：", "Could not load: "))
                            .strong()
                            .color(Color32::from_rgb(0xa0, 0x10, 0x10)),
                    );
                    let names: Vec<String> = err.files.iter().map(|f| f.display().to_string()).collect();
                    ui.label(names.join(", "));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button(lang.pick("关闭", "Dismiss")).clicked() {
                            dismiss = true;
                        }
                        if !err.sheets.is_empty()
                            && ui
                                .button(lang.pick("指定各列内容…", "Say what the columns hold…"))
                                .clicked()
                        {
                            map = Some((err.files.clone(), err.sheets.clone()));
                        }
                    });
                });
                ui.label(lang.pick("仍显示先前的数据。请按下列位置修改文件后重新打开：", "The previous data is still shown. Fix the file at these places and open it again:"));
                egui::ScrollArea::vertical().max_height(140.0).show(ui, |ui| {
                    // One line per kind of problem: a real one is never buried under a hundred.
                    for g in crate::diagnostics::group(&err.problems).iter().take(200) {
                        ui.label(RichText::new(g.line(lang)).color(Color32::from_rgb(0x60, 0x00, 0x00)));
                    }
                });
            });
        if dismiss {
            self.load_error = None;
        }
        if let Some((files, sheets)) = map {
            self.open_mapping(files, sheets);
        }
    }

    /// Loaded, with columns of numbers nobody placed: say so, and offer the mapping step.
    fn mapping_hint_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let mut open = false;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xfd, 0xf6, 0xe3))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(lang.pick(
                        "数据已载入，但有的列含数字却无法判断内容（见“数据”页的警告）。",
                        "The data loaded, but some columns hold numbers Seatcast could not place (see the Data tab's warnings).",
                    ));
                    if ui
                        .button(lang.pick("指定各列内容…", "Say what the columns hold…"))
                        .clicked()
                    {
                        open = true;
                    }
                    if ui.button(lang.pick("关闭", "Dismiss")).clicked() {
                        self.mapping_hint = false;
                    }
                });
            });
        if open && let Some(d) = &self.data {
            let (files, sheets) = (d.files.clone(), d.sheets.clone());
            self.mapping_hint = false;
            self.open_mapping(files, sheets);
        }
    }

    fn path_prompt_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let Some(text) = &mut self.path_prompt else {
            return;
        };
        let mut open = true;
        let mut submit = false;
        egui::Window::new(lang.pick("输入文件路径", "Type a path"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(lang.pick(
                    "每行一个文件（可粘贴多个路径）：",
                    "One file per line (several paths may be pasted):",
                ));
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_width(420.0)
                        .desired_rows(3),
                );
                submit = ui.button(lang.pick("打开", "Open")).clicked();
            });
        if submit {
            let files: Vec<PathBuf> = text
                .lines()
                .map(|l| l.trim().trim_matches('"'))
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            if !files.is_empty() {
                commands.push(Command::Open(files));
            }
            self.path_prompt = None;
        } else if !open {
            self.path_prompt = None;
        }
    }

    /// Files dragged over the window: a hint while hovering, open on drop.
    fn drop_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect::<Vec<_>>(),
            )
        });
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("seatcast-drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                lang.pick("松开鼠标以打开这些工作簿", "Drop to open these workbooks"),
                egui::FontId::proportional(28.0),
                Color32::WHITE,
            );
        }
        if !dropped.is_empty() {
            commands.push(Command::Open(dropped));
        }
    }

    /// For `seatcast screenshot`: once the projection has been drawn, take a
    /// picture, write it, and close.
    fn screenshot_step(&mut self, ctx: &egui::Context) {
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
                        let _ = tx.send(super::save_png(&path, &image));
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

impl eframe::App for SeatcastApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.frame_ms = frame.info().cpu_usage.map(|s| s * 1000.0);
        self.receive();
        if let Some((started, first_done)) = &mut self.timing {
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
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.load_error.is_some() {
            egui::Panel::top("load-error").show(ui, |ui| self.error_ui(ui));
        }
        if self.recovery.is_some() {
            egui::Panel::top("recovery").show(ui, |ui| self.recovery_ui(ui));
        }
        if self.mapping_hint && self.mapping_window.is_none() {
            egui::Panel::top("mapping-hint").show(ui, |ui| self.mapping_hint_ui(ui));
        }
        let lang = self.lang();
        let computed = self.computed.as_ref().filter(|c| {
            self.data
                .as_ref()
                .is_some_and(|d| Arc::ptr_eq(&c.engine, &d.engine))
        });
        let mut cx = Cx {
            lang,
            data: self.data.as_ref(),
            computed,
            state: &mut self.state,
            commands: &mut commands,
        };
        egui::Panel::left("side")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| self.panels.side.ui(ui, &mut cx));
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for tab in Tab::ALL {
                    ui.selectable_value(&mut cx.state.tab, tab, tab.title(lang));
                }
            });
            ui.separator();
            let p = &mut self.panels;
            let view: &mut dyn View = match cx.state.tab {
                Tab::Overview => &mut p.overview,
                Tab::Schools => &mut p.schools,
                Tab::School => &mut p.school,
                Tab::Map => &mut p.map,
                Tab::Plan => &mut p.plan,
                Tab::Compare => &mut p.compare,
                Tab::Accuracy => &mut p.accuracy,
                Tab::Data => &mut p.data,
            };
            view.ui(ui, &mut cx);
        });
        if self.save_result.is_some() {
            egui::Panel::bottom("save-result").show(ui, |ui| self.save_result_ui(ui));
        }
        self.path_prompt_ui(&ctx, &mut commands);
        self.drop_ui(&ctx, &mut commands);
        self.run_commands(&ctx, commands);
        self.recompute_if_changed();
        self.autosave_step();
        self.scenario_window_ui(&ctx);
        self.mapping_ui(&ctx);
        self.save_dialog_ui(&ctx);
        self.screenshot_step(&ctx);
        if self.worker.loading_since.is_some()
            || self.dialog.is_some()
            || self.worker.saving.is_some()
            || self
                .scenario_window
                .as_ref()
                .is_some_and(|w| w.browse.is_some())
            || self
                .autosaved
                .as_ref()
                .is_some_and(|(s, _)| *s != self.state.scenario)
        {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.remember {
            eframe::set_value(storage, STORAGE_KEY, &self.state);
        }
    }

    /// A normal exit: the state is stored, so the autosave file is not needed.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(p) = &self.autosave
            && self.recovery.is_none()
        {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The autosave file's name in the app's storage folder.
const AUTOSAVE: &str = "autosave-scenario.json";

/// "Saved 338 files to /x/y" (one file: its path).
fn saved_text(files: &[PathBuf], lang: Lang) -> String {
    match files {
        [one] => match lang {
            Lang::Zh => format!("已保存：{}", one.display()),
            Lang::En => format!("Saved {}", one.display()),
        },
        _ => {
            let dir = files
                .first()
                .and_then(|f| f.parent())
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!("已保存 {} 个文件到 {dir}", files.len()),
                Lang::En => format!("Saved {} files to {dir}", files.len()),
            }
        }
    }
}
