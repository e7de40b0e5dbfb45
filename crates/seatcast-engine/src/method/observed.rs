//! The observed data laid out for the method: pupils as a dense
//! school × fall × grade cube, births as one series per area, and the links
//! between schools (feeders, areas) resolved to indices. Built once per dataset.

use crate::grades::Grade;
use crate::model::{Dataset, Locale};
use std::collections::HashMap;

/// Grade slots −2 (小班) … 12.
pub const GRADE_SLOTS: usize = 15;

/// The slot of a grade in a school's row of GRADE_SLOTS (小班, −2, is slot 0).
pub fn slot(g: Grade) -> usize {
    (i32::from(g.0) - i32::from(Grade::LOWEST)) as usize
}

/// The grade in a slot, the inverse of slot.
pub fn grade_of_slot(slot: usize) -> Grade {
    Grade(slot as i8 + Grade::LOWEST)
}

/// Births of one area by calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct BirthSeries {
    /// The area (乡镇/街道) whose births these are; None for the county's series.
    pub area: Option<String>,
    /// The calendar year of values' first entry.
    pub first_year: i32,
    /// NaN where the year is missing.
    pub values: Vec<f64>,
}

impl BirthSeries {
    /// Known births of a year, if any.
    pub fn get(&self, year: i32) -> Option<f64> {
        let i = year - self.first_year;
        if i < 0 {
            return None;
        }
        self.values
            .get(i as usize)
            .copied()
            .filter(|v| v.is_finite())
    }

    /// The last year with known births.
    pub fn last_year(&self) -> Option<i32> {
        self.values
            .iter()
            .rposition(|v| v.is_finite())
            .map(|i| self.first_year + i as i32)
    }
}

/// The observed data as the method reads it: pupils as a school × fall × grade
/// cube, births as a series per area, and the schools' links as indices.
#[derive(Debug, Clone)]
pub struct Observed {
    /// Schools, in the dataset's order (a school's index is the dataset's).
    pub n_schools: usize,
    /// The first fall with enrolment (0 when there is none).
    pub first_year: i32,
    /// Falls in the cube, from first_year to the last with enrolment, gaps included.
    pub n_years: usize,
    /// Whether any enrolment exists for a fall (a gap year is treated as skipped).
    pub present: Vec<bool>,
    /// pupils[(school * n_years + year) * GRADE_SLOTS + slot]
    pub pupils: Vec<f64>,
    /// One series per area in the births data; births with no area make the
    /// county's.
    pub births: Vec<BirthSeries>,
    /// The birth series feeding each school, if any.
    pub birth_area: Vec<Option<usize>>,
    /// Area index of each school (areas named by schools), for pooled entry.
    pub area: Vec<Option<usize>>,
    /// Areas named by the schools or the births (the dataset's areas, sorted).
    pub n_areas: usize,
    /// The schools of each area.
    pub members: Vec<Vec<usize>>,
    /// The schools whose graduates go to each school.
    pub feeders_of: Vec<Vec<usize>>,
    /// Whether each school's locale is urban (城区).
    pub urban: Vec<bool>,
    /// Whether each school's locale is rural (乡村).
    pub rural: Vec<bool>,
    /// The slot of the highest grade each school's roster says it teaches.
    pub span_top: Vec<usize>,
}

impl Observed {
    /// Lay a dataset out for the method.
    pub fn new(d: &Dataset) -> Observed {
        let n_schools = d.schools.len();
        let years = d.fall_years();
        let first_year = years.first().copied().unwrap_or(0);
        let n_years = years
            .last()
            .map(|l| (l - first_year + 1) as usize)
            .unwrap_or(0);
        let mut present = vec![false; n_years];
        let mut pupils = vec![0.0; n_schools * n_years * GRADE_SLOTS];
        for e in &d.enrolment {
            let y = (e.year - first_year) as usize;
            present[y] = true;
            pupils[(e.school * n_years + y) * GRADE_SLOTS + slot(e.grade)] += e.pupils;
        }

        // Births: one series per area (None: the county).
        let mut births: Vec<BirthSeries> = Vec::new();
        let mut series_of: HashMap<Option<&str>, usize> = HashMap::new();
        for b in &d.births {
            let i = *series_of.entry(b.area.as_deref()).or_insert_with(|| {
                births.push(BirthSeries {
                    area: b.area.clone(),
                    first_year: b.year,
                    values: Vec::new(),
                });
                births.len() - 1
            });
            let s = &mut births[i];
            if b.year < s.first_year {
                let shift = (s.first_year - b.year) as usize;
                let mut v = vec![f64::NAN; shift];
                v.append(&mut s.values);
                s.values = v;
                s.first_year = b.year;
            }
            let at = (b.year - s.first_year) as usize;
            if s.values.len() <= at {
                s.values.resize(at + 1, f64::NAN);
            }
            s.values[at] = b.births;
        }
        // A school draws on its area's births; else the county's; else the only series.
        let county = series_of.get(&None).copied();
        let only = (births.len() == 1).then_some(0);
        let birth_area = d
            .schools
            .iter()
            .map(|s| {
                s.area
                    .as_deref()
                    .and_then(|a| series_of.get(&Some(a)).copied())
                    .or(county)
                    .or(only)
            })
            .collect();

        let areas = d.areas();
        let area_index: HashMap<&str, usize> = areas
            .iter()
            .enumerate()
            .map(|(i, a)| (a.as_str(), i))
            .collect();
        let area: Vec<Option<usize>> = d
            .schools
            .iter()
            .map(|s| s.area.as_deref().and_then(|a| area_index.get(a).copied()))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); areas.len()];
        for (s, a) in area.iter().enumerate() {
            if let Some(a) = a {
                members[*a].push(s);
            }
        }
        let mut feeders_of = vec![Vec::new(); n_schools];
        for (i, s) in d.schools.iter().enumerate() {
            if let Some(f) = s.feeder.filter(|f| *f < n_schools) {
                feeders_of[f].push(i);
            }
        }
        let urban = d
            .schools
            .iter()
            .map(|s| s.locale == Some(Locale::Urban))
            .collect();
        let rural = d
            .schools
            .iter()
            .map(|s| s.locale == Some(Locale::Rural))
            .collect();
        let span_top = d.schools.iter().map(|s| slot(s.span.hi)).collect();
        Observed {
            n_schools,
            first_year,
            n_years,
            present,
            pupils,
            births,
            birth_area,
            area,
            n_areas: areas.len(),
            members,
            feeders_of,
            urban,
            rural,
            span_top,
        }
    }

    /// Index of a fall year in the cube.
    pub fn year_index(&self, year: i32) -> Option<usize> {
        let i = year - self.first_year;
        (i >= 0 && (i as usize) < self.n_years).then_some(i as usize)
    }

    /// The grades of one school in one fall (zeros when the year is outside the data).
    pub fn grades(&self, school: usize, year: i32) -> [f64; GRADE_SLOTS] {
        let mut out = [0.0; GRADE_SLOTS];
        if let Some(y) = self.year_index(year) {
            let at = (school * self.n_years + y) * GRADE_SLOTS;
            out.copy_from_slice(&self.pupils[at..at + GRADE_SLOTS]);
        }
        out
    }

    /// Pupils of one school in one fall in one grade slot (0 when the fall is
    /// outside the data).
    pub fn pupils_at(&self, school: usize, year: i32, s: usize) -> f64 {
        match self.year_index(year) {
            Some(y) => self.pupils[(school * self.n_years + y) * GRADE_SLOTS + s],
            None => 0.0,
        }
    }

    /// The last fall in the cube (the last with enrolment).
    pub fn last_year(&self) -> i32 {
        self.first_year + self.n_years as i32 - 1
    }

    /// Whether a fall counts as data: present, and not skipped.
    pub fn usable(&self, year: i32, skip: &[i32]) -> bool {
        self.year_index(year).is_some_and(|y| self.present[y]) && !skip.contains(&year)
    }
}
