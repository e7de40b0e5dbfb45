//! Grades named in headers, in English ("Grade 2", "2nd", "K") and in
//! Chinese ("二年级", "初一", "小班").

use super::*;

/// One token that names a grade by itself: `k`, `pk`, `1st`, `g01`, `grade3`, `twelfth`.
pub(super) fn grade_token(t: &str) -> Option<GradeLabel> {
    match t {
        "k" | "kg" | "kdg" | "kinder" | "kindergarten" | "kindergarden" | "gk" | "gradek" => {
            return Some(GradeLabel::K);
        }
        "pk" | "prek" | "prekindergarten" | "prekinder" | "tk" | "pk4" | "prek4" | "vpk" => {
            return Some(PRE_K);
        }
        "pk3" | "prek3" => return Some(GradeLabel::Fixed(Grade(-2))),
        _ => {}
    }
    if let Some(i) = ORDINAL_WORDS.iter().position(|w| *w == t) {
        return fixed(i as i64 + 1);
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(d) = t.strip_suffix(suffix)
            && !d.is_empty()
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            return fixed(d.parse().ok()?);
        }
    }
    for prefix in ["grade", "grd", "gr", "g", "yr", "year", "y"] {
        if let Some(d) = t.strip_prefix(prefix)
            && !d.is_empty()
            && d.len() <= 2
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            return fixed(d.parse().ok()?);
        }
    }
    None
}

/// A grade header in English: the grade, then every other token must be
/// filler, a part word, a class word or a subset word.
pub(super) fn english_grade(tokens: &[String]) -> Option<Guess> {
    let mut grade = None;
    let mut bare = None;
    let mut used = vec![false; tokens.len()];
    // Two-token grades first: `pre k`, `transitional kindergarten`, `grade 01`, `gr k`.
    for i in 0..tokens.len() {
        let (a, b) = (tokens[i].as_str(), tokens.get(i + 1).map(String::as_str));
        let pair = match (a, b) {
            ("pre" | "transitional" | "tk", Some("k" | "kg" | "kindergarten" | "kinder")) => {
                Some(PRE_K)
            }
            // The US federal pre-school programme.
            ("head", Some("start")) => Some(PRE_K),
            ("grade" | "grd" | "gr" | "g" | "year" | "yr", Some(b)) => {
                grade_token(b).or_else(|| bare_number(b).map(bare_label))
            }
            _ => None,
        };
        if let Some(g) = pair {
            grade = Some(g);
            used[i] = true;
            used[i + 1] = true;
            break;
        }
    }
    if grade.is_none() {
        for (i, t) in tokens.iter().enumerate() {
            if let Some(g) = grade_token(t) {
                grade = Some(g);
                used[i] = true;
                break;
            }
        }
    }
    if grade.is_none() {
        for (i, t) in tokens.iter().enumerate() {
            if let Some(n) = bare_number(t) {
                bare = Some(n);
                used[i] = true;
                break;
            }
        }
    }
    if grade.is_none() && bare.is_none() {
        return None;
    }
    // `Grade 12+/Adult`, `Ungraded`: pupils outside the grades.
    if tokens
        .iter()
        .any(|t| matches!(t.as_str(), "adult" | "adults" | "ungraded" | "ug"))
    {
        return Some(Guess::role(Role::Ungraded));
    }
    let mut part = Part::Whole;
    let mut classes = false;
    for (t, _) in tokens.iter().zip(&used).filter(|(_, u)| !**u) {
        let t = t.as_str();
        if SUBSET.contains(&t) {
            part = Part::Subset;
        } else if CLASS_WORDS.contains(&t) {
            classes = true;
        } else if SPLIT.contains(&t) {
            if part != Part::Subset {
                part = Part::Split;
            }
        } else if !FILLER.contains(&t) {
            return None;
        }
    }
    Some(match grade {
        Some(g) => Guess {
            role: Some(if part == Part::Subset {
                Role::Subset
            } else if classes {
                Role::GradeClasses(g)
            } else {
                Role::GradePupils(g)
            }),
            part,
            ..Guess::default()
        },
        // A bare number with words beside it (`01 classes`) is not a grade.
        None if tokens.len() == 1 => Guess {
            bare,
            ..Guess::default()
        },
        None => return None,
    })
}

/// The grade a header names among other words, however loosely
/// (`PK SPED`, `State PK`, `Other PK`, `Head Start`, `Grade 3 ELL`): for a
/// column the file's own totals show to hold pupils of their own. With
/// `below_one`, only K and the years before it.
pub fn grade_named_in(label: &str, below_one: bool) -> Option<GradeLabel> {
    let toks = tokens(label);
    let found = toks
        .windows(2)
        .find_map(|w| match (w[0].as_str(), w[1].as_str()) {
            ("head", "start") => Some(PRE_K),
            ("pre", "k" | "kindergarten") => Some(PRE_K),
            ("grade" | "gr" | "g", b) => grade_token(b).or_else(|| bare_number(b).map(bare_label)),
            _ => None,
        })
        .or_else(|| toks.iter().find_map(|t| grade_token(t)))?;
    let early = match found {
        GradeLabel::Fixed(Grade(n)) => n < 1,
        GradeLabel::K => true,
        GradeLabel::Junior(_) => false,
    };
    (early || !below_one).then_some(found)
}

/// Chinese numerals and digits 1–12.
pub(super) fn zh_numeral(s: &str) -> Option<(i8, usize)> {
    const WORDS: [(&str, i8); 12] = [
        ("十二", 12),
        ("十一", 11),
        ("十", 10),
        ("一", 1),
        ("二", 2),
        ("三", 3),
        ("四", 4),
        ("五", 5),
        ("六", 6),
        ("七", 7),
        ("八", 8),
        ("九", 9),
    ];
    for (w, n) in WORDS {
        if s.starts_with(w) {
            return Some((n, w.len()));
        }
    }
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let n: i8 = digits.parse().ok()?;
        return (1..=12).contains(&n).then_some((n, digits.len()));
    }
    None
}

/// Find a Chinese grade in the text: (label, byte range).
pub(super) fn find_zh_grade(t: &str) -> Option<(GradeLabel, usize, usize)> {
    for (i, _) in t.char_indices() {
        let rest = &t[i..];
        for (word, g) in [
            ("学前班", GradeLabel::Fixed(Grade(0))),
            ("小班", GradeLabel::Fixed(Grade(-2))),
            ("中班", GradeLabel::Fixed(Grade(-1))),
            ("大班", GradeLabel::Fixed(Grade(0))),
        ] {
            if rest.starts_with(word) {
                return Some((g, i, i + word.len()));
            }
        }
        for (prefix, make) in [
            (
                "初",
                (|n| (1..=4).contains(&n).then_some(GradeLabel::Junior(n))) as fn(i8) -> _,
            ),
            ("高", |n| {
                (1..=3)
                    .contains(&n)
                    .then_some(GradeLabel::Fixed(Grade(9 + n)))
            }),
            ("小", |n| {
                (1..=6).contains(&n).then_some(GradeLabel::Fixed(Grade(n)))
            }),
            ("中", |n| {
                (1..=6)
                    .contains(&n)
                    .then_some(GradeLabel::Fixed(Grade(6 + n)))
            }),
        ] {
            if let Some(after) = rest.strip_prefix(prefix)
                && let Some((n, len)) = zh_numeral(after)
                && !after[len..].starts_with("年级")
                && let Some(g) = make(n)
            {
                return Some((g, i, i + prefix.len() + len));
            }
        }
        if let Some((n, len)) = zh_numeral(rest)
            && rest[len..].starts_with("年级")
        {
            return Some((GradeLabel::Fixed(Grade(n)), i, i + len + "年级".len()));
        }
    }
    None
}

/// A grade header in Chinese: 一年级, 初一人数, 一年级班数, 一年级男, 其中：女.
pub(super) fn chinese_grade(t: &str) -> Option<Guess> {
    let (mut grade, a, b) = find_zh_grade(t)?;
    let before = &t[..a];
    // 初中一年级 is the junior school's first year; 高中二年级 the senior's second.
    if let GradeLabel::Fixed(Grade(n)) = grade {
        if (before.ends_with("初中") || before.ends_with("初级中学")) && n <= 4 {
            grade = GradeLabel::Junior(n);
        } else if (before.ends_with("高中") || before.ends_with("高级中学")) && n <= 3 {
            grade = GradeLabel::Fixed(Grade(9 + n));
        }
    }
    let before = ["小学", "初中", "初级中学", "高中", "高级中学"]
        .iter()
        .find_map(|p| before.strip_suffix(p))
        .unwrap_or(before);
    let rest = format!("{}{}", before, &t[b..]);
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
    let has = |words: &[&str]| words.iter().any(|w| rest.contains(w));
    let (role, part) = if rest.starts_with("其中")
        || has(&[
            "新生",
            "招生",
            "毕业",
            "留级",
            "复读",
            "少数民族",
            "寄宿",
            "随迁",
            "留守",
            "残疾",
            "借读",
            "辍学",
            "流失",
            "转入",
            "转出",
            "比例",
            "%",
            "率",
            "平均",
            "占",
            "预计",
            "预测",
            "推估",
            "规划",
        ]) {
        (Role::Subset, Part::Subset)
    } else if has(&["班"]) {
        (Role::GradeClasses(grade), Part::Whole)
    } else if let Some(sex) = rest.strip_prefix('男').or_else(|| rest.strip_prefix('女'))
        && (matches!(sex, "" | "生" | "生数" | "生人数") || is_pupils_word(sex))
    {
        // 男 / 女, 1年級男學生數 + 1年級女學生數: the parts of a grade.
        (Role::GradePupils(grade), Part::Split)
    } else if is_pupils_word(rest) {
        (Role::GradePupils(grade), Part::Whole)
    } else {
        return None;
    };
    Some(Guess {
        role: Some(role),
        part,
        ..Guess::default()
    })
}
