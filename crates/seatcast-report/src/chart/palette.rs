//! The colours Seatcast draws with, on screen and in saved charts: warning
//! levels, school levels, and a palette for series without a meaning of
//! their own (areas, grades).

use crate::engine::outcome::Warning;
use crate::grades::Level;
use crate::i18n::Lang;

/// A colour as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as SVG and Excel write it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Red: short of seats.
pub const RED: Rgb = Rgb(0xd6, 0x27, 0x28);
/// Amber: over 90 % of the seats used.
pub const AMBER: Rgb = Rgb(0xf0, 0xa2, 0x02);
/// Green: neither short nor empty.
pub const GREEN: Rgb = Rgb(0x2c, 0xa0, 0x2c);
/// Grey: under 50 % used; also ranges and secondary lines.
pub const GREY: Rgb = Rgb(0x99, 0x99, 0x99);
/// Lines that are not data: capacity of one school, the projection start.
pub const INK: Rgb = Rgb(0x33, 0x33, 0x33);

/// The colour of a warning's level.
pub fn warning(w: Warning) -> Rgb {
    match w {
        Warning::Red => RED,
        Warning::Amber => AMBER,
        Warning::Green => GREEN,
        Warning::Grey => GREY,
        Warning::Unknown => Rgb(0x77, 0x77, 0xbb),
        Warning::Closed => Rgb(0x44, 0x44, 0x44),
    }
}

/// A warning as a planner says it.
pub fn warning_label(w: Warning, lang: Lang) -> &'static str {
    match w {
        Warning::Red => lang.pick("红：学位不足", "red: short of seats"),
        Warning::Amber => lang.pick("黄：使用率超 90%", "amber: over 90 % used"),
        Warning::Green => lang.pick("绿：正常", "green"),
        Warning::Grey => lang.pick("灰：使用率不足 50%", "grey: under 50 % used"),
        Warning::Unknown => lang.pick("容量未知", "capacity unknown"),
        Warning::Closed => lang.pick("已撤并", "closed by the plan"),
    }
}

/// The colour of a school level's series.
pub fn level(l: Level) -> Rgb {
    match l {
        Level::Kindergarten => Rgb(0x94, 0x67, 0xbd),
        Level::Primary => Rgb(0x1f, 0x77, 0xb4),
        Level::Junior => Rgb(0xff, 0x7f, 0x0e),
        Level::NineYear => Rgb(0x17, 0xbe, 0xcf),
        Level::Complete => Rgb(0x8c, 0x56, 0x4b),
        Level::Senior => Rgb(0xd6, 0x27, 0x28),
        Level::TwelveYear => Rgb(0xe3, 0x77, 0xc2),
    }
}

/// The i-th colour of a ten-colour palette (repeating).
pub fn series(i: usize) -> Rgb {
    const P: [Rgb; 10] = [
        Rgb(0x1f, 0x77, 0xb4),
        Rgb(0xff, 0x7f, 0x0e),
        Rgb(0x2c, 0xa0, 0x2c),
        Rgb(0xd6, 0x27, 0x28),
        Rgb(0x94, 0x67, 0xbd),
        Rgb(0x8c, 0x56, 0x4b),
        Rgb(0xe3, 0x77, 0xc2),
        Rgb(0x7f, 0x7f, 0x7f),
        Rgb(0xbc, 0xbd, 0x22),
        Rgb(0x17, 0xbe, 0xcf),
    ];
    P[i % P.len()]
}
