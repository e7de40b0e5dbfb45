//! Reading one sheet, once its header is known: what kind of sheet it is
//! (roster, enrolment, births, a row per pupil) and its rows as raw records
//! with their cells. Total rows and columns are checked against the rows
//! they sum ([`super::reconcile`]); what the reader guessed is noted
//! ([`super::notes`]); columns holding numbers it could not place are reported.

use super::columns::{Role, YearConvention};
use super::fasthash::FastMap;
use super::header::{Header, find_header};
use super::mapping::Mapping;
use super::notes::{Note, YearSource, YearWhy};
use super::reconcile::{CoverKind, CoverRow, TotalCell, Totals, choose_cover, label_slot, misread};
use super::source::{Row, Sheet};
use super::value::{Num, Value, YearForm, parse_year_label};
use crate::diagnostics::{CellRef, Location, Measure, Problem, ProblemKind};
use crate::grades::{GradeLabel, parse_grade_label};
use crate::model::SheetKind;
use std::collections::{HashMap, HashSet};
mod years;
use years::*;

/// Between a city and its area in an area key while the files are read
/// ("新竹市\u{1f}東區"); the assembly names each area by its own name where
/// that is unique, else "新竹市 東區" ([`super::assemble`]).
pub(crate) const CITY_SEP: char = '\u{1f}';

/// The column of the level above the area, where the sheet has an area
/// column: the city (縣市名稱), else the 区县 a township belongs to (a
/// parent named in Chinese as a county or district; never an American
/// school district, which is no place above a town).
pub(super) fn city_col(header: &Header) -> Option<usize> {
    header.col(Role::Area)?;
    header.col(Role::City).or_else(|| {
        header
            .col(Role::ParentName)
            .filter(|&c| header.label(c).contains(['县', '縣', '区', '區', '市']))
    })
}

/// An area with the city above it, as read from one row.
pub(super) fn area_in_city(area: String, city: Option<String>) -> String {
    match city {
        Some(c) if !c.is_empty() && !area.contains(CITY_SEP) => format!("{c}{CITY_SEP}{area}"),
        _ => area,
    }
}
mod labels;
use labels::*;
mod births;
mod staff;
use staff::*;
mod enrolment;
mod roster;
mod students;
mod totals;
use enrolment::*;
use totals::*;

/// How a school is named on a row: by id (under its parent's, where ids
/// repeat), by name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SchoolKey {
    /// The school's id on the row, when the sheet has one.
    pub id: Option<String>,
    /// The district, corporation or township the row names (its id, else its name).
    pub parent: Option<String>,
    /// The school's name on the row, when the sheet has one.
    pub name: Option<String>,
}

impl SchoolKey {
    /// The school as problems name it: its name, else its id.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.id.clone())
            .unwrap_or_default()
    }
}

/// A roster row, cells still as text where they need the grade system.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawSchool {
    /// How the row names the school.
    pub key: SchoolKey,
    /// The level cell (学段) as written, and where.
    pub level: Option<(String, Location)>,
    /// The grades-taught cell (开设年级) as written, and where.
    pub span: Option<(String, Location)>,
    /// The township or street, with the city above it where the sheet names one.
    pub area: Option<String>,
    /// The locale cell (城乡类型) as written, and where.
    pub locale: Option<(String, Location)>,
    /// X on the roster's own plane, km.
    pub x: Option<f64>,
    /// Y on the roster's own plane, km.
    pub y: Option<f64>,
    /// Longitude, WGS-84 degrees (converted from the sheet's datum).
    pub lon: Option<f64>,
    /// Latitude, WGS-84 degrees (converted from the sheet's datum).
    pub lat: Option<f64>,
    /// Classrooms (教室数).
    pub classrooms: Option<f64>,
    /// Approved seats (核定学位).
    pub capacity: Option<f64>,
    /// Pupils boarding (寄宿生).
    pub boarders: Option<f64>,
    /// Beds for boarders.
    pub beds: Option<f64>,
    /// 办学性质 and 地區屬性 as the file says them.
    pub ownership: Option<String>,
    /// 地區屬性 as the file says it.
    pub remoteness: Option<String>,
    /// The feeder school (对口学校) as written, and where.
    pub feeder: Option<(String, Location)>,
    /// The first fall the school operates.
    pub opened: Option<i32>,
    /// The first fall it no longer operates.
    pub closed: Option<i32>,
    /// The row's first cell (a roster row; empty for an enrolment table's).
    pub location: Location,
    /// Where an enrolment table gave each fact of the school (its cell),
    /// for the warning when the roster says otherwise; and the year its
    /// classrooms and seats are of (the latest year the table gives).
    pub hint_cells: Vec<(Role, CellAt)>,
    /// The fall the classrooms and seats are of (the table's latest).
    pub hint_year: Option<i32>,
}

impl RawSchool {
    /// Remember where a fact came from (the first cell that gave it).
    fn hint_at(&mut self, role: Role, at: CellAt) {
        match self.hint_cells.iter_mut().find(|(r, _)| *r == role) {
            Some(slot) => slot.1 = at,
            None => self.hint_cells.push((role, at)),
        }
    }

    /// The cell a fact came from, if a table gave it.
    pub fn hint_cell(&self, role: Role) -> Option<CellAt> {
        self.hint_cells
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, at)| *at)
    }
}

/// A cell of a sheet numbered across the whole load: a compact stand-in for a
/// [`Location`], turned into one only when a problem needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAt {
    /// The sheet, numbered across the load.
    pub sheet: u32,
    /// The cell in it.
    pub cell: CellRef,
}

/// Pupils of one school, fall and grade from one sheet (section rows summed).
#[derive(Debug, Clone, PartialEq)]
pub struct RawEnrolment {
    /// The school, by its number in the `KeyTable`.
    pub school: u32,
    /// The fall of the school year.
    pub year: i32,
    /// The grade as labelled (the grade system not yet known).
    pub grade: GradeLabel,
    /// Pupils of that school, fall and grade on the sheet.
    pub pupils: f64,
    /// Classes, when the sheet gives them.
    pub classes: Option<f64>,
    /// The count's cell (the first, where section rows were summed).
    pub at: CellAt,
}

/// One member of staff from a staff roster, its school still a key.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTeacher {
    /// The school as the row names it.
    pub school: SchoolKey,
    /// The member of staff, its school index not yet set.
    pub teacher: crate::model::Teacher,
    /// The school's cell, for a school the load does not know.
    pub at: Location,
}

/// A school's facilities as one row gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFacility {
    /// The school as the row names it.
    pub school: SchoolKey,
    /// The figures, the school index not yet set.
    pub facility: crate::model::Facility,
    /// The school's cell, for a school the load does not know.
    pub at: Location,
}

/// Births of one area and year, as one cell gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBirths {
    /// The area, with its city where the sheet names one (None: the county).
    pub area: Option<String>,
    /// The calendar year.
    pub year: i32,
    /// Births in that area and year.
    pub births: f64,
    /// The births cell.
    pub location: Location,
}

/// Pupils of one grade and age on 31 August (row-per-pupil exports).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeCount {
    /// The grade as labelled.
    pub grade: GradeLabel,
    /// Age on 31 August of the fall, years.
    pub age: i32,
    /// Pupils of that grade and age.
    pub pupils: usize,
    /// The first such pupil's grade cell.
    pub first: CellAt,
}

/// School keys seen in enrolment sheets, numbered once across all files.
#[derive(Debug, Default)]
pub struct KeyTable {
    /// Every key seen; a key's number is its place here.
    pub keys: Vec<SchoolKey>,
    index: HashMap<SchoolKey, u32>,
    /// Area and level columns found beside the enrolment (used when no roster lists the school).
    pub hints: HashMap<u32, RawSchool>,
}

impl KeyTable {
    /// The key's number, numbering it when new.
    pub fn intern(&mut self, key: &SchoolKey) -> u32 {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.index.insert(key.clone(), i);
        i
    }
}

/// The top of a sheet as the column-mapping step shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SheetPreview {
    /// The file's name.
    pub file: String,
    /// The sheet's name.
    pub sheet: String,
    /// Index into the shown rows of the header row, and how many rows it takes.
    pub header_row: usize,
    /// Rows the header takes (2 with a row of sub-headings).
    pub header_rows: usize,
    /// The first rows from the header (or the top), as text.
    pub rows: Vec<Vec<String>>,
    /// Each column's role as read.
    pub roles: Vec<Option<Role>>,
    /// Not understood, or read with guesses the planner should confirm.
    pub needs_mapping: bool,
    /// Read by the planner's mapping.
    pub mapped: bool,
    /// What the sheet was read as.
    pub kind: SheetKind,
}

/// The most a count can be: one grade of one school, one area's births in a
/// year, a school's classes or classrooms, its seats. A larger figure is a
/// typing slip or a column of ids or totals, not data.
fn count_limit(what: Measure) -> f64 {
    match what {
        Measure::Pupils => 10_000.0,
        Measure::Classes | Measure::Classrooms | Measure::Teachers => 1_000.0,
        Measure::Births => 5_000_000.0,
        Measure::Seats => 100_000.0,
        // 1e10 元 of equipment is beyond any school; m² and rooms far below it.
        Measure::Facility => 1e10,
        Measure::Year => f64::INFINITY,
    }
}

/// A count as written, before the row it is on is known to be a school's:
/// its value (even past the limit a school's count can have: a total row's
/// figures may be larger) and what would be wrong with it on a school row.
#[derive(Debug, Clone, PartialEq)]
struct Peeked {
    value: Option<f64>,
    problem: Option<ProblemKind>,
}

impl Peeked {
    /// What a school row keeps: nothing past the limit, 0 for a negative count.
    fn kept(&self) -> Option<f64> {
        match self.problem {
            Some(ProblemKind::ImplausibleCount { .. }) => None,
            Some(ProblemKind::NegativeCount { .. }) => Some(0.0),
            _ => self.value,
        }
    }

    fn is_blank(&self) -> bool {
        self.value.is_none() && self.problem.is_none()
    }
}

fn peek_count(row: &Row<'_>, col: usize, what: Measure, warn_odd: bool) -> Peeked {
    let (value, problem) = match row.get(col).number() {
        Num::Blank => (None, None),
        Num::NotANumber(text) => (None, Some(ProblemKind::NotANumber { text, what })),
        Num::Withheld(text) => (None, Some(ProblemKind::SuppressedCount { text })),
        Num::Value(v) if v < 0.0 && warn_odd => {
            (Some(v), Some(ProblemKind::NegativeCount { value: v }))
        }
        Num::Value(v) if v > count_limit(what) => (
            Some(v),
            Some(ProblemKind::ImplausibleCount {
                value: v,
                limit: count_limit(what),
                what,
            }),
        ),
        Num::Value(v) if warn_odd && v.fract() != 0.0 => {
            (Some(v), Some(ProblemKind::FractionalCount { value: v }))
        }
        Num::Value(v) => (Some(v), None),
    };
    Peeked { value, problem }
}

/// Rows the mapping step shows; every column is shown (as many as a
/// sheet is read with), each cell's text whole, so the header a mapping
/// saves is the sheet's own.
const PREVIEW_ROWS: usize = 12;
const PREVIEW_COLS: usize = super::source::MAX_COLUMNS as usize;

/// What one sheet yielded.
#[derive(Debug, Default)]
pub struct SheetOutput {
    /// What the sheet was read as (None: no reader took it, as a sheet of
    /// grades without a school column).
    pub kind: Option<SheetKind>,
    /// Data rows read.
    pub rows: usize,
    /// The roster's rows.
    pub schools: Vec<RawSchool>,
    /// Pupils by school, fall and grade.
    pub enrolment: Vec<RawEnrolment>,
    /// Births by area and year.
    pub births: Vec<RawBirths>,
    /// Members of staff.
    pub teachers: Vec<RawTeacher>,
    /// Schools' facilities.
    pub facilities: Vec<RawFacility>,
    /// Problems found, at their cells.
    pub problems: Vec<Problem>,
    /// What was guessed or checked, with the sheet.
    pub notes: Vec<(Note, Location)>,
    /// A school id named under two parents in one fall: (parent header, id header).
    pub id_clash: Option<(String, String)>,
    /// Pupils by grade and age (row-per-pupil exports).
    pub ages: Vec<AgeCount>,
    /// The top of the sheet, for the column-mapping step.
    pub preview: SheetPreview,
    /// The mapping header this sheet was read by, if any.
    pub mapped_by: Option<Vec<String>>,
    /// Schools' rows with no pupil in any grade, where they are: a school
    /// no other row or roster gives is left out, and a note says so.
    pub empty: Vec<(SchoolKey, Location)>,
}

/// What the planner has said about reading the files.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The planner's column mappings.
    pub mapping: &'a Mapping,
    /// What bare years name, where the files do not say.
    pub years: Option<YearConvention>,
    /// The datum of coordinates the files do not name.
    pub datum: Option<crate::places::datum::Datum>,
}

/// A grade typed as a number: 1 … 12, or 0 for K.
fn numeric_grade(n: f64) -> Option<GradeLabel> {
    if n.fract() != 0.0 {
        return None;
    }
    match n as i64 {
        0 => Some(GradeLabel::K),
        g @ 1..=12 => Some(GradeLabel::Fixed(crate::grades::Grade(g as i8))),
        _ => None,
    }
}

/// The id and name cells that named a school on a row.
type KeyCells = (Option<Value>, Option<Value>, Option<Value>);

/// Context for reading one sheet.
pub struct SheetReader<'a> {
    /// The file's name.
    pub file: &'a str,
    /// The sheet read.
    pub sheet: &'a Sheet,
    rows: Vec<Row<'a>>,
    /// What the sheet has yielded so far.
    pub out: SheetOutput,
    loc: Location,
    sheet_id: u32,
    options: ReadOptions<'a>,
    /// The first bare year met in the year column, for the note.
    bare_seen: Option<(String, i32)>,
    /// Total rows that did not match the rows they sum, for
    /// [`Self::total_rows_checked`].
    row_mismatches: Vec<(String, super::reconcile::Mismatch, Location)>,
    /// The year column is headed in Chinese: a year under 200 there is a
    /// 民国 year (学年度 113 = fall 2024); the first one met, for the note.
    roc_years: bool,
    roc_seen: Option<(String, i32)>,
}

impl<'a> SheetReader<'a> {
    /// `sheet_id` numbers the sheet across the load (see [`CellAt`]).
    pub fn new(
        file: &'a str,
        sheet: &'a Sheet,
        sheet_id: u32,
        options: ReadOptions<'a>,
    ) -> SheetReader<'a> {
        SheetReader {
            file,
            sheet,
            rows: sheet.rows(),
            out: SheetOutput::default(),
            loc: Location::sheet(file, sheet.name.clone()),
            sheet_id,
            options,
            bare_seen: None,
            row_mismatches: Vec::new(),
            roc_years: false,
            roc_seen: None,
        }
    }

    fn at(&self, row: &Row<'_>, col: usize) -> Location {
        self.loc.at(CellRef::new(row.index, col as u32))
    }

    fn cell_at(&self, row: &Row<'_>, col: usize) -> CellAt {
        CellAt {
            sheet: self.sheet_id,
            cell: CellRef::new(row.index, col as u32),
        }
    }

    fn problem(&mut self, kind: ProblemKind, location: Location) {
        self.out.problems.push(Problem::new(kind, location));
    }

    fn note(&mut self, note: Note) {
        self.out.notes.push((note, self.loc.clone()));
    }

    /// Read a count; report what is wrong with it. Blank → None.
    fn count(&mut self, row: &Row<'_>, col: usize, what: Measure, warn_odd: bool) -> Option<f64> {
        let cell = peek_count(row, col, what, warn_odd);
        if let Some(p) = cell.problem.clone() {
            self.problem(p, self.at(row, col));
        }
        cell.kept()
    }

    fn mentions_births(&self, header: &Header) -> bool {
        let title_words = self.rows[..header.first_row]
            .iter()
            .flat_map(|r| r.cells.iter())
            .map(Value::display);
        std::iter::once(self.sheet.name.clone())
            .chain(std::iter::once(self.file.to_string()))
            .chain(title_words)
            .any(|t| t.contains("出生") || t.to_lowercase().contains("birth"))
    }

    fn preview(&mut self, header: Option<&Header>) {
        let start = header.map_or(0, |h| h.first_row);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .skip(start)
            .take(PREVIEW_ROWS)
            .map(|r| {
                r.cells
                    .iter()
                    .take(PREVIEW_COLS)
                    .map(Value::display)
                    .collect()
            })
            .collect();
        let roles = match header {
            Some(h) => h.roles.iter().take(PREVIEW_COLS).copied().collect(),
            None => super::header::guessed(&self.rows, false)
                .2
                .into_iter()
                .take(PREVIEW_COLS)
                .collect(),
        };
        self.out.preview = SheetPreview {
            file: self.file.to_string(),
            sheet: self.sheet.name.clone(),
            header_row: 0,
            header_rows: header.map_or(1, |h| h.last_row - h.first_row + 1),
            rows,
            roles,
            needs_mapping: false,
            mapped: header.is_some_and(|h| h.mapped.is_some()),
            kind: SheetKind::Ignored,
        };
    }

    /// Read the sheet; enrolment school keys go into `keys`.
    pub fn read(mut self, keys: &mut KeyTable) -> SheetOutput {
        if self.sheet.truncated {
            self.problem(
                ProblemKind::TooManyColumns {
                    limit: super::source::MAX_COLUMNS,
                },
                self.loc.clone(),
            );
        }
        let births_sheet = {
            let name = format!("{} {}", self.sheet.name, self.file).to_lowercase();
            name.contains("出生") || name.contains("birth")
        };
        let Some(header) = find_header(&self.rows, births_sheet, self.options.mapping) else {
            self.preview(None);
            let numbers = self
                .rows
                .iter()
                .any(|r| r.cells.iter().any(|c| matches!(c.number(), Num::Value(_))));
            if !self.rows.is_empty() && !is_notes_sheet(&self.sheet.name) {
                self.problem(ProblemKind::SheetIgnored, self.loc.clone());
                self.out.preview.needs_mapping = numbers;
            }
            self.out.kind = Some(SheetKind::Ignored);
            return self.finish();
        };
        self.preview(Some(&header));
        if let Some(m) = &header.mapped {
            self.out.mapped_by = Some(super::header::header_key(&m.header));
            self.note(Note::Mapped);
        }
        let has_school = header.has(Role::SchoolName) || header.has(Role::SchoolId);
        let grade_cols = header.grade_pupil_cols();
        let long = header.has(Role::Grade) && header.has(Role::Pupils);
        let students = header.has(Role::Grade)
            && !header.has(Role::Pupils)
            && grade_cols.is_empty()
            && header.roles.iter().flatten().any(|r| r.is_student());
        let year_cols = header.year_cols();
        let staff = has_school
            && header.has(Role::Subject)
            && grade_cols.is_empty()
            && !header.has(Role::Grade);
        // Columns headed by a subject's name (语文, 数学, 英语…) with no grades:
        // teachers counted by school and subject.
        let subject_cols: Vec<(usize, &'static str)> = header
            .labels
            .iter()
            .enumerate()
            .filter(|(c, _)| header.roles.get(*c).is_some_and(Option::is_none))
            .filter_map(|(c, l)| crate::subjects::subject_header(l).map(|k| (c, k)))
            .collect();
        let staff_counts = has_school
            && !staff
            && subject_cols.len() >= 2
            && grade_cols.is_empty()
            && !header.has(Role::Grade);
        let facilities = header.roles.iter().flatten().any(|r| r.is_facility());
        let roster_attrs = header.roles.iter().flatten().any(|r| r.is_roster());
        if staff {
            self.read_teachers(&header);
        } else if has_school && facilities && !roster_attrs && grade_cols.is_empty() && !long {
            self.read_facilities(&header);
        } else if staff_counts {
            self.read_teacher_counts(&header, &subject_cols);
        } else if has_school && students {
            self.read_students(&header, keys);
        } else if has_school && (!grade_cols.is_empty() || long) {
            self.read_enrolment(&header, keys, long);
        } else if has_school {
            self.read_roster(&header);
        } else if !grade_cols.is_empty() || long || students {
            let first = header.first_row;
            let row = self.rows[first];
            self.problem(ProblemKind::NoSchoolColumn, self.at(&row, 0));
            self.out.preview.needs_mapping = true;
        } else if header.has(Role::Births) {
            self.read_births_long(&header);
        } else if year_cols.len() >= 3 {
            self.read_births_wide(&header);
        } else if header.has(Role::Year) && self.mentions_births(&header) {
            self.read_births_by_area_columns(&header);
        } else {
            self.problem(ProblemKind::SheetIgnored, self.loc.clone());
            self.out.kind = Some(SheetKind::Ignored);
            self.out.preview.needs_mapping = true;
        }
        if self.out.problems.iter().any(|p| {
            matches!(
                p.kind,
                ProblemKind::NoYear | ProblemKind::UnplacedColumn { .. }
            )
        }) {
            self.out.preview.needs_mapping = true;
        }
        self.finish()
    }

    fn finish(mut self) -> SheetOutput {
        self.out.preview.kind = self.out.kind.unwrap_or(SheetKind::Ignored);
        self.out
    }

    /// The rows under the header. The views are moved out of `self` (not
    /// copied) so the caller can report problems while it walks them; hand
    /// them back with [`Self::restore_rows`].
    fn take_rows(&mut self) -> Vec<Row<'a>> {
        std::mem::take(&mut self.rows)
    }

    fn restore_rows(&mut self, rows: Vec<Row<'a>>) {
        self.rows = rows;
    }

    fn key_of(&self, row: &Row<'_>, header: &Header) -> SchoolKey {
        SchoolKey {
            id: header.col(Role::SchoolId).and_then(|c| row.get(c).as_key()),
            parent: parent_col(header).and_then(|c| row.get(c).as_key()),
            name: header
                .col(Role::SchoolName)
                .and_then(|c| row.get(c).as_key()),
        }
    }

    /// Say what the header settled by rule: parts added, parts left out,
    /// bare-number grades.
    fn note_header(&mut self, header: &Header) {
        let projections: Vec<String> = (0..header.roles.len())
            .filter(|&c| header.roles[c] == Some(Role::Projection))
            .map(|c| header.label(c).to_string())
            .collect();
        if !projections.is_empty() {
            self.note(Note::Projections {
                columns: projections,
            });
        }
        for (grade, cols) in &header.summed {
            let columns = cols.iter().map(|&c| header.label(c).to_string()).collect();
            self.note(Note::GradeParts {
                grade: *grade,
                columns,
            });
        }
        if !header.subsets.is_empty() {
            let columns = header
                .subsets
                .iter()
                .map(|&c| header.label(c).to_string())
                .collect();
            self.note(Note::Subsets { columns });
        }
        if let (Some(&a), Some(&b)) = (header.bare_grades.first(), header.bare_grades.last()) {
            self.note(Note::BareGrades {
                first: header.label(a).to_string(),
                last: header.label(b).to_string(),
            });
        }
    }
}
