//! How much the plan rests on the value of families' time, the least sure
//! of its prices: the plan solved again with that value halved and
//! doubled, each with its own time, and the decisions that change counted.

use super::{Decision, OptimiseError, Optimised, optimise};
use crate::outcome::Outcomes;
use crate::scenario::Scenario;
use serde::Serialize;
use std::sync::atomic::AtomicBool;

/// The decisions that change with the value of time halved and doubled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Yuan an hour the plan was made at.
    pub time_yuan_per_hour: f64,
    /// Decisions (closures, classrooms, new schools, with their years) in
    /// one plan and not the other.
    pub halved: usize,
    /// The same, with the value doubled.
    pub doubled: usize,
    /// Decisions of the plan itself.
    pub decisions: usize,
}

/// A decision's identity: what, where, when.
fn key(d: &Decision) -> Option<(u8, String, i32, i64)> {
    match d {
        Decision::Close { school, year, .. } => Some((0, school.to_string(), *year, 0)),
        Decision::Downgrade { school, year, .. } => Some((3, school.to_string(), *year, 0)),
        Decision::Expand {
            school,
            year,
            classrooms,
            ..
        } => Some((1, school.to_string(), *year, *classrooms as i64)),
        Decision::Open { name, year, .. } => Some((2, name.clone(), *year, 0)),
        Decision::Kept { .. } => None,
    }
}

fn changed(a: &[Decision], b: &[Decision]) -> usize {
    let ka: Vec<_> = a.iter().filter_map(key).collect();
    let kb: Vec<_> = b.iter().filter_map(key).collect();
    ka.iter().filter(|k| !kb.contains(k)).count() + kb.iter().filter(|k| !ka.contains(k)).count()
}

/// Solve the scenario again with the value of time halved and doubled,
/// each within `seconds`, and count the decisions that change against
/// `answer`.
pub fn sensitivity(
    engine: &dyn Outcomes,
    scenario: &Scenario,
    answer: &Optimised,
    seconds: f64,
    cancel: &AtomicBool,
) -> Result<Sensitivity, OptimiseError> {
    let value = scenario.optimise.time_yuan_per_hour;
    let again = |factor: f64| -> Result<usize, OptimiseError> {
        let mut s = scenario.clone();
        s.optimise.time_yuan_per_hour = value * factor;
        s.optimise.time_limit_s = seconds;
        let r = optimise(engine, &s, cancel)?;
        Ok(changed(&answer.decisions, &r.decisions))
    };
    Ok(Sensitivity {
        time_yuan_per_hour: value,
        halved: again(0.5)?,
        doubled: again(2.0)?,
        decisions: answer.decisions.iter().filter_map(key).count(),
    })
}
