//! The projection method in words, for the report, the workbook and the
//! window: which candidates the default uses on this data and why, how
//! entrants come where births are missing, and the cohorts the robust bound
//! held back. Language lives here, at the edge; the engine only decides.

use crate::engine::Outcome;
use crate::engine::accuracy::{Basis, Choice, Pick};
use crate::engine::scenario::{Candidate, Method};
use crate::i18n::{Lang, thousands};
use crate::text::labels::*;

/// The candidates of a choice as "A + B".
/// The candidates of a pick as "A (70 %) + B (30 %)".
fn names(choice: &Choice, pick: &Pick, lang: Lang, with_entrants: bool) -> String {
    let one = pick.members.len() == 1;
    pick.members
        .iter()
        .zip(&pick.weights)
        .filter_map(|(&i, w)| choice.candidates.get(i).map(|c| (c, w)))
        .map(|(c, w)| {
            let name = c.label(lang, with_entrants);
            if one {
                name
            } else {
                format!("{name} ({:.0} %)", w * 100.0)
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// What the default uses, one line per run of horizons with the same candidates.
pub fn choice_lines(choice: &Choice, lang: Lang, with_entrants: bool) -> Vec<String> {
    let mut out = Vec::new();
    if choice.is_fallback() {
        let fallback = choice
            .overall
            .first()
            .map(|p| names(choice, &p.0, lang, with_entrants))
            .unwrap_or_default();
        out.push(match lang {
            Lang::Zh => format!("数据的学年太少，尚不能回测：采用 {fallback}。"),
            Lang::En => format!("Too few falls for any backtest yet: {fallback}."),
        });
        return out;
    }
    let mut h = 0;
    while h < choice.overall.len() {
        let (pick, basis) = &choice.overall[h];
        let mut end = h;
        while end + 1 < choice.overall.len() && choice.overall[end + 1].0.members == pick.members {
            end += 1;
        }
        let span = if h == end {
            format!("{}", h + 1)
        } else {
            format!("{}–{}", h + 1, end + 1)
        };
        let mapes: Vec<String> = pick
            .members
            .iter()
            .filter_map(|&i| {
                choice
                    .known
                    .get(i)
                    .and_then(|k| k.get(h))
                    .copied()
                    .flatten()
            })
            .map(|m| format!("{m:.2}"))
            .collect();
        let why = match (basis, lang) {
            (Basis::Fallback, Lang::Zh) => "尚无回测结果".to_string(),
            (Basis::Fallback, Lang::En) => "nothing backtested yet".to_string(),
            (_, Lang::Zh) => format!(
                "{} 年起已知误差最小的两个，按误差加权；{} 年后学校 MAPE {} %（{} 个对比）",
                choice.base_year,
                h + 1,
                mapes.join(" / "),
                choice.n_known[h]
            ),
            (_, Lang::En) => format!(
                "the two with the smallest errors known at fall {}, weighted by them; school MAPE {} {} ahead {} % over {} comparisons",
                choice.base_year,
                h + 1,
                if h == 0 { "year" } else { "years" },
                mapes.join(" / "),
                choice.n_known[h]
            ),
        };
        out.push(match lang {
            Lang::Zh => format!(
                "{span} 年后：{}（{why}）",
                names(choice, pick, lang, with_entrants)
            ),
            Lang::En => format!(
                "{span} {} ahead: {} ({why})",
                if span == "1" { "year" } else { "years" },
                names(choice, pick, lang, with_entrants)
            ),
        });
        h = end + 1;
    }
    out.push(match lang {
        Lang::Zh => format!("更远的年份同 {} 年后。", choice.overall.len()),
        Lang::En => format!("Further ahead as at {} years.", choice.overall.len()),
    });
    // The totals the schools are scaled to.
    if let Some(Some(county)) = choice.county.first() {
        let core_only = county
            .members
            .iter()
            .all(|&i| choice.candidates.get(i).is_some_and(Candidate::in_core))
            && county.members.len() < crate::engine::accuracy::COMBINE_TOTALS;
        out.push(match (lang, core_only) {
            (Lang::Zh, false) => format!(
                "全县合计：1 年后 {}（{} 年起全县合计误差最小的三个，按误差平方加权）；各校按比例调整，使其合计等于所选合计。",
                names(choice, county, lang, with_entrants),
                choice.base_year
            ),
            (Lang::Zh, true) => format!(
                "全县合计：1 年后 {}（已知的历年合计不足三个，只在教科书 n=3 与维持现状之间按 {} 年起的误差平方加权）；各校按比例调整，使其合计等于所选合计。",
                names(choice, county, lang, with_entrants),
                choice.base_year
            ),
            (Lang::En, false) => format!(
                "County total: one year ahead {} (the three whose county totals erred least, by squared error, as known at fall {}, weighted by it); the schools are scaled to sum to it.",
                names(choice, county, lang, with_entrants),
                choice.base_year
            ),
            (Lang::En, true) => format!(
                "County total: one year ahead {} (fewer than three origins' totals known, so only the textbook n = 3 and persistence, weighted by their squared errors as known at fall {}); the schools are scaled to sum to it.",
                names(choice, county, lang, with_entrants),
                choice.base_year
            ),
        });
    }
    for (level, picks) in &choice.level_totals {
        let first = picks
            .first()
            .map(|m| names(choice, m, lang, with_entrants))
            .unwrap_or_default();
        out.push(match lang {
            Lang::Zh => format!(
                "{}合计另按其合计误差选择：1 年后 {first}。",
                level.name(lang)
            ),
            Lang::En => format!(
                "The {} total is chosen by its own totals' errors: one year ahead {first}.",
                level.name(lang)
            ),
        });
    }
    if choice.county.first().is_some_and(Option::is_some) && !choice.levels_following.is_empty() {
        let names: Vec<&str> = choice
            .levels_following
            .iter()
            .map(|l| l.name(lang))
            .collect();
        out.push(match lang {
            Lang::Zh => format!(
                "{}的合计随全县合计所选方法（其已知的历年合计不足三个）。",
                names.join("、")
            ),
            Lang::En => format!(
                "The {} totals follow the county total's candidates (fewer than three origins of their own known).",
                names.join(", ")
            ),
        });
    }
    out
}

/// The method in a few lines: its name, and for the default what it uses
/// and why; how entrants come where births are missing; what the robust
/// bound held back.
pub fn method_lines(o: &Outcome, lang: Lang) -> Vec<String> {
    let s = &o.scenario;
    let mut out = vec![match (s.method, lang) {
        (Method::Textbook, Lang::Zh) => format!(
            "{}（近 {} 年，{}）",
            s.method.label(lang),
            s.window(),
            Candidate::of(s).label(lang, false)
        ),
        (Method::Textbook, Lang::En) => format!(
            "{} ({})",
            s.method.label(lang),
            Candidate::of(s).label(lang, false)
        ),
        _ => s.method.label(lang).to_string(),
    }];
    if let Some(c) = &o.choice {
        out.extend(choice_lines(c, lang, o.births_missing));
    }
    if o.births_missing && s.method != Method::Persistence {
        out.push(match lang {
            Lang::Zh => "部分学校所在片区没有出生数据：其入学年级按本校入学年级的历年人数推算（近三年平均或近五年趋势）。".to_string(),
            Lang::En => "Some schools' areas have no births: their entry grade is projected from its own recent falls (the last three falls' mean or the last five's damped trend).".to_string(),
        });
    }
    if !s.robust {
        out.push(
            lang.pick(
                "不加防护：按 domain 文档原样计算（小分母、零星学生、失控的队列都不处理）。",
                "Exact: the textbook method exactly as written in docs/method.md (no guard on tiny denominators, stray pupils or runaway cohorts).",
            )
            .into(),
        );
    }
    out
}

/// The cohorts the robust bound held back, one line each (for the data problems).
pub fn bounded_lines(o: &Outcome, lang: Lang) -> Vec<String> {
    let system = o.dataset.grade_system;
    o.projection
        .bounded
        .iter()
        .filter_map(|b| {
            let school = o.dataset.schools.get(b.school)?;
            let grade = crate::engine::method::grade_of_slot(b.slot).label(system, lang);
            Some(match lang {
                Lang::Zh => format!(
                    "“{}”{}年{}：比率推出 {} 人，超过本校历年最大年级人数的 {} 倍，已按 {} 人封顶——请核对该校的数据（如年级调整、零星学生）。",
                    school.name,
                    b.year,
                    grade,
                    thousands(b.projected.round() as i64),
                    crate::engine::method::BOUND_FACTOR,
                    thousands(b.bound.round() as i64)
                ),
                Lang::En => format!(
                    "\"{}\" {} in fall {}: the ratios give {}, over {}× the school's largest cohort, held at {}; check the school's data (a change of grades, stray pupils).",
                    school.name,
                    grade,
                    b.year,
                    thousands(b.projected.round() as i64),
                    crate::engine::method::BOUND_FACTOR,
                    thousands(b.bound.round() as i64)
                ),
            })
        })
        .collect()
}

/// The rule the default is held to, one line per horizon and one for the
/// county errors' sum (docs/method.md, "The rule").
pub fn rule_lines(
    rule: &crate::engine::accuracy::Rule,
    with_entrants: bool,
    lang: Lang,
) -> Vec<String> {
    use crate::engine::accuracy::{
        Against, COUNTY_POINTS, COUNTY_RATIO, COUNTY_SUM_RATIO, SCHOOL_RATIO,
    };
    let verdict = |a: &Against| match (a.holds, lang) {
        (true, Lang::Zh) => "成立",
        (false, Lang::Zh) => "不成立",
        (true, Lang::En) => "holds",
        (false, Lang::En) => "fails",
    };
    let side = |a: &Against| {
        let (own, reference, ratio) = (a.own, a.reference, a.ratio());
        let lower = a.lower.label(lang, with_entrants);
        let verdict = verdict(a);
        match lang {
            Lang::Zh => {
                format!("默认 {own:.2} % 对 {reference:.2} %（{lower}），{ratio:.3} 倍，{verdict}")
            }
            Lang::En => format!(
                "default {own:.2} % against {reference:.2} % ({lower}), {ratio:.3} ×, {verdict}"
            ),
        }
    };
    // Where it misses: "schools 2, 5; county 3–5; county sum".
    let years = |pick: fn(&crate::engine::accuracy::HorizonRule) -> bool| -> Vec<String> {
        rule.horizons
            .iter()
            .filter(|h| !pick(h))
            .map(|h| h.h.to_string())
            .collect()
    };
    let (schools, county) = (years(|h| h.schools.holds), years(|h| h.county.holds));
    let mut misses: Vec<String> = Vec::new();
    if !schools.is_empty() {
        misses.push(match lang {
            Lang::Zh => format!("学校 {} 年后", schools.join("、")),
            Lang::En => format!("schools {} years ahead", schools.join(", ")),
        });
    }
    if !county.is_empty() {
        misses.push(match lang {
            Lang::Zh => format!("全县合计 {} 年后", county.join("、")),
            Lang::En => format!("county total {} years ahead", county.join(", ")),
        });
    }
    if !rule.county_sum.holds {
        misses.push(
            lang.pick(
                "全县合计各年限误差之和",
                "county total errors summed over the horizons",
            )
            .to_string(),
        );
    }
    let mut out = vec![match (lang, misses.is_empty()) {
        (Lang::Zh, true) => "规则成立：每个预测年限都不逊于教科书 n=3 平均与维持现状中较好者。".to_string(),
        (Lang::Zh, false) => format!(
            "规则未全部成立：默认方法应不逊于教科书 n=3 平均与维持现状中较好者；未达到：{}。",
            misses.join("；")
        ),
        (Lang::En, true) => "The rule holds: at every horizon no worse than the better of the textbook n=3 mean and persistence.".to_string(),
        (Lang::En, false) => format!(
            "The rule does not hold everywhere: the default should be no worse than the better of the textbook n=3 mean and persistence; it misses: {}.",
            misses.join("; ")
        ),
    }];
    for h in &rule.horizons {
        out.push(match lang {
            Lang::Zh => format!(
                "  {} 年后：学校（≤{SCHOOL_RATIO} 倍）{}；全县（≤{COUNTY_RATIO} 倍或 +{COUNTY_POINTS} 个百分点）{}",
                h.h,
                side(&h.schools),
                side(&h.county)
            ),
            Lang::En => format!(
                "  {} {} ahead: schools (≤ {SCHOOL_RATIO} ×) {}; county (≤ {COUNTY_RATIO} × or + {COUNTY_POINTS} points) {}",
                h.h,
                if h.h == 1 { "year" } else { "years" },
                side(&h.schools),
                side(&h.county)
            ),
        });
    }
    out.push(match lang {
        Lang::Zh => format!(
            "  全县误差之和（≤{COUNTY_SUM_RATIO} 倍）：{}",
            side(&rule.county_sum)
        ),
        Lang::En => format!(
            "  County errors summed over the horizons (≤ {COUNTY_SUM_RATIO} ×): {}",
            side(&rule.county_sum)
        ),
    });
    out
}
