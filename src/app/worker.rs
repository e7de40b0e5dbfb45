//! Background work, all in one place: loading workbooks, recomputing
//! projections and saving charts and reports run on their own threads so
//! the window never waits. A recompute request replaces any still waiting
//! (the latest slider value wins); results come back as [`Done`] messages
//! and wake the UI.

use crate::chart::Chart;
use crate::chart::build::{self, Context};
use crate::diagnostics::Problem;
use crate::engine::accuracy::Accuracy;
use crate::engine::scenario::Scenario;
use crate::engine::{Engine, EngineError, Outcome};
use crate::export::files::{self as files, ChartFormat, ChartSize, ReportOptions};
use crate::i18n::Lang;
use crate::import::{self, ImportOptions, NoteLine, SheetPreview};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// A finished load: the engine on the new data, and the warnings.
pub struct LoadedData {
    /// The files (empty: the sample county).
    pub files: Vec<PathBuf>,
    pub engine: Arc<Engine>,
    pub warnings: Vec<Problem>,
    /// What the import guessed or checked, one line each.
    pub notes: Vec<NoteLine>,
    /// The top of every sheet with its columns' roles, for the mapping step.
    pub sheets: Vec<SheetPreview>,
    /// First and last fall with enrolment, counted once here rather than
    /// every frame (a province has millions of records).
    pub falls: Option<(i32, i32)>,
    pub areas: usize,
}

impl LoadedData {
    pub fn new(files: Vec<PathBuf>, engine: Arc<Engine>, warnings: Vec<Problem>) -> LoadedData {
        let d = &engine.dataset;
        let years = d.fall_years();
        LoadedData {
            falls: years.first().copied().zip(years.last().copied()),
            areas: d.areas().len(),
            files,
            engine,
            warnings,
            notes: Vec::new(),
            sheets: Vec::new(),
        }
    }
}

/// A finished recompute.
pub struct Computed {
    /// Counts the recompute requests: a newer projection has a larger number.
    pub generation: u64,
    pub engine: Arc<Engine>,
    pub outcome: Arc<Outcome>,
    /// The same what-ifs with no actions, when the scenario has actions.
    pub baseline: Option<Arc<Outcome>>,
    /// The scenarios kept for comparison, in order (None: it failed).
    pub held: Vec<Result<Arc<Outcome>, Arc<EngineError>>>,
    /// The merge planner's candidates and the expansion helper's list, when asked for.
    pub planner: Option<Arc<Planner>>,
    /// The backtest of the method on the loaded data, when asked for.
    pub accuracy: Option<Arc<Accuracy>>,
    pub elapsed: Duration,
}

/// What the Plan tab lists, worked out off the UI thread (seconds at 20,000 schools).
pub struct Planner {
    pub candidates: Vec<crate::engine::plan::planner::Candidate>,
    pub expansions: Vec<crate::engine::plan::planner::Expansion>,
}

/// Something to save, with everything it needs.
pub enum SaveJob {
    /// One chart, in the format its file name asks for.
    Chart {
        chart: Box<Chart>,
        path: PathBuf,
        size: ChartSize,
    },
    /// Every chart of the county, its areas and schools, into a folder.
    AllCharts {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        lang: Lang,
        dir: PathBuf,
        formats: Vec<ChartFormat>,
        size: ChartSize,
    },
    /// The report folder: tables, and as asked the workbook and the charts.
    Report {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        lang: Lang,
        dir: PathBuf,
        options: ReportOptions,
    },
}

/// A save under way: files written so far, of how many (0: not known yet).
#[derive(Default)]
pub struct SaveProgress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

pub enum Done {
    Loaded(Box<LoadedData>),
    /// The files could not be loaded: every problem, located, and the
    /// sheets as read (for the column-mapping step).
    LoadFailed {
        files: Vec<PathBuf>,
        problems: Vec<Problem>,
        sheets: Vec<SheetPreview>,
    },
    Computed(Box<Computed>),
    /// The projection's tables could not be built (not expected; reported, not hidden).
    ComputeFailed(Arc<EngineError>),
    /// A save finished: the files written, or why it failed.
    Saved(Result<Vec<PathBuf>, String>),
}

struct ComputeJob {
    generation: u64,
    engine: Arc<Engine>,
    scenario: Scenario,
    held: Vec<Scenario>,
    extras: Extras,
}

/// What a recompute works out besides the scenario's outcome: only what the
/// tab on show needs, so a slider on the Overview costs one projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extras {
    /// The merge planner's and expansion helper's lists.
    pub planner: bool,
    /// The no-action baseline and the scenarios kept for comparison.
    pub comparison: bool,
    /// The backtest of the method (the Accuracy tab).
    pub accuracy: bool,
}

impl Extras {
    /// Whether these extras include everything `wanted` asks for.
    pub fn covers(self, wanted: Extras) -> bool {
        (self.planner || !wanted.planner)
            && (self.comparison || !wanted.comparison)
            && (self.accuracy || !wanted.accuracy)
    }
}

/// Outcomes of the scenarios held for comparison and of baselines, kept
/// while their engine and scenario stay the same (they rarely change). The
/// accuracy report is kept by the engine itself.
#[derive(Default)]
struct Kept(Vec<(Arc<Engine>, Scenario, Arc<Outcome>)>);

impl Kept {
    fn outcome(
        &mut self,
        engine: &Arc<Engine>,
        s: &Scenario,
    ) -> Result<Arc<Outcome>, Arc<EngineError>> {
        if let Some((_, _, o)) = self
            .0
            .iter()
            .find(|(e, k, _)| Arc::ptr_eq(e, engine) && k == s)
        {
            return Ok(Arc::clone(o));
        }
        let o = Arc::new(engine.outcome(s).map_err(Arc::new)?);
        self.0.push((Arc::clone(engine), s.clone(), Arc::clone(&o)));
        if self.0.len() > 12 {
            self.0.remove(0);
        }
        Ok(o)
    }
}

pub struct Worker {
    loads: Sender<(Vec<PathBuf>, ImportOptions)>,
    computes: Sender<ComputeJob>,
    done: Receiver<Done>,
    /// When the load under way started.
    pub loading_since: Option<Instant>,
    /// Recomputes asked for and not yet answered.
    pending: usize,
    generation: u64,
    done_tx: Sender<Done>,
    wake: Arc<dyn Fn() + Send + Sync>,
    /// The save under way, if any.
    pub saving: Option<Arc<SaveProgress>>,
}

impl Worker {
    /// Start the two threads. `wake` is called after each result (the UI repaints).
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Worker {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let (done_tx, done) = channel();
        let saves_tx = done_tx.clone();
        let (loads, load_rx) = channel::<(Vec<PathBuf>, ImportOptions)>();
        let (computes, compute_rx) = channel::<ComputeJob>();
        {
            let done_tx = done_tx.clone();
            let wake = Arc::clone(&wake);
            let _ = std::thread::Builder::new()
                .name("seatcast-load".into())
                .spawn(move || {
                    while let Ok((files, options)) = load_rx.recv() {
                        if done_tx.send(load(files, &options)).is_err() {
                            return;
                        }
                        wake();
                    }
                });
        }
        let compute_wake = Arc::clone(&wake);
        let _ = std::thread::Builder::new()
            .name("seatcast-compute".into())
            .spawn(move || {
                let mut kept = Kept::default();
                while let Ok(mut job) = compute_rx.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = compute_rx.try_recv() {
                        job = newer;
                    }
                    if done_tx.send(compute(job, &mut kept)).is_err() {
                        return;
                    }
                    compute_wake();
                }
            });
        Worker {
            loads,
            computes,
            done,
            loading_since: None,
            pending: 0,
            generation: 0,
            done_tx: saves_tx,
            wake,
            saving: None,
        }
    }

    /// Save on a thread of its own; the result comes back as [`Done::Saved`].
    /// Returns false when the thread could not start.
    pub fn save(&mut self, job: SaveJob) -> bool {
        let progress = Arc::new(SaveProgress::default());
        let (tx, wake, p) = (
            self.done_tx.clone(),
            Arc::clone(&self.wake),
            Arc::clone(&progress),
        );
        let spawned = std::thread::Builder::new()
            .name("seatcast-save".into())
            .spawn(move || {
                let result = save(job, &p).map_err(|e| e.to_string());
                let _ = tx.send(Done::Saved(result));
                wake();
            });
        if spawned.is_ok() {
            self.saving = Some(progress);
        }
        spawned.is_ok()
    }

    /// Load files (none: the sample county), read as the options say.
    pub fn load(&mut self, files: Vec<PathBuf>, options: ImportOptions) {
        if self.loads.send((files, options)).is_ok() {
            self.loading_since = Some(Instant::now());
        }
    }

    /// Recompute a scenario, and the scenarios held for comparison.
    pub fn compute(
        &mut self,
        engine: Arc<Engine>,
        scenario: Scenario,
        held: Vec<Scenario>,
        extras: Extras,
    ) {
        self.generation += 1;
        let job = ComputeJob {
            generation: self.generation,
            engine,
            scenario,
            held,
            extras,
        };
        if self.computes.send(job).is_ok() {
            self.pending += 1;
        }
    }

    /// Whether a recompute is on its way.
    pub fn computing(&self) -> bool {
        self.pending > 0
    }

    /// Results that have arrived since the last call.
    pub fn poll(&mut self) -> Vec<Done> {
        let out: Vec<Done> = self.done.try_iter().collect();
        for d in &out {
            match d {
                Done::Loaded(_) | Done::LoadFailed { .. } => self.loading_since = None,
                // Requests replaced by newer ones are never answered.
                Done::Computed(_) | Done::ComputeFailed(_) => self.pending = 0,
                Done::Saved(_) => self.saving = None,
            }
        }
        out
    }
}

fn load(files: Vec<PathBuf>, options: &ImportOptions) -> Done {
    let loaded = if files.is_empty() {
        crate::sample::load_sample(options)
    } else {
        import::load_paths(&files, options)
    };
    match loaded {
        Ok(l) => {
            let mut data = LoadedData::new(
                files,
                Arc::new(Engine::new(Arc::new(l.dataset))),
                l.warnings,
            );
            data.notes = l.notes;
            data.sheets = l.sheets;
            Done::Loaded(Box::new(data))
        }
        Err(f) => Done::LoadFailed {
            files,
            problems: f.problems,
            sheets: f.sheets,
        },
    }
}

fn compute(job: ComputeJob, kept: &mut Kept) -> Done {
    let start = Instant::now();
    match job.engine.outcome(&job.scenario) {
        Ok(outcome) => {
            let elapsed = start.elapsed();
            let compare = job.extras.comparison;
            let baseline = (compare && !job.scenario.actions.is_empty())
                .then(|| {
                    let mut b = job.scenario.clone();
                    b.actions.clear();
                    kept.outcome(&job.engine, &b).ok()
                })
                .flatten();
            let held = match compare {
                true => job
                    .held
                    .iter()
                    .map(|s| kept.outcome(&job.engine, s))
                    .collect(),
                false => Vec::new(),
            };
            let planner = job.extras.planner.then(|| {
                let settings = &job.scenario.planner;
                Arc::new(Planner {
                    candidates: crate::engine::plan::planner::merge_candidates(&outcome, settings),
                    expansions: crate::engine::plan::planner::expansions(&outcome, settings),
                })
            });
            let accuracy = job
                .extras
                .accuracy
                .then(|| job.engine.accuracy(&job.scenario));
            Done::Computed(Box::new(Computed {
                generation: job.generation,
                engine: job.engine,
                outcome: Arc::new(outcome),
                baseline,
                held,
                planner,
                accuracy,
                elapsed,
            }))
        }
        Err(e) => Done::ComputeFailed(Arc::new(e)),
    }
}

fn save(job: SaveJob, progress: &SaveProgress) -> Result<Vec<PathBuf>, crate::export::ExportError> {
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
            lang,
            dir,
            formats,
            size,
        } => {
            let cx = Context::new(&engine, &outcome, lang, &date);
            let charts = build::all(&cx);
            progress
                .total
                .store(charts.len() * formats.len(), Ordering::Relaxed);
            files::save_charts_counted(&charts, &formats, size, &dir, Some(&progress.done))
        }
        SaveJob::Report {
            engine,
            outcome,
            lang,
            dir,
            options,
        } => {
            let cx = Context::new(&engine, &outcome, lang, &date);
            files::write_report(&cx, &dir, &options, &date)
        }
    }
}
