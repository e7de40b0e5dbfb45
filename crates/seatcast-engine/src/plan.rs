//! The plan: the scenario's actions resolved against the dataset and applied
//! year by year (`actions`), and the merge planner, the expansion helper
//! and the figures that decide between plans (`planner`).

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
