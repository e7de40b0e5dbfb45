//! Colours shared by the panels: warning levels and school levels.

use crate::engine::outcome::Warning;
use crate::grades::Level;
use crate::i18n::Lang;
use eframe::egui::Color32;

pub fn warning_color(w: Warning) -> Color32 {
    match w {
        Warning::Red => Color32::from_rgb(0xd6, 0x27, 0x28),
        Warning::Amber => Color32::from_rgb(0xf0, 0xa2, 0x02),
        Warning::Green => Color32::from_rgb(0x2c, 0xa0, 0x2c),
        Warning::Grey => Color32::from_rgb(0x99, 0x99, 0x99),
        Warning::Unknown => Color32::from_rgb(0x77, 0x77, 0xbb),
    }
}

/// A warning as a planner says it.
pub fn warning_name(w: Warning, lang: Lang) -> &'static str {
    match w {
        Warning::Red => lang.pick("红：学位不足", "red: short of seats"),
        Warning::Amber => lang.pick("黄：使用率超 90%", "amber: over 90 % used"),
        Warning::Green => lang.pick("绿：正常", "green"),
        Warning::Grey => lang.pick("灰：使用率不足 50%", "grey: under 50 % used"),
        Warning::Unknown => lang.pick("容量未知", "capacity unknown"),
    }
}

pub fn level_color(l: Level) -> Color32 {
    match l {
        Level::Kindergarten => Color32::from_rgb(0x94, 0x67, 0xbd),
        Level::Primary => Color32::from_rgb(0x1f, 0x77, 0xb4),
        Level::Junior => Color32::from_rgb(0xff, 0x7f, 0x0e),
        Level::NineYear => Color32::from_rgb(0x17, 0xbe, 0xcf),
        Level::Complete => Color32::from_rgb(0x8c, 0x56, 0x4b),
        Level::Senior => Color32::from_rgb(0xd6, 0x27, 0x28),
        Level::TwelveYear => Color32::from_rgb(0xe3, 0x77, 0xc2),
    }
}

/// A palette for series without a meaning of their own (areas, grades).
pub fn series_color(i: usize) -> Color32 {
    const P: [Color32; 10] = [
        Color32::from_rgb(0x1f, 0x77, 0xb4),
        Color32::from_rgb(0xff, 0x7f, 0x0e),
        Color32::from_rgb(0x2c, 0xa0, 0x2c),
        Color32::from_rgb(0xd6, 0x27, 0x28),
        Color32::from_rgb(0x94, 0x67, 0xbd),
        Color32::from_rgb(0x8c, 0x56, 0x4b),
        Color32::from_rgb(0xe3, 0x77, 0xc2),
        Color32::from_rgb(0x7f, 0x7f, 0x7f),
        Color32::from_rgb(0xbc, 0xbd, 0x22),
        Color32::from_rgb(0x17, 0xbe, 0xcf),
    ];
    P[i % P.len()]
}
