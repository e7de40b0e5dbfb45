//! The desktop window (eframe/egui), laid out like egui's demo app and
//! rerun's viewer. Start with [`app`]: what the app holds and the frame;
//! beside it `app_ui.rs` (drawing), `app_commands.rs` (carrying out
//! [`commands`]) and `upkeep.rs` (between frames: recompute when needed,
//! the autosave's timing, the screenshot). [`state`] is what is remembered
//! between starts; [`background`] owns everything off the UI thread (the
//! one runner, the jobs the window starts and what their results change,
//! what a load and a recompute yield, the one-off work: dialogs, scenario
//! files, autosave, exports); [`panels`] has one file per tab and nothing
//! else; [`side_panel`] is the left panel with the what-if sliders,
//! [`chart_view`] a chart on screen; [`basemap`] the map's tiles; [`save`]
//! and [`mapping`] are the save and column-mapping windows; [`fn@run`]
//! opens the window or takes a screenshot. The window never computes a
//! projection itself: the recompute job calls the same engine as
//! `seatcast report`. ARCHITECTURE.md has the map.

#[allow(clippy::module_inception)]
pub mod app;
mod app_commands;
mod app_ui;
pub mod background;
pub mod basemap;
pub mod chart_view;
pub mod commands;
pub mod fonts;
pub mod mapping;
pub mod panels;
pub mod run;
pub mod save;
pub mod side_panel;
pub mod state;
pub mod style;
pub mod tab;
mod upkeep;

pub use app::{SeatcastApp, StartOptions};
pub use panels::Tab;
pub use run::{display_available, run, save_png, screenshot};
