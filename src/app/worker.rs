//! The engine's two long-lived threads: one loads workbooks, one
//! recomputes projections, so the window never waits. A recompute request
//! replaces any still waiting (the latest slider value wins); results come
//! back as [`Done`] messages and wake the UI. One-off work (dialogs,
//! scenario files, autosave, exports) is [`super::tasks`]'.

use crate::diagnostics::Problem;
use crate::engine::run::{Run, Wants};
use crate::engine::scenario::Scenario;
use crate::engine::{Engine, EngineError};
use crate::import::{self, ImportOptions, NoteLine, SheetPreview};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

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

/// A finished recompute: the engine's [`Run`] of the scenario, numbered.
pub struct Computed {
    /// Counts the recompute requests: a newer projection has a larger number.
    pub generation: u64,
    pub engine: Arc<Engine>,
    pub run: Run,
}

impl std::ops::Deref for Computed {
    type Target = Run;
    fn deref(&self) -> &Run {
        &self.run
    }
}

/// What the Teachers tab and the School page show.
pub use crate::engine::teachers::Figures as Teachers;

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
    wants: Wants,
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
                while let Ok(mut job) = compute_rx.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = compute_rx.try_recv() {
                        job = newer;
                    }
                    let done = catch_unwind(AssertUnwindSafe(|| compute(job)))
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
        wants: Wants,
    ) {
        self.generation += 1;
        let job = ComputeJob {
            generation: self.generation,
            engine,
            scenario,
            held,
            wants,
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

fn compute(job: ComputeJob) -> Done {
    match job.engine.run(&job.scenario, &job.held, job.wants) {
        Ok(run) => Done::Computed(Box::new(Computed {
            generation: job.generation,
            engine: job.engine,
            run,
        })),
        Err(e) => Done::ComputeFailed(Arc::new(e)),
    }
}
