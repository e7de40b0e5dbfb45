//! `seatcast report`: the projection as CSV tables and a short summary.

use crate::engine::Engine;
use crate::engine::outcome::{RowKind, SchoolYear, school_years};
use crate::engine::project::Projection;
use crate::engine::scenario::Scenario;
use crate::grades::Level;
use crate::i18n::{Lang, thousands};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Everything a report shows, computed once.
pub struct Report {
    pub scenario: Scenario,
    pub projection: Projection,
    pub rows: Vec<SchoolYear>,
}

pub fn build(engine: &Engine, scenario: &Scenario) -> Report {
    let (_, projection) = engine.project(scenario);
    let rows = school_years(&engine.dataset, &engine.observed, &projection, scenario);
    Report {
        scenario: scenario.clone(),
        projection,
        rows,
    }
}

fn kind(k: RowKind) -> &'static str {
    match k {
        RowKind::Observed => "observed",
        RowKind::Projected => "projected",
    }
}

fn round(v: f64, places: i32) -> String {
    let f = 10f64.powi(places);
    let r = (v * f).round() / f;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn opt(v: Option<f64>, places: i32) -> String {
    v.map(|v| round(v, places)).unwrap_or_default()
}

/// summary.csv: one row per school and year.
pub fn summary_csv(engine: &Engine, report: &Report) -> Result<Vec<u8>, csv::Error> {
    let d = &engine.dataset;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "school_id",
        "school_name",
        "level",
        "area",
        "year",
        "kind",
        "demand",
        "capacity",
        "shortfall",
        "spare",
        "utilization",
        "classes_needed",
        "classrooms",
        "avg_class_size",
        "flags",
        "warning",
    ])?;
    for r in &report.rows {
        let s = &d.schools[r.school];
        let flags = r.flags.labels(Lang::En).join(";");
        w.write_record([
            s.key().to_string(),
            s.name.clone(),
            s.level.name(Lang::En).to_string(),
            s.area.clone().unwrap_or_default(),
            r.year.to_string(),
            kind(r.kind).to_string(),
            round(r.demand, 1),
            opt(r.capacity, 1),
            round(r.shortfall, 1),
            round(r.spare, 1),
            opt(r.utilisation, 3),
            round(r.classes_needed, 0),
            opt(r.classrooms, 0),
            opt(r.avg_class_size, 1),
            flags,
            r.warning.name().to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// projection.csv: pupils by school, year and grade, observed then projected.
pub fn projection_csv(engine: &Engine, report: &Report) -> Result<Vec<u8>, csv::Error> {
    let d = &engine.dataset;
    let obs = &engine.observed;
    let p = &report.projection;
    let system = d.grade_system;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["school_id", "year", "grade", "pupils", "kind"])?;
    for r in &report.rows {
        let grades: Vec<f64> = match r.kind {
            RowKind::Observed => obs.grades(r.school, r.year).to_vec(),
            RowKind::Projected => p.grades(r.school, (r.year - p.base_year) as usize).to_vec(),
        };
        for (slot, pupils) in grades.iter().enumerate() {
            if *pupils <= 0.0 {
                continue;
            }
            let grade = crate::engine::observed::grade_of_slot(slot).label(system, Lang::En);
            w.write_record([
                d.schools[r.school].key().to_string(),
                r.year.to_string(),
                grade,
                round(*pupils, 1),
                kind(r.kind).to_string(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Write both tables into `dir` (each written atomically).
pub fn write(engine: &Engine, report: &Report, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    crate::fsutil::atomic_write(&dir.join("summary.csv"), &summary_csv(engine, report)?)?;
    crate::fsutil::atomic_write(
        &dir.join("projection.csv"),
        &projection_csv(engine, report)?,
    )?;
    Ok(())
}

/// The short printed summary: per level the peak shortfall and its year, the
/// schools short of seats in each of the next five years, the small schools.
pub fn text(engine: &Engine, report: &Report, lang: Lang) -> String {
    let d = &engine.dataset;
    let base = report.projection.base_year;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "学位预测：{} 年起，预测 {} 年（{}–{}）",
                base,
                report.projection.horizon,
                base + 1,
                base + report.projection.horizon as i32
            ),
            Lang::En => format!(
                "Seat projection from fall {base}, {} years ahead ({}–{})",
                report.projection.horizon,
                base + 1,
                base + report.projection.horizon as i32
            ),
        }
    );
    // Shortfall by level and year (sum over the schools of the level).
    let mut by_level: BTreeMap<Level, BTreeMap<i32, (f64, f64, f64)>> = BTreeMap::new();
    for r in report.rows.iter().filter(|r| r.kind == RowKind::Projected) {
        let e = by_level
            .entry(d.schools[r.school].level)
            .or_default()
            .entry(r.year)
            .or_default();
        e.0 += r.shortfall;
        e.1 += r.demand;
        e.2 += r.capacity.unwrap_or(0.0);
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick("各学段学位缺口峰值：", "Peak shortfall by level:")
    );
    for (level, years) in &by_level {
        let (peak_year, (peak, demand, cap)) = years
            .iter()
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0).then(b.0.cmp(a.0)))
            .map(|(y, v)| (*y, *v))
            .unwrap_or((base, (0.0, 0.0, 0.0)));
        let line = if peak > 0.0 {
            match lang {
                Lang::Zh => format!(
                    "  {}：{} 年缺 {} 个学位（需求 {}，容量 {}）",
                    level.name(lang),
                    peak_year,
                    thousands(peak.round() as i64),
                    thousands(demand.round() as i64),
                    thousands(cap.round() as i64)
                ),
                Lang::En => format!(
                    "  {}: {} seats short in {} (demand {}, capacity {})",
                    level.name(lang),
                    thousands(peak.round() as i64),
                    peak_year,
                    thousands(demand.round() as i64),
                    thousands(cap.round() as i64)
                ),
            }
        } else {
            match lang {
                Lang::Zh => format!("  {}：预测期内无缺口", level.name(lang)),
                Lang::En => format!("  {}: no shortfall over the horizon", level.name(lang)),
            }
        };
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "未来五年学位不足的学校：",
            "Schools short of seats in the next five years:"
        )
    );
    for y in base + 1..=base + 5.min(report.projection.horizon as i32) {
        let mut short: Vec<(&str, f64)> = report
            .rows
            .iter()
            .filter(|r| r.year == y && r.kind == RowKind::Projected && r.shortfall > 0.0)
            .map(|r| (d.schools[r.school].name.as_str(), r.shortfall))
            .collect();
        short.sort_by(|a, b| b.1.total_cmp(&a.1));
        let names: Vec<String> = short
            .iter()
            .map(|(n, s)| format!("{n} −{}", thousands(s.round() as i64)))
            .collect();
        let _ = writeln!(
            out,
            "  {y}: {} {}{}",
            short.len(),
            lang.pick("所：", "— "),
            names.join(lang.pick("，", ", "))
        );
    }
    let small: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| r.year == base && r.kind == RowKind::Observed && r.flags.small_school)
        .map(|r| d.schools[r.school].name.as_str())
        .collect();
    let names = small.join(lang.pick("，", ", "));
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "小规模学校（{base} 年不足 100 人）：{} 所：{names}",
                small.len()
            ),
            Lang::En => format!(
                "Small schools (under 100 pupils in {base}): {} — {names}",
                small.len()
            ),
        }
    );
    out
}
