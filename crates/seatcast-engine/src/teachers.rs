//! The teachers' stage (docs/teachers.md): the norms as data, when each
//! teacher retires, the teachers each school needs by the norm and by the
//! periods its classes require, and how that meets the staff it has, year
//! by year. Pure, like the rest of the engine: an outcome and a roster in,
//! figures out.
//!
//! - [`Norms`] (kept with the scenario's settings): the staffing norms, the
//!   curriculum's periods, teaching loads, every figure with its source;
//! - [`RetirementRule`]: the 2025 rule of the gradually rising retirement age;
//! - `need`: one school-year's need, both ways;
//! - [`rotation`]: who may rotate, how many must, and the moves that mend
//!   shortages;
//! - [`staffing`]: every school and year over the horizon: need, staff
//!   present after retirements and merges, surplus and shortage, the
//!   county's totals and recruitment.

pub(crate) mod need;
pub(crate) mod rotation;
pub(crate) mod staffing;

// The stage's settings live in the leaf below the stages.
use crate::settings::retirement;
use crate::settings::teachers as norms;

pub use need::{GradeCount, NormNeed, PeriodNeed};
pub use norms::{Curriculum, Figure, Norms, RotationSettings, StaffingNorms, Subject};
pub use retirement::{Month, RetirementGroup, RetirementRule, Schedule};
pub use rotation::{Move, Rotation, rotation};
pub use staffing::{
    CountyStaffing, SchoolStaffing, Staffing, of_outcome, retires, staffing, staffing_with,
};

/// Everything the teachers' stage works out for one outcome: staffing
/// over the horizon and the base year's rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Every school and year over the horizon, and the county's totals.
    pub staffing: staffing::Staffing,
    /// The base year's rotation: who may move, how many must, and the moves
    /// suggested.
    pub rotation: rotation::Rotation,
}

impl Figures {
    /// Worked out for an outcome under its scenario's norms and teacher
    /// options (None without a staff roster).
    pub fn of(outcome: &crate::Outcome) -> Option<Figures> {
        let staffing = staffing::of_outcome(outcome)?;
        let d = &outcome.dataset;
        let norms = outcome.scenario.teachers.norms();
        let rotation = rotation::rotation(
            d,
            &d.teachers,
            &staffing.schools,
            outcome.projection.base_year,
            &norms.rotation,
        );
        Some(Figures { staffing, rotation })
    }
}
