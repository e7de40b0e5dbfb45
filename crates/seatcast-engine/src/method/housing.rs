//! New housing's step of the projection: a development resolved (where
//! each grade's pupils go, as `plan/housing.rs` works it out), its pupils
//! year by year, and those pupils added to the projected years of the
//! school that receives them, so they appear in every figure.

use crate::grades::{Grade, GradeSystem, Level};
use crate::method::observed::{GRADE_SLOTS, grade_of_slot};
use crate::method::project::Projection;
use crate::method::resolved::Plan;
use crate::model::{Coords, Dataset};
use crate::settings::housing::HousingSettings;

fn stage_index(system: GradeSystem, g: Grade) -> usize {
    match system.stage_of(g) {
        Level::Kindergarten => 0,
        Level::Primary => 1,
        Level::Junior => 2,
        _ => 3,
    }
}

/// A development resolved: where each grade's pupils go.
#[derive(Debug, Clone, PartialEq)]
pub struct Development {
    /// The development's name (新建小区), as the action gives it.
    pub name: String,
    /// The fall its first dwellings are occupied.
    pub year: i32,
    /// Dwellings in it.
    pub dwellings: f64,
    /// Falls until every dwelling is occupied, a further share each fall (at least 1).
    pub years_to_full: f64,
    /// Pupils per 100 dwellings by stage at full occupancy, when the
    /// action gives them (else the settings' default).
    pub per_100: Option<[f64; 4]>,
    /// The school each grade slot's pupils go to (None: no school teaches it).
    pub school_of_slot: [Option<usize>; GRADE_SLOTS],
    /// How far each slot's school is from the development, km, and whether
    /// by road (None: no coordinates to measure by).
    pub travel_of_slot: [Option<(f64, bool)>; GRADE_SLOTS],
    /// Where it stands, where given: the nearest schools are found from it.
    pub coords: Option<Coords>,
}

impl Development {
    /// The share of its dwellings occupied in the fall of `year`.
    pub fn occupancy(&self, year: i32) -> f64 {
        if year < self.year {
            return 0.0;
        }
        let n = self.years_to_full.max(1.0);
        ((year - self.year + 1) as f64 / n).min(1.0)
    }

    /// Its pupils of each grade slot in `year`.
    pub fn pupils(&self, year: i32, d: &Dataset, settings: &HousingSettings) -> [f64; GRADE_SLOTS] {
        let per_100 = self.per_100.unwrap_or_else(|| settings.per_100_by_stage(d));
        let mut out = [0.0; GRADE_SLOTS];
        let share = self.occupancy(year) * self.dwellings / 100.0;
        if share <= 0.0 {
            return out;
        }
        for (slot, v) in out.iter_mut().enumerate() {
            let g = grade_of_slot(slot);
            let stage = stage_index(d.grade_system, g);
            let grades = match stage {
                0 => d.grade_system.span_of(Level::Kindergarten),
                1 => d.grade_system.span_of(Level::Primary),
                2 => d.grade_system.span_of(Level::Junior),
                _ => d.grade_system.span_of(Level::Senior),
            };
            if grades.contains(g) && self.school_of_slot[slot].is_some() {
                *v = share * per_100[stage] / grades.grades().count() as f64;
            }
        }
        out
    }
}

/// Add every development's pupils to the projected years (the base year is
/// observed and stays as it is).
pub fn add_pupils(p: &mut Projection, d: &Dataset, plan: &Plan, settings: &HousingSettings) {
    let n = p.n_schools;
    for dev in &plan.developments {
        for h in 1..=p.horizon {
            let year = p.base_year + h as i32;
            let pupils = dev.pupils(year, d, settings);
            for (slot, v) in pupils.iter().enumerate() {
                if let Some(school) = dev.school_of_slot[slot].filter(|&s| s < n) {
                    p.pupils[(h * n + school) * GRADE_SLOTS + slot] += v;
                }
            }
        }
    }
}
