//! The projection engine: (dataset, scenario) → projection. Pure: no UI, no
//! I/O, no globals. The method is domain.md's cohort-survival method:
//!
//! 1. [`ratios`]: grade-progression ratios and entry ratios over a window;
//! 2. [`project`]: step forward year by year from the base fall;
//! 3. [`outcome`]: capacity, shortfall, classes, flags and warning levels;
//! 4. [`backtest`]: rolling-origin accuracy with the same code path.
//!
//! Ratios are estimated once per (base year, window, estimator, skipped
//! years) and kept, so a what-if that changes only births, drift, entry
//! ratios, class sizes or thresholds re-runs only the stepping.

pub mod accuracy;
pub mod actions;
pub mod backtest;
pub mod intervals;
pub mod observed;
pub mod outcome;
pub mod outliers;
pub mod planner;
pub mod project;
pub mod ratios;
pub mod scenario;
pub mod summary;
pub mod table;

use crate::i18n::Lang;
use crate::model::Dataset;
use actions::{ActionError, Plan};
use intervals::ErrorBands;
use observed::Observed;
use outcome::SchoolYear;
use polars::prelude::PolarsError;
use project::Projection;
use ratios::Ratios;
use scenario::{Estimator, Scenario};
use std::ops::Range;
use std::sync::{Arc, Mutex};
use summary::{Headline, SchoolSummary};
use table::Aggregate;

/// Why a scenario could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Action(#[from] ActionError),
    #[error("table: {0}")]
    Table(#[from] PolarsError),
}

/// Everything one scenario yields, computed once: what `seatcast report`
/// prints and writes and what the app shows.
pub struct Outcome {
    pub scenario: Scenario,
    /// The schools projected: the dataset's, plus any the plan opens (appended).
    pub dataset: Arc<Dataset>,
    pub observed: Arc<Observed>,
    /// The scenario's actions, resolved.
    pub plan: Arc<Plan>,
    pub ratios: Arc<Ratios>,
    pub projection: Projection,
    /// Every school-year, school by school, observed falls then projected ones.
    pub rows: Vec<SchoolYear>,
    /// Each school's rows in `rows`.
    pub rows_of: Vec<Range<usize>>,
    pub aggregates: Vec<Aggregate>,
    pub schools: Vec<SchoolSummary>,
    pub headline: Headline,
    /// The figures that decide between plans, at the scenario's own prices.
    pub figures: planner::PlanFigures,
    /// The method's measured errors behind the 80 % ranges (none when the
    /// data is too short).
    pub bands: Option<Arc<ErrorBands>>,
    /// Outlier falls found in the data and left out of it (see [`outliers`]).
    pub outliers: Vec<i32>,
}

impl Outcome {
    /// The rows of one school.
    pub fn school_rows(&self, school: usize) -> &[SchoolYear] {
        self.rows_of
            .get(school)
            .and_then(|r| self.rows.get(r.clone()))
            .unwrap_or(&[])
    }
}

/// What the ratios depend on.
#[derive(Debug, Clone, PartialEq)]
struct RatioKey {
    base_year: i32,
    window: usize,
    estimator: Estimator,
    skip: Vec<i32>,
}

/// What the error bands depend on: the method's ratio settings and the data.
#[derive(Debug, Clone, PartialEq)]
struct BandKey {
    ratios: RatioKey,
    method: scenario::Method,
    horizon: usize,
    detect_outliers: bool,
}

/// The horizons the ranges' backtest measures; longer ones are scaled from them.
const BAND_BACKTEST_HORIZON: usize = 5;

/// A dataset prepared for projection, with its ratio cache.
pub struct Engine {
    pub dataset: Arc<Dataset>,
    pub observed: Arc<Observed>,
    cache: Mutex<Vec<(RatioKey, Arc<Ratios>)>>,
    /// The last error bands worked out (a backtest of the method).
    bands: Mutex<Option<(BandKey, Option<Arc<ErrorBands>>)>>,
    /// The dataset extended by a plan's new schools, kept for the next what-if.
    extended: Mutex<Option<(Vec<actions::Action>, Arc<Engine>)>>,
}

/// How many ratio sets are kept (one per window or base year tried).
const CACHE_SIZE: usize = 16;

impl Engine {
    pub fn new(dataset: Arc<Dataset>) -> Engine {
        let observed = Arc::new(Observed::new(&dataset));
        Engine {
            dataset,
            observed,
            cache: Mutex::new(Vec::new()),
            bands: Mutex::new(None),
            extended: Mutex::new(None),
        }
    }

    /// The fall the projection starts from: the scenario's, else the last with
    /// data; when that fall is skipped or an outlier, the last usable one before.
    pub fn base_year(&self, scenario: &Scenario) -> i32 {
        let last = self.observed.last_year();
        let asked = scenario.base_year.map_or(last, |b| b.min(last));
        outliers::standing_fall(&self.observed, asked, &self.skipped(scenario)).unwrap_or(asked)
    }

    /// The falls left out as data: the scenario's, and the outlier falls
    /// found when it asks for that.
    pub fn skipped(&self, scenario: &Scenario) -> Vec<i32> {
        let last = self.observed.last_year();
        let asked = scenario.base_year.map_or(last, |b| b.min(last));
        match scenario.detect_outliers {
            true => outliers::skip_with_outliers(&self.observed, asked, &scenario.skip_years),
            false => scenario.skip_years.clone(),
        }
    }

    /// The ratios at a base year (estimated once, then taken from the cache).
    pub fn ratios(
        &self,
        base_year: i32,
        window: usize,
        estimator: Estimator,
        skip: &[i32],
    ) -> Arc<Ratios> {
        let key = RatioKey {
            base_year,
            window,
            estimator,
            skip: skip.to_vec(),
        };
        if let Ok(cache) = self.cache.lock()
            && let Some((_, r)) = cache.iter().find(|(k, _)| *k == key)
        {
            return Arc::clone(r);
        }
        let r = Arc::new(ratios::estimate_ratios(
            &self.observed,
            self.dataset.grade_system,
            base_year,
            window,
            estimator,
            skip,
        ));
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_SIZE {
                cache.remove(0);
            }
            cache.push((key, Arc::clone(&r)));
        }
        r
    }

    /// Project the scenario's what-ifs (not its actions): pupils by school,
    /// grade and year to the horizon.
    pub fn project(&self, scenario: &Scenario) -> (Arc<Ratios>, Projection) {
        let ratios = self.scenario_ratios(scenario);
        // Births known up to their last year (a forecast uses every birth it has).
        let known = i32::MAX;
        let p = project::project(
            &self.dataset,
            &self.observed,
            &ratios,
            scenario,
            known,
            None,
        );
        (ratios, p)
    }

    fn scenario_ratios(&self, scenario: &Scenario) -> Arc<Ratios> {
        let base = self.base_year(scenario);
        self.ratios(
            base,
            scenario.window(),
            scenario.ratio_estimator(),
            &self.skipped(scenario),
        )
    }

    /// How wrong the scenario's method has been on this data, as known at
    /// the base fall: a backtest from the origins whose errors are recent
    /// enough (see [`intervals`]). Worked out once per method, window,
    /// skipped years, base fall and horizon; the what-ifs do not change it.
    pub fn bands(&self, scenario: &Scenario) -> Option<Arc<ErrorBands>> {
        let base = self.base_year(scenario);
        let key = BandKey {
            ratios: RatioKey {
                base_year: base,
                window: scenario.window(),
                estimator: scenario.ratio_estimator(),
                skip: self.skipped(scenario),
            },
            method: scenario.method,
            horizon: scenario.horizon(),
            detect_outliers: scenario.detect_outliers,
        };
        if let Ok(kept) = self.bands.lock()
            && let Some((k, b)) = kept.as_ref()
            && *k == key
        {
            return b.clone();
        }
        let method_only = Scenario {
            method: scenario.method,
            window: scenario.window,
            estimator: scenario.estimator,
            skip_years: scenario.skip_years.clone(),
            detect_outliers: scenario.detect_outliers,
            ..Scenario::default()
        };
        let first = (base - intervals::RECENT_FALLS - BAND_BACKTEST_HORIZON as i32 + 1)
            .max(self.observed.first_year + 1);
        let options = backtest::BacktestOptions {
            origins: first..=base - 1,
            horizon: BAND_BACKTEST_HORIZON,
            skip_years: scenario.skip_years.clone(),
            // An outlier fall's own error says nothing of the usual years.
            skip_targets: self.skipped(scenario),
        };
        let all = backtest::comparisons(self, &method_only, &options);
        let bands = ErrorBands::known_at(&all, base, scenario.horizon()).map(Arc::new);
        if let Ok(mut kept) = self.bands.lock() {
            *kept = Some((key, bands.clone()));
        }
        bands
    }

    /// The engine a scenario's actions project on, when it is not this one:
    /// this one's dataset with the plan's new schools appended (kept for the
    /// next call).
    fn extended_for(&self, actions: &[actions::Action]) -> Option<Arc<Engine>> {
        let opens: Vec<actions::Action> = actions
            .iter()
            .filter(|a| matches!(a, actions::Action::Open { .. }))
            .cloned()
            .collect();
        if opens.is_empty() {
            return None;
        }
        if let Ok(kept) = self.extended.lock()
            && let Some((key, engine)) = kept.as_ref()
            && *key == opens
        {
            return Some(Arc::clone(engine));
        }
        let d = actions::extended_dataset(&self.dataset, &opens)?;
        let engine = Arc::new(Engine::new(Arc::new(d)));
        if let Ok(mut kept) = self.extended.lock() {
            *kept = Some((opens, Arc::clone(&engine)));
        }
        Some(engine)
    }

    /// Project the scenario, actions included, and work out every figure,
    /// table and summary of it. Messages of a bad action are in `lang`.
    pub fn outcome_in(&self, scenario: &Scenario, lang: Lang) -> Result<Outcome, EngineError> {
        let bands = self.bands(scenario);
        match self.extended_for(&scenario.actions) {
            Some(engine) => engine.outcome_here(scenario, lang, bands),
            None => self.outcome_here(scenario, lang, bands),
        }
    }

    /// [`Engine::outcome_in`] with messages in Chinese.
    pub fn outcome(&self, scenario: &Scenario) -> Result<Outcome, EngineError> {
        self.outcome_in(scenario, Lang::Zh)
    }

    fn outcome_here(
        &self,
        scenario: &Scenario,
        lang: Lang,
        bands: Option<Arc<ErrorBands>>,
    ) -> Result<Outcome, EngineError> {
        let ratios = self.scenario_ratios(scenario);
        let plan = actions::resolve(&self.dataset, &ratios, &scenario.actions, lang)?;
        let projection = project::project(
            &self.dataset,
            &self.observed,
            &ratios,
            scenario,
            i32::MAX,
            Some(&plan),
        );
        let d = &self.dataset;
        let mut rows = outcome::school_years(d, &self.observed, &projection, scenario, &plan);
        if let Some(b) = &bands {
            outcome::set_bands(&mut rows, b, projection.base_year);
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
        let mut outcome = Outcome {
            scenario: scenario.clone(),
            dataset: Arc::clone(&self.dataset),
            observed: Arc::clone(&self.observed),
            plan: Arc::new(plan),
            ratios,
            projection,
            rows,
            rows_of,
            aggregates,
            schools,
            headline,
            figures: planner::PlanFigures::default(),
            bands,
            outliers: self
                .skipped(scenario)
                .into_iter()
                .filter(|y| !scenario.skip_years.contains(y))
                .collect(),
        };
        outcome.figures = planner::PlanFigures::of(&outcome, &scenario.planner);
        Ok(outcome)
    }
}
