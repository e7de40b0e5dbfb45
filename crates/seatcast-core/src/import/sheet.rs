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

/// How a school is named on a row: by id (under its parent's, where ids
/// repeat), by name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SchoolKey {
    pub id: Option<String>,
    /// The district, corporation or township the row names (its id, else its name).
    pub parent: Option<String>,
    pub name: Option<String>,
}

impl SchoolKey {
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
    pub key: SchoolKey,
    pub level: Option<(String, Location)>,
    pub span: Option<(String, Location)>,
    pub area: Option<String>,
    pub locale: Option<(String, Location)>,
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub classrooms: Option<f64>,
    pub capacity: Option<f64>,
    pub boarders: Option<f64>,
    pub feeder: Option<(String, Location)>,
    pub opened: Option<i32>,
    pub closed: Option<i32>,
    pub location: Location,
    /// Where an enrolment table gave each fact of the school (its cell),
    /// for the warning when the roster says otherwise; and the year its
    /// classrooms and seats are of (the latest year the table gives).
    pub hint_cells: Vec<(Role, CellAt)>,
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
    pub sheet: u32,
    pub cell: CellRef,
}

/// Pupils of one school, fall and grade from one sheet (section rows summed).
#[derive(Debug, Clone, PartialEq)]
pub struct RawEnrolment {
    pub school: u32,
    pub year: i32,
    pub grade: GradeLabel,
    pub pupils: f64,
    pub classes: Option<f64>,
    pub at: CellAt,
}

/// One member of staff from a staff roster, its school still a key.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTeacher {
    pub school: SchoolKey,
    pub teacher: crate::model::Teacher,
    /// The school's cell, for a school the load does not know.
    pub at: Location,
}

/// A school's facilities as one row gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFacility {
    pub school: SchoolKey,
    pub facility: crate::model::Facility,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawBirths {
    pub area: Option<String>,
    pub year: i32,
    pub births: f64,
    pub location: Location,
}

/// Pupils of one grade and age on 31 August (row-per-pupil exports).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeCount {
    pub grade: GradeLabel,
    pub age: i32,
    pub pupils: usize,
    pub first: CellAt,
}

/// School keys seen in enrolment sheets, numbered once across all files.
#[derive(Debug, Default)]
pub struct KeyTable {
    pub keys: Vec<SchoolKey>,
    index: HashMap<SchoolKey, u32>,
    /// Area and level columns found beside the enrolment (used when no roster lists the school).
    pub hints: HashMap<u32, RawSchool>,
}

impl KeyTable {
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
    pub file: String,
    pub sheet: String,
    /// Index into the shown rows of the header row, and how many rows it takes.
    pub header_row: usize,
    pub header_rows: usize,
    /// The first rows from the header (or the top), as text.
    pub rows: Vec<Vec<String>>,
    /// Each column's role as read.
    pub roles: Vec<Option<Role>>,
    /// Not understood, or read with guesses the planner should confirm.
    pub needs_mapping: bool,
    /// Read by the planner's mapping.
    pub mapped: bool,
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
    pub kind: Option<SheetKind>,
    pub rows: usize,
    pub schools: Vec<RawSchool>,
    pub enrolment: Vec<RawEnrolment>,
    pub births: Vec<RawBirths>,
    pub teachers: Vec<RawTeacher>,
    pub facilities: Vec<RawFacility>,
    pub problems: Vec<Problem>,
    pub notes: Vec<(Note, Location)>,
    /// A school id named under two parents in one fall: (parent header, id header).
    pub id_clash: Option<(String, String)>,
    pub ages: Vec<AgeCount>,
    pub preview: SheetPreview,
    /// The mapping header this sheet was read by, if any.
    pub mapped_by: Option<Vec<String>>,
}

/// What the planner has said about reading the files.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
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

/// Labels that are totals: 合计, 小计, 全县, `Total`, `District Totals`,
/// `Regular Schools Total`, `Grand total:`. English words are matched whole
/// (`Summit Middle School` is a school, not a sum); Chinese ones at either
/// end of the label.
pub fn is_total_label(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    const ZH_STARTS: &[&str] = &[
        "合计", "总计", "小计", "共计", "全县", "全区", "全市", "全镇", "全省", "全州", "总数",
        "合計", "總計", "共計", "全縣", "全區", "總數",
    ];
    const ZH_ENDS: &[&str] = &["合计", "总计", "小计", "合計", "總計", "小計"];
    if ZH_STARTS.iter().any(|s| t.starts_with(s)) || ZH_ENDS.iter().any(|s| t.ends_with(s)) {
        return true;
    }
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    const TOTAL_WORDS: &[&str] = &[
        "total",
        "totals",
        "subtotal",
        "subtotals",
        "grandtotal",
        "statewide",
    ];
    if words.iter().any(|w| TOTAL_WORDS.contains(w)) {
        return true;
    }
    // `Sum`, `Sub-total`, `All schools`, `State total` at the start only.
    matches!(
        words.as_slice(),
        ["sum", ..] | ["sub", "total", ..] | ["all", "schools", ..]
    )
}

/// A key cell as a school's key: a cell that says "total" names no school
/// (unless the row above, a school's, had the same cell).
fn key_cell(v: Option<&Value>, same: bool) -> Option<&Value> {
    v.filter(|v| same || !matches!(v, Value::Text(t) if is_total_label(t)))
}

/// Names in the school column that are notes or parts of a total (其中).
fn is_note_label(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    const STARTS: &[&str] = &[
        "注",
        "说明",
        "备注",
        "填表",
        "制表",
        "审核",
        "负责人",
        "数据来源",
        "其中",
        "note",
        "source",
        "*",
    ];
    STARTS.iter().any(|s| t.starts_with(s)) || t.ends_with('：') || t.ends_with(':')
}

/// Names of a section heading: 一、城区学校.
fn is_heading_label(name: &str) -> bool {
    let t = name.trim();
    [
        "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Names in the school column that are not schools.
fn is_total_or_note(name: &str) -> bool {
    is_total_label(name) || is_note_label(name) || is_heading_label(name)
}

/// A grade cell that means "all grades" (a school's own total row).
fn is_total_grade(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    matches!(
        t.as_str(),
        "合计" | "小计" | "总计" | "total" | "all" | "all grades" | "totals" | "全部"
    )
}

/// Headers of columns that hold numbers which are not counts.
fn is_identifier_header(label: &str) -> bool {
    let t = label.to_lowercase();
    [
        "zip", "postal", "phone", "tel", "fax", "code", "id", "no.", "number", "nces", "序号",
        "电话", "邮编", "代码", "编号", "排序", "rank", "order", "seq", "year", "年份", "date",
        "日期", "年度",
    ]
    .iter()
    .any(|k| t.contains(k))
        // A unit or building number (`Unit`), not a count.
        || matches!(t.trim(), "unit" | "unit #" | "bldg" | "building")
}

/// Sheets of prose that a workbook may carry beside the data.
fn is_notes_sheet(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    [
        "说明",
        "填表说明",
        "备注",
        "封面",
        "目录",
        "instructions",
        "readme",
        "notes",
        "about",
        "cover",
    ]
    .iter()
    .any(|k| t == *k || t.starts_with(k))
}

/// How the years of a sheet's rows are found.
#[derive(Debug, Clone)]
enum YearFrom {
    /// A year column; bare years there read by the convention.
    Column {
        col: usize,
        convention: YearConvention,
        why: YearWhy,
    },
    /// One fall for the whole sheet.
    Sheet(i32),
}

fn apply(convention: YearConvention, y: i32) -> i32 {
    match convention {
        YearConvention::Fall => y,
        YearConvention::Spring => y - 1,
    }
}

/// Context for reading one sheet.
pub struct SheetReader<'a> {
    pub file: &'a str,
    pub sheet: &'a Sheet,
    rows: Vec<Row<'a>>,
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

    /// The fall this sheet is about when it has no year column: the
    /// mapping's, else from its name, the title block above the header, or
    /// the file name. A bare year there is the fall's in a Chinese file and
    /// the spring's in an English one, unless the planner said otherwise.
    fn sheet_year(&mut self, header: &Header) -> Option<i32> {
        if let Some(y) = header.mapped.as_ref().and_then(|m| m.year) {
            return Some(y);
        }
        let title = self.rows[..header.first_row]
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| match c {
                Value::Text(t) => parse_year_label(t).map(|y| (t.clone(), y)),
                _ => None,
            });
        let found = parse_year_label(&self.sheet.name)
            .map(|y| (self.sheet.name.clone(), y, YearSource::SheetName))
            .or_else(|| title.map(|(t, y)| (t, y, YearSource::Title)))
            .or_else(|| {
                parse_year_label(self.file)
                    .map(|y| (self.file.to_string(), y, YearSource::FileName))
            });
        let (text, (y, form), source) = found?;
        if form != YearForm::Bare {
            return Some(y);
        }
        let (convention, why) = match header
            .mapped
            .as_ref()
            .and_then(|m| m.years)
            .or(self.options.years)
        {
            Some(c) => (c, YearWhy::Setting),
            None if header.chinese => (
                YearConvention::Fall,
                YearWhy::DefaultLanguage { chinese: true },
            ),
            None => (
                YearConvention::Spring,
                YearWhy::DefaultLanguage { chinese: false },
            ),
        };
        let fall = apply(convention, y);
        let label = match source {
            YearSource::FileName | YearSource::Title => y.to_string(),
            _ => text,
        };
        self.note(Note::Years {
            source,
            header: String::new(),
            convention,
            why,
            label,
            fall,
        });
        Some(fall)
    }

    /// How the rows' years are found: a year column, or the sheet's one fall.
    fn year_from(&mut self, header: &Header) -> Option<YearFrom> {
        if let Some(col) = header.col(Role::Year) {
            let setting = header
                .mapped
                .as_ref()
                .and_then(|m| m.years)
                .or(self.options.years);
            let (convention, why) = match (header.years, setting) {
                (_, Some(c)) if header.mapped.is_some() => (c, YearWhy::Setting),
                (Some(c), _) => (c, YearWhy::Header),
                (None, Some(c)) => (c, YearWhy::Setting),
                (None, None) => (YearConvention::Fall, YearWhy::DefaultColumn),
            };
            self.roc_years = header.chinese;
            return Some(YearFrom::Column {
                col,
                convention,
                why,
            });
        }
        match self.sheet_year(header) {
            Some(y) => self.plausible(y, None).map(YearFrom::Sheet),
            None => {
                self.problem(ProblemKind::NoYear, self.loc.clone());
                None
            }
        }
    }

    /// The fall of one cell of the year column.
    fn cell_year(&mut self, v: &Value, convention: YearConvention) -> Option<i32> {
        let Some((y, form)) = v.year_label() else {
            // 学年度 113 in a Chinese header: a 民国 school year.
            let n = match v {
                Value::Number(n) if n.fract() == 0.0 && (1.0..=200.0).contains(n) => {
                    Some(*n as i32)
                }
                Value::Text(t) => t
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .or_else(|| super::value::roc_year(t).map(|y| y - super::value::ROC_OFFSET)),
                _ => None,
            };
            let fall = n.filter(|_| self.roc_years)? + super::value::ROC_OFFSET;
            if self.roc_seen.is_none() {
                self.roc_seen = Some((v.display(), fall));
            }
            return Some(fall);
        };
        if form != YearForm::Bare {
            return Some(y);
        }
        let fall = apply(convention, y);
        if self.bare_seen.is_none() {
            self.bare_seen = Some((v.display(), fall));
        }
        Some(fall)
    }

    /// A fall the data may hold; else an error at the cell (None).
    fn plausible(&mut self, year: i32, row: Option<(&Row<'_>, usize)>) -> Option<i32> {
        if super::value::plausible_fall(year) {
            return Some(year);
        }
        let loc = match row {
            Some((r, c)) => self.at(r, c),
            None => self.loc.clone(),
        };
        self.problem(
            ProblemKind::YearOutOfRange {
                year,
                latest: super::value::current_year() + 1,
            },
            loc,
        );
        None
    }

    /// The one fall a row-per-pupil export counts, from (in order) its title
    /// (…2024年秋季学期…, 2024学年, 113學年度), a 学年/学期/统计年度 column,
    /// the sheet's or file's name, or the column mapping; said in a note.
    /// An entry date (入学年月) is when a pupil came, never the count's year:
    /// without a year from these the sheet asks (the mapping step).
    fn census_year(&mut self, header: &Header) -> Option<YearFrom> {
        use super::notes::CensusSource;
        let title = self.rows[..header.first_row]
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| match c {
                Value::Text(t) => parse_year_label(t).map(|y| (t.trim().to_string(), y)),
                _ => None,
            });
        let bare_fall = |me: &Self, (y, form): (i32, YearForm)| match form {
            YearForm::Bare => match header
                .mapped
                .as_ref()
                .and_then(|m| m.years)
                .or(me.options.years)
            {
                Some(c) => apply(c, y),
                // A 学年 named by one year is the school year that began then.
                None if header.chinese => y,
                None => y - 1,
            },
            _ => y,
        };
        let found = if let Some(y) = header.mapped.as_ref().and_then(|m| m.year) {
            Some((y, CensusSource::Planner, String::new()))
        } else if let Some((text, y)) = title {
            Some((bare_fall(self, y), CensusSource::Title, text))
        } else if let Some(col) = header.col(Role::Year) {
            let rows = &self.rows[header.last_row + 1..];
            let first = rows.iter().map(|r| r.get(col)).find(|v| !v.is_empty());
            match first.and_then(Value::year_label) {
                Some(y) => {
                    // Several counts in one list: read row by row, as before.
                    let more = rows
                        .iter()
                        .map(|r| r.get(col))
                        .any(|v| !v.is_empty() && v.year_label().is_some_and(|(z, _)| z != y.0));
                    if more {
                        return self.year_from(header);
                    }
                    Some((
                        bare_fall(self, y),
                        CensusSource::Column,
                        header.label(col).to_string(),
                    ))
                }
                None => None,
            }
        } else if let Some(y) = parse_year_label(&self.sheet.name) {
            Some((
                bare_fall(self, y),
                CensusSource::SheetName,
                self.sheet.name.clone(),
            ))
        } else {
            parse_year_label(self.file).map(|y| {
                (
                    bare_fall(self, y),
                    CensusSource::FileName,
                    self.file.to_string(),
                )
            })
        };
        let Some((fall, source, text)) = found else {
            self.problem(ProblemKind::NoYear, self.loc.clone());
            self.out.preview.needs_mapping = true;
            return None;
        };
        let fall = self.plausible(fall, None)?;
        self.note(Note::CensusYear { fall, source, text });
        Some(YearFrom::Sheet(fall))
    }

    /// Say once how the year column's bare years were read.
    fn note_column_years(&mut self, header: &Header, from: &YearFrom) {
        if let (Some((label, fall)), YearFrom::Column { col, .. }) = (self.roc_seen.take(), from) {
            self.note(Note::RocYears {
                header: header.label(*col).to_string(),
                label,
                fall,
            });
        }
        if let (
            Some((label, fall)),
            YearFrom::Column {
                col,
                convention,
                why,
            },
        ) = (self.bare_seen.take(), from)
        {
            // Seatcast's own convention, unasked, on a Chinese file: nothing to say.
            if *why == YearWhy::DefaultColumn && header.chinese {
                return;
            }
            self.note(Note::Years {
                source: YearSource::Column,
                header: header.label(*col).to_string(),
                convention: *convention,
                why: *why,
                label,
                fall,
            });
        }
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

    fn read_enrolment(&mut self, header: &Header, keys: &mut KeyTable, long: bool) {
        let Some(year_from) = self.year_from(header) else {
            return;
        };
        // A wide sheet's pupils column with no grade is the school's total.
        let mut total_col = header
            .col(Role::Total)
            .or_else(|| (!long).then(|| header.col(Role::Pupils)).flatten());
        // A total that names another year (a reference year's pupils beside
        // this year's) is not this year's total: left out, and said.
        let mut other_year: Option<Header> = None;
        if let Some(tc) = total_col
            && let Some((named, _)) = parse_year_label(header.label(tc))
            && match year_from {
                YearFrom::Sheet(fall) => named != fall && named != fall + 1,
                YearFrom::Column { .. } => true,
            }
        {
            let mut h = header.clone();
            h.roles[tc] = Some(Role::Ignore);
            self.note(Note::OtherYearTotal {
                header: header.label(tc).to_string(),
            });
            total_col = None;
            other_year = Some(h);
        }
        let header = other_year.as_ref().unwrap_or(header);
        let (settled, cover) = match total_col.filter(|_| !long) {
            Some(tc) => {
                let (h, c) = settle_cover(header, &self.rows[header.last_row + 1..], tc);
                (Some(h), Some(c))
            }
            None => (None, None),
        };
        let header = settled.as_ref().unwrap_or(header);
        self.note_header(header);
        let grade_cols = header.grade_pupil_cols();
        let class_cols: HashMap<GradeLabel, usize> = header
            .roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(Role::GradeClasses(g)) => Some((*g, c)),
                _ => None,
            })
            .collect();
        let (grade_col, pupils_col) = (header.col(Role::Grade), header.col(Role::Pupils));
        let classes_col = header.col(Role::Classes);
        let section_col = header.col(Role::Section);
        // The school's area: its own column, else the district (区县) it
        // belongs to, where a city's table keys schools by district.
        let hint_area = header
            .col(Role::Area)
            .or_else(|| header.col(Role::ParentName));
        let hint_level = header.col(Role::Level);
        let hint_span = header.col(Role::GradeSpan);
        let hint_rooms = header.col(Role::Classrooms);
        let hint_seats = header.col(Role::Capacity);
        let lonlat_cols = header.has(Role::Lon) && header.has(Role::Lat);
        let coords_datum = self.coords_datum(header);
        let mut in_china = false;
        let ungraded_cols: Vec<usize> = (0..header.roles.len())
            .filter(|&c| header.roles[c] == Some(Role::Ungraded))
            .collect();
        // Columns that may hold numbers nobody placed.
        let key_cols = [
            header.col(Role::SchoolId),
            header.col(Role::SchoolName),
            parent_col(header),
        ];
        let mut unplaced: Vec<Unplaced> = (0..header.roles.len().max(
            self.rows
                .get(header.last_row + 1)
                .map_or(0, |r| r.cells.len()),
        ))
            .filter(|&c| {
                // Under the planner's mapping a column with no role was
                // left out on purpose: nothing to warn of.
                header.mapped.is_none()
                    && header.roles.get(c).copied().flatten().is_none()
                    && !key_cols.contains(&Some(c))
                    && !is_identifier_header(header.label(c))
            })
            .map(|col| Unplaced {
                col,
                ..Unplaced::default()
            })
            .collect();

        struct Acc {
            pupils: f64,
            classes: f64,
            classes_known: bool,
            cells: u32,
            at: CellAt,
        }
        // Pupils per (school, fall, grade) in the order first seen.
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        // One record per row (long) or per grade column (wide), at most.
        let expected = data.len() * if long { 1 } else { grade_cols.len().max(1) };
        let mut acc: Vec<((u32, i32, GradeLabel), Acc)> = Vec::with_capacity(expected);
        let mut index: FastMap<(u32, i32, GradeLabel), usize> =
            FastMap::with_capacity_and_hasher(expected, Default::default());
        // The grades on one row: (grade, pupils, classes, cell), parts added.
        let mut found: Vec<(GradeLabel, f64, Option<f64>, CellAt)> = Vec::new();
        let mut peeked: Vec<(usize, GradeLabel, Peeked)> = Vec::new();
        let mut cells: Vec<TotalCell> = Vec::new();
        // The school of the row above: its number and the cells that named it.
        let mut current: Option<(u32, KeyCells)> = None;
        let mut current_year: Option<i32> = None;
        let id_col = header.col(Role::SchoolId);
        let name_col = header.col(Role::SchoolName);
        let parent = parent_col(header);
        let mut any_sections = section_col.is_some();
        let mut rows = 0;
        let mut totals = Totals::default();
        let mut total_column_rows = 0usize;
        // Rows whose total column disagrees: (cell, stated, the sum it covers).
        let mut slips: Vec<(Location, f64, f64)> = Vec::new();
        let mut ungraded_sum = 0.0;
        // A school's own total rows in a long sheet (grade 合计): checked at the end.
        let mut school_totals: Vec<(u32, i32, f64, CellAt)> = Vec::new();
        // Parents each school id was named under, by fall (composite keys).
        let mut parents: FastMap<(u32, i32), u32> = FastMap::default();
        let mut id_numbers: HashMap<String, u32> = HashMap::new();
        let mut parent_numbers: HashMap<String, u32> = HashMap::new();

        for row in data {
            // The year first: a total row is compared within its fall.
            let year = match &year_from {
                YearFrom::Column {
                    col, convention, ..
                } => match row.get(*col) {
                    Value::Empty => current_year,
                    v => {
                        let v = v.clone();
                        match self.cell_year(&v, *convention) {
                            Some(y) => {
                                let Some(y) = self.plausible(y, Some((row, *col))) else {
                                    continue;
                                };
                                current_year = Some(y);
                                Some(y)
                            }
                            None if is_total_or_note(&v.display()) => None,
                            None => {
                                self.problem(
                                    ProblemKind::BadYear { text: v.display() },
                                    self.at(row, *col),
                                );
                                continue;
                            }
                        }
                    }
                },
                YearFrom::Sheet(y) => Some(*y),
            };
            // Values on this row as written, before deciding whose they
            // are: a count's problems are a school row's only.
            peeked.clear();
            let mut long_total = false;
            if long {
                let (Some(gc), Some(pc)) = (grade_col, pupils_col) else {
                    continue;
                };
                if row.get(pc).is_empty() {
                    self.heading_or_skip(row, header, &mut totals);
                    continue;
                }
                let grade = match row.get(gc) {
                    Value::Number(n) => numeric_grade(*n),
                    v => parse_grade_label(&v.display(), true),
                };
                let grade = match grade {
                    Some(g) => g,
                    None if is_total_grade(&row.get(gc).display()) => {
                        long_total = true;
                        GradeLabel::K
                    }
                    None => {
                        self.problem(
                            ProblemKind::BadGrade {
                                text: row.get(gc).display(),
                            },
                            self.at(row, gc),
                        );
                        continue;
                    }
                };
                peeked.push((pc, grade, peek_count(row, pc, Measure::Pupils, true)));
            } else {
                if !grade_cols.iter().any(|(c, _)| !row.get(*c).is_empty()) {
                    self.heading_or_skip(row, header, &mut totals);
                    continue;
                }
                for &(c, grade) in &grade_cols {
                    let p = peek_count(row, c, Measure::Pupils, true);
                    if !p.is_blank() {
                        peeked.push((c, grade, p));
                    }
                }
            }
            let Some(year) = year else {
                // A total or note in the year column.
                continue;
            };
            // The figures as a total row would state them (parts added).
            cells.clear();
            for (c, g, p) in &peeked {
                let Some(v) = p.value else { continue };
                let slot = label_slot(*g);
                match cells.iter_mut().find(|t| t.slot == slot) {
                    Some(t) => t.stated += v,
                    None => cells.push(TotalCell {
                        year,
                        slot,
                        stated: v,
                        col: *c,
                    }),
                }
            }
            // The school: the cells of its id and name, or blank under a
            // merged cell. A cell that says "total" names no school.
            let cell = |c: Option<usize>| c.map(|c| row.get(c)).filter(|v| !v.is_empty());
            let (id_cell, name_cell) = (cell(id_col), cell(name_col));
            let parent_cell = cell(parent);
            // The same school as the row above (most rows of a long sheet):
            // its cells were a school's key when it was first met.
            let same = (id_cell.is_some() || name_cell.is_some())
                && current.as_ref().is_some_and(|(_, (id, name, p))| {
                    id.as_ref() == id_cell
                        && name.as_ref() == name_cell
                        && p.as_ref() == parent_cell
                });
            let (id_cell, name_cell) = (key_cell(id_cell, same), key_cell(name_cell, same));
            let filled = id_cell.is_none() && name_cell.is_none();
            // The row kind, from the whole row: a row with its school's key
            // is a school; one without is a total when a label in any of its
            // text cells says so, or when its figures equal rows above it.
            let no_id = id_col.is_some() && id_cell.is_none() && name_cell.is_some();
            if !same && (filled || no_id) {
                let label = row.cells.iter().find_map(|v| match v {
                    Value::Text(t) if is_total_label(t) => Some(t.trim().to_string()),
                    _ => None,
                });
                if let Some(label) = label {
                    let labelled_cells = cells.clone();
                    self.total_row(row, &label, &labelled_cells, &mut totals, true);
                    current = None;
                    continue;
                }
                if !long && totals.is_unlabelled_total(&cells) {
                    let label = row
                        .cells
                        .iter()
                        .find_map(|v| match v {
                            Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    let c = cells.clone();
                    self.total_row(row, &label, &c, &mut totals, false);
                    current = None;
                    continue;
                }
            }
            // A school's row: its counts' problems are reported now, and
            // its grades' parts added.
            found.clear();
            for (c, grade, p) in peeked.drain(..) {
                if let Some(problem) = p.problem.clone() {
                    self.problem(problem, self.at(row, c));
                }
                let Some(v) = p.kept() else { continue };
                match found.iter_mut().find(|f| f.0 == grade) {
                    // The parts of one grade (K_Full + K_Part) add up.
                    Some(f) => f.1 += v,
                    None => {
                        let classes = if long {
                            classes_col.and_then(|cc| self.count(row, cc, Measure::Classes, false))
                        } else {
                            class_cols
                                .get(&grade)
                                .and_then(|&cc| self.count(row, cc, Measure::Classes, false))
                        };
                        found.push((grade, v, classes, self.cell_at(row, c)));
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            // What the school's figures add to in the sheet's sums.
            cells.clear();
            cells.extend(found.iter().map(|(g, p, _, at)| TotalCell {
                year,
                slot: label_slot(*g),
                stated: *p,
                col: at.cell.col as usize,
            }));
            let school = if filled {
                match &current {
                    Some((school, _)) => *school,
                    None => {
                        let col = name_col.or(id_col);
                        self.problem(
                            ProblemKind::SectionWithoutSchool,
                            self.at(row, col.unwrap_or(0)),
                        );
                        continue;
                    }
                }
            } else {
                if same {
                    current.as_ref().map_or(0, |(school, _)| *school)
                } else {
                    let key = self.key_of(row, header);
                    // A note or heading in the key's cell; a school's own
                    // name is never taken for a total.
                    let note = match &key.id {
                        Some(id) => is_note_label(id) || is_heading_label(id),
                        None => is_total_or_note(&key.label()),
                    };
                    if note {
                        current = None;
                        continue;
                    }
                    if no_id {
                        self.problem(
                            ProblemKind::NoSchoolId {
                                school: key.label(),
                            },
                            self.at(row, id_col.unwrap_or(0)),
                        );
                    }
                    let school = keys.intern(&key);
                    if let (Some(id), Some(p)) = (&key.id, &key.parent) {
                        let n = id_numbers.len() as u32;
                        let id_n = *id_numbers.entry(id.clone()).or_insert(n);
                        let n = parent_numbers.len() as u32;
                        let p_n = *parent_numbers.entry(p.clone()).or_insert(n);
                        match parents.get(&(id_n, year)) {
                            Some(&q) if q != p_n => {
                                if self.out.id_clash.is_none() {
                                    self.out.id_clash = Some((
                                        parent.map_or("", |c| header.label(c)).to_string(),
                                        id_col.map_or("", |c| header.label(c)).to_string(),
                                    ));
                                }
                            }
                            Some(_) => {}
                            None => {
                                parents.insert((id_n, year), p_n);
                            }
                        }
                    }
                    current = Some((
                        school,
                        (id_cell.cloned(), name_cell.cloned(), parent_cell.cloned()),
                    ));
                    school
                }
            };
            if long_total {
                if let Some((_, p, _, at)) = found.first() {
                    school_totals.push((school, year, *p, *at));
                }
                continue;
            }
            rows += 1;
            // Longitude and latitude beside the pupils: the school's place
            // where no roster gives one (the roster wins where both do).
            if lonlat_cols
                && keys.hints.get(&school).is_none_or(|h| h.lon.is_none())
                && let Some((lon, lat, china)) = self.lon_lat(row, header, coords_datum.0)
            {
                in_china |= china;
                let at = header.col(Role::Lon).map(|c| self.cell_at(row, c));
                let hint = keys.hints.entry(school).or_default();
                hint.lon = Some(lon);
                hint.lat = Some(lat);
                if let Some(at) = at {
                    hint.hint_at(Role::Lon, at);
                }
            }
            if hint_area.is_some()
                || hint_level.is_some()
                || hint_span.is_some()
                || hint_rooms.is_some()
                || hint_seats.is_some()
            {
                // The school's facts the table gives: text facts from the
                // first row that has them, classrooms and seats from the
                // latest year.
                let latest = keys
                    .hints
                    .get(&school)
                    .is_none_or(|h| h.hint_year.is_none_or(|y| y <= year));
                let hint = keys.hints.entry(school).or_default();
                if let Some(c) = hint_area
                    && hint.area.is_none()
                    && let Some(a) = row.get(c).as_key()
                {
                    hint.area = Some(a);
                    hint.hint_at(Role::Area, self.cell_at(row, c));
                }
                if let Some(c) = hint_level
                    && hint.level.is_none()
                    && let Some(l) = row.get(c).as_key()
                {
                    hint.level = Some((l, self.at(row, c)));
                }
                if let Some(c) = hint_span
                    && hint.span.is_none()
                    && let Some(l) = row.get(c).as_key()
                {
                    hint.span = Some((l, self.at(row, c)));
                }
                if latest {
                    for (col, role) in
                        [(hint_rooms, Role::Classrooms), (hint_seats, Role::Capacity)]
                    {
                        if let Some(c) = col
                            && let Num::Value(v) = row.get(c).number()
                            && v >= 0.0
                        {
                            if role == Role::Classrooms {
                                hint.classrooms = Some(v);
                            } else {
                                hint.capacity = Some(v);
                            }
                            hint.hint_at(role, self.cell_at(row, c));
                            hint.hint_year = Some(year);
                        }
                    }
                }
            }
            for c in &cells {
                totals.add(year, c.slot, c.stated, school, row.index);
            }
            // What the row holds beyond the grades: ungraded pupils, unplaced numbers.
            for &c in &ungraded_cols {
                if let Num::Value(v) = row.get(c).number() {
                    ungraded_sum += v;
                }
            }
            for u in unplaced.iter_mut() {
                if let Num::Value(v) = row.get(u.col).number() {
                    u.add(v);
                }
            }
            let is_section = filled || section_col.is_some();
            if !is_section && let Some(cover) = &cover {
                match cover.row(row) {
                    Some(r) if r.agrees(&cover.chosen) => total_column_rows += 1,
                    Some(r) => {
                        let sum = r.covered(&cover.chosen);
                        slips.push((self.at(row, cover.total), r.stated, sum));
                    }
                    None => {
                        if let Num::NotANumber(text) = row.get(cover.total).number() {
                            self.problem(
                                ProblemKind::NotANumber {
                                    text,
                                    what: Measure::Pupils,
                                },
                                self.at(row, cover.total),
                            );
                        }
                    }
                }
            }
            for &(grade, pupils, classes, at) in &found {
                let k = (school, year, grade);
                match index.get(&k).map(|&i| &mut acc[i].1) {
                    Some(a) if is_section => {
                        any_sections = true;
                        a.pupils += pupils;
                        a.cells += 1;
                        if let Some(c) = classes {
                            a.classes += c;
                            a.classes_known = true;
                        }
                    }
                    Some(a) => {
                        let first = self.loc.at(a.at.cell).cell_text();
                        let kind = if (a.pupils - pupils).abs() < 1e-9 {
                            ProblemKind::DuplicateRow { first }
                        } else {
                            ProblemKind::DuplicateConflict {
                                first,
                                first_value: a.pupils,
                                value: pupils,
                            }
                        };
                        self.problem(kind, self.loc.at(at.cell));
                    }
                    None => {
                        index.insert(k, acc.len());
                        acc.push((
                            k,
                            Acc {
                                pupils,
                                classes: classes.unwrap_or(0.0),
                                classes_known: classes.is_some(),
                                cells: 1,
                                at,
                            },
                        ));
                    }
                }
            }
        }
        self.restore_rows(all_rows);
        // A school's own total rows (long layout): against its grades.
        if !school_totals.is_empty() {
            let mut sums: FastMap<(u32, i32), f64> = FastMap::default();
            for ((s, y, _), a) in &acc {
                *sums.entry((*s, *y)).or_insert(0.0) += a.pupils;
            }
            for (s, y, stated, at) in school_totals {
                let sum = sums.get(&(s, y)).copied().unwrap_or(0.0);
                if (stated - sum).abs() > 0.5 {
                    self.problem(
                        ProblemKind::TotalMismatch { stated, sum },
                        self.loc.at(at.cell),
                    );
                } else {
                    totals.matched += 1;
                }
            }
        }
        self.out.rows = rows;
        self.out.kind = Some(if any_sections {
            SheetKind::EnrolmentSections
        } else if long {
            SheetKind::EnrolmentLong
        } else {
            SheetKind::EnrolmentWide
        });
        self.note_column_years(header, &year_from);
        if in_china {
            self.note(Note::Datum {
                datum: coords_datum.0,
                named: coords_datum.1,
            });
        }
        self.total_rows_checked(totals.matched);
        if totals.matched > 0 {
            self.note(Note::TotalRows {
                rows: totals.matched,
                unlabelled: totals.unlabelled,
            });
        }
        if let Some(cover) = &cover {
            self.total_column_checked(header, cover, total_column_rows, slips, &unplaced);
        }
        if !ungraded_cols.is_empty() {
            self.note(Note::Ungraded {
                columns: ungraded_cols
                    .iter()
                    .map(|&c| header.label(c).to_string())
                    .collect(),
                pupils: ungraded_sum,
            });
        }
        let header_row = self.rows.get(header.first_row).map_or(0, |r| r.index);
        for Unplaced {
            col: c,
            cells: n,
            sum,
            years_only,
        } in unplaced
        {
            // A column the file's total counts is said once, in its note.
            let covered = cover.as_ref().is_some_and(|cv| cv.covers(c));
            if n > 0 && !years_only && !covered {
                let label = header.label(c);
                let header_text = if label.is_empty() {
                    crate::diagnostics::column_letters(c as u32)
                } else {
                    label.to_string()
                };
                self.problem(
                    ProblemKind::UnplacedColumn {
                        header: header_text,
                        cells: n,
                        sum,
                    },
                    self.loc.at(CellRef::new(header_row, c as u32)),
                );
            }
        }
        drop(index);
        self.out.enrolment.reserve(acc.len());
        for (k, a) in acc {
            let classes = if a.classes_known {
                Some(a.classes)
            } else if any_sections {
                // One row per class section: each filled cell is a class.
                Some(f64::from(a.cells))
            } else {
                None
            };
            self.out.enrolment.push(RawEnrolment {
                school: k.0,
                year: k.1,
                grade: k.2,
                pupils: a.pupils,
                classes,
                at: a.at,
            });
        }
    }

    /// The total column against the grades on every school row: what it
    /// covers said once; disagreement on scattered rows is the file's own
    /// slip (one warning), on many rows a misreading (an error at each cell,
    /// and the column-mapping step).
    fn total_column_checked(
        &mut self,
        header: &Header,
        cover: &Cover,
        agreed: usize,
        slips: Vec<(Location, f64, f64)>,
        unplaced: &[Unplaced],
    ) {
        let checked = agreed + slips.len();
        if agreed > 0 {
            let beyond = cover
                .optional
                .iter()
                .zip(&cover.chosen)
                .filter(|(c, chosen)| {
                    **chosen
                        && !matches!(header.roles[**c], Some(Role::GradePupils(_)))
                        && (header.roles[**c].is_some()
                            || unplaced.iter().any(|u| u.col == **c && u.sum != 0.0))
                })
                .map(|(c, _)| header.label(*c).to_string())
                .collect();
            self.note(Note::TotalColumn {
                header: header.label(cover.total).to_string(),
                rows: agreed,
                of: checked,
                beyond,
            });
        }
        if slips.is_empty() {
            return;
        }
        if misread(slips.len(), checked) {
            for (at, stated, sum) in slips {
                self.problem(ProblemKind::TotalMismatch { stated, sum }, at);
            }
            self.out.preview.needs_mapping = true;
            return;
        }
        let pupils = slips
            .iter()
            .map(|(_, stated, sum)| (stated - sum).abs())
            .sum();
        let first: Vec<String> = slips
            .iter()
            .take(3)
            .map(|(at, _, _)| at.cell_text())
            .collect();
        let at = slips[0].0.clone();
        self.problem(
            ProblemKind::TotalSlips {
                header: header.label(cover.total).to_string(),
                rows: slips.len(),
                of: checked,
                pupils,
                first,
            },
            at,
        );
    }

    /// A row with no counts: a section heading starts a new run of schools.
    fn heading_or_skip(&mut self, row: &Row<'_>, header: &Header, totals: &mut Totals) {
        let named = [header.col(Role::SchoolId), header.col(Role::SchoolName)]
            .iter()
            .flatten()
            .any(|&c| !row.get(c).is_empty());
        if named || row.cells.iter().any(|c| matches!(c, Value::Text(_))) {
            totals.heading();
        }
    }

    /// A total row: compared with the rows above it; a mismatch is an error
    /// at its cell.
    fn total_row(
        &mut self,
        row: &Row<'_>,
        label: &str,
        cells: &[TotalCell],
        totals: &mut Totals,
        labelled: bool,
    ) {
        if let Err(m) = totals.check(cells, labelled) {
            let at = self.at(row, m.col);
            self.row_mismatches.push((label.to_string(), m, at));
        }
    }

    /// Total rows that disagree with the rows they sum: where most of the
    /// sheet's total rows agree, the few that do not are the file's own
    /// slips (warnings); where most disagree, the rows were misread (errors).
    fn total_rows_checked(&mut self, matched: usize) {
        let mismatches = std::mem::take(&mut self.row_mismatches);
        let misread = mismatches.len() >= matched;
        for (label, m, at) in mismatches {
            let (stated, sum, from_row, to_row) = (m.stated, m.sum, m.rows.0 + 1, m.rows.1 + 1);
            let kind = if misread {
                ProblemKind::TotalRowMismatch {
                    label,
                    stated,
                    sum,
                    from_row,
                    to_row,
                }
            } else {
                ProblemKind::TotalRowSlip {
                    label,
                    stated,
                    sum,
                    from_row,
                    to_row,
                }
            };
            self.problem(kind, at);
        }
    }

    /// A row per pupil (学籍 exports): pupils counted by school, fall and
    /// grade; classes as the distinct class names; ages checked against grades.
    fn read_students(&mut self, header: &Header, keys: &mut KeyTable) {
        let Some(year_from) = self.census_year(header) else {
            return;
        };
        let Some(gc) = header.col(Role::Grade) else {
            return;
        };
        let section_col = header.col(Role::Section);
        let birth_col = header.col(Role::BirthDate);
        let id_number_col = header
            .col(Role::StudentId)
            .filter(|&c| header.label(c).contains("身份证"));
        let student_col = header.col(Role::StudentId);
        let hint_area = header.col(Role::Area);
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let mut counts: Vec<((u32, i32, GradeLabel), f64, CellAt)> = Vec::new();
        let mut index: FastMap<(u32, i32, GradeLabel), usize> = FastMap::default();
        let mut classes: HashSet<(u32, i32, GradeLabel, String)> = HashSet::new();
        let mut class_counts: FastMap<(u32, i32, GradeLabel), f64> = FastMap::default();
        let mut ages: FastMap<(GradeLabel, i32), (usize, CellAt)> = FastMap::default();
        let mut seen_pupils: HashMap<(String, i32), CellAt> = HashMap::new();
        let mut current: Option<(u32, SchoolKey)> = None;
        let mut current_year = None;
        let mut rows = 0;
        for row in data {
            let year = match &year_from {
                YearFrom::Column {
                    col, convention, ..
                } => match row.get(*col) {
                    Value::Empty => current_year,
                    v => {
                        let v = v.clone();
                        match self.cell_year(&v, *convention) {
                            Some(y) => {
                                let Some(y) = self.plausible(y, Some((row, *col))) else {
                                    continue;
                                };
                                current_year = Some(y);
                                Some(y)
                            }
                            None => {
                                self.problem(
                                    ProblemKind::BadYear { text: v.display() },
                                    self.at(row, *col),
                                );
                                continue;
                            }
                        }
                    }
                },
                YearFrom::Sheet(y) => Some(*y),
            };
            let grade_cell = row.get(gc);
            if grade_cell.is_empty() {
                continue;
            }
            let grade = match grade_cell {
                Value::Number(n) => numeric_grade(*n),
                v => parse_grade_label(&v.display(), true),
            };
            let Some(grade) = grade else {
                self.problem(
                    ProblemKind::BadGrade {
                        text: grade_cell.display(),
                    },
                    self.at(row, gc),
                );
                continue;
            };
            let Some(year) = year else { continue };
            let key = self.key_of(row, header);
            let school = if key.id.is_none() && key.name.is_none() {
                match &current {
                    Some((s, _)) => *s,
                    None => {
                        self.problem(ProblemKind::RowWithoutSchool, self.at(row, 0));
                        continue;
                    }
                }
            } else if current.as_ref().is_some_and(|(_, k)| *k == key) {
                current.as_ref().map_or(0, |(s, _)| *s)
            } else {
                if is_total_or_note(&key.label()) {
                    continue;
                }
                let s = keys.intern(&key);
                current = Some((s, key));
                s
            };
            let at = self.cell_at(row, gc);
            if let Some(c) = student_col
                && let Some(id) = row.get(c).as_key()
            {
                match seen_pupils.get(&(id.clone(), year)) {
                    Some(first) => {
                        let first = self.loc.at(first.cell).cell_text();
                        self.problem(ProblemKind::DuplicatePupil { first }, self.at(row, c));
                        continue;
                    }
                    None => {
                        seen_pupils.insert((id, year), at);
                    }
                }
            }
            rows += 1;
            if let Some(c) = hint_area
                && let Some(a) = row.get(c).as_key()
            {
                keys.hints.entry(school).or_default().area = Some(a);
            }
            let k = (school, year, grade);
            match index.get(&k) {
                Some(&i) => counts[i].1 += 1.0,
                None => {
                    index.insert(k, counts.len());
                    counts.push((k, 1.0, at));
                }
            }
            if let Some(c) = section_col
                && let Some(name) = row.get(c).as_key()
                && classes.insert((school, year, grade, name))
            {
                *class_counts.entry(k).or_insert(0.0) += 1.0;
            }
            let birth = birth_col
                .and_then(|c| birth_date(row.get(c)))
                .or_else(|| id_number_col.and_then(|c| birth_from_id_number(row.get(c))));
            if let Some((by, bm, bd)) = birth {
                // Age on 31 August of the fall.
                let age = year - by - i32::from((bm, bd) > (8, 31));
                let e = ages.entry((grade, age)).or_insert((0, at));
                e.0 += 1;
            }
        }
        self.restore_rows(all_rows);
        self.out.rows = rows;
        self.out.kind = Some(SheetKind::EnrolmentStudents);
        self.note_column_years(header, &year_from);
        self.note(Note::Students {
            rows,
            classes: section_col.is_some(),
        });
        for ((grade, age), (pupils, first)) in ages {
            self.out.ages.push(AgeCount {
                grade,
                age,
                pupils,
                first,
            });
        }
        for (k, pupils, at) in counts {
            let classes = section_col.map(|_| class_counts.get(&k).copied().unwrap_or(0.0));
            self.out.enrolment.push(RawEnrolment {
                school: k.0,
                year: k.1,
                grade: k.2,
                pupils,
                classes,
                at,
            });
        }
    }

    /// The datum of a sheet's longitude/latitude: the one its headers (or
    /// its name) give, else the planner's setting, else GCJ-02; and
    /// whether the sheet named it.
    fn coords_datum(&self, header: &Header) -> (crate::places::datum::Datum, bool) {
        let named = [Role::Lon, Role::Lat]
            .iter()
            .filter_map(|r| header.col(*r))
            .find_map(|c| crate::places::datum::Datum::named_in(header.label(c)))
            .or_else(|| crate::places::datum::Datum::named_in(&self.sheet.name));
        let datum = named
            .or(self.options.datum)
            .unwrap_or(crate::places::datum::DEFAULT);
        (datum, named.is_some())
    }

    /// A row's longitude and latitude in WGS-84: read, a swapped pair put
    /// back (a warning at its cell), converted from the sheet's datum; and
    /// whether the point is in mainland China (where the datum matters).
    fn lon_lat(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        datum: crate::places::datum::Datum,
    ) -> Option<(f64, f64, bool)> {
        let (lon_col, lat_col) = (header.col(Role::Lon)?, header.col(Role::Lat)?);
        let mut read = |c: usize| match row.get(c).number() {
            Num::Value(v) => Some(v),
            Num::Blank => None,
            Num::NotANumber(text) | Num::Withheld(text) => {
                self.problem(ProblemKind::BadCoordinate { text }, self.at(row, c));
                None
            }
        };
        let (lon, lat) = (read(lon_col), read(lat_col));
        let (lon, lat) = (lon?, lat?);
        let (lon, lat) = if crate::places::datum::swapped(lon, lat) {
            self.problem(
                ProblemKind::SwappedCoordinates { lon, lat },
                self.at(row, lon_col),
            );
            (lat, lon)
        } else {
            (lon, lat)
        };
        let in_china = coordtransform::is_in_mainland_china(lon, lat);
        let (lon, lat) = datum.to_wgs84(lon, lat);
        Some((lon, lat, in_china))
    }

    fn read_roster(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::Roster);
        let (datum, named) = self.coords_datum(header);
        // Said only where it matters: for points inside China.
        let mut in_china = false;
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let col = |r: Role| header.col(r);
        let mut current_area: Option<String> = None;
        for row in data {
            let key = self.key_of(row, header);
            if key.id.is_none() && key.name.is_none() {
                if row.cells.iter().any(|c| !c.is_empty()) {
                    // A merged township cell may start a row with no school: remember it.
                    if let Some(a) = col(Role::Area).and_then(|c| row.get(c).as_key()) {
                        current_area = Some(a);
                    }
                    let c = col(Role::SchoolName).or(col(Role::SchoolId)).unwrap_or(0);
                    let only_area = row
                        .cells
                        .iter()
                        .enumerate()
                        .all(|(i, v)| v.is_empty() || Some(i) == col(Role::Area));
                    if !only_area {
                        self.problem(ProblemKind::RowWithoutSchool, self.at(row, c));
                    }
                }
                continue;
            }
            if is_total_or_note(&key.label()) {
                continue;
            }
            self.out.rows += 1;
            let text_at = |r: Role| -> Option<(String, Location)> {
                let c = col(r)?;
                row.get(c).as_key().map(|t| (t, self.at(row, c)))
            };
            let area = match col(Role::Area).and_then(|c| row.get(c).as_key()) {
                Some(a) => {
                    current_area = Some(a.clone());
                    Some(a)
                }
                // Blank under a merged township cell: same township as above.
                None if col(Role::Area).is_some() => current_area.clone(),
                None => None,
            };
            let mut school = RawSchool {
                key,
                level: text_at(Role::Level),
                span: text_at(Role::GradeSpan),
                area,
                locale: text_at(Role::Locale),
                feeder: text_at(Role::Feeder),
                location: self.loc.at(CellRef::new(row.index, 0)),
                ..RawSchool::default()
            };
            let num = |me: &mut Self, r: Role, what: Measure| {
                col(r).and_then(|c| me.count(row, c, what, false))
            };
            school.classrooms = num(self, Role::Classrooms, Measure::Classrooms);
            school.capacity = num(self, Role::Capacity, Measure::Seats);
            school.boarders = num(self, Role::Boarders, Measure::Seats);
            for (role, slot) in [(Role::X, &mut school.x), (Role::Y, &mut school.y)] {
                if let Some(c) = col(role) {
                    match row.get(c).number() {
                        Num::Value(v) => *slot = Some(v),
                        Num::Blank => {}
                        Num::NotANumber(text) | Num::Withheld(text) => {
                            self.problem(ProblemKind::BadCoordinate { text }, self.at(row, c))
                        }
                    }
                }
            }
            if let Some((lon, lat, china)) = self.lon_lat(row, header, datum) {
                in_china |= china;
                school.lon = Some(lon);
                school.lat = Some(lat);
            }
            for (role, slot) in [
                (Role::Opened, &mut school.opened),
                (Role::Closed, &mut school.closed),
            ] {
                if let Some(c) = col(role) {
                    let v = row.get(c);
                    if !v.is_empty() {
                        match v.fall_year() {
                            Some(y) => *slot = Some(y),
                            None => self.problem(
                                ProblemKind::BadYear { text: v.display() },
                                self.at(row, c),
                            ),
                        }
                    }
                }
            }
            if header.roles.iter().flatten().any(|r| r.is_facility()) {
                self.facility_row(row, header, school.key.clone(), None);
            }
            self.out.schools.push(school);
        }
        if in_china {
            self.note(Note::Datum { datum, named });
        }
        self.restore_rows(all_rows);
    }

    /// The school a row of a staff or facilities sheet is about, counted as
    /// a row read; None for a total or note row, and for a row with no
    /// school (reported at its school cell unless the row is empty).
    fn school_of_row(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        school_col: usize,
    ) -> Option<SchoolKey> {
        let key = self.key_of(row, header);
        if key.id.is_none() && key.name.is_none() {
            if row.cells.iter().any(|c| !c.is_empty()) {
                self.problem(ProblemKind::RowWithoutSchool, self.at(row, school_col));
            }
            return None;
        }
        if is_total_or_note(&key.label()) {
            return None;
        }
        self.out.rows += 1;
        Some(key)
    }

    /// A staff roster (教职工花名册): a row per member of staff. Names and
    /// numbers stay in memory on this machine; exports carry counts.
    fn read_teachers(&mut self, header: &Header) {
        use crate::model::{Establishment, Post, Teacher};
        self.out.kind = Some(SheetKind::Teachers);
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let col = |r: Role| header.col(r);
        let school_col = col(Role::SchoolName).or(col(Role::SchoolId)).unwrap_or(0);
        // A count column beside the subject (学校 · 学科 · 人数): each row is
        // that many teachers.
        let count_col = col(Role::StaffCount).or(col(Role::Pupils));
        for row in data {
            let Some(key) = self.school_of_row(row, header, school_col) else {
                continue;
            };
            let text = |r: Role| col(r).and_then(|c| row.get(c).as_key().map(|t| (t, c)));
            let person = text(Role::StaffId)
                .or_else(|| text(Role::StudentId))
                .or_else(|| text(Role::StudentName))
                .map_or_else(|| format!("row {}", row.index + 1), |(t, _)| t);
            let unknown = |me: &mut Self, c: usize, t: &str| {
                me.problem(
                    ProblemKind::UnknownStaffValue {
                        column: header.label(c).to_string(),
                        text: t.to_string(),
                    },
                    me.at(row, c),
                )
            };
            let sex = match text(Role::Sex) {
                Some((t, c)) => {
                    let v = staff_sex(&t);
                    if v.is_none() {
                        unknown(self, c, &t);
                    }
                    v
                }
                None => None,
            };
            let birth = match col(Role::BirthDate) {
                Some(c) if !row.get(c).is_empty() => match birth_date(row.get(c)) {
                    Some((y, m, _)) => Some((y, m)),
                    None => {
                        self.problem(
                            ProblemKind::BadBirthDate {
                                text: row.get(c).display(),
                            },
                            self.at(row, c),
                        );
                        None
                    }
                },
                _ => col(Role::StudentId)
                    .and_then(|c| birth_from_id_number(row.get(c)))
                    .map(|(y, m, _)| (y, m)),
            };
            let post = match text(Role::Post) {
                Some((t, c)) => staff_post(&t).unwrap_or_else(|| {
                    unknown(self, c, &t);
                    Post::Teaching
                }),
                None => Post::Teaching,
            };
            let establishment = match text(Role::Establishment) {
                Some((t, c)) => staff_establishment(&t).unwrap_or_else(|| {
                    unknown(self, c, &t);
                    Establishment::OnEstablishment
                }),
                None => Establishment::OnEstablishment,
            };
            let subject = match text(Role::Subject) {
                Some((t, c)) => match crate::subjects::subject_key(&t) {
                    Some(k) => Some(k.to_string()),
                    None => {
                        if post == Post::Teaching {
                            self.problem(ProblemKind::UnknownSubject { text: t }, self.at(row, c));
                        }
                        None
                    }
                },
                None => None,
            };
            let backbone = text(Role::Backbone).is_some_and(|(t, _)| staff_backbone(&t));
            let arrived = match col(Role::Arrived) {
                Some(c) if !row.get(c).is_empty() => {
                    let v = row.get(c);
                    let year = birth_date(v).map(|(y, _, _)| y).or_else(|| v.fall_year());
                    if year.is_none() {
                        self.problem(ProblemKind::BadYear { text: v.display() }, self.at(row, c));
                    }
                    year
                }
                _ => None,
            };
            let qualification = match text(Role::Qualification) {
                Some((t, c)) => {
                    let q = crate::model::Qualification::parse(&t);
                    if q.is_none() {
                        unknown(self, c, &t);
                    }
                    q
                }
                None => None,
            };
            let title = text(Role::Title).map(|(t, _)| t);
            // A staff table by school and subject: the row stands for as
            // many teachers as it counts.
            let count = match count_col {
                Some(c) => match self.count(row, c, Measure::Teachers, true) {
                    Some(n) => n.round().max(0.0) as usize,
                    None => 0,
                },
                None => 1,
            };
            let teacher = Teacher {
                school: 0,
                key: person,
                sex,
                birth,
                subject,
                post,
                establishment,
                backbone,
                arrived,
                qualification,
                title,
            };
            let at = self.at(row, school_col);
            if count_col.is_none() {
                self.out.teachers.push(RawTeacher {
                    school: key,
                    teacher,
                    at,
                });
                continue;
            }
            for k in 0..count {
                let mut t = teacher.clone();
                t.key = format!("{} {}", teacher.key, k + 1);
                self.out.teachers.push(RawTeacher {
                    school: key.clone(),
                    teacher: t,
                    at: at.clone(),
                });
            }
        }
        self.restore_rows(all_rows);
    }

    /// A facilities sheet (办学条件): a row per school, or per school and
    /// year when it has a year column.
    fn read_facilities(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::Facilities);
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let school_col = header
            .col(Role::SchoolName)
            .or(header.col(Role::SchoolId))
            .unwrap_or(0);
        for row in data {
            let Some(key) = self.school_of_row(row, header, school_col) else {
                continue;
            };
            let year = match header.col(Role::Year) {
                Some(c) if !row.get(c).is_empty() => match row.get(c).fall_year() {
                    Some(y) => Some(y),
                    None => {
                        self.problem(
                            ProblemKind::BadYear {
                                text: row.get(c).display(),
                            },
                            self.at(row, c),
                        );
                        continue;
                    }
                },
                _ => None,
            };
            self.facility_row(row, header, key, year);
        }
        self.restore_rows(all_rows);
    }

    /// One row's facilities (a roster's or a facilities sheet's), for the
    /// school the row names.
    fn facility_row(&mut self, row: &Row<'_>, header: &Header, key: SchoolKey, year: Option<i32>) {
        let school_col = header
            .col(Role::SchoolName)
            .or(header.col(Role::SchoolId))
            .unwrap_or(0);
        let value = |me: &mut Self, role: Role| -> Option<f64> {
            let c = header.col(role)?;
            // Areas and 万元 have decimals; a negative figure is a slip.
            let v = me.count(row, c, Measure::Facility, false)?;
            if v < 0.0 {
                me.problem(ProblemKind::NegativeCount { value: v }, me.at(row, c));
                return None;
            }
            // 万元 headers: the value is in ten thousands of 元.
            let scale = if role == Role::EquipmentValue && header.label(c).contains("万元") {
                10_000.0
            } else {
                1.0
            };
            Some(v * scale)
        };
        let facility = crate::model::Facility {
            school: 0,
            year,
            floor_m2: value(self, Role::FloorArea),
            sports_m2: value(self, Role::SportsArea),
            equipment_yuan: value(self, Role::EquipmentValue),
            multimedia_rooms: value(self, Role::MultimediaRooms),
        };
        if [
            facility.floor_m2,
            facility.sports_m2,
            facility.equipment_yuan,
            facility.multimedia_rooms,
        ]
        .iter()
        .all(Option::is_none)
        {
            return;
        }
        let at = self.at(row, school_col);
        self.out.facilities.push(RawFacility {
            school: key,
            facility,
            at,
        });
    }

    /// A staff table by school and subject (学校 × 学科 教师人数): each
    /// count stands for that many teachers of the subject, on the
    /// establishment and of unknown age (so none retires).
    fn read_teacher_counts(&mut self, header: &Header, subjects: &[(usize, &'static str)]) {
        use crate::model::{Establishment, Post, Teacher};
        self.out.kind = Some(SheetKind::Teachers);
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let school_col = header
            .col(Role::SchoolName)
            .or(header.col(Role::SchoolId))
            .unwrap_or(0);
        let mut counted = 0usize;
        for row in data {
            let Some(key) = self.school_of_row(row, header, school_col) else {
                continue;
            };
            for &(c, subject) in subjects {
                let Some(n) = self.count(row, c, Measure::Teachers, true) else {
                    continue;
                };
                let at = self.at(row, c);
                for k in 0..n.round().max(0.0) as usize {
                    counted += 1;
                    self.out.teachers.push(RawTeacher {
                        school: key.clone(),
                        teacher: Teacher {
                            school: 0,
                            key: format!("{} {subject} {}", key.label(), k + 1),
                            sex: None,
                            birth: None,
                            subject: Some(subject.to_string()),
                            post: Post::Teaching,
                            establishment: Establishment::OnEstablishment,
                            backbone: false,
                            arrived: None,
                            qualification: None,
                            title: None,
                        },
                        at: at.clone(),
                    });
                }
            }
        }
        self.note(Note::TeacherCounts {
            teachers: counted,
            subjects: subjects.len(),
        });
        self.restore_rows(all_rows);
    }

    fn births_value(&mut self, row: &Row<'_>, col: usize) -> Option<f64> {
        self.count(row, col, Measure::Births, true)
    }

    fn read_births_long(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsLong);
        let Some(bc) = header.col(Role::Births) else {
            return;
        };
        let year_col = header.col(Role::Year);
        let area_col = header.col(Role::Area);
        let sheet_year = if year_col.is_none() {
            parse_year_label(&self.sheet.name)
                .or_else(|| parse_year_label(self.file))
                .map(|(y, _)| y)
        } else {
            None
        };
        if year_col.is_none() && sheet_year.is_none() {
            self.problem(ProblemKind::NoYear, self.loc.clone());
            return;
        }
        let mut current_area: Option<String> = None;
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            if row.get(bc).is_empty() {
                continue;
            }
            let area = match area_col.map(|c| row.get(c).as_key()) {
                Some(Some(a)) => {
                    if is_total_or_note(&a) {
                        continue;
                    }
                    current_area = Some(a.clone());
                    Some(a)
                }
                Some(None) => current_area.clone(),
                None => None,
            };
            let year = match year_col {
                Some(c) => match row.get(c).calendar_year() {
                    Some(y) => y,
                    None => {
                        let text = row.get(c).display();
                        if !is_total_or_note(&text) {
                            self.problem(ProblemKind::BadYear { text }, self.at(row, c));
                        }
                        continue;
                    }
                },
                None => sheet_year.unwrap_or_default(),
            };
            let Some(births) = self.births_value(row, bc) else {
                continue;
            };
            self.out.rows += 1;
            self.out.births.push(RawBirths {
                area,
                year,
                births,
                location: self.at(row, bc),
            });
        }
        self.restore_rows(all_rows);
    }

    /// A row per area, a column per year.
    fn read_births_wide(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsWide);
        let year_cols = header.year_cols();
        let area_col = header.col(Role::Area).unwrap_or_else(|| {
            (0..header.roles.len())
                .find(|c| header.roles[*c].is_none())
                .unwrap_or(0)
        });
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            let area = row.get(area_col).as_key();
            if let Some(a) = &area
                && is_total_or_note(a)
            {
                continue;
            }
            let mut any = false;
            for &(c, year) in &year_cols {
                if let Some(b) = self.births_value(row, c) {
                    any = true;
                    self.out.births.push(RawBirths {
                        area: area.clone(),
                        year,
                        births: b,
                        location: self.at(row, c),
                    });
                }
            }
            if any {
                self.out.rows += 1;
            }
        }
        self.restore_rows(all_rows);
    }

    /// A row per year, a column per area (titled as births).
    fn read_births_by_area_columns(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsWide);
        let Some(yc) = header.col(Role::Year) else {
            return;
        };
        let first = self.rows[header.first_row];
        let areas: Vec<(usize, String)> = (0..first.cells.len())
            .filter(|&c| c != yc && header.roles.get(c).copied().flatten().is_none())
            .filter_map(|c| first.get(c).as_key().map(|a| (c, a)))
            .filter(|(_, a)| !is_total_or_note(a))
            .collect();
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            let Some(year) = row.get(yc).calendar_year() else {
                continue;
            };
            self.out.rows += 1;
            for (c, area) in &areas {
                if let Some(b) = self.births_value(row, *c) {
                    self.out.births.push(RawBirths {
                        area: Some(area.clone()),
                        year,
                        births: b,
                        location: self.at(row, *c),
                    });
                }
            }
        }
        self.restore_rows(all_rows);
    }
}

/// The column that names a school's parent: its id, else its name, else the area.
fn parent_col(header: &Header) -> Option<usize> {
    header
        .col(Role::ParentId)
        .or_else(|| header.col(Role::ParentName))
}

/// What a sheet's total column covers, worked out from its arithmetic over
/// all its rows ([`super::reconcile::choose_cover`]).
#[derive(Debug, Clone, Default)]
struct Cover {
    total: usize,
    /// Grades 1 and up: always covered.
    base: Vec<usize>,
    optional: Vec<usize>,
    chosen: Vec<bool>,
}

impl Cover {
    fn row(&self, row: &Row<'_>) -> Option<CoverRow> {
        let stated = match row.get(self.total).number() {
            Num::Value(v) => v,
            _ => return None,
        };
        let value = |c: &usize| match row.get(*c).number() {
            Num::Value(v) => v,
            _ => 0.0,
        };
        Some(CoverRow {
            stated,
            base: self.base.iter().map(value).sum(),
            optional: self.optional.iter().map(value).collect(),
        })
    }

    fn covers(&self, col: usize) -> bool {
        self.optional
            .iter()
            .zip(&self.chosen)
            .any(|(c, chosen)| *c == col && *chosen)
    }
}

/// The sheet's total column and what it covers, and the header with the
/// columns the total shows to be pupils of their own given back to their
/// grade: a column guessed to be part of a grade already counted (`PK
/// SPED`) that the total counts beside that grade, or a pre-school column
/// whose header names no grade exactly (`State PK`, `Head Start`). A guess
/// never removes a column from the data.
fn settle_cover(header: &Header, data: &[Row<'_>], total: usize) -> (Header, Cover) {
    let key_cols = [
        header.col(Role::SchoolId),
        header.col(Role::SchoolName),
        parent_col(header),
    ];
    let mut cover = Cover {
        total,
        ..Cover::default()
    };
    let mut kinds = Vec::new();
    for (c, role) in header.roles.iter().enumerate() {
        if c == total || key_cols.contains(&Some(c)) {
            continue;
        }
        let kind = match role {
            Some(Role::GradePupils(GradeLabel::Fixed(crate::grades::Grade(n)))) if *n >= 1 => {
                cover.base.push(c);
                continue;
            }
            Some(Role::GradePupils(GradeLabel::Junior(_))) => {
                cover.base.push(c);
                continue;
            }
            Some(Role::GradePupils(_)) => CoverKind::Grade,
            Some(Role::Subset) => CoverKind::Subset,
            Some(Role::Ungraded) => CoverKind::Other,
            None if !is_identifier_header(header.label(c)) => CoverKind::Other,
            _ => continue,
        };
        cover.optional.push(c);
        kinds.push(kind);
    }
    let rows: Vec<CoverRow> = data.iter().filter_map(|r| cover.row(r)).collect();
    cover.chosen = choose_cover(&rows, &kinds);
    let mut settled = header.clone();
    let mut regraded: Vec<GradeLabel> = Vec::new();
    for ((&c, &chosen), kind) in cover.optional.iter().zip(&cover.chosen).zip(&kinds) {
        if !chosen {
            continue;
        }
        let grade = match kind {
            CoverKind::Subset => super::columns::grade_named_in(header.label(c), false),
            CoverKind::Other if header.roles[c].is_none() => {
                super::columns::grade_named_in(header.label(c), true)
            }
            _ => None,
        };
        if let Some(g) = grade {
            settled.roles[c] = Some(Role::GradePupils(g));
            settled.subsets.retain(|&s| s != c);
            regraded.push(g);
        }
    }
    // Say which columns were added into each grade given back.
    for g in &regraded {
        if settled.summed.iter().any(|(s, _)| s == g) {
            continue;
        }
        let cols: Vec<usize> = settled
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Some(Role::GradePupils(*g)))
            .map(|(c, _)| c)
            .collect();
        if cols.len() > 1 {
            settled.summed.push((*g, cols));
        }
    }
    (settled, cover)
}

/// A column whose numbers nobody placed: how many, their sum, and whether
/// every one is a year (then it is a date column, not counts).
#[derive(Debug, Clone, Copy)]
struct Unplaced {
    col: usize,
    cells: usize,
    sum: f64,
    years_only: bool,
}

impl Default for Unplaced {
    fn default() -> Self {
        Unplaced {
            col: 0,
            cells: 0,
            sum: 0.0,
            years_only: true,
        }
    }
}

impl Unplaced {
    fn add(&mut self, v: f64) {
        self.cells += 1;
        self.sum += v;
        self.years_only &= v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
    }
}

/// A birth date cell: a date, `2015-03-02`, `2015/3/2`, `20150302`, `2015.03`.
fn birth_date(v: &Value) -> Option<(i32, u32, u32)> {
    match v {
        Value::Date { year, month, day } => Some((*year, *month, *day)),
        Value::Number(n) if (19_000_101.0..=21_001_231.0).contains(n) => {
            ymd(&format!("{}", *n as i64))
        }
        Value::Text(t) => {
            let t = super::value::to_ascii_digits(t);
            let parts: Vec<&str> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [one] if one.len() == 8 => ymd(one),
                [y, m] | [y, m, _] if y.len() == 4 => {
                    let d = parts.get(2).and_then(|d| d.parse().ok()).unwrap_or(1);
                    Some((y.parse().ok()?, m.parse().ok()?, d))
                }
                _ => None,
            }
            .filter(|(y, m, d)| {
                (1900..=2100).contains(y) && (1..=12).contains(m) && (1..=31).contains(d)
            })
        }
        _ => None,
    }
}

/// 男 / 女, M / F, male / female.
fn staff_sex(t: &str) -> Option<crate::model::Sex> {
    use crate::model::Sex;
    let t = t.trim().to_lowercase();
    match t.as_str() {
        "男" | "男性" | "m" | "male" | "man" | "1" => Some(Sex::Male),
        "女" | "女性" | "f" | "female" | "woman" | "2" => Some(Sex::Female),
        _ => None,
    }
}

/// 专任 / 行政 / 教辅 / 工勤, and the English words.
fn staff_post(t: &str) -> Option<crate::model::Post> {
    use crate::model::Post;
    let t = t.trim().to_lowercase();
    let has = |k: &[&str]| k.iter().any(|k| t.contains(k));
    if has(&["工勤", "后勤", "worker", "custodian", "cleaner"]) {
        Some(Post::Worker)
    } else if has(&["教辅", "support", "librar", "technician"]) {
        Some(Post::Support)
    } else if has(&["行政", "管理", "admin", "management"]) {
        Some(Post::Admin)
    } else if has(&["专任", "教师", "任课", "teach"]) {
        Some(Post::Teaching)
    } else {
        None
    }
}

/// 在编 / 非在编 / 临聘, 是 / 否 (是否在编), and the English words.
fn staff_establishment(t: &str) -> Option<crate::model::Establishment> {
    use crate::model::Establishment;
    let t = t.trim().to_lowercase();
    let has = |k: &[&str]| k.iter().any(|k| t.contains(k));
    // The negatives first: 非在编 holds 在编.
    if has(&["临聘", "代课", "temporary", "supply", "substitute"]) {
        Some(Establishment::Temporary)
    } else if has(&["非在编", "编外", "合同", "聘用", "否", "contract", "non"])
        || t == "no"
        || t == "n"
    {
        Some(Establishment::Contract)
    } else if has(&[
        "在编",
        "编内",
        "是",
        "establishment",
        "permanent",
        "tenured",
    ]) || t == "yes"
        || t == "y"
    {
        Some(Establishment::OnEstablishment)
    } else {
        None
    }
}

/// 骨干 of county level or above: 县级, 市级, 省级, 国家级 (also 区级), or a
/// plain yes. 校级 and 无 are not.
fn staff_backbone(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    if t.contains("校级") || matches!(t.as_str(), "否" | "无" | "no" | "n" | "0" | "school") {
        return false;
    }
    [
        "县", "区", "市", "省", "国", "是", "yes", "county", "district", "city", "provinc",
        "national",
    ]
    .iter()
    .any(|k| t.contains(k))
        || t == "y"
        || t == "1"
}

fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    if s.len() != 8 {
        return None;
    }
    let (y, m, d) = (
        s[..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..].parse().ok()?,
    );
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

/// The birth date inside an 18-digit resident identity number (digits 7–14).
fn birth_from_id_number(v: &Value) -> Option<(i32, u32, u32)> {
    let t = v.display();
    let t = t.trim();
    if t.len() != 18 || !t[..17].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ymd(&t[6..14])
}
