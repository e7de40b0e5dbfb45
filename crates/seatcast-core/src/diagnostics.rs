//! Problems found in the planner's files: where they are (file, sheet, cell as
//! Excel shows it) and one plain sentence, in Chinese and English, of what is
//! wrong and what is expected.

use crate::i18n::{Lang, thousands};
use serde::Serialize;
use std::fmt;
mod group;
mod messages;

pub use group::{GROUP_CELLS, ProblemGroup, group};

/// How much a problem weighs: a warning loads, an error stops the load.
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
    /// Row, from 0 (row 1 in Excel).
    pub row: u32,
    /// Column, from 0 (column A).
    pub col: u32,
}

impl CellRef {
    /// A cell by its zero-based row and column.
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
    /// The file's name (a boundary or road file's path); empty: the whole dataset.
    pub file: String,
    /// The sheet's name; None for a problem of the whole file.
    pub sheet: Option<String>,
    /// The cell; None for a problem of a whole sheet or file.
    pub cell: Option<CellRef>,
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            sheet: None,
            cell: None,
        }
    }

    /// A whole sheet of a file.
    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: None,
        }
    }

    /// The same file and sheet, at one cell.
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
    /// The file cannot be opened: missing, a folder, or unreadable.
    CannotOpen {
        /// Why, as the system says it (an I/O error kind, or "a folder").
        reason: String,
    },
    /// The file is empty (0 bytes).
    EmptyFile,
    /// The content is not a workbook (xlsx, xlsb, xls, ods) nor CSV text.
    NotASpreadsheet,
    /// The workbook has an opening password.
    PasswordProtected,
    /// The workbook is damaged or incomplete.
    Corrupt {
        /// What the reader found wrong, as it says it (cut at 120 characters).
        reason: String,
    },
    /// The file is over the size read (`import::source::MAX_FILE_BYTES`).
    TooLarge {
        /// The file's size, bytes.
        bytes: u64,
        /// The largest file read, bytes.
        limit: u64,
    },
    /// A workbook whose parts say they unpack to far more than any sheet of schools.
    Inflates {
        /// What its parts say they unpack to, bytes.
        unpacked: u64,
        /// The file's own size, bytes.
        packed: u64,
    },
    /// The spreadsheet reader failed on the file (its panic caught).
    ReaderFailed,
    /// No sheet of the load gave enrolment, and nothing else went wrong.
    NoEnrolment,
    // --- sheets and columns ---
    /// A sheet with grade or pupil columns but no school id or name column.
    NoSchoolColumn,
    /// A sheet whose year is nowhere: not in a column, its name, title or file name.
    NoYear,
    /// A sheet whose headers name nothing Seatcast reads: skipped.
    SheetIgnored,
    /// A sheet wider than the columns read: the cells further right dropped.
    TooManyColumns {
        /// Columns read per sheet (`import::source::MAX_COLUMNS`).
        limit: u32,
    },
    // --- cells ---
    /// A count cell that holds no number.
    NotANumber {
        /// The cell as written.
        text: String,
        /// What the cell should count.
        what: Measure,
    },
    /// A year cell that reads as no year.
    BadYear {
        /// The cell as written.
        text: String,
    },
    /// A grade cell that reads as no grade.
    BadGrade {
        /// The cell as written.
        text: String,
    },
    /// A count no school (or area) could have: a typing slip or a misplaced column.
    ImplausibleCount {
        /// The figure in the cell.
        value: f64,
        /// The most such a count can be.
        limit: f64,
        /// What the cell counts.
        what: Measure,
    },
    /// A fall beyond next year, or before any data a county keeps.
    YearOutOfRange {
        /// The fall read.
        year: i32,
        /// The latest fall accepted (next year); the earliest is 1950.
        latest: i32,
    },
    /// One school, fall and grade (or area and birth year) twice, with two counts.
    DuplicateConflict {
        /// Where the first was read (`表!D17`; `文件 · 表!D17` when across files).
        first: String,
        /// The count read first (pupils or births).
        first_value: f64,
        /// The count in this cell.
        value: f64,
    },
    /// A school listed twice in the roster with different details.
    RosterConflict {
        /// The school's name, else its id.
        school: String,
        /// Where the first listing is (`表!A5`).
        first: String,
    },
    // --- warnings ---
    /// A count below zero: counted as 0 (a facility figure is left out).
    NegativeCount {
        /// The figure as written.
        value: f64,
    },
    /// A count that is not a whole number: kept as it is.
    FractionalCount {
        /// The figure as written.
        value: f64,
    },
    /// A repeat of an earlier row with the same count: counted once.
    DuplicateRow {
        /// Where the first was read, as in `DuplicateConflict`.
        first: String,
    },
    /// A class-section row with pupils but no school row above it: skipped.
    SectionWithoutSchool,
    /// A row with data but no school id or name: skipped.
    RowWithoutSchool,
    /// A school with enrolment that the roster does not list: added, capacity unknown.
    NotInRoster {
        /// The school as the enrolment names it.
        school: String,
    },
    // --- the teacher roster ---
    /// A staff-roster row naming a school in neither the roster nor the enrolment.
    TeacherAtUnknownSchool {
        /// The school as the staff roster names it.
        school: String,
    },
    /// A facilities row naming a school in neither the roster nor the enrolment.
    FacilityAtUnknownSchool {
        /// The school as the facilities sheet names it.
        school: String,
    },
    /// A staff member's birth date that cannot be read or is impossible.
    BadBirthDate {
        /// The cell as written.
        text: String,
    },
    /// A subject taught that is not the curriculum's: a teacher of no subject.
    UnknownSubject {
        /// The subject as written.
        text: String,
    },
    /// A staff-roster cell (sex, post, 编制 …) that cannot be read: the default used.
    UnknownStaffValue {
        /// The column's header.
        column: String,
        /// The cell as written.
        text: String,
    },
    /// No roster, nor classrooms, seats or classes: schools come from the enrolment.
    NoRoster,
    /// No roster, but the enrolment gives classes: they stand for
    /// classrooms (a floor).
    ClassesAsClassrooms,
    /// No births loaded: entry grades are projected from their own falls.
    NoBirths,
    /// Falls missing between the enrolment's first and last.
    YearGap {
        /// The first fall missing.
        from: i32,
        /// The last fall missing.
        to: i32,
    },
    /// Calendar years missing inside one area's births.
    BirthYearGap {
        /// The area (empty: the county's own series).
        area: String,
        /// The first year missing.
        from: i32,
        /// The last year missing.
        to: i32,
    },
    /// Pupils in a grade outside the span the files give the school (or its level).
    GradeOutsideSpan {
        /// The school's name.
        school: String,
        /// The grade with pupils.
        grade: crate::grades::Grade,
        /// The grade system, to name the grade.
        system: crate::grades::GradeSystem,
        /// The school's span as labelled (`1–6`).
        span: String,
    },
    /// An area with schools but no births, where births are by area (none county-wide).
    AreaWithoutBirths {
        /// The area's name.
        area: String,
    },
    /// Over 65 pupils a class in one school, grade and fall.
    OversizedClass {
        /// The grade's pupils.
        pupils: f64,
        /// Its classes.
        classes: f64,
    },
    /// A school's total differs from its grades loaded: a column is likely misread.
    TotalMismatch {
        /// The total as written, pupils.
        stated: f64,
        /// The grades loaded, added, pupils.
        sum: f64,
    },
    /// The file's total column disagrees with its own grade cells on a few
    /// scattered rows: the file's slips, loaded as the grades say.
    TotalSlips {
        /// The total column's header.
        header: String,
        /// Rows where it differs.
        rows: usize,
        /// Rows compared (over the file's sheets with that column).
        of: usize,
        /// The differences added up (each taken positive), pupils.
        pupils: f64,
        /// The first cells that differ (up to three, `表!D17`).
        first: Vec<String>,
    },
    /// A total row that disagrees with the rows it sums, where the file's
    /// other totals agree: the file's slip, the rows loaded as they are.
    TotalRowSlip {
        /// The total row's label as written.
        label: String,
        /// The figure the total row gives, pupils.
        stated: f64,
        /// The rows it sums, added, pupils.
        sum: f64,
        /// The first row summed, as Excel numbers it.
        from_row: u32,
        /// The last row summed, as Excel numbers it.
        to_row: u32,
    },
    /// A feeder school (对口学校) the roster names but does not list.
    UnknownFeeder {
        /// The school whose feeder it is.
        school: String,
        /// The feeder as written.
        feeder: String,
    },
    /// A level (学段) cell that names no known level: inferred from the grades taught.
    UnknownLevel {
        /// The cell as written.
        text: String,
    },
    /// A coordinate that is no number or out of range: the school is left off the map.
    BadCoordinate {
        /// The cell as written, or the pair as read (`lon, lat`).
        text: String,
    },
    /// Longitude and latitude the wrong way round: swapped back.
    SwappedCoordinates {
        /// The longitude as written (a latitude, in fact), degrees.
        lon: f64,
        /// The latitude as written (a longitude, in fact), degrees.
        lat: f64,
    },
    /// A boundary file (GeoJSON, Shapefile) that cannot be used.
    BadBoundaryFile {
        /// Why, in Chinese.
        message_zh: String,
        /// Why, in English.
        message_en: String,
    },
    /// A road extract (.osm.pbf) that cannot be used.
    BadRoadFile {
        /// Why, in Chinese.
        message_zh: String,
        /// Why, in English.
        message_en: String,
    },
    /// The schools lie far from the roads as read, and near them in another
    /// datum: the roster's coordinates are likely in that one.
    DatumMismatch {
        /// The datum the coordinates were read in.
        read: crate::places::datum::Datum,
        /// The datum that brings the schools nearest the roads.
        likely: crate::places::datum::Datum,
        /// Median metres from a school to its nearest road node, as read
        /// and in the likely datum.
        median_m: f64,
        /// Median metres from a school to its nearest road node in the likely datum.
        likely_m: f64,
    },
    /// A school far from the county's others: likely a wrong coordinate.
    FarFromTheOthers {
        /// The school's name.
        school: String,
        /// Its distance from the median point of the schools, km.
        km: f64,
    },
    /// An area whose outline crosses itself: drawn as an outline only.
    CrossedArea {
        /// The area's name.
        area: String,
    },
    /// Schools outside the boundaries as read that fall inside them read
    /// in another datum (a GCJ-02 or BD-09 offset of some hundreds of
    /// metres): the coordinates are likely in that one.
    DatumOffAreas {
        /// The datum the coordinates were read in.
        read: crate::places::datum::Datum,
        /// The datum that brings the most schools inside the areas.
        likely: crate::places::datum::Datum,
        /// Schools outside every area as read, and in the likely datum.
        outside: usize,
        /// Schools outside every area in the likely datum.
        likely_outside: usize,
    },
    /// A fact of a school the roster gives and another table gives
    /// otherwise: the roster's is kept. With no roster loaded, `roster` is
    /// what an earlier-read table said (a rename over the years, mostly).
    TableDiffersFromRoster {
        /// The school's name.
        school: String,
        /// What differs, in the planner's words (zh, en).
        what: (&'static str, &'static str),
        /// The roster's value (or the earlier table's), as text; the one kept.
        roster: String,
        /// This table's value, as text.
        table: String,
        /// Whether `roster` came from a roster (false: another year's table).
        from_roster: bool,
    },
    // --- reconciliation and recognition ---
    /// A total row whose figure differs from the rows it sums.
    TotalRowMismatch {
        /// The total row's label as written.
        label: String,
        /// The figure the total row gives, pupils.
        stated: f64,
        /// The rows it sums, added, pupils.
        sum: f64,
        /// The rows summed, as Excel numbers them.
        from_row: u32,
        /// The last row summed, as Excel numbers it.
        to_row: u32,
    },
    /// A column holding numbers that could not be placed.
    UnplacedColumn {
        /// The column's header.
        header: String,
        /// Its cells holding numbers.
        cells: usize,
        /// Their sum.
        sum: f64,
    },
    /// A row that names a school without the id the sheet keys schools by.
    NoSchoolId {
        /// The school as the row names it.
        school: String,
    },
    /// A count withheld for privacy (`*`, `<10`): read as no pupils.
    SuppressedCount {
        /// The cell as written.
        text: String,
    },
    /// Pupils whose age does not fit their grade (row-per-pupil exports).
    AgeOutsideGrade {
        /// The grade.
        grade: crate::grades::Grade,
        /// The grade system, to name the grade.
        system: crate::grades::GradeSystem,
        /// Pupils of the grade aged outside `lo`–`hi`.
        outside: usize,
        /// Pupils of the grade whose age was read.
        of: usize,
        /// The youngest age that fits on 31 August: a year under the entry age.
        lo: i32,
        /// The oldest age that fits on 31 August: two over the entry age.
        hi: i32,
    },
    /// The same pupil twice in one fall (row-per-pupil exports).
    DuplicatePupil {
        /// Where the pupil was first read (`表!B17`).
        first: String,
    },
    /// A column mapping given for a header that no sheet has.
    MappingUnused {
        /// The mapping's header, its cells joined with ` | `.
        header: String,
    },
}

/// What a number in a cell is meant to count, for the sentence that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Measure {
    /// Pupils.
    Pupils,
    /// Classes (sections).
    Classes,
    /// Births.
    Births,
    /// Classrooms.
    Classrooms,
    /// Seats, boarders or beds.
    Seats,
    /// A year.
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
    /// Error where the load must stop (unreadable files or cells, conflicts); else a warning.
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

/// One problem: what, where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// Where.
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
    /// A problem of this kind at this place.
    pub fn new(kind: ProblemKind, location: Location) -> Problem {
        Problem { kind, location }
    }

    /// Its kind's severity.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// Whether it stops the load.
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
