//! Seatcast · 学位预测与布局规划
//!
//! School-place projection and planning for county education bureaus.
//! The way through is one: files → [`import`] → a typed [`model::Dataset`] →
//! the engine → views and exports. The binary (`src/main.rs`) is a thin shell
//! over [`cli`] and [`app`].

// Library code never unwraps: a bad input is an error, not a panic
// (CODE_STYLE.md). Tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

// The layers below: the dataset and its readers, and the engine.
pub use seatcast_core::{
    diagnostics, fsutil, grades, hant, i18n, import, model, places, sample, subjects,
};
pub use seatcast_engine as engine;
// The report layer: words, charts and exports.
pub use seatcast_report::{chart, export, fonts, text};

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod norms_file;
pub mod scenario_file;
pub mod template;
