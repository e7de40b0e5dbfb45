//! The charts Seatcast shows, built from a scenario's outcome: the county's
//! demand against capacity, seats short and spare, births by area; each
//! area's demand against capacity; each school's pupils by grade, seats
//! short and average class size. The app's tabs draw these, and "Save all
//! charts" and `seatcast report --charts` write them.

use super::palette::{self, Rgb};
use super::{Chart, Mark, Series, Stroke, band_outline};
use crate::engine::Derived;
use crate::engine::accuracy::sum_range;
use crate::engine::method::{GRADE_SLOTS, grade_of_slot};
use crate::engine::outcome::{RowKind, SchoolYear, Scope, Standards};
use crate::engine::{Engine, Outcome};
use crate::grades::Level;
use crate::i18n::Lang;

/// What every chart of one outcome shares: the data, the language and the
/// footer naming the scenario, the data and the date.
pub struct Context<'a> {
    /// The engine the outcome was worked out by (its data and kept results).
    pub engine: &'a Engine,
    /// The outcome the charts show.
    pub outcome: &'a Outcome,
    /// The language of every word on the charts.
    pub lang: Lang,
    /// Under every chart: the scenario, the data and the date.
    pub footer: String,
    /// The scenario as the footer names it: its name, "baseline" where it
    /// has no actions, else "unnamed plan (N actions)".
    pub scenario_name: String,
    /// The outcome's teachers and 优质均衡 ledger, from the engine's run
    /// (`Engine::run`): never worked out here.
    derived: &'a Derived,
    /// The layout optimiser's answer, when the report carries it.
    pub optimiser: Option<&'a crate::engine::optimise::Report>,
}

impl<'a> Context<'a> {
    /// `date` is printed in the footer as given (e.g. `2026-11-22`).
    pub fn new(
        engine: &'a Engine,
        outcome: &'a Outcome,
        derived: &'a Derived,
        lang: Lang,
        date: &str,
    ) -> Context<'a> {
        // The scenario drawn: its name, else "baseline" only where it has
        // no actions; a plan says how many actions it holds.
        let actions = outcome.scenario.actions.len();
        let name = outcome.scenario.name.trim();
        let scenario = match (name.is_empty(), actions, lang) {
            (true, 0, _) => lang.pick("基准", "baseline").to_string(),
            (false, 0, _) => name.to_string(),
            (true, n, Lang::Zh) => format!("未命名方案（{n} 项措施）"),
            (true, n, Lang::En) => format!("unnamed plan ({n} actions)"),
            (false, n, Lang::Zh) => format!("{name}（{n} 项措施）"),
            (false, n, Lang::En) => format!("{name} ({n} actions)"),
        };
        let files: Vec<&str> = engine
            .dataset
            .sources
            .iter()
            .map(|s| s.file.as_str())
            .collect();
        let files = files.join(lang.pick("、", ", "));
        let footer = match lang {
            Lang::Zh => format!("情景：{scenario} · 数据：{files} · Seatcast 学位预测 · {date}"),
            Lang::En => format!("Scenario: {scenario} · Data: {files} · Seatcast · {date}"),
        };
        Context {
            engine,
            outcome,
            lang,
            footer,
            scenario_name: scenario,
            derived,
            optimiser: None,
        }
    }

    /// The outcome's teachers and 优质均衡 ledger.
    pub fn derived(&self) -> &Derived {
        self.derived
    }

    pub(crate) fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    fn years(&self) -> (i32, i32) {
        let p = &self.outcome.projection;
        let first = self.outcome.rows.iter().map(|r| r.year).min();
        (first.unwrap_or(p.base_year), p.base_year + p.horizon as i32)
    }

    pub(crate) fn chart(&self, file_stem: String, title: String, subtitle: String) -> Chart {
        Chart {
            file_stem,
            title,
            subtitle,
            x_title: self
                .pick("学年（秋季入学年份）", "School year (fall)")
                .into(),
            y_title: self.pick("人数（人）", "Pupils").into(),
            series: Vec::new(),
            y_absolute: false,
            y_include: None,
            footer: self.footer.clone(),
        }
    }

    fn strokes_note(&self) -> &'static str {
        match self.outcome.bands.is_some() {
            true => self.pick(
                "实线：实际 · 虚线：预测 · 阴影：80% 可能区间 · 点线：容量",
                "solid: observed · dashed: projected · shaded: 80 % range · dotted: capacity",
            ),
            false => self.pick(
                "实线：实际 · 虚线：预测 · 点线：容量",
                "solid: observed · dashed: projected · dotted: capacity",
            ),
        }
    }
}

/// Every chart for the county (the teachers' too, with a staff roster),
/// each area and each school, in that order.
pub fn all(cx: &Context) -> Vec<Chart> {
    let mut out = vec![county_demand(cx), county_gap(cx), births(cx)];
    let derived = cx.derived();
    if let Some(t) = &derived.teachers {
        out.extend(super::teachers::all(cx, &t.staffing));
    }
    if let Some(c) = &derived.ledger {
        out.extend(super::compliance::all(cx, c));
    }
    for area in areas(cx) {
        out.push(area_demand(cx, &area));
    }
    for i in 0..cx.outcome.dataset.schools.len() {
        out.push(school_grades(cx, i));
        out.push(school_shortfall(cx, i));
        if let Some(c) = school_class_size(cx, i) {
            out.push(c);
        }
    }
    out
}

/// The areas with a school, in the order of the outcome's sums.
pub fn areas(cx: &Context) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &cx.outcome.aggregates {
        if let Scope::Area(name) = &a.scope
            && out.last() != Some(name)
        {
            out.push(name.clone());
        }
    }
    out
}

/// A solid line of the observed points and a dashed line of the projected
/// ones joined to the last observed point, both named `name`.
fn observed_and_projected(
    name: &str,
    color: Rgb,
    width: f32,
    points: &[(RowKind, [f64; 2])],
) -> [Series; 2] {
    let observed: Vec<[f64; 2]> = points
        .iter()
        .filter(|(k, _)| *k == RowKind::Observed)
        .map(|(_, p)| *p)
        .collect();
    let mut projected: Vec<[f64; 2]> = observed.last().copied().into_iter().collect();
    projected.extend(
        points
            .iter()
            .filter(|(k, _)| *k == RowKind::Projected)
            .map(|(_, p)| *p),
    );
    let line = |stroke, points| Series {
        name: name.to_string(),
        color,
        mark: Mark::Line { stroke, width },
        points,
    };
    [
        line(Stroke::Solid, observed),
        line(Stroke::Dashed, projected),
    ]
}

fn capacity_line(name: &str, color: Rgb, points: Vec<[f64; 2]>) -> Series {
    Series {
        name: name.to_string(),
        color,
        mark: Mark::Line {
            stroke: Stroke::Dotted,
            width: 1.5,
        },
        points,
    }
}

pub(crate) fn projection_start(cx: &Context) -> Series {
    Series {
        name: cx.pick("预测起点", "projection starts").into(),
        color: palette::GREY,
        mark: Mark::Marker(cx.outcome.projection.base_year as f64 + 0.5),
        points: Vec::new(),
    }
}

/// The 80 % range of projected demand, shaded from the last observed fall
/// (where it has no width) on.
fn range_band(cx: &Context, color: Rgb, points: &[RangePoint]) -> Option<Series> {
    let start = points
        .iter()
        .rev()
        .find(|p| p.0 == RowKind::Observed)
        .map(|p| (p.1, p.2, p.2));
    let projected: Vec<(f64, f64, f64)> = points
        .iter()
        .filter(|p| p.0 == RowKind::Projected)
        .map(|p| p.3.map(|(lo, hi)| (p.1, lo, hi)))
        .collect::<Option<Vec<_>>>()?;
    if projected.is_empty() {
        return None;
    }
    let all: Vec<(f64, f64, f64)> = start.into_iter().chain(projected).collect();
    Some(Series {
        name: cx.pick("80% 可能区间", "80 % range").into(),
        color,
        mark: Mark::Band,
        points: band_outline(&all),
    })
}

/// (kind, year, demand, its 80 % range when projected).
type RangePoint = (RowKind, f64, f64, Option<(f64, f64)>);

/// A level's demand (observed or projected) with its range, and capacity, by year.
type LevelSeries = (
    Level,
    Vec<(RowKind, [f64; 2])>,
    Vec<[f64; 2]>,
    Vec<RangePoint>,
);

/// Demand and capacity per level of the schools that `keep` picks, summed
/// per year, from the school-year rows.
fn demand_by_level(cx: &Context, keep: impl Fn(usize) -> bool) -> Vec<LevelSeries> {
    let d = &cx.outcome.dataset;
    let mut out: Vec<LevelSeries> = Vec::new();
    for level in Level::ALL {
        let rows: Vec<&SchoolYear> = cx
            .outcome
            .rows
            .iter()
            .filter(|r| d.schools[r.school].level == level && keep(r.school))
            .collect();
        if rows.is_empty() {
            continue;
        }
        // (year, kind, demand, capacity, the rows' summed band sum_var, the
        // common variance; see intervals::sum_range)
        type Sums = (i32, RowKind, f64, Option<f64>, f64, Option<f64>);
        let mut years: Vec<Sums> = Vec::new();
        for r in rows {
            let common = r.band.map(|b| b.common_var);
            let sq_var = r.band.map_or(0.0, |b| b.sum_var);
            match years.iter_mut().find(|y| y.0 == r.year) {
                Some(y) => {
                    y.2 += r.demand;
                    y.3 = match (y.3, r.capacity) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                    y.4 += sq_var;
                    y.5 = y.5.and(common);
                }
                None => years.push((r.year, r.kind, r.demand, r.capacity, sq_var, common)),
            }
        }
        years.sort_by_key(|y| y.0);
        out.push((
            level,
            years.iter().map(|y| (y.1, [y.0 as f64, y.2])).collect(),
            // Capacity only in the years some school's is known.
            years
                .iter()
                .filter_map(|y| y.3.map(|c| [y.0 as f64, c]))
                .collect(),
            years
                .iter()
                .map(|y| {
                    let range = y.5.map(|c| sum_range(y.2, y.4, c));
                    (y.1, y.0 as f64, y.2, range)
                })
                .collect(),
        ));
    }
    out
}

fn demand_chart(cx: &Context, mut chart: Chart, keep: impl Fn(usize) -> bool) -> Chart {
    chart.y_title = cx.pick("学生数 / 学位数（人）", "Pupils / seats").into();
    for (level, demand, capacity, range) in demand_by_level(cx, keep) {
        let name = level.name(cx.lang);
        let color = palette::level(level);
        chart.series.extend(range_band(cx, color, &range));
        chart
            .series
            .extend(observed_and_projected(name, color, 2.0, &demand));
        if !capacity.is_empty() {
            chart.series.push(capacity_line(name, color, capacity));
        }
    }
    chart
}

/// The county's demand against capacity per level.
pub fn county_demand(cx: &Context) -> Chart {
    let (first, last) = cx.years();
    let chart = cx.chart(
        "county-demand-capacity".into(),
        cx.pick(
            "各学段学位需求与容量",
            "Seats needed and seats available by level",
        )
        .into(),
        match cx.lang {
            Lang::Zh => format!("全县，{first}–{last} 年 · {}", cx.strokes_note()),
            Lang::En => format!("County, {first}–{last} · {}", cx.strokes_note()),
        },
    );
    let mut chart = chart;
    chart.y_title = cx.pick("学生数 / 学位数（人）", "Pupils / seats").into();
    // The engine's sums per level.
    for level in Level::ALL {
        let sums: Vec<_> = cx
            .outcome
            .aggregates
            .iter()
            .filter(|a| a.scope == Scope::Level(level))
            .collect();
        if sums.is_empty() {
            continue;
        }
        let name = level.name(cx.lang);
        let color = palette::level(level);
        let demand: Vec<(RowKind, [f64; 2])> = sums
            .iter()
            .map(|a| (a.kind, [a.year as f64, a.demand]))
            .collect();
        let range: Vec<_> = sums
            .iter()
            .map(|a| {
                let r = a.demand_low.zip(a.demand_high);
                (a.kind, a.year as f64, a.demand, r)
            })
            .collect();
        chart.series.extend(range_band(cx, color, &range));
        chart
            .series
            .extend(observed_and_projected(name, color, 2.0, &demand));
        // Capacity where some school's is known: an unknown is no line at 0.
        let capacity: Vec<[f64; 2]> = sums
            .iter()
            .filter(|a| a.schools_with_capacity > 0)
            .map(|a| [a.year as f64, a.capacity])
            .collect();
        if !capacity.is_empty() {
            chart.series.push(capacity_line(name, color, capacity));
        }
    }
    chart
}

/// One area's demand against capacity per level.
pub fn area_demand(cx: &Context, area: &str) -> Chart {
    let (first, last) = cx.years();
    let d = &cx.outcome.dataset;
    let chart = cx.chart(
        format!("area-{}-demand-capacity", slug(area)),
        match cx.lang {
            Lang::Zh => format!("{area}：学位需求与容量"),
            Lang::En => format!("{area}: seats needed and seats available"),
        },
        match cx.lang {
            Lang::Zh => format!("{area}各学段，{first}–{last} 年 · {}", cx.strokes_note()),
            Lang::En => format!("{area}, by level, {first}–{last} · {}", cx.strokes_note()),
        },
    );
    demand_chart(cx, chart, |i| d.schools[i].area.as_deref() == Some(area))
}

/// The county's seats short (up) and seats spare (down) by year.
pub fn county_gap(cx: &Context) -> Chart {
    let base = cx.outcome.projection.base_year;
    let mut chart = cx.chart(
        "county-shortfall-spare".into(),
        cx.pick(
            "全县学位缺口与空余学位",
            "Seats short and seats spare, county",
        )
        .into(),
        match cx.lang {
            Lang::Zh => format!("各校缺口之和向上，空余之和向下；{base} 年以后为预测"),
            Lang::En => format!(
                "Schools' shortfalls summed upwards, spare seats downwards; projected after {base}"
            ),
        },
    );
    chart.y_title = cx.pick("学位（个）", "Seats").into();
    chart.y_absolute = true;
    let county = cx
        .outcome
        .aggregates
        .iter()
        .filter(|a| a.scope == Scope::County);
    let (short, spare): (Vec<[f64; 2]>, Vec<[f64; 2]>) = county
        .map(|a| ([a.year as f64, a.shortfall], [a.year as f64, -a.spare]))
        .unzip();
    let bars = |offset| Mark::Bars {
        offset,
        width: 0.4,
        stacked: false,
    };
    chart.series.push(Series {
        name: cx.pick("缺口", "short").into(),
        color: palette::RED,
        mark: bars(-0.2),
        points: short,
    });
    chart.series.push(Series {
        name: cx.pick("空余（向下）", "spare (downwards)").into(),
        color: palette::GREY,
        mark: bars(0.2),
        points: spare,
    });
    chart.series.push(projection_start(cx));
    chart
}

/// Births by area, known years solid and extrapolated years dashed.
pub fn births(cx: &Context) -> Chart {
    let p = &cx.outcome.projection;
    let last = p.base_year + p.horizon as i32;
    let mut chart = cx.chart(
        "county-births".into(),
        cx.pick("各片区出生人口", "Births by area").into(),
        cx.pick(
            "实线：统计 · 虚线：外推（含情景的出生变化）",
            "solid: recorded · dashed: extrapolated (with the scenario's change)",
        )
        .into(),
    );
    chart.x_title = cx.pick("出生年份", "Year of birth").into();
    chart.y_title = cx.pick("出生数（人）", "Births").into();
    for (i, b) in p.births.iter().enumerate() {
        let name = b
            .area
            .clone()
            .unwrap_or_else(|| cx.pick("全县", "county").to_string());
        let known_until = b.last_known.unwrap_or(b.first_year - 1);
        let point = |y: i32| [y as f64, b.get(y)];
        let line = |stroke, points| Series {
            name: name.clone(),
            color: palette::series(i),
            mark: Mark::Line { stroke, width: 2.0 },
            points,
        };
        chart.series.push(line(
            Stroke::Solid,
            (b.first_year..=known_until).map(point).collect(),
        ));
        chart.series.push(line(
            Stroke::Dashed,
            (known_until.max(b.first_year)..=last).map(point).collect(),
        ));
    }
    chart
}

fn school_stem(cx: &Context, i: usize, what: &str) -> String {
    let s = &cx.outcome.dataset.schools[i];
    match &s.id {
        Some(id) => format!("school-{}-{}-{what}", slug(id), slug(&s.name)),
        None => format!("school-{}-{what}", slug(&s.name)),
    }
}

/// One school's pupils by grade (stacked) against its capacity.
pub fn school_grades(cx: &Context, i: usize) -> Chart {
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    let s = &d.schools[i];
    let base = o.projection.base_year;
    let rows = o.school_rows(i);
    let mut chart = cx.chart(
        school_stem(cx, i, "grades"),
        match cx.lang {
            Lang::Zh => format!("{}：分年级学生数与容量", s.name),
            Lang::En => format!("{}: pupils by grade and capacity", s.name),
        },
        match cx.lang {
            Lang::Zh => format!("{} · {base} 年以后为预测", s.level.name(cx.lang)),
            Lang::En => format!("{} · projected after {base}", s.level.name(cx.lang)),
        },
    );
    let mut colour = 0;
    for slot in 0..GRADE_SLOTS {
        let points: Vec<[f64; 2]> = rows
            .iter()
            .map(|r| {
                let v = match r.kind {
                    RowKind::Observed => cx.outcome.observed.pupils_at(i, r.year, slot),
                    RowKind::Projected => o.projection.grades(i, (r.year - base) as usize)[slot],
                };
                [r.year as f64, v]
            })
            .collect();
        if points.iter().all(|p| p[1] <= 0.0) {
            continue;
        }
        chart.series.push(Series {
            name: grade_of_slot(slot).label(d.grade_system, cx.lang),
            color: palette::series(colour),
            mark: Mark::Bars {
                offset: 0.0,
                width: 0.7,
                stacked: true,
            },
            points,
        });
        colour += 1;
    }
    let range: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.kind,
                r.year as f64,
                r.demand,
                r.band.map(|b| (b.low, b.high)),
            )
        })
        .collect();
    chart.series.extend(range_band(cx, palette::GREY, &range));
    let capacity: Vec<[f64; 2]> = rows
        .iter()
        .filter_map(|r| r.capacity.map(|c| [r.year as f64, c]))
        .collect();
    if !capacity.is_empty() {
        chart.series.push(Series {
            name: cx.pick("容量", "capacity").into(),
            color: palette::INK,
            mark: Mark::Line {
                stroke: Stroke::Solid,
                width: 2.5,
            },
            points: capacity,
        });
    }
    chart.series.push(projection_start(cx));
    chart
}

/// One school's seats short by year.
pub fn school_shortfall(cx: &Context, i: usize) -> Chart {
    let s = &cx.outcome.dataset.schools[i];
    let base = cx.outcome.projection.base_year;
    let mut chart = cx.chart(
        school_stem(cx, i, "shortfall"),
        match cx.lang {
            Lang::Zh => format!("{}：学位缺口", s.name),
            Lang::En => format!("{}: seats short", s.name),
        },
        match cx.lang {
            Lang::Zh => format!("需求超出容量的学位 · {base} 年以后为预测"),
            Lang::En => format!("Demand over capacity · projected after {base}"),
        },
    );
    chart.y_title = cx.pick("学位（个）", "Seats").into();
    chart.series.push(Series {
        name: cx.pick("缺口", "short").into(),
        color: palette::RED,
        mark: Mark::Bars {
            offset: 0.0,
            width: 0.7,
            stacked: false,
        },
        points: cx
            .outcome
            .school_rows(i)
            .iter()
            .map(|r| [r.year as f64, r.shortfall])
            .collect(),
    });
    chart.series.push(projection_start(cx));
    chart
}

/// One school's average class size at today's classrooms against its
/// standard and the 大班额 / 超大班额 lines. None when the roster gives no
/// classrooms.
pub fn school_class_size(cx: &Context, i: usize) -> Option<Chart> {
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    let s = &d.schools[i];
    let avg: Vec<(RowKind, [f64; 2])> = o
        .school_rows(i)
        .iter()
        .filter_map(|r| r.avg_class_size.map(|a| (r.kind, [r.year as f64, a])))
        .collect();
    if avg.is_empty() {
        return None;
    }
    let mut chart = cx.chart(
        school_stem(cx, i, "class-size"),
        match cx.lang {
            Lang::Zh => format!("{}：平均班额", s.name),
            Lang::En => format!("{}: average class size", s.name),
        },
        cx.pick(
            "按现有教室数 · 实线：实际 · 虚线：预测",
            "At today's classrooms · solid: observed · dashed: projected",
        )
        .into(),
    );
    chart.y_title = cx.pick("每班人数（人）", "Pupils per class").into();
    let t = &o.scenario.thresholds;
    chart.y_include = Some(t.super_oversized_class + 5.0);
    chart.series.extend(observed_and_projected(
        cx.pick("平均班额", "average class"),
        palette::series(0),
        2.0,
        &avg,
    ));
    let standards = Standards::new(d, &o.scenario.class_sizes);
    let standard = standards
        .sizes
        .iter()
        .zip(0..)
        .filter(|(_, slot)| s.span.contains(grade_of_slot(*slot)))
        .map(|(v, _)| *v)
        .fold(0.0, f64::max);
    let level = |name: String, color, v| Series {
        name,
        color,
        mark: Mark::Level(v),
        points: Vec::new(),
    };
    if standard > 0.0 {
        chart.series.push(level(
            match cx.lang {
                Lang::Zh => format!("标准班额 {standard:.0}"),
                Lang::En => format!("standard {standard:.0}"),
            },
            palette::GREEN,
            standard,
        ));
    }
    chart.series.push(level(
        format!("大班额 {:.0}", t.oversized_class),
        palette::AMBER,
        t.oversized_class,
    ));
    chart.series.push(level(
        format!("超大班额 {:.0}", t.super_oversized_class),
        palette::RED,
        t.super_oversized_class,
    ));
    Some(chart)
}

/// A name made safe as part of a file name: letters and digits of any
/// script kept, anything else a single `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_chinese_and_drop_path_characters() {
        assert_eq!(slug("城关第一小学"), "城关第一小学");
        assert_eq!(slug("../a b/c:d"), "a-b-c-d");
        assert_eq!(slug("  "), "x");
    }
}
