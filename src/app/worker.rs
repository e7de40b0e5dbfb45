//! What the load and recompute jobs yield: the data loaded with its
//! engine ([`LoadedData`], or why not: [`LoadFailure`]) and a numbered run
//! of the scenario ([`Computed`]). The jobs themselves run on the one job
//! runner ([`super::jobs`]), started from `app_jobs.rs`.

use crate::diagnostics::Problem;
use crate::engine::Engine;
use crate::engine::run::Run;
use crate::import::{self, ImportOptions, NoteLine, SheetPreview};
use std::path::PathBuf;
use std::sync::Arc;

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
