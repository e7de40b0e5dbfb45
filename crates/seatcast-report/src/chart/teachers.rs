//! The teachers' charts (docs/teachers.md), from a scenario's staffing:
//! the county's 编制 against its norm, the posts short at schools by
//! subject, and the recruitment each year needs. The Teachers tab draws
//! them, and the report writes them beside the seats' charts.

use super::build::{Context, projection_start};
use super::palette;
use super::{Chart, Mark, Series, Stroke};
use crate::engine::teachers::Staffing;
use crate::i18n::Lang;
use crate::text::labels::*;

/// Every teachers' chart of the staffing.
pub fn all(cx: &Context, s: &Staffing) -> Vec<Chart> {
    vec![
        establishment(cx, s),
        short_by_subject(cx, s),
        recruitment(cx, s),
    ]
}

fn line(width: f32, stroke: Stroke) -> Mark {
    Mark::Line { stroke, width }
}

/// 总量: the staff the norm allows against the staff on the establishment
/// (and with the planned recruits, when there are any).
pub fn establishment(cx: &Context, s: &Staffing) -> Chart {
    let mut chart = cx.chart(
        "teachers-establishment".into(),
        cx.pick(
            "全县教职工编制：核定与在编",
            "Staff establishment (编制), county: the norm and the staff on it",
        )
        .into(),
        cx.pick(
            "核定 = 各校按生师比（村小、教学点按班师比）之和；在编扣除到龄退休",
            "Norm = the schools' students-per-staff figures (small village schools by classes); on the establishment after retirements",
        )
        .into(),
    );
    chart.y_title = cx.pick("教职工（人）", "Staff").into();
    let points = |f: &dyn Fn(&crate::engine::teachers::CountyStaffing) -> f64| {
        s.county.iter().map(|c| [c.year as f64, f(c)]).collect()
    };
    chart.series.push(Series {
        name: cx.pick("核定编制", "norm").into(),
        color: palette::series(0),
        mark: line(2.5, Stroke::Solid),
        points: points(&|c| c.norm_staff),
    });
    chart.series.push(Series {
        name: cx.pick("在编教职工", "on the establishment").into(),
        color: palette::INK,
        mark: line(2.5, Stroke::Solid),
        points: points(&|c| c.on_establishment),
    });
    if s.county.iter().any(|c| c.hired.iter().sum::<f64>() > 0.0) {
        chart.series.push(Series {
            name: cx.pick("含计划招聘", "with the planned recruits").into(),
            color: palette::GREEN,
            mark: line(2.0, Stroke::Dashed),
            points: points(&|c| c.establishment_with_hires()),
        });
    }
    chart.series.push(projection_start(cx));
    chart
}

/// The subjects' names in the staffing's order.
fn names(cx: &Context, s: &Staffing) -> Vec<String> {
    let norms = cx.outcome.scenario.teachers.norms();
    s.subjects
        .iter()
        .map(|k| norms.curriculum.name(k, cx.lang))
        .collect()
}

/// 结构性缺编 where it is felt: each subject's shortages at the schools
/// short of it, summed, year by year. Subjects never short are left out.
pub fn short_by_subject(cx: &Context, s: &Staffing) -> Chart {
    let mut chart = cx.chart(
        "teachers-short-by-subject".into(),
        cx.pick(
            "各学科缺编（各校缺口之和）",
            "Teachers short by subject (the schools' shortages summed)",
        )
        .into(),
        cx.pick(
            "按各校班数所需课时计；一所学校的富余不抵另一所的缺口",
            "By the periods each school's classes need; one school's surplus does not fill another's gap",
        )
        .into(),
    );
    chart.y_title = cx.pick("教师（人）", "Teachers").into();
    for (j, name) in names(cx, s).into_iter().enumerate() {
        let points: Vec<[f64; 2]> = s
            .county
            .iter()
            .map(|c| [c.year as f64, c.short_at_schools[j]])
            .collect();
        if points.iter().all(|p| p[1] < 0.5) {
            continue;
        }
        chart.series.push(Series {
            name,
            color: palette::series(j),
            mark: line(2.0, Stroke::Solid),
            points,
        });
    }
    chart.series.push(projection_start(cx));
    chart
}

/// Teachers to recruit each year by subject, stacked: the first year's
/// bar is the county's shortage today, each later one the rise since.
pub fn recruitment(cx: &Context, s: &Staffing) -> Chart {
    let base = cx.outcome.projection.base_year;
    let mut chart = cx.chart(
        "teachers-recruitment".into(),
        cx.pick(
            "各年需招聘教师（按学科）",
            "Teachers to recruit each year, by subject",
        )
        .into(),
        match cx.lang {
            Lang::Zh => format!(
                "{base} 年为现有全县缺口，以后各年为缺口的新增（退休与学生变化），假定已招者留任并调配到缺口学校"
            ),
            Lang::En => format!(
                "{base}: the county's shortage today; later years: its rise (retirements, pupils), if recruits stay and are placed where needed"
            ),
        },
    );
    chart.y_title = cx.pick("教师（人）", "Teachers").into();
    for (j, name) in names(cx, s).into_iter().enumerate() {
        let points: Vec<[f64; 2]> = s
            .county
            .iter()
            .map(|c| [c.year as f64, c.recruit[j]])
            .collect();
        if points.iter().all(|p| p[1] < 0.05) {
            continue;
        }
        chart.series.push(Series {
            name,
            color: palette::series(j),
            mark: Mark::Bars {
                offset: 0.0,
                width: 0.6,
                stacked: true,
            },
            points,
        });
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::engine::scenario::Scenario;
    use std::sync::Arc;

    #[test]
    fn the_sample_countys_charts_carry_the_staffing() {
        let d = seatcast_core::sample::load_sample(&Default::default())
            .map_err(|_| "the sample loads")
            .expect("the sample loads")
            .dataset;
        let engine = Engine::new(Arc::new(d));
        let run = engine
            .run(&Scenario::default(), &[], Default::default())
            .expect("projects");
        let s = crate::engine::teachers::of_outcome(&run.outcome).expect("a roster");
        let cx = Context::new(&engine, &run.outcome, &run.derived, Lang::En, "2026-12-02");
        let charts = all(&cx, &s);
        assert_eq!(charts.len(), 3);
        // The establishment's lines are the county rows, year by year.
        let on = &charts[0].series[1];
        assert_eq!(on.points.len(), s.county.len());
        assert_eq!(
            on.points[0],
            [s.county[0].year as f64, s.county[0].on_establishment]
        );
        // The stacked recruitment bars add up to the county's recruitment.
        let first: f64 = charts[2]
            .series
            .iter()
            .filter_map(|x| x.points.first().map(|p| p[1]))
            .sum();
        let want: f64 = s.county[0].recruit.iter().sum();
        assert!((first - want).abs() < 0.05 * s.subjects.len() as f64);
    }
}
