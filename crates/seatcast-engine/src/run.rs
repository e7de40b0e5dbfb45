//! One run of a scenario, owning every result derived from it: the
//! outcome, its teachers and 优质均衡 ledger ([`Derived`]), the no-action
//! baseline and the scenarios kept for comparison (each with its own
//! derived figures), the Plan tab's lists and the accuracy report, as
//! [`Wants`] asks. The window's worker, the CLI, the charts and the
//! exports take this bundle; none works any of it out again.
//!
//! What does not change with a slider is kept by the [`Engine`]: the
//! baseline's and the kept scenarios' runs (they rarely change), the
//! ratios, the backtests and the accuracy report.

use crate::accuracy::Accuracy;
use crate::derived::Derived;
use crate::plan::planner::{self, Candidate, Expansion};
use crate::scenario::Scenario;
use crate::{Engine, EngineError, Outcome, Projected};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a run works out besides the scenario's outcome and its derived
/// figures: only what the view on show needs, so a slider on the Overview
/// costs one projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wants {
    /// The merge planner's candidates and the expansion helper's list.
    pub planner: bool,
    /// The no-action baseline and the scenarios kept for comparison.
    pub comparison: bool,
    /// The backtest of the method (the Accuracy tab).
    pub accuracy: bool,
}

impl Wants {
    /// Whether these wants include everything `other` asks for.
    pub fn covers(self, other: Wants) -> bool {
        (self.planner || !other.planner)
            && (self.comparison || !other.comparison)
            && (self.accuracy || !other.accuracy)
    }
}

/// What the Plan tab lists, worked out with the run (seconds at 20,000 schools).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannerLists {
    /// The merge candidates, smallest first, each with its receivers.
    pub candidates: Vec<Candidate>,
    /// For each school of the bureau's short of seats in some projected year, the
    /// fewest classrooms that end it.
    pub expansions: Vec<Expansion>,
}

/// Every result of one scenario.
#[derive(Clone)]
pub struct Run {
    /// The scenario's outcome.
    pub outcome: Arc<Outcome>,
    /// The outcome's teachers and ledger.
    pub derived: Arc<Derived>,
    /// The same what-ifs with no actions, when the scenario has actions
    /// and comparison is wanted.
    pub baseline: Option<Projected>,
    /// The scenarios kept for comparison, in order (an error where one fails).
    pub held: Vec<Result<Projected, Arc<EngineError>>>,
    /// The Plan tab's lists, when wanted.
    pub planner: Option<Arc<PlannerLists>>,
    /// The Accuracy tab's report, when wanted.
    pub accuracy: Option<Arc<Accuracy>>,
    /// The time the scenario's own projection took.
    pub elapsed: Duration,
}

impl Engine {
    /// Run a scenario: its outcome and derived figures, and what `wants`
    /// asks for besides, with the scenarios in `held` for comparison.
    pub fn run(
        &self,
        scenario: &Scenario,
        held: &[Scenario],
        wants: Wants,
    ) -> Result<Run, EngineError> {
        let start = Instant::now();
        let outcome = self.outcome(scenario)?;
        let elapsed = start.elapsed();
        let baseline = (wants.comparison && !scenario.actions.is_empty())
            .then(|| {
                let mut b = scenario.clone();
                b.actions.clear();
                self.kept_run(&b).ok()
            })
            .flatten();
        let held = match wants.comparison {
            true => held.iter().map(|s| self.kept_run(s)).collect(),
            false => Vec::new(),
        };
        let planner = wants.planner.then(|| {
            let settings = &scenario.planner;
            Arc::new(PlannerLists {
                candidates: planner::merge_candidates(&outcome, settings),
                expansions: planner::expansions(&outcome, settings),
            })
        });
        let accuracy = wants.accuracy.then(|| self.accuracy(scenario));
        let Projected { outcome, derived } = Projected::of(outcome);
        Ok(Run {
            outcome,
            derived,
            baseline,
            held,
            planner,
            accuracy,
            elapsed,
        })
    }

    /// A scenario's outcome and derived figures, kept while it stays the
    /// same (the baseline and the scenarios held for comparison).
    fn kept_run(&self, s: &Scenario) -> Result<Projected, Arc<EngineError>> {
        self.runs.get_or(s.clone(), || {
            self.outcome(s).map(Projected::of).map_err(Arc::new)
        })
    }
}
