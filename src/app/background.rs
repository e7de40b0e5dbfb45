//! Everything the window runs off the UI thread, in one place: the one
//! job runner ([`runner`]: lanes, their policies, progress, cancel), every
//! job the window starts and what its result changes in the app
//! ([`jobs`]), what a load and a recompute yield ([`results`]), and the
//! one-off work the runner calls on its threads ([`one_off`]: file
//! dialogs, exports, the autosave's write, the template, a site check).

pub mod jobs;
pub mod one_off;
pub mod results;
pub mod runner;
