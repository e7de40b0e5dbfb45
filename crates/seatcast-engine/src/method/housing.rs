//! New housing's step of the projection: each development's pupils (as
//! `plan::housing` works them out) added to the projected years of the
//! school that receives them, so they appear in every figure.

use crate::method::observed::GRADE_SLOTS;
use crate::method::project::Projection;
use crate::model::Dataset;
use crate::plan::actions::Plan;
use crate::settings::housing::HousingSettings;

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
