//! The School tab: one school's pupils by grade (stacked) against its
//! capacity over history and horizon, its shortfall, its average class size
//! against the standard and the 55 / 65 lines, and the ratios behind it.

use super::{Computed, Cx, Panel, Tab};
use crate::app::chart_view::chart_block_ui;
use crate::app::commands::Command;
use crate::app::style::warning_color;
use crate::chart::Chart;
use crate::chart::build::{self, Context};
use crate::engine::method::{Entry, GRADE_SLOTS, grade_of_slot};
use crate::i18n::{Lang, thousands};
use eframe::egui::{self, RichText};

/// The tab, holding the charts of the school shown.
#[derive(Default)]
pub struct School {
    charts: Option<((u64, Lang, usize), Vec<Chart>)>,
}

impl Panel for School {
    fn id(&self) -> Tab {
        Tab::School
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("单校", "School")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let d = &computed.outcome.dataset;
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
                            cx.send(Command::Select(i));
                        }
                    }
                })
                .response
                .accessible_name(lang.pick("学校", "School"));
        });
        // Nothing chosen yet: the school with the largest shortfall (else the largest).
        let selected = selected.or_else(|| {
            let first = o.schools.iter().max_by(|a, b| {
                a.shortfall
                    .total_cmp(&b.shortfall)
                    .then(a.pupils_now.total_cmp(&b.pupils_now))
            })?;
            cx.send(Command::Select(first.school));
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
        egui::ScrollArea::vertical()
            .id_salt("school-scroll")
            .show(ui, |ui| {
                ui.heading(&s.name);
                ui.horizontal_wrapped(|ui| {
                    let facts = facts(o, i, lang);
                    ui.label(facts.join(" · "));
                    ui.label(
                        RichText::new(crate::app::style::warning_name(sum.warning, lang))
                            .color(warning_color(sum.warning))
                            .strong(),
                    );
                });

                let key = (computed.generation, lang, i);
                if self.charts.as_ref().is_none_or(|(k, _)| *k != key) {
                    let bc = Context::new(
                        &computed.engine,
                        o,
                        &computed.derived,
                        lang,
                        &crate::export::files::today(),
                    );
                    let mut charts = vec![
                        build::school_grades(&bc, i),
                        build::school_shortfall(&bc, i),
                    ];
                    charts.extend(build::school_class_size(&bc, i));
                    self.charts = Some((key, charts));
                }
                if let Some((_, charts)) = &self.charts {
                    for (chart, height) in charts.iter().zip([280.0, 160.0, 200.0]) {
                        chart_block_ui(ui, chart, height, lang, cx.commands);
                    }
                    if charts.len() < 3 {
                        ui.label(lang.pick(
                            "名册中没有教室数，无法计算班额。",
                            "The roster gives no classrooms, so there is no class size.",
                        ));
                    }
                }

                if let Some(t) = &computed.derived.teachers {
                    ui.heading(lang.pick("教师", "Teachers"));
                    super::teachers::school_section_ui(ui, lang, o, t, i);
                    ui.add_space(6.0);
                }
                if let Some(c) = &computed.derived.ledger {
                    ui.heading(lang.pick("优质均衡", "优质均衡 (compliance)"));
                    super::compliance::school_section_ui(ui, cx, o, c, i);
                    ui.add_space(6.0);
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
        Entry::History { level, slope } => match lang {
            Lang::Zh => {
                format!("本校入学年级的近年人数（无出生数据）：{level:.0} 人，每年 {slope:+.1}")
            }
            Lang::En => format!(
                "the entry grade's own recent falls (no births): {level:.0}, {slope:+.1} a year"
            ),
        },
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

/// A school's facts in one line's parts: level, area, classrooms,
/// capacity, pupils now, next year's projection and the peak, each with
/// its 80 % range.
fn facts(o: &crate::engine::Outcome, i: usize, lang: Lang) -> Vec<String> {
    let (s, sum) = (&o.dataset.schools[i], &o.schools[i]);
    let base = o.projection.base_year;
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
    let next = o
        .school_rows(i)
        .iter()
        .find(|r| r.year == base + 1)
        .and_then(|r| r.band.map(|b| (r.demand, b.low, b.high)));
    if let Some((d, lo, hi)) = next {
        let (d, lo, hi) = (
            thousands(d.round() as i64),
            thousands(lo.round() as i64),
            thousands(hi.round() as i64),
        );
        facts.push(match lang {
            Lang::Zh => format!("{} 年预测 {d} 人（80% 可能区间 {lo}–{hi}）", base + 1),
            Lang::En => format!("{d} projected in {} (80 % range {lo}–{hi})", base + 1),
        });
    }
    if let Some((lo, hi)) = sum.peak_range.filter(|_| sum.peak_year > base + 1) {
        let (peak, lo, hi) = (
            thousands(sum.peak.round() as i64),
            thousands(lo.round() as i64),
            thousands(hi.round() as i64),
        );
        facts.push(match lang {
            Lang::Zh => format!(
                "{} 年峰值 {peak} 人（80% 可能区间 {lo}–{hi}）",
                sum.peak_year
            ),
            Lang::En => {
                format!("peak {peak} in {} (80 % range {lo}–{hi})", sum.peak_year)
            }
        });
    }
    facts
}
