//! What a scenario holds for each stage, as data: the planner's actions,
//! the merge planner's thresholds and prices, new housing's settings, the
//! teachers' norms with the retirement rule and rotation's thresholds, and
//! the 优质均衡 standards. A
//! leaf below the stages: the scenario and every stage import it, and it
//! imports none of them (only the layer below, `seatcast-core`), so no
//! stage and the scenario import each other.

pub(crate) mod actions;
pub(crate) mod compliance;
pub(crate) mod housing;
pub(crate) mod optimise;
pub(crate) mod planner;
pub(crate) mod retirement;
pub(crate) mod teachers;
