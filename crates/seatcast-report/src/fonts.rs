//! The Chinese font built into Seatcast: Noto Sans CJK SC, cut down to GBK
//! (GB 18030's two-byte part), Big5 and the characters Seatcast uses
//! (assets/fonts/make_subset.py; SIL Open Font License, assets/fonts/OFL.txt).
//! The window draws with it, and so do the saved charts, so Chinese renders
//! on a machine with no CJK fonts.

/// A `static`, not a `const`: one copy in the binary, however many places use it.
pub static CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Seatcast.otf");

#[cfg(test)]
mod tests {
    use super::CJK_FONT;
    use std::path::Path;

    /// A CJK ideograph, less GB 18030's eight radical components
    /// (U+9FB4–9FBB), which Noto Sans CJK does not draw and no name uses.
    fn ideograph(c: char) -> bool {
        matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FB3 | 0x9FBC..=0x9FFF | 0xF900..=0xFAFF)
    }

    /// Every character of a two-byte encoding's codes (the lead bytes
    /// given, trail 0x40–0xFE) that decodes to one character.
    fn two_byte(
        encoding: &'static encoding_rs::Encoding,
        leads: std::ops::RangeInclusive<u8>,
    ) -> Vec<char> {
        let mut out = Vec::new();
        for hi in leads {
            for lo in 0x40u8..=0xFE {
                let bytes = [hi, lo];
                let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
                let mut chars = text.chars();
                if let (false, Some(c), None) = (had_errors, chars.next(), chars.next()) {
                    out.push(c);
                }
            }
        }
        out
    }

    fn text_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                text_files(&p, out);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ["csv", "json", "geojson", "txt", "md"].contains(&x))
            {
                out.push(p);
            }
        }
    }

    /// Every hanzi of GBK (mainland names beyond GB 2312) and Big5
    /// (traditional), and every character of the sample data and the test
    /// fixtures, has a glyph in the built-in font: none draws as □.
    #[test]
    fn every_character_planners_write_has_a_glyph() {
        let face = ttf_parser::Face::parse(CJK_FONT, 0).expect("the built-in font parses");
        let missing = |chars: &mut dyn Iterator<Item = char>| -> Vec<char> {
            let mut m: Vec<char> = chars.filter(|c| face.glyph_index(*c).is_none()).collect();
            m.sort_unstable();
            m.dedup();
            m
        };
        let gbk = two_byte(encoding_rs::GBK, 0x81..=0xFE);
        // Big5 itself (leads 0xA1–0xF9), not Hong Kong's HKSCS additions
        // that the WHATWG decoder also knows.
        let big5 = two_byte(encoding_rs::BIG5, 0xA1..=0xF9);
        assert!(gbk.iter().filter(|c| ideograph(**c)).count() > 20_000);
        assert!(big5.iter().filter(|c| ideograph(**c)).count() > 13_000);
        assert_eq!(
            missing(&mut gbk.into_iter().filter(|c| ideograph(*c))),
            Vec::<char>::new()
        );
        assert_eq!(
            missing(&mut big5.into_iter().filter(|c| ideograph(*c))),
            Vec::<char>::new()
        );
        // The characters the issue found as □, and a few mainland names
        // beyond GB 2312 (堃, 峯, 昇, 喆, 垚).
        assert_eq!(
            missing(&mut "學縣區國稱經緯度堃峯昇喆垚".chars()),
            Vec::<char>::new()
        );
        // The workspace root, two folders above this crate.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        text_files(&root.join("sample-data"), &mut files);
        text_files(&root.join("tests/fixtures"), &mut files);
        assert!(files.len() > 5, "{files:?}");
        let mut text = String::new();
        for f in &files {
            if let Ok(t) = std::fs::read_to_string(f) {
                text.push_str(&t);
            }
        }
        let mut used = text
            .chars()
            .filter(|c| u32::from(*c) > 0x7F && !c.is_whitespace() && !c.is_control());
        assert_eq!(missing(&mut used), Vec::<char>::new());
    }
}
