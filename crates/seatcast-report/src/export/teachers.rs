//! The teachers' tables (docs/teachers.md), written beside the seats when a
//! staff roster is loaded. Counts only: no names, no staff numbers.
//!
//! - `teachers.csv`: a row per school and year: the norm, the staff on the
//!   establishment, the teachers the periods need, and per subject the
//!   need and the teachers there;
//! - `teachers-county.csv`: a row per year: 总量 against 结构性, and the
//!   recruitment needed;
//! - `teachers-subjects.csv`: a row per year and subject for the county;
//! - `teachers-rotation.csv`: the base year's suggested rotation moves,
//!   by subject and school.

use super::{ExportError, round};
use crate::engine::Outcome;
use crate::engine::teachers::Staffing;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// teachers.csv.
pub fn schools_csv(o: &Outcome, s: &Staffing) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "school_id",
        "school_name",
        "year",
        "norm_staff",
        "on_establishment",
        "establishment_balance",
        "teachers_needed",
        "head_teachers",
        "teachers_unplaced",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    for k in &s.subjects {
        header.push(format!("{k}_need"));
        header.push(format!("{k}_teachers"));
    }
    w.write_record(&header)?;
    for r in &s.schools {
        let school = &o.dataset.schools[r.school];
        let mut rec = vec![
            school.id.clone().unwrap_or_default(),
            school.name.clone(),
            r.year.to_string(),
            round(r.norm.staff, 2),
            round(r.on_establishment, 2),
            round(r.establishment_balance(), 2),
            round(r.periods.total(), 2),
            round(r.periods.head_teachers, 2),
            round(r.teachers_unplaced, 2),
        ];
        for (need, have) in r.periods.by_subject.iter().zip(&r.teachers) {
            rec.push(round(*need, 2));
            rec.push(round(*have, 2));
        }
        w.write_record(&rec)?;
    }
    finish(w)
}

/// teachers-county.csv.
pub fn county_csv(s: &Staffing) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "norm_staff",
        "on_establishment",
        "total_surplus",
        "structural_shortage",
        "short_at_schools",
        "recruit",
        "planned_recruits",
        "short_after_recruits",
    ])?;
    for c in &s.county {
        w.write_record([
            c.year.to_string(),
            round(c.norm_staff, 2),
            round(c.on_establishment, 2),
            round(c.total_surplus(), 2),
            round(c.structural_shortage(), 2),
            round(c.short_at_schools.iter().sum(), 2),
            round(c.recruit.iter().sum(), 2),
            round(c.hired.iter().sum(), 2),
            round(c.shortage_after_hiring(), 2),
        ])?;
    }
    finish(w)
}

/// teachers-subjects.csv.
pub fn subjects_csv(s: &Staffing) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "subject",
        "need",
        "teachers",
        "short_at_schools",
        "over_at_schools",
        "recruit",
        "planned_recruits",
    ])?;
    for c in &s.county {
        for (j, key) in s.subjects.iter().enumerate() {
            w.write_record([
                c.year.to_string(),
                key.clone(),
                round(c.need_by_subject[j], 2),
                round(c.teachers_by_subject[j], 2),
                round(c.short_at_schools[j], 2),
                round(c.over_at_schools[j], 2),
                round(c.recruit[j], 2),
                round(c.hired.get(j).copied().unwrap_or(0.0), 2),
            ])?;
        }
    }
    finish(w)
}

/// teachers-rotation.csv: whole teachers of a subject from a school with a
/// surplus to the nearest school short of it.
pub fn rotation_csv(
    o: &Outcome,
    s: &Staffing,
    r: &crate::engine::teachers::Rotation,
) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "subject",
        "from_id",
        "from_name",
        "to_id",
        "to_name",
        "teachers",
        "km",
    ])?;
    let d = &o.dataset;
    for m in &r.moves {
        let (from, to) = (&d.schools[m.from], &d.schools[m.to]);
        w.write_record([
            r.year.to_string(),
            s.subjects.get(m.subject).cloned().unwrap_or_default(),
            from.id.clone().unwrap_or_default(),
            from.name.clone(),
            to.id.clone().unwrap_or_default(),
            to.name.clone(),
            m.teachers.to_string(),
            m.km.map_or_else(String::new, |k| round(k, 2)),
        ])?;
    }
    finish(w)
}

/// teachers-eligible.csv (only when asked): who may rotate this year, by
/// the staff number or name the roster gives, with their school, subject,
/// years there and 骨干.
pub fn eligible_csv(
    o: &Outcome,
    r: &crate::engine::teachers::Rotation,
) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "staff",
        "school_id",
        "school_name",
        "subject",
        "arrived",
        "years_at_school",
        "backbone",
    ])?;
    let d = &o.dataset;
    for &i in &r.eligible {
        let Some(t) = d.teachers.get(i) else { continue };
        let Some(school) = d.schools.get(t.school) else {
            continue;
        };
        w.write_record([
            r.year.to_string(),
            t.key.clone(),
            school.id.clone().unwrap_or_default(),
            school.name.clone(),
            t.subject.clone().unwrap_or_default(),
            t.arrived.map_or_else(String::new, |a| a.to_string()),
            t.arrived
                .map_or_else(String::new, |a| (r.year - a).to_string()),
            if t.backbone { "yes" } else { "no" }.to_string(),
        ])?;
    }
    finish(w)
}
