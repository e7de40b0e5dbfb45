//! The plan: the scenario's actions resolved against the dataset into the
//! method's `Plan`, which the stepping applies year by year (`actions`),
//! the merge planner and the expansion helper (`planner`), new housing's
//! receiving schools (`housing`) and a new school's site (`site`).

pub(crate) mod actions;
pub(crate) mod bureau;
pub(crate) mod housing;
pub(crate) mod planner;
pub(crate) mod site;

pub use actions::{
    Action, ActionError, ActionProblem, CapacityChange, Carve, Move, Plan, Receiver,
    ResourceChange, Resources, SetAside, set_aside,
};
pub use housing::{Development, HousingSettings, PER_1000_RESIDENTS};
pub use planner::{
    Candidate, Expansion, PlannerSettings, RECEIVERS_SHOWN, Radius, ReceiverOption, expand_action,
    expansions, greedy_merges, merge_action, merge_candidates, school_ref, suggest,
};
pub use site::{SiteCheck, SiteLink, check_site};
