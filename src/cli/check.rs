//! `seatcast check`: what the files hold, and every problem in them.

use crate::diagnostics::Severity;
use crate::grades::Level;
use crate::i18n::{Lang, thousands};
use crate::import::{LoadFailure, Loaded};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report `seatcast check` prints.
pub fn check_report(result: &Result<Loaded, LoadFailure>, lang: Lang) -> String {
    let mut out = String::new();
    match result {
        Err(failure) => {
            let errors = failure.errors().count();
            for p in &failure.problems {
                let _ = writeln!(out, "{}", p.line(lang));
            }
            // One problem is one line; a longer list gets a closing count.
            if failure.problems.len() == 1 {
                return out;
            }
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
        let areas: Vec<String> = by_area.iter().map(|(a, n)| format!("{a} {n}")).collect();
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("各乡镇学校数：", "Schools by area: "),
            areas.join(lang.pick("，", ", "))
        );
    }
    let years = d.fall_years();
    if let (Some(a), Some(b)) = (years.first(), years.last()) {
        let _ = writeln!(
            out,
            "{}{a}–{b}{}{} {}{}",
            lang.pick("在校生年份：", "Fall years: "),
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
    let _ = writeln!(
        out,
        "{}",
        lang.pick("各年在校生总数：", "Pupils per fall year:")
    );
    for (y, n) in d.pupils_by_year() {
        let _ = writeln!(out, "  {y}  {:>9}", thousands(n.round() as i64));
    }
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
        for p in &loaded.warnings {
            let _ = writeln!(out, "  {}", p.line(lang));
        }
    }
}
