//! The two languages Seatcast speaks. Every user-facing sentence is written in both.

use serde::{Deserialize, Serialize};

/// The language of the words Seatcast shows and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Chinese (the default).
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// A language as a setting or the command line names it: `zh…`, `cn`,
    /// `chinese`, `中文`; `en…`, `english`.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("zh") || t == "cn" || t == "chinese" || t == "中文" {
            Some(Lang::Zh)
        } else if t.starts_with("en") || t == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the user's system: Chinese when the locale says so, else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// Pick the sentence for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Format a count with thousands separators: 4803 → "4,803".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What went wrong reading or writing a file, in the planner's language:
/// the common causes said in words, anything else as the system says it.
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => Some(("文件或文件夹不存在", "the file or folder does not exist")),
        K::PermissionDenied => Some(("没有读写权限", "permission denied")),
        K::AlreadyExists => Some(("已有同名文件", "a file of that name exists")),
        K::StorageFull => Some(("磁盘已满", "the disk is full")),
        K::ReadOnlyFilesystem => Some(("磁盘只读", "the disk is read-only")),
        K::IsADirectory => Some(("这是一个文件夹", "it is a folder")),
        K::InvalidData => Some(("内容不是有效的文本", "the content is not valid text")),
        _ => None,
    };
    match words {
        Some((zh, en)) => lang.pick(zh, en).to_string(),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(4803), "4,803");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(thousands(0), "0");
    }
}
