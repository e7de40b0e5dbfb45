//! The School tab: one school's pupils by grade (stacked) against its
//! capacity over history and horizon, its shortfall, its average class size
//! against the standard and the 55 / 65 lines, and the ratios behind it.

use super::{Cx, View, waiting_ui};
use crate::app::commands::Command;
use crate::app::style::{series_color, warning_color};
use crate::engine::observed::{GRADE_SLOTS, grade_of_slot};
use crate::engine::outcome::{RowKind, Standards};
use crate::engine::ratios::Entry;
use crate::i18n::{Lang, thousands};
use eframe::egui::{self, Color32, RichText};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, PlotPoints, VLine};

#[derive(Default)]
pub struct School;

impl View for School {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let (Some(data), Some(computed)) = (cx.data, cx.computed) else {
            waiting_ui(ui, lang);
            return;
        };
        let d = &data.engine.dataset;
        let obs = &data.engine.observed;
        let o = &computed.outcome;
        let selected = cx.selected();
        ui.horizontal(|ui| {
            ui.label(lang.pick("学校：", "School:"));
            let current = selected.map_or_else(
                || lang.pick("（请选择）", "(choose one)").to_string(),
                |i| d.schools[i].name.clone(),
            );
            egui::ComboBox::from_id_salt("school-pick")
                .selected_text(current)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for (i, s) in d.schools.iter().enumerate() {
                        if ui.selectable_label(Some(i) == selected, &s.name).clicked() {
                            cx.commands.push(Command::Select(i));
                        }
                    }
                });
        });
        // Nothing chosen yet: the school with the largest shortfall (else the largest).
        let selected = selected.or_else(|| {
            let first = o.schools.iter().max_by(|a, b| {
                a.shortfall
                    .total_cmp(&b.shortfall)
                    .then(a.pupils_now.total_cmp(&b.pupils_now))
            })?;
            cx.commands.push(Command::Select(first.school));
            Some(first.school)
        });
        let Some(i) = selected else {
            ui.label(lang.pick(
                "在“学校列表”或“地图”中点击一所学校，或在上面选择。",
                "Click a school on the Schools tab or the map, or choose one above.",
            ));
            return;
        };
        let s = &d.schools[i];
        let sum = &o.schools[i];
        let rows = o.school_rows(i);
        let base = o.projection.base_year;
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(&s.name);
            ui.horizontal_wrapped(|ui| {
                let mut facts = vec![s.level.name(lang).to_string()];
                if let Some(a) = &s.area {
                    facts.push(a.clone());
                }
                if let Some(c) = s.classrooms {
                    facts.push(match lang {
                        Lang::Zh => format!("{c:.0} 间教室"),
                        Lang::En => format!("{c:.0} classrooms"),
                    });
                }
                if let Some(c) = sum.capacity {
                    facts.push(match lang {
                        Lang::Zh => format!("容量 {}", thousands(c.round() as i64)),
                        Lang::En => format!("capacity {}", thousands(c.round() as i64)),
                    });
                }
                facts.push(match lang {
                    Lang::Zh => {
                        format!("{base} 年 {} 人", thousands(sum.pupils_now.round() as i64))
                    }
                    Lang::En => format!(
                        "{} pupils in {base}",
                        thousands(sum.pupils_now.round() as i64)
                    ),
                });
                ui.label(facts.join(" · "));
                ui.label(
                    RichText::new(crate::app::style::warning_name(sum.warning, lang))
                        .color(warning_color(sum.warning))
                        .strong(),
                );
            });

            ui.heading(lang.pick("分年级学生数与容量", "Pupils by grade and capacity"));
            let standards = Standards::new(d, &o.scenario.class_sizes);
            let mut charts: Vec<BarChart> = Vec::new();
            let mut colour = 0;
            for slot in 0..GRADE_SLOTS {
                let bars: Vec<Bar> = rows
                    .iter()
                    .map(|r| {
                        let v = match r.kind {
                            RowKind::Observed => obs.pupils_at(i, r.year, slot),
                            RowKind::Projected => {
                                o.projection.grades(i, (r.year - base) as usize)[slot]
                            }
                        };
                        Bar::new(r.year as f64, v).width(0.7)
                    })
                    .collect();
                if bars.iter().all(|b| b.value <= 0.0) {
                    continue;
                }
                let name = grade_of_slot(slot).label(d.grade_system, lang);
                let above: Vec<&BarChart> = charts.iter().collect();
                let chart = BarChart::new(name, bars)
                    .color(series_color(colour))
                    .stack_on(&above);
                colour += 1;
                charts.push(chart);
            }
            let capacity: Vec<[f64; 2]> = rows
                .iter()
                .filter_map(|r| r.capacity.map(|c| [r.year as f64, c]))
                .collect();
            let strong = ui.visuals().strong_text_color();
            Plot::new("school-grades")
                .height(280.0)
                .legend(Legend::default())
                .allow_scroll(false)
                .y_axis_label(lang.pick("学生数", "pupils"))
                .show(ui, |plot| {
                    for c in charts {
                        plot.bar_chart(c);
                    }
                    plot.line(
                        Line::new(lang.pick("容量", "capacity"), PlotPoints::from(capacity))
                            .color(strong)
                            .width(2.5),
                    );
                    plot.vline(
                        VLine::new(
                            lang.pick("预测起点", "projection starts"),
                            base as f64 + 0.5,
                        )
                        .color(Color32::GRAY)
                        .style(LineStyle::dashed_loose()),
                    );
                });

            ui.heading(lang.pick("学位缺口", "Seats short"));
            let short: Vec<Bar> = rows
                .iter()
                .map(|r| Bar::new(r.year as f64, r.shortfall).width(0.7))
                .collect();
            Plot::new("school-short")
                .height(160.0)
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.bar_chart(
                        BarChart::new(lang.pick("缺口", "short"), short)
                            .color(Color32::from_rgb(0xd6, 0x27, 0x28)),
                    );
                });

            ui.heading(lang.pick(
                "平均班额（按现有教室）",
                "Average class size (today's classrooms)",
            ));
            let avg: Vec<(RowKind, [f64; 2])> = rows
                .iter()
                .filter_map(|r| r.avg_class_size.map(|a| (r.kind, [r.year as f64, a])))
                .collect();
            if avg.is_empty() {
                ui.label(lang.pick(
                    "名册中没有教室数，无法计算班额。",
                    "The roster gives no classrooms, so there is no class size.",
                ));
            } else {
                let standard = standards
                    .sizes
                    .iter()
                    .zip(0..)
                    .filter(|(_, slot)| s.span.contains(grade_of_slot(*slot)))
                    .map(|(v, _)| *v)
                    .fold(0.0, f64::max);
                let t = &o.scenario.thresholds;
                let obs_line: Vec<[f64; 2]> = avg
                    .iter()
                    .filter(|(k, _)| *k == RowKind::Observed)
                    .map(|(_, p)| *p)
                    .collect();
                let mut proj_line: Vec<[f64; 2]> = obs_line.last().copied().into_iter().collect();
                proj_line.extend(
                    avg.iter()
                        .filter(|(k, _)| *k == RowKind::Projected)
                        .map(|(_, p)| *p),
                );
                Plot::new("school-class-size")
                    .height(200.0)
                    .legend(Legend::default())
                    .allow_scroll(false)
                    .include_y(0.0)
                    .include_y(t.super_oversized_class + 5.0)
                    .show(ui, |plot| {
                        plot.line(
                            Line::new(
                                lang.pick("平均班额", "average class"),
                                PlotPoints::from(obs_line),
                            )
                            .width(2.0),
                        );
                        plot.line(
                            Line::new(
                                lang.pick("平均班额", "average class"),
                                PlotPoints::from(proj_line),
                            )
                            .width(2.0)
                            .style(LineStyle::dashed_loose()),
                        );
                        if standard > 0.0 {
                            plot.hline(
                                HLine::new(lang.pick("标准班额", "standard"), standard)
                                    .color(Color32::from_rgb(0x2c, 0xa0, 0x2c)),
                            );
                        }
                        plot.hline(
                            HLine::new(lang.pick("大班额 55", "大班额 55"), t.oversized_class)
                                .color(Color32::from_rgb(0xf0, 0xa2, 0x02)),
                        );
                        plot.hline(
                            HLine::new(
                                lang.pick("超大班额 65", "超大班额 65"),
                                t.super_oversized_class,
                            )
                            .color(Color32::from_rgb(0xd6, 0x27, 0x28)),
                        );
                    });
            }

            ui.heading(lang.pick("该校比率", "The school's ratios"));
            ratios_ui(ui, cx.lang, o, i, d);
        });
    }
}

fn ratios_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    o: &crate::engine::Outcome,
    i: usize,
    d: &crate::model::Dataset,
) {
    let r = &o.ratios.schools[i];
    let source = match r.entry {
        Entry::Births { lag, .. } => match lang {
            Lang::Zh => format!("{lag} 年前出生人口"),
            Lang::En => format!("births {lag} years before"),
        },
        Entry::Feeders => lang
            .pick("对口小学的上一年级", "the feeder schools' grade below")
            .into(),
        Entry::Area(_) => lang
            .pick("本片区学校的上一年级", "the area's grade below")
            .into(),
        Entry::County => lang
            .pick("全县的上一年级", "the county's grade below")
            .into(),
        Entry::Nothing => lang
            .pick(
                "无（该片区没有出生数据）",
                "nothing (no births for the area)",
            )
            .into(),
    };
    egui::Grid::new("ratios")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.strong(lang.pick("年级", "Grade"));
            ui.strong(lang.pick("比率", "Ratio"));
            ui.strong(lang.pick("依据", "Based on"));
            ui.end_row();
            if let Some(slot) = r.entry_slot {
                ui.label(grade_of_slot(slot).label(d.grade_system, lang));
                ui.label(format!("{:.3}", r.entry_ratio));
                ui.label(match lang {
                    Lang::Zh => format!(
                        "入学比率：{source}{}",
                        if r.entry_estimated {
                            ""
                        } else {
                            "（无实测，取 0）"
                        }
                    ),
                    Lang::En => format!(
                        "entry ratio of {source}{}",
                        if r.entry_estimated {
                            ""
                        } else {
                            " (no observed year: 0)"
                        }
                    ),
                });
                ui.end_row();
            }
            for slot in 0..GRADE_SLOTS {
                if !r.active[slot] || Some(slot) == r.entry_slot {
                    continue;
                }
                ui.label(grade_of_slot(slot).label(d.grade_system, lang));
                ui.label(format!("{:.3}", r.gpr[slot]));
                ui.label(match lang {
                    Lang::Zh => format!("升级比率，{} 个学年", r.gpr_n[slot]),
                    Lang::En => format!("progression ratio, {} falls", r.gpr_n[slot]),
                });
                ui.end_row();
            }
        });
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "{} 年起最近 {} 个学年估计",
                o.ratios.base_year, o.ratios.window
            ),
            Lang::En => format!(
                "Estimated over the {} falls to {}",
                o.ratios.window, o.ratios.base_year
            ),
        })
        .weak(),
    );
}
