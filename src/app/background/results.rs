//! What the load and recompute jobs yield: the data loaded with its
//! engine ([`LoadedData`], or why not: [`LoadFailure`]) and a numbered run
//! of the scenario ([`Computed`]). The jobs themselves run on the one job
//! runner ([`super::runner`]), started from [`super::jobs`]; and where the optimiser's search
//! stands while it runs (`SearchWatch`).

use crate::diagnostics::Problem;
use crate::engine::Engine;
use crate::engine::Run;
use crate::import::{self, ImportOptions, NoteLine, SheetPreview};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// A load that failed: every problem, located, and the sheets as read
/// (for the column-mapping step).
pub struct LoadFailure {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Problem>,
    pub sheets: Vec<SheetPreview>,
}

/// Read files (none: the sample county) as the options say (the load job).
pub fn load(files: Vec<PathBuf>, options: &ImportOptions) -> Result<LoadedData, LoadFailure> {
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
            Ok(data)
        }
        Err(f) => Err(LoadFailure {
            files,
            problems: f.problems,
            sheets: f.sheets,
        }),
    }
}

/// Where the optimiser's search stands: written by its job after each
/// slice, read by the status bar (f64 bits; NaN where not known yet).
#[derive(Debug)]
pub(crate) struct SearchWatch {
    objective: AtomicU64,
    bound: AtomicU64,
    seconds: AtomicU64,
}

impl Default for SearchWatch {
    fn default() -> Self {
        let nan = f64::NAN.to_bits();
        SearchWatch {
            objective: AtomicU64::new(nan),
            bound: AtomicU64::new(nan),
            seconds: AtomicU64::new(nan),
        }
    }
}

impl SearchWatch {
    pub(crate) fn reset(&self) {
        for a in [&self.objective, &self.bound, &self.seconds] {
            a.store(f64::NAN.to_bits(), Ordering::Relaxed);
        }
    }

    pub(crate) fn set(&self, objective: Option<f64>, bound: Option<f64>, seconds: f64) {
        let bits = |v: Option<f64>| v.unwrap_or(f64::NAN).to_bits();
        self.objective.store(bits(objective), Ordering::Relaxed);
        self.bound.store(bits(bound), Ordering::Relaxed);
        self.seconds.store(seconds.to_bits(), Ordering::Relaxed);
    }

    /// (best objective, bound, seconds), once the search has said anything.
    pub(crate) fn get(&self) -> Option<(Option<f64>, Option<f64>, f64)> {
        let read = |a: &AtomicU64| f64::from_bits(a.load(Ordering::Relaxed));
        let known = |v: f64| v.is_finite().then_some(v);
        let seconds = known(read(&self.seconds))?;
        Some((
            known(read(&self.objective)),
            known(read(&self.bound)),
            seconds,
        ))
    }
}
