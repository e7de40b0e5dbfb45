//! Column mappings: what the planner says a sheet's columns hold, where
//! recognition could not settle it — without editing the bureau's file.
//!
//! A mapping is matched to a sheet by its header row's cells (compared
//! without case, spaces or full-width forms), so it applies again to next
//! year's file with the same header. It is a small JSON file:
//!
//! ```json
//! {"format": "seatcast-mapping", "version": 1,
//!  "sheets": [{"header": ["SY", "ORG_ID", "PK/EEE", "K_Full"],
//!              "roles": ["year", "school_id", "grade:-1", "grade:K"],
//!              "years": "spring"}]}
//! ```
//!
//! Roles: `school_id`, `school_name`, `parent_id`, `parent_name`, `year`,
//! `grade`, `pupils`, `classes`, `area`, `level`, `grade_span`, `locale`,
//! `x`, `y`, `lon`, `lat`, `classrooms`, `capacity`, `feeder`, `opened`,
//! `closed`, `section`, `births`, `total`, `ungraded`, `subset`,
//! `student_id`, `student_name`, `sex`, `birth_date`, `ignore`; a grade's
//! pupils `grade:G` and classes `classes:G` (G: `-2` … `12`, `K`, `J1` …
//! `J4` for 初一 … 初四); the births of a year `births:2019`.

use super::columns::{Role, YearConvention};
use crate::grades::{Grade, GradeLabel};
use crate::i18n::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};

/// What a mapping file's `format` says; a file that says otherwise is no mapping.
pub const FORMAT: &str = "seatcast-mapping";
/// The version written into a mapping file.
pub const VERSION: u32 = 1;

/// Every sheet mapping the planner has given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Mapping {
    /// One mapping per header (a new one for a header replaces the old).
    #[serde(default)]
    pub sheets: Vec<SheetMapping>,
}

/// The roles of one header's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetMapping {
    /// The header row's cells as the file writes them.
    pub header: Vec<String>,
    /// Rows the header takes: 1, or 2 when a row of sub-headings follows.
    #[serde(default = "one")]
    pub header_rows: usize,
    /// One role per column, in order (`ignore` leaves it out).
    #[serde(with = "role_keys")]
    pub roles: Vec<Option<Role>>,
    /// What bare years name (`fall`: 2023 is 2023–24; `spring`: 2024 is 2023–24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<YearConvention>,
    /// The fall year of a sheet that does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Where it was made (for the planner's eye only; matching is by header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

fn one() -> usize {
    1
}

impl Mapping {
    /// Add a sheet's mapping, replacing one for the same header.
    pub fn set(&mut self, m: SheetMapping) {
        let key = super::header::header_key(&m.header);
        self.sheets
            .retain(|s| super::header::header_key(&s.header) != key);
        self.sheets.push(m);
    }

    /// Whether no sheet is mapped.
    pub fn is_empty(&self) -> bool {
        self.sheets.is_empty()
    }
}

/// A grade's key: `-2` … `12`, `K`, `J1` … `J4`.
pub fn grade_key(g: GradeLabel) -> String {
    match g {
        GradeLabel::K => "K".into(),
        GradeLabel::Junior(n) => format!("J{n}"),
        GradeLabel::Fixed(Grade(n)) => n.to_string(),
    }
}

/// A grade from its key (`-2` … `12`, `K`, `J1` … `J4`); None for anything else.
pub fn parse_grade_key(s: &str) -> Option<GradeLabel> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("k") {
        return Some(GradeLabel::K);
    }
    if let Some(n) = s.strip_prefix(['J', 'j']) {
        let n: i8 = n.parse().ok()?;
        return (1..=4).contains(&n).then_some(GradeLabel::Junior(n));
    }
    let n: i8 = s.parse().ok()?;
    (Grade::LOWEST..=Grade::HIGHEST)
        .contains(&n)
        .then_some(GradeLabel::Fixed(Grade(n)))
}

/// The roles a mapping can give, by key, without the ones with a value.
pub const PLAIN_ROLES: &[(&str, Role)] = &[
    ("school_id", Role::SchoolId),
    ("school_name", Role::SchoolName),
    ("parent_id", Role::ParentId),
    ("parent_name", Role::ParentName),
    ("year", Role::Year),
    ("grade", Role::Grade),
    ("pupils", Role::Pupils),
    ("classes", Role::Classes),
    ("area", Role::Area),
    ("city", Role::City),
    ("level", Role::Level),
    ("grade_span", Role::GradeSpan),
    ("locale", Role::Locale),
    ("x", Role::X),
    ("y", Role::Y),
    ("lon", Role::Lon),
    ("lat", Role::Lat),
    ("classrooms", Role::Classrooms),
    ("capacity", Role::Capacity),
    ("boarders", Role::Boarders),
    ("beds", Role::Beds),
    ("ownership", Role::Ownership),
    ("remoteness", Role::Remoteness),
    ("feeder", Role::Feeder),
    ("opened", Role::Opened),
    ("closed", Role::Closed),
    ("section", Role::Section),
    ("births", Role::Births),
    ("total", Role::Total),
    ("ungraded", Role::Ungraded),
    ("subset", Role::Subset),
    ("student_id", Role::StudentId),
    ("student_name", Role::StudentName),
    ("sex", Role::Sex),
    ("birth_date", Role::BirthDate),
    ("entry_date", Role::EntryDate),
    ("projection", Role::Projection),
    ("staff_id", Role::StaffId),
    ("subject", Role::Subject),
    ("post", Role::Post),
    ("establishment", Role::Establishment),
    ("backbone", Role::Backbone),
    ("arrived", Role::Arrived),
    ("qualification", Role::Qualification),
    ("title", Role::Title),
    ("staff_count", Role::StaffCount),
    ("floor_m2", Role::FloorArea),
    ("sports_m2", Role::SportsArea),
    ("equipment_yuan", Role::EquipmentValue),
    ("multimedia_rooms", Role::MultimediaRooms),
    ("ignore", Role::Ignore),
];

impl Role {
    /// The key a mapping file writes.
    pub fn key(self) -> String {
        match self {
            Role::GradePupils(g) => format!("grade:{}", grade_key(g)),
            Role::GradeClasses(g) => format!("classes:{}", grade_key(g)),
            Role::YearValue(y) => format!("births:{y}"),
            r => PLAIN_ROLES
                .iter()
                .find(|(_, p)| *p == r)
                .map_or("ignore", |(k, _)| k)
                .to_string(),
        }
    }

    /// A role from the key a mapping file writes (`school_id`, `grade:K`,
    /// `births:2019`); None for an unknown key.
    pub fn from_key(s: &str) -> Option<Role> {
        let s = s.trim();
        if let Some(g) = s.strip_prefix("grade:") {
            return parse_grade_key(g).map(Role::GradePupils);
        }
        if let Some(g) = s.strip_prefix("classes:") {
            return parse_grade_key(g).map(Role::GradeClasses);
        }
        if let Some(y) = s.strip_prefix("births:") {
            return y.parse().ok().map(Role::YearValue);
        }
        PLAIN_ROLES.iter().find(|(k, _)| *k == s).map(|(_, r)| *r)
    }

    /// What the role is called in the mapping step.
    pub fn name(self, lang: Lang, system: crate::grades::GradeSystem) -> String {
        let grade = |g: GradeLabel| g.resolve(system).label(system, lang);
        match self {
            Role::SchoolId => lang.pick("学校代码", "school id").into(),
            Role::SchoolName => lang.pick("学校名称", "school name").into(),
            Role::ParentId => lang
                .pick("上级单位代码（区县、学区）", "parent id (district)")
                .into(),
            Role::ParentName => lang.pick("上级单位名称", "parent name").into(),
            Role::Level => lang.pick("学段", "level").into(),
            Role::GradeSpan => lang.pick("开设年级", "grade span").into(),
            Role::Area => lang.pick("乡镇（街道）", "area").into(),
            Role::City => lang
                .pick("县市（片区的上一级）", "city or county (above the area)")
                .into(),
            Role::Locale => lang.pick("城乡类型", "urban/rural").into(),
            Role::X => "X (km)".into(),
            Role::Y => "Y (km)".into(),
            Role::Lon => lang.pick("经度", "longitude").into(),
            Role::Lat => lang.pick("纬度", "latitude").into(),
            Role::Classrooms => lang.pick("教室数", "classrooms").into(),
            Role::Capacity => lang.pick("核定学位", "approved seats").into(),
            Role::Boarders => lang.pick("寄宿生数", "boarders").into(),
            Role::Beds => lang.pick("床位数", "beds").into(),
            Role::Ownership => lang.pick("办学性质", "ownership").into(),
            Role::Remoteness => lang.pick("偏远程度", "remoteness").into(),
            Role::Feeder => lang.pick("对口学校", "feeder").into(),
            Role::Opened => lang.pick("开办年份", "opened").into(),
            Role::Closed => lang.pick("撤并年份", "closed").into(),
            Role::Year => lang.pick("年份", "year").into(),
            Role::Grade => lang.pick("年级", "grade").into(),
            Role::Pupils => lang.pick("在校生数", "pupils").into(),
            Role::Classes => lang.pick("班级数", "classes").into(),
            Role::Section => lang.pick("班级", "class section").into(),
            Role::Births => lang.pick("出生人口", "births").into(),
            Role::Total => lang.pick("合计", "total").into(),
            Role::GradePupils(g) => match lang {
                Lang::Zh => format!("{}人数", grade(g)),
                Lang::En => format!("{} pupils", grade(g)),
            },
            Role::GradeClasses(g) => match lang {
                Lang::Zh => format!("{}班数", grade(g)),
                Lang::En => format!("{} classes", grade(g)),
            },
            Role::YearValue(y) => match lang {
                Lang::Zh => format!("{y}年出生人口"),
                Lang::En => format!("births {y}"),
            },
            Role::Ungraded => lang.pick("未分年级学生", "ungraded pupils").into(),
            Role::Subset => lang.pick("其中数（不计入）", "part already counted").into(),
            Role::StudentId => lang.pick("学籍号", "student id").into(),
            Role::StudentName => lang.pick("学生姓名", "student name").into(),
            Role::Sex => lang.pick("性别", "sex").into(),
            Role::BirthDate => lang.pick("出生日期", "birth date").into(),
            Role::EntryDate => lang.pick("入学年月", "entry date").into(),
            Role::Projection => lang
                .pick("他人的预测数（不读入）", "someone's projection (not read)")
                .into(),
            Role::StaffId => lang.pick("工号", "staff number").into(),
            Role::Subject => lang.pick("任教学科", "subject taught").into(),
            Role::Post => lang.pick("岗位类别", "post").into(),
            Role::Establishment => lang.pick("编制情况", "establishment (编制)").into(),
            Role::Backbone => lang.pick("骨干级别", "骨干 level").into(),
            Role::Arrived => lang.pick("到校年份", "year of arrival").into(),
            Role::Qualification => lang.pick("最高学历", "qualification").into(),
            Role::Title => lang.pick("职称", "title").into(),
            Role::StaffCount => lang.pick("教师人数", "teachers (count)").into(),
            Role::FloorArea => lang
                .pick("教学及辅助用房面积", "teaching floor area")
                .into(),
            Role::SportsArea => lang.pick("体育运动场馆面积", "sports ground area").into(),
            Role::EquipmentValue => lang.pick("教学仪器设备值", "equipment value").into(),
            Role::MultimediaRooms => lang
                .pick("网络多媒体教室数", "multimedia classrooms")
                .into(),
            Role::Ignore => lang.pick("忽略", "ignore").into(),
        }
    }
}

mod role_keys {
    use super::*;

    pub fn serialize<S: Serializer>(roles: &[Option<Role>], s: S) -> Result<S::Ok, S::Error> {
        let keys: Vec<String> = roles
            .iter()
            .map(|r| r.map_or_else(|| "ignore".to_string(), Role::key))
            .collect();
        keys.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<Role>>, D::Error> {
        let keys = Vec::<String>::deserialize(d)?;
        keys.iter()
            .map(|k| {
                Role::from_key(k)
                    .map(|r| (r != Role::Ignore).then_some(r))
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown role \"{k}\"")))
            })
            .collect()
    }
}

/// Why a mapping file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MappingFileError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The mapping file.
        path: PathBuf,
        /// Why, as the system says it.
        source: std::io::Error,
    },
    /// The file is not JSON, or not a mapping's (an unknown role, a field of the
    /// wrong type).
    #[error("{path}, line {line}, column {column}: {message}")]
    Damaged {
        /// The mapping file.
        path: PathBuf,
        /// Where the JSON reader stopped: the line, from 1.
        line: usize,
        /// The column there, from 1.
        column: usize,
        /// What the JSON reader says, in English.
        message: String,
    },
    /// JSON whose `format` is missing or not `seatcast-mapping`.
    #[error("{path}: not a Seatcast column mapping")]
    NotAMapping {
        /// The mapping file.
        path: PathBuf,
    },
    /// The file could not be saved.
    #[error("{path}: {source}")]
    Write {
        /// The mapping file.
        path: PathBuf,
        /// Why, as the system says it.
        source: std::io::Error,
    },
}

impl MappingFileError {
    /// What went wrong, in the planner's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                MappingFileError::Damaged {
                    path,
                    line,
                    column,
                    message,
                },
                Lang::Zh,
            ) => format!(
                "列对应文件 {} 第 {line} 行第 {column} 列有误：{message}。",
                path.display()
            ),
            (MappingFileError::NotAMapping { path }, Lang::Zh) => {
                format!("{} 不是 Seatcast 的列对应文件。", path.display())
            }
            (MappingFileError::Read { path, source }, Lang::Zh) => {
                format!("无法读取列对应文件 {}：{source}", path.display())
            }
            (MappingFileError::Write { path, source }, Lang::Zh) => {
                format!("无法保存列对应文件 {}：{source}", path.display())
            }
            (e, Lang::En) => e.to_string(),
        }
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    sheets: &'a [SheetMapping],
}

#[derive(Deserialize)]
struct FileIn {
    format: Option<String>,
    #[serde(default)]
    sheets: Vec<SheetMapping>,
}

/// The mapping as the JSON a file holds.
pub fn to_json(m: &Mapping) -> String {
    serde_json::to_string_pretty(&FileOut {
        format: FORMAT,
        version: VERSION,
        sheets: &m.sheets,
    })
    .unwrap_or_default()
}

/// A mapping from a file's text; `path` only names the file in errors.
pub fn from_json(path: &Path, text: &str) -> Result<Mapping, MappingFileError> {
    let f: FileIn = serde_json::from_str(text).map_err(|e| MappingFileError::Damaged {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if f.format.as_deref() != Some(FORMAT) {
        return Err(MappingFileError::NotAMapping {
            path: path.to_path_buf(),
        });
    }
    Ok(Mapping { sheets: f.sheets })
}

/// Read a mapping file (the bureau's files are never touched).
pub fn read(path: &Path) -> Result<Mapping, MappingFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| MappingFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    from_json(path, &text)
}

/// Save a mapping: a temporary file, then a rename.
pub fn write(path: &Path, m: &Mapping) -> Result<(), MappingFileError> {
    crate::fsutil::atomic_write(path, to_json(m).as_bytes()).map_err(|source| {
        MappingFileError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_keys() {
        let roles = [
            Role::SchoolId,
            Role::GradePupils(GradeLabel::K),
            Role::GradePupils(GradeLabel::Fixed(Grade(-1))),
            Role::GradeClasses(GradeLabel::Junior(2)),
            Role::YearValue(2019),
            Role::Ungraded,
        ];
        for r in roles {
            assert_eq!(Role::from_key(&r.key()), Some(r), "{}", r.key());
        }
        assert_eq!(
            Role::GradePupils(GradeLabel::Fixed(Grade(3))).key(),
            "grade:3"
        );
        assert_eq!(Role::from_key("grade:13"), None);
    }

    #[test]
    fn a_mapping_file_reads_back() {
        let m = Mapping {
            sheets: vec![SheetMapping {
                header: vec!["SY".into(), "ORG_ID".into(), "AW".into()],
                header_rows: 1,
                roles: vec![Some(Role::Year), Some(Role::SchoolId), None],
                years: Some(YearConvention::Spring),
                year: None,
                sheet: Some("enrollment".into()),
            }],
        };
        let json = to_json(&m);
        assert!(json.contains("\"seatcast-mapping\""), "{json}");
        assert!(json.contains("\"ignore\""), "{json}");
        assert_eq!(from_json(Path::new("m.json"), &json).unwrap(), m);
        let err = from_json(
            Path::new("m.json"),
            "{\"format\": \"seatcast-mapping\", \"sheets\": [{\"header\": [], \"roles\": [\"pupls\"]}]}",
        );
        assert!(matches!(err, Err(MappingFileError::Damaged { .. })));
        assert!(matches!(
            from_json(Path::new("s.json"), "{\"format\": \"seatcast-scenario\"}"),
            Err(MappingFileError::NotAMapping { .. })
        ));
    }
}
