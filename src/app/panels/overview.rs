//! The Overview tab: the county's headline figures; demand against capacity
//! per level (observed solid, projected dashed); shortfall and spare seats
//! by year; births by area with the extrapolated years dashed.

use super::{Cx, View, waiting_ui};
use crate::app::style::{level_color, series_color};
use crate::engine::Outcome;
use crate::engine::outcome::RowKind;
use crate::engine::table::{Aggregate, Scope};
use crate::grades::Level;
use crate::i18n::{Lang, thousands};
use eframe::egui::{self, Color32, RichText};
use egui_plot::{Bar, BarChart, Legend, Line, LineStyle, Plot, PlotPoints};

#[derive(Default)]
pub struct Overview;

impl View for Overview {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let Some(o) = cx.outcome() else {
            waiting_ui(ui, lang);
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            headline_ui(ui, o, lang);
            ui.add_space(8.0);
            ui.heading(lang.pick(
                "各学段需求与容量（实线：实际；虚线：预测）",
                "Demand and capacity by level (solid: observed; dashed: projected)",
            ));
            demand_plot_ui(ui, o, lang);
            ui.heading(lang.pick(
                "全县学位缺口与空余学位",
                "Seats short and seats spare, county",
            ));
            gap_plot_ui(ui, o, lang);
            ui.heading(lang.pick(
                "各片区出生人口（虚线：外推）",
                "Births by area (dashed: extrapolated)",
            ));
            births_plot_ui(ui, o, lang);
        });
    }
}

/// The headline figures: one short sentence per level, then the counts.
pub fn headline_ui(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    let h = &o.headline;
    ui.heading(lang.pick("要点", "Headlines"));
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
                ui.label(peak_text(p.shortfall, p.year, lang));
                ui.end_row();
            }
            let next = h.base_year + 1;
            ui.label(lang.pick("明年学位不足的学校", "Schools short next year"));
            ui.label(match lang {
                Lang::Zh => format!("{} 所（{next} 年）", h.short_next_year),
                Lang::En => format!("{} ({next})", h.short_next_year),
            });
            ui.end_row();
            ui.label(lang.pick("学位不足学校最多时", "Most schools short"));
            ui.label(match lang {
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

fn levels(o: &Outcome) -> Vec<Level> {
    let mut v: Vec<Level> = o
        .aggregates
        .iter()
        .filter_map(|a| match a.scope {
            Scope::Level(l) => Some(l),
            _ => None,
        })
        .collect();
    v.dedup();
    v
}

fn series<'a>(o: &'a Outcome, scope: &'a Scope) -> impl Iterator<Item = &'a Aggregate> + 'a {
    o.aggregates.iter().filter(move |a| a.scope == *scope)
}

/// Observed points, and projected points joined to the last observed one.
fn split(points: Vec<(RowKind, [f64; 2])>) -> (Vec<[f64; 2]>, Vec<[f64; 2]>) {
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
    (observed, projected)
}

fn demand_plot_ui(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    let dashed = LineStyle::dashed_loose();
    Plot::new("overview-demand")
        .height(280.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .y_axis_label(lang.pick("学生数", "pupils"))
        .show(ui, |plot| {
            for level in levels(o) {
                let scope = Scope::Level(level);
                let c = level_color(level);
                let name = level.name(lang);
                let demand = series(o, &scope).map(|a| (a.kind, [a.year as f64, a.demand]));
                let (obs, proj) = split(demand.collect());
                plot.line(Line::new(name, PlotPoints::from(obs)).color(c).width(2.0));
                plot.line(
                    Line::new(name, PlotPoints::from(proj))
                        .color(c)
                        .width(2.0)
                        .style(dashed),
                );
                let cap: Vec<[f64; 2]> = series(o, &scope)
                    .map(|a| [a.year as f64, a.capacity])
                    .collect();
                plot.line(
                    Line::new(name, PlotPoints::from(cap))
                        .color(c)
                        .style(LineStyle::dotted_dense())
                        .width(1.5),
                );
            }
        });
    ui.label(
        RichText::new(lang.pick("点线：容量", "Dotted: capacity"))
            .small()
            .weak(),
    );
}

fn gap_plot_ui(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    let county: Vec<&Aggregate> = series(o, &Scope::County).collect();
    let short: Vec<Bar> = county
        .iter()
        .map(|a| Bar::new(a.year as f64 - 0.2, a.shortfall).width(0.4))
        .collect();
    let spare: Vec<Bar> = county
        .iter()
        .map(|a| Bar::new(a.year as f64 + 0.2, -a.spare).width(0.4))
        .collect();
    Plot::new("overview-gap")
        .height(220.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .y_axis_label(lang.pick("学位", "seats"))
        .y_axis_formatter(|mark, _| thousands(mark.value.abs().round() as i64))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(lang.pick("缺口", "short"), short)
                    .color(Color32::from_rgb(0xd6, 0x27, 0x28)),
            );
            plot.bar_chart(
                BarChart::new(lang.pick("空余（向下）", "spare (downwards)"), spare)
                    .color(Color32::from_rgb(0x99, 0x99, 0x99)),
            );
        });
}

fn births_plot_ui(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    let last = o.projection.base_year + o.projection.horizon as i32;
    Plot::new("overview-births")
        .height(240.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .y_axis_label(lang.pick("出生数", "births"))
        .show(ui, |plot| {
            for (i, b) in o.projection.births.iter().enumerate() {
                let name = b
                    .area
                    .clone()
                    .unwrap_or_else(|| lang.pick("全县", "county").to_string());
                let c = series_color(i);
                let known_until = b.last_known.unwrap_or(b.first_year - 1);
                let point = |y: i32| [y as f64, b.get(y)];
                let known: Vec<[f64; 2]> = (b.first_year..=known_until).map(point).collect();
                let ahead: Vec<[f64; 2]> =
                    (known_until.max(b.first_year)..=last).map(point).collect();
                plot.line(Line::new(name.clone(), PlotPoints::from(known)).color(c));
                plot.line(
                    Line::new(name, PlotPoints::from(ahead))
                        .color(c)
                        .style(LineStyle::dashed_loose()),
                );
            }
        });
}
