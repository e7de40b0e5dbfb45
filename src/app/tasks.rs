//! One-off background tasks, all in one holder: the native file dialogs,
//! scenario files opened and saved, the autosave, exports (charts, the
//! report), the plan's "merge all feasible" and a new school's site
//! checked by road. Each [`Task`] says what to
//! do; [`Tasks::start`] runs it on a thread of its own and its
//! [`TaskDone`] comes back through [`Tasks::poll`], waking the window. A
//! task that cannot start says why ([`TaskError`]); the app shows it.
//!
//! (The long-lived work, loading and recomputing, is the [`super::worker`]'s:
//! there a newer request replaces one still waiting.)

use crate::chart::Chart;
use crate::chart::build::{self, Context};
use crate::engine::Engine;
use crate::engine::Outcome;
use crate::engine::plan::actions::Action;
use crate::engine::scenario::Scenario;
use crate::export::files::{self, ChartFormat, ChartSize, ReportOptions};
use crate::i18n::Lang;
use crate::scenario_file::ScenarioFileError;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// Saving or opening a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioIo {
    Save,
    Open,
}

/// What a native file dialog picks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// Workbooks to load.
    Data,
    /// A scenario file to save to or open.
    Scenario(ScenarioIo),
    /// A teacher norms file to open or save.
    Norms(ScenarioIo),
    /// Where a save window writes: a chart file, else a folder.
    SaveTarget { chart: bool, current: PathBuf },
    /// Where to write the data template.
    Template,
}

/// A new school's site to check (`engine::plan::site`), with what it was
/// asked for so the answer can be matched to the form.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRequest {
    /// (the result's generation, the site's bits, grades, year).
    pub key: (u64, [u64; 2], [i8; 2], i32),
    pub site: crate::model::Coords,
    pub grades: [i8; 2],
    pub year: i32,
}

/// An export: a chart, every chart, or the report folder.
pub enum SaveJob {
    Chart {
        chart: Box<Chart>,
        path: PathBuf,
        size: ChartSize,
    },
    /// Every chart of the county, its areas and schools, into a folder.
    AllCharts {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        /// The outcome's teachers and ledger, as the worker worked them out.
        derived: Arc<crate::engine::derived::Derived>,
        lang: Lang,
        dir: PathBuf,
        formats: Vec<ChartFormat>,
        size: ChartSize,
    },
    /// The report folder: tables, and as asked the workbook and the charts.
    Report {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        derived: Arc<crate::engine::derived::Derived>,
        lang: Lang,
        dir: PathBuf,
        options: ReportOptions,
    },
}

/// An export under way: files written so far, of how many (0: not known yet).
#[derive(Default)]
pub struct SaveProgress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

/// What to do off the UI thread.
pub enum Task {
    Pick(Pick),
    SaveScenario {
        path: PathBuf,
        scenario: Box<Scenario>,
    },
    OpenScenario {
        path: PathBuf,
    },
    SaveNorms {
        path: PathBuf,
        norms: Box<crate::engine::teachers::norms::Norms>,
    },
    OpenNorms {
        path: PathBuf,
    },
    /// The working scenario into the autosave file.
    Autosave {
        path: PathBuf,
        scenario: Box<Scenario>,
    },
    /// The merges "merge all feasible" adds, found on this outcome.
    MergeAllFeasible {
        outcome: Arc<Outcome>,
    },
    /// A new school's site checked on this outcome (by road: a search of
    /// its own, tens of milliseconds on a county's roads).
    SiteCheck {
        outcome: Arc<Outcome>,
        request: SiteRequest,
    },
    Export {
        job: Box<SaveJob>,
        progress: Arc<SaveProgress>,
    },
    /// The workbook to fill in: the sheets and headers Seatcast reads.
    Template {
        path: PathBuf,
        lang: Lang,
    },
}

/// Kinds of task: at most one of each runs at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Dialog,
    ScenarioFile,
    Autosave,
    Merges,
    SiteCheck,
    Export,
}

impl TaskKind {
    fn thread_name(self) -> &'static str {
        match self {
            TaskKind::Dialog => "seatcast-dialog",
            TaskKind::ScenarioFile => "seatcast-scenario-file",
            TaskKind::Autosave => "seatcast-autosave",
            TaskKind::Merges => "seatcast-merges",
            TaskKind::SiteCheck => "seatcast-site-check",
            TaskKind::Export => "seatcast-export",
        }
    }
}

/// A task's result.
pub enum TaskDone {
    /// A file dialog closed: what was picked (None: cancelled), and whether
    /// it closed at once (no dialog could open: ask for a typed path).
    Picked {
        pick: Pick,
        paths: Option<Vec<PathBuf>>,
        quick: bool,
    },
    ScenarioSaved {
        path: PathBuf,
        result: Result<(), ScenarioFileError>,
    },
    ScenarioOpened {
        path: PathBuf,
        result: Result<Box<Scenario>, ScenarioFileError>,
    },
    NormsSaved {
        path: PathBuf,
        result: Result<(), crate::norms_file::NormsFileError>,
    },
    NormsOpened {
        result:
            Result<Box<crate::engine::teachers::norms::Norms>, crate::norms_file::NormsFileError>,
    },
    Autosaved {
        scenario: Box<Scenario>,
        result: Result<(), ScenarioFileError>,
    },
    /// The merges found, and the actions of the scenario they were found on.
    Merges {
        on: Vec<Action>,
        merges: Vec<Action>,
    },
    /// A site checked, for the request of this key.
    SiteChecked {
        key: (u64, [u64; 2], [i8; 2], i32),
        check: crate::engine::plan::site::SiteCheck,
    },
    /// An export finished: the files written, or why it failed.
    Exported(Result<Vec<PathBuf>, String>),
    /// The task's thread stopped without an answer (a bug, reported).
    Lost(TaskKind),
}

/// Why a task could not start.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("a task of this kind is already running")]
    Busy,
    #[error("cannot start a thread: {0}")]
    Spawn(#[from] std::io::Error),
}

impl TaskError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TaskError::Busy => lang
                .pick(
                    "上一项同类操作尚未完成，请稍候。",
                    "The last one is still running; wait a moment.",
                )
                .into(),
            TaskError::Spawn(e) => format!(
                "{}{e}",
                lang.pick("无法启动后台线程：", "Cannot start a background thread: ")
            ),
        }
    }
}

impl Task {
    pub fn kind(&self) -> TaskKind {
        match self {
            Task::Pick(_) => TaskKind::Dialog,
            Task::SaveScenario { .. }
            | Task::OpenScenario { .. }
            | Task::SaveNorms { .. }
            | Task::OpenNorms { .. } => TaskKind::ScenarioFile,
            Task::Autosave { .. } => TaskKind::Autosave,
            Task::MergeAllFeasible { .. } => TaskKind::Merges,
            Task::SiteCheck { .. } => TaskKind::SiteCheck,
            Task::Export { .. } | Task::Template { .. } => TaskKind::Export,
        }
    }

    /// Do it (on the task's own thread).
    pub fn run(self) -> TaskDone {
        match self {
            Task::Pick(pick) => {
                let opened = Instant::now();
                let paths = pick_with_dialog(&pick);
                TaskDone::Picked {
                    pick,
                    paths,
                    quick: opened.elapsed() < Duration::from_millis(300),
                }
            }
            Task::SaveScenario { path, scenario } => TaskDone::ScenarioSaved {
                result: crate::scenario_file::save(&path, &scenario),
                path,
            },
            Task::OpenScenario { path } => TaskDone::ScenarioOpened {
                result: crate::scenario_file::load(&path).map(Box::new),
                path,
            },
            Task::SaveNorms { path, norms } => TaskDone::NormsSaved {
                result: crate::norms_file::save(&path, &norms),
                path,
            },
            Task::OpenNorms { path } => TaskDone::NormsOpened {
                result: crate::norms_file::load(&path).map(Box::new),
            },
            Task::Autosave { path, scenario } => {
                let result = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
                        .map_err(|source| ScenarioFileError::Write {
                            path: path.clone(),
                            source,
                        }),
                    _ => Ok(()),
                }
                .and_then(|()| crate::scenario_file::save(&path, &scenario));
                TaskDone::Autosaved { scenario, result }
            }
            Task::MergeAllFeasible { outcome } => TaskDone::Merges {
                on: outcome.scenario.actions.clone(),
                merges: crate::engine::plan::planner::greedy_merges(
                    &outcome,
                    &outcome.scenario.planner,
                ),
            },
            Task::SiteCheck { outcome, request } => TaskDone::SiteChecked {
                key: request.key,
                check: crate::engine::plan::site::check(
                    &outcome.dataset,
                    &outcome.plan,
                    &outcome.scenario.planner,
                    request.site,
                    request.grades,
                    request.year,
                ),
            },
            Task::Export { job, progress } => {
                TaskDone::Exported(export(*job, &progress).map_err(|e| e.to_string()))
            }
            Task::Template { path, lang } => TaskDone::Exported(
                crate::template::template_workbook(lang)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        crate::fsutil::atomic_write(&path, &bytes).map_err(|e| e.to_string())
                    })
                    .map(|()| vec![path]),
            ),
        }
    }
}

/// The native dialog for a pick (blocks its thread until it closes).
fn pick_with_dialog(pick: &Pick) -> Option<Vec<PathBuf>> {
    let d = rfd::FileDialog::new();
    match pick {
        Pick::Data => d
            .add_filter(
                "Excel / CSV / GeoJSON / Shapefile / OpenStreetMap (.osm.pbf)",
                &[
                    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "geojson", "shp", "pbf",
                ],
            )
            .pick_files(),
        Pick::Scenario(io) => {
            let d = d.add_filter("JSON", &["json"]);
            match io {
                ScenarioIo::Save => d.save_file(),
                ScenarioIo::Open => d.pick_file(),
            }
            .map(|p| vec![p])
        }
        Pick::Norms(io) => {
            let d = d.add_filter("JSON", &["json"]);
            match io {
                ScenarioIo::Save => d.set_file_name("teacher-norms.json").save_file(),
                ScenarioIo::Open => d.pick_file(),
            }
            .map(|p| vec![p])
        }
        Pick::Template => d
            .add_filter("Excel", &["xlsx"])
            .set_file_name("seatcast-template.xlsx")
            .save_file()
            .map(|p| vec![p]),
        Pick::SaveTarget { chart, current } => {
            let mut d = d;
            if let Some(dir) = current.parent().filter(|p| p.is_dir()) {
                d = d.set_directory(dir);
            }
            if *chart {
                if let Some(name) = current.file_name() {
                    d = d.set_file_name(name.to_string_lossy());
                }
                d.add_filter("PNG", &["png"])
                    .add_filter("SVG", &["svg"])
                    .save_file()
            } else {
                d.pick_folder()
            }
            .map(|p| vec![p])
        }
    }
}

fn export(
    job: SaveJob,
    progress: &SaveProgress,
) -> Result<Vec<PathBuf>, crate::export::ExportError> {
    let date = files::today();
    match job {
        SaveJob::Chart { chart, path, size } => {
            progress.total.store(1, Ordering::Relaxed);
            files::save_chart(&chart, &path, size)?;
            Ok(vec![path])
        }
        SaveJob::AllCharts {
            engine,
            outcome,
            derived,
            lang,
            dir,
            formats,
            size,
        } => {
            let cx = Context::new(&engine, &outcome, &derived, lang, &date);
            let charts = build::all(&cx);
            progress
                .total
                .store(charts.len() * formats.len(), Ordering::Relaxed);
            files::save_charts_counted(&charts, &formats, size, &dir, Some(&progress.done))
        }
        SaveJob::Report {
            engine,
            outcome,
            derived,
            lang,
            dir,
            options,
        } => {
            let cx = Context::new(&engine, &outcome, &derived, lang, &date);
            files::write_report(&cx, &dir, &options, &date)
        }
    }
}

/// The tasks running, and the channel their results come back on.
pub struct Tasks {
    tx: Sender<(TaskKind, Option<TaskDone>)>,
    rx: Receiver<(TaskKind, Option<TaskDone>)>,
    wake: Arc<dyn Fn() + Send + Sync>,
    running: Vec<TaskKind>,
    /// The export under way, for the status bar's count.
    pub export: Option<Arc<SaveProgress>>,
}

impl Tasks {
    /// `wake` is called after each result (the window repaints).
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Tasks {
        let (tx, rx) = channel();
        Tasks {
            tx,
            rx,
            wake: Arc::new(wake),
            running: Vec::new(),
            export: None,
        }
    }

    /// Start a task on a thread of its own.
    pub fn start(&mut self, task: Task) -> Result<(), TaskError> {
        let kind = task.kind();
        if self.running(kind) {
            return Err(TaskError::Busy);
        }
        let progress = match &task {
            Task::Export { progress, .. } => Some(Arc::clone(progress)),
            _ => None,
        };
        let (tx, wake) = (self.tx.clone(), Arc::clone(&self.wake));
        std::thread::Builder::new()
            .name(kind.thread_name().into())
            .spawn(move || {
                // A panic in the task is reported as lost, not left running.
                let done =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| task.run())).ok();
                let _ = tx.send((kind, done));
                wake();
            })?;
        self.running.push(kind);
        if progress.is_some() {
            self.export = progress;
        }
        Ok(())
    }

    /// Whether a task of this kind is running.
    pub fn running(&self, kind: TaskKind) -> bool {
        self.running.contains(&kind)
    }

    /// Whether any task is running.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// The results that have come back since the last call.
    pub fn poll(&mut self) -> Vec<TaskDone> {
        let mut out = Vec::new();
        while let Ok((kind, done)) = self.rx.try_recv() {
            self.running.retain(|k| *k != kind);
            if kind == TaskKind::Export {
                self.export = None;
            }
            out.push(done.unwrap_or(TaskDone::Lost(kind)));
        }
        out
    }

    /// Wait up to `limit` for the tasks of a kind to finish (at exit).
    pub fn wait_for(&mut self, kind: TaskKind, limit: Duration) -> Vec<TaskDone> {
        let start = Instant::now();
        let mut out = Vec::new();
        while self.running(kind) && start.elapsed() < limit {
            out.extend(self.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(tasks: &mut Tasks) -> Vec<TaskDone> {
        let start = Instant::now();
        let mut out = Vec::new();
        while tasks.busy() && start.elapsed() < Duration::from_secs(20) {
            out.extend(tasks.poll());
            std::thread::sleep(Duration::from_millis(2));
        }
        out
    }

    #[test]
    fn a_scenario_round_trips_through_tasks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.json");
        let mut tasks = Tasks::new(|| {});
        let scenario = Scenario {
            name: "round trip".into(),
            ..Scenario::default()
        };
        tasks
            .start(Task::SaveScenario {
                path: path.clone(),
                scenario: Box::new(scenario.clone()),
            })
            .expect("starts");
        // One scenario-file task at a time.
        assert!(matches!(
            tasks.start(Task::OpenScenario { path: path.clone() }),
            Err(TaskError::Busy)
        ));
        let done = wait(&mut tasks);
        assert!(matches!(
            done.as_slice(),
            [TaskDone::ScenarioSaved { result: Ok(()), .. }]
        ));
        tasks.start(Task::OpenScenario { path }).expect("starts");
        match wait(&mut tasks).as_slice() {
            [TaskDone::ScenarioOpened { result: Ok(s), .. }] => assert_eq!(**s, scenario),
            _ => panic!("not opened"),
        }
    }

    #[test]
    fn the_template_is_written_in_the_background() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("模板 2026.xlsx");
        let mut tasks = Tasks::new(|| {});
        tasks
            .start(Task::Template {
                path: path.clone(),
                lang: Lang::Zh,
            })
            .expect("starts");
        match wait(&mut tasks).as_slice() {
            [TaskDone::Exported(Ok(files))] => assert_eq!(files, &vec![path.clone()]),
            _ => panic!("no template"),
        }
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn a_failed_autosave_comes_back_as_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A file where the autosave's folder should be.
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, "x").expect("written");
        let mut tasks = Tasks::new(|| {});
        tasks
            .start(Task::Autosave {
                path: blocker.join("autosave.json"),
                scenario: Box::default(),
            })
            .expect("starts");
        match wait(&mut tasks).as_slice() {
            [TaskDone::Autosaved { result: Err(e), .. }] => {
                assert!(matches!(e, ScenarioFileError::Write { .. }), "{e:?}")
            }
            _ => panic!("no failed autosave"),
        }
    }
}
