//! The layout optimiser on the Plan tab ("优化方案 / Optimise"): what it
//! may do, its prices, budget, time limit and pins (saved with the
//! scenario), the run in the background, and its answer: the proof
//! (objective, bound, gap), one line per decision, the totals against the
//! greedy suggestion, and buttons that add the plan or keep it on the
//! Compare tab.

use super::*;
use crate::engine::optimise::{
    Buses, CandidateSite, DETOURS, OptimiseError, OptimiseSettings, Optimised, Pin,
};
use crate::engine::scenario::Scenario;
use crate::text::optimise::{
    caveat_lines, decision_line, error_line, price_rows, proof_line, sensitivity_line, totals_rows,
};

/// The optimiser's last answer, with the scenario it was worked out on.
#[derive(Default)]
pub struct OptimiserState {
    pub answer: Option<(Scenario, Result<Optimised, OptimiseError>)>,
    /// The pin being entered: school index and kind (0 keep, 1 close, 2 not before).
    pin_school: Option<usize>,
    pin_kind: usize,
    pin_year: i32,
}

/// Decisions listed before "… and n more".
const SHOWN_DECISIONS: usize = 200;

impl Plan {
    /// The optimiser came back from the background.
    pub fn optimised(&mut self, on: Scenario, result: Result<Optimised, OptimiseError>) {
        self.optimiser.answer = Some((on, result));
    }

    /// The last answer and the scenario it optimised, where it is about
    /// this scenario: the one optimised, or it with the plan added.
    pub fn answer_for(&self, s: &Scenario) -> Option<(Scenario, Optimised)> {
        let (on, answer) = self.optimiser.answer.as_ref()?;
        let r = answer.as_ref().ok()?;
        let same = |a: &Scenario, b: &Scenario| {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.name.clear();
            b.name.clear();
            a == b
        };
        (same(on, s) || same(&r.scenario(on), s)).then(|| (on.clone(), r.clone()))
    }

    /// The optimiser's last answer (for tests).
    pub fn optimiser_answer(&self) -> Option<&Result<Optimised, OptimiseError>> {
        self.optimiser.answer.as_ref().map(|(_, r)| r)
    }

    pub(super) fn optimise_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let Some(computed) = cx.computed else { return };
        let d = &computed.outcome.dataset;
        ui.label(lang.pick(
            "在服务半径、1—3 年级 30 分钟走读（按出行方式计）、大校额、应留必留、每乡镇保留小学、每年撤并上限与固定项之下，只撤并本局所办的小规模学校，求建设、编制、校车、家庭路途时间与学位缺口总成本最低的撤并、扩建与新建方案，并给出与最优的差距。",
            "The plan of closures, classrooms and new schools with the least construction, staff, bus, families' time and shortage cost: only the bureau's small schools close, within the service radii, grades 1–3 within 30 minutes by the mode in force, the school-size cap, 应留必留, a primary school in every township, the yearly cap on closures and the pins, with its proven distance from the best.",
        ));
        settings_ui(ui, cx);
        self.sites_ui(ui, cx);
        self.pins_ui(ui, cx);
        ui.horizontal(|ui| {
            let run = ui.add_enabled(
                !cx.optimising,
                egui::Button::new(
                    RichText::new(lang.pick("运行优化", "Run the optimiser")).strong(),
                ),
            );
            if run.clicked() {
                cx.send(Command::Optimise);
            }
            if cx.optimising {
                ui.spinner();
                ui.label(lang.pick(
                    "正在优化…（状态栏可取消）",
                    "Optimising… (Cancel in the status bar)",
                ));
            }
        });
        let Some((on, answer)) = &self.optimiser.answer else {
            return;
        };
        ui.add_space(4.0);
        let r = match answer {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, error_line(e, lang));
                return;
            }
        };
        if on.actions != cx.state.scenario.actions || on.optimise != cx.state.scenario.optimise {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.pick(
                    "方案或设置已改变：此结果按先前的情景求得。",
                    "The plan or settings changed since: this answer is for the scenario before.",
                ),
            );
        }
        ui.label(RichText::new(proof_line(r, lang)).strong());
        if let Some(line) = sensitivity_line(r, lang) {
            ui.label(line);
        }
        for line in caveat_lines(r, lang) {
            ui.colored_label(ui.visuals().warn_fg_color, line);
        }
        egui::Grid::new("optimiser-totals")
            .striped(true)
            .show(ui, |ui| {
                ui.label("");
                ui.label(RichText::new(lang.pick("模型", "Model")).strong())
                    .on_hover_text(lang.pick(
                        "优化模型按时段计算的总额",
                        "The optimiser's model, by period",
                    ));
                ui.label(RichText::new(lang.pick("引擎复核", "Engine")).strong())
                    .on_hover_text(lang.pick(
                        "同一方案由预测引擎逐年执行后的总额",
                        "The same plan as the engine carries it out, year by year",
                    ));
                ui.label(RichText::new(lang.pick("贪心建议", "Greedy")).strong())
                    .on_hover_text(lang.pick(
                        "同一规则下的贪心方案",
                        "The greedy plan under the same rules",
                    ));
                ui.end_row();
                for row in totals_rows(r, lang) {
                    for cell in row {
                        ui.label(cell);
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !r.actions.is_empty(),
                    egui::Button::new(lang.pick("加入方案", "Add to the plan")),
                )
                .on_hover_text(lang.pick(
                    "加入当前方案（可撤销）",
                    "Into the working plan (undo takes it out)",
                ))
                .clicked()
            {
                let mut actions = on.actions.clone();
                actions.extend(r.actions.iter().cloned());
                cx.send(Command::SetActions(actions));
            }
            if ui
                .button(lang.pick("在比较页保留", "Keep on the Compare tab"))
                .clicked()
            {
                let mut s = r.scenario(on);
                s.name = lang.pick("优化方案", "optimised plan").into();
                cx.send(Command::Hold(Box::new(s)));
            }
        });
        ui.collapsing(
            lang.pick("价格（来源或假设）", "Prices (sourced or assumed)"),
            |ui| {
                egui::Grid::new("optimiser-prices")
                    .striped(true)
                    .show(ui, |ui| {
                        for (what, value, source) in price_rows(&r.prices, lang) {
                            ui.label(what);
                            ui.label(value);
                            ui.label(source);
                            ui.end_row();
                        }
                    });
            },
        );
        egui::ScrollArea::vertical()
            .id_salt("optimiser-decisions")
            .min_scrolled_height(ACTIONS_HEIGHT * 0.75)
            .max_height(ACTIONS_HEIGHT)
            .show(ui, |ui| {
                for dec in r.decisions.iter().take(SHOWN_DECISIONS) {
                    ui.label(decision_line(d, dec, lang));
                }
                if r.decisions.len() > SHOWN_DECISIONS {
                    ui.label(match lang {
                        Lang::Zh => format!("……另有 {} 项", r.decisions.len() - SHOWN_DECISIONS),
                        Lang::En => format!("… and {} more", r.decisions.len() - SHOWN_DECISIONS),
                    });
                }
            });
    }

    /// The planner's candidate sites for new schools (besides the areas'
    /// centres): each with ✕, and the "Add an action" form's place (a
    /// click on the map while it adds a new school) offered as one more.
    fn sites_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let sites = cx.state.scenario.optimise.sites.clone();
        let mut remove = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick(
                "候选校址：相邻小规模学校群的校址、大校额学校所在片区",
                "Sites: clusters of small schools, areas of over-size schools",
            ));
            for (k, s) in sites.iter().enumerate() {
                ui.label(format!("+ {}", s.name));
                if ui.small_button("✕").clicked() {
                    remove = Some(k);
                }
            }
            let placing = self.form.kind == Kind::Open;
            let offer = ui
                .add_enabled(placing, egui::Button::new(lang.pick("加入表单中的位置", "Add the form's place")))
                .on_hover_text(lang.pick(
                    "在“新增措施”中选“新建学校”，点地图或输入位置后加入",
                    "Choose “Open a school” under “Add an action”, click the map or type the place, then add it",
                ));
            if offer.clicked() {
                let coords = form_site(&self.form, places_lonlat(cx), roster_datum(cx));
                let name = match self.form.name.trim() {
                    "" => match lang {
                        Lang::Zh => format!("候选校址 {}", sites.len() + 1),
                        Lang::En => format!("site {}", sites.len() + 1),
                    },
                    n => n.to_string(),
                };
                let area = Some(self.form.area.trim().to_string()).filter(|a| !a.is_empty());
                cx.edit_scenario(|s| {
                    s.optimise.sites.push(CandidateSite { name, area, coords });
                });
            }
        });
        if let Some(k) = remove {
            cx.edit_scenario(|s| {
                s.optimise.sites.remove(k);
            });
        }
    }

    /// The pins: each school the planner fixes, and a row to add one.
    fn pins_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let Some(computed) = cx.computed else { return };
        let d = &computed.outcome.dataset;
        let pins = cx.state.scenario.optimise.pins.clone();
        let mut remove = None;
        for (k, pin) in pins.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(match (pin, lang) {
                    (Pin::Keep { school }, Lang::Zh) => format!("保留 {school}"),
                    (Pin::Keep { school }, Lang::En) => format!("Keep {school}"),
                    (Pin::Close { school }, Lang::Zh) => format!("关闭 {school}"),
                    (Pin::Close { school }, Lang::En) => format!("Close {school}"),
                    (Pin::NotBefore { school, year }, Lang::Zh) => {
                        format!("{school} 不早于 {year} 年关闭")
                    }
                    (Pin::NotBefore { school, year }, Lang::En) => {
                        format!("{school} not closed before {year}")
                    }
                    (Pin::MayClose { school }, Lang::Zh) => format!("允许撤并 {school}"),
                    (Pin::MayClose { school }, Lang::En) => format!("May close {school}"),
                });
                if ui.small_button("✕").clicked() {
                    remove = Some(k);
                }
            });
        }
        if let Some(k) = remove {
            cx.edit_scenario(|s| {
                s.optimise.pins.remove(k);
            });
        }
        let st = &mut self.optimiser;
        if st.pin_year == 0 {
            st.pin_year = computed.outcome.projection.base_year + 3;
        }
        ui.horizontal(|ui| {
            ui.label(lang.pick("固定：", "Pin:"));
            let shown = st
                .pin_school
                .and_then(|s| d.schools.get(s))
                .map_or("—".to_string(), |s| s.name.clone());
            egui::ComboBox::from_id_salt("optimiser-pin-school")
                .selected_text(shown)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for (i, s) in d.schools.iter().enumerate() {
                        ui.selectable_value(&mut st.pin_school, Some(i), &s.name);
                    }
                })
                .response
                .accessible_name(lang.pick("固定的学校", "School to pin"));
            let kinds = [
                lang.pick("保留", "keep"),
                lang.pick("关闭", "close"),
                lang.pick("不早于…年关闭", "not closed before"),
                lang.pick("允许撤并", "may close"),
            ];
            egui::ComboBox::from_id_salt("optimiser-pin-kind")
                .selected_text(kinds[st.pin_kind.min(3)])
                .show_ui(ui, |ui| {
                    for (k, label) in kinds.iter().enumerate() {
                        ui.selectable_value(&mut st.pin_kind, k, *label);
                    }
                })
                .response
                .accessible_name(lang.pick("固定方式", "How it is pinned"));
            if st.pin_kind == 2 {
                ui.add(egui::DragValue::new(&mut st.pin_year).range(1900..=2200))
                    .accessible_name(lang.pick("学年", "Fall"));
            }
            let add = ui.add_enabled(
                st.pin_school.is_some(),
                egui::Button::new(lang.pick("添加", "Add")),
            );
            if add.clicked()
                && let Some(s) = st.pin_school
            {
                let school = crate::engine::plan::school_ref(&computed.outcome, s);
                let pin = match st.pin_kind {
                    0 => Pin::Keep { school },
                    1 => Pin::Close { school },
                    3 => Pin::MayClose { school },
                    _ => Pin::NotBefore {
                        school,
                        year: st.pin_year,
                    },
                };
                cx.edit_scenario(|sc| sc.optimise.pins.push(pin));
            }
        });
    }
}

/// What the optimiser may do, its weights, budget and limits.
fn settings_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    let mut o: OptimiseSettings = cx.state.scenario.optimise.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("允许：", "May:"));
        ui.checkbox(&mut o.close, lang.pick("关闭学校", "close schools"));
        ui.checkbox(&mut o.expand, lang.pick("扩建教室", "add classrooms"));
        ui.checkbox(&mut o.open_new, lang.pick("新建学校", "open new schools"));
    });
    rules_ui(ui, &mut o, lang);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("成本 ↔ 交通：", "Cost ↔ travel:"));
        ui.add(egui::Slider::new(&mut o.travel_weight, 0.0..=3.0).step_by(0.1))
            .labelled_by(label.id)
            .on_hover_text(lang.pick(
                "交通成本的权重：0 不计交通，1 按价格计，2 加倍",
                "Weight of travel: 0 ignores it, 1 at its price, 2 double",
            ));
        let mut capped = o.budget.is_some();
        ui.checkbox(
            &mut capped,
            lang.pick("建设预算上限（万元）", "Construction budget (10k yuan)"),
        );
        if capped {
            let mut wan = o.budget.unwrap_or(10_000_000.0) / 10_000.0;
            let field = ui
                .add(
                    egui::DragValue::new(&mut wan)
                        .range(0.0..=10_000_000.0)
                        .speed(10.0),
                )
                .accessible_name(lang.pick("建设预算（万元）", "Construction budget (10k yuan)"));
            if field.changed() || o.budget.is_none() {
                o.budget = Some(wan * 10_000.0);
            }
        } else {
            o.budget = None;
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("时间上限（秒）", "Time limit (s)"));
        ui.add(egui::DragValue::new(&mut o.time_limit_s).range(1.0..=3600.0))
            .labelled_by(label.id);
        let label = ui.label(lang.pick("目标差距（%）", "Target gap (%)"));
        let mut pct = o.gap * 100.0;
        let gap = ui
            .add(egui::DragValue::new(&mut pct).range(0.0..=20.0).speed(0.1))
            .labelled_by(label.id);
        // Only a change of the field changes the setting (no drift from
        // the percent's round trip).
        if gap.changed() {
            o.gap = pct / 100.0;
        }
        let label = ui.label(lang.pick("教职工年成本（元）", "Staff member a year (yuan)"));
        ui.add(
            egui::DragValue::new(&mut o.teacher_yuan)
                .range(0.0..=1e7)
                .speed(1000.0),
        )
        .labelled_by(label.id);
        let label = ui.label(lang.pick(
            "新校（不含教室，元，假设）",
            "New school besides classrooms (yuan, assumed)",
        ));
        ui.add(
            egui::DragValue::new(&mut o.new_school_yuan)
                .range(0.0..=1e10)
                .speed(100_000.0),
        )
        .labelled_by(label.id);
    });
    if o != cx.state.scenario.optimise {
        cx.edit_scenario(|s| s.optimise = o);
    }
}

/// Who may close and when, and how pupils travel.
fn rules_ui(ui: &mut egui::Ui, o: &mut OptimiseSettings, lang: Lang) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("撤并对象：学生少于", "Close only schools under"));
        ui.add(egui::DragValue::new(&mut o.close_below).range(0.0..=100_000.0))
            .labelled_by(label.id);
        ui.label(lang.pick("人的公办学校", "pupils (the bureau's)"));
        ui.checkbox(
            &mut o.close_first_fall,
            lang.pick("允许首个预测学年撤并", "closures in the first fall"),
        );
        let mut capped = o.closures_per_year.is_some();
        ui.checkbox(
            &mut capped,
            lang.pick("每年撤并或改为教学点至多", "each fall at most"),
        );
        if capped {
            let mut n = o.closures_per_year.unwrap_or(3);
            ui.add(egui::DragValue::new(&mut n).range(1..=1000))
                .accessible_name(lang.pick("每年最多撤并所数", "Closures a year at most"));
            ui.label(lang.pick("所", "closures or downgrades"));
            o.closures_per_year = Some(n);
        } else {
            o.closures_per_year = None;
        }
        ui.checkbox(
            &mut o.township_keeps_primary,
            lang.pick("每乡镇保留小学", "a primary school in every township"),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let mut all = matches!(o.buses, Buses::All);
        if ui
            .checkbox(&mut all, lang.pick("全县开行校车", "school buses county-wide"))
            .on_hover_text(lang.pick(
                "不勾选时学生步行（默认）；按乡镇开行校车可在情景文件中设置",
                "Unticked, pupils walk (the default); buses by township are set in the scenario file",
            ))
            .changed()
        {
            o.buses = if all { Buses::All } else { Buses::None };
        }
        let label = ui.label(lang.pick("无路网时的绕行系数", "Detour without roads"))
            .on_hover_text(lang.pick(
                "直线距离乘以此系数；名册标为乡村或偏远的学校至少 1.6，特偏、极偏 2.0；可在情景文件中按乡镇设定",
                "The straight line × this; at least 1.6 from schools the files call rural or remote, 2.0 very remote; per township in the scenario file",
            ));
        egui::ComboBox::from_id_salt("optimiser-detour")
            .selected_text(format!("{:.1}", o.detour))
            .show_ui(ui, |ui| {
                for (f, zh, en) in [
                    (DETOURS[0], "平原", "flat"),
                    (DETOURS[1], "丘陵", "hills"),
                    (DETOURS[2], "山区", "mountains"),
                ] {
                    ui.selectable_value(&mut o.detour, f, format!("{f:.1} {}", lang.pick(zh, en)));
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(lang.pick("家庭时间（元/小时）", "Families' time (yuan/h)"));
        ui.add(egui::DragValue::new(&mut o.time_yuan_per_hour).range(0.0..=10_000.0))
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(
            &mut o.boarding,
            lang.pick("4—6 年级可到中心校寄宿", "grades 4–6 may board at a 中心校"),
        );
        for (value, zh, en, speed) in [
            (
                &mut o.boarding_yuan,
                "寄宿（元/生·年）",
                "Boarding (yuan a pupil-year)",
                100.0,
            ),
            (
                &mut o.travel_yuan_per_pupil_km,
                "校车（元/生·公里·年）",
                "Bus (yuan a pupil-km-year)",
                10.0,
            ),
            (
                &mut o.upkeep_yuan,
                "学校维护（元/年）",
                "School upkeep (yuan a year)",
                1000.0,
            ),
            (
                &mut o.short_yuan,
                "缺口（元/座·年）",
                "A seat short (yuan a year)",
                10_000.0,
            ),
        ] {
            let label = ui.label(lang.pick(zh, en));
            ui.add(egui::DragValue::new(value).range(0.0..=1e9).speed(speed))
                .labelled_by(label.id);
        }
    });
}
