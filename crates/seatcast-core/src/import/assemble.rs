//! From raw records of many sheets to one dataset: match schools across
//! roster and enrolment, settle the grade system, catch duplicates across
//! files, and check the whole for what a planner would want to know.

use super::notes::{self, Note};
use super::sheet::{
    AgeCount, CellAt, KeyTable, RawBirths, RawEnrolment, RawSchool, RawTeacher, ReadOptions,
    SchoolKey, SheetReader,
};
mod areas;
mod checks;
mod roster;
use super::source::Book;
use super::{ImportOptions, LoadFailure, Loaded};
use crate::diagnostics::{Location, Problem, ProblemKind};
use crate::grades::{Grade, GradeLabel, GradeSpan, GradeSystem, Level, parse_grade_span};
use crate::import::Role;
use crate::model::{
    Births, Coords, Dataset, Enrolment, Locale, Ownership, Remoteness, School, SheetKind,
    SheetSummary, SourceSummary, Teacher,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Everything the sheets of a load gave, before the dataset is built.
struct Read {
    keys: KeyTable,
    roster: Vec<RawSchool>,
    enrolment: Vec<RawEnrolment>,
    births: Vec<RawBirths>,
    teachers: Vec<RawTeacher>,
    facilities: Vec<super::sheet::RawFacility>,
    sources: Vec<SourceSummary>,
    /// Every sheet of the load, numbered, to turn a CellAt into a Location.
    sheet_locs: Vec<Location>,
    notes: Vec<(Note, Location)>,
    previews: Vec<super::sheet::SheetPreview>,
    ages: Vec<AgeCount>,
    clash: Option<(String, String)>,
    mappings_used: BTreeSet<Vec<String>>,
    /// Rows of schools with no pupil in any grade.
    empty: Vec<(super::sheet::SchoolKey, Location)>,
}

/// Read every sheet of every book, as the planner's mappings say.
fn read_books(
    books: Vec<(Book, String)>,
    options: &ImportOptions,
    problems: &mut Vec<Problem>,
) -> Read {
    let mut r = Read {
        keys: KeyTable::default(),
        roster: Vec::new(),
        enrolment: Vec::new(),
        births: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        sources: Vec::new(),
        sheet_locs: Vec::new(),
        notes: Vec::new(),
        previews: Vec::new(),
        ages: Vec::new(),
        clash: None,
        mappings_used: BTreeSet::new(),
        empty: Vec::new(),
    };
    let read = ReadOptions {
        mapping: &options.mapping,
        years: options.years,
        datum: options.datum,
    };
    for (book, path) in &books {
        let mut summary = SourceSummary {
            file: book.file.clone(),
            path: path.clone(),
            sheets: Vec::new(),
        };
        for sheet in &book.sheets {
            let sheet_id = r.sheet_locs.len() as u32;
            r.sheet_locs
                .push(Location::sheet(book.file.clone(), sheet.name.clone()));
            let out = SheetReader::new(&book.file, sheet, sheet_id, read).read(&mut r.keys);
            summary.sheets.push(SheetSummary {
                name: sheet.name.clone(),
                kind: out.kind.unwrap_or(SheetKind::Ignored),
                rows: out.rows,
            });
            problems.extend(out.problems);
            r.notes.extend(out.notes);
            r.previews.push(out.preview);
            r.ages.extend(out.ages);
            if r.clash.is_none() {
                r.clash = out.id_clash;
            }
            if let Some(m) = out.mapped_by {
                r.mappings_used.insert(m);
            }
            r.roster.extend(out.schools);
            r.enrolment.extend(out.enrolment);
            r.births.extend(out.births);
            r.teachers.extend(out.teachers);
            r.facilities.extend(out.facilities);
            r.empty.extend(out.empty);
        }
        r.sources.push(summary);
    }
    r
}

pub(super) fn assemble(
    books: Vec<(Book, String)>,
    mut problems: Vec<Problem>,
    options: &ImportOptions,
) -> Result<Loaded, LoadFailure> {
    let file_errors = !problems.is_empty();
    let Read {
        mut keys,
        mut roster,
        enrolment,
        births,
        mut teachers,
        mut facilities,
        sources,
        sheet_locs,
        mut notes,
        previews,
        ages,
        clash,
        mappings_used,
        mut empty,
    } = read_books(books, options, &mut problems);
    fold_total_slips(&mut problems, &notes);
    // A sheet beside the data that is no table: one note, never a warning,
    // once some sheet of the load gave enrolment.
    if !enrolment.is_empty() {
        problems.retain(|p| {
            if p.kind == ProblemKind::SheetIgnored {
                notes.push((Note::NotRead, p.location.clone()));
                false
            } else {
                true
            }
        });
    }
    for m in options
        .mapping
        .sheets
        .iter()
        .filter(|_| !options.mapping_remembered)
    {
        let key = super::header::header_key(&m.header);
        if !mappings_used.contains(&key) {
            problems.push(Problem::new(
                ProblemKind::MappingUnused {
                    header: m.header.join(" | "),
                },
                Location::default(),
            ));
        }
    }
    // School ids that repeat under different parents in one fall: a school
    // is its parent and its id (else its id alone, whatever parent a row names).
    if let Some((parent, id)) = &clash {
        notes.push((
            Note::CompositeKey {
                parent: parent.clone(),
                id: id.clone(),
            },
            Location::default(),
        ));
    }
    let composite = clash.is_some();
    canonical_keys(&mut keys, &mut roster, composite);
    for t in &mut teachers {
        canonical_key(&mut t.school, composite);
    }
    for f in &mut facilities {
        canonical_key(&mut f.school, composite);
    }
    for (k, _) in &mut empty {
        canonical_key(k, composite);
    }

    let has_enrolment_sheet = sources.iter().flat_map(|s| &s.sheets).any(|s| {
        matches!(
            s.kind,
            SheetKind::EnrolmentLong | SheetKind::EnrolmentWide | SheetKind::EnrolmentSections
        )
    });
    let sheet_errors = problems.iter().any(Problem::is_error);
    if enrolment.is_empty() && !file_errors && !sheet_errors && !has_enrolment_sheet {
        let first = sources.first().map(|s| s.file.clone()).unwrap_or_default();
        problems.push(Problem::new(
            ProblemKind::NoEnrolment,
            Location::file(first),
        ));
    }

    let (system, inferred) = match options.grade_system {
        Some(s) => (s, false),
        None => (infer_system(&roster, &enrolment), true),
    };

    let mut b = Builder {
        system,
        problems,
        schools: Vec::new(),
        explicit_span: Vec::new(),
        by_id: HashMap::new(),
        by_name: HashMap::new(),
        sheet_locs,
    };
    let feeders = b.add_roster(roster);
    let roster_given = !b.schools.is_empty();
    let records = b.add_enrolment(&keys, enrolment, roster_given);
    if let Some(note) = b.left_out_empty(&empty) {
        notes.push(note);
    }
    b.settle_spans(&records);
    b.resolve_feeders(feeders);
    let mut births = b.add_births(births);
    // Areas named before the checks, so that their warnings name them as
    // the planner will see them.
    areas::settle_area_names(&mut b.schools, &mut births);
    b.check(&records, &births, roster_given);
    b.check_ages(&ages);
    let teachers = b.add_teachers(teachers);
    let facilities = b.add_facilities(facilities);

    let Builder {
        problems, schools, ..
    } = b;
    let notes = notes::fold(notes);
    if problems.iter().any(Problem::is_error) {
        let mut problems = problems;
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity()));
        return Err(LoadFailure {
            problems,
            notes,
            sheets: previews,
        });
    }
    Ok(Loaded {
        dataset: Dataset {
            grade_system: system,
            schools,
            enrolment: records,
            births,
            sources,
            teachers,
            facilities,
            boundaries: Vec::new(),
            roads: None,
        },
        warnings: problems,
        grade_system_inferred: inferred,
        notes,
        sheets: previews,
    })
}

/// A file's total-column slips said once for the whole file, not once per
/// sheet: rows of all the rows its total column was compared on, the pupils
/// involved, the first cells.
fn fold_total_slips(problems: &mut Vec<Problem>, notes: &[(Note, Location)]) {
    let mut out: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems.drain(..) {
        let ProblemKind::TotalSlips {
            header,
            rows,
            pupils,
            first,
            ..
        } = &p.kind
        else {
            out.push(p);
            continue;
        };
        let same = out.iter_mut().find(|q| {
            q.location.file == p.location.file
                && matches!(&q.kind, ProblemKind::TotalSlips { header: h, .. } if h == header)
        });
        match same {
            Some(q) => {
                // `of` is set below from every sheet compared, slips or not.
                if let ProblemKind::TotalSlips {
                    rows: r,
                    pupils: n,
                    first: f,
                    ..
                } = &mut q.kind
                {
                    *r += rows;
                    *n += pupils;
                    f.extend(first.iter().cloned());
                    f.truncate(3);
                }
            }
            None => out.push(p),
        }
    }
    for p in &mut out {
        let file = p.location.file.clone();
        if let ProblemKind::TotalSlips { header, of, .. } = &mut p.kind {
            let compared: usize = notes
                .iter()
                .filter(|(_, at)| at.file == file)
                .filter_map(|(n, _)| match n {
                    Note::TotalColumn { header: h, of, .. } if h == header => Some(*of),
                    _ => None,
                })
                .sum();
            *of = (*of).max(compared);
        }
    }
    *problems = out;
}

/// Keys as the load compares them: with their parent where ids repeat
/// under different parents (the id becomes `parent/id`), else without it.
fn canonical_keys(keys: &mut KeyTable, roster: &mut [RawSchool], composite: bool) {
    for k in &mut keys.keys {
        canonical_key(k, composite);
    }
    for r in roster {
        canonical_key(&mut r.key, composite);
    }
}

fn canonical_key(k: &mut SchoolKey, composite: bool) {
    let parent = k.parent.take();
    if composite && let (Some(id), Some(p)) = (&k.id, parent) {
        k.id = Some(format!("{p}/{id}"));
    }
}

/// K labels mean K-12; 初四 or 五四 mean 5-4-3; otherwise 6-3-3.
fn infer_system(roster: &[RawSchool], enrolment: &[RawEnrolment]) -> GradeSystem {
    let mut labels: BTreeSet<String> = BTreeSet::new();
    let mut k = false;
    let mut junior4 = false;
    for e in enrolment {
        match e.grade {
            GradeLabel::K => k = true,
            GradeLabel::Junior(4) => junior4 = true,
            _ => {}
        }
    }
    for s in roster {
        if let Some((span, _)) = &s.span
            && let Some((a, b)) = parse_grade_span(span)
        {
            k |= a == GradeLabel::K || b == GradeLabel::K;
        }
        if let Some((level, _)) = &s.level {
            labels.insert(level.clone());
        }
    }
    let five_four = labels.iter().any(|l| l.contains("五四"));
    if k {
        GradeSystem::K12
    } else if junior4 || five_four {
        GradeSystem::FiveFourThree
    } else {
        GradeSystem::SixThreeThree
    }
}

struct Builder {
    system: GradeSystem,
    problems: Vec<Problem>,
    schools: Vec<School>,
    /// Whether each school's span was given (by span or level) rather than observed.
    explicit_span: Vec<Option<SpanSource>>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    sheet_locs: Vec<Location>,
}

#[derive(Clone, Copy, PartialEq)]
enum SpanSource {
    Given,
    /// Given by level alone; a teaching point (教学点) keeps the grades it teaches.
    Level {
        teaching_point: bool,
    },
}

impl Builder {
    fn warn(&mut self, kind: ProblemKind, location: Location) {
        self.problems.push(Problem::new(kind, location));
    }

    fn locate(&self, at: CellAt) -> Location {
        self.sheet_locs
            .get(at.sheet as usize)
            .map(|l| l.at(at.cell))
            .unwrap_or_default()
    }

    /// The school a key names: by its id where it has one; by its name
    /// only where the school found has no id of its own (a roster by name
    /// beside enrolment by id). The same name under two ids is two schools.
    fn find(&mut self, key: &SchoolKey) -> Option<usize> {
        if let Some(i) = key.id.as_ref().and_then(|id| self.by_id.get(id)) {
            return Some(*i);
        }
        let i = *key.name.as_ref().and_then(|n| self.by_name.get(n))?;
        match (&key.id, &self.schools[i].id) {
            (Some(_), Some(_)) => None,
            (Some(id), None) => {
                // The school is known by this id from now on.
                self.schools[i].id = Some(id.clone());
                self.by_id.insert(id.clone(), i);
                Some(i)
            }
            _ => Some(i),
        }
    }

    fn push_school(&mut self, school: School, span: Option<SpanSource>) -> usize {
        let i = self.schools.len();
        if let Some(id) = &school.id {
            self.by_id.entry(id.clone()).or_insert(i);
        }
        self.by_name.entry(school.name.clone()).or_insert(i);
        self.schools.push(school);
        self.explicit_span.push(span);
        i
    }

    /// Match enrolment to schools (adding the unlisted ones) and merge records
    /// across sheets, catching duplicates.
    fn add_enrolment(
        &mut self,
        keys: &KeyTable,
        enrolment: Vec<RawEnrolment>,
        roster_given: bool,
    ) -> Vec<Enrolment> {
        let mut first_loc: Vec<Option<CellAt>> = vec![None; keys.keys.len()];
        for e in &enrolment {
            if let Some(slot) = first_loc.get_mut(e.school as usize) {
                slot.get_or_insert(e.at);
            }
        }
        let mut school_of: Vec<usize> = Vec::with_capacity(keys.keys.len());
        for (k, key) in keys.keys.iter().enumerate() {
            let hint = keys.hints.get(&(k as u32));
            let i = match self.find(key) {
                Some(i) => {
                    if let Some(h) = hint {
                        self.table_facts(i, h, roster_given);
                    }
                    i
                }
                None => {
                    // The school as the enrolment table describes it: its
                    // level, span, area, place, classrooms and seats where
                    // the table has the columns.
                    let mut raw = hint.cloned().unwrap_or_default();
                    raw.key = key.clone();
                    let (mut school, source) = self.school_from_roster(&raw);
                    school.name = key.label();
                    school.in_roster = false;
                    if roster_given {
                        let loc = first_loc
                            .get(k)
                            .copied()
                            .flatten()
                            .map(|at| self.locate(at))
                            .unwrap_or_default();
                        self.warn(
                            ProblemKind::NotInRoster {
                                school: key.label(),
                            },
                            loc,
                        );
                    }
                    self.push_school(school, source)
                }
            };
            school_of.push(i);
        }
        let system = self.system;
        let mut all: Vec<(Enrolment, CellAt)> = enrolment
            .into_iter()
            .map(|e| {
                let rec = Enrolment {
                    school: school_of[e.school as usize],
                    year: e.year,
                    grade: e.grade.resolve(system),
                    pupils: e.pupils,
                    classes: e.classes,
                };
                (rec, e.at)
            })
            .collect();
        // A stable sort keeps the first of any duplicates first.
        all.sort_by_key(|(e, _)| (e.school, e.year, e.grade));
        let mut records: Vec<(Enrolment, CellAt)> = Vec::with_capacity(all.len());
        for (e, at) in all {
            match records.last() {
                Some((first, first_at))
                    if (first.school, first.year, first.grade) == (e.school, e.year, e.grade) =>
                {
                    let loc = self.locate(*first_at);
                    let first_text = format!("{} · {}", loc.file, loc.cell_text());
                    let kind = if (first.pupils - e.pupils).abs() < 1e-9 {
                        ProblemKind::DuplicateRow { first: first_text }
                    } else {
                        ProblemKind::DuplicateConflict {
                            first: first_text,
                            first_value: first.pupils,
                            value: e.pupils,
                        }
                    };
                    self.warn(kind, self.locate(at));
                }
                _ => records.push((e, at)),
            }
        }
        // Checks that need the cell: oversized classes, grades outside the span.
        let mut outside: BTreeMap<(usize, Grade), CellAt> = BTreeMap::new();
        for (e, at) in &records {
            if let Some(c) = e.classes
                && c > 0.0
                && e.pupils / c > 65.0
            {
                self.warn(
                    ProblemKind::OversizedClass {
                        pupils: e.pupils,
                        classes: c,
                    },
                    self.locate(*at),
                );
            }
            if self.explicit_span[e.school].is_some_and(|s| {
                s == SpanSource::Given
                    || s == SpanSource::Level {
                        teaching_point: false,
                    }
            }) && !self.schools[e.school].span.contains(e.grade)
                && e.pupils > 0.0
            {
                outside.entry((e.school, e.grade)).or_insert(*at);
            }
        }
        for ((s, g), at) in outside {
            let loc = self.locate(at);
            let school = &self.schools[s];
            let kind = ProblemKind::GradeOutsideSpan {
                school: school.name.clone(),
                grade: g,
                system,
                span: school.span.label(system),
            };
            self.warn(kind, loc);
        }
        records.into_iter().map(|(e, _)| e).collect()
    }

    /// Schools whose span was not given take the grades they teach.
    fn settle_spans(&mut self, records: &[Enrolment]) {
        let mut observed: HashMap<usize, (Grade, Grade)> = HashMap::new();
        for e in records.iter().filter(|e| e.pupils > 0.0) {
            let r = observed.entry(e.school).or_insert((e.grade, e.grade));
            r.0 = r.0.min(e.grade);
            r.1 = r.1.max(e.grade);
        }
        for (i, school) in self.schools.iter_mut().enumerate() {
            let take_observed = match self.explicit_span[i] {
                None => true,
                Some(SpanSource::Level { teaching_point }) => teaching_point,
                Some(SpanSource::Given) => false,
            };
            if let (true, Some(&(lo, hi))) = (take_observed, observed.get(&i)) {
                school.span = GradeSpan::new(lo, hi);
                if self.explicit_span[i].is_none() {
                    school.level = self.system.level_for_span(school.span);
                }
            }
        }
    }

    /// The staff roster's schools matched to the load's: a member of staff
    /// at a school it does not know is an error at the school's cell.
    fn add_teachers(&mut self, teachers: Vec<RawTeacher>) -> Vec<Teacher> {
        let mut out = Vec::with_capacity(teachers.len());
        for t in teachers {
            match self.find(&t.school) {
                Some(school) => out.push(Teacher {
                    school,
                    ..t.teacher
                }),
                None => self.problems.push(Problem::new(
                    ProblemKind::TeacherAtUnknownSchool {
                        school: t.school.label(),
                    },
                    t.at,
                )),
            }
        }
        out
    }

    fn add_facilities(
        &mut self,
        facilities: Vec<super::sheet::RawFacility>,
    ) -> Vec<crate::model::Facility> {
        let mut out = Vec::with_capacity(facilities.len());
        for f in facilities {
            match self.find(&f.school) {
                Some(school) => out.push(crate::model::Facility {
                    school,
                    ..f.facility
                }),
                None => self.problems.push(Problem::new(
                    ProblemKind::FacilityAtUnknownSchool {
                        school: f.school.label(),
                    },
                    f.at,
                )),
            }
        }
        out
    }

    fn add_births(&mut self, births: Vec<RawBirths>) -> Vec<Births> {
        let mut merged: BTreeMap<(Option<String>, i32), (f64, Location)> = BTreeMap::new();
        for b in births {
            let key = (b.area.clone(), b.year);
            match merged.get(&key) {
                None => {
                    merged.insert(key, (b.births, b.location));
                }
                Some((v, loc)) => {
                    let first = format!("{} · {}", loc.file, loc.cell_text());
                    let kind = if (v - b.births).abs() < 1e-9 {
                        ProblemKind::DuplicateRow { first }
                    } else {
                        ProblemKind::DuplicateConflict {
                            first,
                            first_value: *v,
                            value: b.births,
                        }
                    };
                    self.warn(kind, b.location);
                }
            }
        }
        merged
            .into_iter()
            .map(|((area, year), (births, _))| Births { area, year, births })
            .collect()
    }
}
