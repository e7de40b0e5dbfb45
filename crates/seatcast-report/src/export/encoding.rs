//! The bytes a CSV table is written in. Excel on a Chinese Windows PC opens
//! a CSV without a byte-order mark as GBK, so a UTF-8 table without one
//! shows as garbled text: every table for people starts with the UTF-8 BOM
//! by default. GBK itself is offered for older tools; a character GBK
//! cannot hold is written as `?` and named, never dropped in silence.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How the report's CSV tables are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark: Excel anywhere reads it right.
    #[default]
    #[serde(rename = "utf8-bom")]
    Utf8Bom,
    /// UTF-8 without a mark (for scripts).
    #[serde(rename = "utf8")]
    Utf8,
    /// GBK (code page 936), what Excel on a Chinese PC assumes.
    #[serde(rename = "gbk")]
    Gbk,
}

impl CsvEncoding {
    /// Parse `utf8-bom`, `utf8`, `gbk` (and `utf-8`, `bom`, `cp936`).
    pub fn parse(text: &str) -> Option<CsvEncoding> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "utf8bom" | "bom" => Some(CsvEncoding::Utf8Bom),
            "utf8" => Some(CsvEncoding::Utf8),
            "gbk" | "cp936" | "gb2312" => Some(CsvEncoding::Gbk),
            _ => None,
        }
    }
}

/// UTF-8 text in the encoding, with the characters it could not hold.
pub fn encode(utf8: &[u8], encoding: CsvEncoding) -> (Vec<u8>, BTreeSet<char>) {
    match encoding {
        CsvEncoding::Utf8 => (utf8.to_vec(), BTreeSet::new()),
        CsvEncoding::Utf8Bom => {
            let mut out = Vec::with_capacity(utf8.len() + 3);
            out.extend_from_slice(b"\xEF\xBB\xBF");
            out.extend_from_slice(utf8);
            (out, BTreeSet::new())
        }
        CsvEncoding::Gbk => gbk(&String::from_utf8_lossy(utf8)),
    }
}

fn gbk(text: &str) -> (Vec<u8>, BTreeSet<char>) {
    use encoding_rs::EncoderResult;
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut out = Vec::with_capacity(text.len());
    let mut missing = BTreeSet::new();
    let mut rest = text;
    let mut buf = [0u8; 4096];
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(c) => {
                out.push(b'?');
                missing.insert(c);
            }
        }
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_goes_first_and_gbk_names_what_it_cannot_hold() {
        let (bytes, none) = encode("学校,pupils\n".as_bytes(), CsvEncoding::Utf8Bom);
        assert_eq!(&bytes[..6], b"\xEF\xBB\xBF\xE5\xAD\xA6");
        assert!(none.is_empty());
        // 学 is D1 A7 in GBK and 堃 88 D2 (Python's gbk codec agrees);
        // 𡘙 (U+21619, outside the BMP) is not in GBK.
        let (bytes, missing) = encode("学,堃𡘙\n".as_bytes(), CsvEncoding::Gbk);
        assert_eq!(&bytes[..5], b"\xD1\xA7,\x88\xD2");
        assert_eq!(bytes.iter().filter(|&&b| b == b'?').count(), 1);
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), vec!['𡘙']);
        assert_eq!(CsvEncoding::parse("UTF-8"), Some(CsvEncoding::Utf8));
        assert_eq!(CsvEncoding::parse("gbk"), Some(CsvEncoding::Gbk));
        assert_eq!(CsvEncoding::parse("latin1"), None);
    }
}
