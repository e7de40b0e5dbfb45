//! The Compare tab: the working scenario beside the same what-ifs with no
//! actions and every scenario kept for comparison: the figures that decide,
//! and each one's demand and capacity by year for a level.

use super::{Computed, Cx, Panel, Tab};
use crate::app::commands::Command;
use crate::engine::Outcome;
use crate::engine::Wants;
use crate::engine::outcome::Scope;
use crate::grades::Level;
use crate::i18n::Lang;
use eframe::egui::{self, RichText};
use egui_plot::{Legend, Line, LineStyle, Plot};

#[derive(Default)]
pub struct Compare {
    level: Option<Level>,
}

/// Colours of the scenarios' lines, in order.
const COLOURS: [egui::Color32; 6] = [
    egui::Color32::from_rgb(0x55, 0x55, 0x55),
    egui::Color32::from_rgb(0x1f, 0x6f, 0xb4),
    egui::Color32::from_rgb(0xd9, 0x5f, 0x02),
    egui::Color32::from_rgb(0x1b, 0x9e, 0x77),
    egui::Color32::from_rgb(0x75, 0x70, 0xb3),
    egui::Color32::from_rgb(0xe7, 0x29, 0x8a),
];

impl Panel for Compare {
    fn id(&self) -> Tab {
        Tab::Compare
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("对比", "Compare")
    }

    fn wants(&self) -> Wants {
        Wants {
            comparison: true,
            ..Wants::default()
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let name = |o: &Outcome, fallback: &str| {
            if o.scenario.name.trim().is_empty() {
                fallback.to_string()
            } else {
                o.scenario.name.trim().to_string()
            }
        };
        // Columns: no actions, the working scenario, then each one kept.
        let mut columns: Vec<Column<'_>> = Vec::new();
        if let Some(b) = &computed.baseline {
            columns.push((
                lang.pick("基准（无措施）", "baseline (no actions)").into(),
                Some(&b.outcome),
                None,
            ));
        }
        columns.push((
            name(&computed.outcome, lang.pick("当前情景", "working scenario")),
            Some(&computed.outcome),
            None,
        ));
        for (i, h) in computed.held.iter().enumerate() {
            let fallback = match lang {
                Lang::Zh => format!("情景 {}", i + 1),
                Lang::En => format!("scenario {}", i + 1),
            };
            match h {
                Ok(p) => columns.push((name(&p.outcome, &fallback), Some(&p.outcome), Some(i))),
                Err(_) => columns.push((fallback, None, Some(i))),
            }
        }
        ui.horizontal(|ui| {
            ui.label(lang.pick(
                "在“规划”页点“加入对比”可把当前情景的副本放到这里。",
                "“Keep for comparison” on the Plan tab puts a copy of the working scenario here.",
            ));
        });
        let price = cx.state.scenario.planner.cost_per_classroom;
        // Each column's 优质均衡 ledger: baseline, working, then the kept ones.
        let mut ledgers: Vec<Option<&crate::engine::compliance::Compliance>> = Vec::new();
        if let Some(b) = &computed.baseline {
            ledgers.push(b.derived.ledger.as_deref());
        }
        ledgers.push(computed.derived.ledger.as_deref());
        ledgers.extend(
            computed
                .held
                .iter()
                .map(|h| h.as_ref().ok().and_then(|p| p.derived.ledger.as_deref())),
        );
        let figures: Vec<Option<Vec<(&str, String)>>> = columns
            .iter()
            .enumerate()
            .map(|(k, (_, o, _))| {
                o.map(|o| {
                    let mut rows = crate::text::plan::figure_rows(&o.figures.priced(price), lang);
                    rows.push(crate::text::compliance::passing_row(
                        ledgers.get(k).copied().flatten(),
                        lang,
                    ));
                    rows
                })
            })
            .collect();
        figures_ui(ui, cx, &columns, &figures);
        ui.separator();
        let levels: Vec<Level> = Level::ALL
            .into_iter()
            .filter(|l| {
                computed
                    .outcome
                    .aggregates
                    .iter()
                    .any(|a| a.scope == Scope::Level(*l))
            })
            .collect();
        let Some(level) = shown_level(self.level, &levels) else {
            ui.label(lang.pick("没有可对比的学段。", "No level to compare."));
            return;
        };
        ui.horizontal(|ui| {
            ui.label(lang.pick("学段：", "Level:"));
            for l in &levels {
                if ui.selectable_label(level == *l, l.name(lang)).clicked() {
                    self.level = Some(*l);
                }
            }
        });
        lines_ui(ui, &columns, level, lang);
    }
}

/// The level the chart shows: the one chosen if the data has it, else
/// primary, else the first level the data has (a file of junior schools
/// alone opens on junior, not on an empty chart).
pub fn shown_level(chosen: Option<Level>, levels: &[Level]) -> Option<Level> {
    chosen
        .filter(|l| levels.contains(l))
        .or_else(|| levels.iter().copied().find(|l| *l == Level::Primary))
        .or_else(|| levels.first().copied())
}

/// A column of the comparison: its title, its outcome (None: it failed),
/// and its place among the kept scenarios.
type Column<'a> = (String, Option<&'a Outcome>, Option<usize>);

/// The figures of each column side by side, with "make working" and ×
/// under each kept scenario.
fn figures_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    columns: &[Column<'_>],
    figures: &[Option<Vec<(&str, String)>>],
) {
    let lang = cx.lang;
    let mut drop = None;
    let mut restore = None;
    egui::Grid::new("compare")
        .striped(true)
        .min_col_width(150.0)
        .show(ui, |ui| {
            ui.label("");
            for (title, _, held) in columns {
                ui.vertical(|ui| {
                    ui.strong(title);
                    if let Some(i) = held {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button(lang.pick("设为当前", "make working"))
                                .clicked()
                            {
                                restore = Some(*i);
                            }
                            if ui.small_button("×").clicked() {
                                drop = Some(*i);
                            }
                        });
                    }
                });
            }
            ui.end_row();
            let labels: Vec<&str> = figures
                .iter()
                .flatten()
                .next()
                .map(|f| f.iter().map(|r| r.0).collect())
                .unwrap_or_default();
            for (row, label) in labels.iter().enumerate() {
                ui.label(*label);
                for f in figures {
                    match f.as_ref().and_then(|f| f.get(row)) {
                        Some((_, v)) => ui.label(v),
                        None => ui.label(RichText::new(lang.pick("无法计算", "failed")).weak()),
                    };
                }
                ui.end_row();
            }
        });
    if let Some(i) = restore {
        cx.send(Command::UseHeld(i));
    }
    if let Some(i) = drop {
        cx.send(Command::DropHeld(i));
    }
}

/// Each column's demand and seats for a level, year by year.
fn lines_ui(ui: &mut egui::Ui, columns: &[Column<'_>], level: Level, lang: Lang) {
    // Seats only in the years some school's capacity is known.
    let series = |o: &Outcome, capacity: bool| -> Vec<[f64; 2]> {
        o.aggregates
            .iter()
            .filter(|a| a.scope == Scope::Level(level))
            .filter(|a| !capacity || a.schools_with_capacity > 0)
            .map(|a| [a.year as f64, if capacity { a.capacity } else { a.demand }])
            .collect()
    };
    let drawn = columns.iter().filter(|(_, o, _)| o.is_some()).count();
    Plot::new("compare-lines")
        .legend(Legend::default().follow_insertion_order(true))
        // From zero: a fall of a few hundred pupils is not drawn as a collapse.
        .include_y(0.0)
        .height(ui.available_height().max(240.0))
        .x_axis_label(lang.pick("学年（秋季）", "fall"))
        .y_axis_label(lang.pick("学生数 / 学位数", "pupils / seats"))
        .show(ui, |plot| {
            for (i, (title, o, _)) in columns.iter().enumerate() {
                let Some(o) = o else { continue };
                let colour = COLOURS[i % COLOURS.len()];
                // Scenarios drawn first are wider, so lines that coincide
                // (plans that change nothing for this level) all show.
                let width = 2.0 + 2.5 * drawn.saturating_sub(i + 1) as f32;
                plot.line(
                    Line::new(
                        format!("{title} · {}", lang.pick("需求", "demand")),
                        series(o, false),
                    )
                    .color(colour)
                    .width(width),
                );
                plot.line(
                    Line::new(
                        format!("{title} · {}", lang.pick("学位", "seats")),
                        series(o, true),
                    )
                    .color(colour)
                    .style(LineStyle::dashed_dense()),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_shown_is_one_the_data_has() {
        let junior_only = [Level::Junior];
        assert_eq!(shown_level(None, &junior_only), Some(Level::Junior));
        // A level chosen on other data falls back too.
        assert_eq!(
            shown_level(Some(Level::Primary), &junior_only),
            Some(Level::Junior)
        );
        let both = [Level::Primary, Level::Junior];
        assert_eq!(shown_level(None, &both), Some(Level::Primary));
        assert_eq!(shown_level(Some(Level::Junior), &both), Some(Level::Junior));
        assert_eq!(shown_level(None, &[]), None);
    }
}
