//! The staff roster (教职工花名册) and teachers counted by school × subject,
//! and the words a roster's cells use for sex, post, establishment and 骨干,
//! and birth dates (from a date or an ID number).

use super::*;

/// A birth date cell: a date, `2015-03-02`, `2015/3/2`, `20150302`, `2015.03`.
pub(super) fn birth_date(v: &Value) -> Option<(i32, u32, u32)> {
    match v {
        Value::Date { year, month, day } => Some((*year, *month, *day)),
        Value::Number(n) if (19_000_101.0..=21_001_231.0).contains(n) => {
            ymd(&format!("{}", *n as i64))
        }
        Value::Text(t) => {
            let t = crate::import::value::to_ascii_digits(t);
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
pub(super) fn staff_sex(t: &str) -> Option<crate::model::Sex> {
    use crate::model::Sex;
    let t = t.trim().to_lowercase();
    match t.as_str() {
        "男" | "男性" | "m" | "male" | "man" | "1" => Some(Sex::Male),
        "女" | "女性" | "f" | "female" | "woman" | "2" => Some(Sex::Female),
        _ => None,
    }
}

/// 专任 / 行政 / 教辅 / 工勤, and the English words.
pub(super) fn staff_post(t: &str) -> Option<crate::model::Post> {
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
pub(super) fn staff_establishment(t: &str) -> Option<crate::model::Establishment> {
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
pub(super) fn staff_backbone(t: &str) -> bool {
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

pub(super) fn ymd(s: &str) -> Option<(i32, u32, u32)> {
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
pub(super) fn birth_from_id_number(v: &Value) -> Option<(i32, u32, u32)> {
    let t = v.display();
    let t = t.trim();
    if t.len() != 18 || !t[..17].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ymd(&t[6..14])
}

impl<'a> SheetReader<'a> {
    /// A staff roster (教职工花名册): a row per member of staff. Names and
    /// numbers stay in memory on this machine; exports carry counts.
    pub(super) fn read_teachers(&mut self, header: &Header) {
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

    /// A staff table by school and subject (学校 × 学科 教师人数): each
    /// count stands for that many teachers of the subject, on the
    /// establishment and of unknown age (so none retires).
    pub(super) fn read_teacher_counts(
        &mut self,
        header: &Header,
        subjects: &[(usize, &'static str)],
    ) {
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
}
