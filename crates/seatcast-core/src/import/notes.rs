//! What the import guessed or checked, said once each in the summary: which
//! year of a school year a bare year names, grade parts added, totals
//! compared, columns left out. A guess that is never stated is a silent one;
//! these are the sentences that keep it from being silent.

use super::columns::YearConvention;
use crate::diagnostics::Location;
use crate::grades::{GradeLabel, GradeSystem};
use crate::i18n::{Lang, thousands};
use serde::Serialize;

/// Where bare years were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum YearSource {
    /// A year column, by its header.
    Column,
    /// The sheet's name.
    SheetName,
    /// A title above the header.
    Title,
    /// The file's name.
    FileName,
}

/// Why a convention was used for bare years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum YearWhy {
    /// The column's header says it (`SY`, `Fall`).
    Header,
    /// The planner's setting or column mapping.
    Setting,
    /// Nothing said it: Seatcast's convention for a year column (its template's).
    DefaultColumn,
    /// Nothing said it: the convention of files in this language (sheet or file names).
    DefaultLanguage {
        /// Whether the header is in Chinese (fall years; else spring years).
        chinese: bool,
    },
}

/// Where a row-per-pupil export's census year was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CensusSource {
    /// A title above the header.
    Title,
    /// A year or term column holding one year only.
    Column,
    /// The sheet's name.
    SheetName,
    /// The file's name.
    FileName,
    /// The year the planner gave in the column mapping.
    Planner,
}

/// One thing the import guessed or checked, said once in the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Note {
    /// Bare years read as the fall or the spring of their school year.
    Years {
        /// Where the years were read.
        source: YearSource,
        /// The year column's header (empty for years read from names or titles).
        header: String,
        /// Read as fall or as spring years.
        convention: YearConvention,
        /// Why that convention.
        why: YearWhy,
        /// One label as written and the fall it was read as.
        label: String,
        /// The fall that label was read as.
        fall: i32,
    },
    /// Columns added into one grade (K_Full + K_Part → K; 男 + 女).
    GradeParts {
        /// The grade.
        grade: GradeLabel,
        /// The headers of the columns added.
        columns: Vec<String>,
    },
    /// Columns left out as parts already counted (其中：女; a grade's split beside its total).
    Subsets {
        /// Their headers.
        columns: Vec<String>,
    },
    /// Grade columns headed by bare numbers (`01` … `12`).
    BareGrades {
        /// The first such header.
        first: String,
        /// The last such header.
        last: String,
    },
    /// School ids repeat under different parents (district, corporation):
    /// a school is its parent's id and its own.
    CompositeKey {
        /// The parent column's header.
        parent: String,
        /// The id column's header.
        id: String,
    },
    /// Total and subtotal rows found, compared with the rows they sum, and skipped.
    TotalRows {
        /// Total rows matched.
        rows: usize,
        /// Of them, rows known by their figures alone (no 合计 label).
        unlabelled: usize,
    },
    /// A total column compared with every row.
    TotalColumn {
        /// The total column's header.
        header: String,
        /// Rows where it matched, of the rows compared.
        rows: usize,
        /// Rows compared.
        of: usize,
        /// Columns the file's total also counts beyond the grades loaded.
        beyond: Vec<String>,
    },
    /// Pupils outside any grade (ungraded, adult programmes): counted
    /// against the file's totals, not loaded.
    Ungraded {
        /// Their headers.
        columns: Vec<String>,
        /// Their pupils, added.
        pupils: f64,
    },
    /// A row per pupil, counted into grades (and classes).
    Students {
        /// Pupil rows counted.
        rows: usize,
        /// Whether classes were counted too (the export has a class column).
        classes: bool,
    },
    /// Read by the planner's column mapping.
    Mapped,
    /// Teachers counted by school and subject, not listed one by one.
    TeacherCounts {
        /// Teachers counted.
        teachers: usize,
        /// Subject columns read.
        subjects: usize,
    },
    /// Schools without an area given the boundary polygon containing them.
    AreasFromBoundaries {
        /// Schools given an area.
        schools: usize,
    },
    /// A boundary file read: its areas, the property that names them (by
    /// the planner, else chosen), and how many match the data's areas.
    Boundaries {
        /// The boundary file, as opened.
        file: String,
        /// Areas it holds.
        areas: usize,
        /// The property that names them (empty: none could).
        key: String,
        /// Whether the planner chose the property (false: Seatcast did).
        chosen: bool,
        /// Areas whose names match the data's.
        matched: usize,
    },
    /// Schools with no pupil in any grade in any row, and in no roster:
    /// left out (there is nothing to project), by name.
    EmptySchools {
        /// Their names (else ids).
        schools: Vec<String>,
    },
    /// Boundaries or roads were opened, but no school has longitude and
    /// latitude to place on them.
    PlacesWithoutCoordinates,
    /// A GeoAtlas boundary file (its features carry `adcode`), read as
    /// GCJ-02 as GeoAtlas draws them, the planner having named no datum.
    BoundaryDatum {
        /// The boundary file, as opened.
        file: String,
    },
    /// Years of the Republic of China calendar (民国; 学年度 113 is fall
    /// 2024): one label as written and the fall it was read as.
    RocYears {
        /// The year column's header.
        header: String,
        /// One year as written.
        label: String,
        /// The fall it was read as.
        fall: i32,
    },
    /// A total column that names another year than the sheet's: not this
    /// year's total, so not compared with its grades.
    OtherYearTotal {
        /// The total column's header.
        header: String,
    },
    /// Columns of someone's projections or estimates: not read as pupils.
    Projections {
        /// Their headers.
        columns: Vec<String>,
    },
    /// A sheet beside the data that is no table Seatcast reads (a side
    /// table of codes, a pivot): not read, and it blocks nothing.
    NotRead,
    /// A row-per-pupil export is one count: the fall it was taken in, and
    /// where that was found (a title, a term column, the file name, the
    /// planner). An entry date is never the year of the count.
    CensusYear {
        /// The fall of the count.
        fall: i32,
        /// Where it was found.
        source: CensusSource,
        /// What it was found in, as written (empty for the planner's year).
        text: String,
    },
    /// Longitude/latitude read in a datum and converted to WGS-84; `named`:
    /// the file names it (else the setting or the default).
    Datum {
        /// The datum the sheet was read in.
        datum: crate::places::datum::Datum,
        /// Whether the sheet names it.
        named: bool,
    },
    /// Road distances worked out from an extract: schools joined to its
    /// roads, and pairs of schools a road joins within the limits.
    RoadDistances {
        /// The extract's file name.
        file: String,
        /// Schools joined to its roads.
        schools: usize,
        /// Pairs of schools a road joins within the limits.
        pairs: usize,
    },
}

impl Note {
    /// What makes two notes the same sentence, so a rule used on 18 sheets
    /// is said once.
    fn same(&self, other: &Note) -> bool {
        match (self, other) {
            (
                Note::Years {
                    source: a,
                    convention: b,
                    why: c,
                    header: d,
                    ..
                },
                Note::Years {
                    source: e,
                    convention: f,
                    why: g,
                    header: h,
                    ..
                },
            ) => a == e && b == f && c == g && d == h,
            (Note::TotalRows { .. }, Note::TotalRows { .. }) => true,
            (Note::Students { .. }, Note::Students { .. }) => true,
            (Note::Ungraded { columns: a, .. }, Note::Ungraded { columns: b, .. }) => a == b,
            (
                Note::TotalColumn {
                    header: a,
                    beyond: b,
                    ..
                },
                Note::TotalColumn {
                    header: c,
                    beyond: d,
                    ..
                },
            ) => a == c && b == d,
            (a, b) => a == b,
        }
    }

    /// Fold another sheet's note of the same sentence into this one.
    fn absorb(&mut self, other: &Note) {
        match (self, other) {
            (
                Note::TotalRows { rows, unlabelled },
                Note::TotalRows {
                    rows: r,
                    unlabelled: u,
                },
            ) => {
                *rows += r;
                *unlabelled += u;
            }
            (Note::TotalColumn { rows, of, .. }, Note::TotalColumn { rows: r, of: o, .. }) => {
                *rows += r;
                *of += o;
            }
            (Note::Ungraded { pupils, .. }, Note::Ungraded { pupils: p, .. }) => *pupils += p,
            (
                Note::Students { rows, classes },
                Note::Students {
                    rows: r,
                    classes: c,
                },
            ) => {
                *rows += r;
                *classes |= c;
            }
            _ => {}
        }
    }

    /// The note's sentence in the planner's language, grades named in `system`.
    pub fn message(&self, lang: Lang, system: GradeSystem) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Note::Students { rows, classes } => {
                let n = thousands(*rows as i64);
                match (zh, classes) {
                    (true, true) => {
                        format!("每行一名学生：{n} 行按学校、年级计数，班级数按不同班级计。")
                    }
                    (true, false) => format!("每行一名学生：{n} 行按学校、年级计数。"),
                    (false, true) => format!(
                        "A row per pupil: {n} rows counted by school and grade, classes as the distinct class names."
                    ),
                    (false, false) => {
                        format!("A row per pupil: {n} rows counted by school and grade.")
                    }
                }
            }
            Note::Mapped => lang
                .pick("按列对应读取。", "Read with the column mapping.")
                .into(),
            Note::RoadDistances {
                file,
                schools,
                pairs,
            } => {
                if zh {
                    format!(
                        "按路网 {file} 计算道路距离：{schools} 所学校接入路网，{pairs} 对学校之间有道路相连（步行 {} 公里、乘车 {} 公里以内）。",
                        crate::places::roads::WALK_LIMIT_KM,
                        crate::places::roads::BUS_LIMIT_KM
                    )
                } else {
                    format!(
                        "Road distances from {file}: {schools} schools joined to its roads, {pairs} pairs of schools joined by road (within {} km on foot, {} km by bus).",
                        crate::places::roads::WALK_LIMIT_KM,
                        crate::places::roads::BUS_LIMIT_KM
                    )
                }
            }
            Note::NotRead => lang
                .pick(
                    "未读取：这张表不是在校生、学校名册、出生人口、教职工或办学条件表，不影响其他工作表。",
                    "Not read: this sheet is not an enrolment, roster, births, staff or facilities table; the other sheets load without it.",
                )
                .to_string(),
            Note::Years { .. } | Note::RocYears { .. } | Note::CensusYear { .. } | Note::OtherYearTotal { .. } | Note::BareGrades { .. } => self.years_message(lang),
            Note::TotalRows { .. } | Note::TotalColumn { .. } | Note::Ungraded { .. } | Note::Subsets { .. } | Note::GradeParts { .. } | Note::Projections { .. } => self.totals_message(lang, system),
            Note::BoundaryDatum { .. } | Note::PlacesWithoutCoordinates | Note::AreasFromBoundaries { .. } | Note::EmptySchools { .. } | Note::Boundaries { .. } | Note::Datum { .. } | Note::TeacherCounts { .. } | Note::CompositeKey { .. } => self.places_message(lang),
        }
    }

    /// The message of a note on the years read.
    fn years_message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Note::Years {
                source,
                header,
                convention,
                why,
                label,
                fall,
            } => {
                let what = match (source, zh) {
                    (YearSource::Column, true) => format!("“{header}”列的年份"),
                    (YearSource::Column, false) => format!("years in the column \"{header}\""),
                    (YearSource::SheetName, true) => "工作表名中的年份".into(),
                    (YearSource::SheetName, false) => "years in the sheet names".into(),
                    (YearSource::Title, true) => "表头标题中的年份".into(),
                    (YearSource::Title, false) => "years in the sheet titles".into(),
                    (YearSource::FileName, true) => "文件名中的年份".into(),
                    (YearSource::FileName, false) => "years in the file names".into(),
                };
                let (conv, example) = match (convention, zh) {
                    (YearConvention::Spring, true) => (
                        "学年的春季年份",
                        format!("{label} → {}—{}学年", fall, fall + 1),
                    ),
                    (YearConvention::Spring, false) => (
                        "spring years",
                        format!("{label} → fall {fall} ({fall}-{:02})", (fall + 1) % 100),
                    ),
                    (YearConvention::Fall, true) => (
                        "学年的秋季年份",
                        format!("{label} → {}—{}学年", fall, fall + 1),
                    ),
                    (YearConvention::Fall, false) => (
                        "fall years",
                        format!("{label} → fall {fall} ({fall}-{:02})", (fall + 1) % 100),
                    ),
                };
                let other = match convention {
                    YearConvention::Fall => "spring",
                    YearConvention::Spring => "fall",
                };
                let because = match (why, zh) {
                    (YearWhy::Header, true) => "（表头如此注明）".to_string(),
                    (YearWhy::Header, false) => " (the header says so)".to_string(),
                    (YearWhy::Setting, true) => "（按设置）".to_string(),
                    (YearWhy::Setting, false) => " (as set)".to_string(),
                    (YearWhy::DefaultColumn, true) => format!(
                        "（文件未注明，按 Seatcast 模板的惯例；如不对，请用 --years {other} 或在列对应中改）"
                    ),
                    (YearWhy::DefaultColumn, false) => format!(
                        " (the file does not say; as Seatcast's template writes them — if not, load with --years {other} or set it in the column mapping)"
                    ),
                    (YearWhy::DefaultLanguage { chinese }, true) => format!(
                        "（文件未注明，按{}惯例；如不对，请用 --years {other} 或在列对应中改）",
                        if *chinese {
                            "中文报表"
                        } else {
                            "英文报表"
                        }
                    ),
                    (YearWhy::DefaultLanguage { chinese }, false) => format!(
                        " (the file does not say; as {} files write them — if not, load with --years {other} or set it in the column mapping)",
                        if *chinese { "Chinese" } else { "US" }
                    ),
                };
                if zh {
                    format!("{what}按{conv}读取：{example}{because}。")
                } else {
                    format!("Read {what} as {conv}: {example}{because}.")
                }
            }
            Note::BareGrades { first, last } => {
                if zh {
                    format!("表头 {first} … {last} 按年级读取。")
                } else {
                    format!("Headers {first} … {last} read as grades.")
                }
            }
            Note::RocYears {
                header,
                label,
                fall,
            } => {
                if zh {
                    format!(
                        "“{header}”列的年份按民国纪年读入（加 1911）：{label} → {fall} 年秋季学期。"
                    )
                } else {
                    format!(
                        "Years in the column \"{header}\" read as Republic of China (民国) years, plus 1911: {label} → fall {fall}."
                    )
                }
            }
            Note::OtherYearTotal { header } => {
                if zh {
                    format!(
                        "“{header}”是另一年份的合计，不是本表年份的合计：未用于核对，也未读入。"
                    )
                } else {
                    format!(
                        "\"{header}\" is another year's total, not this sheet's: not compared and not read."
                    )
                }
            }
            Note::CensusYear { fall, source, text } => {
                let from = match (source, zh) {
                    (CensusSource::Title, true) => format!("标题“{text}”"),
                    (CensusSource::Title, false) => format!("the title \"{text}\""),
                    (CensusSource::Column, true) => format!("“{text}”列"),
                    (CensusSource::Column, false) => format!("the column \"{text}\""),
                    (CensusSource::SheetName, true) => format!("工作表名“{text}”"),
                    (CensusSource::SheetName, false) => format!("the sheet name \"{text}\""),
                    (CensusSource::FileName, true) => format!("文件名“{text}”"),
                    (CensusSource::FileName, false) => format!("the file name \"{text}\""),
                    (CensusSource::Planner, true) => "您在列对应中填写的年份".to_string(),
                    (CensusSource::Planner, false) => {
                        "the year given in the column mapping".to_string()
                    }
                };
                if zh {
                    format!(
                        "逐生名单按一次统计读入：{fall} 年秋季学期（依据{from}）；入学年月只用于核对年龄，不作为统计年份。"
                    )
                } else {
                    format!(
                        "The row-per-pupil list was read as one count, fall {fall} (from {from}); entry dates are used only to check ages, never as the year of the count."
                    )
                }
            }
            _ => String::new(),
        }
    }

    /// The message of a note on totals and columns checked.
    fn totals_message(&self, lang: Lang, system: GradeSystem) -> String {
        let zh = lang == Lang::Zh;
        let list = |v: &[String]| v.join(lang.pick("、", ", "));
        match self {
            Note::GradeParts { grade, columns } => {
                let g = grade.resolve(system).label(system, lang);
                if zh {
                    format!("{} 相加为{g}。", columns.join(" + "))
                } else {
                    format!("{} added into grade {g}.", columns.join(" + "))
                }
            }
            Note::Subsets { columns } => {
                if zh {
                    format!("{} 是已计入年级的其中数，未重复相加。", list(columns))
                } else {
                    format!(
                        "{} left out: parts of grades already counted in them.",
                        list(columns)
                    )
                }
            }
            Note::TotalRows { rows, unlabelled } => {
                let extra = if *unlabelled > 0 {
                    if zh {
                        format!("（其中 {unlabelled} 行未写“合计”，按其数字等于上方各行之和认定）")
                    } else {
                        format!(
                            " ({unlabelled} of them not called totals, known by equalling the rows above)"
                        )
                    }
                } else {
                    String::new()
                };
                if zh {
                    format!("{rows} 个合计/小计行{extra}已与所合计的各行核对一致，未作为学校读入。")
                } else {
                    format!(
                        "{rows} total and subtotal rows{extra} matched the rows they sum and were not read as schools."
                    )
                }
            }
            Note::TotalColumn {
                header,
                rows,
                of,
                beyond,
            } => {
                let extra = if beyond.is_empty() {
                    String::new()
                } else if zh {
                    format!("（文件的合计还包括 {}）", list(beyond))
                } else {
                    format!(" (the file's total also counts {})", list(beyond))
                };
                match (zh, rows == of) {
                    (true, true) => {
                        format!("“{header}”列与各年级之和逐行核对一致：{rows} 行{extra}。")
                    }
                    (true, false) => format!(
                        "“{header}”列与各年级之和核对：{of} 行中 {rows} 行一致{extra}，其余见警告。"
                    ),
                    (false, true) => format!(
                        "The column \"{header}\" matched the sum of the grades on all {rows} rows{extra}."
                    ),
                    (false, false) => format!(
                        "The column \"{header}\" matched the sum of the grades on {rows} of {of} rows{extra}; the others are in the warnings."
                    ),
                }
            }
            Note::Ungraded { columns, pupils } => {
                let n = thousands(pupils.round() as i64);
                if zh {
                    format!(
                        "{} 为未分年级学生（共 {n} 人次）：计入文件合计的核对，不参与预测。",
                        list(columns)
                    )
                } else {
                    format!(
                        "{} hold ungraded pupils ({n} in all): counted against the file's totals, not projected.",
                        list(columns)
                    )
                }
            }
            Note::Projections { columns } => {
                if zh {
                    format!("{} 是预测或估计数，不是实际在校生：未读入。", list(columns))
                } else {
                    format!(
                        "{} hold projections or estimates, not pupils counted: not read.",
                        list(columns)
                    )
                }
            }
            _ => String::new(),
        }
    }

    /// The message of a note on places and staff.
    fn places_message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Note::CompositeKey { parent, id } => {
                if zh {
                    format!("“{id}”在不同“{parent}”下重复：学校按“{parent}”+“{id}”区分。")
                } else {
                    format!(
                        "\"{id}\" repeats under different \"{parent}\": a school is known by both."
                    )
                }
            }
            Note::BoundaryDatum { file } => {
                if zh {
                    format!(
                        "边界文件 {file} 是 DataV GeoAtlas 格式（要素带 adcode），按其所用的 GCJ-02 读取，换算为 WGS-84；如不是，请在“设置”菜单中指定坐标系。"
                    )
                } else {
                    format!(
                        "The boundary file {file} is in the DataV GeoAtlas form (its features carry adcode), so it was read as GCJ-02, as GeoAtlas draws, and converted to WGS-84; if it is not, name the datum in Settings."
                    )
                }
            }
            Note::PlacesWithoutCoordinates => {
                if zh {
                    "已打开边界或路网文件，但学校名册没有经纬度：学校无法落到边界和道路上（距离按名册的公里坐标或不计）。请在名册中加入“经度”“纬度”两列。".to_string()
                } else {
                    "Boundary or road files were opened, but the roster has no longitude and latitude: no school can be placed on them (distances stay in the roster's km, if any). Add Longitude and Latitude columns to the roster.".to_string()
                }
            }
            Note::Boundaries {
                file,
                areas,
                key,
                chosen,
                matched,
            } => {
                let how = match (zh, chosen) {
                    (true, true) => "（按所选）",
                    (true, false) => {
                        "（自动选取：与数据中的片区名相符，或取值最多的名称属性；可在“地图”页改选）"
                    }
                    (false, true) => " (as chosen)",
                    (false, false) => {
                        " (chosen as the property matching the data's areas, else the name property with the most distinct values; change it on the Map tab)"
                    }
                };
                if zh {
                    format!(
                        "边界文件 {file}：{areas} 个片区，名称取自属性 {key}{how}；其中 {matched} 个与数据中的片区名相同。"
                    )
                } else {
                    format!(
                        "Boundary file {file}: {areas} areas, named by the property {key}{how}; {matched} of them match the data's area names."
                    )
                }
            }
            Note::EmptySchools { schools } => {
                let n = schools.len();
                let shown: Vec<&str> = schools.iter().take(8).map(String::as_str).collect();
                let more = n > shown.len();
                if zh {
                    format!(
                        "{n} 所学校在各年级都没有学生，未载入（没有可预测的人数）：{}{}。如是新建或停办的学校，请在学校名册中列出。",
                        shown.join("、"),
                        if more { " 等" } else { "" }
                    )
                } else {
                    let (schools, have, were, they) = if n == 1 {
                        ("school", "has", "was", "it is a new or closed school")
                    } else {
                        ("schools", "have", "were", "they are new or closed schools")
                    };
                    format!(
                        "{n} {schools} {have} no pupil in any grade and {were} left out (nothing to project): {}{}. If {they}, list them in a roster.",
                        shown.join(", "),
                        if more { ", …" } else { "" }
                    )
                }
            }
            Note::AreasFromBoundaries { schools } => {
                if zh {
                    format!(
                        "{schools} 所学校名册中没有乡镇（街道），按其坐标所在的边界多边形补上。"
                    )
                } else {
                    format!(
                        "{schools} schools with no area in the roster were given the boundary polygon that contains them."
                    )
                }
            }
            Note::Datum { datum, named } => {
                let name = datum.name(lang);
                match (zh, named) {
                    (true, true) => format!("经纬度按表头所注的 {name} 读取，换算为 WGS-84。"),
                    (true, false) => format!(
                        "表头未注明坐标系：经纬度按 {name} 读取（多数名册抄自高德地图），换算为 WGS-84；如不是，请在“设置”菜单或用 --datum 改。"
                    ),
                    (false, true) => format!(
                        "Longitude/latitude read as {name}, as the header names it, and converted to WGS-84."
                    ),
                    (false, false) => format!(
                        "The header names no datum: longitude/latitude read as {name} (most rosters are copied from AMap) and converted to WGS-84; if that is wrong, change it in the Settings menu or with --datum."
                    ),
                }
            }
            Note::TeacherCounts { teachers, subjects } => {
                let n = thousands(*teachers as i64);
                if zh {
                    format!(
                        "按学校 × 学科的教师人数读取：{subjects} 个学科共 {n} 名专任教师，计为在编；表中没有出生年月，预测期内不计退休。"
                    )
                } else {
                    format!(
                        "Teachers counted by school and subject: {n} teachers in {subjects} subjects, taken as on the establishment; with no birth dates, none retires over the horizon."
                    )
                }
            }

            _ => String::new(),
        }
    }
}

/// One note as the summary says it: on how many sheets, first where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteLine {
    /// What was guessed or checked, its counts added over the sheets.
    pub note: Note,
    /// On how many sheets.
    pub sheets: usize,
    /// Where first (the file only, when on several sheets).
    pub first: Location,
}

impl NoteLine {
    /// The summary's line: where, the sentence, and on how many sheets.
    pub fn line(&self, lang: Lang, system: GradeSystem) -> String {
        let msg = self.note.message(lang, system);
        let sheets = match (self.sheets, lang) {
            (0 | 1, _) => String::new(),
            (n, Lang::Zh) => format!("（{n} 张表）"),
            (n, Lang::En) => format!(" ({n} sheets)"),
        };
        let loc = self.first.to_string();
        if loc.is_empty() {
            format!("{msg}{sheets}")
        } else {
            format!("{loc}{}{msg}{sheets}", lang.pick("：", ": "))
        }
    }
}

/// Collect notes, one line per sentence.
pub fn fold(notes: Vec<(Note, Location)>) -> Vec<NoteLine> {
    let mut out: Vec<NoteLine> = Vec::new();
    for (note, loc) in notes {
        match out.iter_mut().find(|l| l.note.same(&note)) {
            Some(l) => {
                l.note.absorb(&note);
                l.sheets += 1;
            }
            None => out.push(NoteLine {
                note,
                sheets: 1,
                first: loc,
            }),
        }
    }
    // A note on every sheet of one file names the file, not its first sheet.
    for l in &mut out {
        if l.sheets > 1 {
            l.first.sheet = None;
            l.first.cell = None;
        }
    }
    out
}
