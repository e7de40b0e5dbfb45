//! What one header cell says, in Chinese or English: the column's role, and
//! for a grade column whether it holds the whole grade, a part to add (K
//! full-day + part-time, 男 + 女) or a part already counted elsewhere
//! (其中：女, of which boarders).
//!
//! Words are matched as tokens, not as whole strings, so `Schl ID`,
//! `ORG_ID`, `Corp ID`, `1st`, `Gr 01`, `G01`, `Full-Day K`, `02'`,
//! `一年级人数`, `其中：女` are read by the same few rules rather than a list
//! that grows with every file.

use crate::grades::{Grade, GradeLabel, normalize_label, parse_grade_label};
mod words;
use words::*;
mod grade_words;
pub use grade_words::grade_named_in;
use grade_words::*;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The school's id (学校代码, 学校标识码).
    SchoolId,
    /// The id of the body a school belongs to (district, corporation,
    /// township): part of the school's key where school ids repeat under it.
    ParentId,
    /// The school's name.
    SchoolName,
    /// The name of that body.
    ParentName,
    /// The level (学段): 小学, 初中, 九年一贯制 …
    Level,
    /// The grades taught (开设年级): `1–6`, `K–5`.
    GradeSpan,
    /// The township or street (乡镇/街道): a school's, or a births row's.
    Area,
    /// The city or county above the area (縣市名稱, 县市): two areas of one
    /// name in two cities stay two areas.
    City,
    /// 城区 / 镇区 / 乡村 (城乡类型).
    Locale,
    /// X on the roster's own plane, km.
    X,
    /// Y on the roster's own plane, km.
    Y,
    /// Longitude, degrees, in the datum the header or the setting names.
    Lon,
    /// Latitude, degrees, in the datum the header or the setting names.
    Lat,
    /// Classrooms (教室数).
    Classrooms,
    /// Approved seats (核定学位).
    Capacity,
    /// Pupils boarding at the school (寄宿生数).
    Boarders,
    /// Beds for boarders (床位数, 宿舍床位).
    Beds,
    /// Who runs the school (办学性质: 公办 / 民办; 举办者).
    Ownership,
    /// How remote the school is (Taiwan's 地區屬性: 偏遠 / 特偏 / 極偏).
    Remoteness,
    /// The school its graduates go on to (对口学校), by id or name.
    Feeder,
    /// The first fall the school operates (开办年份).
    Opened,
    /// The first fall the school no longer operates (撤并年份).
    Closed,
    /// The year of a row: the fall of the school year for enrolment and
    /// facilities, the calendar year for births.
    Year,
    /// The grade of a row (long layout, row-per-pupil exports).
    Grade,
    /// Pupils (在校生数): of the row's grade in the long layout, else the
    /// school's total.
    Pupils,
    /// Classes (班级数) of the row's grade.
    Classes,
    /// The class (班级) a row is of: a class's rows are summed into its grade; a
    /// pupil's class counts as one of the grade's classes.
    Section,
    /// Births of the row's area and year.
    Births,
    /// A total (合计) of the row's grades, checked against them.
    Total,
    /// Pupils of one grade (wide layout).
    GradePupils(GradeLabel),
    /// Classes of one grade (wide layout with 班数 / 人数 pairs).
    GradeClasses(GradeLabel),
    /// Births of one year (areas × years layout).
    YearValue(i32),
    /// Pupils in no grade (ungraded, adult programmes): part of a file's
    /// total, not projected.
    Ungraded,
    /// Part of a grade already counted in another column (其中：女, of which
    /// boarders, a grade's male/female split beside its total): not added.
    Subset,
    /// One pupil per row (学籍 exports): the pupil's number, name, sex, birth date.
    StudentId,
    /// A person's name (a pupil's; on a staff roster, the member of staff's).
    StudentName,
    /// A person's sex (性别), pupil or staff.
    Sex,
    /// A person's birth date (出生日期), pupil or staff.
    BirthDate,
    /// When a pupil entered the school (入学年月): never the year of a count.
    EntryDate,
    /// Someone's projection or estimate (预测, 推估, Projected): never read
    /// as observed pupils.
    Projection,
    /// One member of staff per row (教职工花名册): staff number, subject
    /// taught, post, 编制 status, 骨干 level, year of arrival at the school.
    StaffId,
    /// The subject taught (任教学科).
    Subject,
    /// The post (岗位类别): 专任, 行政, 教辅, 工勤.
    Post,
    /// 编制 status: 在编, 非在编, 临聘.
    Establishment,
    /// 骨干 level: county (县级) or above counts, 校级 does not.
    Backbone,
    /// The year a member of staff came to the school (到校年份).
    Arrived,
    /// 最高学历.
    Qualification,
    /// 职称.
    Title,
    /// Teachers counted (a staff table by school and subject, not a row each).
    StaffCount,
    /// 办学条件: 教学及辅助用房面积 (m²).
    FloorArea,
    /// 体育运动场馆面积 (m²).
    SportsArea,
    /// 教学仪器设备值 (元; 万元 headers are scaled).
    EquipmentValue,
    /// 网络多媒体教室数.
    MultimediaRooms,
    /// Left out, as the planner said in a column mapping.
    Ignore,
}

impl Role {
    /// Roles that only a roster carries.
    pub fn is_roster(self) -> bool {
        matches!(
            self,
            Role::Level
                | Role::GradeSpan
                | Role::Locale
                | Role::X
                | Role::Y
                | Role::Lon
                | Role::Lat
                | Role::Classrooms
                | Role::Capacity
                | Role::Boarders
                | Role::Beds
                | Role::Ownership
                | Role::Remoteness
                | Role::Feeder
                | Role::Opened
                | Role::Closed
        )
    }

    /// A school's facilities (办学条件).
    pub fn is_facility(self) -> bool {
        matches!(
            self,
            Role::FloorArea | Role::SportsArea | Role::EquipmentValue | Role::MultimediaRooms
        )
    }

    /// Roles only a staff roster carries.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::StaffId
                | Role::Subject
                | Role::Post
                | Role::Establishment
                | Role::Backbone
                | Role::Arrived
                | Role::Qualification
                | Role::Title
                | Role::StaffCount
        )
    }

    /// Roles of a row-per-pupil export.
    pub fn is_student(self) -> bool {
        matches!(
            self,
            Role::StudentId | Role::StudentName | Role::Sex | Role::BirthDate | Role::EntryDate
        )
    }
}

/// How a grade column stands to its grade's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// The whole grade.
    #[default]
    Whole,
    /// One of several columns that add up to the grade (full-day + part-time, 男 + 女).
    Split,
    /// Already counted in another column (其中：女); never added.
    Subset,
}

/// Which year of a school year a header says its bare years name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YearConvention {
    /// 2023 is the school year 2023–24 (Chinese files, Seatcast's template).
    Fall,
    /// 2024 is the school year 2023–24 (`SY 2024`, many US files).
    Spring,
}

/// What one header cell says.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Guess {
    /// The column's role, if the cell names one.
    pub role: Option<Role>,
    /// For a grade column: whole, a part to add, or a part already counted.
    pub part: Part,
    /// A bare number (`01`, `3`, `02'`): a grade only in a row of others like it.
    pub bare: Option<i8>,
    /// For a year column, what its header says of the convention (`SY`, `Fall`).
    pub years: Option<YearConvention>,
}

impl Guess {
    fn role(role: Role) -> Guess {
        Guess {
            role: Some(role),
            ..Guess::default()
        }
    }
}

/// Strip bracketed units: 教室数（间） → 教室数, Capacity (seats) → capacity.
pub fn strip_units(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Whether a label is written in Chinese.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// Lower-case tokens of a header: runs of letters and digits; `%` alone.
/// `K_Full` → [k, full]; `Full-Day K` → [full, day, k]; `02'` → [02].
fn tokens(text: &str) -> Vec<String> {
    let ascii = crate::import::value::to_ascii_digits(text);
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in ascii.chars().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_ascii_alphanumeric() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if c == '%' || c == '#' {
                out.push(c.to_string());
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const ORDINAL_WORDS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

fn fixed(n: i64) -> Option<GradeLabel> {
    (1..=12)
        .contains(&n)
        .then_some(GradeLabel::Fixed(Grade(n as i8)))
}

/// Pre-kindergarten, a year below K (age 4); PK3 two years below.
const PRE_K: GradeLabel = GradeLabel::Fixed(Grade(-1));

fn bare_number(t: &str) -> Option<i8> {
    if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i8 = t.parse().ok()?;
    (0..=12).contains(&n).then_some(n)
}

/// Words that make a column one part of its grade: the parts add up.
const SPLIT: &[&str] = &[
    "full", "part", "half", "day", "fullday", "halfday", "partday", "time", "fulltime", "parttime",
    "ft", "pt", "am", "pm", "male", "female", "males", "females", "m", "f", "boys", "girls", "boy",
    "girl",
];
/// Words that make a column the classes of its grade.
const CLASS_WORDS: &[&str] = &[
    "classes",
    "class",
    "sections",
    "section",
    "sect",
    "cls",
    "homerooms",
    "groups",
];
fn bare_label(n: i8) -> GradeLabel {
    if n == 0 {
        GradeLabel::K
    } else {
        GradeLabel::Fixed(Grade(n))
    }
}

/// What stands beside a grade in a header of its pupils: 人数, 学生数, 合计.
fn is_pupils_word(rest: &str) -> bool {
    matches!(
        rest,
        "" | "人数"
            | "学生数"
            | "在校生数"
            | "在校生"
            | "学生"
            | "在校学生数"
            | "人"
            | "数"
            | "合计"
            | "小计"
            | "总计"
            | "学生人数"
            | "生数"
            | "在校学生"
    )
}

const NAME_WORDS: &[&str] = &["name", "nm", "title", "label"];
/// School words that alone do not make a column the school's name.
const LOOSE_SCHOOL_WORDS: &[&str] = &[
    "unit", "site", "location", "loc", "entity", "facility", "org",
];

/// Ids and names told apart, with whose they are: `Schl ID`, `ORG_ID`,
/// `Corp ID`, `School Name`, `Corp Name`, `District Code`.
fn id_or_name(tokens: &[String]) -> Option<Role> {
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(&t.as_str()));
    let id = has(ID_WORDS);
    let name = has(NAME_WORDS);
    let parent = has(PARENT_WORDS);
    let school = has(SCHOOL_WORDS);
    // Every token must be one of these words, or it is some other column
    // (`Phone No`, `Zip Code`).
    let known = tokens.iter().all(|t| {
        let t = t.as_str();
        ID_WORDS.contains(&t)
            || NAME_WORDS.contains(&t)
            || PARENT_WORDS.contains(&t)
            || SCHOOL_WORDS.contains(&t)
            || matches!(t, "state" | "local" | "official" | "full" | "short")
    });
    // With other words beside them, an id or name counts only when it says whose
    // (`IDOE_SCHOOL_ID`, but not `Phone No`).
    if !known && !((id || name) && (school || parent)) {
        return None;
    }
    match (id, name, parent, school) {
        (true, _, true, false) => Some(Role::ParentId),
        (true, _, _, _) => Some(Role::SchoolId),
        (false, true, true, false) => Some(Role::ParentName),
        (false, true, _, _) => Some(Role::SchoolName),
        // A school word alone names the school, but `Unit`, `Site` or
        // `Location` alone is as often a code or an address.
        (false, false, false, true) => tokens
            .iter()
            .all(|t| !LOOSE_SCHOOL_WORDS.contains(&t.as_str()))
            .then_some(Role::SchoolName),
        (false, false, true, false) => Some(Role::ParentName),
        _ => None,
    }
}

/// A school year's header that says which of its two years a bare year names.
fn year_header(tokens: &[String], t: &str) -> Option<Guess> {
    let spring = Guess {
        role: Some(Role::Year),
        years: Some(YearConvention::Spring),
        ..Guess::default()
    };
    let fall = Guess {
        role: Some(Role::Year),
        years: Some(YearConvention::Fall),
        ..Guess::default()
    };
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["sy"] | ["school", "year", "ending"] | ["year", "ending"] | ["end", "year"] => {
            Some(spring)
        }
        ["spring", "year"] | ["spring"] | ["fy"] | ["fiscal", "year"] => Some(spring),
        ["fall"] | ["fall", "year"] | ["autumn"] | ["fall", "of"] => Some(fall),
        _ => match t {
            "秋季" | "秋季学期" | "秋季年份" => Some(fall),
            _ => None,
        },
    }
}

/// Recognise one header cell's text.
pub fn guess_text(s: &str) -> Guess {
    // Traditional characters read as simplified (學校名稱 → 学校名称).
    let folded = crate::hant::fold(s);
    let s = folded.as_ref();
    let full = normalize_label(s);
    let t = strip_units(&full);
    if t.is_empty() {
        return Guess::default();
    }
    // Bracketed words stay in the tokens: `K (Full-Day)` is a part of K.
    let toks = tokens(s);
    if is_projection(&t, &toks) {
        return Guess::role(Role::Projection);
    }
    if let Some(g) = year_header(&toks, &t) {
        return g;
    }
    if let Some(&(_, role)) = EXACT.iter().find(|(k, _)| *k == t || *k == full) {
        return Guess::role(role);
    }
    if has_cjk(&t) {
        if let Some(g) = chinese_grade(&t) {
            return g;
        }
    } else if let Some(g) = english_grade(&toks) {
        return g;
    }
    // A year as a column header: 2019, 2019年 (births by area and year).
    if let Some(y) = year_value_header(&t) {
        return Guess::role(Role::YearValue(y));
    }
    if !has_cjk(&t)
        && let Some(role) = id_or_name(&toks)
    {
        return Guess::role(role);
    }
    // The older lists' grade labels (`KG1`, `Y3`): still grades.
    if let Some(g) = parse_grade_label(&t, false) {
        return Guess::role(Role::GradePupils(g));
    }
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    // Looser matches, most specific first.
    let role = if has(&["学籍", "身份证"]) {
        Role::StudentId
    } else if has(&["入学", "入校"]) {
        Role::EntryDate
    } else if has(&["出生日期", "出生年月", "birthdate", "dateofbirth"]) {
        Role::BirthDate
    } else if has(&["标识码", "学校代码", "学校编码", "schoolid", "schoolcode"]) {
        Role::SchoolId
    } else if has(&["学校名称", "校名", "schoolname"]) {
        Role::SchoolName
    } else if has(&["出生", "birth"]) {
        Role::Births
    } else if has(&["经度", "longitude"]) {
        Role::Lon
    } else if has(&["纬度", "latitude"]) {
        Role::Lat
    } else if has(&["对口", "feeder"]) {
        Role::Feeder
    } else if has(&["核定学位", "学位", "capacity"]) {
        Role::Capacity
    } else if has(&["教室", "classroom"]) {
        Role::Classrooms
    } else if has(&["班级数", "班数", "教学班"]) {
        Role::Classes
    } else if has(&["合计", "总计", "小计", "总数"]) {
        Role::Total
    } else if has(&["在校生", "学生数", "学生人数", "enrol", "student", "pupil"]) {
        Role::Pupils
    } else if has(&["乡镇", "街道", "township"]) {
        Role::Area
    } else if has(&["城乡"]) {
        Role::Locale
    } else if has(&["学段", "办学类型", "学校类型"]) {
        Role::Level
    } else if has(&["学年", "年份", "schoolyear"]) {
        Role::Year
    } else {
        return Guess::default();
    };
    Guess::role(role)
}

/// A header of someone's projections or estimates: 推估, 预测, 预计, 规划,
/// 估计, `Projected`, `Forecast`, `Estimate`.
fn is_projection(t: &str, tokens: &[String]) -> bool {
    ["推估", "预测", "预计", "规划", "估计", "预估"]
        .iter()
        .any(|w| t.contains(w))
        || tokens.iter().any(|w| {
            matches!(
                w.as_str(),
                "projected"
                    | "projection"
                    | "projections"
                    | "forecast"
                    | "forecasted"
                    | "estimate"
                    | "estimated"
                    | "estimates"
                    | "est"
                    | "planned"
            )
        })
}

/// `2019`, `2019年`, `2019年出生` as a column header.
fn year_value_header(t: &str) -> Option<i32> {
    let digits = t
        .trim_end_matches("年")
        .trim_end_matches("出生")
        .trim_end_matches("年");
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = digits.parse().ok()?;
        return (1900..=2100).contains(&y).then_some(y);
    }
    None
}

#[cfg(test)]
mod tests;
