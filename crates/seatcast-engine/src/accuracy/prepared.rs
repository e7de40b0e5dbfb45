//! What the accuracy stage reads from the data prepared for projection:
//! the dataset and its observed cubes, and what the engine keeps of the
//! candidates' backtest and the default's choice. The engine implements
//! it; the stage never names the engine, so the two do not import each
//! other.

use super::backtest::BacktestOptions;
use super::choice::{Choice, Panel};
use crate::method::observed::Observed;
use crate::model::Dataset;
use crate::scenario::Scenario;
use std::sync::Arc;

/// The prepared data a backtest, the default's choice and the Accuracy
/// report are worked out on.
pub trait Prepared: Sync {
    /// The dataset projected.
    fn dataset(&self) -> &Dataset;
    /// Its enrolment and births laid out as cubes.
    fn observed(&self) -> &Observed;
    /// Whether some school's area has no births.
    fn births_missing(&self) -> bool;
    /// The candidates' backtest for these options (kept where it can be).
    fn panel_for(&self, scenario: &Scenario, options: &BacktestOptions) -> Arc<Panel>;
    /// What the default uses at the scenario's base fall, and why.
    fn choice(&self, scenario: &Scenario) -> Choice;
    /// The falls left out as data: the scenario's, and the outlier falls
    /// found when it asks for that.
    fn skipped(&self, scenario: &Scenario) -> Vec<i32>;
}

/// An engine shared behind an `Arc` (as the window and the CLI hold it)
/// is prepared data too.
impl<P: Prepared + Send + ?Sized> Prepared for Arc<P> {
    fn dataset(&self) -> &Dataset {
        (**self).dataset()
    }

    fn observed(&self) -> &Observed {
        (**self).observed()
    }

    fn births_missing(&self) -> bool {
        (**self).births_missing()
    }

    fn panel_for(&self, scenario: &Scenario, options: &BacktestOptions) -> Arc<Panel> {
        (**self).panel_for(scenario, options)
    }

    fn choice(&self, scenario: &Scenario) -> Choice {
        (**self).choice(scenario)
    }

    fn skipped(&self, scenario: &Scenario) -> Vec<i32> {
        (**self).skipped(scenario)
    }
}
