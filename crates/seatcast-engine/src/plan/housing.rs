//! New housing (新建小区, 配套学校; docs/places.md): a development of so many
//! dwellings, first occupied in a fall and full some years later, brings
//! pupils per 100 dwellings in each grade. They go to a named school of
//! each level, or else to the nearest school teaching the grade, and are
//! added to its projected pupils, so they appear in every figure.
//!
//! The default yield is the county's own: one cohort per 100 dwellings is
//! 100 × persons per dwelling × births per 1,000 residents ÷ 1,000, and a
//! stage holds as many cohorts as it has grades. Sources (docs/places.md):
//! 3.1 persons per dwelling, GB 50180-2018《城市居住区规划设计标准》
//! (about 3.0–3.2); 6.39 births per 1,000 residents, the national rate of
//! 2023 (国家统计局《2023年国民经济和社会发展统计公报》), unless the county's
//! residents are given.

use crate::grades::{Grade, GradeSystem, Level};
use crate::method::observed::{GRADE_SLOTS, grade_of_slot};
use crate::model::{Coords, Dataset};

// The settings, as the scenario holds them: `settings::housing`.
pub use crate::settings::housing::HousingSettings;

/// The common 千人指标 (pupils per 1,000 residents) one city plan uses, for
/// comparison beside the county's own (docs/places.md): kindergarten 42,
/// primary 84, junior 42 (and senior 42).
pub const PER_1000_RESIDENTS: [f64; 4] = [42.0, 84.0, 42.0, 42.0];

fn stage_index(system: GradeSystem, g: Grade) -> usize {
    match system.stage_of(g) {
        Level::Kindergarten => 0,
        Level::Primary => 1,
        Level::Junior => 2,
        _ => 3,
    }
}

/// A development resolved: where each grade's pupils go.
#[derive(Debug, Clone, PartialEq)]
pub struct Development {
    pub name: String,
    pub year: i32,
    pub dwellings: f64,
    pub years_to_full: f64,
    /// Pupils per 100 dwellings by stage at full occupancy, when the
    /// action gives them (else the settings' default).
    pub per_100: Option<[f64; 4]>,
    /// The school each grade slot's pupils go to (None: no school teaches it).
    pub school_of_slot: [Option<usize>; GRADE_SLOTS],
    /// How far each slot's school is from the development, km, and whether
    /// by road (None: no coordinates to measure by).
    pub travel_of_slot: [Option<(f64, bool)>; GRADE_SLOTS],
    pub coords: Option<Coords>,
}

impl Development {
    /// The share of its dwellings occupied in the fall of `year`.
    pub fn occupancy(&self, year: i32) -> f64 {
        if year < self.year {
            return 0.0;
        }
        let n = self.years_to_full.max(1.0);
        ((year - self.year + 1) as f64 / n).min(1.0)
    }

    /// Its pupils of each grade slot in `year`.
    pub fn pupils(&self, year: i32, d: &Dataset, settings: &HousingSettings) -> [f64; GRADE_SLOTS] {
        let per_100 = self.per_100.unwrap_or_else(|| settings.per_100_by_stage(d));
        let mut out = [0.0; GRADE_SLOTS];
        let share = self.occupancy(year) * self.dwellings / 100.0;
        if share <= 0.0 {
            return out;
        }
        for (slot, v) in out.iter_mut().enumerate() {
            let g = grade_of_slot(slot);
            let stage = stage_index(d.grade_system, g);
            let grades = match stage {
                0 => d.grade_system.span_of(Level::Kindergarten),
                1 => d.grade_system.span_of(Level::Primary),
                2 => d.grade_system.span_of(Level::Junior),
                _ => d.grade_system.span_of(Level::Senior),
            };
            if grades.contains(g) && self.school_of_slot[slot].is_some() {
                *v = share * per_100[stage] / grades.grades().count() as f64;
            }
        }
        out
    }
}

/// The school a development's grade goes to: the named one that teaches
/// it, else the nearest school open that fall teaching it (`from`: each
/// school's distance from the development, by road where an extract gives
/// one, as [`Dataset::travel_from`]; without coordinates, the largest of
/// the development's area, else of the county), skipping schools the plan
/// has closed. None: no school teaches the grade (its pupils are not
/// placed).
pub fn receiving_school(
    d: &Dataset,
    slot: usize,
    year: i32,
    from: Option<&[Option<(f64, bool)>]>,
    area: Option<&str>,
    named: &[usize],
    closed: impl Fn(usize, i32) -> bool,
) -> Option<usize> {
    let g = grade_of_slot(slot);
    let teaches = |i: usize| {
        let s = &d.schools[i];
        s.span.contains(g) && s.open_in(year) && !closed(i, year)
    };
    if let Some(&i) = named.iter().find(|&&i| teaches(i)) {
        return Some(i);
    }
    let candidates = (0..d.schools.len()).filter(|&i| teaches(i));
    match from {
        Some(km) => candidates
            .filter_map(|i| Some((i, km.get(i).copied().flatten()?.0)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i),
        None => {
            // Without coordinates: the largest school of the area teaching
            // the grade, else the county's largest.
            let pupils = |i: usize| -> f64 {
                d.enrolment
                    .iter()
                    .filter(|e| e.school == i)
                    .map(|e| e.pupils)
                    .sum()
            };
            let all: Vec<usize> = candidates.collect();
            let largest = |it: &mut dyn Iterator<Item = usize>| {
                it.max_by(|&a, &b| pupils(a).total_cmp(&pupils(b)))
            };
            largest(
                &mut all
                    .iter()
                    .copied()
                    .filter(|&i| area.is_some() && d.schools[i].area.as_deref() == area),
            )
            .or_else(|| largest(&mut all.iter().copied()))
        }
    }
}
