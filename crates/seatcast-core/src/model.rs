//! The typed dataset every later step works on: schools, enrolment, births.
//!
//! Import produces it (and nothing else does); the engine reads it.

use crate::grades::{Grade, GradeSpan, GradeSystem, Level};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 城区 · 镇区 · 乡村: the statistical class of a school's location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// 城区: the city or county town proper (codes 11x).
    Urban,
    /// 镇区: a town (codes 12x).
    Town,
    /// 乡村: the countryside (codes 2xx).
    Rural,
}

impl Locale {
    /// 城区 / 主城区 / 111, 镇区 / 镇中心区 / 121, 乡村 / 村庄 / 220, urban / town / rural.
    pub fn parse(text: &str) -> Option<Locale> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        if let Ok(code) = t.parse::<u32>() {
            return match code {
                110..=119 | 11 => Some(Locale::Urban),
                120..=129 | 12 => Some(Locale::Town),
                200..=299 | 21 | 22 => Some(Locale::Rural),
                _ => None,
            };
        }
        let has = |k: &[&str]| k.iter().any(|k| t.contains(k));
        if has(&["城区", "城市", "城镇", "县城", "urban", "city"]) {
            Some(Locale::Urban)
        } else if has(&["镇区", "镇", "town", "suburb"]) {
            Some(Locale::Town)
        } else if has(&["乡村", "农村", "村", "乡", "rural", "village"]) {
            Some(Locale::Rural)
        } else {
            None
        }
    }

    /// The class as a planner says it: 城区 / 镇区 / 乡村, urban / town / rural.
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Locale::Urban => lang.pick("城区", "urban"),
            Locale::Town => lang.pick("镇区", "town"),
            Locale::Rural => lang.pick("乡村", "rural"),
        }
    }
}

/// Where a school stands: planar kilometres, or longitude/latitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Coords {
    /// A point on the plane of the roster's X and Y columns.
    Km {
        /// X on that plane, km.
        x: f64,
        /// Y on that plane, km.
        y: f64,
    },
    /// Longitude and latitude in WGS-84 (converted from the file's datum on import).
    LonLat {
        /// Longitude, degrees east.
        lon: f64,
        /// Latitude, degrees north.
        lat: f64,
    },
}

impl Coords {
    /// Distance in km (equirectangular for lon/lat: accurate within a county).
    pub fn distance_km(self, other: Coords) -> Option<f64> {
        match (self, other) {
            (Coords::Km { x: a, y: b }, Coords::Km { x: c, y: d }) => Some((a - c).hypot(b - d)),
            (Coords::LonLat { lon: a, lat: b }, Coords::LonLat { lon: c, lat: d }) => {
                let r = 6371.0;
                let mid = ((b + d) / 2.0).to_radians();
                let dx = (c - a).to_radians() * mid.cos() * r;
                let dy = (d - b).to_radians() * r;
                Some(dx.hypot(dy))
            }
            _ => None,
        }
    }
}

/// One school as the roster (or, failing it, the enrolment) describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    /// 学校标识码 / 学校代码, when the files give one.
    pub id: Option<String>,
    /// Its name (its id where the files give no name).
    pub name: String,
    /// Its level (学段): as the files say, else told from its span.
    pub level: Level,
    /// The grades it teaches: as given; else its level's; else (and for a
    /// teaching point) the grades it has pupils in.
    pub span: GradeSpan,
    /// The township or street whose births feed the school.
    pub area: Option<String>,
    /// 城区 / 镇区 / 乡村, when the files say.
    pub locale: Option<Locale>,
    /// Where it stands, when the files say.
    pub coords: Option<Coords>,
    /// Classrooms (教室数), when known: the roster's, else an enrolment table's.
    pub classrooms: Option<f64>,
    /// 核定学位, when known.
    pub approved_seats: Option<f64>,
    /// The school its graduates go on to (index into `Dataset::schools`).
    pub feeder: Option<usize>,
    /// First fall the school operates.
    pub opened: Option<i32>,
    /// First fall the school no longer operates.
    pub closed: Option<i32>,
    /// Whether the roster listed it (false: known only from the enrolment).
    pub in_roster: bool,
    /// Pupils boarding at the school (寄宿生), when the roster gives them.
    #[serde(default)]
    pub boarders: Option<f64>,
    /// Beds for boarders (床位, 宿舍床位), when the roster gives them:
    /// the layout plan boards no more pupils there than the beds left.
    #[serde(default)]
    pub beds: Option<f64>,
    /// Who runs it, where the files say (办学性质); else [`School::ownership`]
    /// tells it from the name and code.
    #[serde(default)]
    pub ownership: Option<Ownership>,
    /// How remote it is, where the files say (Taiwan's 地區屬性).
    #[serde(default)]
    pub remoteness: Option<Remoteness>,
}

impl School {
    /// The key that identifies the school: its id when given, else its name.
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }

    /// Whether the school operates in the fall of `year`.
    pub fn open_in(&self, year: i32) -> bool {
        self.opened.is_none_or(|o| year >= o) && self.closed.is_none_or(|c| year < c)
    }
}

/// Who runs a school, as far as its name and code tell: the county
/// (the bureau's to close, expand or send pupils to), a private body
/// (民办 / 私立 / 财团法人), or the state or a university (国立, 部属,
/// 大学附属), which a county bureau does not run either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ownership {
    /// The county's own (公办, 县立).
    County,
    /// A private body's (民办, 私立, 财团法人).
    Private,
    /// The state's or a university's (国立, 部属, 大学附属).
    National,
}

impl Ownership {
    /// A 办学性质 cell: 公办 / 县立 / 公立 → the county's; 民办 / 私立 →
    /// private; 国立 / 部属 / 中央 → national.
    pub fn parse(text: &str) -> Option<Ownership> {
        let t = text.trim().to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["民办", "民辦", "私立", "private"]) {
            Some(Ownership::Private)
        } else if has(&["国立", "國立", "部属", "部屬", "中央", "national"]) {
            Some(Ownership::National)
        } else if has(&[
            "公办", "公辦", "公立", "县立", "縣立", "市立", "区立", "區立", "乡立", "鄉立",
            "public",
        ]) {
            Some(Ownership::County)
        } else {
            None
        }
    }

    /// From the school's name, and from a Taiwan school code (six digits,
    /// the third `1` for private schools and `0` for national ones: the
    /// Ministry of Education's convention). A name that says 私立 or 国立
    /// outweighs the code.
    pub fn of(name: &str, id: Option<&str>) -> Ownership {
        let n = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        if has(&["民办", "民辦", "私立", "财团法人", "財團法人", "private"]) {
            return Ownership::Private;
        }
        if has(&[
            "国立",
            "國立",
            "部属",
            "部屬",
            "大学附",
            "大學附",
            "national",
            "university",
        ]) {
            return Ownership::National;
        }
        let code = id.map(str::trim).unwrap_or_default().as_bytes();
        if code.len() == 6 && code.iter().all(u8::is_ascii_digit) {
            match code[2] {
                b'1' => return Ownership::Private,
                b'0' => return Ownership::National,
                _ => {}
            }
        }
        Ownership::County
    }
}

impl School {
    /// Who runs the school: as the files say, else [`Ownership::of`] its
    /// name and code.
    pub fn ownership(&self) -> Ownership {
        self.ownership
            .unwrap_or_else(|| Ownership::of(&self.name, self.id.as_deref()))
    }
}

/// How remote a school is (Taiwan's 地區屬性): the roads to it wind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Remoteness {
    /// 偏遠.
    Remote,
    /// 特偏.
    VeryRemote,
    /// 極偏.
    ExtremelyRemote,
}

impl Remoteness {
    /// A 地區屬性 cell: 偏遠 / 特偏 / 極偏 (simplified or traditional); a
    /// blank or 一般 is none.
    pub fn parse(text: &str) -> Option<Remoteness> {
        let t = text.trim();
        if t.contains("极偏") || t.contains("極偏") {
            Some(Remoteness::ExtremelyRemote)
        } else if t.contains("特偏") {
            Some(Remoteness::VeryRemote)
        } else if t.contains("偏远") || t.contains("偏遠") || t.to_lowercase().contains("remote")
        {
            Some(Remoteness::Remote)
        } else {
            None
        }
    }
}

/// Pupils of one school in one grade in one fall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Index into `Dataset::schools`.
    pub school: usize,
    /// The fall of the school year (2023: the school year 2023–24).
    pub year: i32,
    /// The grade.
    pub grade: Grade,
    /// Pupils (a count; kept as written where it is not whole).
    pub pupils: f64,
    /// Classes (sections) when the files give them.
    pub classes: Option<f64>,
}

/// Births in one area (None: the whole county) in one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Births {
    /// The township or street (None: the county as a whole).
    pub area: Option<String>,
    /// The calendar year of birth.
    pub year: i32,
    /// Births that year.
    pub births: f64,
}

/// What each loaded file held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceSummary {
    /// The file's name, without its folder.
    pub file: String,
    /// The path it was opened by (a file held in memory: its name).
    pub path: String,
    /// Its sheets, in order.
    pub sheets: Vec<SheetSummary>,
}

/// One sheet of a loaded file, and what it was read as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSummary {
    /// The sheet's name.
    pub name: String,
    /// What it was read as.
    pub kind: SheetKind,
    /// Rows of data read (after the header).
    pub rows: usize,
}

/// What a sheet was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SheetKind {
    /// The school roster (学校名册): a row per school.
    Roster,
    /// Enrolment with a row per grade (年级 and 在校生数 columns).
    EnrolmentLong,
    /// Enrolment with a column per grade.
    EnrolmentWide,
    /// Enrolment with a row per class section, summed into grades.
    EnrolmentSections,
    /// A row per pupil (学籍 exports), counted.
    EnrolmentStudents,
    /// Births with a row per year (and area).
    BirthsLong,
    /// Births as areas × years: a column per year, or a column per area.
    BirthsWide,
    /// A row per member of staff (教职工花名册).
    Teachers,
    /// Schools' facilities (办学条件).
    Facilities,
    /// Not read: no table Seatcast knows.
    #[default]
    Ignored,
}

impl SheetKind {
    /// What the sheet was read as, in the planner's words.
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            SheetKind::Roster => lang.pick("学校名册", "school roster"),
            SheetKind::EnrolmentLong => {
                lang.pick("在校生（每行一个年级）", "enrolment (a row per grade)")
            }
            SheetKind::EnrolmentWide => {
                lang.pick("在校生（每年级一列）", "enrolment (a column per grade)")
            }
            SheetKind::EnrolmentSections => lang.pick(
                "在校生（每行一个班）",
                "enrolment (a row per class section)",
            ),
            SheetKind::EnrolmentStudents => {
                lang.pick("在校生（每行一名学生）", "enrolment (a row per pupil)")
            }
            SheetKind::BirthsLong => lang.pick("出生人口（每行一年）", "births (a row per year)"),
            SheetKind::BirthsWide => lang.pick("出生人口（地区×年份）", "births (areas × years)"),
            SheetKind::Teachers => lang.pick("教职工花名册", "staff roster"),
            SheetKind::Facilities => lang.pick("办学条件", "facilities"),
            SheetKind::Ignored => lang.pick("已跳过", "skipped"),
        }
    }
}

/// Everything Seatcast knows about a county: the result of a successful import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dataset {
    /// The 学制 the grades are in: told from the labels, or the planner's.
    pub grade_system: GradeSystem,
    /// Every school the files name; the records' school indices point here.
    pub schools: Vec<School>,
    /// Sorted by school, year, grade; one record per key.
    pub enrolment: Vec<Enrolment>,
    /// Sorted by area, year; one record per key.
    pub births: Vec<Births>,
    /// What each file held, in the order read.
    pub sources: Vec<SourceSummary>,
    /// The staff roster, if one was loaded (a snapshot at the latest fall).
    #[serde(default)]
    pub teachers: Vec<Teacher>,
    /// Schools' facilities (办学条件), when given.
    #[serde(default)]
    pub facilities: Vec<Facility>,
    /// Area outlines (townships, districts) from a boundary file.
    #[serde(default)]
    pub boundaries: Vec<crate::places::areas::Boundary>,
    /// Road distances between the schools, from a road extract opened with
    /// the files.
    #[serde(default)]
    pub roads: Option<crate::places::roads::RoadDistances>,
}

impl Dataset {
    /// How far apart two schools are: by road for the mode when an extract
    /// was opened and a road joins them, else in a straight line. The flag
    /// says which (true: by road).
    pub fn travel_km(
        &self,
        a: usize,
        b: usize,
        mode: crate::places::roads::Mode,
    ) -> Option<(f64, bool)> {
        if let Some(km) = self.roads.as_ref().and_then(|r| r.km(a, b, mode)) {
            return Some((km, true));
        }
        let (x, y) = (self.schools.get(a)?.coords?, self.schools.get(b)?.coords?);
        x.distance_km(y).map(|k| (k, false))
    }

    /// How far each school is from a place: by road for the mode when an
    /// extract was opened and a road joins them within its limit
    /// ([`crate::places::roads::limit_km`]), else in a straight line (None:
    /// the school has no coordinates of the place's kind). The flag says
    /// which (true: by road).
    pub fn travel_from(
        &self,
        place: Coords,
        mode: crate::places::roads::Mode,
    ) -> Vec<Option<(f64, bool)>> {
        let to: Vec<Option<Coords>> = self.schools.iter().map(|s| s.coords).collect();
        // The schools as joined to the roads at load.
        self.travel_to(place, &to, mode, |i| {
            self.roads.as_ref().and_then(|r| r.joined(i))
        })
    }

    /// How far each of `to` is from a place, as [`Dataset::travel_from`].
    pub fn travel_between(
        &self,
        place: Coords,
        to: &[Option<Coords>],
        mode: crate::places::roads::Mode,
    ) -> Vec<Option<(f64, bool)>> {
        self.travel_to(place, to, mode, |_| None)
    }

    /// [`Dataset::travel_between`], with `known(i)` giving `to[i]`'s road
    /// node when it is already joined (else it is joined here).
    fn travel_to(
        &self,
        place: Coords,
        to: &[Option<Coords>],
        mode: crate::places::roads::Mode,
        known: impl Fn(usize) -> Option<crate::places::roads::Joined>,
    ) -> Vec<Option<(f64, bool)>> {
        let graph = self.roads.as_ref().and_then(|r| r.graph.as_ref());
        let by_road = match (graph, place) {
            (Some(g), Coords::LonLat { lon, lat }) => {
                let joined: Vec<Option<crate::places::roads::Joined>> = to
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        Some(Coords::LonLat { lon, lat }) => {
                            known(i).or_else(|| g.graph.nearest(*lon, *lat))
                        }
                        _ => None,
                    })
                    .collect();
                g.from_point(
                    (lon, lat),
                    &joined,
                    mode,
                    crate::places::roads::limit_km(mode),
                )
            }
            _ => vec![None; to.len()],
        };
        to.iter()
            .zip(by_road)
            .map(|(c, road)| match road {
                Some(km) => Some((km, true)),
                None => c.and_then(|c| place.distance_km(c)).map(|k| (k, false)),
            })
            .collect()
    }

    /// Fall years with any enrolment, ascending.
    pub fn fall_years(&self) -> Vec<i32> {
        // Records come sorted by school then year, so a year repeats in runs:
        // look it up only when it changes (a handful of distinct years).
        let mut years: Vec<i32> = Vec::new();
        let mut last = None;
        for e in &self.enrolment {
            if last == Some(e.year) {
                continue;
            }
            last = Some(e.year);
            if !years.contains(&e.year) {
                years.push(e.year);
            }
        }
        years.sort_unstable();
        years
    }

    /// Calendar years with any births, ascending.
    pub fn birth_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.births.iter().map(|b| b.year).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Areas named by schools or births, sorted.
    pub fn areas(&self) -> Vec<String> {
        let mut areas = std::collections::BTreeSet::new();
        let named = self.schools.iter().filter_map(|s| s.area.as_deref());
        for a in named.chain(self.births.iter().filter_map(|b| b.area.as_deref())) {
            areas.insert(a);
        }
        areas.into_iter().map(str::to_string).collect()
    }

    /// Total pupils per fall year.
    pub fn pupils_by_year(&self) -> BTreeMap<i32, f64> {
        let mut out = BTreeMap::new();
        for e in &self.enrolment {
            *out.entry(e.year).or_insert(0.0) += e.pupils;
        }
        out
    }

    /// Total pupils of one school in one fall.
    pub fn school_total(&self, school: usize, year: i32) -> f64 {
        self.enrolment_of(school)
            .iter()
            .filter(|e| e.year == year)
            .map(|e| e.pupils)
            .sum()
    }

    /// The enrolment records of one school (a slice: records are sorted by school).
    pub fn enrolment_of(&self, school: usize) -> &[Enrolment] {
        let start = self.enrolment.partition_point(|e| e.school < school);
        let end = self.enrolment.partition_point(|e| e.school <= school);
        &self.enrolment[start..end]
    }

    /// Find a school by id or name.
    pub fn school_index(&self, key: &str) -> Option<usize> {
        self.schools
            .iter()
            .position(|s| s.id.as_deref() == Some(key))
            .or_else(|| self.schools.iter().position(|s| s.name == key))
    }

    /// Number of schools of each level.
    pub fn schools_by_level(&self) -> BTreeMap<Level, usize> {
        let mut out = BTreeMap::new();
        for s in &self.schools {
            *out.entry(s.level).or_insert(0) += 1;
        }
        out
    }
}

/// 性别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// 岗位: what a member of staff is employed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Post {
    /// 专任教师
    Teaching,
    /// 行政人员
    Admin,
    /// 教辅人员
    Support,
    /// 工勤人员
    Worker,
}

/// 编制 status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Establishment {
    /// 在编
    OnEstablishment,
    /// 非在编 (contract)
    Contract,
    /// 临聘 (temporary)
    Temporary,
}

/// A school's facilities (办学条件) as a roster or a facilities sheet gives
/// them, for one year or (`year` None) for every year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    /// Index into `Dataset::schools`.
    pub school: usize,
    /// The fall the figures are of (None: every year).
    pub year: Option<i32>,
    /// 教学及辅助用房面积 (m²).
    pub floor_m2: Option<f64>,
    /// 体育运动场馆面积 (m²).
    pub sports_m2: Option<f64>,
    /// 教学仪器设备值 (元).
    pub equipment_yuan: Option<f64>,
    /// 网络多媒体教室数.
    pub multimedia_rooms: Option<f64>,
}

/// Highest qualification (最高学历).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Qualification {
    /// 高中、中专、中师及以下
    Secondary,
    /// 大专、专科
    Associate,
    /// 本科、学士
    Bachelor,
    /// 硕士、研究生
    Master,
    /// 博士
    Doctorate,
}

impl Qualification {
    /// A roster's word for it, in Chinese or English.
    pub fn parse(text: &str) -> Option<Qualification> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        Some(if has(&["博士", "doctor", "phd"]) {
            Qualification::Doctorate
        } else if has(&["硕士", "研究生", "master"]) {
            Qualification::Master
        } else if has(&["本科", "大学", "学士", "bachelor", "degree"]) {
            Qualification::Bachelor
        } else if has(&["大专", "专科", "associate", "diploma", "college"]) {
            Qualification::Associate
        } else if has(&[
            "中专",
            "中师",
            "高中",
            "职高",
            "初中",
            "小学",
            "secondary",
            "high school",
        ]) {
            Qualification::Secondary
        } else {
            return None;
        })
    }
}

/// One member of staff from the roster (教职工花名册). Personal data stays
/// on the machine: exports carry counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Teacher {
    /// Index into [`Dataset::schools`].
    pub school: usize,
    /// Staff number or name, as the roster gives it.
    pub key: String,
    /// 性别 (None: not given or not read; no retirement is counted then).
    pub sex: Option<Sex>,
    /// Year and month of birth.
    pub birth: Option<(i32, u32)>,
    /// The subject taught, as a key of the norms' curriculum (`chinese`,
    /// `maths`, …); None for staff who teach none or an unknown one.
    pub subject: Option<String>,
    /// 岗位 (专任教师 where the roster does not say).
    pub post: Post,
    /// 编制 status (在编 where the roster does not say).
    pub establishment: Establishment,
    /// 骨干 of county level or above.
    pub backbone: bool,
    /// The year they came to this school.
    pub arrived: Option<i32>,
    /// 最高学历, when the roster gives it.
    #[serde(default)]
    pub qualification: Option<Qualification>,
    /// 职称 as the roster writes it (一级教师, 高级教师, …).
    #[serde(default)]
    pub title: Option<String>,
}

#[cfg(test)]
mod ownership_tests {
    use super::Ownership;

    #[test]
    fn private_and_national_schools_are_told_by_name_and_taiwan_code() {
        // Names (花蓮縣 and 臺東縣, fall 2024; and mainland forms).
        assert_eq!(
            Ownership::of("私立海星國小", Some("151602")),
            Ownership::Private
        );
        assert_eq!(
            Ownership::of("財團法人慈濟大學附中附設國小", Some("151312")),
            Ownership::Private
        );
        assert_eq!(Ownership::of("城关民办小学", None), Ownership::Private);
        assert_eq!(
            Ownership::of("國立東華大學附設實小", Some("150601")),
            Ownership::National
        );
        assert_eq!(
            Ownership::of("华东师范大学附属小学", None),
            Ownership::National
        );
        // 臺東縣均一高中附設國小: private, though its name does not say so
        // (code 141301, third digit 1).
        assert_eq!(
            Ownership::of("臺東縣均一高中附設國小", Some("141301")),
            Ownership::Private
        );
        // County schools: Taiwan 縣立 (third digit 4), a mainland 10-digit
        // 学校标识码 whose third digit is 1 is not a Taiwan code.
        assert_eq!(
            Ownership::of("縣立明禮國小", Some("154601")),
            Ownership::County
        );
        assert_eq!(
            Ownership::of("清水乡中心小学", Some("2141012345")),
            Ownership::County
        );
        assert_eq!(Ownership::of("西沟教学点", None), Ownership::County);
    }
}
