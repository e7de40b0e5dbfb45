//! Recognising what each column holds from its header, in Chinese or English,
//! and finding the header row under a title block.

use super::source::Row;
use super::value::Value;
use crate::grades::{GradeLabel, normalize_label, parse_grade_label};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SchoolId,
    SchoolName,
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
                | Role::Feeder
                | Role::Opened
                | Role::Closed
        )
    }
}

/// Exact names, after [`normalize_label`] and with bracketed units removed.
const EXACT: &[(&str, Role)] = &[
    // school id
    ("学校标识码", Role::SchoolId),
    ("学校代码", Role::SchoolId),
    ("学校编码", Role::SchoolId),
    ("学校编号", Role::SchoolId),
    ("学校识别码", Role::SchoolId),
    ("标识码", Role::SchoolId),
    ("代码", Role::SchoolId),
    ("编号", Role::SchoolId),
    ("schoolid", Role::SchoolId),
    ("schoolcode", Role::SchoolId),
    ("code", Role::SchoolId),
    ("id", Role::SchoolId),
    // school name
    ("学校名称", Role::SchoolName),
    ("学校", Role::SchoolName),
    ("校名", Role::SchoolName),
    ("单位名称", Role::SchoolName),
    ("学校(单位)名称", Role::SchoolName),
    ("school", Role::SchoolName),
    ("schoolname", Role::SchoolName),
    ("name", Role::SchoolName),
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
    ("年级范围", Role::GradeSpan),
    ("开设年级", Role::GradeSpan),
    ("年级跨度", Role::GradeSpan),
    ("grades", Role::GradeSpan),
    ("gradespan", Role::GradeSpan),
    ("graderange", Role::GradeSpan),
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
    ("fall", Role::Year),
    ("schoolyear", Role::Year),
    ("fallyear", Role::Year),
    ("年级", Role::Grade),
    ("grade", Role::Grade),
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
    ("班级数", Role::Classes),
    ("班数", Role::Classes),
    ("教学班数", Role::Classes),
    ("classes", Role::Classes),
    ("sections", Role::Classes),
    ("班级", Role::Section),
    ("班号", Role::Section),
    ("班别", Role::Section),
    ("section", Role::Section),
    ("出生人口", Role::Births),
    ("出生数", Role::Births),
    ("出生人数", Role::Births),
    ("出生人口数", Role::Births),
    ("births", Role::Births),
    ("合计", Role::Total),
    ("总计", Role::Total),
    ("小计", Role::Total),
    ("total", Role::Total),
];

/// Strip bracketed units: 教室数（间） → 教室数, Capacity (seats) → capacity.
fn strip_units(t: &str) -> String {
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

/// Recognise one header cell.
pub fn recognise(cell: &Value) -> Option<Role> {
    match cell {
        Value::Number(n) if n.fract() == 0.0 && (1900.0..=2100.0).contains(n) => {
            Some(Role::YearValue(*n as i32))
        }
        Value::Text(s) => recognise_text(s),
        _ => None,
    }
}

fn recognise_text(s: &str) -> Option<Role> {
    let full = normalize_label(s);
    let t = strip_units(&full);
    if let Some(&(_, role)) = EXACT.iter().find(|(k, _)| *k == t || *k == full) {
        return Some(role);
    }
    if let Some(role) = grade_header(&t) {
        return Some(role);
    }
    // A year as a column header: 2019, 2019年 (births by area and year).
    if let Some(y) = year_header(&t) {
        return Some(Role::YearValue(y));
    }
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    // Looser matches, most specific first.
    Some(
        if has(&["标识码", "学校代码", "学校编码", "schoolid", "schoolcode"]) {
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
            return None;
        },
    )
}

fn year_header(t: &str) -> Option<i32> {
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

/// `一年级`, `G3`, `Grade K`, and the per-grade measures `一年级人数`,
/// `一年级班数`, `Grade 1 classes`.
fn grade_header(t: &str) -> Option<Role> {
    if let Some(g) = parse_grade_label(t, false) {
        return Some(Role::GradePupils(g));
    }
    const PUPILS: &[&str] = &[
        "在校生数",
        "学生数",
        "人数",
        "在校生",
        "pupils",
        "students",
        "enrolment",
    ];
    const CLASSES: &[&str] = &["班级数", "班数", "classes", "sections"];
    for suffix in PUPILS {
        if let Some(g) = t
            .strip_suffix(suffix)
            .and_then(|p| parse_grade_label(p, false))
        {
            return Some(Role::GradePupils(g));
        }
    }
    for suffix in CLASSES {
        if let Some(g) = t
            .strip_suffix(suffix)
            .and_then(|p| parse_grade_label(p, false))
        {
            return Some(Role::GradeClasses(g));
        }
    }
    None
}

/// A sheet's header: the row it is on, and each column's role.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Index into `Sheet::rows` of the last header row; data follows it.
    pub last_row: usize,
    pub first_row: usize,
    pub roles: Vec<Option<Role>>,
}

impl Header {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == Some(role))
    }

    pub fn has(&self, role: Role) -> bool {
        self.col(role).is_some()
    }

    pub fn grade_pupil_cols(&self) -> Vec<(usize, GradeLabel)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(Role::GradePupils(g)) => Some((c, *g)),
                _ => None,
            })
            .collect()
    }

    pub fn year_cols(&self) -> Vec<(usize, i32)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(Role::YearValue(y)) => Some((c, *y)),
                _ => None,
            })
            .collect()
    }
}

fn roles_of(row: &Row<'_>) -> Vec<Option<Role>> {
    row.cells.iter().map(recognise).collect()
}

/// How strongly a row reads as a header.
fn score(roles: &[Option<Role>]) -> usize {
    let key = roles.iter().any(|r| {
        matches!(
            r,
            Some(Role::SchoolId | Role::SchoolName | Role::Births | Role::Area | Role::Year)
        )
    });
    let n = roles.iter().filter(|r| r.is_some()).count();
    if key { n + 1 } else { n / 2 }
}

/// How many rows at the top may be a title block.
const HEADER_SEARCH_ROWS: usize = 30;

/// Find the header row (and a second header row under it, when the first one
/// groups columns: 一年级 over 班数 | 人数, or 在校学生数 over 一年级 | 二年级).
/// `births_sheet`: the sheet is titled as births, so a Year column beside area
/// names (which no list can know) is header enough.
pub fn find_header(rows: &[Row<'_>], births_sheet: bool) -> Option<Header> {
    let mut best: Option<(usize, usize, Vec<Option<Role>>)> = None;
    let needed = if births_sheet { 2 } else { 3 };
    for (i, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let roles = roles_of(row);
        let s = score(&roles);
        if s >= needed && best.as_ref().is_none_or(|(_, bs, _)| s > *bs) {
            best = Some((i, s, roles));
        }
    }
    let (i, _, mut roles) = best?;
    let mut last_row = i;
    if let Some(next) = rows.get(i + 1)
        && next.index == rows[i].index + 1
        && let Some(merged) = merge_two_rows(&rows[i], next, &roles)
    {
        roles = merged;
        last_row = i + 1;
    }
    Some(Header {
        first_row: i,
        last_row,
        roles,
    })
}

/// Combine a grouping header row with the row below it, if the row below is a
/// sub-header (its labels are measures or grades, and it holds no counts).
fn merge_two_rows(top: &Row, below: &Row, top_roles: &[Option<Role>]) -> Option<Vec<Option<Role>>> {
    if below.cells.iter().any(|c| matches!(c, Value::Number(_))) {
        return None;
    }
    let below_roles = roles_of(below);
    let sub_labels = below_roles
        .iter()
        .filter(|r| {
            matches!(
                r,
                Some(Role::Pupils | Role::Classes | Role::GradePupils(_) | Role::GradeClasses(_))
            )
        })
        .count();
    if sub_labels < 2 {
        return None;
    }
    let width = top.cells.len().max(below.cells.len());
    let mut out = Vec::with_capacity(width);
    // The top row's merged group label spreads right over the blanks after it.
    let mut group: Option<Role> = None;
    for c in 0..width {
        let t = top_roles.get(c).copied().flatten();
        if !top.get(c).is_empty() {
            group = t;
        }
        let b = below_roles.get(c).copied().flatten();
        let role = match (group, b) {
            (Some(Role::GradePupils(g)), Some(Role::Pupils)) => Some(Role::GradePupils(g)),
            (Some(Role::GradePupils(g)), Some(Role::Classes)) => Some(Role::GradeClasses(g)),
            (Some(Role::Total), Some(Role::Pupils)) => Some(Role::Total),
            (_, Some(b)) => Some(b),
            (_, None) if !top.get(c).is_empty() => t,
            _ => None,
        };
        out.push(role);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::text(s)
    }

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(recognise(&text("学校名称")), Some(Role::SchoolName));
        assert_eq!(recognise(&text("School")), Some(Role::SchoolName));
        assert_eq!(recognise(&text("学校标识码")), Some(Role::SchoolId));
        assert_eq!(recognise(&text("教室数（间）")), Some(Role::Classrooms));
        assert_eq!(recognise(&text("核定学位数")), Some(Role::Capacity));
        assert_eq!(recognise(&text("乡镇（街道）")), Some(Role::Area));
        assert_eq!(recognise(&text("出生人口（人）")), Some(Role::Births));
        assert_eq!(recognise(&text("Births")), Some(Role::Births));
        assert_eq!(recognise(&text("在校生数")), Some(Role::Pupils));
        assert_eq!(recognise(&text("年级")), Some(Role::Grade));
        assert_eq!(recognise(&text("学年")), Some(Role::Year));
        assert_eq!(
            recognise(&text("Grade K")),
            Some(Role::GradePupils(GradeLabel::K))
        );
        assert!(matches!(
            recognise(&text("一年级人数")),
            Some(Role::GradePupils(_))
        ));
        assert!(matches!(
            recognise(&text("一年级班数")),
            Some(Role::GradeClasses(_))
        ));
        assert_eq!(recognise(&text("2019年")), Some(Role::YearValue(2019)));
        assert_eq!(
            recognise(&Value::Number(2019.0)),
            Some(Role::YearValue(2019))
        );
        assert_eq!(recognise(&text("备注")), None);
    }
}
