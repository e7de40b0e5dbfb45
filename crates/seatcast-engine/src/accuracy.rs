//! How far to trust the numbers: the rolling-origin backtest ([`backtest`]),
//! outlier falls (`outliers`), the 80 % ranges from the method's own
//! errors (`intervals`), the default's choice of candidates by the data's
//! own backtest (`choice`), the rule the default is held to ([`rule`]),
//! and the Accuracy tab's report (`report`, re-exported here).

pub(crate) mod backtest;
pub(crate) mod choice;
pub(crate) mod intervals;
pub(crate) mod outliers;
pub(crate) mod prepared;
pub(crate) mod report;
pub(crate) mod rule;

pub use backtest::{BacktestOptions, Comparison, HorizonScore, backtest, comparisons};
pub use choice::{
    Basis, CHOICE_HORIZON, COMBINE_TOTALS, Choice, Panel, Pick, candidate_comparisons,
    candidate_scores,
};
pub use intervals::{ErrorBands, SizeSpread, sum_range};
pub use outliers::JUMP;
pub use prepared::Prepared;
pub use report::{Accuracy, HORIZON, LevelScores, Reference, SchoolError, accuracy};
pub use rule::{
    Against, COUNTY_POINTS, COUNTY_RATIO, COUNTY_SUM_RATIO, HorizonRule, Rule, SCHOOL_RATIO, rule,
};
