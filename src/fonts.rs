//! The Chinese font built into Seatcast: Noto Sans CJK SC, cut down to GB 2312
//! and the characters Seatcast uses (assets/fonts/make_subset.py; SIL Open
//! Font License, assets/fonts/OFL.txt). The window draws with it, and so do
//! the saved charts, so Chinese renders on a machine with no CJK fonts.

pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Seatcast.otf");
