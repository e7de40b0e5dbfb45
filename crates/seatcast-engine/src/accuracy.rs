//! How far to trust the numbers: the rolling-origin backtest ([`backtest`]),
//! outlier falls ([`outliers`]), the 80 % ranges from the method's own
//! errors ([`intervals`]), the default's choice of candidates by the data's
//! own backtest ([`choice`]), the rule the default is held to ([`rule`]),
//! and the Accuracy tab's report (`report`, re-exported here).

pub mod backtest;
pub mod choice;
pub mod intervals;
pub mod outliers;
pub mod prepared;
mod report;
pub mod rule;

pub use report::*;
