//! Seatcast's lowest layer: the typed dataset ([`model`]), grades and
//! levels, the located problems ([`diagnostics`]), the words' language
//! ([`i18n`]), and the readers that make a dataset from the bureau's files
//! ([`import`]) and place it ([`places`]). No engine, no window.

pub mod diagnostics;
pub mod fsutil;
pub mod grades;
pub mod hant;
pub mod i18n;
pub mod import;
pub mod model;
pub mod places;
pub mod subjects;
