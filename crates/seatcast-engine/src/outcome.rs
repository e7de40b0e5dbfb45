//! The outcome of a projection: every school-year's demand, capacity,
//! shortfall, classes and flags (`school_year`, re-exported here), the
//! school-year table and its sums as polars DataFrames (`table`), the
//! per-school lines and headline figures (`summary`), the figures that
//! decide between plans (`figures`), and [`Outcome`],
//! everything one scenario yields.

pub(crate) mod figures;
pub(crate) mod school_year;
pub(crate) mod summary;
pub(crate) mod table;

pub use figures::PlanFigures;
pub use school_year::{Band, Flags, RowKind, SchoolYear, Standards, Warning, school_years};
pub(crate) use school_year::{classes_in_use, seats_per_room, set_bands};
pub use summary::{Headline, LevelPeak, SchoolSummary};
pub use table::{
    AGGREGATE_COLUMNS, Aggregate, SCHOOL_YEAR_COLUMNS, SCHOOL_YEAR_PLACES, Scope, aggregate_frame,
    aggregates, grade_frame, school_year_frame,
};

use crate::accuracy::intervals::ErrorBands;
use crate::error::EngineError;
use crate::method::MethodRun;
use crate::method::choice::Choice;
use crate::method::observed::Observed;
use crate::method::project::Projection;
use crate::method::ratios::Ratios;
use crate::method::resolved::Plan;
use crate::model::Dataset;
use crate::scenario::Scenario;
use polars::prelude::PolarsError;
use std::ops::Range;
use std::sync::Arc;

/// Whoever works out a scenario's outcome (the engine): what the merge
/// planner and the optimiser call to cost a plan, so they never name the
/// engine.
pub trait Outcomes: Sync {
    /// The scenario projected, actions included, with every figure.
    fn outcome(&self, scenario: &Scenario) -> Result<Outcome, EngineError>;
}

/// An engine shared behind an `Arc` works out outcomes too.
impl<O: Outcomes + Send + ?Sized> Outcomes for Arc<O> {
    fn outcome(&self, scenario: &Scenario) -> Result<Outcome, EngineError> {
        (**self).outcome(scenario)
    }
}

/// Everything one scenario yields, computed once: what `seatcast report`
/// prints and writes and what the app shows.
pub struct Outcome {
    /// The scenario as given, every action included (see `set_aside`).
    pub scenario: Scenario,
    /// The schools projected: the dataset's, plus any the plan opens (appended).
    pub dataset: Arc<Dataset>,
    /// The data laid out for the method.
    pub observed: Arc<Observed>,
    /// The scenario's actions, resolved.
    pub plan: Arc<Plan>,
    /// The ratios of the method's first candidate at the base fall: what the
    /// plan's actions start from and the School tab shows.
    pub ratios: Arc<Ratios>,
    /// Pupils by school, grade and year, the plan carried out and new housing's
    /// pupils added.
    pub projection: Projection,
    /// Every school-year, school by school, observed falls then projected ones.
    pub rows: Vec<SchoolYear>,
    /// Each school's rows in `rows`.
    pub rows_of: Vec<Range<usize>>,
    /// The school-year table summed per fall over the county, each area and each
    /// level.
    pub aggregates: Vec<Aggregate>,
    /// Each school in one line, in the dataset's order.
    pub schools: Vec<SchoolSummary>,
    /// The county's headline figures.
    pub headline: Headline,
    /// The figures that decide between plans, at the scenario's own prices.
    pub figures: PlanFigures,
    /// The method's measured errors behind the 80 % ranges (none when the
    /// data is too short).
    pub bands: Option<Arc<ErrorBands>>,
    /// Outlier falls found in the data and left out of it.
    pub outliers: Vec<i32>,
    /// What the default used and why (None for a hand-set method).
    pub choice: Option<Choice>,
    /// Whether some school's area has no births (entrants from their own history).
    pub births_missing: bool,
    /// Actions of the scenario set aside because they name schools the
    /// data does not have (a plan made on other data); the rest ran.
    pub set_aside: Vec<crate::error::SetAside>,
}

impl Outcome {
    /// Every figure, table and summary of a projection.
    #[allow(clippy::too_many_arguments)]
    pub fn assemble(
        scenario: &Scenario,
        dataset: &Arc<Dataset>,
        observed: &Arc<Observed>,
        method: MethodRun,
        plan: Plan,
        projection: Projection,
        bands: Option<Arc<ErrorBands>>,
        births_missing: bool,
    ) -> Result<Outcome, PolarsError> {
        let d = dataset.as_ref();
        let mut rows = school_years(d, observed, &projection, scenario, &plan);
        if let Some(b) = &bands {
            let levels: Vec<crate::grades::Level> = d.schools.iter().map(|s| s.level).collect();
            set_bands(&mut rows, b, projection.base_year, &levels);
        }
        let mut rows_of = vec![0..0; d.schools.len()];
        let mut start = 0;
        for (i, r) in rows.iter().enumerate() {
            if i + 1 == rows.len() || rows[i + 1].school != r.school {
                if let Some(slot) = rows_of.get_mut(r.school) {
                    *slot = start..i + 1;
                }
                start = i + 1;
            }
        }
        let aggregates = table::aggregates(d, &rows)?;
        let schools = summary::school_summaries(d, &rows, projection.base_year);
        let headline = summary::headline(projection.base_year, &rows, &aggregates);
        let outliers = method
            .skipped
            .iter()
            .copied()
            .filter(|y| !scenario.skip_years.contains(y))
            .collect();
        let ratios = Arc::clone(method.ratios());
        let mut outcome = Outcome {
            scenario: scenario.clone(),
            dataset: Arc::clone(dataset),
            observed: Arc::clone(observed),
            plan: Arc::new(plan),
            ratios,
            projection,
            rows,
            rows_of,
            aggregates,
            schools,
            headline,
            figures: PlanFigures::default(),
            bands,
            outliers,
            choice: method.choice,
            births_missing,
            set_aside: Vec::new(),
        };
        outcome.figures = PlanFigures::of(&outcome, &scenario.planner);
        Ok(outcome)
    }

    /// The rows of one school.
    pub fn school_rows(&self, school: usize) -> &[SchoolYear] {
        self.rows_of
            .get(school)
            .and_then(|r| self.rows.get(r.clone()))
            .unwrap_or(&[])
    }
}
