//! Background work, all in one place: loading workbooks and recomputing
//! projections run on their own threads so the window never waits. A
//! recompute request replaces any still waiting (the latest slider value
//! wins); results come back as [`Done`] messages and wake the UI.

use crate::diagnostics::Problem;
use crate::engine::scenario::Scenario;
use crate::engine::{Engine, Outcome};
use crate::import::{self, ImportOptions};
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
}

/// A finished recompute.
pub struct Computed {
    /// Counts the recompute requests: a newer projection has a larger number.
    pub generation: u64,
    pub engine: Arc<Engine>,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

pub enum Done {
    Loaded(Box<LoadedData>),
    /// The files could not be loaded: every problem, located.
    LoadFailed {
        files: Vec<PathBuf>,
        problems: Vec<Problem>,
    },
    Computed(Box<Computed>),
    /// The projection's tables could not be built (not expected; reported, not hidden).
    ComputeFailed(String),
}

struct ComputeJob {
    generation: u64,
    engine: Arc<Engine>,
    scenario: Scenario,
}

pub struct Worker {
    loads: Sender<Vec<PathBuf>>,
    computes: Sender<ComputeJob>,
    done: Receiver<Done>,
    /// When the load under way started.
    pub loading_since: Option<Instant>,
    /// Recomputes asked for and not yet answered.
    pending: usize,
    generation: u64,
}

impl Worker {
    /// Start the two threads. `wake` is called after each result (the UI repaints).
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Worker {
        let wake = Arc::new(wake);
        let (done_tx, done) = channel();
        let (loads, load_rx) = channel::<Vec<PathBuf>>();
        let (computes, compute_rx) = channel::<ComputeJob>();
        {
            let done_tx = done_tx.clone();
            let wake = Arc::clone(&wake);
            let _ = std::thread::Builder::new()
                .name("seatcast-load".into())
                .spawn(move || {
                    while let Ok(files) = load_rx.recv() {
                        if done_tx.send(load(files)).is_err() {
                            return;
                        }
                        wake();
                    }
                });
        }
        let _ = std::thread::Builder::new()
            .name("seatcast-compute".into())
            .spawn(move || {
                while let Ok(mut job) = compute_rx.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = compute_rx.try_recv() {
                        job = newer;
                    }
                    if done_tx.send(compute(job)).is_err() {
                        return;
                    }
                    wake();
                }
            });
        Worker {
            loads,
            computes,
            done,
            loading_since: None,
            pending: 0,
            generation: 0,
        }
    }

    /// Load files (none: the sample county).
    pub fn load(&mut self, files: Vec<PathBuf>) {
        if self.loads.send(files).is_ok() {
            self.loading_since = Some(Instant::now());
        }
    }

    pub fn compute(&mut self, engine: Arc<Engine>, scenario: Scenario) {
        self.generation += 1;
        let job = ComputeJob {
            generation: self.generation,
            engine,
            scenario,
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
            }
        }
        out
    }
}

fn load(files: Vec<PathBuf>) -> Done {
    let options = ImportOptions::default();
    let loaded = if files.is_empty() {
        crate::sample::load_sample(&options)
    } else {
        import::load_paths(&files, &options)
    };
    match loaded {
        Ok(l) => Done::Loaded(Box::new(LoadedData {
            files,
            engine: Arc::new(Engine::new(Arc::new(l.dataset))),
            warnings: l.warnings,
        })),
        Err(f) => Done::LoadFailed {
            files,
            problems: f.problems,
        },
    }
}

fn compute(job: ComputeJob) -> Done {
    let start = Instant::now();
    match job.engine.outcome(&job.scenario) {
        Ok(outcome) => Done::Computed(Box::new(Computed {
            generation: job.generation,
            engine: job.engine,
            outcome,
            elapsed: start.elapsed(),
        })),
        Err(e) => Done::ComputeFailed(e.to_string()),
    }
}
