//! The projection engine: (dataset, scenario) → projection. Pure: no UI, no
//! I/O, no globals. The method is docs/method.md's cohort-survival method:
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
pub mod choice;
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
use choice::{Choice, Panel};
use intervals::ErrorBands;
use observed::Observed;
use outcome::SchoolYear;
use polars::prelude::PolarsError;
use project::Projection;
use ratios::{RatioSettings, Ratios};
use scenario::{Candidate, Estimator, Scenario};
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
    /// What the default used and why (None for a hand-set method).
    pub choice: Option<Choice>,
    /// Whether some school's area has no births (entrants from their own history).
    pub births_missing: bool,
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
    settings: RatioSettings,
    skip: Vec<i32>,
}

/// What the default's backtest of every candidate depends on besides the data.
#[derive(Debug, Clone, PartialEq)]
struct PanelKey {
    skip_years: Vec<i32>,
    detect_outliers: bool,
    robust: bool,
}

/// What the error bands depend on: the method's ratio settings and the data.
#[derive(Debug, Clone, PartialEq)]
struct BandKey {
    ratios: RatioKey,
    method: scenario::Method,
    horizon: usize,
    detect_outliers: bool,
}

/// The horizons the default's choice is backtested over.
pub const CHOICE_HORIZON: usize = 5;

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
    /// Every candidate's backtest, behind the default's choice (worked out
    /// once per data and settings, never on a slider move).
    panel: Mutex<Option<(PanelKey, Arc<Panel>)>>,
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
            panel: Mutex::new(None),
        }
    }

    /// Whether some school's area has no births (its entrants then come
    /// from its entry grade's own history).
    pub fn births_missing(&self) -> bool {
        self.observed.birth_area.iter().any(Option::is_none)
    }

    /// Every candidate the default chooses among on this data.
    pub fn candidates(&self) -> Vec<Candidate> {
        Candidate::all_with_entrants(self.births_missing())
    }

    /// The backtest options every candidate is scored with: each fall with
    /// a later one, up to [`CHOICE_HORIZON`] years ahead, outlier falls used
    /// as the method uses them but not scored.
    fn panel_options(&self, scenario: &Scenario) -> backtest::BacktestOptions {
        let obs = &self.observed;
        let last = obs.last_year();
        let outliers: Vec<i32> = match scenario.detect_outliers {
            true => outliers::skip_with_outliers(obs, last, &scenario.skip_years)
                .into_iter()
                .filter(|y| !scenario.skip_years.contains(y))
                .collect(),
            false => Vec::new(),
        };
        backtest::BacktestOptions {
            origins: obs.first_year + 1..=last - 1,
            horizon: CHOICE_HORIZON,
            skip_years: scenario.skip_years.clone(),
            skip_targets: outliers,
        }
    }

    /// Every candidate's backtest on this data (worked out once, then kept).
    pub fn panel(&self, scenario: &Scenario) -> Arc<Panel> {
        let key = PanelKey {
            skip_years: scenario.skip_years.clone(),
            detect_outliers: scenario.detect_outliers,
            robust: scenario.robust,
        };
        if let Ok(kept) = self.panel.lock()
            && let Some((k, p)) = kept.as_ref()
            && *k == key
        {
            return Arc::clone(p);
        }
        let p = Arc::new(choice::panel(
            self,
            &self.candidates(),
            scenario.robust,
            &self.panel_options(scenario),
            scenario.detect_outliers,
        ));
        if let Ok(mut kept) = self.panel.lock() {
            *kept = Some((key, Arc::clone(&p)));
        }
        p
    }

    /// The candidates' backtest for a backtest's options: the one kept when
    /// the options are the default's own, else worked out for them (from
    /// the data's first fall, so every origin's choice has its history).
    pub fn panel_for(
        &self,
        scenario: &Scenario,
        options: &backtest::BacktestOptions,
    ) -> Arc<Panel> {
        let own = self.panel_options(scenario);
        if options.skip_years == scenario.skip_years
            && options.skip_targets == own.skip_targets
            && options.horizon == own.horizon
            && options.origins.end() <= own.origins.end()
        {
            return self.panel(scenario);
        }
        let full = backtest::BacktestOptions {
            origins: self.observed.first_year + 1..=*options.origins.end(),
            ..options.clone()
        };
        Arc::new(choice::panel(
            self,
            &self.candidates(),
            scenario.robust,
            &full,
            scenario.detect_outliers,
        ))
    }

    /// What the default uses at the scenario's base fall, and why.
    pub fn choice(&self, scenario: &Scenario) -> Choice {
        choice::choose(
            &self.panel(scenario),
            self.base_year(scenario),
            CHOICE_HORIZON,
        )
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

    /// docs/method.md's exact ratios at a base year (the reference figures' method).
    pub fn ratios(
        &self,
        base_year: i32,
        window: usize,
        estimator: Estimator,
        skip: &[i32],
    ) -> Arc<Ratios> {
        self.ratios_with(base_year, RatioSettings::exact(window, estimator), skip)
    }

    /// The ratios at a base year (estimated once, then taken from the cache).
    pub fn ratios_with(
        &self,
        base_year: i32,
        settings: RatioSettings,
        skip: &[i32],
    ) -> Arc<Ratios> {
        let key = RatioKey {
            base_year,
            settings,
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
            settings,
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
        let p = self.project_with(scenario, &ratios, None);
        (ratios, p)
    }

    /// The scenario as one candidate projects it: its method, window,
    /// estimator and entrant rule (the default's choice for the first year).
    fn as_candidate(&self, scenario: &Scenario) -> Scenario {
        match scenario.method {
            scenario::Method::Auto => {
                let mut s = scenario.clone();
                let first = self
                    .choice(scenario)
                    .used()
                    .first()
                    .copied()
                    .unwrap_or(Candidate::FALLBACK);
                first.apply(&mut s);
                s
            }
            _ => scenario.clone(),
        }
    }

    fn scenario_ratios(&self, scenario: &Scenario) -> Arc<Ratios> {
        let base = self.base_year(scenario);
        let s = self.as_candidate(scenario);
        self.ratios_with(base, RatioSettings::of(&s), &self.skipped(scenario))
    }

    /// Project a scenario with the plan: a hand-set method directly; the
    /// default as each school's level and horizon choose, each candidate
    /// projected with the scenario's what-ifs and plan and the years taken
    /// from the one chosen for them.
    fn project_with(
        &self,
        scenario: &Scenario,
        ratios: &Arc<Ratios>,
        plan: Option<&actions::Plan>,
    ) -> Projection {
        // Births known up to their last year (a forecast uses every birth it has).
        let known = i32::MAX;
        let one = |s: &Scenario, r: &Ratios| {
            project::project(&self.dataset, &self.observed, r, s, known, plan)
        };
        if scenario.method != scenario::Method::Auto {
            return one(scenario, ratios);
        }
        let choice = self.choice(scenario);
        let used = choice.used();
        let base = self.base_year(scenario);
        let skip = self.skipped(scenario);
        let runs: Vec<Projection> = used
            .iter()
            .map(|c| {
                let mut s = scenario.clone();
                c.apply(&mut s);
                let r = self.ratios_with(base, RatioSettings::of(&s), &skip);
                one(&s, &r)
            })
            .collect();
        let Some(first) = runs.first() else {
            return one(scenario, ratios);
        };
        let mut out = first.clone();
        if runs.len() == 1 {
            return out;
        }
        // Each school's years as the mean of the candidates chosen for its level and horizon.
        let n = out.n_schools;
        let slots = observed::GRADE_SLOTS;
        let index = |c: &Candidate| used.iter().position(|u| u == c).unwrap_or(0);
        let levels: Vec<crate::grades::Level> =
            self.dataset.schools.iter().map(|s| s.level).collect();
        for h in 1..=out.horizon {
            for (s, level) in levels.iter().enumerate().take(n) {
                let members: Vec<usize> = choice.pick(*level, h).iter().map(index).collect();
                let at = (h * n + s) * slots;
                for g in 0..slots {
                    out.pupils[at + g] =
                        members.iter().map(|&m| runs[m].pupils[at + g]).sum::<f64>()
                            / members.len() as f64;
                }
            }
        }
        out.bounded = runs
            .iter()
            .flat_map(|r| r.bounded.iter().copied())
            .collect();
        out.bounded.sort_by_key(|b| (b.school, b.year));
        out.bounded.dedup_by_key(|b| b.school);
        out
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
                settings: RatioSettings::of(scenario),
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
            robust: scenario.robust,
            entrants: scenario.entrants,
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
        let projection = self.project_with(scenario, &ratios, Some(&plan));
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
            choice: (scenario.method == scenario::Method::Auto).then(|| self.choice(scenario)),
            births_missing: self.births_missing(),
        };
        outcome.figures = planner::PlanFigures::of(&outcome, &scenario.planner);
        Ok(outcome)
    }
}
