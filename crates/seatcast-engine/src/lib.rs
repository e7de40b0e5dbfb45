//! The projection engine: (dataset, scenario) → outcome. Pure: no UI, no
//! I/O, no globals, no language. Its public modules are its stages, as
//! namespaces (every module below them is private; ARCHITECTURE.md lists
//! the whole API):
//!
//! - [`scenario`]: what a scenario holds: the method, its candidates, the
//!   what-ifs, class sizes, the horizon;
//! - [`method`]: the observed data laid out, the ratios, the plan resolved
//!   and the default's choice as the stepping applies them, the stepping
//!   (docs/method.md);
//! - [`accuracy`]: the backtest, outlier falls, the 80 % ranges, how the
//!   default's choice of candidates is made, the Accuracy tab's report;
//! - [`outcome`]: capacity, shortfall, classes, flags, the tables and their
//!   sums, the summaries, the figures that decide between plans —
//!   everything a scenario yields ([`Outcome`]);
//! - [`plan`]: the scenario's actions resolved, the merge planner and
//!   expansions, new housing, a new school's site;
//! - [`optimise`]: the layout optimiser (docs/optimiser.md);
//! - [`teachers`]: the staffing norms, retirement dates and the teachers a
//!   school-year needs (docs/teachers.md);
//! - [`compliance`]: the 优质均衡 ledger (docs/compliance.md).
//!
//! Private beside them: `settings/` (what a scenario holds for each stage,
//! a leaf below them, given by each stage's namespace), `run.rs` (one
//! scenario's every result in one bundle, [`Engine::run`]), `error.rs`,
//! `derived.rs`, `kept.rs`.
//!
//! [`Engine`] (`engine.rs`) is a thin front over them: it holds a dataset prepared for
//! projection and keeps what is slow to work out and does not change with a
//! what-if (ratios, the candidates' backtest, the ranges, the accuracy
//! report), so a slider re-runs only the stepping. A scenario goes through
//! it once: [`Engine::method`] settles the method, the plan is resolved,
//! [`method::MethodRun::project`] steps, [`Outcome::assemble`] adds up.

// Library code never unwraps: a bad input is an error, not a panic
// (CODE_STYLE.md). Tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Every public item says what it is (issue 42).
#![warn(missing_docs)]

// The layer below, under the names the engine's modules use.
use seatcast_core::{grades, model, places};

// The stages. Each public one is a namespace: its file re-exports the
// items other crates use, and every module below it is private
// (ARCHITECTURE.md lists the whole API).
pub mod accuracy;
pub mod compliance;
mod derived;
mod engine;
mod error;
mod kept;
pub mod method;
pub mod optimise;
pub mod outcome;
pub mod plan;
mod run;
pub mod scenario;
mod settings;
pub mod teachers;

pub use derived::Derived;
pub use engine::{Engine, Projected};
pub use error::EngineError;
pub use outcome::{Outcome, Outcomes};
pub use run::{PlannerLists, Run, Wants};
