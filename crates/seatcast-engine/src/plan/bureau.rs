//! Who a plan may change (docs/optimiser.md, "Who the plan may change"):
//! the same rules for the layout optimiser, the greedy suggestion and the
//! merge planner's "merge all feasible", so that their plans compare like
//! with like.
//!
//! - Private schools (民办 / 私立 / 财团法人) are never closed, expanded or
//!   sent pupils; nor, unless the planner says otherwise, national and
//!   university-attached ones (国立, 部属, 大学附属). Their pupils and
//!   seats still count.
//! - Closure candidates are the county's schools with fewer pupils than
//!   `close_below` (100: 小规模学校) in the base fall; a bigger one only
//!   where the planner allows it (a "may close" pin).

use crate::Outcome;
use crate::model::Ownership;
use crate::settings::optimise::OptimiseSettings;

/// Whether the bureau runs the school under these settings: the county's
/// own (and national ones where the planner counts them as the county's).
pub fn runs(o: &Outcome, school: usize, settings: &OptimiseSettings) -> bool {
    o.dataset
        .schools
        .get(school)
        .is_some_and(|s| match s.ownership() {
            Ownership::County => true,
            Ownership::National => settings.national_is_county,
            Ownership::Private => false,
        })
}

/// Whether the plan may close the school: the bureau's, and under
/// `close_below` pupils in the base fall or allowed by a pin.
pub fn closable(o: &Outcome, school: usize, settings: &OptimiseSettings) -> bool {
    let Some(s) = o.dataset.schools.get(school) else {
        return false;
    };
    if settings.may_close(&s.name) || s.id.as_deref().is_some_and(|id| settings.may_close(id)) {
        return true;
    }
    runs(o, school, settings) && base_pupils(o, school) < settings.close_below
}

/// The school's pupils in the base fall.
pub fn base_pupils(o: &Outcome, school: usize) -> f64 {
    if school < o.projection.n_schools {
        o.projection.total(school, 0)
    } else {
        0.0
    }
}
