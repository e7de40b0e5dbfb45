//! Enrolment by school, fall and grade, long (a row per grade) or wide (a
//! column per grade): each row's year, school and counts, the classes, the
//! totals checked against their parts, and the numbers nobody placed.

use super::*;
mod school_row;

/// The column that names a school's parent: its id, else its name, else the area.
pub(super) fn parent_col(header: &Header) -> Option<usize> {
    header
        .col(Role::ParentId)
        .or_else(|| header.col(Role::ParentName))
}

/// A column whose numbers nobody placed: how many, their sum, and whether
/// every one is a year (then it is a date column, not counts).
#[derive(Debug, Clone, Copy)]
pub(super) struct Unplaced {
    pub(super) col: usize,
    pub(super) cells: usize,
    pub(super) sum: f64,
    pub(super) years_only: bool,
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
    pub(super) fn add(&mut self, v: f64) {
        self.cells += 1;
        self.sum += v;
        self.years_only &= v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
    }
}

/// The columns an enrolment sheet's reading uses, settled once from its
/// header.
struct Columns {
    long: bool,
    grade_cols: Vec<(usize, GradeLabel)>,
    class_cols: HashMap<GradeLabel, usize>,
    grade_col: Option<usize>,
    pupils_col: Option<usize>,
    classes_col: Option<usize>,
    section_col: Option<usize>,
    id_col: Option<usize>,
    name_col: Option<usize>,
    parent: Option<usize>,
    /// The school's area: its own column, else the district (区县) it
    /// belongs to, where a city's table keys schools by district.
    hint_area: Option<usize>,
    /// The city above that area (縣市名稱), where the sheet gives one.
    hint_city: Option<usize>,
    hint_level: Option<usize>,
    hint_span: Option<usize>,
    hint_ownership: Option<usize>,
    hint_remoteness: Option<usize>,
    hint_rooms: Option<usize>,
    hint_seats: Option<usize>,
    lonlat: bool,
    coords_datum: (crate::places::datum::Datum, bool),
    ungraded: Vec<usize>,
}

/// One (school, fall, grade)'s pupils as the rows add them up.
struct Acc {
    pupils: f64,
    classes: f64,
    classes_known: bool,
    cells: u32,
    at: CellAt,
}

/// A grade's count on a school's row: (grade, pupils, classes, cell).
type Found = (GradeLabel, f64, Option<f64>, CellAt);

/// What the reading gathers going down the rows.
#[derive(Default)]
struct Pass {
    /// Pupils per (school, fall, grade) in the order first seen.
    acc: Vec<((u32, i32, GradeLabel), Acc)>,
    index: FastMap<(u32, i32, GradeLabel), usize>,
    /// The school of the row above: its number and the cells that named it.
    current: Option<(u32, KeyCells)>,
    current_year: Option<i32>,
    any_sections: bool,
    rows: usize,
    totals: Totals,
    total_column_rows: usize,
    /// Rows whose total column disagrees: (cell, stated, the sum it covers).
    slips: Vec<(Location, f64, f64)>,
    ungraded_sum: f64,
    /// A school's own total rows in a long sheet (grade 合计): checked at the end.
    school_totals: Vec<(u32, i32, f64, CellAt)>,
    /// Parents each school id was named under, by fall (composite keys).
    parents: FastMap<(u32, i32), u32>,
    id_numbers: HashMap<String, u32>,
    parent_numbers: HashMap<String, u32>,
    in_china: bool,
    unplaced: Vec<Unplaced>,
}

/// Values on one row as written, before deciding whose they are.
struct Peek {
    counts: Vec<(usize, GradeLabel, Peeked)>,
    /// A long sheet's grade 合计 row: the school's own total.
    long_total: bool,
}

impl<'a> SheetReader<'a> {
    /// Read an enrolment sheet, long or wide: settle its header and
    /// columns, read each row, then check the totals and say what was
    /// left over.
    pub(super) fn read_enrolment(&mut self, header: &Header, keys: &mut KeyTable, long: bool) {
        let Some(year_from) = self.year_from(header) else {
            return;
        };
        let (header, cover) = self.enrolment_header(header, long, &year_from);
        let header = &header;
        self.note_header(header);
        let cols = self.enrolment_columns(header, long);
        let mut pass = Pass {
            any_sections: cols.section_col.is_some(),
            unplaced: self.unplaced_columns(header),
            ..Pass::default()
        };
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        // One record per row (long) or per grade column (wide), at most.
        let expected = data.len()
            * if long {
                1
            } else {
                cols.grade_cols.len().max(1)
            };
        pass.acc.reserve(expected);
        pass.index.reserve(expected);
        for row in data {
            self.enrolment_row(
                row,
                header,
                &cols,
                cover.as_ref(),
                &year_from,
                keys,
                &mut pass,
            );
        }
        self.restore_rows(all_rows);
        self.school_totals_checked(&mut pass);
        self.enrolment_said(header, &cols, cover.as_ref(), &year_from, &mut pass);
        self.enrolment_records(pass);
    }

    /// The header as read: a total that names another year is left out
    /// (and said), and a wide sheet's total column's cover settled.
    fn enrolment_header(
        &mut self,
        header: &Header,
        long: bool,
        year_from: &YearFrom,
    ) -> (Header, Option<Cover>) {
        // A wide sheet's pupils column with no grade is the school's total.
        let mut total_col = header
            .col(Role::Total)
            .or_else(|| (!long).then(|| header.col(Role::Pupils)).flatten());
        let mut header = header.clone();
        // A total that names another year (a reference year's pupils beside
        // this year's) is not this year's total: left out, and said.
        if let Some(tc) = total_col
            && let Some((named, _)) = parse_year_label(header.label(tc))
            && match year_from {
                YearFrom::Sheet(fall) => named != *fall && named != fall + 1,
                YearFrom::Column { .. } => true,
            }
        {
            self.note(Note::OtherYearTotal {
                header: header.label(tc).to_string(),
            });
            header.roles[tc] = Some(Role::Ignore);
            total_col = None;
        }
        match total_col.filter(|_| !long) {
            Some(tc) => {
                let (h, c) = settle_cover(&header, &self.rows[header.last_row + 1..], tc);
                (h, Some(c))
            }
            None => (header, None),
        }
    }

    fn enrolment_columns(&self, header: &Header, long: bool) -> Columns {
        Columns {
            long,
            grade_cols: header.grade_pupil_cols(),
            class_cols: header
                .roles
                .iter()
                .enumerate()
                .filter_map(|(c, r)| match r {
                    Some(Role::GradeClasses(g)) => Some((*g, c)),
                    _ => None,
                })
                .collect(),
            grade_col: header.col(Role::Grade),
            pupils_col: header.col(Role::Pupils),
            classes_col: header.col(Role::Classes),
            section_col: header.col(Role::Section),
            id_col: header.col(Role::SchoolId),
            name_col: header.col(Role::SchoolName),
            parent: parent_col(header),
            hint_area: header
                .col(Role::Area)
                .or_else(|| header.col(Role::ParentName)),
            hint_city: super::city_col(header),
            hint_level: header.col(Role::Level),
            hint_span: header.col(Role::GradeSpan),
            hint_ownership: header.col(Role::Ownership),
            hint_remoteness: header.col(Role::Remoteness),
            hint_rooms: header.col(Role::Classrooms),
            hint_seats: header.col(Role::Capacity),
            lonlat: header.has(Role::Lon) && header.has(Role::Lat),
            coords_datum: self.coords_datum(header),
            ungraded: (0..header.roles.len())
                .filter(|&c| header.roles[c] == Some(Role::Ungraded))
                .collect(),
        }
    }

    /// Columns that may hold numbers nobody placed.
    fn unplaced_columns(&self, header: &Header) -> Vec<Unplaced> {
        let key_cols = [
            header.col(Role::SchoolId),
            header.col(Role::SchoolName),
            parent_col(header),
        ];
        let width = header.roles.len().max(
            self.rows
                .get(header.last_row + 1)
                .map_or(0, |r| r.cells.len()),
        );
        (0..width)
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
            .collect()
    }

    /// One row: its year, its values, whether it is a total, its school,
    /// and what it adds.
    #[allow(clippy::too_many_arguments)]
    fn enrolment_row(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        cols: &Columns,
        cover: Option<&Cover>,
        year_from: &YearFrom,
        keys: &mut KeyTable,
        pass: &mut Pass,
    ) {
        // The year first: a total row is compared within its fall.
        let Some(year) = self.row_fall(row, year_from, &mut pass.current_year, true) else {
            return;
        };
        let Some(peek) = self.peek_row(row, header, cols, pass) else {
            return;
        };
        let Some(year) = year else {
            // A total or note in the year column.
            return;
        };
        // The figures as a total row would state them (parts added).
        let mut cells: Vec<TotalCell> = Vec::new();
        for (c, g, p) in &peek.counts {
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
        let Some(key) = self.row_key(row, cols, &cells, pass) else {
            return;
        };
        // A school's row: its counts' problems are reported now, and its
        // grades' parts added.
        let found = self.school_counts(row, cols, peek.counts);
        if found.is_empty() {
            // A school's row with no pupil in any grade: remembered, so a
            // school left out for it is named.
            if !key.filled && !key.same {
                let school = self.key_of(row, header);
                if !is_total_or_note(&school.label()) {
                    let c = cols.name_col.or(cols.id_col).unwrap_or(0);
                    self.out.empty.push((school, self.at(row, c)));
                }
            }
            return;
        }
        let Some(school) = self.row_school(row, header, cols, &key, year, keys, pass) else {
            return;
        };
        if peek.long_total {
            if let Some((_, p, _, at)) = found.first() {
                pass.school_totals.push((school, year, *p, *at));
            }
            return;
        }
        pass.rows += 1;
        self.school_hints(row, header, cols, school, year, keys, pass);
        // What the school's figures add to in the sheet's sums.
        for (g, p, _, _) in &found {
            pass.totals.add(year, label_slot(*g), *p, school, row.index);
        }
        let is_section = key.filled || cols.section_col.is_some();
        self.row_extras(row, cols, cover, is_section, pass);
        self.accumulate(&found, school, year, is_section, pass);
    }

    /// The counts on a row as written (a count's problems are a school
    /// row's only); None for a row with none (a heading, or skipped).
    fn peek_row(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        cols: &Columns,
        pass: &mut Pass,
    ) -> Option<Peek> {
        let mut counts = Vec::new();
        if !cols.long {
            if !cols.grade_cols.iter().any(|(c, _)| !row.get(*c).is_empty()) {
                self.heading_or_skip(row, header, &mut pass.totals);
                return None;
            }
            for &(c, grade) in &cols.grade_cols {
                let p = peek_count(row, c, Measure::Pupils, true);
                if !p.is_blank() {
                    counts.push((c, grade, p));
                }
            }
            return Some(Peek {
                counts,
                long_total: false,
            });
        }
        let (gc, pc) = (cols.grade_col?, cols.pupils_col?);
        if row.get(pc).is_empty() {
            self.heading_or_skip(row, header, &mut pass.totals);
            return None;
        }
        let grade = match row.get(gc) {
            Value::Number(n) => numeric_grade(*n),
            v => parse_grade_label(&v.display(), true),
        };
        let (grade, long_total) = match grade {
            Some(g) => (g, false),
            None if is_total_grade(&row.get(gc).display()) => (GradeLabel::K, true),
            None => {
                self.problem(
                    ProblemKind::BadGrade {
                        text: row.get(gc).display(),
                    },
                    self.at(row, gc),
                );
                return None;
            }
        };
        counts.push((pc, grade, peek_count(row, pc, Measure::Pupils, true)));
        Some(Peek { counts, long_total })
    }

    /// Whose row this is: its school's key cells (blank under a merged
    /// cell: the school of the row above). A row without a key is a total
    /// where a label in its text cells says so, or where its figures equal
    /// rows above it: checked, and None returned.
    fn row_key<'r>(
        &mut self,
        row: &'r Row<'_>,
        cols: &Columns,
        cells: &[TotalCell],
        pass: &mut Pass,
    ) -> Option<RowKey<'r>> {
        let cell = |c: Option<usize>| c.map(|c| row.get(c)).filter(|v| !v.is_empty());
        let (id_cell, name_cell) = (cell(cols.id_col), cell(cols.name_col));
        let parent_cell = cell(cols.parent);
        // The same school as the row above (most rows of a long sheet):
        // its cells were a school's key when it was first met.
        let same = (id_cell.is_some() || name_cell.is_some())
            && pass.current.as_ref().is_some_and(|(_, (id, name, p))| {
                id.as_ref() == id_cell && name.as_ref() == name_cell && p.as_ref() == parent_cell
            });
        let (id_cell, name_cell) = (key_cell(id_cell, same), key_cell(name_cell, same));
        let filled = id_cell.is_none() && name_cell.is_none();
        let no_id = cols.id_col.is_some() && id_cell.is_none() && name_cell.is_some();
        if !same && (filled || no_id) {
            let label = row.cells.iter().find_map(|v| match v {
                Value::Text(t) if is_total_label(t) => Some(t.trim().to_string()),
                _ => None,
            });
            if let Some(label) = label {
                self.total_row(row, &label, cells, &mut pass.totals, true);
                pass.current = None;
                return None;
            }
            if !cols.long && pass.totals.is_unlabelled_total(cells) {
                let label = row
                    .cells
                    .iter()
                    .find_map(|v| match v {
                        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
                        _ => None,
                    })
                    .unwrap_or_default();
                self.total_row(row, &label, cells, &mut pass.totals, false);
                pass.current = None;
                return None;
            }
        }
        Some(RowKey {
            id_cell,
            name_cell,
            parent_cell,
            same,
            filled,
            no_id,
        })
    }

    /// A school row's counts by grade, their problems reported, the parts
    /// of one grade (K_Full + K_Part) added, each with its classes.
    fn school_counts(
        &mut self,
        row: &Row<'_>,
        cols: &Columns,
        counts: Vec<(usize, GradeLabel, Peeked)>,
    ) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        for (c, grade, p) in counts {
            if let Some(problem) = p.problem.clone() {
                self.problem(problem, self.at(row, c));
            }
            let Some(v) = p.kept() else { continue };
            match found.iter_mut().find(|f| f.0 == grade) {
                Some(f) => f.1 += v,
                None => {
                    let classes = if cols.long {
                        cols.classes_col
                            .and_then(|cc| self.count(row, cc, Measure::Classes, false))
                    } else {
                        cols.class_cols
                            .get(&grade)
                            .and_then(|&cc| self.count(row, cc, Measure::Classes, false))
                    };
                    found.push((grade, v, classes, self.cell_at(row, c)));
                }
            }
        }
        found
    }

    /// The row's school: the one above for a section row or the same
    /// school, else its key interned (a note or heading in the key's cell
    /// is no school: None).
    #[allow(clippy::too_many_arguments)]
    fn row_school(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        cols: &Columns,
        key: &RowKey<'_>,
        year: i32,
        keys: &mut KeyTable,
        pass: &mut Pass,
    ) -> Option<u32> {
        if key.filled {
            let Some((school, _)) = &pass.current else {
                let col = cols.name_col.or(cols.id_col);
                self.problem(
                    ProblemKind::SectionWithoutSchool,
                    self.at(row, col.unwrap_or(0)),
                );
                return None;
            };
            return Some(*school);
        }
        if key.same {
            return Some(pass.current.as_ref().map_or(0, |(school, _)| *school));
        }
        let school_key = self.key_of(row, header);
        // A note or heading in the key's cell; a school's own name is
        // never taken for a total.
        let note = match &school_key.id {
            Some(id) => is_note_label(id) || is_heading_label(id),
            None => is_total_or_note(&school_key.label()),
        };
        if note {
            pass.current = None;
            return None;
        }
        if key.no_id {
            self.problem(
                ProblemKind::NoSchoolId {
                    school: school_key.label(),
                },
                self.at(row, cols.id_col.unwrap_or(0)),
            );
        }
        let school = keys.intern(&school_key);
        if let (Some(id), Some(p)) = (&school_key.id, &school_key.parent) {
            self.parent_checked(header, cols, id, p, year, pass);
        }
        pass.current = Some((
            school,
            (
                key.id_cell.cloned(),
                key.name_cell.cloned(),
                key.parent_cell.cloned(),
            ),
        ));
        Some(school)
    }

    /// A school's own total rows (long layout): against its grades.
    fn school_totals_checked(&mut self, pass: &mut Pass) {
        if pass.school_totals.is_empty() {
            return;
        }
        let mut sums: FastMap<(u32, i32), f64> = FastMap::default();
        for ((s, y, _), a) in &pass.acc {
            *sums.entry((*s, *y)).or_insert(0.0) += a.pupils;
        }
        for (s, y, stated, at) in std::mem::take(&mut pass.school_totals) {
            let sum = sums.get(&(s, y)).copied().unwrap_or(0.0);
            if (stated - sum).abs() > 0.5 {
                self.problem(
                    ProblemKind::TotalMismatch { stated, sum },
                    self.loc.at(at.cell),
                );
            } else {
                pass.totals.matched += 1;
            }
        }
    }

    /// What the sheet was, and what is said about it: its years, the datum
    /// of its places, its total rows and column, ungraded pupils, and the
    /// columns of numbers nobody placed.
    fn enrolment_said(
        &mut self,
        header: &Header,
        cols: &Columns,
        cover: Option<&Cover>,
        year_from: &YearFrom,
        pass: &mut Pass,
    ) {
        self.out.rows = pass.rows;
        self.out.kind = Some(if pass.any_sections {
            SheetKind::EnrolmentSections
        } else if cols.long {
            SheetKind::EnrolmentLong
        } else {
            SheetKind::EnrolmentWide
        });
        self.note_column_years(header, year_from);
        if pass.in_china {
            self.note(Note::Datum {
                datum: cols.coords_datum.0,
                named: cols.coords_datum.1,
            });
        }
        self.total_rows_checked(pass.totals.matched);
        if pass.totals.matched > 0 {
            self.note(Note::TotalRows {
                rows: pass.totals.matched,
                unlabelled: pass.totals.unlabelled,
            });
        }
        if let Some(cover) = cover {
            let slips = std::mem::take(&mut pass.slips);
            self.total_column_checked(header, cover, pass.total_column_rows, slips, &pass.unplaced);
        }
        if !cols.ungraded.is_empty() {
            self.note(Note::Ungraded {
                columns: cols
                    .ungraded
                    .iter()
                    .map(|&c| header.label(c).to_string())
                    .collect(),
                pupils: pass.ungraded_sum,
            });
        }
        let header_row = self.rows.get(header.first_row).map_or(0, |r| r.index);
        for u in std::mem::take(&mut pass.unplaced) {
            // A column the file's total counts is said once, in its note.
            let covered = cover.is_some_and(|cv| cv.covers(u.col));
            if u.cells > 0 && !u.years_only && !covered {
                let label = header.label(u.col);
                let header_text = if label.is_empty() {
                    crate::diagnostics::column_letters(u.col as u32)
                } else {
                    label.to_string()
                };
                self.problem(
                    ProblemKind::UnplacedColumn {
                        header: header_text,
                        cells: u.cells,
                        sum: u.sum,
                    },
                    self.loc.at(CellRef::new(header_row, u.col as u32)),
                );
            }
        }
    }

    /// The sums as records: one per school, fall and grade, with its
    /// classes (a sectioned sheet's filled cells are its classes).
    fn enrolment_records(&mut self, pass: Pass) {
        let any_sections = pass.any_sections;
        self.out.enrolment.reserve(pass.acc.len());
        for (k, a) in pass.acc {
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
}

/// A row's school key cells, and what they say of the row.
struct RowKey<'r> {
    id_cell: Option<&'r Value>,
    name_cell: Option<&'r Value>,
    parent_cell: Option<&'r Value>,
    /// The same school as the row above.
    same: bool,
    /// No key at all: a section of the school above.
    filled: bool,
    /// A name where the sheet has an id column, but no id.
    no_id: bool,
}
