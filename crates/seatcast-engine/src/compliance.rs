//! The 优质均衡 stage (县域义务教育优质均衡发展督导评估办法, 教督〔2017〕6号;
//! docs/compliance.md): each compulsory school's seven resource indicators
//! year by year as its pupils change, whether it complies, the county's
//! variation coefficients against their limits, and the least it takes a
//! failing school to comply. Pure, like the rest of the engine.
//!
//! - [`ComplianceNorms`] (kept with the scenario's settings): the
//!   thresholds, rules, limits and unit costs, with sources;
//! - `variation`: the pupil-weighted variation coefficient;
//! - `ledger`: one ledger per school (一校一台账) and the county's CVs;
//! - `fix`: the least-cost fix of a failing school.

pub(crate) mod fix;
pub(crate) mod ledger;
pub(crate) mod variation;

// The standards live in the leaf below the stages.
use crate::settings::compliance as norms;

pub use ledger::{
    Compliance, Fix, OutOfScope, SchoolCompliance, StageVariation, Status, Verdict, compliance,
};
pub use norms::{ComplianceNorms, Costs, Indicator, Threshold};

/// The ledger of an outcome under its scenario's standards, with the
/// teachers its staffing places (None without a staff roster).
pub fn of_outcome(
    outcome: &crate::Outcome,
    staffing: Option<&crate::teachers::staffing::Staffing>,
) -> Compliance {
    ledger::compliance(outcome, staffing, &outcome.scenario.compliance)
}
