//! Seatcast's lowest layer: the typed dataset ([`model`]), grades and
//! levels, the located problems ([`diagnostics`]), the words' language
//! ([`i18n`]), and the readers that make a dataset from the bureau's files
//! ([`import`]) and place it ([`places`]); the bundled sample county
//! ([`sample`]). No engine, no window.

// Library code never unwraps: a bad input is an error, not a panic
// (CODE_STYLE.md). Tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Every public item says what it is (issue 42).
#![warn(missing_docs)]

pub mod diagnostics;
pub mod fsutil;
pub mod grades;
pub mod hant;
pub mod i18n;
pub mod import;
pub mod model;
pub mod places;
pub mod sample;
pub mod subjects;
