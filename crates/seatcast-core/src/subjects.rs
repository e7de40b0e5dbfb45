//! The compulsory curriculum's subjects as rosters and staff tables name
//! them: the vocabulary the import reads subject columns and "subject
//! taught" cells with, and the teachers' stage keys its norms by.

/// The curriculum subject a roster's "subject taught" names: the default
/// subjects' keys, from their Chinese and English names and the names
/// rosters use (小学英语, 音乐, 物理, 思想品德 …). None: not a subject of the
/// compulsory curriculum (or not recognised).
pub fn subject_key(text: &str) -> Option<&'static str> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    // Most specific first: 信息技术 before 技术, 道德与法治 before 法治.
    const KEYS: [(&str, &[&str]); 10] = [
        (
            "it",
            &[
                "信息",
                "计算机",
                "电脑",
                "information",
                "computing",
                "ict",
                "it",
            ],
        ),
        (
            "morality",
            &[
                "道德", "品德", "思品", "思想", "政治", "morality", "civics", "ethics",
            ],
        ),
        ("chinese", &["语文", "汉语", "chinese"]),
        ("maths", &["数学", "math"]),
        (
            "foreign",
            &["英语", "外语", "日语", "俄语", "english", "foreign"],
        ),
        (
            "history_geography",
            &["历史", "地理", "history", "geography"],
        ),
        (
            "science",
            &[
                "科学",
                "物理",
                "化学",
                "生物",
                "science",
                "physics",
                "chemistry",
                "biology",
            ],
        ),
        ("pe", &["体育", "体健", "pe", "physical", "sport"]),
        (
            "arts",
            &[
                "艺术", "音乐", "美术", "舞蹈", "书法", "art", "arts", "music", "drawing",
            ],
        ),
        (
            "practice",
            &[
                "劳动", "综合", "实践", "地方", "校本", "心理", "labour", "practice",
            ],
        ),
    ];
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    KEYS.iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                if n.is_ascii() {
                    // English: whole words ("it" is not in "written"), or a prefix of one.
                    words
                        .iter()
                        .any(|w| w == n || (n.len() > 3 && w.starts_with(n)))
                } else {
                    t.contains(n)
                }
            })
        })
        .map(|(key, _)| *key)
}

/// A column header that is a subject's name and nothing more (语文, 数学教师,
/// 音乐（人）, `English`, `PE teachers`): the subject's key. Stricter than
/// [`subject_key`], so a header such as 体育运动场馆面积 is not a subject.
pub fn subject_header(text: &str) -> Option<&'static str> {
    let mut t: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Units in brackets: 语文（人）, english (fte).
    if let Some(i) = t.find(['（', '(']) {
        t.truncate(i);
    }
    for suffix in [
        "专任教师",
        "教师数",
        "教师",
        "老师",
        "人数",
        "teachers",
        "teacher",
        "staff",
    ] {
        if let Some(stem) = t.strip_suffix(suffix)
            && !stem.is_empty()
        {
            t = stem.to_string();
            break;
        }
    }
    const NAMES: [&str; 46] = [
        "语文",
        "数学",
        "英语",
        "外语",
        "日语",
        "俄语",
        "道德与法治",
        "道德与法制",
        "品德",
        "思品",
        "思想品德",
        "政治",
        "思想政治",
        "历史",
        "地理",
        "历史与社会",
        "物理",
        "化学",
        "生物",
        "科学",
        "信息技术",
        "信息科技",
        "体育",
        "体育与健康",
        "音乐",
        "美术",
        "艺术",
        "劳动",
        "综合实践",
        "综合实践活动",
        "心理健康",
        "chinese",
        "maths",
        "math",
        "mathematics",
        "english",
        "science",
        "history",
        "geography",
        "music",
        "art",
        "arts",
        "pe",
        "physicaleducation",
        "it",
        "ict",
    ];
    if NAMES.contains(&t.as_str()) {
        subject_key(&t)
    } else {
        None
    }
}
