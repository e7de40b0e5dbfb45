//! Cell values and how planners write numbers and years in them: numbers typed
//! as text, thousands separators, full-width digits, 2023年, 2023-2024学年,
//! 2023/24, dates.

use calamine::ExcelDateTime;

/// One cell as read from a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing (a blank cell, or text of spaces only).
    Empty,
    /// A number (an integer or float cell, or a duration).
    Number(f64),
    /// Text, trimmed; never empty.
    Text(String),
    /// A date cell.
    Date {
        /// The year.
        year: i32,
        /// The month, 1–12.
        month: u32,
        /// The day of the month, 1–31.
        day: u32,
    },
    /// TRUE or FALSE.
    Bool(bool),
    /// An error value, as the spreadsheet shows it (`#DIV/0!`, `#N/A`).
    Error(String),
}

/// A number as read, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// An empty cell, or a blank marker (`-`, `/`, 无, N/A).
    Blank,
    /// The number.
    Value(f64),
    /// Text that holds no number: the cell as written.
    NotANumber(String),
    /// A count withheld for privacy (`*`, `<10`, `≤5`).
    Withheld(String),
}

impl Value {
    /// Text cell, trimmed; a blank string is an empty cell. Dates written as text
    /// stay text here and are recognised where a year is expected.
    pub fn text(s: &str) -> Value {
        let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}');
        if t.is_empty() {
            Value::Empty
        } else {
            Value::Text(t.to_string())
        }
    }

    /// A date or time cell as calamine gives it: a date as its day, a duration
    /// as its number (days).
    pub fn from_excel_datetime(d: &ExcelDateTime) -> Value {
        if d.is_datetime() {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Value::Date {
                year: i32::from(y),
                month: u32::from(m),
                day: u32::from(day),
            }
        } else {
            Value::Number(d.as_f64())
        }
    }

    /// Whether the cell is empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The cell as a planner reads it, for messages and names.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Value::Text(s) => s.clone(),
            Value::Date { year, month, day } => format!("{year}-{month:02}-{day:02}"),
            Value::Bool(b) => b.to_string(),
            Value::Error(e) => e.clone(),
        }
    }

    /// Text of the cell for names and keys; numbers print without ".0".
    pub fn as_key(&self) -> Option<String> {
        match self {
            Value::Empty => None,
            v => {
                let s = collapse_spaces(&v.display());
                (!s.is_empty()).then_some(s)
            }
        }
    }

    /// The cell as a count: a number, or text holding one.
    pub fn number(&self) -> Num {
        match self {
            Value::Empty => Num::Blank,
            Value::Number(n) if n.is_finite() => Num::Value(*n),
            Value::Text(s) => parse_number_text(s).unwrap_or_else(|| Num::NotANumber(s.clone())),
            other => Num::NotANumber(other.display()),
        }
    }

    /// The cell as the fall year of a school year (see [`parse_fall_year`]).
    pub fn fall_year(&self) -> Option<i32> {
        match self {
            Value::Number(n) => integral_year(*n),
            Value::Date { year, month, .. } => Some(fall_of(*year, *month)),
            Value::Text(s) => parse_fall_year(s),
            _ => None,
        }
    }

    /// The cell as a calendar year.
    pub fn calendar_year(&self) -> Option<i32> {
        match self {
            Value::Number(n) => integral_year(*n),
            Value::Date { year, .. } => Some(*year),
            Value::Text(s) => find_years(&to_ascii_digits(s)).first().map(|y| y.0),
            _ => None,
        }
    }
}

/// Full-width digits and punctuation to ASCII.
pub fn to_ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0C}' | '\u{FF0E}' | '\u{FF0D}' | '\u{FF0F}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text that stands for "nothing here" in planners' forms.
fn is_blank_marker(t: &str) -> bool {
    matches!(
        t,
        "-" | "--" | "—" | "——" | "–" | "/" | "无" | "空" | "n/a" | "N/A" | "NA" | "／"
    )
}

/// `*`, `**`, `<10`, `< 5`, `≤5`, `n<10`: a small count withheld for privacy.
fn is_withheld(t: &str) -> bool {
    if !t.is_empty() && t.chars().all(|c| c == '*') {
        return true;
    }
    let rest = t
        .strip_prefix("n")
        .or_else(|| t.strip_prefix("N"))
        .unwrap_or(t);
    let rest = rest
        .strip_prefix("<=")
        .or_else(|| rest.strip_prefix('<'))
        .or_else(|| rest.strip_prefix('≤'))
        .or_else(|| rest.strip_prefix('＜'));
    rest.is_some_and(|r| {
        let r = r.trim();
        !r.is_empty() && r.chars().all(|c| c.is_ascii_digit())
    })
}

/// `1,234`, `１２３`, `45人`, ` 45 ` → numbers; `-`, `—`, `/`, `无` → blank.
pub fn parse_number_text(s: &str) -> Option<Num> {
    let t = to_ascii_digits(s);
    let t = t.trim();
    if t.is_empty() || is_blank_marker(t) {
        return Some(Num::Blank);
    }
    if is_withheld(t) {
        return Some(Num::Withheld(t.to_string()));
    }
    let t = t
        .trim_end_matches(['人', '个', '间', '班', '所', '名'])
        .trim();
    let cleaned: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '\''))
        .collect();
    if cleaned.is_empty()
        || cleaned
            .chars()
            .any(|c| c.is_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Num::Value)
}

fn integral_year(n: f64) -> Option<i32> {
    (n.fract() == 0.0 && (1900.0..=2100.0).contains(&n)).then_some(n as i32)
}

/// The fall that a count taken in this month belongs to: a count in the spring
/// term (January–June) belongs to the school year that began the fall before.
fn fall_of(year: i32, month: u32) -> i32 {
    if (1..7).contains(&month) {
        year - 1
    } else {
        year
    }
}

/// Four-digit years 1900–2100 in the text, with their byte offsets.
fn find_years(t: &str) -> Vec<(i32, usize, usize)> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4
                && let Ok(y) = t[start..i].parse::<i32>()
                && (1900..=2100).contains(&y)
            {
                out.push((y, start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The number right after a separator at `pos` (`-`, `/`, `.`, `年`, `—`, `–`).
fn number_after(t: &str, pos: usize) -> Option<(u32, usize, usize)> {
    let rest = &t[pos..];
    let mut chars = rest.char_indices();
    let (_, sep) = chars.next()?;
    if !matches!(sep, '-' | '/' | '.' | '年' | '—' | '–' | '~' | '至') {
        return None;
    }
    let digits_start = pos + sep.len_utf8();
    let digits: String = t[digits_start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let n = digits.parse().ok()?;
    Some((n, digits.len(), digits_start + digits.len()))
}

/// This calendar year, from the system clock (no fall after next year is data).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970 over the mean Gregorian year: right but for the last
    // hours of 31 December.
    1970 + (secs as f64 / 86_400.0 / 365.2425) as i32
}

/// The falls a file may hold: 1950 … next year.
pub fn plausible_fall(year: i32) -> bool {
    (1950..=current_year() + 1).contains(&year)
}

/// How a year label names its school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearForm {
    /// Both years: `2023-2024`, `2023/24`, `2023—2024学年`.
    SchoolYear,
    /// A count date: `2023-09-15`, `2024年3月`.
    Date,
    /// Says it is the fall: `2023年秋季`, `Fall 2023`.
    Fall,
    /// Says it is the spring: `2024年春季学期`, `Spring 2024`.
    Spring,
    /// A year alone (`2023`, `2023年`, `SY 2024`): which of the school
    /// year's two years it is depends on a convention.
    Bare,
}

/// The year a label names and how: the fall year where the label shows it
/// (a range, a date, a season), else the bare year as written.
pub fn parse_year_label(s: &str) -> Option<(i32, YearForm)> {
    let t = to_ascii_digits(s);
    let years = find_years(&t);
    let Some(&(y, _, end)) = years.first() else {
        return roc_year(&t).map(|y| (y, YearForm::SchoolYear));
    };
    if let Some((n, len, _)) = number_after(&t, end) {
        // 2023-2024, 2023/24: a school year, named by its fall.
        if (len == 4 && n as i32 == y + 1) || (len == 2 && n as i32 == (y + 1) % 100) {
            return Some((y, YearForm::SchoolYear));
        }
        // 2023-09-15, 2023年9月, 2023.9: a date.
        if (1..=12).contains(&n) && len <= 2 {
            return Some((fall_of(y, n), YearForm::Date));
        }
    }
    let lower = t.to_lowercase();
    if t.contains('春') || lower.contains("spring") {
        return Some((y - 1, YearForm::Spring));
    }
    if t.contains('秋') || lower.contains("fall") || lower.contains("autumn") {
        return Some((y, YearForm::Fall));
    }
    Some((y, YearForm::Bare))
}

/// The Republic of China (民国) calendar counts from 1912: year N is N + 1911.
pub const ROC_OFFSET: i32 = 1911;

/// A 民国 school year, as Taiwan's official tables write it: `民國113年`,
/// `113學年度`, `113学年`, `民国113学年度第1学期`. The school year 113 began
/// in the fall of 2024.
pub fn roc_year(t: &str) -> Option<i32> {
    let folded = crate::hant::fold(t);
    let t = folded.as_ref();
    let number_at = |from: usize| -> Option<(i32, usize)> {
        let digits: String = t[from..].chars().take_while(char::is_ascii_digit).collect();
        let n = digits.parse::<i32>().ok()?;
        (1..=200).contains(&n).then_some((n, from + digits.len()))
    };
    if let Some(i) = t.find("民国") {
        let start = i + "民国".len();
        let start = start + t[start..].len() - t[start..].trim_start().len();
        if let Some((n, _)) = number_at(start) {
            return Some(n + ROC_OFFSET);
        }
    }
    // `113学年度`: two or three digits just before 学年.
    let at = t.find("学年")?;
    let digits: String = t[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let n: i32 = digits.parse().ok()?;
    ((2..=3).contains(&digits.len()) && (1..=200).contains(&n)).then_some(n + ROC_OFFSET)
}

/// The fall year named by a year label, a school-year label or a date:
/// `2023`, `2023年`, `2023-2024学年`, `2023/24`, `2023年秋季`, `1998-09-18`,
/// `2024年春季学期` (spring term: the school year that began in 2023). A bare
/// year is taken as the fall's.
pub fn parse_fall_year(s: &str) -> Option<i32> {
    parse_year_label(s).map(|(y, _)| y)
}

impl Value {
    /// The cell as a year label (see [`parse_year_label`]); a number is a bare year.
    pub fn year_label(&self) -> Option<(i32, YearForm)> {
        match self {
            Value::Number(n) => integral_year(*n).map(|y| (y, YearForm::Bare)),
            Value::Date { year, month, .. } => Some((fall_of(*year, *month), YearForm::Date)),
            Value::Text(s) => parse_year_label(s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_planners_type_them() {
        let v = |s: &str| Value::text(s).number();
        assert_eq!(v("1,234"), Num::Value(1234.0));
        assert_eq!(v("１２３"), Num::Value(123.0));
        assert_eq!(v("45人"), Num::Value(45.0));
        assert_eq!(v(" 4 803 "), Num::Value(4803.0));
        assert_eq!(v("-"), Num::Blank);
        assert_eq!(v(""), Num::Blank);
        assert_eq!(v("-3"), Num::Value(-3.0));
        assert_eq!(v("12.5"), Num::Value(12.5));
        assert_eq!(v("abc"), Num::NotANumber("abc".into()));
        assert_eq!(v("四十"), Num::NotANumber("四十".into()));
        assert_eq!(v("*"), Num::Withheld("*".into()));
        assert_eq!(v("<10"), Num::Withheld("<10".into()));
        assert_eq!(v("n<5"), Num::Withheld("n<5".into()));
        assert_eq!(
            Value::Number(f64::NAN).number(),
            Num::NotANumber("NaN".into())
        );
    }

    #[test]
    fn roc_school_years() {
        assert_eq!(roc_year("民國113年"), Some(2024));
        assert_eq!(roc_year("113學年度"), Some(2024));
        assert_eq!(roc_year("民国 112 学年度第1学期"), Some(2023));
        assert_eq!(parse_fall_year("113學年度國民小學概況"), Some(2024));
        assert_eq!(roc_year("学年度"), None);
        assert_eq!(roc_year("2024学年"), None);
    }

    #[test]
    fn years_in_every_spelling() {
        let f = parse_fall_year;
        assert_eq!(f("2023"), Some(2023));
        assert_eq!(f("2023年"), Some(2023));
        assert_eq!(f("2023-2024学年"), Some(2023));
        assert_eq!(f("2023—2024学年度"), Some(2023));
        assert_eq!(f("2023/24"), Some(2023));
        assert_eq!(f("1998-09-18"), Some(1998));
        assert_eq!(f("2024-03-01"), Some(2023));
        assert_eq!(f("2023年9月"), Some(2023));
        assert_eq!(f("２０２３年秋季"), Some(2023));
        assert_eq!(f("2024年春季学期"), Some(2023));
        assert_eq!(f("城关镇2023年秋季学期在校生统计表"), Some(2023));
        assert_eq!(f("Sheet1"), None);
        assert_eq!(f("12345"), None);
        assert_eq!(Value::Number(2023.0).fall_year(), Some(2023));
        assert_eq!(Value::Number(45183.0).fall_year(), None);
        let d = Value::Date {
            year: 2023,
            month: 9,
            day: 15,
        };
        assert_eq!(d.fall_year(), Some(2023));
        assert_eq!(Value::text("2019年").calendar_year(), Some(2019));
        assert_eq!(parse_year_label("SY 2021"), Some((2021, YearForm::Bare)));
        assert_eq!(
            parse_year_label("2020-21"),
            Some((2020, YearForm::SchoolYear))
        );
        assert_eq!(
            parse_year_label("2020—2021学年"),
            Some((2020, YearForm::SchoolYear))
        );
        assert_eq!(parse_year_label("Fall 2023"), Some((2023, YearForm::Fall)));
        assert_eq!(
            parse_year_label("Spring 2024"),
            Some((2023, YearForm::Spring))
        );
        assert_eq!(
            Value::Number(2024.0).year_label(),
            Some((2024, YearForm::Bare))
        );
    }
}
