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

use crate::method::observed::grade_of_slot;
use crate::model::Dataset;

// The settings, as the scenario holds them: `settings::housing`.
pub use crate::settings::housing::HousingSettings;

/// The common 千人指标 (pupils per 1,000 residents) one city plan uses, for
/// comparison beside the county's own (docs/places.md): kindergarten 42,
/// primary 84, junior 42 (and senior 42).
pub const PER_1000_RESIDENTS: [f64; 4] = [42.0, 84.0, 42.0, 42.0];

// A development resolved is part of the plan the stepping applies: the
// method's (`method/housing.rs`).
pub use crate::method::housing::Development;

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
