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

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SchoolId,
    /// The id of the body a school belongs to (district, corporation,
    /// township): part of the school's key where school ids repeat under it.
    ParentId,
    SchoolName,
    /// The name of that body.
    ParentName,
    Level,
    GradeSpan,
    Area,
    Locale,
    X,
    Y,
    Lon,
    Lat,
    Classrooms,
    Capacity,
    /// Pupils boarding at the school (寄宿生数).
    Boarders,
    Feeder,
    Opened,
    Closed,
    Year,
    Grade,
    Pupils,
    Classes,
    Section,
    Births,
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
    StudentName,
    Sex,
    BirthDate,
    /// When a pupil entered the school (入学年月): never the year of a count.
    EntryDate,
    /// Someone's projection or estimate (预测, 推估, Projected): never read
    /// as observed pupils.
    Projection,
    /// One member of staff per row (教职工花名册): staff number, subject
    /// taught, post, 编制 status, 骨干 level, year of arrival at the school.
    StaffId,
    Subject,
    Post,
    Establishment,
    Backbone,
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

/// Exact names, after [`normalize_label`] and with bracketed units removed.
const EXACT: &[(&str, Role)] = &[
    // pupils one by one (学籍): before births, which share 出生
    ("学籍号", Role::StudentId),
    ("全国学籍号", Role::StudentId),
    ("国网学籍号", Role::StudentId),
    ("学籍辅号", Role::StudentId),
    ("个人标识码", Role::StudentId),
    ("身份证号", Role::StudentId),
    ("身份证号码", Role::StudentId),
    ("身份证件号", Role::StudentId),
    ("身份证件号码", Role::StudentId),
    ("学号", Role::StudentId),
    ("学生编号", Role::StudentId),
    ("studentid", Role::StudentId),
    ("studentnumber", Role::StudentId),
    ("pupilid", Role::StudentId),
    // staff one by one (教职工花名册)
    ("工号", Role::StaffId),
    ("职工号", Role::StaffId),
    ("教职工号", Role::StaffId),
    ("教师编号", Role::StaffId),
    ("教职工编号", Role::StaffId),
    ("人员编号", Role::StaffId),
    ("staffid", Role::StaffId),
    ("staffnumber", Role::StaffId),
    ("teacherid", Role::StaffId),
    ("employeeid", Role::StaffId),
    ("教师姓名", Role::StudentName),
    ("教职工姓名", Role::StudentName),
    ("职工姓名", Role::StudentName),
    ("teachername", Role::StudentName),
    ("staffname", Role::StudentName),
    ("任教学科", Role::Subject),
    ("任教科目", Role::Subject),
    ("所教学科", Role::Subject),
    ("主要任教学科", Role::Subject),
    ("主教学科", Role::Subject),
    ("任教课程", Role::Subject),
    ("学科", Role::Subject),
    ("subject", Role::Subject),
    ("subjecttaught", Role::Subject),
    ("mainsubject", Role::Subject),
    ("岗位", Role::Post),
    ("岗位类别", Role::Post),
    ("岗位类型", Role::Post),
    ("人员类别", Role::Post),
    ("教职工类别", Role::Post),
    ("post", Role::Post),
    ("stafftype", Role::Post),
    ("编制", Role::Establishment),
    ("编制情况", Role::Establishment),
    ("编制类别", Role::Establishment),
    ("编制类型", Role::Establishment),
    ("是否在编", Role::Establishment),
    ("用工形式", Role::Establishment),
    ("用工性质", Role::Establishment),
    ("establishment", Role::Establishment),
    ("contract", Role::Establishment),
    ("employment", Role::Establishment),
    ("教学及辅助用房面积", Role::FloorArea),
    ("教学及辅助用房", Role::FloorArea),
    ("教学辅助用房面积", Role::FloorArea),
    ("教学用房面积", Role::FloorArea),
    ("teachingfloorarea", Role::FloorArea),
    ("teachingandauxiliaryfloorarea", Role::FloorArea),
    ("floorarea", Role::FloorArea),
    ("体育运动场馆面积", Role::SportsArea),
    ("体育运动场馆", Role::SportsArea),
    ("运动场地面积", Role::SportsArea),
    ("体育场馆面积", Role::SportsArea),
    ("sportsarea", Role::SportsArea),
    ("sportsgroundarea", Role::SportsArea),
    ("教学仪器设备值", Role::EquipmentValue),
    ("教学仪器设备总值", Role::EquipmentValue),
    ("仪器设备值", Role::EquipmentValue),
    ("equipmentvalue", Role::EquipmentValue),
    ("teachingequipmentvalue", Role::EquipmentValue),
    ("网络多媒体教室数", Role::MultimediaRooms),
    ("网络多媒体教室", Role::MultimediaRooms),
    ("多媒体教室数", Role::MultimediaRooms),
    ("multimediaclassrooms", Role::MultimediaRooms),
    ("multimediarooms", Role::MultimediaRooms),
    ("学历", Role::Qualification),
    ("最高学历", Role::Qualification),
    ("第一学历", Role::Qualification),
    ("qualification", Role::Qualification),
    ("highestqualification", Role::Qualification),
    ("highesteducation", Role::Qualification),
    ("职称", Role::Title),
    ("专业技术职称", Role::Title),
    ("专业技术职务", Role::Title),
    ("professionaltitle", Role::Title),
    ("teachertitle", Role::Title),
    ("教师数", Role::StaffCount),
    ("教师人数", Role::StaffCount),
    ("专任教师数", Role::StaffCount),
    ("教职工数", Role::StaffCount),
    ("numberofteachers", Role::StaffCount),
    ("骨干", Role::Backbone),
    ("骨干教师", Role::Backbone),
    ("骨干级别", Role::Backbone),
    ("骨干教师级别", Role::Backbone),
    ("backbone", Role::Backbone),
    ("keyteacher", Role::Backbone),
    ("到校时间", Role::Arrived),
    ("到校年份", Role::Arrived),
    ("到校年月", Role::Arrived),
    ("来校时间", Role::Arrived),
    ("来校年月", Role::Arrived),
    ("调入本校时间", Role::Arrived),
    ("调入本校年月", Role::Arrived),
    ("到本校时间", Role::Arrived),
    ("进入本校年月", Role::Arrived),
    ("本校任教起始年月", Role::Arrived),
    ("arrived", Role::Arrived),
    ("yearjoined", Role::Arrived),
    ("yearofarrival", Role::Arrived),
    ("姓名", Role::StudentName),
    ("学生姓名", Role::StudentName),
    ("studentname", Role::StudentName),
    ("pupilname", Role::StudentName),
    ("性别", Role::Sex),
    ("sex", Role::Sex),
    ("gender", Role::Sex),
    ("入学年月", Role::EntryDate),
    ("入学日期", Role::EntryDate),
    ("入学时间", Role::EntryDate),
    ("入学年份", Role::EntryDate),
    ("入学年度", Role::EntryDate),
    ("入校年月", Role::EntryDate),
    ("entrydate", Role::EntryDate),
    ("enrollmentdate", Role::EntryDate),
    ("enrolmentdate", Role::EntryDate),
    ("dateofentry", Role::EntryDate),
    ("出生日期", Role::BirthDate),
    ("出生年月", Role::BirthDate),
    ("出生年月日", Role::BirthDate),
    ("birthdate", Role::BirthDate),
    ("dateofbirth", Role::BirthDate),
    ("dob", Role::BirthDate),
    ("birthday", Role::BirthDate),
    // school id and name
    ("学校标识码", Role::SchoolId),
    ("学校代码", Role::SchoolId),
    ("学校编码", Role::SchoolId),
    ("学校编号", Role::SchoolId),
    ("学校识别码", Role::SchoolId),
    ("标识码", Role::SchoolId),
    ("代码", Role::SchoolId),
    ("编号", Role::SchoolId),
    ("学校名称", Role::SchoolName),
    ("学校", Role::SchoolName),
    ("校名", Role::SchoolName),
    ("单位名称", Role::SchoolName),
    ("学校(单位)名称", Role::SchoolName),
    ("区县代码", Role::ParentId),
    ("县区代码", Role::ParentId),
    ("行政区划代码", Role::ParentId),
    ("区划代码", Role::ParentId),
    ("乡镇代码", Role::ParentId),
    ("举办者代码", Role::ParentId),
    ("主管部门代码", Role::ParentId),
    ("区县", Role::ParentName),
    ("县区", Role::ParentName),
    ("所属区县", Role::ParentName),
    ("县(区)", Role::ParentName),
    // level and span
    ("学段", Role::Level),
    ("办学类型", Role::Level),
    ("学校类型", Role::Level),
    ("学校类别", Role::Level),
    ("类型", Role::Level),
    ("类别", Role::Level),
    ("level", Role::Level),
    ("type", Role::Level),
    ("schooltype", Role::Level),
    ("schoollevel", Role::Level),
    ("年级范围", Role::GradeSpan),
    ("开设年级", Role::GradeSpan),
    ("年级跨度", Role::GradeSpan),
    ("grades", Role::GradeSpan),
    ("gradespan", Role::GradeSpan),
    ("graderange", Role::GradeSpan),
    ("gradesserved", Role::GradeSpan),
    ("gradesoffered", Role::GradeSpan),
    // area
    ("乡镇", Role::Area),
    ("街道", Role::Area),
    ("乡镇/街道", Role::Area),
    ("乡镇(街道)", Role::Area),
    ("所属乡镇", Role::Area),
    ("所在乡镇", Role::Area),
    ("所属乡镇(街道)", Role::Area),
    ("区域", Role::Area),
    ("片区", Role::Area),
    ("所在区县", Role::Area),
    ("行政区", Role::Area),
    ("所属街道", Role::Area),
    ("所在街道", Role::Area),
    ("镇街", Role::Area),
    ("所属镇街", Role::Area),
    ("所属区域", Role::Area),
    ("地区", Role::Area),
    ("area", Role::Area),
    ("township", Role::Area),
    ("town", Role::Area),
    ("district", Role::Area),
    ("zone", Role::Area),
    // locale
    ("城乡类型", Role::Locale),
    ("城乡分类", Role::Locale),
    ("城乡", Role::Locale),
    ("城乡属性", Role::Locale),
    ("城乡分类代码", Role::Locale),
    ("locale", Role::Locale),
    ("urban/rural", Role::Locale),
    ("urbanrural", Role::Locale),
    ("class", Role::Locale),
    // coordinates
    ("x", Role::X),
    ("xkm", Role::X),
    ("坐标x", Role::X),
    ("x坐标", Role::X),
    ("y", Role::Y),
    ("ykm", Role::Y),
    ("坐标y", Role::Y),
    ("y坐标", Role::Y),
    ("经度", Role::Lon),
    ("lon", Role::Lon),
    ("lng", Role::Lon),
    ("long", Role::Lon),
    ("longitude", Role::Lon),
    ("纬度", Role::Lat),
    ("lat", Role::Lat),
    ("latitude", Role::Lat),
    // capacity
    ("教室数", Role::Classrooms),
    ("普通教室", Role::Classrooms),
    ("普通教室数", Role::Classrooms),
    ("教室", Role::Classrooms),
    ("classrooms", Role::Classrooms),
    ("rooms", Role::Classrooms),
    ("核定学位", Role::Capacity),
    ("核定学位数", Role::Capacity),
    ("学位数", Role::Capacity),
    ("学位", Role::Capacity),
    ("capacity", Role::Capacity),
    ("seats", Role::Capacity),
    ("approvedseats", Role::Capacity),
    ("approvedcapacity", Role::Capacity),
    ("寄宿生数", Role::Boarders),
    ("寄宿生", Role::Boarders),
    ("寄宿学生数", Role::Boarders),
    ("住校生数", Role::Boarders),
    ("住校生", Role::Boarders),
    ("boarders", Role::Boarders),
    ("boardingpupils", Role::Boarders),
    ("boardingstudents", Role::Boarders),
    // feeder
    ("对口初中", Role::Feeder),
    ("对口学校", Role::Feeder),
    ("对口中学", Role::Feeder),
    ("升学去向", Role::Feeder),
    ("feeder", Role::Feeder),
    ("feedsinto", Role::Feeder),
    ("feederschool", Role::Feeder),
    ("feedsto", Role::Feeder),
    // opened / closed
    ("建校年份", Role::Opened),
    ("开办年份", Role::Opened),
    ("开办年", Role::Opened),
    ("启用年份", Role::Opened),
    ("opened", Role::Opened),
    ("openyear", Role::Opened),
    ("yearopened", Role::Opened),
    ("撤并年份", Role::Closed),
    ("停办年份", Role::Closed),
    ("关闭年份", Role::Closed),
    ("closed", Role::Closed),
    ("closeyear", Role::Closed),
    ("yearclosed", Role::Closed),
    // enrolment
    ("年份", Role::Year),
    ("年度", Role::Year),
    ("学年", Role::Year),
    ("学年度", Role::Year),
    ("统计年份", Role::Year),
    ("年", Role::Year),
    ("year", Role::Year),
    ("schoolyear", Role::Year),
    ("yr", Role::Year),
    ("academicyear", Role::Year),
    ("年级", Role::Grade),
    ("grade", Role::Grade),
    ("gradelevel", Role::Grade),
    ("在校生数", Role::Pupils),
    ("在校生", Role::Pupils),
    ("在校学生数", Role::Pupils),
    ("学生数", Role::Pupils),
    ("学生人数", Role::Pupils),
    ("人数", Role::Pupils),
    ("students", Role::Pupils),
    ("pupils", Role::Pupils),
    ("enrolment", Role::Pupils),
    ("enrollment", Role::Pupils),
    ("count", Role::Pupils),
    ("headcount", Role::Pupils),
    ("班级数", Role::Classes),
    ("班数", Role::Classes),
    ("教学班数", Role::Classes),
    ("classes", Role::Classes),
    ("sections", Role::Classes),
    ("班级", Role::Section),
    ("班号", Role::Section),
    ("班别", Role::Section),
    ("所在班级", Role::Section),
    ("section", Role::Section),
    ("homeroom", Role::Section),
    ("出生人口", Role::Births),
    ("出生数", Role::Births),
    ("出生人数", Role::Births),
    ("出生人口数", Role::Births),
    ("births", Role::Births),
    ("合计", Role::Total),
    ("总计", Role::Total),
    ("小计", Role::Total),
    ("共计", Role::Total),
    ("总数", Role::Total),
    ("总人数", Role::Total),
    ("学生总数", Role::Total),
    ("在校生合计", Role::Total),
    ("total", Role::Total),
    ("totals", Role::Total),
    ("grandtotal", Role::Total),
    ("totalenrollment", Role::Total),
    ("totalenrolment", Role::Total),
    ("enrollmenttotal", Role::Total),
    ("totalstudents", Role::Total),
    ("totalpupils", Role::Total),
    ("allgrades", Role::Total),
    ("ungraded", Role::Ungraded),
    ("ug", Role::Ungraded),
    ("adult", Role::Ungraded),
    ("未分年级", Role::Ungraded),
];

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

/// One token that names a grade by itself: `k`, `pk`, `1st`, `g01`, `grade3`, `twelfth`.
fn grade_token(t: &str) -> Option<GradeLabel> {
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

fn bare_number(t: &str) -> Option<i8> {
    if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i8 = t.parse().ok()?;
    (0..=12).contains(&n).then_some(n)
}

/// Words beside a grade that change nothing: `Grade 1 students`.
const FILLER: &[&str] = &[
    "grade",
    "grd",
    "gr",
    "g",
    "level",
    "lvl",
    "enrollment",
    "enrolment",
    "enrolled",
    "enroll",
    "students",
    "student",
    "pupils",
    "pupil",
    "count",
    "cnt",
    "number",
    "num",
    "nbr",
    "no",
    "membership",
    "headcount",
    "hc",
    "total",
    "all",
    "eee",
    "ece",
    "ecse",
    "early",
    "childhood",
    "education",
];
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
/// Words that make a column something other than the grade's pupils.
const SUBSET: &[&str] = &[
    "%",
    "pct",
    "percent",
    "percentage",
    "rate",
    "ratio",
    "avg",
    "average",
    "mean",
    "change",
    "diff",
    "difference",
    "new",
    "entrants",
    "repeaters",
    "repeat",
    "retained",
    "retention",
    "ell",
    "lep",
    "el",
    "sped",
    "swd",
    "iep",
    "frl",
    "frpl",
    "lunch",
    "migrant",
    "boarders",
    "boarding",
    "minority",
    "capacity",
    "seats",
    "fte",
    "of",
    "which",
    "share",
    "growth",
    "projected",
    "projection",
    "forecast",
    "prior",
];

/// A grade header in English: the grade, then every other token must be
/// filler, a part word, a class word or a subset word.
fn english_grade(tokens: &[String]) -> Option<Guess> {
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

fn bare_label(n: i8) -> GradeLabel {
    if n == 0 {
        GradeLabel::K
    } else {
        GradeLabel::Fixed(Grade(n))
    }
}

/// Chinese numerals and digits 1–12.
fn zh_numeral(s: &str) -> Option<(i8, usize)> {
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
fn find_zh_grade(t: &str) -> Option<(GradeLabel, usize, usize)> {
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
fn chinese_grade(t: &str) -> Option<Guess> {
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

const ID_WORDS: &[&str] = &[
    "id",
    "code",
    "cd",
    "no",
    "nbr",
    "num",
    "number",
    "identifier",
    "key",
    "#",
    "nces",
    "cds",
    "urn",
    "ncessch",
];
const PARENT_WORDS: &[&str] = &[
    "district",
    "dist",
    "corp",
    "corporation",
    "lea",
    "county",
    "cnty",
    "division",
    "div",
    "network",
    "authority",
    "sau",
    "su",
    "sd",
    "parent",
    "region",
    "agency",
    "system",
    "trust",
];
const SCHOOL_WORDS: &[&str] = &[
    "school",
    "schools",
    "schl",
    "sch",
    "org",
    "organization",
    "organisation",
    "campus",
    "bldg",
    "building",
    "site",
    "inst",
    "institution",
    "facility",
    "entity",
    "unit",
    "location",
    "loc",
];
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
mod tests {
    use super::*;

    fn role(s: &str) -> Option<Role> {
        guess_text(s).role
    }
    fn g(n: i8) -> Option<Role> {
        Some(Role::GradePupils(GradeLabel::Fixed(Grade(n))))
    }

    #[test]
    fn ids_and_names_told_apart() {
        assert_eq!(role("Schl ID"), Some(Role::SchoolId));
        assert_eq!(role("ORG_ID"), Some(Role::SchoolId));
        assert_eq!(role("School Code"), Some(Role::SchoolId));
        assert_eq!(role("Corp ID"), Some(Role::ParentId));
        assert_eq!(role("District Code"), Some(Role::ParentId));
        assert_eq!(role("Schl Name"), Some(Role::SchoolName));
        assert_eq!(role("Corp Name"), Some(Role::ParentName));
        assert_eq!(role("School"), Some(Role::SchoolName));
        assert_eq!(role("学校标识码"), Some(Role::SchoolId));
        assert_eq!(role("区县代码"), Some(Role::ParentId));
        assert_eq!(role("IDOE_SCHOOL_ID"), Some(Role::SchoolId));
        assert_eq!(role("IDOE_CORPORATION_ID"), Some(Role::ParentId));
        assert_eq!(role("Zip Code"), None);
        assert_eq!(role("Phone No"), None);
    }

    #[test]
    fn grades_in_every_spelling() {
        for (text, grade) in [
            ("1st", 1),
            ("2nd", 2),
            ("3rd", 3),
            ("12th", 12),
            ("Gr 1", 1),
            ("Gr. 4", 4),
            ("G01", 1),
            ("Grade 01", 1),
            ("Grade_7", 7),
            ("一年级", 1),
            ("1年级", 1),
            ("七年级", 7),
            ("高一", 10),
            ("一年级人数", 1),
            ("一年级（人）", 1),
            ("Grade 3 Students", 3),
        ] {
            assert_eq!(role(text), g(grade), "{text}");
        }
        assert_eq!(role("初一"), Some(Role::GradePupils(GradeLabel::Junior(1))));
        assert_eq!(role("K"), Some(Role::GradePupils(GradeLabel::K)));
        assert_eq!(role("Grade K"), Some(Role::GradePupils(GradeLabel::K)));
        assert_eq!(role("PK/EEE"), g(-1));
        assert_eq!(role("Pre-K"), g(-1));
        assert_eq!(role("小班"), g(-2));
        assert_eq!(
            role("一年级班数"),
            Some(Role::GradeClasses(GradeLabel::Fixed(Grade(1))))
        );
        assert_eq!(
            role("Grade 1 Classes"),
            Some(Role::GradeClasses(GradeLabel::Fixed(Grade(1))))
        );
    }

    #[test]
    fn parts_of_a_grade() {
        let k = Some(Role::GradePupils(GradeLabel::K));
        for text in [
            "K_Full",
            "K_Part",
            "Full-Day K",
            "Half-Day K",
            "K (Half-Day)",
        ] {
            let g = guess_text(text);
            assert_eq!((g.role, g.part), (k, Part::Split), "{text}");
        }
        let g = guess_text("一年级男");
        assert_eq!((g.role, g.part), (g1(), Part::Split));
        assert_eq!(guess_text("一年级其中女").role, Some(Role::Subset));
        assert_eq!(guess_text("Grade 1 %").role, Some(Role::Subset));
        assert_eq!(guess_text("Grade 1 ELL").role, Some(Role::Subset));
        assert_eq!(guess_text("一年级新生").role, Some(Role::Subset));
    }

    fn g1() -> Option<Role> {
        g(1)
    }

    #[test]
    fn bare_numbers_wait_for_their_row() {
        for (text, n) in [("01", 1), ("12", 12), ("02'", 2), ("3", 3), ("0", 0)] {
            let g = guess_text(text);
            assert_eq!((g.role, g.bare), (None, Some(n)), "{text}");
        }
        assert_eq!(guess_text("2019").role, Some(Role::YearValue(2019)));
    }

    #[test]
    fn years_that_say_their_convention() {
        assert_eq!(guess_text("SY").years, Some(YearConvention::Spring));
        assert_eq!(guess_text("SY").role, Some(Role::Year));
        assert_eq!(guess_text("Fall").years, Some(YearConvention::Fall));
        assert_eq!(guess_text("年份").years, None);
        assert_eq!(guess_text("School Year").role, Some(Role::Year));
    }

    #[test]
    fn pupils_one_by_one() {
        assert_eq!(role("学籍号"), Some(Role::StudentId));
        assert_eq!(role("全国学籍号"), Some(Role::StudentId));
        assert_eq!(role("出生日期"), Some(Role::BirthDate));
        assert_eq!(role("性别"), Some(Role::Sex));
        assert_eq!(role("姓名"), Some(Role::StudentName));
        assert_eq!(role("出生人口"), Some(Role::Births));
    }

    #[test]
    fn other_headers_as_before() {
        assert_eq!(role("学校名称"), Some(Role::SchoolName));
        assert_eq!(role("教室数（间）"), Some(Role::Classrooms));
        assert_eq!(role("核定学位数"), Some(Role::Capacity));
        assert_eq!(role("乡镇（街道）"), Some(Role::Area));
        assert_eq!(role("出生人口（人）"), Some(Role::Births));
        assert_eq!(role("Births"), Some(Role::Births));
        assert_eq!(role("在校生数"), Some(Role::Pupils));
        assert_eq!(role("年级"), Some(Role::Grade));
        assert_eq!(role("学年"), Some(Role::Year));
        assert_eq!(role("2019年"), Some(Role::YearValue(2019)));
        assert_eq!(role("Total"), Some(Role::Total));
        assert_eq!(role("合计"), Some(Role::Total));
        assert_eq!(role("备注"), None);
        assert_eq!(role("KG1"), g(-2));
    }
}
