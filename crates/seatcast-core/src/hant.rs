//! Traditional Chinese read as simplified, for recognition only: a header
//! (學校名稱, 1年級男學生數, 鄉鎮市區), a grade name (二年級). The folding
//! is OpenCC's, through the `hanconv` crate. Names of schools and areas are
//! kept as the file writes them.

use std::borrow::Cow;

/// The text with traditional characters folded to simplified; borrowed
/// unchanged where it has no Chinese character to fold.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| u32::from(c) >= 0x3400) {
        let folded = hanconv::t2s(text);
        if folded != text {
            return Cow::Owned(folded);
        }
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn traditional_headers_fold_to_simplified() {
        assert_eq!(fold("學校名稱"), "学校名称");
        assert_eq!(fold("1年級男學生數"), "1年级男学生数");
        assert_eq!(fold("鄉鎮市區"), "乡镇市区");
        assert_eq!(fold("經度"), "经度");
        assert_eq!(fold("學年度"), "学年度");
        // Simplified and plain text come back as they are.
        assert!(matches!(fold("学校名称"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(fold("Grade 1"), std::borrow::Cow::Borrowed(_)));
    }
}
