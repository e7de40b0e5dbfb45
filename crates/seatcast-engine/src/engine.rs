//! [`Engine`]: a dataset prepared for projection, with what it keeps.
//! A thin front over the stages: it settles the method, resolves the plan,
//! steps and adds up, and keeps what is slow to work out and does not
//! change with a what-if (ratios, the candidates' backtest, the ranges,
//! the accuracy report), so a slider re-runs only the stepping. The stages
//! never name it: they read what they need through [`Prepared`] (the
//! accuracy stage) and [`Outcomes`] (whoever needs a scenario's outcome),
//! which it implements below.

use crate::accuracy::choice::{self, CHOICE_HORIZON, Choice, Panel};
use crate::accuracy::intervals::ErrorBands;
use crate::accuracy::{backtest, outliers};
use crate::kept::Kept;
use crate::method::MethodRun;
use crate::method::observed::Observed;
use crate::method::project::Projection;
use crate::method::ratios::{self, RatioSettings, Ratios};
use crate::model::Dataset;
use crate::plan::actions;
use crate::scenario::{Candidate, Estimator, Method, Scenario};
use std::sync::Arc;

use crate::accuracy::prepared::Prepared;
use crate::derived::Derived;
use crate::error::EngineError;
use crate::outcome::{Outcome, Outcomes};

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
    method: Method,
    horizon: usize,
    detect_outliers: bool,
}

/// The horizons the ranges' backtest measures; longer ones are scaled from them.
const BAND_BACKTEST_HORIZON: usize = 5;

/// How many ratio sets are kept (one per window or base year tried).
const RATIO_SETS: usize = 16;

/// A dataset prepared for projection, with what it keeps.
pub struct Engine {
    /// The dataset as loaded; every school index in a result is into its schools.
    pub dataset: Arc<Dataset>,
    /// The dataset laid out for the method, once.
    pub observed: Arc<Observed>,
    ratios: Kept<RatioKey, Arc<Ratios>>,
    /// The last error bands worked out (a backtest of the method).
    bands: Kept<BandKey, Option<Arc<ErrorBands>>>,
    /// The dataset extended by a plan's new schools, kept for the next what-if.
    extended: Kept<Vec<actions::Action>, Option<Arc<Engine>>>,
    /// Every candidate's backtest, behind the default's choice (worked out
    /// once per data and settings, never on a slider move).
    panel: Kept<PanelKey, Arc<Panel>>,
    /// The Accuracy tab's report, per method.
    accuracy: Kept<Scenario, Arc<crate::accuracy::Accuracy>>,
    /// Runs of the baseline and the scenarios kept for comparison
    /// (`run.rs`): they rarely change while a slider moves.
    pub(crate) runs: Kept<Scenario, Result<Projected, Arc<EngineError>>>,
}

impl Engine {
    /// Prepare a dataset: lay it out for the method. Everything else is worked out
    /// when first asked for, then kept.
    pub fn new(dataset: Arc<Dataset>) -> Engine {
        let observed = Arc::new(Observed::new(&dataset));
        Engine {
            dataset,
            observed,
            ratios: Kept::new(RATIO_SETS),
            bands: Kept::new(1),
            extended: Kept::new(1),
            panel: Kept::new(1),
            accuracy: Kept::new(2),
            runs: Kept::new(12),
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

    /// The ratios at a base year (estimated once, then kept).
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
        self.ratios.get_or(key, || {
            Arc::new(ratios::estimate_ratios(
                &self.observed,
                self.dataset.grade_system,
                base_year,
                settings,
                skip,
            ))
        })
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
        self.panel.get_or(key, || {
            Arc::new(choice::panel(
                self,
                &self.candidates(),
                scenario.robust,
                &self.panel_options(scenario),
                scenario.detect_outliers,
            ))
        })
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

    /// The scenario's method, settled: its base fall, the falls left out,
    /// and the candidates it projects with, each with its ratios.
    pub fn method(&self, scenario: &Scenario) -> MethodRun {
        let base_year = self.base_year(scenario);
        let skipped = self.skipped(scenario);
        let choice = (scenario.method == Method::Auto).then(|| self.choice(scenario));
        let candidates: Vec<Candidate> = match &choice {
            Some(c) => c.used(),
            None => vec![Candidate::of(scenario)],
        };
        let runs = candidates
            .into_iter()
            .map(|c| {
                let mut s = scenario.clone();
                if choice.is_some() {
                    c.apply(&mut s);
                }
                (
                    c,
                    self.ratios_with(base_year, RatioSettings::of(&s), &skipped),
                )
            })
            .collect();
        MethodRun {
            base_year,
            skipped,
            choice,
            runs,
        }
    }

    /// Project the scenario's what-ifs (not its actions): pupils by school,
    /// grade and year to the horizon.
    pub fn project(&self, scenario: &Scenario) -> (Arc<Ratios>, Projection) {
        let method = self.method(scenario);
        let p = method.project(&self.dataset, &self.observed, scenario, None);
        (Arc::clone(method.ratios()), p)
    }

    /// How wrong the scenario's method has been on this data, as known at
    /// the base fall: a backtest from the origins whose errors are recent
    /// enough (see `crate::accuracy::intervals`). Worked out once per method, window,
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
        self.bands.get_or(key, || {
            // From the first fall with a later one: a school's range rests
            // on the recent falls' errors, a total's on every origin's.
            let first = self.observed.first_year + 1;
            let options = backtest::BacktestOptions {
                origins: first..=base - 1,
                horizon: BAND_BACKTEST_HORIZON,
                skip_years: scenario.skip_years.clone(),
                // An outlier fall's own error says nothing of the usual years.
                skip_targets: self.skipped(scenario),
            };
            let (all, chosen_from) =
                backtest::band_comparisons(self, &scenario.method_only(), &options);
            let levels: Vec<crate::grades::Level> =
                self.dataset.schools.iter().map(|s| s.level).collect();
            ErrorBands::known_at_chosen(&all, base, scenario.horizon(), &levels, chosen_from)
                .map(Arc::new)
        })
    }

    /// The Accuracy tab's report for the scenario's method (kept per method).
    pub fn accuracy(&self, scenario: &Scenario) -> Arc<crate::accuracy::Accuracy> {
        let key = scenario.method_only();
        self.accuracy
            .get_or(key, || Arc::new(crate::accuracy::accuracy(self, scenario)))
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
        self.extended.get_or(opens.clone(), || {
            let d = actions::extended_dataset(&self.dataset, &opens)?;
            Some(Arc::new(Engine::new(Arc::new(d))))
        })
    }

    /// Project the scenario, actions included, and work out every figure,
    /// table and summary of it.
    pub fn outcome(&self, scenario: &Scenario) -> Result<Outcome, EngineError> {
        // Actions naming schools this data lacks are set aside; the rest run.
        let aside = actions::set_aside(&self.dataset, &scenario.actions);
        if !aside.is_empty() {
            let kept: Vec<usize> = (1..=scenario.actions.len())
                .filter(|n| !aside.iter().any(|a| a.number == *n))
                .collect();
            let applicable = Scenario {
                actions: kept
                    .iter()
                    .map(|n| scenario.actions[n - 1].clone())
                    .collect(),
                ..scenario.clone()
            };
            let mut outcome = self.outcome(&applicable).map_err(|e| match e {
                // Numbered as in the scenario the planner sees.
                EngineError::Action(mut a) => {
                    a.number = a
                        .number
                        .checked_sub(1)
                        .and_then(|k| kept.get(k).copied())
                        .unwrap_or(a.number);
                    EngineError::Action(a)
                }
                other => other,
            })?;
            // The planner's scenario as given; `set_aside` says which did not run.
            outcome.scenario = scenario.clone();
            outcome.set_aside = aside;
            return Ok(outcome);
        }
        let bands = self.bands(scenario);
        match self.extended_for(&scenario.actions) {
            Some(engine) => engine.outcome_here(scenario, bands),
            None => self.outcome_here(scenario, bands),
        }
    }

    fn outcome_here(
        &self,
        scenario: &Scenario,
        bands: Option<Arc<ErrorBands>>,
    ) -> Result<Outcome, EngineError> {
        let method = self.method(scenario);
        let plan = actions::resolve(
            &self.dataset,
            method.ratios(),
            &scenario.actions,
            scenario.planner.mode(),
        )?;
        let mut projection = method.project(&self.dataset, &self.observed, scenario, Some(&plan));
        crate::method::housing::add_pupils(
            &mut projection,
            &self.dataset,
            &plan,
            &scenario.housing,
        );
        Ok(Outcome::assemble(
            scenario,
            &self.dataset,
            &self.observed,
            method,
            plan,
            projection,
            bands,
            self.births_missing(),
        )?)
    }
}

impl Prepared for Engine {
    fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    fn observed(&self) -> &Observed {
        &self.observed
    }

    fn births_missing(&self) -> bool {
        Engine::births_missing(self)
    }

    fn panel_for(&self, scenario: &Scenario, options: &backtest::BacktestOptions) -> Arc<Panel> {
        Engine::panel_for(self, scenario, options)
    }

    fn choice(&self, scenario: &Scenario) -> Choice {
        Engine::choice(self, scenario)
    }

    fn skipped(&self, scenario: &Scenario) -> Vec<i32> {
        Engine::skipped(self, scenario)
    }
}

impl Outcomes for Engine {
    fn outcome(&self, scenario: &Scenario) -> Result<Outcome, EngineError> {
        Engine::outcome(self, scenario)
    }
}

/// An outcome with its derived figures.
#[derive(Clone)]
pub struct Projected {
    /// The scenario's outcome.
    pub outcome: Arc<Outcome>,
    /// Its teachers' figures and 优质均衡 ledger.
    pub derived: Arc<Derived>,
}

impl Projected {
    pub(crate) fn of(outcome: Outcome) -> Projected {
        let derived = Arc::new(Derived::of(&outcome));
        Projected {
            outcome: Arc::new(outcome),
            derived,
        }
    }
}
