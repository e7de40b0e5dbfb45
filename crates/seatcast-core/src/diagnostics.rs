//! Problems found in the planner's files: where they are (file, sheet, cell as
//! Excel shows it) and one plain sentence, in Chinese and English, of what is
//! wrong and what is expected.

use crate::i18n::{Lang, thousands};
use serde::Serialize;
use std::fmt;
mod messages;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// Loads, but the planner should look.
    Warning,
    /// Stops the load.
    Error,
}

/// A cell as Excel names it: zero-based row and column, shown as `D17`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> CellRef {
        CellRef { row, col }
    }
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

/// Where a problem is: the file, and when known the sheet and the cell or row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            sheet: None,
            cell: None,
        }
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: None,
        }
    }

    pub fn at(&self, cell: CellRef) -> Location {
        Location {
            cell: Some(cell),
            ..self.clone()
        }
    }

    /// `在校生!D17` (the sheet and cell as Excel writes a reference), without the file.
    pub fn cell_text(&self) -> String {
        match (&self.sheet, self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            (None, Some(c)) => c.to_string(),
            (None, None) => String::new(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cell = self.cell_text();
        match (self.file.is_empty(), cell.is_empty()) {
            (true, true) => Ok(()),
            (false, true) => f.write_str(&self.file),
            (true, false) => f.write_str(&cell),
            (false, false) => write!(f, "{} · {}", self.file, cell),
        }
    }
}

/// What is wrong. Each kind knows its severity and its sentence in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ProblemKind {
    // --- whole files ---
    CannotOpen {
        reason: String,
    },
    EmptyFile,
    NotASpreadsheet,
    PasswordProtected,
    Corrupt {
        reason: String,
    },
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A workbook whose parts say they unpack to far more than any sheet of schools.
    Inflates {
        unpacked: u64,
        packed: u64,
    },
    ReaderFailed,
    NoEnrolment,
    // --- sheets and columns ---
    NoSchoolColumn,
    NoYear,
    SheetIgnored,
    TooManyColumns {
        limit: u32,
    },
    // --- cells ---
    NotANumber {
        text: String,
        what: Measure,
    },
    BadYear {
        text: String,
    },
    BadGrade {
        text: String,
    },
    /// A count no school (or area) could have: a typing slip or a misplaced column.
    ImplausibleCount {
        value: f64,
        limit: f64,
        what: Measure,
    },
    /// A fall beyond next year, or before any data a county keeps.
    YearOutOfRange {
        year: i32,
        latest: i32,
    },
    DuplicateConflict {
        first: String,
        first_value: f64,
        value: f64,
    },
    RosterConflict {
        school: String,
        first: String,
    },
    // --- warnings ---
    NegativeCount {
        value: f64,
    },
    FractionalCount {
        value: f64,
    },
    DuplicateRow {
        first: String,
    },
    SectionWithoutSchool,
    RowWithoutSchool,
    NotInRoster {
        school: String,
    },
    // --- the teacher roster ---
    TeacherAtUnknownSchool {
        school: String,
    },
    FacilityAtUnknownSchool {
        school: String,
    },
    BadBirthDate {
        text: String,
    },
    UnknownSubject {
        text: String,
    },
    UnknownStaffValue {
        column: String,
        text: String,
    },
    NoRoster,
    /// No roster, but the enrolment gives classes: they stand for
    /// classrooms (a floor).
    ClassesAsClassrooms,
    NoBirths,
    YearGap {
        from: i32,
        to: i32,
    },
    BirthYearGap {
        area: String,
        from: i32,
        to: i32,
    },
    GradeOutsideSpan {
        school: String,
        grade: crate::grades::Grade,
        system: crate::grades::GradeSystem,
        span: String,
    },
    AreaWithoutBirths {
        area: String,
    },
    OversizedClass {
        pupils: f64,
        classes: f64,
    },
    TotalMismatch {
        stated: f64,
        sum: f64,
    },
    /// The file's total column disagrees with its own grade cells on a few
    /// scattered rows: the file's slips, loaded as the grades say.
    TotalSlips {
        header: String,
        rows: usize,
        of: usize,
        pupils: f64,
        first: Vec<String>,
    },
    /// A total row that disagrees with the rows it sums, where the file's
    /// other totals agree: the file's slip, the rows loaded as they are.
    TotalRowSlip {
        label: String,
        stated: f64,
        sum: f64,
        from_row: u32,
        to_row: u32,
    },
    UnknownFeeder {
        school: String,
        feeder: String,
    },
    UnknownLevel {
        text: String,
    },
    BadCoordinate {
        text: String,
    },
    /// Longitude and latitude the wrong way round: swapped back.
    SwappedCoordinates {
        lon: f64,
        lat: f64,
    },
    /// A boundary file (GeoJSON, Shapefile) that cannot be used.
    BadBoundaryFile {
        message_zh: String,
        message_en: String,
    },
    /// A road extract (.osm.pbf) that cannot be used.
    BadRoadFile {
        message_zh: String,
        message_en: String,
    },
    /// The schools lie far from the roads as read, and near them in another
    /// datum: the roster's coordinates are likely in that one.
    DatumMismatch {
        read: crate::places::datum::Datum,
        likely: crate::places::datum::Datum,
        /// Median metres from a school to its nearest road node, as read
        /// and in the likely datum.
        median_m: f64,
        likely_m: f64,
    },
    /// A school far from the county's others: likely a wrong coordinate.
    FarFromTheOthers {
        school: String,
        km: f64,
    },
    /// An area whose outline crosses itself: drawn as an outline only.
    CrossedArea {
        area: String,
    },
    /// Schools outside the boundaries as read that fall inside them read
    /// in another datum (a GCJ-02 or BD-09 offset of some hundreds of
    /// metres): the coordinates are likely in that one.
    DatumOffAreas {
        read: crate::places::datum::Datum,
        likely: crate::places::datum::Datum,
        /// Schools outside every area as read, and in the likely datum.
        outside: usize,
        likely_outside: usize,
    },
    /// A fact of a school the roster gives and another table gives
    /// otherwise: the roster's is kept. With no roster loaded, `roster` is
    /// what an earlier-read table said (a rename over the years, mostly).
    TableDiffersFromRoster {
        school: String,
        /// What differs, in the planner's words (zh, en).
        what: (&'static str, &'static str),
        roster: String,
        table: String,
        /// Whether `roster` came from a roster (false: another year's table).
        from_roster: bool,
    },
    // --- reconciliation and recognition ---
    /// A total row whose figure differs from the rows it sums.
    TotalRowMismatch {
        label: String,
        stated: f64,
        sum: f64,
        /// The rows summed, as Excel numbers them.
        from_row: u32,
        to_row: u32,
    },
    /// A column holding numbers that could not be placed.
    UnplacedColumn {
        header: String,
        cells: usize,
        sum: f64,
    },
    /// A row that names a school without the id the sheet keys schools by.
    NoSchoolId {
        school: String,
    },
    /// A count withheld for privacy (`*`, `<10`): read as no pupils.
    SuppressedCount {
        text: String,
    },
    /// Pupils whose age does not fit their grade (row-per-pupil exports).
    AgeOutsideGrade {
        grade: crate::grades::Grade,
        system: crate::grades::GradeSystem,
        outside: usize,
        of: usize,
        lo: i32,
        hi: i32,
    },
    /// The same pupil twice in one fall (row-per-pupil exports).
    DuplicatePupil {
        first: String,
    },
    /// A column mapping given for a header that no sheet has.
    MappingUnused {
        header: String,
    },
}

/// What a number in a cell is meant to count, for the sentence that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Measure {
    Pupils,
    Classes,
    Births,
    Classrooms,
    Seats,
    Year,
    /// Teachers of one subject at one school (a staff table by subject).
    Teachers,
    /// A school's floor or ground area, equipment value or classrooms.
    Facility,
}

impl Measure {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Measure::Pupils => lang.pick("学生人数", "a pupil count"),
            Measure::Classes => lang.pick("班级数", "a class count"),
            Measure::Births => lang.pick("出生人口数", "a birth count"),
            Measure::Classrooms => lang.pick("教室数", "a classroom count"),
            Measure::Teachers => lang.pick("教师人数", "a count of teachers"),
            Measure::Facility => lang.pick("办学条件数值", "a facility figure"),
            Measure::Seats => lang.pick("学位数", "a seat count"),
            Measure::Year => lang.pick("年份", "a year"),
        }
    }
}

/// A figure as a planner reads it: thousands grouped, and at most two
/// decimals (a cell's 12.5 stays 12.5; a sum of coordinates is not
/// printed to sixteen digits).
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let rounded = (v * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        return thousands(rounded as i64);
    }
    let whole = thousands(rounded.trunc() as i64);
    let sign = if rounded < 0.0 && rounded.trunc() == 0.0 {
        "-"
    } else {
        ""
    };
    let decimals = format!("{:.2}", rounded.abs().fract());
    let decimals = decimals.trim_start_matches('0').trim_end_matches('0');
    format!("{sign}{whole}{decimals}")
}

impl ProblemKind {
    pub fn severity(&self) -> Severity {
        use ProblemKind::*;
        match self {
            CannotOpen { .. }
            | EmptyFile
            | NotASpreadsheet
            | PasswordProtected
            | Corrupt { .. }
            | TooLarge { .. }
            | Inflates { .. }
            | ReaderFailed
            | NoEnrolment
            | NoSchoolColumn
            | NoYear
            | NotANumber { .. }
            | BadYear { .. }
            | BadGrade { .. }
            | ImplausibleCount { .. }
            | YearOutOfRange { .. }
            | DuplicateConflict { .. }
            | RosterConflict { .. }
            | TotalMismatch { .. }
            | TotalRowMismatch { .. }
            | TeacherAtUnknownSchool { .. }
            | FacilityAtUnknownSchool { .. }
            | BadBirthDate { .. } => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl ProblemKind {
    /// A stable name for the kind of problem (JSON, grouping).
    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            CannotOpen { .. } => "cannot_open",
            EmptyFile => "empty_file",
            NotASpreadsheet => "not_a_spreadsheet",
            PasswordProtected => "password_protected",
            Corrupt { .. } => "corrupt",
            TooLarge { .. } => "too_large",
            Inflates { .. } => "inflates",
            ReaderFailed => "reader_failed",
            NoEnrolment => "no_enrolment",
            NoSchoolColumn => "no_school_column",
            NoYear => "no_year",
            SheetIgnored => "sheet_ignored",
            TooManyColumns { .. } => "too_many_columns",
            NotANumber { .. } => "not_a_number",
            BadYear { .. } => "bad_year",
            BadGrade { .. } => "bad_grade",
            ImplausibleCount { .. } => "implausible_count",
            YearOutOfRange { .. } => "year_out_of_range",
            DuplicateConflict { .. } => "duplicate_conflict",
            RosterConflict { .. } => "roster_conflict",
            NegativeCount { .. } => "negative_count",
            FractionalCount { .. } => "fractional_count",
            DuplicateRow { .. } => "duplicate_row",
            SectionWithoutSchool => "section_without_school",
            RowWithoutSchool => "row_without_school",
            NotInRoster { .. } => "not_in_roster",
            TeacherAtUnknownSchool { .. } => "teacher_at_unknown_school",
            FacilityAtUnknownSchool { .. } => "facility_at_unknown_school",
            BadBirthDate { .. } => "bad_birth_date",
            UnknownSubject { .. } => "unknown_subject",
            UnknownStaffValue { .. } => "unknown_staff_value",
            NoRoster => "no_roster",
            ClassesAsClassrooms => "classes_as_classrooms",
            NoBirths => "no_births",
            YearGap { .. } => "year_gap",
            BirthYearGap { .. } => "birth_year_gap",
            GradeOutsideSpan { .. } => "grade_outside_span",
            AreaWithoutBirths { .. } => "area_without_births",
            OversizedClass { .. } => "oversized_class",
            TotalMismatch { .. } => "total_mismatch",
            TotalSlips { .. } => "total_slips",
            TotalRowSlip { .. } => "total_row_slip",
            UnknownFeeder { .. } => "unknown_feeder",
            UnknownLevel { .. } => "unknown_level",
            BadCoordinate { .. } => "bad_coordinate",
            SwappedCoordinates { .. } => "swapped_coordinates",
            BadBoundaryFile { .. } => "bad_boundary_file",
            BadRoadFile { .. } => "bad_road_file",
            DatumMismatch { .. } => "datum_mismatch",
            FarFromTheOthers { .. } => "far_from_the_others",
            CrossedArea { .. } => "crossed_area",
            DatumOffAreas { .. } => "datum_off_areas",
            TableDiffersFromRoster { .. } => "table_differs_from_roster",
            TotalRowMismatch { .. } => "total_row_mismatch",
            UnplacedColumn { .. } => "unplaced_column",
            NoSchoolId { .. } => "no_school_id",
            SuppressedCount { .. } => "suppressed_count",
            AgeOutsideGrade { .. } => "age_outside_grade",
            DuplicatePupil { .. } => "duplicate_pupil",
            MappingUnused { .. } => "mapping_unused",
        }
    }
}

/// Problems of one kind, as the summary lists them: one line with a count
/// and the first cells, so a real problem is never buried under a hundred.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemGroup<'a> {
    pub severity: Severity,
    pub code: &'static str,
    /// Every problem of the kind, in the order found.
    pub problems: Vec<&'a Problem>,
}

/// How many cells a group line names before "…".
pub const GROUP_CELLS: usize = 3;

impl ProblemGroup<'_> {
    /// `错误 ×172 — 县.xlsx · 在校生!D17、D18、D19 …：第一处的说明`
    pub fn line(&self, lang: Lang) -> String {
        let Some(first) = self.problems.first() else {
            return String::new();
        };
        if self.problems.len() == 1 {
            return first.line(lang);
        }
        let tag = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let n = self.problems.len();
        // The first place in full; the next ones in the same sheet by their cell.
        let mut places: Vec<String> = Vec::new();
        for p in self.problems.iter().take(GROUP_CELLS) {
            let l = &p.location;
            let same_sheet = !places.is_empty()
                && l.file == first.location.file
                && l.sheet == first.location.sheet
                && l.cell.is_some();
            let text = match (same_sheet, l.cell) {
                (true, Some(c)) => c.to_string(),
                _ => l.to_string(),
            };
            if !text.is_empty() {
                places.push(text);
            }
        }
        if n > GROUP_CELLS && !places.is_empty() {
            places.push("…".into());
        }
        let sep = lang.pick("：", ": ");
        let at = if places.is_empty() {
            String::new()
        } else {
            format!(" — {}", places.join(lang.pick("、", ", ")))
        };
        let more = match lang {
            Lang::Zh => format!("（另有 {} 处同类）", n - 1),
            Lang::En => format!(" ({} more like it)", n - 1),
        };
        format!("{tag} ×{n}{at}{sep}{}{more}", first.kind.message(lang))
    }
}

/// Group problems by kind: errors first, then warnings, each kind in the
/// order it was first found.
pub fn group(problems: &[Problem]) -> Vec<ProblemGroup<'_>> {
    let mut out: Vec<ProblemGroup<'_>> = Vec::new();
    for p in problems {
        let code = p.kind.code();
        match out.iter_mut().find(|g| g.code == code) {
            Some(g) => g.problems.push(p),
            None => out.push(ProblemGroup {
                severity: p.severity(),
                code,
                problems: vec![p],
            }),
        }
    }
    out.sort_by_key(|g| std::cmp::Reverse(g.severity));
    out
}

/// One problem: what, where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub location: Location,
}

impl ProblemKind {
    /// The school a problem is about, when it names one.
    pub fn school(&self) -> Option<&str> {
        use ProblemKind::*;
        match self {
            RosterConflict { school, .. }
            | NotInRoster { school }
            | TeacherAtUnknownSchool { school }
            | GradeOutsideSpan { school, .. }
            | UnknownFeeder { school, .. } => Some(school),
            _ => None,
        }
    }
}

impl Problem {
    pub fn new(kind: ProblemKind, location: Location) -> Problem {
        Problem { kind, location }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// `文件 · 表!D17：句子` — the one line a planner reads.
    pub fn line(&self, lang: Lang) -> String {
        let tag = match (self.severity(), lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let loc = self.location.to_string();
        let sep = lang.pick("：", ": ");
        if loc.is_empty() {
            format!("{tag}{sep}{}", self.kind.message(lang))
        } else {
            format!("{tag}{sep}{loc}{sep}{}", self.kind.message(lang))
        }
    }
}

#[cfg(test)]
mod tests;
