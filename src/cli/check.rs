//! `seatcast check`: what the files hold, how they were read, and every
//! problem in them — as text for the planner or as JSON for scripts.

use crate::diagnostics::{Problem, Severity, group};
use crate::grades::{Grade, GradeSystem, Level};
use crate::i18n::{Lang, thousands};
use crate::import::{LoadFailure, Loaded, NoteLine};
use crate::model::Dataset;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The stages pupils are counted in, in order.
const STAGES: [Level; 4] = [
    Level::Kindergarten,
    Level::Primary,
    Level::Junior,
    Level::Senior,
];

/// Pupils per fall: the total, by grade and by stage.
pub struct YearCounts {
    pub year: i32,
    pub pupils: f64,
    pub by_grade: BTreeMap<Grade, f64>,
    pub by_stage: BTreeMap<Level, f64>,
}

pub fn year_counts(d: &Dataset) -> Vec<YearCounts> {
    let mut out: BTreeMap<i32, YearCounts> = BTreeMap::new();
    for e in &d.enrolment {
        let y = out.entry(e.year).or_insert_with(|| YearCounts {
            year: e.year,
            pupils: 0.0,
            by_grade: BTreeMap::new(),
            by_stage: BTreeMap::new(),
        });
        y.pupils += e.pupils;
        *y.by_grade.entry(e.grade).or_insert(0.0) += e.pupils;
        *y.by_stage
            .entry(d.grade_system.stage_of(e.grade))
            .or_insert(0.0) += e.pupils;
    }
    out.into_values().collect()
}

/// A grade as the JSON names it: `K`, `PK`, `1` … `12` in English, the
/// Chinese grade names in Chinese.
fn grade_key(g: Grade, system: GradeSystem, lang: Lang) -> String {
    match (lang, g.0) {
        (Lang::Zh, _) => g.label(system, lang),
        (Lang::En, n) if n > 0 => n.to_string(),
        (Lang::En, _) => g.label(system, lang),
    }
}

/// A stage's name in the table: in a K-12 system the years before K are pre-K.
fn stage_name(l: Level, system: GradeSystem, lang: Lang) -> &'static str {
    match (l, system) {
        (Level::Kindergarten, GradeSystem::K12) => lang.pick("学前（PK）", "pre-K"),
        (Level::Primary, GradeSystem::K12) => lang.pick("小学（K–5）", "elementary"),
        (Level::Junior, GradeSystem::K12) => lang.pick("初中（6–8）", "middle"),
        (Level::Senior, GradeSystem::K12) => lang.pick("高中（9–12）", "high"),
        (l, _) => l.name(lang),
    }
}

fn stage_key(l: Level) -> &'static str {
    match l {
        Level::Kindergarten => "kindergarten",
        Level::Primary => "primary",
        Level::Junior => "junior",
        _ => "senior",
    }
}

/// The report `seatcast check` prints.
pub fn check_report(result: &Result<Loaded, LoadFailure>, lang: Lang) -> String {
    let mut out = String::new();
    match result {
        Err(failure) => {
            let errors = failure.errors().count();
            problems_text(&mut out, &failure.problems, lang);
            // One problem is one line; a longer list gets a closing count.
            if failure.problems.len() == 1 && failure.notes.is_empty() {
                return out;
            }
            notes_text(&mut out, &failure.notes, GradeSystem::default(), lang);
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("无法载入：{errors} 个错误。请按上面列出的单元格修改后重试。"),
                    Lang::En => format!(
                        "Cannot load: {errors} error(s). Fix the cells listed above and try again."
                    ),
                }
            );
        }
        Ok(loaded) => summary(&mut out, loaded, lang),
    }
    out
}

/// Most areas listed by name in the summary; past it, a count and the
/// largest few, so the line stays short for a 300-township county.
const AREAS_LISTED: usize = 12;
const AREAS_LARGEST: usize = 5;

/// Schools per area as one short line: every area where there are few,
/// else how many areas and the largest.
fn area_counts(by_area: &BTreeMap<String, usize>, lang: Lang) -> String {
    let sep = lang.pick("，", ", ");
    if by_area.len() <= AREAS_LISTED {
        let areas: Vec<String> = by_area.iter().map(|(a, n)| format!("{a} {n}")).collect();
        return areas.join(sep);
    }
    let mut largest: Vec<(&String, &usize)> = by_area.iter().collect();
    largest.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = largest
        .iter()
        .take(AREAS_LARGEST)
        .map(|(a, n)| format!("{a} {n}"))
        .collect();
    match lang {
        Lang::Zh => format!("{} 个地区，最多的：{}……", by_area.len(), top.join(sep)),
        Lang::En => format!("{} areas; the largest: {}, …", by_area.len(), top.join(sep)),
    }
}

/// Problems one line per kind: a count and the first cells.
fn problems_text(out: &mut String, problems: &[Problem], lang: Lang) {
    for g in group(problems) {
        let _ = writeln!(out, "{}", g.line(lang));
    }
}

fn notes_text(out: &mut String, notes: &[NoteLine], system: GradeSystem, lang: Lang) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick("读取方式：", "How the files were read:")
    );
    for n in notes {
        let _ = writeln!(out, "  - {}", n.line(lang, system));
    }
}

fn summary(out: &mut String, loaded: &Loaded, lang: Lang) {
    let d = &loaded.dataset;
    let zh = lang == Lang::Zh;
    let _ = writeln!(
        out,
        "{}",
        lang.pick("Seatcast 数据检查", "Seatcast data check")
    );
    for s in &d.sources {
        let _ = writeln!(out, "  {}", s.file);
        for sh in &s.sheets {
            let _ = writeln!(
                out,
                "    {} — {}, {} {}",
                sh.name,
                sh.kind.name(lang),
                sh.rows,
                lang.pick("行", "rows")
            );
        }
    }
    let system_note = if loaded.grade_system_inferred {
        lang.pick(
            "（由年级标签推断，可用 --grades 指定）",
            " (inferred from the grade labels; override with --grades)",
        )
    } else {
        lang.pick("（指定）", " (as given)")
    };
    let _ = writeln!(
        out,
        "{}{}{}",
        lang.pick("学制：", "Grade system: "),
        d.grade_system,
        system_note
    );

    let by_level = d.schools_by_level();
    let levels: Vec<String> = Level::ALL
        .iter()
        .filter_map(|l| by_level.get(l).map(|n| format!("{} {n}", l.name(lang))))
        .collect();
    let _ = writeln!(
        out,
        "{}{}{}{}{}",
        lang.pick("学校：", "Schools: "),
        d.schools.len(),
        lang.pick("（", " ("),
        levels.join(lang.pick("，", ", ")),
        lang.pick("）", ")")
    );
    let mut by_area: BTreeMap<String, usize> = BTreeMap::new();
    for s in &d.schools {
        *by_area
            .entry(
                s.area
                    .clone()
                    .unwrap_or_else(|| lang.pick("（未填）", "(none)").into()),
            )
            .or_insert(0) += 1;
    }
    if by_area.len() > 1 || d.schools.iter().any(|s| s.area.is_some()) {
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("各乡镇学校数：", "Schools by area: "),
            area_counts(&by_area, lang)
        );
    }
    let years = d.fall_years();
    if let (Some(a), Some(b)) = (years.first(), years.last()) {
        let _ = writeln!(
            out,
            "{}{a}–{b}{}{} {}{}",
            lang.pick("在校生年份（秋季）：", "Fall years: "),
            lang.pick("（", " ("),
            years.len(),
            lang.pick("年", "years"),
            lang.pick("）", ")")
        );
    }
    let births = d.birth_years();
    if let (Some(a), Some(b)) = (births.first(), births.last()) {
        let areas = d
            .births
            .iter()
            .filter_map(|b| b.area.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let _ = writeln!(
            out,
            "{}{a}–{b}{}{} {}{}{} {}{}",
            lang.pick("出生人口年份：", "Birth years: "),
            lang.pick("（", " ("),
            births.len(),
            lang.pick("年", "years"),
            lang.pick("，", ", "),
            areas.max(1),
            lang.pick("个地区", "area(s)"),
            lang.pick("）", ")")
        );
    }
    notes_text(out, &loaded.notes, d.grade_system, lang);
    pupils_table(out, d, lang);
    let warnings = loaded
        .warnings
        .iter()
        .filter(|p| p.severity() == Severity::Warning)
        .count();
    if warnings == 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("没有警告，没有错误。", "No warnings, no errors.")
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            if zh {
                format!("{warnings} 条警告（数据已载入）：")
            } else {
                format!("{warnings} warning(s) (the data loaded):")
            }
        );
        for g in group(&loaded.warnings) {
            let _ = writeln!(out, "  {}", g.line(lang));
        }
    }
}

/// The pupils of each fall, in all and by stage.
fn pupils_table(out: &mut String, d: &crate::model::Dataset, lang: Lang) {
    let counts = year_counts(d);
    let stages: Vec<Level> = STAGES
        .into_iter()
        .filter(|s| counts.iter().any(|c| c.by_stage.contains_key(s)))
        .collect();
    let _ = write!(
        out,
        "{}\n  {:<6}{:>10}",
        lang.pick("各年在校生数：", "Pupils per fall year:"),
        "",
        lang.pick("合计", "total")
    );
    for s in &stages {
        let _ = write!(out, "{:>14}", stage_name(*s, d.grade_system, lang));
    }
    let _ = writeln!(out);
    for c in &counts {
        let _ = write!(
            out,
            "  {:<6}{:>10}",
            c.year,
            thousands(c.pupils.round() as i64)
        );
        for s in &stages {
            let n = c.by_stage.get(s).copied().unwrap_or(0.0);
            let _ = write!(out, "{:>14}", thousands(n.round() as i64));
        }
        let _ = writeln!(out);
    }
}

fn problem_json(p: &Problem, lang: Lang) -> Value {
    json!({
        "file": p.location.file,
        "sheet": p.location.sheet,
        "cell": p.location.cell.map(|c| c.to_string()),
        "kind": p.kind.code(),
        "message": p.kind.message(lang),
    })
}

/// The same facts as the text, for scripts:
/// `{"loaded", "schools", "years": [{"year", "pupils", "by_grade", "by_level"}], "errors", "warnings", …}`.
pub fn check_json(result: &Result<Loaded, LoadFailure>, lang: Lang) -> Value {
    match result {
        Err(f) => {
            let (errors, warnings): (Vec<&Problem>, Vec<&Problem>) =
                f.problems.iter().partition(|p| p.is_error());
            json!({
                "loaded": false,
                "schools": 0,
                "years": [],
                "notes": f.notes.iter().map(|n| n.line(lang, GradeSystem::default())).collect::<Vec<_>>(),
                "errors": errors.iter().map(|p| problem_json(p, lang)).collect::<Vec<_>>(),
                "warnings": warnings.iter().map(|p| problem_json(p, lang)).collect::<Vec<_>>(),
            })
        }
        Ok(l) => {
            let d = &l.dataset;
            let system = d.grade_system;
            let years: Vec<Value> = year_counts(d)
                .iter()
                .map(|c| {
                    let by_grade: serde_json::Map<String, Value> = c
                        .by_grade
                        .iter()
                        .map(|(g, n)| (grade_key(*g, system, lang), json!(n)))
                        .collect();
                    let by_level: serde_json::Map<String, Value> = c
                        .by_stage
                        .iter()
                        .map(|(s, n)| (stage_key(*s).to_string(), json!(n)))
                        .collect();
                    json!({
                        "year": c.year,
                        "pupils": c.pupils,
                        "by_grade": by_grade,
                        "by_level": by_level,
                    })
                })
                .collect();
            // What the places joined: schools with a place, the boundary
            // areas read, and the schools that fall inside one.
            let located = d.schools.iter().filter(|s| s.coords.is_some()).count();
            let index = crate::places::areas::AreaIndex::new(&d.boundaries);
            let in_areas = d
                .schools
                .iter()
                .filter(|s| match s.coords {
                    Some(crate::model::Coords::LonLat { lon, lat }) => {
                        index.find(lon, lat).is_some()
                    }
                    _ => false,
                })
                .count();
            json!({
                "loaded": true,
                "schools": d.schools.len(),
                "located": located,
                "areas": d.boundaries.len(),
                "in_areas": in_areas,
                "grade_system": system.name(),
                "years": years,
                "notes": l.notes.iter().map(|n| n.line(lang, system)).collect::<Vec<_>>(),
                "errors": [],
                "warnings": l.warnings.iter().map(|p| problem_json(p, lang)).collect::<Vec<_>>(),
            })
        }
    }
}

#[cfg(test)]
mod area_tests {
    use super::*;

    #[test]
    fn many_areas_give_a_count_and_the_largest() {
        let few: BTreeMap<String, usize> =
            [("东关".to_string(), 3), ("西街".to_string(), 1)].into();
        assert_eq!(area_counts(&few, Lang::En), "东关 3, 西街 1");
        let many: BTreeMap<String, usize> =
            (0..300).map(|i| (format!("乡{i:03}"), 1 + i % 7)).collect();
        let line = area_counts(&many, Lang::En);
        assert_eq!(
            line,
            "300 areas; the largest: 乡006 7, 乡013 7, 乡020 7, 乡027 7, 乡034 7, …"
        );
    }
}
