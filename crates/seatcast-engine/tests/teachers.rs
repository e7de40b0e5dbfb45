//! Teachers over the horizon on the tiny county (crates/seatcast-testkit/src/tiny.rs),
//! every figure worked out by hand (docs/teachers.md).
//!
//! Pupils (crates/seatcast-engine/tests/plan.rs; window 3, births flat, base 2022):
//! - 2022 (observed): P [60, 45], J [36], Q [24, 27];
//! - 2023: P [70, 57], J [40.5], Q [20, 22.8];
//! - 2024: P [80, 66.5], J [51.3], Q [20, 19].
//!
//! Classes at 45 a class: 2022 P 2 + 1, J 1, Q 1 + 1; 2023 P 2 + 2, J 1,
//! Q 1 + 1; 2024 P 2 + 2, J 2, Q 1 + 1.
//!
//! A province's table keeps the periods simple: Chinese 8 a week in grades
//! 1–2 and 6 in grade 3, mathematics 4 in grades 1–3, nothing else; both at
//! the primary load of 15.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::tiny::{county, merge};
use seatcast_core::model::{Establishment, Post, Sex, Teacher};
use seatcast_engine::plan::Action;
use seatcast_engine::scenario::{BirthsExtrapolation, Scenario, TeacherOptions};
use seatcast_engine::teachers::{Norms, Staffing, staffing, staffing_with};
use seatcast_engine::{Engine, Outcome};
use std::sync::Arc;

const P: usize = 0;
const J: usize = 1;
const Q: usize = 2;
const CHINESE: usize = 1;
const MATHS: usize = 2;
const FOREIGN: usize = 3;
const PE: usize = 7;

fn outcome(actions: Vec<Action>) -> Outcome {
    let scenario = Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        actions,
        ..common::tiny::textbook()
    };
    Engine::new(Arc::new(county()))
        .outcome(&scenario)
        .expect("the plan resolves")
}

fn norms() -> Norms {
    let mut n = Norms::default();
    let mut table = vec![[0.0; 9]; n.curriculum.subjects.len()];
    table[CHINESE] = [8.0, 8.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    table[MATHS] = [4.0, 4.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    n.curriculum.table = Some(table);
    n
}

fn teacher(
    school: usize,
    key: &str,
    sex: Sex,
    birth: Option<(i32, u32)>,
    subject: Option<&str>,
    post: Post,
    establishment: Establishment,
) -> Teacher {
    Teacher {
        school,
        key: key.into(),
        sex: Some(sex),
        birth,
        subject: subject.map(str::to_string),
        post,
        establishment,
        backbone: false,
        arrived: None,
        qualification: None,
        title: None,
    }
}

/// - T1, P, man born 1963-05, Chinese: retires 2023-05 (before the rise),
///   so teaches in 2022 only.
/// - T2, P, woman born 1970-01, mathematics: retires 2025-02 (55 + 1 month).
/// - T3, P, woman born 1975-03, a worker (工勤), on the establishment:
///   retires 2025-05 (50 + 2 months); counts for 编制, teaches nothing.
/// - T4, Q, man born 1990-01, English, on contract: stays; not 编制.
/// - T5, J, woman born 1980-06, PE: retires 2038-02; stays.
/// - T6, Q, woman with no birth date, Chinese, temporary: counted as staying.
fn roster() -> Vec<Teacher> {
    use Establishment::*;
    use Post::*;
    vec![
        teacher(
            P,
            "T1",
            Sex::Male,
            Some((1963, 5)),
            Some("chinese"),
            Teaching,
            OnEstablishment,
        ),
        teacher(
            P,
            "T2",
            Sex::Female,
            Some((1970, 1)),
            Some("maths"),
            Teaching,
            OnEstablishment,
        ),
        teacher(
            P,
            "T3",
            Sex::Female,
            Some((1975, 3)),
            None,
            Worker,
            OnEstablishment,
        ),
        teacher(
            Q,
            "T4",
            Sex::Male,
            Some((1990, 1)),
            Some("foreign"),
            Teaching,
            Contract,
        ),
        teacher(
            J,
            "T5",
            Sex::Female,
            Some((1980, 6)),
            Some("pe"),
            Teaching,
            OnEstablishment,
        ),
        teacher(
            Q,
            "T6",
            Sex::Female,
            None,
            Some("chinese"),
            Teaching,
            Temporary,
        ),
    ]
}

fn at(s: &Staffing, school: usize, year: i32) -> &seatcast_engine::teachers::SchoolStaffing {
    s.schools
        .iter()
        .find(|r| r.school == school && r.year == year)
        .unwrap_or_else(|| panic!("no staffing for school {school} in {year}"))
}

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} ≠ {want}");
}

#[test]
fn needs_by_the_norm_and_by_periods_with_retirements() {
    let s = staffing(&outcome(vec![]), &roster(), &norms());
    assert_eq!(
        s.county.iter().map(|c| c.year).collect::<Vec<_>>(),
        [2022, 2023, 2024]
    );

    // The norm, 2022. P: 105 pupils / 19. J: 36 pupils, a small school
    // (locale unknown, under 100): max(36/19, 1 class × 1.7) = 36/19.
    // Q: 51 pupils: max(51/19 = 2.68, 2 classes × 1.7 = 3.4) = 3.4.
    close(at(&s, P, 2022).norm.staff, 105.0 / 19.0, "P norm 2022");
    close(at(&s, J, 2022).norm.staff, 36.0 / 19.0, "J norm 2022");
    close(at(&s, Q, 2022).norm.staff, 3.4, "Q norm 2022");
    // 2023: P 127 / 19; Q 42.8 pupils in 2 classes: 3.4.
    close(at(&s, P, 2023).norm.staff, 127.0 / 19.0, "P norm 2023");
    close(at(&s, Q, 2023).norm.staff, 3.4, "Q norm 2023");

    // Periods, 2022. P: 3 classes × 8 / 15 = 1.6 in Chinese, 3 × 4 / 15 =
    // 0.8 in mathematics, and 3 × 0.5 = 1.5 head teachers.
    let p = at(&s, P, 2022);
    close(p.periods.by_subject[CHINESE], 1.6, "P Chinese 2022");
    close(p.periods.by_subject[MATHS], 0.8, "P maths 2022");
    close(p.periods.head_teachers, 1.5, "P head teachers 2022");
    // J's one grade-3 class: 6 / 15 = 0.4 in Chinese.
    close(
        at(&s, J, 2022).periods.by_subject[CHINESE],
        0.4,
        "J Chinese 2022",
    );

    // Staff present. 2022: P has T1, T2, T3 on the establishment, and
    // Chinese 1, maths 1; 2023: T1 has retired.
    close(p.on_establishment, 3.0, "P 编制 2022");
    close(
        p.establishment_balance(),
        3.0 - 105.0 / 19.0,
        "P balance 2022",
    );
    close(p.teachers[CHINESE], 1.0, "P Chinese teachers 2022");
    let p23 = at(&s, P, 2023);
    close(p23.on_establishment, 2.0, "P 编制 2023");
    close(p23.teachers[CHINESE], 0.0, "P Chinese teachers 2023");
    close(p23.teachers[MATHS], 1.0, "P maths teachers 2023");
    // Q: T4 (contract) and T6 (temporary) teach but are not 编制.
    let q = at(&s, Q, 2022);
    close(q.on_establishment, 0.0, "Q 编制");
    close(q.teachers[FOREIGN], 1.0, "Q English");
    close(q.teachers[CHINESE], 1.0, "Q Chinese");
    close(at(&s, J, 2024).teachers[PE], 1.0, "J PE 2024");

    // The county, 2022: Chinese need 1.6 + 0.4 + 2 × 8/15, against T1 and
    // T6; mathematics 0.8 + 4/15 + 2 × 4/15 = 1.6 against T2.
    let c = &s.county[0];
    let chinese_need = 1.6 + 0.4 + 16.0 / 15.0;
    close(
        c.need_by_subject[CHINESE],
        chinese_need,
        "county Chinese need",
    );
    close(
        c.teachers_by_subject[CHINESE],
        2.0,
        "county Chinese teachers",
    );
    close(c.need_by_subject[MATHS], 1.6, "county maths need");
    // 结构性缺编: (3.0667 − 2) + (1.6 − 1); PE and English are over.
    close(
        c.structural_shortage(),
        chinese_need - 2.0 + 0.6,
        "structural",
    );
    // Short at schools, Chinese: P 0.6, J 0.4, Q 16/15 − 1.
    close(
        c.short_at_schools[CHINESE],
        0.6 + 0.4 + 1.0 / 15.0,
        "short at schools",
    );
    close(c.over_at_schools[PE], 1.0, "PE over");
    // 总量: 4 on the establishment against 105/19 + 36/19 + 3.4.
    close(c.norm_staff, 141.0 / 19.0 + 3.4, "county norm");
    close(c.total_surplus(), 0.0, "no total surplus");

    // Recruitment in Chinese: 2022 the shortage, 1.0667; 2023 the need is
    // 4 × 8/15 + 0.4 + 16/15 = 3.6 against T6 alone: 2.6, so 1.5333 more;
    // 2024 J has 2 classes: 32/15 + 0.8 + 16/15 = 4.0, short 3.0: 0.4 more.
    close(
        s.county[0].recruit[CHINESE],
        chinese_need - 2.0,
        "recruit 2022",
    );
    close(
        s.county[1].recruit[CHINESE],
        2.6 - (chinese_need - 2.0),
        "recruit 2023",
    );
    close(s.county[2].recruit[CHINESE], 0.4, "recruit 2024");
}

#[test]
fn the_planners_options_retirements_recruits_and_boarders() {
    // Retirements off: T1 still teaches Chinese at P in 2023 and 2024.
    let stay = TeacherOptions {
        retirements: false,
        ..TeacherOptions::default()
    };
    let s = staffing_with(&outcome(vec![]), &roster(), &norms(), &stay);
    close(at(&s, P, 2023).teachers[CHINESE], 1.0, "T1 stays");
    close(at(&s, P, 2024).on_establishment, 3.0, "P 编制 2024");
    close(
        s.county[1].recruit[CHINESE],
        3.6 - 2.0 - (16.0 / 15.0 - 0.0),
        "recruit 2023",
    );

    // Two recruits a year. 2023: the county is short 2.6 in Chinese (3.6
    // against T6) and 28/15 − 1 = 0.8667 in mathematics (P 4 classes, J 1,
    // Q 2, 4/15 each, against T2): 3.4667 in all, so Chinese gets
    // 2 × 2.6 / 3.4667 = 1.5 and mathematics 0.5.
    let hire = TeacherOptions {
        recruit_per_year: 2.0,
        ..TeacherOptions::default()
    };
    let s = staffing_with(&outcome(vec![]), &roster(), &norms(), &hire);
    assert!(
        s.county[0].hired.iter().all(|h| *h == 0.0),
        "none in the base year"
    );
    close(s.county[1].hired[CHINESE], 1.5, "Chinese hired 2023");
    close(s.county[1].hired[MATHS], 0.5, "maths hired 2023");
    // 2024: Chinese 4.0 − 1 − 1.5 = 1.5 short, mathematics 32/15 − 1 − 0.5
    // = 0.6333: 2 more split 1.40625 / 0.59375, leaving 2/15 short.
    close(
        s.county[2].hired[CHINESE],
        1.5 + 1.40625,
        "Chinese hired by 2024",
    );
    close(
        s.county[2].hired[MATHS],
        0.5 + 0.59375,
        "maths hired by 2024",
    );
    close(
        s.county[2].shortage_after_hiring(),
        2.0 / 15.0,
        "left short 2024",
    );
    // The recruits are on the establishment: 3 (T2, T3, T5) + 4.
    close(
        s.county[2].establishment_with_hires(),
        7.0,
        "编制 with hires",
    );

    // Boarders: Q boards half its 51 pupils of 2022. In 2023 it has 42.8
    // pupils, so 21.4 boarders, 0.214 staff more: 3.4 + 0.214.
    let mut d = county();
    d.schools[Q].boarders = Some(25.5);
    let scenario = Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        ..common::tiny::textbook()
    };
    let o = Engine::new(Arc::new(d))
        .outcome(&scenario)
        .expect("projects");
    let s = staffing(&o, &roster(), &norms());
    close(at(&s, Q, 2022).norm.by_boarders, 0.255, "Q boarders 2022");
    close(at(&s, Q, 2023).norm.staff, 3.4 + 0.214, "Q norm 2023");
}

#[test]
fn a_merge_moves_the_teachers_with_the_pupils() {
    // Q into P from 2023: T4 and T6 teach at P from then on.
    let s = staffing(
        &outcome(vec![merge("Q", &[("P", 1.0)], 2023)]),
        &roster(),
        &norms(),
    );
    close(at(&s, Q, 2022).teachers[FOREIGN], 1.0, "Q English before");
    let p = at(&s, P, 2023);
    close(p.teachers[FOREIGN], 1.0, "P English after");
    close(p.teachers[CHINESE], 1.0, "P Chinese after (T6; T1 retired)");
    close(p.on_establishment, 2.0, "P 编制 after: T2, T3");
    let q = at(&s, Q, 2023);
    close(q.teachers.iter().sum::<f64>(), 0.0, "Q keeps nobody");
    // P now teaches Q's pupils too: 2023 P [70 + 20, 57 + 22.8] is 2 + 2
    // classes, the same 4, so its Chinese need stays 32/15.
    close(p.periods.by_subject[CHINESE], 32.0 / 15.0, "P Chinese need");

    // Split between P and J: each takes half of Q's staff.
    let s = staffing(
        &outcome(vec![merge("Q", &[("P", 0.5), ("J", 0.5)], 2023)]),
        &roster(),
        &norms(),
    );
    close(at(&s, P, 2024).teachers[FOREIGN], 0.5, "P half of T4");
    close(at(&s, J, 2024).teachers[FOREIGN], 0.5, "J half of T4");
    // The county keeps every teacher.
    close(
        s.county[2].teachers_by_subject[FOREIGN],
        1.0,
        "T4 in the county",
    );
}

/// Rotation in fall 2022 (6 years at a school makes a teacher eligible):
/// at Q, three Chinese teachers since 2010 (one 骨干) and nine mathematics
/// teachers since 2015 (two 骨干) are eligible: 12, of whom 3 are 骨干. A
/// mathematics teacher who came in 2020 and one on contract are not. At
/// least ceil(10 % × 12) = 2 move, at least ceil(20 % × 2) = 1 of them 骨干.
///
/// Moves: Chinese, Q has 3 against a need of 16/15 (1 whole teacher to
/// spare); P needs 1.6 and has none (2 short), J 0.4 (rounds to none): one
/// Chinese teacher Q → P. Mathematics: Q has 11 against 8/15; P needs 0.8
/// (1 short), J 4/15 (none): one Q → P.
#[test]
fn rotation_counts_the_eligible_and_suggests_moves_to_the_shortages() {
    use Establishment::*;
    use seatcast_engine::teachers::{Move, RotationSettings, rotation};
    let mut staff = Vec::new();
    let mut add = |subject: &str, arrived: i32, backbone: bool, establishment| {
        let mut t = teacher(
            Q,
            "t",
            Sex::Female,
            Some((1985, 1)),
            Some(subject),
            Post::Teaching,
            establishment,
        );
        t.arrived = Some(arrived);
        t.backbone = backbone;
        staff.push(t);
    };
    for i in 0..3 {
        add("chinese", 2010, i == 0, OnEstablishment);
    }
    for i in 0..9 {
        add("maths", 2015, i < 2, OnEstablishment);
    }
    add("maths", 2020, false, OnEstablishment);
    add("maths", 2000, true, Contract);
    let o = outcome(vec![]);
    let s = staffing(&o, &staff, &norms());
    let r = rotation(
        &o.dataset,
        &staff,
        &s.schools,
        2022,
        &RotationSettings::default(),
    );
    assert_eq!(r.eligible.len(), 12);
    assert_eq!(r.eligible_backbone, 3);
    assert_eq!((r.to_move, r.backbone_to_move), (2, 1));
    let one = |subject| Move {
        subject,
        from: Q,
        to: P,
        teachers: 1,
        km: None,
    };
    assert_eq!(r.moves, [one(CHINESE), one(MATHS)]);
}
