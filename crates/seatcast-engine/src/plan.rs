//! The plan: the scenario's actions resolved against the dataset and applied
//! year by year ([`actions`]), and the merge planner, the expansion helper
//! and the figures that decide between plans ([`planner`]).

pub mod actions;
pub mod bureau;
pub mod housing;
pub mod planner;
pub mod site;
