//! The layout optimiser's answer in words: one line per decision, e.g.
//! "关闭 西沟教学点（2027）：13 人并入 清水乡中心小学，3.6 km，10 分钟；每年节省 9.2 万元",
//! and the summary of a plan against the greedy one.

use super::compliance::money;
use super::labels::Message;
use crate::engine::optimise::{Decision, Kept, Optimised, Price, PriceKind, Stop, Totals};
use crate::i18n::Lang;
use crate::model::Dataset;

fn name(d: &Dataset, s: usize) -> String {
    d.schools
        .get(s)
        .map_or_else(|| format!("#{s}"), |x| x.name.clone())
}

/// Where pupils go: "13 人 校车 9 分钟 到 X，4.7 km" in one part each.
fn sent_parts(d: &Dataset, to: &[crate::engine::optimise::Sent], lang: Lang) -> Vec<String> {
    to.iter()
        .map(|s| {
            let who = s
                .school
                .map_or_else(|| s.new_school.clone().unwrap_or_default(), |j| name(d, j));
            let mode = match (s.boarding, s.bus, lang) {
                (true, _, Lang::Zh) => "寄宿",
                (true, _, Lang::En) => "to board",
                (false, true, Lang::Zh) => "校车",
                (false, false, Lang::Zh) => "步行",
                (false, true, Lang::En) => "by bus",
                (false, false, Lang::En) => "on foot",
            };
            let km = match (s.detour, lang) {
                (Some(f), Lang::Zh) => format!("{:.1} km（直线×{f:.1}）", s.km),
                (Some(f), Lang::En) => format!("{:.1} km (straight × {f:.1})", s.km),
                (None, _) => format!("{:.1} km", s.km),
            };
            match (s.boarding, lang) {
                (true, Lang::Zh) => format!("{:.0} 人到 {who} {mode}，{km}", s.pupils),
                (true, Lang::En) => format!("{:.0} pupils {mode} at {who}, {km}", s.pupils),
                (false, Lang::Zh) => {
                    format!(
                        "{:.0} 人并入 {who}，{km}，{mode} {:.0} 分钟",
                        s.pupils, s.minutes
                    )
                }
                (false, Lang::En) => {
                    format!(
                        "{:.0} pupils to {who}, {km}, {:.0} min {mode}",
                        s.pupils, s.minutes
                    )
                }
            }
        })
        .collect()
}

/// One decision in one line.
pub fn decision_line(d: &Dataset, dec: &Decision, lang: Lang) -> String {
    match dec {
        Decision::Downgrade {
            school,
            year,
            to,
            saving_per_year,
            trips_per_year,
            ..
        } => {
            let parts = sent_parts(d, to, lang);
            match lang {
                Lang::Zh => format!(
                    "改为教学点 {}（{year}）：1—3 年级留在本校；4—6 年级 {}；每年节省 {}（编制），路途与寄宿每年 {}",
                    name(d, *school),
                    parts.join("；"),
                    money(*saving_per_year, lang),
                    money(*trips_per_year, lang)
                ),
                Lang::En => format!(
                    "Make {} a teaching point ({year}): grades 1–3 stay; grades 4–6: {}; saves {} a year (staff), trips and boarding cost {} a year",
                    name(d, *school),
                    parts.join("; "),
                    money(*saving_per_year, lang),
                    money(*trips_per_year, lang)
                ),
            }
        }
        Decision::Close {
            school,
            year,
            pupils,
            to,
            saving_per_year,
            trips_per_year,
            pupils_now,
        } => {
            let parts = sent_parts(d, to, lang);
            if parts.is_empty() {
                return match lang {
                    Lang::Zh => format!("关闭 {}（{year}）：已无学生", name(d, *school)),
                    Lang::En => format!("Close {} ({year}): no pupils left", name(d, *school)),
                };
            }
            match lang {
                Lang::Zh => format!(
                    "关闭 {}（{year}，现 {:.0} 人）：{}；每年节省 {}（编制与维护），路途每年 {}（校车与家庭时间；届时共 {:.0} 人）",
                    name(d, *school),
                    pupils_now,
                    parts.join("；"),
                    money(*saving_per_year, lang),
                    money(*trips_per_year, lang),
                    pupils
                ),
                Lang::En => format!(
                    "Close {} ({year}; {:.0} pupils now): {}; saves {} a year (staff and upkeep), trips cost {} a year (bus and families' time; {:.0} pupils by then)",
                    name(d, *school),
                    pupils_now,
                    parts.join("; "),
                    money(*saving_per_year, lang),
                    money(*trips_per_year, lang),
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
        Decision::Kept {
            school,
            pupils,
            why,
        } => {
            let who = name(d, *school);
            let why = kept_words(*why, lang);
            match lang {
                Lang::Zh => format!("保留 {who}（{pupils:.0} 人）：{why}"),
                Lang::En => format!("Keep {who} ({pupils:.0} pupils): {why}"),
            }
        }
    }
}

/// Why a small school stays open, in words.
fn kept_words(why: Kept, lang: Lang) -> String {
    match (why, lang) {
        (Kept::DayRule { nearest_minutes }, Lang::Zh) => match nearest_minutes {
            Some(m) => format!(
                "应留必留：1—3 年级学生按现有出行方式（未开校车即步行）到最近的学校需 {m:.0} 分钟，超过半小时"
            ),
            None => "应留必留：1—3 年级学生 30 分钟内没有其他学校".into(),
        },
        (Kept::DayRule { nearest_minutes }, Lang::En) => match nearest_minutes {
            Some(m) => format!(
                "must stay (应留必留: grades 1–3 within half an hour): the nearest school is {m:.0} minutes away by the mode in force (on foot where no school bus runs)"
            ),
            None => {
                "must stay (应留必留): no other school within 30 minutes for its grade 1–3 pupils"
                    .into()
            }
        },
        (Kept::NotTheBureaus, Lang::Zh) => "非本局所办（民办或国立），方案不作调整".into(),
        (Kept::NotTheBureaus, Lang::En) => {
            "not the bureau's (private or national): the plan does not change it".into()
        }
        (Kept::Pinned, Lang::Zh) => "规划人员固定保留".into(),
        (Kept::Pinned, Lang::En) => "pinned open by the planner".into(),
        (Kept::Township, Lang::Zh) => "本乡镇最后一所小学".into(),
        (Kept::Township, Lang::En) => "its township's last primary school".into(),
        (Kept::Unknown, Lang::Zh) => "学位数或坐标未知，无法核对接收学校".into(),
        (Kept::Unknown, Lang::En) => {
            "seats or coordinates unknown: no receiver can be checked".into()
        }
        (Kept::NotWorthIt, Lang::Zh) => {
            "撤并所省不抵路途与扩建之费（或受每年撤并上限、预算所限）".into()
        }
        (Kept::NotWorthIt, Lang::En) => {
            "closing it would cost more than it saves (or the yearly cap or the budget put it off)"
                .into()
        }
    }
}

/// The prices the plan was costed at: (what, price, sourced or assumed).
pub fn price_rows(prices: &[Price], lang: Lang) -> Vec<(String, String, String)> {
    prices
        .iter()
        .map(|p| {
            let (zh, en, yuan) = match p.what {
                PriceKind::Classroom => ("教室（每间）", "Classroom", true),
                PriceKind::ClassroomUpkeepYear => {
                    ("教室维护（每间每年）", "Classroom upkeep a year", true)
                }
                PriceKind::NewSchool => (
                    "新建学校（不含教室）",
                    "New school besides classrooms",
                    true,
                ),
                PriceKind::TeacherYear => ("教职工（每人每年）", "Staff member a year", true),
                PriceKind::SchoolUpkeepYear => {
                    ("学校维护（每校每年）", "School upkeep a year", true)
                }
                PriceKind::BusPupilKmYear => (
                    "校车（每生每公里每年）",
                    "School bus per pupil-km a year",
                    true,
                ),
                PriceKind::FamilyTimeHour => ("家庭时间（每小时）", "Families' time an hour", true),
                PriceKind::SeatShortYear => ("学位缺口（每座每年）", "Seat short a year", true),
                PriceKind::PupilsPerStaffPrimary => (
                    "小学生师比（每名教职工学生数）",
                    "Primary pupils per staff",
                    false,
                ),
                PriceKind::PupilsPerStaffJunior => (
                    "初中生师比（每名教职工学生数）",
                    "Junior pupils per staff",
                    false,
                ),
                PriceKind::StaffPerClass => ("班师比（每班教职工）", "Staff per class", false),
            };
            let value = if yuan && p.yuan < 10_000.0 && lang == Lang::Zh {
                format!("{:.0} 元", p.yuan)
            } else if yuan {
                money(p.yuan, lang)
            } else {
                format!("{:.2}", p.yuan)
            };
            let source = match (p.sourced, lang) {
                (true, Lang::Zh) => "有出处（中央编办发〔2014〕72号）",
                (true, Lang::En) => "sourced (中央编办发〔2014〕72号)",
                (false, Lang::Zh) => "假设，可在优化设置或情景文件中修改",
                (false, Lang::En) => "assumed: edit it in the settings or the scenario file",
            };
            (lang.pick(zh, en).to_string(), value, source.to_string())
        })
        .collect()
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

/// Where a running search stands: "最好方案 2.24 亿元，下界 2.23 亿元，差距
/// 0.47 %（3.1 秒）", or before a plan is found, the bound alone.
pub fn search_line(objective: Option<f64>, bound: Option<f64>, seconds: f64, lang: Lang) -> String {
    let gap = match (objective, bound) {
        (Some(o), Some(b)) if o.abs() > 1e-9 => Some(((o - b) / o.abs()).max(0.0) * 100.0),
        _ => None,
    };
    let best = objective.map_or_else(
        || lang.pick("尚无方案", "no plan yet").to_string(),
        |o| money(o, lang),
    );
    let bound = bound.map_or_else(|| "—".to_string(), |b| money(b, lang));
    let gap = gap.map_or_else(|| "—".to_string(), |g| format!("{g:.2} %"));
    match lang {
        Lang::Zh => format!("最好方案 {best}，下界 {bound}，差距 {gap}（{seconds:.1} 秒）"),
        Lang::En => format!("best {best}, bound {bound}, gap {gap} ({seconds:.1} s)"),
    }
}

/// "家庭时间价值减半：2 项决定改变；加倍：1 项（共 14 项）".
pub fn sensitivity_line(r: &Optimised, lang: Lang) -> Option<String> {
    let s = r.sensitivity?;
    Some(match lang {
        Lang::Zh => format!(
            "敏感性：家庭时间价值（每小时 {} 元）减半时 {} 项决定改变，加倍时 {} 项（共 {} 项）",
            s.time_yuan_per_hour, s.halved, s.doubled, s.decisions
        ),
        Lang::En => format!(
            "Sensitivity: with families' time ({} yuan an hour) halved, {} of the {} decisions change; doubled, {}",
            s.time_yuan_per_hour, s.halved, s.decisions, s.doubled
        ),
    })
}

/// (Chinese label, English label, the figure, whether in yuan).
type TotalsRow = (&'static str, &'static str, fn(&Totals) -> f64, bool);

/// What the answer could not see, in a line each: schools whose seats are
/// unknown, schools without coordinates.
pub fn caveat_lines(r: &Optimised, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let n = r.seats_unknown.len();
    if n > 0 {
        out.push(match lang {
            Lang::Zh => format!("{n} 所学校学位数未知：方案不向其分流学生，也不计其缺口；请在学校名册中补上教室数或核定学位。"),
            Lang::En => format!("{n} schools' seats are unknown: the plan sends no pupils there and counts no shortfall there; add their classrooms or approved seats to the roster."),
        });
    }
    let n = r.seats_from_classes.len();
    if n > 0 {
        out.push(match lang {
            Lang::Zh => format!("{n} 所学校只有班级数、没有教室数：以在用班级数为教室数（下限），学位 = 班级数 × 标准班额。"),
            Lang::En => format!("{n} schools give classes but no classrooms: the classes in use count as classrooms (a floor), seats = classes × the standard class size."),
        });
    }
    let n = r.not_the_bureaus.len();
    if n > 0 {
        out.push(match lang {
            Lang::Zh => format!("{n} 所学校非本局所办（民办或国立）：不撤并、不扩建、不接收分流学生，其学生和学位照常计入。"),
            Lang::En => format!("{n} schools are not the bureau's (private or national): never closed, expanded or sent pupils; their pupils and seats still count."),
        });
    }
    if !r.last_schools.is_empty() {
        let each: Vec<String> = r
            .last_schools
            .iter()
            .map(|(area, _)| area.clone())
            .collect();
        out.push(match lang {
            Lang::Zh => format!("方案实施后以下乡镇只剩一所公办小学：{}。", each.join("、")),
            Lang::En => format!(
                "After the plan these townships keep one primary school of the bureau's: {}.",
                each.join(", ")
            ),
        });
    }
    if !r.levels_left_out.is_empty() {
        let names: Vec<&str> = r.levels_left_out.iter().map(|l| l.name(lang)).collect();
        out.push(match lang {
            Lang::Zh => format!("本方案只规划小学和初中，不含：{}；其缺口不计入上表。", names.join("、")),
            Lang::En => format!("The plan covers primary and junior schools only, not: {}; their shortfalls are not in the figures above.", names.join(", ")),
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
/// The totals beside each other: the model's, the engine's year-by-year
/// costing of the same plan, and the greedy plan's: (label, model, engine,
/// greedy).
pub fn totals_rows(r: &Optimised, lang: Lang) -> Vec<[String; 4]> {
    let (t, e, g) = (&r.totals, r.engine.as_ref(), r.greedy.as_ref());
    let m = |v: f64| money(v, lang);
    let n = |v: f64| format!("{v:.0}");
    let rows: [TotalsRow; 11] = [
        (
            "总成本（目标值）",
            "Total cost (objective)",
            |t| t.objective,
            true,
        ),
        ("建设", "Construction", |t| t.construction_yuan, true),
        (
            "运行（超出生师比的编制与维护）",
            "Running (staff beyond the ratio, upkeep)",
            |t| t.running_yuan,
            true,
        ),
        ("校车", "School buses", |t| t.travel_yuan, true),
        ("家庭路途时间", "Families' time", |t| t.time_yuan, true),
        ("寄宿", "Boarding", |t| t.boarding_yuan, true),
        (
            "缺口学位·年（小学、初中）",
            "Seat-years short (primary, junior)",
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
            [
                lang.pick(*zh, *en).to_string(),
                fmt(t),
                e.map_or_else(|| "—".to_string(), fmt),
                g.map_or_else(
                    || lang.pick("—（违反规则）", "— (breaks a rule)").to_string(),
                    fmt,
                ),
            ]
        })
        .collect()
}

/// Why no plan came back, in the planner's language (every word here; the
/// engine gives kinds and names, never sentences).
pub fn error_line(e: &crate::engine::optimise::OptimiseError, lang: Lang) -> String {
    use crate::engine::optimise::OptimiseError as E;
    match (e, lang) {
        (E::UnknownPin { school }, Lang::Zh) => format!("固定项“{school}”不是数据中的小学或初中"),
        (E::UnknownPin { school }, Lang::En) => {
            format!("pin names “{school}”, which is not a primary or junior school of the dataset")
        }
        (E::PinsConflict { school }, Lang::Zh) => format!("“{school}”同时被固定为关闭和保留"),
        (E::PinsConflict { school }, Lang::En) => {
            format!("“{school}” is pinned both to close and to stay open")
        }
        (E::NotTheBureaus { school }, Lang::Zh) => {
            format!("“{school}”被固定为关闭，但它不是本局所办（民办或国立学校）")
        }
        (E::NotTheBureaus { school }, Lang::En) => format!(
            "“{school}” is pinned to close, but it is not the county's (a private or national school)"
        ),
        (E::CloseBreaksDayRule { school }, Lang::Zh) => format!(
            "“{school}”被固定为关闭，但其 1—3 年级学生 30 分钟内没有其他学校（国办发〔2018〕27号：就近走读，路途时间一般不超过半小时）"
        ),
        (E::CloseBreaksDayRule { school }, Lang::En) => format!(
            "“{school}” is pinned to close, but its grade 1–3 pupils have no other school within 30 minutes (国办发〔2018〕27号)"
        ),
        (E::CloseWithoutReceiver { school, level }, Lang::Zh) => format!(
            "“{school}”被固定为关闭，但服务半径内没有可接收其{}学生的学校",
            level.name(lang)
        ),
        (E::CloseWithoutReceiver { school, level }, Lang::En) => format!(
            "“{school}” is pinned to close, but no school of its {level:?} pupils' level is within the service radius"
        ),
        (E::Infeasible(why), _) => {
            lang.pick(
                "没有满足全部约束的方案：",
                "no plan meets every constraint: ",
            )
            .to_string()
                + &infeasibility_words(why, lang)
        }
        (E::NoPlanYet, _) => lang
            .pick(
                "在时间上限内尚未找到可行方案，请放宽时间上限",
                "stopped before any plan was found",
            )
            .to_string(),
        (E::Cancelled, _) => lang.pick("已取消", "cancelled").to_string(),
        (E::Engine(engine), _) => lang.pick("优化失败：", "").to_string() + &engine.message(lang),
        // The solver library's own text, quoted after the words.
        (E::Solver(detail), _) => {
            format!("{}{detail}", lang.pick("优化失败：求解器：", "solver: "))
        }
    }
}

/// Why no plan meets every constraint, in the planner's language.
fn infeasibility_words(why: &crate::engine::optimise::Infeasibility, lang: Lang) -> String {
    use crate::engine::optimise::Infeasibility as I;
    match (why, lang) {
        (I::NoReceiver { school }, Lang::Zh) => {
            format!("“{school}”必须关闭，但可达范围内没有其他学校")
        }
        (I::NoReceiver { school }, Lang::En) => {
            format!("{school} must close but no school is within reach")
        }
        (I::PinOrBudget, _) => lang
            .pick(
                "某个固定项或预算使部分学生在可达范围内没有学位",
                "a pin or the budget leaves some pupils without a seat within reach",
            )
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::error_line;
    use crate::engine::optimise::{Infeasibility, OptimiseError};
    use crate::i18n::Lang;

    /// Why no plan meets every constraint is said whole in each language:
    /// the engine gives the kind and the school, no English inside Chinese.
    #[test]
    fn an_infeasible_model_is_said_in_the_planners_language() {
        let e = OptimiseError::Infeasible(Infeasibility::NoReceiver {
            school: "高山教学点".into(),
        });
        assert_eq!(
            error_line(&e, Lang::Zh),
            "没有满足全部约束的方案：“高山教学点”必须关闭，但可达范围内没有其他学校"
        );
        assert_eq!(
            error_line(&e, Lang::En),
            "no plan meets every constraint: 高山教学点 must close but no school is within reach"
        );
        let e = OptimiseError::Infeasible(Infeasibility::PinOrBudget);
        let zh = error_line(&e, Lang::Zh);
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        assert_eq!(
            error_line(&e, Lang::En),
            "no plan meets every constraint: a pin or the budget leaves some pupils without a seat within reach"
        );
    }

    /// A pin that breaks the day-pupil rule names the school and the rule
    /// (国办发〔2018〕27号: grades 1–3 within half an hour) in each language;
    /// the engine's error holds only the kind and the school.
    #[test]
    fn a_pin_against_the_day_rule_is_said_with_its_rule() {
        let e = OptimiseError::CloseBreaksDayRule { school: "Q".into() };
        assert_eq!(
            error_line(&e, Lang::En),
            "“Q” is pinned to close, but its grade 1–3 pupils have no other school within 30 minutes (国办发〔2018〕27号)"
        );
        let zh = error_line(&e, Lang::Zh);
        assert!(
            zh.starts_with("“Q”被固定为关闭") && zh.contains("30 分钟内"),
            "{zh}"
        );
    }
}
