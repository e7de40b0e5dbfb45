//! A 学籍 export: one row per pupil, counted by school, fall and grade.

use super::*;

impl<'a> SheetReader<'a> {
    /// A row per pupil (学籍 exports): pupils counted by school, fall and
    /// grade; classes as the distinct class names; ages checked against grades.
    pub(super) fn read_students(&mut self, header: &Header, keys: &mut KeyTable) {
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
        let hint_city = super::city_col(header);
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
            let Some(year) = self.row_fall(row, &year_from, &mut current_year, false) else {
                continue;
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
                let city = hint_city.and_then(|c| row.get(c).as_key());
                keys.hints.entry(school).or_default().area = Some(super::area_in_city(a, city));
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
}
