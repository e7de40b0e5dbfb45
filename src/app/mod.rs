//! The desktop window (eframe/egui), laid out like egui's demo app and
//! rerun's viewer. Start with [`app`]: what the app holds and the frame;
//! beside it `app_ui.rs` (drawing), `app_commands.rs` (carrying out
//! [`commands`]) and `app_logic.rs` (results, recompute, autosave).
//! [`state`] is what is remembered between starts; [`worker`] loads and
//! recomputes off the UI thread; [`tasks`] runs every one-off background
//! job (dialogs, scenario files, autosave, exports, "merge all feasible");
//! [`panels`] has one file per tab; [`basemap`] the map's tiles; [`save`] and [`mapping`] are the save
//! and column-mapping windows; [`fn@run`] opens the window or takes a
//! screenshot. The window never computes a projection itself: the worker
//! calls the same engine as `seatcast report`. ARCHITECTURE.md has the map.

#[allow(clippy::module_inception)]
pub mod app;
mod app_commands;
mod app_jobs;
mod app_logic;
mod app_ui;
pub mod basemap;
pub mod commands;
pub mod fonts;
pub mod jobs;
pub mod mapping;
pub mod panels;
pub mod run;
pub mod save;
pub mod state;
pub mod style;
pub mod tab;
pub mod tasks;
pub mod worker;

pub use app::{SeatcastApp, StartOptions};
pub use panels::Tab;
pub use run::{display_available, run, save_png, screenshot};
