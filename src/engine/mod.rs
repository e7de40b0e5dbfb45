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

pub mod backtest;
pub mod observed;
pub mod outcome;
pub mod project;
pub mod ratios;
pub mod scenario;
pub mod summary;
pub mod table;

use crate::model::Dataset;
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

/// Everything one scenario yields, computed once: what `seatcast report`
/// prints and writes and what the app shows.
pub struct Outcome {
    pub scenario: Scenario,
    pub ratios: Arc<Ratios>,
    pub projection: Projection,
    /// Every school-year, school by school, observed falls then projected ones.
    pub rows: Vec<SchoolYear>,
    /// Each school's rows in `rows`.
    pub rows_of: Vec<Range<usize>>,
    pub aggregates: Vec<Aggregate>,
    pub schools: Vec<SchoolSummary>,
    pub headline: Headline,
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

/// A dataset prepared for projection, with its ratio cache.
pub struct Engine {
    pub dataset: Arc<Dataset>,
    pub observed: Observed,
    cache: Mutex<Vec<(RatioKey, Arc<Ratios>)>>,
}

/// How many ratio sets are kept (one per window or base year tried).
const CACHE_SIZE: usize = 8;

impl Engine {
    pub fn new(dataset: Arc<Dataset>) -> Engine {
        let observed = Observed::new(&dataset);
        Engine {
            dataset,
            observed,
            cache: Mutex::new(Vec::new()),
        }
    }

    /// The fall the projection starts from: the scenario's, else the last with data.
    pub fn base_year(&self, scenario: &Scenario) -> i32 {
        let last = self.observed.last_year();
        scenario.base_year.map_or(last, |b| b.min(last))
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

    /// Project the scenario: pupils by school, grade and year to the horizon.
    pub fn project(&self, scenario: &Scenario) -> (Arc<Ratios>, Projection) {
        let base = self.base_year(scenario);
        let ratios = self.ratios(
            base,
            scenario.window(),
            scenario.estimator,
            &scenario.skip_years,
        );
        // Births known up to their last year (a forecast uses every birth it has).
        let known = i32::MAX;
        let p = project::project(&self.dataset, &self.observed, &ratios, scenario, known);
        (ratios, p)
    }

    /// Project the scenario and work out every figure, table and summary of it.
    pub fn outcome(&self, scenario: &Scenario) -> Result<Outcome, PolarsError> {
        let (ratios, projection) = self.project(scenario);
        let d = &self.dataset;
        let rows = outcome::school_years(d, &self.observed, &projection, scenario);
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
        Ok(Outcome {
            scenario: scenario.clone(),
            ratios,
            projection,
            rows,
            rows_of,
            aggregates,
            schools,
            headline,
        })
    }
}
