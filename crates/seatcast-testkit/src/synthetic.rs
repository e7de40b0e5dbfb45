//! A synthetic district whose truth is known: primaries (grades 1–6) in three
//! areas, falls 2000–2024, built from fixed entry ratios and progression
//! ratios with log-normal noise of a known size on every count.
//!
//! [`Options`] adds what real districts do: a school that opens, schools that
//! close (their pupils and entrants go to a neighbour), a migration shock
//! (an area's progression ratios rise for a few years), a change of regime
//! (from 2014 every school's drift turns the other way, so long ratio
//! windows stop fitting), a district with no births file, and a school
//! reorganised from grades 4–6 (with a few stray pupils in grades 1–3) into
//! a 1–6 school.

use seatcast_core::grades::{Grade, GradeSpan, GradeSystem, Level};
use seatcast_core::model::{Births, Dataset, Enrolment, School};

/// SplitMix64: a small, fixed random sequence (the same district every run).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// σ of the log-normal noise on every count.
    pub noise: f64,
    /// School 0 opens in fall 2010 (no pupils before).
    pub opening: bool,
    /// Schools 1 and 2 close after falls 2007 and 2014; their pupils and
    /// entrants move to schools 3 and 4.
    pub closures: bool,
    /// Area C's progression ratios rise by 4 % in falls 2016–2019.
    pub migration_shock: bool,
    /// From fall 2014 each school's progression drift turns the other way,
    /// twice as strong.
    pub regime_turn: bool,
    /// The dataset has no births (entrants from their own history).
    pub no_births: bool,
    /// School 5 teaches grades 4–6 (with 1–5 stray pupils in each of grades
    /// 1–3) until 2012 and is a 1–6 school from 2013.
    pub reorganised: bool,
}

pub const AREAS: [&str; 3] = ["A", "B", "C"];
pub const SCHOOLS: usize = 30;
pub const FIRST: i32 = 2000;
pub const LAST: i32 = 2024;

/// The district.
pub fn district(o: Options, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    // Births per area: a level with a slow trend and noise, 1990–2018.
    let mut births = Vec::new();
    let mut births_of = vec![Vec::new(); AREAS.len()];
    for (a, area) in AREAS.iter().enumerate() {
        let level = 900.0 + 300.0 * a as f64;
        let trend: f64 = [-0.01, 0.0, 0.015][a];
        for y in 1990..=2018 {
            let b = level * (1.0 + trend).powi(y - 1990) * (0.03 * rng.normal()).exp();
            births.push(Births {
                area: Some((*area).into()),
                year: y,
                births: b.round(),
            });
            births_of[a].push(b);
        }
    }
    // Schools: area by index, an entry share and a school-specific drift in
    // the progression ratios (some schools gain pupils, some lose them).
    let area_of = |s: usize| s % AREAS.len();
    let share: Vec<f64> = (0..SCHOOLS).map(|_| 0.05 + 0.12 * rng.uniform()).collect();
    let gpr: Vec<f64> = (0..SCHOOLS)
        .map(|_| 1.0 + 0.03 * (rng.uniform() - 0.5))
        .collect();
    let schools: Vec<School> = (0..SCHOOLS)
        .map(|s| School {
            id: Some(format!("S{s:02}")),
            name: format!("School {s:02}"),
            level: Level::Primary,
            span: GradeSpan::new(Grade(1), Grade(6)),
            area: Some(AREAS[area_of(s)].into()),
            locale: None,
            coords: None,
            classrooms: Some(12.0),
            approved_seats: None,
            feeder: None,
            opened: None,
            closed: None,
            in_roster: true,
            boarders: None,
            beds: None,
            ownership: None,
            remoteness: None,
        })
        .collect();
    // Where a closed school's pupils go, and from when.
    let closed =
        |s: usize, year: i32| o.closures && ((s == 1 && year >= 2008) || (s == 2 && year >= 2015));
    let receiver = |s: usize| if s == 1 { 3 } else { 4 };
    let mut pupils = vec![[0.0f64; 6]; SCHOOLS];
    let mut enrolment = Vec::new();
    for year in FIRST..=LAST {
        let mut next = vec![[0.0f64; 6]; SCHOOLS];
        for s in 0..SCHOOLS {
            let a = area_of(s);
            if o.opening && s == 0 && year < 2010 {
                continue;
            }
            let born = births_of[a][(year - 6 - 1990) as usize];
            let shock = if o.migration_shock && a == 2 && (2016..=2019).contains(&year) {
                1.04
            } else {
                1.0
            };
            let entry = born * share[s];
            let drift = if o.regime_turn && year >= 2014 {
                1.0 - 2.0 * (gpr[s] - 1.0)
            } else {
                gpr[s]
            };
            let mut grades = [0.0; 6];
            grades[0] = entry;
            for g in 1..6 {
                let before = if year == FIRST {
                    entry
                } else {
                    pupils[s][g - 1]
                };
                grades[g] = before * drift * shock;
            }
            // Before its reorganisation the school has grades 4–6 only, but
            // for a handful of stray pupils below.
            if o.reorganised && s == 5 && year < 2013 {
                for (g, v) in grades.iter_mut().enumerate().take(3) {
                    *v = 1.0 + ((year as usize + g) % 5) as f64;
                }
                if year == FIRST {
                    for v in grades.iter_mut().skip(3) {
                        *v = entry * 2.0;
                    }
                } else {
                    // Grade 4 is fed from elsewhere (a K–3 school nearby).
                    grades[3] = entry * 2.0;
                }
            }
            // In the fall of the reorganisation the neighbour's pupils move
            // in: every grade is full at once.
            if o.reorganised && s == 5 && year == 2013 {
                for (g, v) in grades.iter_mut().enumerate() {
                    *v = entry * drift.powi(g as i32);
                }
            }
            // A closed school's pupils and entrants go to its receiver.
            let to = if closed(s, year) { receiver(s) } else { s };
            for g in 0..6 {
                next[to][g] += grades[g];
            }
        }
        for (s, grades) in next.iter_mut().enumerate() {
            for (g, value) in grades.iter_mut().enumerate() {
                let stray = o.reorganised && s == 5 && year < 2013 && g < 3;
                let noise = if stray { 0.0 } else { o.noise * rng.normal() };
                let count = (*value * noise.exp()).round();
                *value = count;
                if count > 0.0 {
                    enrolment.push(Enrolment {
                        school: s,
                        year,
                        grade: Grade(g as i8 + 1),
                        pupils: count,
                        classes: None,
                    });
                }
            }
        }
        pupils = next;
    }
    enrolment.sort_by_key(|e| (e.school, e.year, e.grade));
    Dataset {
        grade_system: GradeSystem::SixThreeThree,
        schools,
        enrolment,
        births: if o.no_births { Vec::new() } else { births },
        sources: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        boundaries: Vec::new(),
        roads: None,
    }
}
