//! Seatcast's report layer: the words a planner reads, in Chinese and
//! English ([`text`]), the charts drawn from a run ([`chart`], SVG and PNG
//! with the built-in font, [`fonts`]), and the files saved for the bureau's
//! reports ([`export`]: workbooks, CSV, charts). It sits on the engine and
//! the dataset; the window and the CLI sit on it. No window: its manifest
//! has no egui, and the compiler keeps it so.

// Library code never unwraps: a bad input is an error, not a panic
// (CODE_STYLE.md). Tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Every public item says what it is (issue 42; the engine and core to follow).
#![warn(missing_docs)]

// The layers below, under the names the report's files use.
use seatcast_core::{fsutil, grades, i18n, model};
use seatcast_engine as engine;

pub mod chart;
pub mod export;
pub mod fonts;
pub mod text;
