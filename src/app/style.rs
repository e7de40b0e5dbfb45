//! Colours on screen: the library's palette ([`crate::chart::palette`]) as
//! egui colours, and the warning levels' names.

use crate::chart::{Rgb, palette};
use crate::engine::outcome::Warning;
use crate::grades::Level;
use crate::i18n::Lang;
use eframe::egui::Color32;

pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

pub fn warning_color(w: Warning) -> Color32 {
    color(palette::warning(w))
}

/// A warning as a planner says it.
pub fn warning_name(w: Warning, lang: Lang) -> &'static str {
    palette::warning_label(w, lang)
}

pub fn level_color(l: Level) -> Color32 {
    color(palette::level(l))
}

/// A palette for series without a meaning of their own (areas, grades).
pub fn series_color(i: usize) -> Color32 {
    color(palette::series(i))
}
