//! The Accuracy tab: how far to trust the numbers, for the meeting. The
//! method in use, its backtest on the loaded data beside the textbook and
//! persistence (school and county error by horizon), how often the 80 %
//! ranges held, and the schools predicted worst.

use super::{Computed, Cx, Panel, Tab};
use crate::app::style::series_color;
use crate::engine::Wants;
use crate::engine::accuracy::{Accuracy, HorizonScore};
use crate::i18n::Lang;
use crate::text::labels::*;
use eframe::egui::{self, RichText};
use egui_plot::{Corner, Legend, Line, LineStyle, Plot, PlotPoints, Points};

#[derive(Default)]
pub struct AccuracyPanel;

impl Panel for AccuracyPanel {
    fn id(&self) -> Tab {
        Tab::Accuracy
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("准确度", "Accuracy")
    }

    fn wants(&self) -> Wants {
        Wants {
            accuracy: true,
            ..Wants::default()
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let Some(acc) = computed.accuracy.as_deref() else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("正在回测…", "Backtesting…"));
            });
            return;
        };
        let o = &computed.outcome;
        egui::ScrollArea::vertical()
            .id_salt("accuracy-scroll")
            .show(ui, |ui| {
                ui.heading(lang.pick("预测有多可信", "How far to trust the numbers"));
                ui.label(format!(
                    "{}{}",
                    lang.pick("预测方法：", "Method: "),
                    acc.method.label(lang)
                ));
                method_note_ui(ui, acc, lang);
                choice_ui(ui, acc, lang);
                ui.add_space(6.0);
                scores_ui(ui, acc, lang);
                rule_ui(ui, acc, lang);
                ui.add_space(6.0);
                candidates_ui(ui, acc, lang);
                levels_ui(ui, acc, lang);
                ui.add_space(6.0);
                ranges_note_ui(ui, o, lang);
                ui.add_space(6.0);
                error_plot_ui(ui, acc, lang);
                ui.add_space(6.0);
                worst_ui(ui, acc, o, cx);
            });
    }
}

fn method_note_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    let text = match (acc.origins, lang) {
        (Some((a, b)), Lang::Zh) => format!(
            "回测：假设站在 {a}–{b} 年的每个秋季，只用当时已有的数据预测未来 1–5 年，再与实际在校生比较（不含情景中的调整与措施）。"
        ),
        (Some((a, b)), Lang::En) => format!(
            "Backtest: standing at each fall {a}–{b}, project 1–5 years ahead with only the data known then, and compare with what happened (the scenario's what-ifs and actions left out)."
        ),
        (None, _) => lang
            .pick(
                "数据年份太少，无法回测（至少需要两个秋季）。",
                "Too few falls to backtest (at least two are needed).",
            )
            .into(),
    };
    ui.label(RichText::new(text).weak());
    if !acc.unscored.is_empty() {
        let years: Vec<String> = acc.unscored.iter().map(|y| y.to_string()).collect();
        ui.label(
            RichText::new(format!(
                "{}{}",
                lang.pick(
                    "异常学年不计入误差（没有方法能预见，例如疫情当年的统计）：",
                    "Outlier falls not scored (no method foresees them, e.g. a COVID count): "
                ),
                years.join(", ")
            ))
            .weak(),
        );
    }
}

/// What the default uses on this data, and why.
fn choice_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    let Some(c) = &acc.choice else { return };
    ui.add_space(4.0);
    ui.strong(match lang {
        Lang::Zh => format!("本数据上默认方法（{} 年起）用的是：", c.base_year),
        Lang::En => format!(
            "What the default uses on this data (from fall {}):",
            c.base_year
        ),
    });
    for line in crate::text::method::choice_lines(c, lang, acc.births_missing) {
        ui.label(format!("· {line}"));
    }
}

/// The method in use against the better of the textbook n = 3 and
/// persistence, horizon by horizon: whether the rule holds.
fn rule_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    let Some(rule) = &acc.rule else { return };
    ui.add_space(4.0);
    let lines = crate::text::method::rule_lines(rule, acc.births_missing, lang);
    let colour = if rule.holds() {
        ui.visuals().text_color()
    } else {
        ui.visuals().warn_fg_color
    };
    if let Some((head, rest)) = lines.split_first() {
        ui.label(RichText::new(head).strong().color(colour));
        egui::CollapsingHeader::new(lang.pick("逐个预测年限", "Horizon by horizon"))
            .id_salt("accuracy-rule")
            .show(ui, |ui| {
                // One line per horizon, then the county sum's; a line
                // with a miss in the warning colour.
                for (i, line) in rest.iter().enumerate() {
                    let holds = rule
                        .horizons
                        .get(i)
                        .map_or(rule.county_sum.holds, |h| h.schools.holds && h.county.holds);
                    let text = RichText::new(line.trim_start());
                    ui.label(if holds {
                        text.weak()
                    } else {
                        text.color(ui.visuals().warn_fg_color)
                    });
                }
            });
    }
}

/// Every candidate's school and county error by horizon, each as if used
/// throughout, beside the method in use; the ones the default uses now in
/// bold (for schools) and marked ▲ (for the county total).
fn candidates_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    if acc.candidates.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.pick(
        "各候选方法的学校误差与全县合计误差（每个方法全程固定使用）",
        "Every candidate's school and county error (each used throughout)",
    ))
    .default_open(acc.choice.is_some())
    .show(ui, |ui| {
        let (schools, totals) = used(acc, None);
        candidate_grid_ui(
            ui,
            "accuracy-candidates",
            acc,
            &acc.scores,
            &acc.candidates,
            (&schools, &totals),
            lang,
        );
        ui.label(
            RichText::new(lang.pick(
                "粗体：默认方法当前用于学校的候选方法；▲：用于全县合计的；以及各年限中事后看最好的数字。默认方法在每个起点只用当时已知的误差来选，所以它的误差（首行）是诚实的估计。",
                "Bold: the candidates the default uses now for schools; ▲: for the county total; and each horizon's best figure in hindsight. The default chooses at each origin with only the errors known then, so its own error (first row) is an honest estimate.",
            ))
            .weak(),
        );
    });
}

/// The same per school level: each level's schools and its total.
fn levels_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    if acc.levels.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.pick(
        "按学段：学校误差与学段合计误差",
        "By level: school and level-total error",
    ))
    .show(ui, |ui| {
        for l in &acc.levels {
            egui::CollapsingHeader::new(l.level.name(lang))
                .id_salt(("accuracy-level", l.level))
                .show(ui, |ui| {
                    let (schools, totals) = used(acc, Some(l.level));
                    candidate_grid_ui(
                        ui,
                        &format!("accuracy-level-{:?}", l.level),
                        acc,
                        &l.scores,
                        &l.candidates,
                        (&schools, &totals),
                        lang,
                    );
                });
        }
        ui.label(
            RichText::new(lang.pick(
                "粗体：学校当前采用的候选方法（各学段相同）；▲：该学段合计采用的（未单独选择的学段随全县合计）。",
                "Bold: the candidates the schools use now (the same for every level); ▲: this level's total's (a level without a choice of its own follows the county total's).",
            ))
            .weak(),
        );
    });
}

/// The candidates the default uses one year ahead (for a level, or
/// overall): for schools, and for the total.
fn used(
    acc: &Accuracy,
    level: Option<crate::grades::Level>,
) -> (
    Vec<crate::engine::scenario::Candidate>,
    Vec<crate::engine::scenario::Candidate>,
) {
    let Some(c) = &acc.choice else {
        return (Vec::new(), Vec::new());
    };
    let of = |p: Option<&crate::engine::accuracy::Pick>| -> Vec<_> {
        p.map_or(&[][..], |p| p.members.as_slice())
            .iter()
            .filter_map(|&i| c.candidates.get(i).copied())
            .collect()
    };
    match level {
        Some(l) => (of(c.members(1)), of(c.total_members(l, 1))),
        None => (
            of(c.overall.first().map(|p| &p.0)),
            of(c.county.first().and_then(Option::as_ref)),
        ),
    }
}

/// A grid: the method in use, then every candidate; school MAPE and total
/// MAPE at one to five years, each horizon's best in hindsight in bold.
fn candidate_grid_ui(
    ui: &mut egui::Ui,
    id: &str,
    acc: &Accuracy,
    own: &[HorizonScore],
    candidates: &[(crate::engine::scenario::Candidate, Vec<HorizonScore>)],
    (schools, totals): (
        &[crate::engine::scenario::Candidate],
        &[crate::engine::scenario::Candidate],
    ),
    lang: Lang,
) {
    let horizons = crate::engine::accuracy::HORIZON;
    let best = |f: fn(&HorizonScore) -> f64| -> Vec<f64> {
        (0..horizons)
            .map(|h| {
                candidates
                    .iter()
                    .filter_map(|(_, s)| s.get(h).map(f))
                    .filter(|x| x.is_finite())
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    };
    let (best_school, best_total) = (best(|x| x.school_mape), best(|x| x.system_mape));
    let cell = |ui: &mut egui::Ui, v: f64, least: f64| {
        let text = pct(v);
        if (v - least).abs() < 1e-9 {
            ui.label(RichText::new(text).strong());
        } else {
            ui.label(text);
        }
    };
    egui::Grid::new(id)
        .striped(true)
        .num_columns(1 + 2 * horizons)
        .show(ui, |ui| {
            ui.strong(lang.pick(
                "学校误差 → 合计误差（年后）",
                "school error → total error (years ahead)",
            ));
            for h in 1..=horizons {
                ui.strong(h.to_string());
            }
            for h in 1..=horizons {
                ui.strong(h.to_string());
            }
            ui.end_row();
            ui.label(RichText::new(acc.method.label(lang)).strong());
            for h in 0..horizons {
                ui.label(
                    RichText::new(pct(own.get(h).map_or(f64::NAN, |x| x.school_mape))).strong(),
                );
            }
            for h in 0..horizons {
                ui.label(
                    RichText::new(pct(own.get(h).map_or(f64::NAN, |x| x.system_mape))).strong(),
                );
            }
            ui.end_row();
            for (c, s) in candidates {
                let mut name = c.label(lang, acc.births_missing);
                if totals.contains(c) {
                    name.push_str(" ▲");
                }
                if schools.contains(c) {
                    ui.label(RichText::new(name).strong());
                } else {
                    ui.label(name);
                }
                for (h, least) in best_school.iter().enumerate() {
                    cell(ui, s.get(h).map_or(f64::NAN, |x| x.school_mape), *least);
                }
                for (h, least) in best_total.iter().enumerate() {
                    cell(ui, s.get(h).map_or(f64::NAN, |x| x.system_mape), *least);
                }
                ui.end_row();
            }
        });
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}%")
    } else {
        "—".into()
    }
}

fn share(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
}

/// Error by horizon: the method in use, then the others' school and county errors.
fn scores_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    let row = |ui: &mut egui::Ui,
               label: &str,
               f: &dyn Fn(&HorizonScore) -> String,
               s: &[HorizonScore]| {
        ui.label(label);
        for h in 1..=crate::engine::accuracy::HORIZON {
            ui.label(s.iter().find(|x| x.h == h).map_or("—".into(), f));
        }
        ui.end_row();
    };
    egui::Grid::new("accuracy-scores")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            ui.strong(lang.pick("提前年数", "Years ahead"));
            for h in 1..=crate::engine::accuracy::HORIZON {
                ui.strong(h.to_string());
            }
            ui.end_row();
            let s = &acc.scores;
            row(
                ui,
                lang.pick("学校平均误差 (MAPE)", "School error (MAPE)"),
                &|x| pct(x.school_mape),
                s,
            );
            row(
                ui,
                lang.pick("学校误差中位数", "School error, median"),
                &|x| pct(x.median_ape),
                s,
            );
            row(
                ui,
                lang.pick("误差在 ±5% 以内的学校", "Schools within ±5 %"),
                &|x| pct(x.within5),
                s,
            );
            row(
                ui,
                lang.pick("全县合计误差", "County total error"),
                &|x| pct(x.system_mape),
                s,
            );
            row(
                ui,
                lang.pick("80% 区间覆盖实际（学校）", "80 % range held (schools)"),
                &|x| share(x.coverage80),
                s,
            );
            row(
                ui,
                lang.pick("80% 区间覆盖实际（全县）", "80 % range held (county)"),
                &|x| share(x.system_coverage80),
                s,
            );
            row(
                ui,
                lang.pick("比较次数", "Comparisons"),
                &|x| x.n.to_string(),
                s,
            );
            for (m, sc) in &acc.references {
                let label = match lang {
                    Lang::Zh => format!("对照：{}，学校误差", m.label(lang)),
                    Lang::En => format!("For reference: {}, school error", m.label(lang)),
                };
                row(ui, &label, &|x| pct(x.school_mape), sc);
            }
        });
}

fn ranges_note_ui(ui: &mut egui::Ui, o: &crate::engine::Outcome, lang: Lang) {
    // How much wider, for its pupils, a quarter-size school's range is.
    let quarter = |b: &crate::engine::accuracy::ErrorBands| 4f64.powf(b.size.gamma);
    let text = match (&o.bands, lang) {
        (Some(b), Lang::Zh) => format!(
            "图表中的阴影和报表中的 demand_low / demand_high 是 80% 可能区间：取本数据上 {}–{} 年这一方法的 {} 个学校误差，按回测中误差随提前年数增长的幅度放大；规模小的学校区间相对更宽（人数为四分之一的学校，区间相对宽度约为 {:.1} 倍）。回测中实际值落在区间内的比例见上表“80% 区间覆盖实际”。",
            b.target_falls.0,
            b.target_falls.1,
            b.errors,
            quarter(b)
        ),
        (Some(b), Lang::En) => format!(
            "The shading on the charts and demand_low / demand_high in the reports are 80 % ranges: drawn from this method's {} school errors on this data for falls {}–{}, widened as those errors grew with the years ahead, and wider for smaller schools (a school a quarter the size gets a range {:.1} times as wide for its pupils). How often the actual figure fell inside in the backtest is in the table above (80 % range held).",
            b.errors,
            b.target_falls.0,
            b.target_falls.1,
            quarter(b)
        ),
        (None, _) => lang
            .pick(
                "数据年份太少，无法给出 80% 区间。",
                "Too few falls of data to give 80 % ranges.",
            )
            .into(),
    };
    ui.label(text);
    if let Some(b) = &o.bands {
        ui.label(match lang {
            Lang::Zh => format!(
                "全县合计的区间依据 {} 个预测起点年的合计误差（{} 年时已知的；每个起点每个年限一个误差），按起点个数以 t 分布放宽（起点越少越宽）。",
                b.total_origins, b.base_year
            ),
            Lang::En => format!(
                "The county total's range rests on the totals of {} origin falls known at fall {} (one error per origin and horizon), widened by Student's t by how few they are (the fewer, the wider).",
                b.total_origins, b.base_year
            ),
        });
    }
}

/// School error by years ahead, one line per method.
fn error_plot_ui(ui: &mut egui::Ui, acc: &Accuracy, lang: Lang) {
    let line = |s: &[HorizonScore]| -> Vec<[f64; 2]> {
        s.iter()
            .filter(|x| x.school_mape.is_finite())
            .map(|x| [x.h as f64, x.school_mape])
            .collect()
    };
    Plot::new("accuracy-by-horizon")
        .height(220.0)
        // Errors grow with the years ahead: the top left stays clear.
        .legend(
            Legend::default()
                .follow_insertion_order(true)
                .position(Corner::LeftTop),
        )
        .allow_scroll(false)
        .include_y(0.0)
        .x_axis_label(lang.pick("提前年数", "Years ahead"))
        .y_axis_label(lang.pick("学校平均误差 %", "School error %"))
        .show(ui, |plot| {
            // The references dashed underneath, the method in use drawn last
            // and strongest (the lines can lie on top of each other).
            for (i, (m, sc)) in acc.references.iter().enumerate() {
                plot.line(
                    Line::new(m.label(lang), PlotPoints::from(line(sc)))
                        .color(series_color(i + 1))
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                );
            }
            let own = line(&acc.scores);
            let own_color = series_color(0);
            plot.line(
                Line::new(acc.method.label(lang), PlotPoints::from(own.clone()))
                    .color(own_color)
                    .width(3.0),
            );
            plot.points(
                Points::new(acc.method.label(lang), own)
                    .color(own_color)
                    .radius(3.5),
            );
        });
}

/// The schools predicted worst, each a link to its page.
fn worst_ui(ui: &mut egui::Ui, acc: &Accuracy, o: &crate::engine::Outcome, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    ui.strong(lang.pick("预测最不准的学校", "Schools predicted worst"));
    ui.label(
        RichText::new(lang.pick(
            "平均误差最大的学校：在这些学校的数字上要多留余地。",
            "The largest mean errors: leave these schools' numbers the most room.",
        ))
        .weak(),
    );
    egui::Grid::new("accuracy-worst")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            ui.strong(lang.pick("学校", "School"));
            ui.strong(lang.pick("平均误差", "Mean error"));
            ui.strong(lang.pick("偏向", "Leaning"));
            ui.strong(lang.pick("最大误差", "Largest error"));
            ui.strong(lang.pick("比较次数", "Comparisons"));
            ui.end_row();
            for w in &acc.worst {
                let Some(s) = o.dataset.schools.get(w.school) else {
                    continue;
                };
                if ui.link(&s.name).clicked() {
                    cx.commands
                        .push(crate::app::commands::Command::OpenSchool(w.school));
                }
                ui.label(pct(w.mean_ape));
                ui.label(if w.mean_bias > 0.0 {
                    lang.pick("预测偏高", "projected too high")
                } else {
                    lang.pick("预测偏低", "projected too low")
                });
                ui.label(match lang {
                    Lang::Zh => format!(
                        "{}（{} 年起第 {} 年）",
                        pct(w.worst.0),
                        w.worst.1,
                        w.worst.2
                    ),
                    Lang::En => format!(
                        "{} (from {}, {} yr ahead)",
                        pct(w.worst.0),
                        w.worst.1,
                        w.worst.2
                    ),
                });
                ui.label(w.n.to_string());
                ui.end_row();
            }
        });
}
