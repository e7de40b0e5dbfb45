//! The app: what it holds, and the frame that ties it together (menu, side
//! panel, tabs, status bar, notices, windows). The rest of it lives beside
//! this file, as in rerun's viewer:
//!
//! - `app_ui.rs`: the menu, status bar, notices, recovery offer, windows
//!   and dropped files (`*_ui` functions, drawing only);
//! - `app_commands.rs`: carrying out the [`Command`]s panels push, opening
//!   and saving scenario files, starting dialogs and exports;
//! - `upkeep.rs`: taking in the background results, recomputing when
//!   the scenario changes, the autosave and the screenshot.

use super::background::one_off::ScenarioIo;
use super::background::results::{Computed, LoadedData};
use super::background::runner::{Jobs, lanes};
use super::commands::Command;
use super::panels::{self, Cx, Panel, Tab};
use super::save::SaveDialog;
use super::state::{AppState, STORAGE_KEY};
use crate::diagnostics::Problem;
use crate::engine::EngineError;
use crate::engine::Wants;
use crate::engine::scenario::Scenario;
use crate::i18n::Lang;
use crate::scenario_file::ScenarioFileError;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
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
    pub scenario: Option<Scenario>,
    /// A basemap to start with instead of the remembered one.
    pub basemap: Option<crate::places::tiles::BasemapSource>,
    /// Where downloaded tiles are kept (default with `remember`: `tiles/`
    /// in the app's storage folder; else none).
    pub tile_cache: Option<PathBuf>,
    /// When the program started, to report the time to the first frame
    /// (printed when `SEATCAST_TIMING` is set).
    pub started: Option<Instant>,
}

/// A load that failed: shown until dismissed, the previous data stays.
pub(super) struct LoadError {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Problem>,
    /// The sheets as read, for the column-mapping step.
    pub sheets: Vec<crate::import::SheetPreview>,
}

/// The side panel, and one panel per tab in the order shown.
pub(super) struct Panels {
    pub side: super::side_panel::SidePanel,
    pub tabs: Vec<Box<dyn Panel>>,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            side: super::side_panel::SidePanel,
            tabs: panels::all(),
        }
    }
}

impl Panels {
    /// The tab's panel (the first where no panel has that key).
    fn tab(&mut self, tab: &Tab) -> Option<&mut Box<dyn Panel>> {
        let i = self.tabs.iter().position(|p| p.id() == *tab).unwrap_or(0);
        self.tabs.get_mut(i)
    }

    /// A panel by its type (tests and benches look into one).
    pub fn get<P: Panel>(&mut self) -> Option<&mut P> {
        self.tabs
            .iter_mut()
            .find_map(|p| (p.as_mut() as &mut dyn std::any::Any).downcast_mut::<P>())
    }
}

/// The scenario file window: a path, typed or picked.
pub(super) struct ScenarioWindow {
    pub io: ScenarioIo,
    pub path: String,
}

/// The windows over the tabs, each while open.
#[derive(Default)]
pub(super) struct Windows {
    /// "Type a path": the text typed.
    pub path_prompt: Option<String>,
    /// The path box stands in for a file dialog that could not open.
    pub no_dialog: bool,
    pub scenario: Option<ScenarioWindow>,
    pub save: Option<SaveDialog>,
    /// The column-mapping step.
    pub mapping: Option<super::mapping::MappingWindow>,
}

/// What the window tells the planner until dismissed or replaced.
#[derive(Default)]
pub(super) struct Notices {
    pub load_error: Option<LoadError>,
    pub compute_error: Option<Arc<EngineError>>,
    /// The last save or file action: what was done, or why not (whole sentences).
    pub result: Option<Result<String, String>>,
    /// The folder the last save wrote into, for "Open folder".
    pub saved_folder: Option<PathBuf>,
    /// The data loaded, but some sheet holds columns Seatcast could not
    /// place: offer the mapping step.
    pub mapping_hint: bool,
    /// Other data opened under a plan with actions: keep it or start anew.
    pub plan_offer: bool,
}

/// The working scenario kept in a file while the app runs, so a crash
/// loses nothing; removed at a normal exit.
#[derive(Default)]
pub(super) struct Autosave {
    pub path: Option<PathBuf>,
    /// The scenario the file holds now.
    pub saved: Option<Scenario>,
    /// When the last write started: a changed or failed one is written
    /// again two seconds later.
    pub tried: Option<Instant>,
    /// Why the last write failed (shown, and tried again).
    pub failed: Option<ScenarioFileError>,
    /// A scenario found in the file at start, offered back.
    pub recovery: Option<Scenario>,
}

/// What a recompute was asked for: a change starts a new one.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ComputeRequest {
    pub scenario: Scenario,
    pub held: Vec<Scenario>,
    pub wants: Wants,
}

pub(super) enum Shot {
    /// Frames drawn since the data was ready.
    Waiting(u32),
    Requested(Receiver<Result<(), String>>),
    Done,
}

pub struct SeatcastApp {
    pub state: AppState,
    /// Everything off the UI thread (`app/background/jobs.rs`).
    pub(super) jobs: Jobs<SeatcastApp>,
    /// Counts the recomputes asked for: a newer result has a larger number.
    pub(super) generation: u64,
    pub(super) data: Option<LoadedData>,
    pub(super) computed: Option<Computed>,
    pub(super) requested: Option<ComputeRequest>,
    pub(super) panels: Panels,
    pub(super) windows: Windows,
    pub(super) notices: Notices,
    pub(super) autosave: Autosave,
    pub(super) remember: bool,
    pub(super) screenshot: Option<(PathBuf, Shot)>,
    /// The map's tiles.
    pub(super) basemap: super::basemap::Basemap,
    /// Set when a screenshot could not be written.
    pub screenshot_error: Option<String>,
    /// CPU time of the last frame, as eframe measured it.
    pub(super) frame_ms: Option<f32>,
    /// Start-up timing still to be printed: (started, first frame printed).
    pub(super) timing: Option<(Instant, bool)>,
    /// Where the optimiser's search stands while it runs (the status bar).
    pub(super) search: Arc<super::background::results::SearchWatch>,
}

/// The autosave file's name in the app's storage folder.
const AUTOSAVE: &str = "autosave-scenario.json";

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
        if let Some(b) = start.basemap {
            state.basemap = b;
        }
        let ctx = cc.egui_ctx.clone();
        let jobs = Jobs::new(move || ctx.request_repaint());
        let path = start.autosave.or_else(|| {
            start
                .remember
                .then(|| eframe::storage_dir("seatcast").map(|d| d.join(AUTOSAVE)))
                .flatten()
        });
        // A file left by a session that did not end normally.
        let recovery = path
            .as_deref()
            .filter(|p| p.exists())
            .and_then(|p| crate::scenario_file::load(p).ok())
            .filter(|s| *s != state.scenario);
        let files = state.files.clone();
        let mut app = SeatcastApp {
            state,
            jobs,
            generation: 0,
            data: None,
            computed: None,
            requested: None,
            panels: Panels::default(),
            windows: Windows::default(),
            notices: Notices::default(),
            autosave: Autosave {
                path,
                recovery,
                ..Autosave::default()
            },
            remember: start.remember,
            screenshot: start.screenshot.map(|p| (p, Shot::Waiting(0))),
            // Downloaded tiles are kept beside the remembered state.
            basemap: super::basemap::Basemap::new(start.tile_cache.clone().or_else(|| {
                start
                    .remember
                    .then(|| eframe::storage_dir("seatcast").map(|d| d.join("tiles")))
                    .flatten()
            })),
            screenshot_error: None,
            frame_ms: None,
            timing: start
                .started
                .filter(|_| std::env::var_os("SEATCAST_TIMING").is_some())
                .map(|t| (t, false)),
            search: Arc::default(),
        };
        app.open(files);
        app
    }

    pub fn lang(&self) -> Lang {
        self.state.lang()
    }

    /// A scenario offered back from the autosave file (for tests).
    pub fn recovery(&self) -> Option<&Scenario> {
        self.autosave.recovery.as_ref()
    }

    /// Why the last autosave failed, if it did (for tests).
    pub fn autosave_failure(&self) -> Option<&ScenarioFileError> {
        self.autosave.failed.as_ref()
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

    /// Whether data is loaded and its projection for the current what-ifs
    /// is shown, with no background task running.
    pub fn settled(&self) -> bool {
        !self.jobs.running(lanes::LOAD)
            && !self.jobs.running(lanes::COMPUTE)
            && !self.jobs.running(lanes::MERGES)
            && !self.jobs.running(lanes::OPTIMISE)
            && !self.jobs.running(lanes::FILE)
            && self
                .computed()
                .is_some_and(|c| c.outcome.scenario == self.state.scenario)
    }

    /// Whether the layout optimiser is running.
    pub fn optimising(&self) -> bool {
        self.jobs.running(lanes::OPTIMISE)
    }

    /// Whether "merge all feasible" is still looking for merges.
    pub fn merging(&self) -> bool {
        self.jobs.running(lanes::MERGES)
    }

    /// The located problems of the last failed load, if still shown.
    pub fn load_problems(&self) -> Option<&[Problem]> {
        self.notices
            .load_error
            .as_ref()
            .map(|e| e.problems.as_slice())
    }

    /// The last save's or file action's result (for tests): what was done, or why not.
    pub fn last_save(&self) -> Option<&Result<String, String>> {
        self.notices.result.as_ref()
    }

    /// The basemap's last frame (for tests): its zoom, the tiles drawn, and
    /// how many of them were at that zoom; and why there is none, if so.
    pub fn basemap_drawn(&self) -> (u8, usize, usize, Option<String>) {
        let b = &self.basemap;
        (
            b.zoom,
            b.drawn,
            b.exact,
            b.problem.as_ref().map(|p| p.explain(Lang::En)),
        )
    }

    /// A tab's panel by its type, to look into (tests, benches).
    pub fn panel<P: Panel>(&self) -> Option<&P> {
        self.panels
            .tabs
            .iter()
            .find_map(|p| (p.as_ref() as &dyn std::any::Any).downcast_ref::<P>())
    }

    /// The same, to change (tests type into a panel's form).
    pub fn panel_mut<P: Panel>(&mut self) -> Option<&mut P> {
        self.panels.get::<P>()
    }

    /// The column-mapping step, while open (for tests).
    pub fn mapping_window(&mut self) -> Option<&mut super::mapping::MappingWindow> {
        self.windows.mapping.as_mut()
    }

    /// Show a dataset already in memory (benchmarks, tests) with no files behind it.
    pub fn show_dataset(&mut self, dataset: crate::model::Dataset) {
        let engine = crate::engine::Engine::new(Arc::new(dataset));
        self.data = Some(LoadedData::new(Vec::new(), Arc::new(engine), Vec::new()));
        self.recompute();
    }

    /// The tabs, each drawing from the data and the latest projection.
    fn tabs_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let computed = self.computed.as_ref().filter(|c| {
            self.data
                .as_ref()
                .is_some_and(|d| Arc::ptr_eq(&c.engine, &d.engine))
        });
        let mut cx = Cx::new(lang, &self.state, commands, &mut self.basemap);
        cx.data = self.data.as_ref();
        cx.computed = computed;
        cx.merging = self.jobs.running(lanes::MERGES);
        cx.optimising = self.jobs.running(lanes::OPTIMISE);
        cx.compute_error = self.notices.compute_error.as_deref();
        egui::Panel::left("side")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| self.panels.side.ui(ui, &mut cx));
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for p in &self.panels.tabs {
                    if ui
                        .selectable_label(cx.state.tab == p.id(), p.title(lang))
                        .clicked()
                    {
                        cx.send(Command::ShowTab(p.id()));
                    }
                }
            });
            ui.separator();
            if let Some(p) = self.panels.tab(&cx.state.tab) {
                // The shell, not each tab, says "loading" or why not.
                match (cx.data, cx.computed) {
                    (Some(_), Some(computed)) => p.ui(ui, &mut cx, computed),
                    _ => p.waiting_ui(ui, &mut cx),
                }
            }
        });
    }

    /// Whether something runs in the background that the window should
    /// look at again soon (a progress bar, a dialog, a pending autosave).
    fn waiting(&self) -> bool {
        self.jobs.busy()
            || self
                .autosave
                .saved
                .as_ref()
                .is_some_and(|s| *s != self.state.scenario)
            || self.autosave.failed.is_some()
    }
}

impl eframe::App for SeatcastApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.frame_ms = frame.info().cpu_usage.map(|s| s * 1000.0);
        self.receive();
        self.timing_step();
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.notices.load_error.is_some() {
            egui::Panel::top("load-error").show(ui, |ui| self.error_ui(ui, &mut commands));
        }
        if self.autosave.recovery.is_some() {
            egui::Panel::top("recovery").show(ui, |ui| self.recovery_ui(ui));
        }
        if self.notices.mapping_hint && self.windows.mapping.is_none() {
            egui::Panel::top("mapping-hint").show(ui, |ui| self.mapping_hint_ui(ui, &mut commands));
        }
        if self.notices.plan_offer {
            egui::Panel::top("plan-offer").show(ui, |ui| self.plan_offer_ui(ui));
        }
        // Every panel before the tabs' central panel, which takes what is
        // left: a panel added after it gets no room and is never seen.
        if self.notices.result.is_some() {
            egui::Panel::bottom("save-result").show(ui, |ui| self.result_ui(ui));
        }
        self.tabs_ui(ui, &mut commands);
        self.drop_ui(&ctx, &mut commands);
        // What the tabs asked for first: a window they open draws this frame.
        // A change a command made is drawn in the next frame, asked for now
        // (a click on another tab, say, changes nothing a job would wake).
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        self.run_commands(commands);
        let mut commands = Vec::new();
        self.path_prompt_ui(&ctx, &mut commands);
        self.scenario_window_ui(&ctx, &mut commands);
        self.mapping_ui(&ctx);
        let lang = self.state.lang();
        self.basemap.window_ui(&ctx, &mut self.state.basemap, lang);
        self.save_dialog_ui(&ctx);
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        self.run_commands(commands);
        self.recompute_if_changed();
        self.autosave_step();
        self.screenshot_step(&ctx);
        if self.waiting() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.remember {
            eframe::set_value(storage, STORAGE_KEY, &self.state);
        }
    }

    /// A normal exit: the state is stored, so the autosave file is not
    /// needed (an autosave still being written is waited for first).
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        let _ = self.jobs.wait_for(lanes::AUTOSAVE, Duration::from_secs(2));
        if let Some(p) = &self.autosave.path
            && self.autosave.recovery.is_none()
        {
            let _ = std::fs::remove_file(p);
        }
    }
}
