//! The layout optimiser's answer in words: one line per decision, e.g.
//! "关闭 西沟教学点（2027）：13 人并入 清水乡中心小学，3.6 km，10 分钟；每年节省 9.2 万元",
//! and the summary of a plan against the greedy one.

use super::compliance::money;
use crate::engine::optimise::{Decision, Optimised, Stop, Totals};
use crate::i18n::Lang;
use crate::model::Dataset;

fn name(d: &Dataset, s: usize) -> String {
    d.schools
        .get(s)
        .map_or_else(|| format!("#{s}"), |x| x.name.clone())
}

/// One decision in one line.
pub fn decision_line(d: &Dataset, dec: &Decision, lang: Lang) -> String {
    match dec {
        Decision::Close {
            school,
            year,
            pupils,
            to,
            saving_per_year,
        } => {
            let parts: Vec<String> = to
                .iter()
                .map(|s| {
                    let who = s
                        .school
                        .map_or_else(|| s.new_school.clone().unwrap_or_default(), |j| name(d, j));
                    match lang {
                        Lang::Zh => format!(
                            "{:.0} 人并入 {who}，{:.1} km，{:.0} 分钟",
                            s.pupils, s.km, s.minutes
                        ),
                        Lang::En => format!(
                            "{:.0} pupils to {who}, {:.1} km, {:.0} min",
                            s.pupils, s.km, s.minutes
                        ),
                    }
                })
                .collect();
            if parts.is_empty() {
                return match lang {
                    Lang::Zh => format!("关闭 {}（{year}）：已无学生", name(d, *school)),
                    Lang::En => format!("Close {} ({year}): no pupils left", name(d, *school)),
                };
            }
            match lang {
                Lang::Zh => format!(
                    "关闭 {}（{year}）：{}；每年节省 {}（共 {:.0} 人）",
                    name(d, *school),
                    parts.join("；"),
                    money(*saving_per_year, lang),
                    pupils
                ),
                Lang::En => format!(
                    "Close {} ({year}): {}; saves {} a year ({:.0} pupils)",
                    name(d, *school),
                    parts.join("; "),
                    money(*saving_per_year, lang),
                    pupils
                ),
            }
        }
        Decision::Expand {
            school,
            year,
            classrooms,
            cost,
        } => match lang {
            Lang::Zh => format!(
                "扩建 {}（{year} 年秋前）：增加 {classrooms:.0} 间教室，{}",
                name(d, *school),
                money(*cost, lang)
            ),
            Lang::En => format!(
                "Expand {} (ready by fall {year}): {classrooms:.0} classrooms, {}",
                name(d, *school),
                money(*cost, lang)
            ),
        },
        Decision::Open {
            name: site,
            year,
            classrooms,
            pupils,
            from,
            cost,
            ..
        } => {
            let donors: Vec<String> = from.iter().map(|&s| name(d, s)).collect();
            match lang {
                Lang::Zh => format!(
                    "新建 {site}（{year}）：{classrooms:.0} 间教室，接收 {pupils:.0} 人（来自 {}），{}",
                    donors.join("、"),
                    money(*cost, lang)
                ),
                Lang::En => format!(
                    "Open {site} ({year}): {classrooms:.0} classrooms for {pupils:.0} pupils (from {}), {}",
                    donors.join(", "),
                    money(*cost, lang)
                ),
            }
        }
        Decision::KeptByRule { school, pupils } => match lang {
            Lang::Zh => format!(
                "保留 {}（{pupils:.0} 人）：1—3 年级学生 30 分钟内没有其他学校可走读（应留必留）",
                name(d, *school)
            ),
            Lang::En => format!(
                "Keep {} ({pupils:.0} pupils): no other school within 30 minutes for its grade 1–3 pupils",
                name(d, *school)
            ),
        },
    }
}

/// "目标 … 元，下界 …，差距 0.4 %，用时 1.2 秒（已证明最优）".
pub fn proof_line(r: &Optimised, lang: Lang) -> String {
    let why = match (r.stop, lang) {
        (Stop::Optimal, Lang::Zh) => "已证明最优",
        (Stop::Optimal, Lang::En) => "proven optimal",
        (Stop::GapReached, Lang::Zh) => "已达到目标差距",
        (Stop::GapReached, Lang::En) => "within the target gap",
        (Stop::TimeLimit, Lang::Zh) => "到达时间上限，给出目前最好的方案",
        (Stop::TimeLimit, Lang::En) => "time limit: the best plan found so far",
        (Stop::Cancelled, Lang::Zh) => "已取消",
        (Stop::Cancelled, Lang::En) => "cancelled",
    };
    let bound = if r.bound.is_finite() {
        money(r.bound, lang)
    } else {
        lang.pick("时限内未求得", "none within the time")
            .to_string()
    };
    match lang {
        Lang::Zh => format!(
            "目标值 {}，下界 {bound}，差距 {:.2} %，用时 {:.1} 秒（{why}）",
            money(r.objective, lang),
            r.gap * 100.0,
            r.seconds
        ),
        Lang::En => format!(
            "objective {}, bound {bound}, gap {:.2} %, {:.1} s ({why})",
            money(r.objective, lang),
            r.gap * 100.0,
            r.seconds
        ),
    }
}

/// (Chinese label, English label, the figure, whether in yuan).
type TotalsRow = (&'static str, &'static str, fn(&Totals) -> f64, bool);

/// What the answer could not see, in a line each: schools whose seats are
/// unknown, schools without coordinates.
pub fn caveat_lines(r: &Optimised, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let n = r.seats_assumed.len();
    if n > 0 {
        out.push(match lang {
            Lang::Zh => format!("{n} 所学校学位数未知：按其首个预测学年的学生数（整班）计，这些学校不会显示缺口；请在学校名册中补上教室数或核定学位。"),
            Lang::En => format!("{n} schools' seats are unknown: taken as their first projected fall's pupils in whole classes, so no shortfall can show there; add their classrooms or approved seats to the roster."),
        });
    }
    let n = r.without_coords.len();
    if n > 0 {
        out.push(match lang {
            Lang::Zh => format!("{n} 所学校没有坐标：无法计算距离，既不能撤并也不能接收；请在学校名册中补上经纬度。"),
            Lang::En => format!("{n} schools have no coordinates: with no distance to them they neither close nor receive; add their longitude and latitude to the roster."),
        });
    }
    out
}

/// The rows of the comparison with the greedy plan: (label, optimised, greedy).
pub fn totals_rows(t: &Totals, g: Option<&Totals>, lang: Lang) -> Vec<(String, String, String)> {
    let m = |v: f64| money(v, lang);
    let n = |v: f64| format!("{v:.0}");
    let rows: [TotalsRow; 9] = [
        (
            "总成本（目标值）",
            "Total cost (objective)",
            |t| t.objective,
            true,
        ),
        ("建设", "Construction", |t| t.construction_yuan, true),
        (
            "运行（编制与维护）",
            "Running (staff and upkeep)",
            |t| t.running_yuan,
            true,
        ),
        ("交通", "Travel", |t| t.travel_yuan, true),
        (
            "缺口学位·年",
            "Seat-years short",
            |t| t.seat_years_short,
            false,
        ),
        ("关闭学校", "Schools closed", |t| t.closed as f64, false),
        ("新建学校", "Schools opened", |t| t.opened as f64, false),
        ("扩建学校", "Schools expanded", |t| t.expanded as f64, false),
        ("新增教室", "Classrooms added", |t| t.classrooms, false),
    ];
    rows.iter()
        .map(|(zh, en, f, yuan)| {
            let fmt = |t: &Totals| if *yuan { m(f(t)) } else { n(f(t)) };
            (
                lang.pick(*zh, *en).to_string(),
                fmt(t),
                g.map_or_else(
                    || lang.pick("—（违反规则）", "— (breaks a rule)").to_string(),
                    fmt,
                ),
            )
        })
        .collect()
}

/// Why no plan came back, in the planner's language.
pub fn error_line(e: &crate::engine::optimise::OptimiseError, lang: Lang) -> String {
    use crate::engine::optimise::OptimiseError as E;
    match (e, lang) {
        (E::UnknownPin { school }, Lang::Zh) => format!("固定项“{school}”不是数据中的小学或初中"),
        (E::PinsConflict { school }, Lang::Zh) => format!("“{school}”同时被固定为关闭和保留"),
        (E::CloseBreaksDayRule { school }, Lang::Zh) => format!(
            "“{school}”被固定为关闭，但其 1—3 年级学生 30 分钟内没有其他学校（国办发〔2018〕27号：就近走读，路途时间一般不超过半小时）"
        ),
        (E::CloseWithoutReceiver { school, level }, Lang::Zh) => format!(
            "“{school}”被固定为关闭，但服务半径内没有可接收其{}学生的学校",
            level.name(lang)
        ),
        (E::Infeasible(why), Lang::Zh) => format!("没有满足全部约束的方案：{why}"),
        (E::NoPlanYet, Lang::Zh) => "在时间上限内尚未找到可行方案，请放宽时间上限".into(),
        (E::Cancelled, Lang::Zh) => "已取消".into(),
        (E::Engine(_) | E::Solver(_), Lang::Zh) => format!("优化失败：{e}"),
        (_, Lang::En) => e.to_string(),
    }
}
