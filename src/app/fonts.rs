//! The Chinese font built into the app: Noto Sans CJK SC, cut down to GB 2312
//! and the characters Seatcast uses (assets/fonts/make_subset.py; SIL Open
//! Font License, assets/fonts/OFL.txt), so Chinese renders on a machine with
//! no CJK fonts. It comes after egui's own fonts, which draw Latin text.

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Seatcast.otf");

pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-sc".to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto-sans-sc".to_owned());
    }
    ctx.set_fonts(fonts);
}
