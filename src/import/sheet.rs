//! Reading one sheet, once its header is known: what kind of sheet it is
//! (roster, enrolment, births) and its rows as raw records with their cells.

use super::fasthash::FastMap;
use super::header::{Header, Role, find_header};
use super::source::{Row, Sheet};
use super::value::{Num, Value, parse_fall_year};
use crate::diagnostics::{CellRef, Location, Measure, Problem, ProblemKind};
use crate::grades::GradeLabel;
use crate::model::SheetKind;
use std::collections::HashMap;

/// How a school is named on a row: by id, by name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SchoolKey {
    pub id: Option<String>,
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
    pub feeder: Option<(String, Location)>,
    pub opened: Option<i32>,
    pub closed: Option<i32>,
    pub location: Location,
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

#[derive(Debug, Clone, PartialEq)]
pub struct RawBirths {
    pub area: Option<String>,
    pub year: i32,
    pub births: f64,
    pub location: Location,
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

/// What one sheet yielded.
#[derive(Debug, Default)]
pub struct SheetOutput {
    pub kind: Option<SheetKind>,
    pub rows: usize,
    pub schools: Vec<RawSchool>,
    pub enrolment: Vec<RawEnrolment>,
    pub births: Vec<RawBirths>,
    pub problems: Vec<Problem>,
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
type KeyCells = (Option<Value>, Option<Value>);

/// Names in the school column that are not schools: totals and notes.
fn is_total_or_note(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    const STARTS: &[&str] = &[
        "合计",
        "总计",
        "小计",
        "全县",
        "全区",
        "全市",
        "全镇",
        "总数",
        "注",
        "说明",
        "备注",
        "填表",
        "制表",
        "审核",
        "负责人",
        "数据来源",
        "total",
        "grand total",
        "sum",
        "note",
        "source",
    ];
    STARTS.iter().any(|s| t.starts_with(s))
        || t.ends_with(" total")
        || t.ends_with("合计")
        || t.ends_with("总计")
        || t.ends_with('：')
        || t.ends_with(':')
        || [
            "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、",
        ]
        .iter()
        .any(|p| t.starts_with(p))
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

/// Context for reading one sheet.
pub struct SheetReader<'a> {
    pub file: &'a str,
    pub sheet: &'a Sheet,
    rows: Vec<Row<'a>>,
    pub out: SheetOutput,
    loc: Location,
    sheet_id: u32,
}

impl<'a> SheetReader<'a> {
    /// `sheet_id` numbers the sheet across the load (see [`CellAt`]).
    pub fn new(file: &'a str, sheet: &'a Sheet, sheet_id: u32) -> SheetReader<'a> {
        SheetReader {
            file,
            sheet,
            rows: sheet.rows(),
            out: SheetOutput::default(),
            loc: Location::sheet(file, sheet.name.clone()),
            sheet_id,
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

    /// Read a count; report what is wrong with it. Blank → None.
    fn count(&mut self, row: &Row<'_>, col: usize, what: Measure, warn_odd: bool) -> Option<f64> {
        match row.get(col).number() {
            Num::Blank => None,
            Num::NotANumber(text) => {
                self.problem(ProblemKind::NotANumber { text, what }, self.at(row, col));
                None
            }
            Num::Value(v) if v < 0.0 && warn_odd => {
                self.problem(ProblemKind::NegativeCount { value: v }, self.at(row, col));
                Some(0.0)
            }
            Num::Value(v) => {
                if warn_odd && v.fract() != 0.0 {
                    self.problem(ProblemKind::FractionalCount { value: v }, self.at(row, col));
                }
                Some(v)
            }
        }
    }

    /// The year this sheet is about when it has no year column: from its name,
    /// else from the title block above the header, else from the file name.
    fn sheet_year(&self, header: &Header) -> Option<i32> {
        parse_fall_year(&self.sheet.name)
            .or_else(|| {
                self.rows[..header.first_row]
                    .iter()
                    .flat_map(|r| r.cells.iter())
                    .find_map(|c| match c {
                        Value::Text(t) => parse_fall_year(t),
                        _ => None,
                    })
            })
            .or_else(|| parse_fall_year(self.file))
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
        let Some(header) = find_header(&self.rows, births_sheet) else {
            if !self.rows.is_empty() && !is_notes_sheet(&self.sheet.name) {
                self.problem(ProblemKind::SheetIgnored, self.loc.clone());
            }
            self.out.kind = Some(SheetKind::Ignored);
            return self.out;
        };
        let has_school = header.has(Role::SchoolName) || header.has(Role::SchoolId);
        let grade_cols = header.grade_pupil_cols();
        let long = header.has(Role::Grade) && header.has(Role::Pupils);
        let year_cols = header.year_cols();
        if has_school && (!grade_cols.is_empty() || long) {
            self.read_enrolment(&header, keys, long);
        } else if has_school {
            self.read_roster(&header);
        } else if !grade_cols.is_empty() || long {
            let first = header.first_row;
            let row = self.rows[first];
            self.problem(ProblemKind::NoSchoolColumn, self.at(&row, 0));
        } else if header.has(Role::Births) {
            self.read_births_long(&header);
        } else if year_cols.len() >= 3 {
            self.read_births_wide(&header);
        } else if header.has(Role::Year) && self.mentions_births(&header) {
            self.read_births_by_area_columns(&header);
        } else {
            self.problem(ProblemKind::SheetIgnored, self.loc.clone());
            self.out.kind = Some(SheetKind::Ignored);
        }
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
            name: header
                .col(Role::SchoolName)
                .and_then(|c| row.get(c).as_key()),
        }
    }

    fn read_enrolment(&mut self, header: &Header, keys: &mut KeyTable, long: bool) {
        let year_col = header.col(Role::Year);
        let sheet_year = if year_col.is_none() {
            match self.sheet_year(header) {
                Some(y) => Some(y),
                None => {
                    self.problem(ProblemKind::NoYear, self.loc.clone());
                    return;
                }
            }
        } else {
            None
        };
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
        let total_col = header.col(Role::Total);
        let section_col = header.col(Role::Section);
        let hint_area = header.col(Role::Area);
        let hint_level = header.col(Role::Level);

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
        let mut found: Vec<(GradeLabel, f64, Option<f64>, CellAt)> = Vec::new();
        // The school of the row above: its number and the id and name cells that named it.
        let mut current: Option<(u32, KeyCells)> = None;
        let mut current_year: Option<i32> = None;
        let id_col = header.col(Role::SchoolId);
        let name_col = header.col(Role::SchoolName);
        let mut any_sections = section_col.is_some();
        let mut rows = 0;

        for row in data {
            // Values on this row, before deciding whose they are.
            let has_values = if long {
                pupils_col.is_some_and(|c| !row.get(c).is_empty())
            } else {
                grade_cols.iter().any(|(c, _)| !row.get(*c).is_empty())
            };
            // The school: the cells of its id and name, or blank under a merged cell.
            let id_cell = id_col.map(|c| row.get(c)).filter(|v| !v.is_empty());
            let name_cell = name_col.map(|c| row.get(c)).filter(|v| !v.is_empty());
            let filled = id_cell.is_none() && name_cell.is_none();
            let school = if filled {
                if !has_values {
                    continue;
                }
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
                let same = current.as_ref().is_some_and(|(_, (id, name))| {
                    id.as_ref() == id_cell && name.as_ref() == name_cell
                });
                if same {
                    current.as_ref().map_or(0, |(school, _)| *school)
                } else {
                    let key = self.key_of(row, header);
                    if is_total_or_note(&key.label()) {
                        current = None;
                        continue;
                    }
                    let school = keys.intern(&key);
                    current = Some((school, (id_cell.cloned(), name_cell.cloned())));
                    school
                }
            };
            let year = match (year_col, sheet_year) {
                (Some(c), _) => match row.get(c) {
                    Value::Empty => match current_year {
                        Some(y) => y,
                        None => {
                            if has_values {
                                self.problem(
                                    ProblemKind::BadYear {
                                        text: String::new(),
                                    },
                                    self.at(row, c),
                                );
                            }
                            continue;
                        }
                    },
                    v => match v.fall_year() {
                        Some(y) => {
                            current_year = Some(y);
                            y
                        }
                        None => {
                            self.problem(
                                ProblemKind::BadYear { text: v.display() },
                                self.at(row, c),
                            );
                            continue;
                        }
                    },
                },
                (None, Some(y)) => y,
                (None, None) => continue,
            };
            if !has_values {
                continue;
            }
            rows += 1;
            if hint_area.is_some() || hint_level.is_some() {
                let hint = keys.hints.entry(school).or_default();
                if let Some(a) = hint_area.and_then(|c| row.get(c).as_key()) {
                    hint.area = Some(a);
                }
                if let Some(c) = hint_level
                    && let Some(l) = row.get(c).as_key()
                {
                    hint.level = Some((l, self.at(row, c)));
                }
            }
            let is_section = filled || section_col.is_some();
            // (grade, pupils, classes, cell) found on this row.
            found.clear();
            if long {
                let (Some(gc), Some(pc)) = (grade_col, pupils_col) else {
                    continue;
                };
                let grade = match row.get(gc) {
                    Value::Number(n) => numeric_grade(*n),
                    v => crate::grades::parse_grade_label(&v.display(), true),
                };
                let Some(grade) = grade else {
                    self.problem(
                        ProblemKind::BadGrade {
                            text: row.get(gc).display(),
                        },
                        self.at(row, gc),
                    );
                    continue;
                };
                let Some(p) = self.count(row, pc, Measure::Pupils, true) else {
                    continue;
                };
                let classes = classes_col.and_then(|c| self.count(row, c, Measure::Classes, false));
                found.push((grade, p, classes, self.cell_at(row, pc)));
            } else {
                let mut sum = 0.0;
                for &(c, grade) in &grade_cols {
                    let Some(p) = self.count(row, c, Measure::Pupils, true) else {
                        continue;
                    };
                    sum += p;
                    let classes = class_cols
                        .get(&grade)
                        .and_then(|&cc| self.count(row, cc, Measure::Classes, false));
                    found.push((grade, p, classes, self.cell_at(row, c)));
                }
                if let Some(tc) = total_col
                    && let Num::Value(stated) = row.get(tc).number()
                    && (stated - sum).abs() > 0.5
                    && !is_section
                {
                    self.problem(ProblemKind::TotalMismatch { stated, sum }, self.at(row, tc));
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
        self.out.rows = rows;
        self.out.kind = Some(if any_sections {
            SheetKind::EnrolmentSections
        } else if long {
            SheetKind::EnrolmentLong
        } else {
            SheetKind::EnrolmentWide
        });
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

    fn read_roster(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::Roster);
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
            for (role, slot) in [
                (Role::X, &mut school.x),
                (Role::Y, &mut school.y),
                (Role::Lon, &mut school.lon),
                (Role::Lat, &mut school.lat),
            ] {
                if let Some(c) = col(role) {
                    match row.get(c).number() {
                        Num::Value(v) => *slot = Some(v),
                        Num::Blank => {}
                        Num::NotANumber(text) => {
                            self.problem(ProblemKind::BadCoordinate { text }, self.at(row, c))
                        }
                    }
                }
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
            self.out.schools.push(school);
        }
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
            self.sheet_year(header)
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
