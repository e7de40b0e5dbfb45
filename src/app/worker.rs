//! The engine's two long-lived threads: one loads workbooks, one
//! recomputes projections, so the window never waits. A recompute request
//! replaces any still waiting (the latest slider value wins); results come
//! back as [`Done`] messages and wake the UI. One-off work (dialogs,
//! scenario files, autosave, exports) is [`super::tasks`]'.

use crate::diagnostics::Problem;
use crate::engine::accuracy::Accuracy;
use crate::engine::scenario::Scenario;
use crate::engine::{Engine, EngineError, Outcome};
use crate::import::{self, ImportOptions, NoteLine, SheetPreview};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
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
    /// The teachers' figures, when the data has a staff roster.
    pub teachers: Option<Arc<Teachers>>,
    /// The 优质均衡 ledger, when the data has facilities or a staff roster.
    pub compliance: Option<Arc<crate::engine::compliance::Compliance>>,
    /// The same for the baseline and each kept scenario (with comparison).
    pub baseline_compliance: Option<Arc<crate::engine::compliance::Compliance>>,
    pub held_compliance: Vec<Option<Arc<crate::engine::compliance::Compliance>>>,
    pub elapsed: Duration,
}

use crate::engine::derived::Derived;
/// What the Teachers tab and the School page show.
pub use crate::engine::teachers::Figures as Teachers;

/// What the Plan tab lists, worked out off the UI thread (seconds at 20,000 schools).
pub struct Planner {
    pub candidates: Vec<crate::engine::plan::planner::Candidate>,
    pub expansions: Vec<crate::engine::plan::planner::Expansion>,
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
    /// A load or recompute stopped on a bug: reported, the thread goes on.
    Crashed(Stage),
}

/// Which of the worker's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Compute,
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
    /// Why a thread could not start, or stopped: nothing loads or
    /// recomputes any more (the window says so).
    pub failure: Option<String>,
}

impl Worker {
    /// Start the two threads. `wake` is called after each result (the UI repaints).
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Worker {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let (done_tx, done) = channel();
        let (loads, load_rx) = channel::<(Vec<PathBuf>, ImportOptions)>();
        let (computes, compute_rx) = channel::<ComputeJob>();
        let load_thread = {
            let done_tx = done_tx.clone();
            let wake = Arc::clone(&wake);
            std::thread::Builder::new()
                .name("seatcast-load".into())
                .spawn(move || {
                    while let Ok((files, options)) = load_rx.recv() {
                        let done = catch_unwind(AssertUnwindSafe(|| load(files, &options)))
                            .unwrap_or(Done::Crashed(Stage::Load));
                        if done_tx.send(done).is_err() {
                            return;
                        }
                        wake();
                    }
                })
        };
        let compute_thread = std::thread::Builder::new()
            .name("seatcast-compute".into())
            .spawn(move || {
                let mut kept = Kept::default();
                while let Ok(mut job) = compute_rx.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = compute_rx.try_recv() {
                        job = newer;
                    }
                    let done = catch_unwind(AssertUnwindSafe(|| compute(job, &mut kept)))
                        .unwrap_or(Done::Crashed(Stage::Compute));
                    if done_tx.send(done).is_err() {
                        return;
                    }
                    wake();
                }
            });
        let failure = [load_thread.err(), compute_thread.err()]
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .next();
        Worker {
            loads,
            computes,
            done,
            loading_since: None,
            pending: 0,
            generation: 0,
            failure,
        }
    }

    /// Load files (none: the sample county), read as the options say.
    pub fn load(&mut self, files: Vec<PathBuf>, options: ImportOptions) {
        match self.loads.send((files, options)) {
            Ok(()) => self.loading_since = Some(Instant::now()),
            Err(_) => self.stopped(),
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
        match self.computes.send(job) {
            Ok(()) => self.pending += 1,
            Err(_) => self.stopped(),
        }
    }

    /// A thread is gone: say so (once).
    fn stopped(&mut self) {
        if self.failure.is_none() {
            self.failure = Some("a background thread stopped".into());
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
                Done::Crashed(Stage::Load) => self.loading_since = None,
                Done::Crashed(Stage::Compute) => self.pending = 0,
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
            let Derived {
                teachers,
                ledger: compliance,
            } = Derived::of(&outcome);
            let baseline_compliance = baseline.as_ref().and_then(|b| Derived::of(b).ledger);
            let held_compliance = held
                .iter()
                .map(|h| h.as_ref().ok().and_then(|o| Derived::of(o).ledger))
                .collect();
            Done::Computed(Box::new(Computed {
                generation: job.generation,
                engine: job.engine,
                outcome: Arc::new(outcome),
                baseline,
                held,
                planner,
                accuracy,
                teachers,
                compliance,
                baseline_compliance,
                held_compliance,
                elapsed,
            }))
        }
        Err(e) => Done::ComputeFailed(Arc::new(e)),
    }
}
