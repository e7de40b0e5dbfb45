//! `seatcast report`: the projection as CSV tables and a short summary.

use crate::engine::outcome::{PlanFigures, RowKind};
use crate::engine::scenario::Scenario;
use crate::engine::{Engine, EngineError, Outcome};
use crate::i18n::{Lang, thousands};
use crate::text::labels::*;
use std::fmt::Write as _;

/// Everything a report shows: the engine's run of the scenario (its
/// outcome with the teachers and ledger derived from it).
pub type Report = crate::engine::Run;

pub fn build(engine: &Engine, scenario: &Scenario) -> Result<Report, EngineError> {
    engine.run(scenario, &[], crate::engine::Wants::default())
}

pub use crate::export::files::{projection_csv, summary_csv};

/// The short printed summary: per level the peak shortfall and its year, the
/// schools short of seats in each of the next five years, the small schools.
pub fn text(report: &Outcome, lang: Lang) -> String {
    let d = &report.dataset;
    let base = report.projection.base_year;
    let mut out = actions_text(&report.scenario, lang);
    out.push_str(&crate::text::plan::set_aside_lines(&report.set_aside, lang));
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
    let method = crate::text::method::method_lines(report, lang);
    let _ = writeln!(
        out,
        "{}{}",
        lang.pick("方法：", "Method: "),
        method.first().cloned().unwrap_or_default()
    );
    for line in method.iter().skip(1) {
        let _ = writeln!(out, "  {line}");
    }
    let bounded = crate::text::method::bounded_lines(report, lang);
    if !bounded.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "数据问题（比率失控，已封顶）：",
                "Data problems (runaway ratios, held back):"
            )
        );
        for line in &bounded {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Some(b) = &report.bands {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "80% 可能区间：取本数据回测中 {}–{} 年的 {} 个学校误差（summary.csv 的 demand_low / demand_high）",
                    b.target_falls.0, b.target_falls.1, b.errors
                ),
                Lang::En => format!(
                    "80 % ranges: from {} school errors of this method on this data, falls {}–{} (demand_low / demand_high in summary.csv)",
                    b.errors, b.target_falls.0, b.target_falls.1
                ),
            }
        );
    }
    if !report.outliers.is_empty() {
        let years: Vec<String> = report.outliers.iter().map(|y| y.to_string()).collect();
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick(
                "异常学年（骤升骤降后回落），已不作为数据：",
                "Outlier falls (a jump that came back), left out as data: "
            ),
            years.join(", ")
        );
    }
    levels_text(&mut out, report, lang);
    short_text(&mut out, report, lang);
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

/// Each level's peak shortfall, its year and what it rests on.
fn levels_text(out: &mut String, report: &Outcome, lang: Lang) {
    let _ = writeln!(
        out,
        "{}",
        lang.pick("各学段学位缺口峰值：", "Peak shortfall by level:")
    );
    for p in &report.headline.levels {
        let (level, peak_year, peak, demand, cap) =
            (p.level, p.year, p.shortfall, p.demand, p.capacity);
        let line = if p.capacity_unknown() {
            format!(
                "  {}{}{}",
                level.name(lang),
                lang.pick("：", ": "),
                crate::text::headline::capacity_unknown(p, lang)
            )
        } else if peak > 0.0 {
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
        // Empty where capacity is known for all, or for none.
        let line = line + &crate::text::headline::capacity_coverage(p, lang);
        let _ = writeln!(out, "{line}");
    }
}

/// The schools short of seats in each of the next five years (where
/// capacity is known at all).
fn short_text(out: &mut String, report: &Outcome, lang: Lang) {
    let (d, base) = (&report.dataset, report.projection.base_year);
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "未来五年学位不足的学校：",
            "Schools short of seats in the next five years:"
        )
    );
    let known = report.rows.iter().any(|r| r.capacity.is_some());
    if !known {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "容量未知（没有学校有教室数或核定学位），无法判断哪些学校学位不足。",
                "Capacity unknown (no school has classrooms or approved seats): which schools fall short cannot be judged."
            )
        );
    }
    for y in (base + 1..=base + 5.min(report.projection.horizon as i32)).filter(|_| known) {
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
}

/// The scenario's actions, one per line, when it has any.
pub fn actions_text(scenario: &Scenario, lang: Lang) -> String {
    let mut out = String::new();
    if scenario.actions.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!("规划措施（{} 项）：", scenario.actions.len()),
            Lang::En => format!("Plan actions ({}):", scenario.actions.len()),
        }
    );
    for (i, a) in scenario.actions.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {}",
            i + 1,
            crate::text::plan::describe_action(a, lang)
        );
    }
    out
}

/// `seatcast plan`'s printout: the actions, then the figures before and after.
pub fn plan_text(plan: &Scenario, before: &PlanFigures, after: &PlanFigures, lang: Lang) -> String {
    let mut out = actions_text(plan, lang);
    let _ = writeln!(
        out,
        "{:<40} {:>14} {:>14}",
        lang.pick("指标", "figure"),
        lang.pick("原情景", "before"),
        lang.pick("建议方案", "suggested")
    );
    for ((label, b), (_, a)) in crate::text::plan::figure_rows(before, lang)
        .into_iter()
        .zip(crate::text::plan::figure_rows(after, lang))
    {
        let _ = writeln!(out, "  {label:<38} {b:>14} {a:>14}");
    }
    out
}

/// Every candidate's school MAPE by horizon beside the default's: the
/// figures the default's choice is read against.
pub fn candidates_text(
    table: &[(
        crate::engine::scenario::Candidate,
        Vec<crate::engine::accuracy::HorizonScore>,
    )],
    default: &[crate::engine::accuracy::HorizonScore],
    with_entrants: bool,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let horizons = default.len();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "各候选方法在同一批起点上的学校 MAPE%（每个方法全程固定使用；* 为事后看最好的）：",
            "Every candidate's school MAPE % on the same origins (each used throughout; * the best in hindsight):"
        )
    );
    let best: Vec<f64> = (0..horizons)
        .map(|h| {
            table
                .iter()
                .filter_map(|(_, s)| s.get(h).map(|x| x.school_mape))
                .filter(|x| x.is_finite())
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let row = |out: &mut String, name: &str, scores: &[crate::engine::accuracy::HorizonScore]| {
        let _ = write!(out, "  {name:<40}");
        for (h, s) in scores.iter().enumerate() {
            let mark = if (s.school_mape - best[h]).abs() < 1e-9 {
                "*"
            } else {
                " "
            };
            let _ = write!(out, "{:>8.2}{mark}", s.school_mape);
        }
        let _ = writeln!(out);
    };
    for (c, s) in table {
        row(&mut out, &c.label(lang, with_entrants), s);
    }
    row(
        &mut out,
        lang.pick(
            "默认（自动，逐起点按已知误差选择）",
            "default (auto, chosen at each origin)",
        ),
        default,
    );
    out
}

/// What the default uses at the base fall and why.
pub fn choice_text(
    choice: &crate::engine::accuracy::Choice,
    with_entrants: bool,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!("默认方法（{} 年起）：", choice.base_year),
            Lang::En => format!("The default from fall {}:", choice.base_year),
        }
    );
    for line in crate::text::method::choice_lines(choice, lang, with_entrants) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The choice for scripts.
pub fn choice_json(
    choice: &crate::engine::accuracy::Choice,
    with_entrants: bool,
) -> serde_json::Value {
    serde_json::json!({
        "base_year": choice.base_year,
        "fallback": choice.is_fallback(),
        "horizons": choice.overall.iter().enumerate().map(|(h, (m, basis))| serde_json::json!({
            "h": h + 1,
            "candidates": m.members.iter().map(|i| choice.candidates[*i].label(Lang::En, with_entrants)).collect::<Vec<_>>(),
            "weights": m.weights,
            "basis": basis,
            "known_comparisons": choice.n_known[h],
        })).collect::<Vec<_>>(),
        "county": choice.county.iter().enumerate().map(|(h, m)| m.as_ref().map(|m| serde_json::json!({
            "h": h + 1,
            "candidates": m.members.iter().map(|i| choice.candidates[*i].label(Lang::En, with_entrants)).collect::<Vec<_>>(),
            "weights": m.weights,
        }))).collect::<Vec<_>>(),
        "known_school_mape": choice.candidates.iter().zip(&choice.known).map(|(c, k)| serde_json::json!({
            "candidate": c.label(Lang::En, with_entrants),
            "mape": k,
        })).collect::<Vec<_>>(),
    })
}
