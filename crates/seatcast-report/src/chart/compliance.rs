//! The 优质均衡 charts (docs/compliance.md): schools complying year by year,
//! and each stage's variation coefficients against their limit. The tab
//! draws them and the report writes them.

use super::build::{Context, projection_start};
use super::palette;
use super::{Chart, Mark, Series, Stroke};
use crate::engine::compliance::{Compliance, Indicator, Verdict};
use crate::grades::Level;
use crate::i18n::Lang;
use crate::text::labels::*;

/// Every compliance chart.
pub fn all(cx: &Context, c: &Compliance) -> Vec<Chart> {
    let mut out = vec![passing(cx, c)];
    for stage in [Level::Primary, Level::Junior] {
        if c.variation.iter().any(|v| v.stage == stage) {
            out.push(variation(cx, c, stage));
        }
    }
    out
}

/// Schools complying and failing each year (the judged ones).
pub fn passing(cx: &Context, c: &Compliance) -> Chart {
    let mut chart = cx.chart(
        "compliance-schools".into(),
        cx.pick(
            "优质均衡达标学校数（七项指标）",
            "Schools meeting the 优质均衡 standard (seven indicators)",
        )
        .into(),
        cx.pick(
            "达标：至少六项达到标准、其余不低于标准的 85%；数据不全与不在评估范围的学校不计",
            "Complies: at least six indicators met, the rest at 85 % or more; schools with missing data or out of scope are not counted",
        )
        .into(),
    );
    chart.y_title = cx.pick("学校（所）", "Schools").into();
    let years = c.years();
    let count = |v: Verdict| -> Vec<[f64; 2]> {
        years
            .iter()
            .map(|&y| {
                let n = c
                    .schools
                    .iter()
                    .filter(|r| r.year == y && r.verdict == v)
                    .count();
                [y as f64, n as f64]
            })
            .collect()
    };
    let bars = Mark::Bars {
        offset: 0.0,
        width: 0.6,
        stacked: true,
    };
    chart.series.push(Series {
        name: cx.pick("达标", "comply").into(),
        color: palette::GREEN,
        mark: bars,
        points: count(Verdict::Complies),
    });
    chart.series.push(Series {
        name: cx.pick("未达标", "fail").into(),
        color: palette::RED,
        mark: bars,
        points: count(Verdict::Fails),
    });
    chart
}

/// A stage's seven variation coefficients by year, and the limit.
pub fn variation(cx: &Context, c: &Compliance, stage: Level) -> Chart {
    let junior = stage == Level::Junior;
    let limit = c
        .variation
        .iter()
        .find(|v| v.stage == stage)
        .map_or(0.5, |v| v.limit);
    let mut chart = cx.chart(
        if junior {
            "compliance-cv-junior"
        } else {
            "compliance-cv-primary"
        }
        .into(),
        match (cx.lang, junior) {
            (Lang::Zh, false) => "小学校际差异系数".into(),
            (Lang::Zh, true) => "初中校际差异系数".into(),
            (Lang::En, false) => "Variation between primary schools (差异系数)".into(),
            (Lang::En, true) => "Variation between junior schools (差异系数)".into(),
        },
        match cx.lang {
            Lang::Zh => format!("按学生数加权；不超过 {limit:.2} 为达标"),
            Lang::En => format!("Weighted by pupils; at most {limit:.2} complies"),
        },
    );
    chart.y_title = cx.pick("差异系数", "Variation coefficient").into();
    chart.y_include = Some(limit * 1.1);
    for i in Indicator::ALL {
        let points: Vec<[f64; 2]> = c
            .variation
            .iter()
            .filter(|v| v.stage == stage)
            .filter_map(|v| v.cv[i.index()].map(|x| [v.year as f64, x]))
            .collect();
        if points.is_empty() {
            continue;
        }
        chart.series.push(Series {
            name: i.short(cx.lang).into(),
            color: palette::series(i.index()),
            mark: Mark::Line {
                stroke: Stroke::Solid,
                width: 2.0,
            },
            points,
        });
    }
    chart.series.push(Series {
        name: cx.pick("上限", "limit").into(),
        color: palette::RED,
        mark: Mark::Level(limit),
        points: Vec::new(),
    });
    chart.series.push(projection_start(cx));
    chart
}
