//! The left panel: what was loaded, and the what-if sliders.

use super::panels::{Cx, Tab};
use crate::app::commands::Command;
use crate::engine::scenario::{
    BirthsVariant, ClassSizes, EntrantRule, Estimator, MAX_HORIZON, Method, Scenario,
};
use crate::i18n::{Lang, thousands};
use crate::text::labels::*;
use eframe::egui;

#[derive(Default)]
pub struct SidePanel;

impl SidePanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            loaded_ui(ui, cx);
            ui.separator();
            sliders_ui(ui, cx);
        });
    }
}

fn loaded_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    ui.heading(lang.pick("已载入", "Loaded"));
    let Some(data) = cx.data else {
        ui.label(lang.pick("尚未载入数据", "Nothing loaded yet"));
        return;
    };
    let d = &data.engine.dataset;
    if data.files.is_empty() {
        ui.label(lang.pick("示例县（内置）", "Sample county (built in)"));
    } else {
        for f in &data.files {
            let name = f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(name).on_hover_text(f.display().to_string());
        }
    }
    egui::Grid::new("loaded").num_columns(2).show(ui, |ui| {
        ui.label(lang.pick("学校", "Schools"));
        ui.label(thousands(d.schools.len() as i64));
        ui.end_row();
        ui.label(lang.pick("学年", "Falls"));
        ui.label(match data.falls {
            Some((a, b)) => format!("{a}–{b}"),
            None => "—".into(),
        });
        ui.end_row();
        ui.label(lang.pick("片区", "Areas"));
        ui.label(data.areas.to_string());
        ui.end_row();
        ui.label(lang.pick("学制", "Grade system"));
        ui.label(d.grade_system.name());
        ui.end_row();
        ui.label(lang.pick("警告", "Warnings"));
        let n = data.warnings.len();
        if n > 0 {
            if ui
                .link(n.to_string())
                .on_hover_text(lang.pick("在“数据”页查看", "See them on the Data tab"))
                .clicked()
            {
                cx.send(Command::ShowTab(Tab::Data));
            }
        } else {
            ui.label("0");
        }
        ui.end_row();
    });
}

/// A slider's range, step, unit and default.
pub(super) struct Scale<'a> {
    pub(super) range: std::ops::RangeInclusive<f64>,
    pub(super) step: f64,
    pub(super) unit: &'a str,
    pub(super) default: f64,
}

/// One slider with its unit, value and a reset to the default.
pub(super) fn slider(
    ui: &mut egui::Ui,
    label: &str,
    help: &str,
    value: &mut f64,
    scale: Scale<'_>,
    lang: Lang,
) -> bool {
    let Scale {
        range,
        step,
        unit,
        default,
    } = scale;
    let label = ui.label(label).on_hover_text(help);
    ui.horizontal(|ui| {
        let mut changed = ui
            .add(
                egui::Slider::new(value, range)
                    .step_by(step)
                    .fixed_decimals(if step < 1.0 { 1 } else { 0 })
                    .suffix(unit)
                    .clamping(egui::SliderClamping::Always),
            )
            .labelled_by(label.id)
            // The help is on the label above: a tooltip under the slider
            // would cover the next one while it is dragged.
            .changed();
        let reset = ui
            .add_enabled(
                *value != default,
                egui::Button::new(egui::RichText::new("↺").monospace()).small(),
            )
            .on_hover_text(lang.pick("恢复默认值", "Back to the default"));
        if reset.clicked() {
            *value = default;
            changed = true;
        }
        changed
    })
    .inner
}

fn sliders_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    ui.heading(lang.pick("情景假设", "What if"));
    // The defaults of the what-ifs; the plan (name, actions, planner settings) stays.
    let d = Scenario {
        name: cx.state.scenario.name.clone(),
        actions: cx.state.scenario.actions.clone(),
        planner: cx.state.scenario.planner,
        ..Scenario::default()
    };
    // Edited on a copy, sent back where it changed.
    let mut scenario = cx.state.scenario.clone();
    let births_missing = cx.data.is_some_and(|d| d.engine.births_missing());
    let no_births = cx.data.is_some_and(|d| d.engine.dataset.births.is_empty());
    let s = &mut scenario;
    births_ui(ui, s, &d, lang, no_births);
    class_sizes_ui(ui, s, lang);
    method_ui(ui, s, &d, lang, births_missing);
    ui.add_space(6.0);
    if ui
        .add_enabled(
            *s != d,
            egui::Button::new(lang.pick("全部恢复默认", "Reset all")),
        )
        .clicked()
    {
        *s = d;
    }
    // A changed scenario is recomputed by the app: it compares each
    // frame's scenario with the one last asked for.
    if scenario != cx.state.scenario {
        cx.send(Command::SetScenario(Box::new(scenario)));
    }
}

/// The births variant and the what-if sliders of pupils; the births'
/// controls are off, with the reason, where no births are loaded.
fn births_ui(ui: &mut egui::Ui, s: &mut Scenario, d: &Scenario, lang: Lang, no_births: bool) {
    ui.add_enabled_ui(!no_births, |ui| births_controls_ui(ui, s, d, lang));
    if no_births {
        ui.label(
            egui::RichText::new(lang.pick(
                "未载入出生人口：出生方案和出生变化不起作用。载入按乡镇、年份的出生人口表后可用。",
                "No births are loaded, so the births variant and change do nothing; load births by area and year to use them.",
            ))
            .small()
            .weak(),
        );
    }
    pupils_ui(ui, s, d, lang);
}

/// The births variant and the births change.
fn births_controls_ui(ui: &mut egui::Ui, s: &mut Scenario, d: &Scenario, lang: Lang) {
    ui.label(lang.pick("出生方案", "Births variant")).on_hover_text(lang.pick(
        "现成的低 / 中 / 高出生方案：最后已知年份之后，出生每年 −5% / 按外推 / +5%",
        "Ready low / medium / high births: after the last known year, births −5 % a year / as extrapolated / +5 % a year",
    ));
    ui.horizontal(|ui| {
        let now = BirthsVariant::of(s);
        for v in BirthsVariant::ALL {
            let text = match v {
                BirthsVariant::Low => lang.pick("低", "Low"),
                BirthsVariant::Medium => lang.pick("中", "Medium"),
                BirthsVariant::High => lang.pick("高", "High"),
            };
            if ui
                .selectable_label(now == Some(v), text)
                .on_hover_text(v.label(lang))
                .clicked()
                && now != Some(v)
            {
                v.apply(s);
            }
        }
    });
    slider(
        ui,
        lang.pick("出生人口变化", "Births change"),
        lang.pick(
            "在出生趋势外推之上，每年再增减的百分比（全县）",
            "Percent per year added to the extrapolated births, county-wide",
        ),
        &mut s.births_change_pct,
        Scale {
            range: -15.0..=15.0,
            step: 0.5,
            unit: lang.pick(" %/年", " %/yr"),
            default: d.births_change_pct,
        },
        lang,
    );
}

/// The what-ifs of pupils: drift to the town and the entry ratios.
fn pupils_ui(ui: &mut egui::Ui, s: &mut Scenario, d: &Scenario, lang: Lang) {
    slider(
        ui,
        lang.pick("向县城集中", "Drift to the county town"),
        lang.pick(
            "每年农村学生转入县城学校的比例，按县城学校现有规模分配",
            "Share of rural pupils moving to county-town schools each year, shared by the town schools' size",
        ),
        &mut s.urban_drift_pct,
        Scale {
            range: 0.0..=10.0,
            step: 0.5,
            unit: lang.pick(" %/年", " %/yr"),
            default: d.urban_drift_pct,
        },
        lang,
    );
    slider(
        ui,
        lang.pick("入学率调整", "Entry-ratio adjustment"),
        lang.pick(
            "起始年级（入学）比率的增减百分比",
            "Percent added to every entry ratio (the entry grades)",
        ),
        &mut s.entry_ratio_adjust_pct,
        Scale {
            range: -30.0..=30.0,
            step: 1.0,
            unit: " %",
            default: d.entry_ratio_adjust_pct,
        },
        lang,
    );
}

/// The standard class sizes by level.
fn class_sizes_ui(ui: &mut egui::Ui, s: &mut Scenario, lang: Lang) {
    ui.separator();
    ui.label(egui::RichText::new(lang.pick("标准班额", "Standard class size")).strong());
    let dc = ClassSizes::default();
    let per = lang.pick(" 人/班", " per class");
    let sizes = &mut s.class_sizes;
    for (label, value, default) in [
        (lang.pick("小学", "Primary"), &mut sizes.primary, dc.primary),
        (lang.pick("初中", "Junior"), &mut sizes.junior, dc.junior),
        (lang.pick("高中", "Senior"), &mut sizes.senior, dc.senior),
    ] {
        slider(
            ui,
            label,
            lang.pick(
                "用于计算所需班数与容量（教室数 × 班额）",
                "Used for classes needed and for capacity (classrooms × class size)",
            ),
            value,
            Scale {
                range: 20.0..=70.0,
                step: 1.0,
                unit: per,
                default,
            },
            lang,
        );
    }
    for (i, label) in [
        lang.pick("幼儿园小班", "Kindergarten, youngest"),
        lang.pick("幼儿园中班", "Kindergarten, middle"),
        lang.pick("幼儿园大班", "Kindergarten, oldest"),
    ]
    .into_iter()
    .enumerate()
    {
        slider(
            ui,
            label,
            lang.pick(
                "幼儿园各年班额标准",
                "The kindergarten class-size standard of that year",
            ),
            &mut sizes.kindergarten[i],
            Scale {
                range: 15.0..=45.0,
                step: 1.0,
                unit: per,
                default: dc.kindergarten[i],
            },
            lang,
        );
    }
}

/// The method, its window and estimator, the entrants' rule where births
/// are missing, the ratio guard and the horizon.
fn method_ui(ui: &mut egui::Ui, s: &mut Scenario, d: &Scenario, lang: Lang, births_missing: bool) {
    ui.separator();
    ui.label(lang.pick("预测方法", "Method")).on_hover_text(lang.pick(
        "默认为“自动”：按本数据的回测误差，在教科书（2、3、5、8 年窗口）、合并比率和“维持现状”中选出误差最小的两个取平均（见“准确度”页）",
        "Auto is the default: of the textbook (windows 2, 3, 5, 8), pooled ratios and persistence, the two with the smallest errors in this data's own backtest, averaged (see the Accuracy tab)",
    ));
    egui::ComboBox::from_id_salt("method")
        .selected_text(s.method.label(lang))
        .width(ui.available_width())
        .show_ui(ui, |ui| {
            for m in Method::ALL {
                ui.selectable_value(&mut s.method, m, m.label(lang));
            }
        })
        .response
        .accessible_name(lang.pick("预测方法", "Method"));
    ui.checkbox(
        &mut s.detect_outliers,
        lang.pick("自动剔除异常学年", "Leave out outlier falls"),
    )
    .on_hover_text(outlier_help(lang));
    let mut window = s.window as f64;
    ui.add_enabled_ui(s.method == Method::Textbook, |ui| {
        if slider(
            ui,
            lang.pick("比率窗口", "Ratio window"),
            lang.pick(
                "估计升级比率与入学比率所用的最近学年数",
                "How many recent falls the progression and entry ratios are estimated over",
            ),
            &mut window,
            Scale {
                range: 1.0..=8.0,
                step: 1.0,
                unit: lang.pick(" 年", " yrs"),
                default: d.window as f64,
            },
            lang,
        ) {
            s.window = window as usize;
        }
        ui.horizontal(|ui| {
            for (e, name) in [
                (Estimator::Mean, lang.pick("平均", "mean")),
                (
                    Estimator::Weighted,
                    lang.pick("按人数加权", "weighted by pupils"),
                ),
            ] {
                ui.radio_value(&mut s.estimator, e, name);
            }
        });
    });
    // Where births are missing, how entrants come (a hand-set method's choice).
    if births_missing {
        ui.add_enabled_ui(
            matches!(s.method, Method::Textbook | Method::Pooled),
            |ui| {
                ui.label(lang.pick(
                    "无出生数据时的入学人数",
                    "Entrants where births are missing",
                ));
                ui.horizontal(|ui| {
                    for e in EntrantRule::ALL {
                        ui.radio_value(&mut s.entrants, e, e.label(lang));
                    }
                });
            },
        );
    }
    ui.checkbox(&mut s.robust, lang.pick("比率防护", "Guard the ratios"))
        .on_hover_text(guard_help(lang));
    let mut horizon = s.horizon as f64;
    if slider(
        ui,
        lang.pick("预测年限", "Horizon"),
        lang.pick(
            "预测到最后一个学年之后多少年",
            "Years projected past the last fall",
        ),
        &mut horizon,
        Scale {
            range: 1.0..=MAX_HORIZON as f64,
            step: 1.0,
            unit: lang.pick(" 年", " yrs"),
            default: d.horizon as f64,
        },
        lang,
    ) {
        s.horizon = horizon as usize;
    }
}

/// What "leave out outlier falls" does, with the engine's own threshold.
fn outlier_help(lang: Lang) -> String {
    let pct = crate::engine::accuracy::JUMP * 100.0;
    match lang {
        Lang::Zh => format!(
            "全县在校生骤升或骤降 {pct:.0}% 以上、次年又回落的学年（如 2020 年）不作为比率数据"
        ),
        Lang::En => format!(
            "Falls whose county total jumps more than {pct:.0} % and comes back the next year (such as 2020) are left out of the ratios"
        ),
    }
}

/// What "guard the ratios" does, with the engine's own bound.
fn guard_help(lang: Lang) -> String {
    let bound = crate::engine::method::BOUND_FACTOR;
    match lang {
        Lang::Zh => format!(
            "忽略零星学生的“比率”，小学校的比率向片区收缩，队列不超过本校历年最大年级的 {bound} 倍；关闭即为教科书原样的方法"
        ),
        Lang::En => format!(
            "Stray pupils make no ratio, small schools' ratios lean toward their area's, and no cohort passes {bound}× the school's largest; off is the textbook exactly"
        ),
    }
}
