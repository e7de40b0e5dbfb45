//! The 优质均衡 tables (docs/compliance.md), written beside the seats when
//! the data has facilities or a staff roster:
//!
//! - `compliance.csv`: a row per school, year and indicator: the value,
//!   threshold, status, and the school's verdict;
//! - `compliance-cv.csv`: a row per year, stage and indicator: the county's
//!   pupil-weighted mean and variation coefficient against its limit;
//! - `compliance-fixes.csv`: a row per failing school: the least it takes
//!   to comply over the horizon, and its cost.

use super::{ExportError, round};
use crate::engine::Outcome;
use crate::engine::compliance::{Compliance, Indicator, OutOfScope, Status, Verdict};
use crate::grades::Level;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// The indicator's key in files.
pub fn key(i: Indicator) -> &'static str {
    match i {
        Indicator::AboveQualification => "above_qualification",
        Indicator::Backbone => "backbone",
        Indicator::PeArts => "pe_arts",
        Indicator::Floor => "floor_m2",
        Indicator::Sports => "sports_m2",
        Indicator::Equipment => "equipment_yuan",
        Indicator::Multimedia => "multimedia_rooms",
    }
}

/// An indicator's status as its key in the CSV tables (`met`, `near`, `short`, `unknown`).
pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Near => "near",
        Status::Short => "short",
        Status::Unknown => "unknown",
    }
}

/// A school-year's verdict as its key in the CSV tables.
pub fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Complies => "complies",
        Verdict::Fails => "fails",
        Verdict::Incomplete => "incomplete",
        Verdict::Out(OutOfScope::NotCompulsory) => "out_not_compulsory",
        Verdict::Out(OutOfScope::SmallTeachingPoint) => "out_small_teaching_point",
        Verdict::Out(OutOfScope::Special) => "out_special",
    }
}

/// compliance.csv.
pub fn schools_csv(o: &Outcome, c: &Compliance) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "school_id",
        "school_name",
        "year",
        "pupils",
        "indicator",
        "have",
        "value",
        "threshold",
        "status",
        "verdict",
        "avg_class",
        "class_limit",
        "school_pupils",
        "school_limit",
    ])?;
    for r in c.schools.iter().filter(|r| r.in_scope()) {
        let s = &o.dataset.schools[r.school];
        for i in Indicator::ALL {
            let k = i.index();
            w.write_record([
                s.id.clone().unwrap_or_default(),
                s.name.clone(),
                r.year.to_string(),
                round(r.pupils(), 1),
                key(i).to_string(),
                r.have[k].map_or_else(String::new, |v| round(v, 2)),
                r.value[k].map_or_else(String::new, |v| round(v, 3)),
                round(r.threshold[k], 3),
                status_key(r.status[k]).to_string(),
                verdict_key(r.verdict).to_string(),
                r.avg_class.map_or_else(String::new, |a| round(a, 1)),
                round(r.class_limit, 1),
                round(r.pupils_all, 0),
                round(r.school_limit, 0),
            ])?;
        }
    }
    finish(w)
}

/// compliance-cv.csv.
pub fn cv_csv(c: &Compliance) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "stage",
        "indicator",
        "mean",
        "cv",
        "limit",
        "over",
        "schools",
    ])?;
    for v in &c.variation {
        let stage = if v.stage == Level::Junior {
            "junior"
        } else {
            "primary"
        };
        for i in Indicator::ALL {
            let k = i.index();
            w.write_record([
                v.year.to_string(),
                stage.to_string(),
                key(i).to_string(),
                v.mean[k].map_or_else(String::new, |m| round(m, 3)),
                v.cv[k].map_or_else(String::new, |x| round(x, 3)),
                round(v.limit, 2),
                v.cv[k]
                    .map_or("", |x| if x > v.limit + 1e-12 { "yes" } else { "no" })
                    .to_string(),
                v.schools.to_string(),
            ])?;
        }
    }
    finish(w)
}

/// compliance-fixes.csv.
pub fn fixes_csv(o: &Outcome, c: &Compliance) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "school_id",
        "school_name",
        "by_year",
        "floor_m2",
        "sports_m2",
        "equipment_yuan",
        "multimedia_rooms",
        "pe_teachers",
        "arts_teachers",
        "qualification_upgrades",
        "backbone_trained",
        "left_at_85_percent",
        "cost_once_yuan",
        "cost_a_year_yuan",
    ])?;
    for f in &c.fixes {
        let s = &o.dataset.schools[f.school];
        let a = &f.add;
        w.write_record([
            s.id.clone().unwrap_or_default(),
            s.name.clone(),
            f.year.to_string(),
            round(a.floor_m2, 0),
            round(a.sports_m2, 0),
            round(a.equipment_yuan, 0),
            round(a.multimedia_rooms, 0),
            round(a.pe_teachers, 0),
            round(a.arts_teachers, 0),
            round(a.qualification_upgrades, 0),
            round(a.backbone_trained, 0),
            key(f.relaxed).to_string(),
            round(f.one_off, 0),
            round(f.yearly, 0),
        ])?;
    }
    finish(w)
}
