//! Seatcast · 学位预测与布局规划
//!
//! School-place projection and planning for county education bureaus.
//! The way through is one: files → [`import`] → a typed [`model::Dataset`] →
//! the engine → views and exports. The binary (`src/main.rs`) is a thin shell
//! over [`cli`] and [`app`].

#[cfg(feature = "gui")]
pub mod app;
pub mod chart;
pub mod cli;
pub mod diagnostics;
pub mod engine;
pub mod export;
pub mod fonts;
pub mod fsutil;
pub mod grades;
pub mod hant;
pub mod i18n;
pub mod import;
pub mod model;
pub mod norms_file;
pub mod places;
pub mod sample;
pub mod scenario_file;
pub mod template;
pub mod text;
