//! The Overview tab: the county's headline figures; demand against capacity
//! per level (observed solid, projected dashed); shortfall and spare seats
//! by year; births by area with the extrapolated years dashed. The charts
//! are the library's ([`crate::chart::build`]), so "Save chart…" writes
//! what is shown.

use super::{Computed, Cx, Panel, Tab};
use crate::app::chart_view::chart_block_ui;
use crate::app::style::level_color;
use crate::chart::Chart;
use crate::chart::build::{self, Context};
use crate::engine::Outcome;
use crate::i18n::{Lang, thousands};
use eframe::egui::{self, RichText};

/// The tab, holding its charts for the projection they were built from.
#[derive(Default)]
pub struct Overview {
    charts: Option<(u64, Lang, Vec<Chart>)>,
}

impl Panel for Overview {
    fn id(&self) -> Tab {
        Tab::Overview
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("总览", "Overview")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let o = &computed.outcome;
        let fresh =
            matches!(&self.charts, Some((g, l, _)) if *g == computed.generation && *l == lang);
        if !fresh {
            let bc = Context::new(
                &computed.engine,
                o,
                &computed.derived,
                lang,
                &crate::export::files::today(),
            );
            let mut charts = vec![build::county_demand(&bc)];
            // No school's capacity known: no gap chart (it would be empty),
            // a line saying so.
            if o.figures.capacity_known > 0 {
                charts.push(build::county_gap(&bc));
            }
            // No births loaded: no empty births chart, a line saying so.
            if !computed.engine.dataset.births.is_empty() {
                charts.push(build::births(&bc));
            }
            self.charts = Some((computed.generation, lang, charts));
        }
        let Some((_, _, charts)) = &self.charts else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("overview-scroll")
            .show(ui, |ui| {
            headline_ui(ui, o, lang);
            ui.add_space(8.0);
            for (chart, height) in charts.iter().zip([280.0, 220.0, 240.0]) {
                chart_block_ui(ui, chart, height, lang, cx.commands);
                ui.add_space(6.0);
            }
            if o.figures.capacity_known == 0 {
                ui.label(RichText::new(lang.pick(
                    "容量未知：没有学校有教室数或核定学位，没有学位缺口与空余图。请在名册中加入教室数。",
                    "Capacity unknown: no school has classrooms or approved seats, so there is no chart of seats short and spare; add classrooms to the roster.",
                )).weak());
            }
            if computed.engine.dataset.births.is_empty() {
                ui.label(RichText::new(lang.pick(
                    "未载入出生人口，没有出生图；入学人数按各校以往的入学比率推算。",
                    "No births are loaded, so there is no births chart; entrants follow each school's past entry.",
                )).weak());
            }
        });
    }
}

/// The headline figures: one short sentence per level, then the counts.
pub fn headline_ui(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    let h = &o.headline;
    ui.heading(lang.pick("要点", "Headlines"));
    if !o.outliers.is_empty() {
        let years: Vec<String> = o.outliers.iter().map(|y| y.to_string()).collect();
        ui.label(
            RichText::new(format!(
                "{}{}",
                lang.pick(
                    "异常学年（骤升骤降后回落），已不作为数据：",
                    "Outlier falls (a jump that came back), left out as data: "
                ),
                years.join(", ")
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    egui::Grid::new("headline")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for p in &h.levels {
                ui.label(
                    RichText::new(p.level.name(lang))
                        .color(level_color(p.level))
                        .strong(),
                );
                ui.label(if p.capacity_unknown() {
                    crate::text::headline::capacity_unknown(p, lang)
                } else {
                    peak_text(p.shortfall, p.year, lang)
                        + &crate::text::headline::capacity_coverage(p, lang)
                });
                ui.end_row();
            }
            let next = h.base_year + 1;
            // No school's capacity known: how many fall short is unknown.
            let unknown = h.levels.iter().all(|p| p.capacity_unknown());
            let unknown_text = lang.pick("容量未知", "capacity unknown");
            ui.label(lang.pick("明年学位不足的学校", "Schools short next year"));
            ui.label(match lang {
                _ if unknown => unknown_text.to_string(),
                Lang::Zh => format!("{} 所（{next} 年）", h.short_next_year),
                Lang::En => format!("{} ({next})", h.short_next_year),
            });
            ui.end_row();
            ui.label(lang.pick("学位不足学校最多时", "Most schools short"));
            ui.label(match lang {
                _ if unknown => unknown_text.to_string(),
                Lang::Zh => format!("{} 所（{} 年）", h.short_at_peak, h.short_peak_year),
                Lang::En => format!("{} ({})", h.short_at_peak, h.short_peak_year),
            });
            ui.end_row();
            ui.label(lang.pick("小规模学校（不足 100 人）", "Small schools (under 100)"));
            ui.label(match lang {
                Lang::Zh => format!("{} 所", h.small_schools),
                Lang::En => h.small_schools.to_string(),
            });
            ui.end_row();
            ui.label(lang.pick(
                "大班额学校（平均班额超 55）",
                "Schools with 大班额 (classes over 55)",
            ));
            ui.label(match lang {
                Lang::Zh => format!("{} 所", h.oversized_class_schools),
                Lang::En => h.oversized_class_schools.to_string(),
            });
            ui.end_row();
        });
}

/// "peak shortfall 1,068 seats in 2026" — the sentence the tests look for.
pub fn peak_text(shortfall: f64, year: i32, lang: Lang) -> String {
    if shortfall > 0.0 {
        let n = thousands(shortfall.round() as i64);
        match lang {
            Lang::Zh => format!("缺口峰值 {n} 个学位（{year} 年）"),
            Lang::En => format!("peak shortfall {n} seats in {year}"),
        }
    } else {
        lang.pick("预测期内无缺口", "no shortfall over the horizon")
            .to_string()
    }
}
