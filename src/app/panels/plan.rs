//! The Plan tab: the scenario's actions (edit, remove, undo, redo), the merge
//! planner, the expansion helper and a form for every other action. Every
//! change goes into the scenario; the worker recomputes it like a slider.

use super::{Cx, Panel, Tab, waiting_ui};
use crate::app::commands::Command;
use crate::engine::plan::actions::{Action, Receiver};
use crate::engine::plan::planner::{self, Candidate, Expansion, PlannerSettings};
use crate::engine::plan::site::{SiteCheck, SiteLink};
use crate::engine::run::Wants;
use crate::i18n::{Lang, thousands};
use crate::model::Coords;
use crate::places::datum::Datum;
use eframe::egui::{self, RichText};

/// What kind of action the form adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Merge,
    Expand,
    Open,
    Feeder,
    EntryShare,
    GradeSpan,
    Housing,
}

/// The "add an action" form's fields.
#[derive(Debug, Clone, Default)]
struct Form {
    kind: Kind,
    year: i32,
    school: String,
    other: String,
    number: f64,
    name: String,
    area: String,
    x: f64,
    y: f64,
    lo: i8,
    hi: i8,
    share_pct: f64,
    /// The datum the place's longitude and latitude are typed in (None:
    /// the roster's, as read): a place copied from AMap is in GCJ-02.
    datum: Option<Datum>,
    /// Why the last "Add to the plan" was refused.
    error: Option<String>,
}

impl Form {
    /// The number fields' starting values for the kind chosen: they are
    /// shared between kinds (classrooms, dwellings; a share, years to full).
    fn defaults_for_kind(&mut self) {
        let (number, share) = match self.kind {
            Kind::Housing => (1000.0, 3.0),
            Kind::Open => (12.0, 30.0),
            Kind::EntryShare => (0.0, 100.0),
            _ => (6.0, 30.0),
        };
        self.number = number;
        self.share_pct = share;
        self.error = None;
    }
}

pub struct Plan {
    form: Form,
    /// The plan on a map beside the lists, where a click places a new
    /// school or estate.
    map: super::map::Map,
    /// The site checks: the last answer, and the last asked for.
    site: SiteState,
    /// Whether the "Add an action" form was open last frame: only then does
    /// a click on the map place its school or estate.
    form_open: bool,
}

/// The new-school site check's answers, by what they were worked out for.
#[derive(Default)]
struct SiteState {
    done: Option<(SiteKey, SiteCheck)>,
    asked: Option<SiteKey>,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            form: Form::default(),
            map: super::map::Map::compact("plan-map"),
            site: SiteState::default(),
            form_open: false,
        }
    }
}

/// What a site check was worked out for: (generation, site's bits, grades, year).
pub type SiteKey = (u64, [u64; 2], [i8; 2], i32);

impl Panel for Plan {
    fn id(&self) -> Tab {
        Tab::Plan
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("规划", "Plan")
    }

    fn wants(&self) -> Wants {
        Wants {
            planner: true,
            comparison: true,
            ..Wants::default()
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let Some(computed) = cx.computed else {
            waiting_ui(ui, cx);
            // A plan that cannot be computed can still be mended here.
            if cx.compute_error.is_some() {
                ui.separator();
                actions_ui(ui, cx);
            }
            return;
        };
        let o = &computed.outcome;
        if self.form.year == 0 {
            self.form.year = o.projection.base_year + 1;
            self.form.lo = 1;
            self.form.hi = 6;
            self.form.number = 6.0;
            self.form.share_pct = 30.0;
        }
        let lists = computed.planner.clone();
        if let Some(lonlat) = self.map.refresh(computed) {
            let wide = ui.available_width();
            egui::Panel::right("plan-map-panel")
                .resizable(true)
                .default_size(wide * 0.42)
                .size_range(240.0..=wide * 0.7)
                .show(ui, |ui| self.map_ui(ui, cx, lonlat));
        }
        // The lists in what the map leaves, clipped there and scrolled both
        // ways (a merge's receivers run wide).
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::both().show(ui, |ui| self.lists_ui(ui, cx, lists.as_deref()))
        });
    }
}

impl Plan {
    fn lists_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut Cx<'_>,
        lists: Option<&crate::engine::run::PlannerLists>,
    ) {
        let lang = cx.lang;
        {
            header_ui(ui, cx);
            ui.separator();
            actions_ui(ui, cx);
            ui.separator();
            let form = egui::CollapsingHeader::new(
                RichText::new(lang.pick("新增措施", "Add an action")).strong(),
            )
            .default_open(false)
            .show(ui, |ui| self.form_ui(ui, cx));
            self.form_open = form.body_returned.is_some();
            ui.separator();
            match lists {
                Some(p) => {
                    merge_planner_ui(ui, cx, &p.candidates);
                    ui.separator();
                    expansion_ui(ui, cx, &p.expansions);
                }
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(
                            lang.pick("正在查找撤并与扩建建议…", "Finding merges and expansions…"),
                        );
                    });
                }
            }
        }
    }
}

/// The figures of the plan against the same what-ifs without actions.
fn header_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    let Some(computed) = cx.computed else { return };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("情景名称：", "Scenario name:"));
        let mut name = cx.state.scenario.name.clone();
        if ui
            .text_edit_singleline(&mut name)
            .labelled_by(label.id)
            .changed()
        {
            cx.edit_scenario(|s| s.name = name);
        }
        if ui
            .add_enabled(
                !cx.state.undo.is_empty(),
                egui::Button::new(lang.pick("撤销", "Undo")),
            )
            .clicked()
        {
            cx.send(Command::Undo);
        }
        if ui
            .add_enabled(
                !cx.state.redo.is_empty(),
                egui::Button::new(lang.pick("重做", "Redo")),
            )
            .clicked()
        {
            cx.send(Command::Redo);
        }
        if ui
            .button(lang.pick("保存情景…", "Save scenario…"))
            .clicked()
        {
            cx.send(Command::SaveScenario);
        }
        if ui
            .button(lang.pick("打开情景…", "Open scenario…"))
            .clicked()
        {
            cx.send(Command::OpenScenario);
        }
        if ui
            .button(lang.pick("加入对比", "Keep for comparison"))
            .on_hover_text(lang.pick(
                "把当前情景的副本放到“对比”页",
                "Put a copy of this scenario on the Compare tab",
            ))
            .clicked()
        {
            cx.send(Command::HoldScenario);
        }
    });
    if let Some(path) = &cx.state.scenario_path {
        ui.label(RichText::new(path.display().to_string()).weak());
    }
    // Worked out with the projection; only the price follows the field at once.
    let price = cx.state.scenario.planner.cost_per_classroom;
    let now = computed.outcome.figures.priced(price);
    let before = computed
        .baseline
        .as_ref()
        .map(|b| b.outcome.figures.priced(price));
    egui::Grid::new("plan-figures")
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            ui.strong(lang.pick("无措施", "no actions"));
            ui.strong(lang.pick("本方案", "this plan"));
            ui.end_row();
            let before_rows = before
                .as_ref()
                .map(|b| crate::text::plan::figure_rows(b, lang));
            for (i, (label, value)) in crate::text::plan::figure_rows(&now, lang)
                .into_iter()
                .enumerate()
            {
                ui.label(label);
                let b = before_rows
                    .as_ref()
                    .and_then(|r| r.get(i))
                    .map_or(value.clone(), |r| r.1.clone());
                ui.label(b);
                ui.strong(value);
                ui.end_row();
            }
            let (label, now) =
                crate::text::compliance::passing_row(computed.derived.ledger.as_deref(), lang);
            let before = match &computed.baseline {
                Some(b) => {
                    crate::text::compliance::passing_row(b.derived.ledger.as_deref(), lang).1
                }
                None => now.clone(),
            };
            ui.label(label);
            ui.label(before);
            ui.strong(now);
            ui.end_row();
        });
}

/// The actions list's height before it scrolls.
const ACTIONS_HEIGHT: f32 = 320.0;

/// The action's own number, where it has one, as a field.
fn number_ui(ui: &mut egui::Ui, a: &Action) -> Option<(egui::Response, Edit)> {
    match *a {
        Action::Expand {
            classrooms, seats, ..
        } => Some(if classrooms > 0.0 {
            let mut v = classrooms;
            let r = ui.add(egui::DragValue::new(&mut v).range(1.0..=500.0));
            (r, Edit::Classrooms(v))
        } else {
            let mut v = seats;
            let r = ui.add(egui::DragValue::new(&mut v).range(1.0..=20_000.0));
            (r, Edit::Seats(v))
        }),
        Action::EntryShare { pct, .. } => {
            let mut v = pct;
            let r = ui.add(egui::DragValue::new(&mut v).range(0.0..=500.0).suffix(" %"));
            Some((r, Edit::Pct(v)))
        }
        Action::Open { entry_share, .. } => {
            let mut v = entry_share * 100.0;
            let r = ui.add(egui::DragValue::new(&mut v).range(0.0..=100.0).suffix(" %"));
            Some((r, Edit::EntryShare(v / 100.0)))
        }
        _ => None,
    }
}

/// A change made in the actions list this frame.
enum Edit {
    Year(i32),
    Classrooms(f64),
    Seats(f64),
    Pct(f64),
    EntryShare(f64),
    Remove,
}

impl Edit {
    fn apply(self, a: &mut Action) {
        match (self, a) {
            (Edit::Year(y), a) => *a.year_mut() = y,
            (Edit::Classrooms(v), Action::Expand { classrooms, .. }) => *classrooms = v,
            (Edit::Seats(v), Action::Expand { seats, .. }) => *seats = v,
            (Edit::Pct(v), Action::EntryShare { pct, .. }) => *pct = v,
            (Edit::EntryShare(v), Action::Open { entry_share, .. }) => *entry_share = v,
            _ => {}
        }
    }
}

/// The actions, each with its year editable and a remove button. The list
/// is drawn from the scenario as it is (not copied each frame); a change
/// goes in as one undo entry per drag or per field typed in.
fn actions_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    ui.heading(lang.pick("规划措施", "Actions"));
    if cx.state.scenario.actions.is_empty() {
        ui.label(lang.pick(
            "还没有措施。可在下方的撤并建议或扩建建议中一键添加，或用“新增措施”。",
            "No actions yet. Add them from the merge planner or the expansion helper below with one click, or with “Add an action”.",
        ));
        return;
    }
    // The widget of the edit under way lets go: the next change is a new entry.
    if let Some(id) = cx.state.editing {
        let held = ui.ctx().dragged_id() == Some(id) || ui.ctx().memory(|m| m.has_focus(id));
        if !held {
            cx.send(Command::EndEdit);
        }
    }
    let mut edit: Option<(usize, Edit, egui::Id)> = None;
    let actions = &cx.state.scenario.actions;
    let outcome = cx.computed.map(|c| c.outcome.as_ref());
    let row_height = ui.spacing().interact_size.y + 4.0;
    // Only the rows in view are laid out: a plan can hold hundreds of merges.
    egui_extras::TableBuilder::new(ui)
        .id_salt("actions")
        .striped(true)
        .vscroll(true)
        .max_scroll_height(ACTIONS_HEIGHT)
        .column(egui_extras::Column::exact(36.0))
        .column(egui_extras::Column::exact(70.0))
        .column(egui_extras::Column::remainder().at_least(200.0).clip(true))
        .column(egui_extras::Column::exact(28.0))
        .body(|body| {
            body.rows(row_height, actions.len(), |mut row| {
                let i = row.index();
                let a = &actions[i];
                row.col(|ui| {
                    ui.label(format!("{}.", i + 1));
                });
                row.col(|ui| {
                    let mut year = a.year();
                    let r = ui
                        .add(egui::DragValue::new(&mut year).range(1990..=2060))
                        .on_hover_text(lang.pick("起始学年（秋季）", "first fall"));
                    if r.changed() {
                        edit = Some((i, Edit::Year(year), r.id));
                    }
                });
                // Set aside: it names a school the data loaded does not have.
                let aside = outcome
                    .and_then(|o| o.set_aside.iter().find(|s| s.number == i + 1));
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if let Some(s) = aside {
                            ui.label(
                                egui::RichText::new(lang.pick("不适用于当前数据", "not for this data"))
                                    .color(ui.visuals().warn_fg_color),
                            )
                            .on_hover_text(match lang {
                                Lang::Zh => format!(
                                    "当前数据中没有学校“{}”：此项暂时搁置，其余措施照常计算。可删除此项，或换回原来的数据。",
                                    s.missing
                                ),
                                Lang::En => format!(
                                    "The data loaded has no school \"{}\": this action is set aside and the rest of the plan runs. Remove it, or open the data it was made on.",
                                    s.missing
                                ),
                            });
                        }
                        let r = ui.label(crate::text::plan::describe_action(a, lang));
                        if let (Action::Housing { name, .. }, Some(o)) = (a, outcome)
                            && let Some(t) = housing_schools_text(o, name, lang)
                        {
                            r.on_hover_text(t);
                        }
                        if let Some((r, e)) = number_ui(ui, a)
                            && r.changed()
                        {
                            edit = Some((i, e, r.id));
                        }
                    });
                });
                row.col(|ui| {
                    let r = ui
                        .small_button("×")
                        .on_hover_text(lang.pick("删除此措施", "Remove this action"));
                    if r.clicked() {
                        edit = Some((i, Edit::Remove, r.id));
                    }
                });
            });
        });
    match edit {
        Some((i, Edit::Remove, _)) => {
            let mut actions = cx.state.scenario.actions.clone();
            if i < actions.len() {
                actions.remove(i);
            }
            cx.send(Command::SetActions(actions));
        }
        Some((i, e, widget)) => {
            let mut actions = cx.state.scenario.actions.clone();
            if let Some(a) = actions.get_mut(i) {
                e.apply(a);
            }
            cx.send(Command::EditActions { widget, actions });
        }
        None => {}
    }
}

/// A distance with its kind and its time: "3.2 km by road, 6 min by bus".
fn travel_text(
    km: Option<f64>,
    by_road: bool,
    p: &crate::engine::plan::planner::PlannerSettings,
    lang: Lang,
) -> String {
    let Some(k) = km else { return "—".into() };
    let min = p.minutes(k).round();
    match (lang, by_road, p.transport) {
        (Lang::Zh, true, true) => format!("道路 {k:.1} km，乘车 {min:.0} 分钟"),
        (Lang::Zh, true, false) => format!("道路 {k:.1} km，步行 {min:.0} 分钟"),
        (Lang::Zh, false, true) => format!("直线 {k:.1} km，乘车约 {min:.0} 分钟"),
        (Lang::Zh, false, false) => format!("直线 {k:.1} km，步行约 {min:.0} 分钟"),
        (Lang::En, true, true) => format!("{k:.1} km by road, {min:.0} min by bus"),
        (Lang::En, true, false) => format!("{k:.1} km by road, {min:.0} min on foot"),
        (Lang::En, false, true) => format!("{k:.1} km straight, ~{min:.0} min by bus"),
        (Lang::En, false, false) => format!("{k:.1} km straight, ~{min:.0} min on foot"),
    }
}

fn pct_text(u: Option<f64>) -> String {
    u.map_or("—".into(), |u| format!("{:.0}%", u * 100.0))
}

/// Small and little-used schools with the nearest schools that can take them.
fn merge_planner_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, candidates: &[Candidate]) {
    let lang = cx.lang;
    let Some(computed) = cx.computed else { return };
    let o = &computed.outcome;
    let d = &o.dataset;
    ui.heading(lang.pick("撤并建议", "Merge planner"));
    // Edited on a copy, sent back where it changed.
    let mut planner = cx.state.scenario.planner;
    let p = &mut planner;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("候选：学生少于", "Candidates: fewer than"));
        ui.add(
            egui::DragValue::new(&mut p.small_pupils)
                .range(0.0..=2000.0)
                .speed(5.0),
        )
        .labelled_by(label.id);
        ui.label(lang.pick("人，或学位使用率低于", "pupils, or using under"));
        let mut pct = p.low_utilisation * 100.0;
        if ui
            .add(
                egui::DragValue::new(&mut pct)
                    .range(0.0..=100.0)
                    .suffix(" %"),
            )
            .changed()
        {
            p.low_utilisation = pct / 100.0;
        }
        ui.label(lang.pick("（预测期内任一年）", "(in any projected year)"));
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("服务半径 小学：步行", "Service radius, primary: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.primary_radius.walk_km)
                .range(0.5..=50.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("校车/寄宿", "bus/boarding"));
        ui.add(
            egui::DragValue::new(&mut p.primary_radius.bus_km)
                .range(0.5..=80.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("初中：步行", "junior: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.junior_radius.walk_km)
                .range(0.5..=50.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("校车/寄宿", "bus/boarding"));
        ui.add(
            egui::DragValue::new(&mut p.junior_radius.bus_km)
                .range(0.5..=80.0)
                .suffix(" km"),
        );
        ui.checkbox(
            &mut p.transport,
            lang.pick("有校车或寄宿", "bus or boarding available"),
        );
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("用时按 步行", "Times at: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.walk_kmh)
                .range(1.0..=10.0)
                .speed(0.1)
                .suffix(" km/h"),
        );
        ui.label(lang.pick("校车", "school bus"));
        ui.add(
            egui::DragValue::new(&mut p.bus_kmh)
                .range(5.0..=80.0)
                .suffix(" km/h"),
        );
        let roads = d.roads.as_ref();
        ui.weak(match (roads, lang) {
            (Some(r), Lang::Zh) => format!("距离为道路距离（路网 {}）；无路相连时为直线距离。", r.file),
            (Some(r), Lang::En) => format!(
                "Distances by road ({}); in a straight line where no road joins.",
                r.file
            ),
            (None, _) => lang.pick(
                "距离为直线距离；与数据一同打开县域 OpenStreetMap 路网（.osm.pbf）即按道路计算。",
                "Distances in a straight line; open the county's OpenStreetMap extract (.osm.pbf) with the data for road distances.",
            )
            .to_owned(),
        });
    });
    if planner != cx.state.scenario.planner {
        cx.edit_scenario(|s| s.planner = planner);
    }
    let mut add: Vec<Action> = Vec::new();
    ui.horizontal(|ui| {
        ui.label(match lang {
            Lang::Zh => format!("{} 所候选学校", candidates.len()),
            Lang::En => format!("{} candidates", candidates.len()),
        });
        // Found on the projection shown: only once it is the scenario's own.
        let current = o.scenario == cx.state.scenario;
        if ui
            .add_enabled(
                current && !cx.merging,
                egui::Button::new(lang.pick("全部可行的撤并", "Merge all feasible")),
            )
            .on_hover_text(lang.pick(
                "从最小的学校起，逐一并入半径内最近、仍有足够学位的学校",
                "Smallest first, each into the nearest school within the radius that still has room",
            ))
            .clicked()
        {
            cx.send(Command::MergeAllFeasible);
        }
        if cx.merging {
            ui.spinner();
            ui.label(lang.pick("正在查找…", "Finding them…"));
        }
    });
    egui::Grid::new("merge-candidates")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                lang.pick("学校", "school"),
                lang.pick("片区", "area"),
                lang.pick("现有", "now"),
                lang.pick("最低使用率", "lowest use"),
                lang.pick(
                    "可接收学校（距离 · 并入后最高使用率）",
                    "receivers (distance · peak use after)",
                ),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in candidates.iter().take(SHOWN) {
                let s = &d.schools[c.school];
                if ui.link(&s.name).clicked() {
                    cx.send(Command::Select(c.school));
                }
                ui.label(s.area.as_deref().unwrap_or("—"));
                ui.label(thousands(c.pupils.round() as i64));
                ui.label(pct_text(c.lowest_use));
                ui.horizontal(|ui| {
                    if c.receivers.is_empty() {
                        ui.label(lang.pick(
                            "没有可接收的同学段学校",
                            "no school of its level can take it",
                        ));
                    }
                    for r in &c.receivers {
                        let name = &d.schools[r.school].name;
                        let mut text = format!(
                            "{name} · {} · {}",
                            travel_text(r.distance_km, r.by_road, &cx.state.scenario.planner, lang),
                            pct_text(r.peak_use_after)
                        );
                        if !r.fits {
                            text += lang.pick(" · 学位不足", " · too full");
                        }
                        if r.beyond_radius {
                            text += lang.pick(" · 超出服务半径", " · beyond radius");
                        }
                        let color = if r.fits && !r.beyond_radius {
                            egui::Color32::from_rgb(0x1a, 0x7f, 0x37)
                        } else {
                            egui::Color32::from_rgb(0xa0, 0x60, 0x10)
                        };
                        if ui
                            .button(RichText::new(text).color(color))
                            .on_hover_text(
                                lang.pick("点击：撤并入此校", "Click: merge into this school"),
                            )
                            .clicked()
                        {
                            add.push(planner::merge_action(o, c.school, r.school));
                        }
                    }
                });
                ui.end_row();
            }
        });
    more_ui(ui, candidates.len(), lang);
    if !add.is_empty() {
        let mut actions = cx.state.scenario.actions.clone();
        actions.extend(add);
        cx.send(Command::SetActions(actions));
    }
}

/// Rows a planner table shows (a province has thousands of candidates).
const SHOWN: usize = 200;

fn more_ui(ui: &mut egui::Ui, total: usize, lang: Lang) {
    if total > SHOWN {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("仅显示前 {SHOWN} 所（共 {total} 所）"),
                Lang::En => format!("showing the first {SHOWN} of {total}"),
            })
            .weak(),
        );
    }
}

/// Classrooms that end each shortfall, with a cost.
fn expansion_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, expansions: &[Expansion]) {
    let lang = cx.lang;
    let Some(computed) = cx.computed else { return };
    let o = &computed.outcome;
    let d = &o.dataset;
    ui.heading(lang.pick("扩建建议", "Expansion helper"));
    ui.horizontal(|ui| {
        ui.label(lang.pick("每间教室造价", "Cost per classroom"));
        let mut cost = cx.state.scenario.planner.cost_per_classroom;
        let changed = ui
            .add(
                egui::DragValue::new(&mut cost)
                    .range(0.0..=1e8)
                    .speed(10_000.0)
                    .suffix(lang.pick(" 元", " yuan")),
            )
            .changed();
        if changed {
            cx.edit_scenario(|s| s.planner.cost_per_classroom = cost);
        }
    });
    let rooms: f64 = expansions.iter().map(|e| e.classrooms).sum();
    let cost: f64 = expansions.iter().map(|e| e.cost).sum();
    let mut add: Vec<Action> = Vec::new();
    ui.horizontal(|ui| {
        ui.label(match lang {
            Lang::Zh => format!(
                "{} 所学校缺学位；合计需新建 {} 间教室，约 {:.0} 万元",
                expansions.len(),
                thousands(rooms as i64),
                cost / 10_000.0
            ),
            Lang::En => format!(
                "{} schools short of seats; {} classrooms in all, about ¥{}",
                expansions.len(),
                thousands(rooms as i64),
                thousands(cost.round() as i64)
            ),
        });
        if !expansions.is_empty()
            && ui
                .button(lang.pick("全部加入方案", "Add all to the plan"))
                .clicked()
        {
            add.extend(expansions.iter().map(|e| planner::expand_action(o, e)));
        }
    });
    egui::Grid::new("expansions").striped(true).show(ui, |ui| {
        for h in [
            lang.pick("学校", "school"),
            lang.pick("最早缺位年份", "first year short"),
            lang.pick("最大缺口", "worst shortfall"),
            lang.pick("需新建教室", "classrooms"),
            lang.pick("造价", "cost"),
            "",
        ] {
            ui.strong(h);
        }
        ui.end_row();
        for e in expansions.iter().take(SHOWN) {
            if ui.link(&d.schools[e.school].name).clicked() {
                cx.send(Command::Select(e.school));
            }
            ui.label(e.year.to_string());
            ui.label(thousands(e.worst_shortfall.round() as i64));
            ui.label(thousands(e.classrooms as i64));
            ui.label(match lang {
                Lang::Zh => format!("{:.0} 万元", e.cost / 10_000.0),
                Lang::En => format!("¥{}", thousands(e.cost.round() as i64)),
            });
            if ui.small_button(lang.pick("加入方案", "Add")).clicked() {
                add.push(planner::expand_action(o, e));
            }
            ui.end_row();
        }
    });
    more_ui(ui, expansions.len(), lang);
    if !add.is_empty() {
        let mut actions = cx.state.scenario.actions.clone();
        actions.extend(add);
        cx.send(Command::SetActions(actions));
    }
}

impl Plan {
    /// A site check came back from the background: kept if the form still
    /// asks for it.
    pub fn site_checked(&mut self, key: SiteKey, check: SiteCheck) {
        if self.site.asked == Some(key) {
            self.site.done = Some((key, check));
        }
    }

    /// The form's place: longitude and latitude, or X and Y in km.
    pub fn place(&self) -> [f64; 2] {
        [self.form.x, self.form.y]
    }

    /// Type a place into the form (for tests).
    pub fn set_place(&mut self, p: [f64; 2]) {
        [self.form.x, self.form.y] = p;
    }

    /// The plan on the map: merges, new and expanded schools, new estates,
    /// and the place being entered in the form with its service radius and
    /// what it is checked against. While a new school or estate is being
    /// entered, a click on the map places it.
    fn map_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, lonlat: bool) {
        use super::map::{Extras, Site};
        let lang = cx.lang;
        ui.strong(lang.pick("方案地图", "The plan on the map"));
        if lonlat {
            cx.basemap.sync(&cx.state.basemap, ui.ctx());
            cx.basemap.status_ui(ui, &cx.state.basemap, lang);
        }
        let placing = self.form_open && matches!(self.form.kind, Kind::Open | Kind::Housing);
        let roster = roster_datum(cx);
        let shown = if placing { self.form.kind } else { Kind::Merge };
        ui.label(
            RichText::new(match (shown, lang) {
                (Kind::Open, Lang::Zh) => "点击地图选定新学校的校址（“新增措施”表单）。",
                (Kind::Open, Lang::En) => "Click the map to place the new school (the “Add an action” form).",
                (Kind::Housing, Lang::Zh) => "点击地图选定新建小区的位置（“新增措施”表单）。",
                (Kind::Housing, Lang::En) => "Click the map to place the new housing (the “Add an action” form).",
                (_, Lang::Zh) => "箭头为撤并，星号为新建学校，方框为扩建，菱形为新建小区；点击圆点查看该校。",
                (_, Lang::En) => "Arrows: merges; stars: new schools; squares: expanded; diamonds: new housing. Click a dot to open the school.",
            })
            .weak(),
        );
        let f = &self.form;
        let entered = f.x != 0.0 || f.y != 0.0;
        let name = |fallback: &str| {
            let n = f.name.trim();
            if n.is_empty() {
                fallback.to_string()
            } else {
                n.to_string()
            }
        };
        let site = match f.kind {
            _ if !self.form_open => None,
            Kind::Open if entered => {
                let check = site_check(&mut self.site, f, cx, lonlat).map(|(c, _)| c);
                Some(Site {
                    at: form_site(f, lonlat, roster),
                    label: name(lang.pick("新校址", "new school's site")),
                    housing: false,
                    radius_km: check.map(|c| c.radius_km),
                    links: check.map_or_else(Vec::new, |c| {
                        c.nearest.iter().chain(&c.estates).map(|l| l.at).collect()
                    }),
                })
            }
            Kind::Housing if entered => {
                let check = site_check(&mut self.site, f, cx, lonlat).map(|(c, _)| c);
                Some(Site {
                    at: form_site(f, lonlat, roster),
                    label: name(lang.pick("新建小区位置", "new housing's place")),
                    housing: true,
                    radius_km: None,
                    links: check
                        .map_or_else(Vec::new, |c| c.receivers.iter().map(|l| l.at).collect()),
                })
            }
            _ => None,
        };
        let picked = self.map.canvas_ui(
            ui,
            cx,
            &Extras {
                site,
                pick: placing,
            },
        );
        if let Some(p) = picked {
            // Shown in the datum the place is typed in.
            let (x, y, decimals) = match p {
                Coords::LonLat { lon, lat } => {
                    let (x, y) = self.form.datum.unwrap_or(roster).from_wgs84(lon, lat);
                    (x, y, 1e5)
                }
                Coords::Km { x, y } => (x, y, 1e2),
            };
            self.form.x = (x * decimals).round() / decimals;
            self.form.y = (y * decimals).round() / decimals;
        }
    }

    /// A form for any action; schools are named by name or code.
    fn form_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let roster = roster_datum(cx);
        // A new school's place in the roster's units: lon/lat or km.
        let lonlat = cx.computed.is_some_and(|c| {
            c.outcome
                .dataset
                .schools
                .iter()
                .any(|s| matches!(s.coords, Some(Coords::LonLat { .. })))
        });
        let f = &mut self.form;
        ui.horizontal_wrapped(|ui| {
            for (k, zh, en) in [
                (Kind::Merge, "撤并", "merge"),
                (Kind::Expand, "扩建", "expand"),
                (Kind::Open, "新建学校", "open a school"),
                (Kind::Feeder, "调整对口", "change a feeder"),
                (Kind::EntryShare, "调整招生比例", "change an entry share"),
                (Kind::GradeSpan, "调整学段", "change grades"),
                (Kind::Housing, "新建小区", "new housing"),
            ] {
                if ui
                    .selectable_value(&mut f.kind, k, lang.pick(zh, en))
                    .clicked()
                {
                    f.defaults_for_kind();
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(lang.pick("起始学年", "from fall"));
            ui.add(egui::DragValue::new(&mut f.year).range(1990..=2060))
                .labelled_by(label.id);
            let school_label = match f.kind {
                Kind::Open => lang.pick("新校名", "new school's name"),
                Kind::Housing => lang.pick("小区名称", "development's name"),
                _ => lang.pick("学校（校名或代码）", "school (name or code)"),
            };
            let label = ui.label(school_label);
            let target = if matches!(f.kind, Kind::Open | Kind::Housing) {
                &mut f.name
            } else {
                &mut f.school
            };
            ui.add(egui::TextEdit::singleline(target).desired_width(160.0))
                .labelled_by(label.id);
            match f.kind {
                Kind::Merge => {
                    let label = ui.label(lang.pick(
                        "并入（多校用逗号分隔，可写 校名:比例）",
                        "into (several: commas, name:share)",
                    ));
                    ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(200.0))
                        .labelled_by(label.id);
                }
                Kind::Expand => {
                    let label = ui.label(lang.pick("教室", "classrooms"));
                    ui.add(egui::DragValue::new(&mut f.number).range(1.0..=200.0))
                        .labelled_by(label.id);
                }
                Kind::Open => {
                    let label = ui.label(lang.pick("片区", "area"));
                    ui.add(egui::TextEdit::singleline(&mut f.area).desired_width(80.0))
                        .labelled_by(label.id);
                    place_ui(ui, f, lonlat, roster, lang);
                    let label = ui.label(lang.pick("年级", "grades"));
                    ui.add(egui::DragValue::new(&mut f.lo).range(-2..=12))
                        .labelled_by(label.id);
                    ui.add(egui::DragValue::new(&mut f.hi).range(-2..=12))
                        .labelled_by(label.id);
                    let label = ui.label(lang.pick("教室", "classrooms"));
                    ui.add(egui::DragValue::new(&mut f.number).range(0.0..=200.0))
                        .labelled_by(label.id);
                    ui.label(lang.pick("招收片区新生", "share of the area's entrants"));
                    ui.add(
                        egui::DragValue::new(&mut f.share_pct)
                            .range(0.0..=100.0)
                            .suffix(" %"),
                    );
                    let label = ui.label(lang.pick("分流自（逗号分隔）", "taken from (commas)"));
                    ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(200.0))
                        .labelled_by(label.id);
                }
                Kind::Feeder => {
                    let label = ui.label(lang.pick("毕业生升入", "graduates go to"));
                    ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(160.0))
                        .labelled_by(label.id);
                }
                Kind::EntryShare => {
                    ui.label(lang.pick("调为原来的", "to"));
                    ui.add(
                        egui::DragValue::new(&mut f.share_pct)
                            .range(0.0..=500.0)
                            .suffix(" %"),
                    );
                }
                Kind::GradeSpan => {
                    let label = ui.label(lang.pick("年级", "grades"));
                    ui.add(egui::DragValue::new(&mut f.lo).range(-2..=12))
                        .labelled_by(label.id);
                    ui.add(egui::DragValue::new(&mut f.hi).range(-2..=12))
                        .labelled_by(label.id);
                    let label = ui.label(lang.pick("新增教室", "classrooms added"));
                    ui.add(egui::DragValue::new(&mut f.number).range(0.0..=200.0))
                        .labelled_by(label.id);
                }
                Kind::Housing => {
                    let label = ui.label(lang.pick("户数", "dwellings"));
                    ui.add(
                        egui::DragValue::new(&mut f.number)
                            .range(0.0..=100_000.0)
                            .speed(10.0),
                    )
                    .labelled_by(label.id);
                    let label = ui.label(lang.pick("几年住满", "years to full"));
                    ui.add(egui::DragValue::new(&mut f.share_pct).range(1.0..=15.0))
                        .labelled_by(label.id);
                    let label = ui.label(lang.pick("片区", "area"));
                    ui.add(egui::TextEdit::singleline(&mut f.area).desired_width(80.0))
                        .labelled_by(label.id);
                    place_ui(ui, f, lonlat, roster, lang);
                    let label = ui.label(
                        lang.pick("对口学校（可空，逗号分隔）", "schools (optional, commas)"),
                    );
                    ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(160.0))
                        .labelled_by(label.id);
                }
            }
        });
        if f.kind == Kind::Housing
            && let Some(c) = cx.computed
        {
            housing_yield_ui(ui, &c.outcome, lang);
        }
        let kind = f.kind;
        if matches!(kind, Kind::Open | Kind::Housing) && (f.x != 0.0 || f.y != 0.0) {
            let asked = self.site.asked.is_some();
            match site_check(&mut self.site, &self.form, cx, lonlat) {
                Some((check, measuring)) if kind == Kind::Open => {
                    site_check_ui(ui, check, measuring, &cx.state.scenario.planner, lang);
                }
                Some((check, measuring)) => receivers_ui(ui, check, measuring, lang),
                None if asked => measuring_ui(
                    ui,
                    lang.pick("正在按道路测算新校址…", "Measuring the new site by road…"),
                ),
                None => {}
            }
        }
        let f = &mut self.form;
        if ui
            .button(lang.pick("加入方案", "Add to the plan"))
            .clicked()
        {
            let a = match f.kind {
                Kind::Merge => match receivers(&f.other, lang) {
                    Ok(into) => Action::Merge {
                        year: f.year,
                        school: f.school.trim().into(),
                        into,
                    },
                    Err(e) => {
                        f.error = Some(e);
                        return;
                    }
                },
                Kind::Expand => Action::Expand {
                    year: f.year,
                    school: f.school.trim().into(),
                    classrooms: f.number,
                    seats: 0.0,
                },
                Kind::Open => Action::Open {
                    year: f.year,
                    name: f.name.trim().into(),
                    area: Some(f.area.trim().to_string()).filter(|a| !a.is_empty()),
                    coords: Some(form_site(f, lonlat, roster)),
                    grades: [f.lo, f.hi],
                    classrooms: f.number,
                    seats: 0.0,
                    entry_share: f.share_pct / 100.0,
                    from: list(&f.other),
                },
                Kind::Feeder => Action::Feeder {
                    year: f.year,
                    school: f.school.trim().into(),
                    to: f.other.trim().into(),
                },
                Kind::EntryShare => Action::EntryShare {
                    year: f.year,
                    school: f.school.trim().into(),
                    pct: f.share_pct,
                },
                Kind::GradeSpan => Action::GradeSpan {
                    year: f.year,
                    school: f.school.trim().into(),
                    grades: [f.lo, f.hi],
                    classrooms: f.number,
                },
                Kind::Housing => Action::Housing {
                    year: f.year,
                    name: f.name.trim().into(),
                    coords: (f.x != 0.0 || f.y != 0.0).then_some(form_site(f, lonlat, roster)),
                    area: Some(f.area.trim().to_string()).filter(|a| !a.is_empty()),
                    dwellings: f.number,
                    years_to_full: f.share_pct.max(1.0),
                    per_100: None,
                    schools: list(&f.other),
                },
            };
            f.error = None;
            let mut actions = cx.state.scenario.actions.clone();
            actions.push(a);
            cx.send(Command::SetActions(actions));
        }
        if let Some(e) = &f.error {
            ui.colored_label(egui::Color32::from_rgb(0xa0, 0x10, 0x10), e);
        }
        ui.label(RichText::new(lang.pick(
            "写错的校名或数值会在状态栏给出第几项措施、哪里有误；方案仍显示上次的结果。",
            "A wrong name or value is reported in the status bar with the action's number; the last good result stays shown.",
        )).weak());
    }
}

/// Names in a comma list (Chinese commas too).
fn list(t: &str) -> Vec<String> {
    t.split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The receivers of a merge as typed: `name`, or `name:share` with a share
/// such as `0.4`, `40%` or `40` (shares are scaled to sum to 1). A share
/// that is not a positive number is refused with what to fix, never read
/// as the whole school.
pub fn receivers(text: &str, lang: Lang) -> Result<Vec<Receiver>, String> {
    let names = list(text);
    if names.is_empty() {
        return Err(lang
            .pick("请填写并入哪所学校。", "Say which school it merges into.")
            .into());
    }
    names
        .into_iter()
        .map(|r| match r.rsplit_once([':', '：']) {
            None => Ok(Receiver {
                school: r,
                share: 1.0,
            }),
            Some((name, share)) => {
                let typed = share.trim();
                let number = typed.trim_end_matches(['%', '％']).trim();
                match number.parse::<f64>() {
                    Ok(v) if v.is_finite() && v > 0.0 => Ok(Receiver {
                        school: name.trim().into(),
                        share: v,
                    }),
                    _ => Err(match lang {
                        Lang::Zh => format!(
                            "“{}”的比例“{typed}”不是正数：请写成 0.4 或 40%。",
                            name.trim()
                        ),
                        Lang::En => format!(
                            "The share “{typed}” for {} is not a positive number: write it as 0.4 or 40%.",
                            name.trim()
                        ),
                    }),
                }
            }
        })
        .collect()
}

/// The place of a new school or estate: longitude and latitude to five
/// decimals (about a metre), or X and Y in km; the map beside picks it too.
fn place_ui(ui: &mut egui::Ui, f: &mut Form, lonlat: bool, roster: Datum, lang: Lang) {
    let (speed, decimals) = if lonlat { (0.0005, 5) } else { (0.05, 2) };
    let label = ui.label(if lonlat {
        lang.pick("经度", "lon")
    } else {
        "X"
    });
    ui.add(
        egui::DragValue::new(&mut f.x)
            .speed(speed)
            .fixed_decimals(decimals),
    )
    .labelled_by(label.id)
    .on_hover_text(lang.pick("也可在右侧地图上点击选定", "or click the map beside"));
    let label_y = ui.label(if lonlat {
        lang.pick("纬度", "lat")
    } else {
        "Y"
    });
    ui.add(
        egui::DragValue::new(&mut f.y)
            .speed(speed)
            .fixed_decimals(decimals),
    )
    .labelled_by(label_y.id)
    .on_hover_text(lang.pick("也可在右侧地图上点击选定", "or click the map beside"));
    if lonlat {
        let mut datum = f.datum.unwrap_or(roster);
        egui::ComboBox::from_id_salt("plan-place-datum")
            .selected_text(datum.name(lang))
            .show_ui(ui, |ui| {
                for d in Datum::ALL {
                    ui.selectable_value(&mut datum, d, d.name(lang));
                }
            })
            .response
            .accessible_name(lang.pick("经纬度坐标系", "Datum of the longitude and latitude"))
            .on_hover_text(lang.pick(
                "从高德、腾讯地图抄来的经纬度为 GCJ-02，百度为 BD-09；默认与名册相同。",
                "Copied from AMap or Tencent: GCJ-02; from Baidu: BD-09. By default the roster's.",
            ));
        if datum != f.datum.unwrap_or(roster) {
            // The same place, shown in the datum chosen.
            let (lon, lat) = f.datum.unwrap_or(roster).to_wgs84(f.x, f.y);
            let (x, y) = datum.from_wgs84(lon, lat);
            if f.x != 0.0 || f.y != 0.0 {
                f.x = (x * 1e5).round() / 1e5;
                f.y = (y * 1e5).round() / 1e5;
            }
            f.datum = Some(datum);
        }
    }
}

/// Where a new estate's pupils go, with how far: "Pupils go to: North
/// Primary, 1.8 km by road; …" (None: no estate of that name resolved).
fn housing_schools_text(o: &crate::engine::Outcome, name: &str, lang: Lang) -> Option<String> {
    let dev = o.plan.developments.iter().find(|d| d.name == name)?;
    let mut seen: Vec<usize> = Vec::new();
    let mut parts = Vec::new();
    for (s, t) in dev.school_of_slot.iter().zip(&dev.travel_of_slot) {
        let Some(s) = *s else { continue };
        if seen.contains(&s) {
            continue;
        }
        seen.push(s);
        let school = &o.dataset.schools.get(s)?.name;
        parts.push(match (t, lang) {
            (Some((km, true)), Lang::Zh) => format!("{school}（道路 {km:.1} 公里）"),
            (Some((km, false)), Lang::Zh) => format!("{school}（直线 {km:.1} 公里）"),
            (Some((km, true)), Lang::En) => format!("{school} ({km:.1} km by road)"),
            (Some((km, false)), Lang::En) => format!("{school} ({km:.1} km straight)"),
            (None, _) => school.clone(),
        });
    }
    Some(format!(
        "{}{}",
        lang.pick("学生就读：", "Pupils go to: "),
        if parts.is_empty() {
            lang.pick("没有学校开设这些年级", "no school teaches these grades")
                .to_string()
        } else {
            parts.join(lang.pick("；", "; "))
        }
    ))
}

/// The form's site as the dataset keeps places: WGS-84 longitude and
/// latitude (converted from the datum they are typed in), or km.
fn form_site(f: &Form, lonlat: bool, roster: Datum) -> Coords {
    if lonlat {
        let (lon, lat) = f.datum.unwrap_or(roster).to_wgs84(f.x, f.y);
        Coords::LonLat { lon, lat }
    } else {
        Coords::Km { x: f.x, y: f.y }
    }
}

/// The datum the roster's longitude and latitude were read in (WGS-84
/// when the load said none).
fn roster_datum(cx: &Cx<'_>) -> Datum {
    cx.data
        .and_then(|d| {
            d.notes.iter().find_map(|n| match n.note {
                crate::import::Note::Datum { datum, .. } => Some(datum),
                _ => None,
            })
        })
        .unwrap_or(Datum::Wgs84)
}

/// The check of the form's new-school site, worked out again only when the
/// result, the site, the grades or the year change. In a straight line it
/// is worked out here at once; by road it is a search of its own (tens of
/// milliseconds on a county's roads), asked of the background, and the
/// last check stands until it comes (the flag says so: true, not current).
fn site_check<'a>(
    site_state: &'a mut SiteState,
    f: &Form,
    cx: &mut Cx<'_>,
    lonlat: bool,
) -> Option<(&'a SiteCheck, bool)> {
    let c = cx.computed?;
    let site = form_site(f, lonlat, roster_datum(cx));
    let bits = match site {
        Coords::LonLat { lon: x, lat: y } | Coords::Km { x, y } => [x.to_bits(), y.to_bits()],
    };
    let key = (c.generation, bits, [f.lo, f.hi], f.year);
    let current = site_state.done.as_ref().is_some_and(|(k, _)| *k == key);
    if !current {
        let o = &c.outcome;
        let by_road = lonlat && o.dataset.roads.as_ref().is_some_and(|r| r.graph.is_some());
        if by_road {
            if site_state.asked != Some(key) {
                site_state.asked = Some(key);
                cx.commands
                    .push(Command::CheckSite(crate::app::tasks::SiteRequest {
                        key,
                        site,
                        grades: [f.lo, f.hi],
                        year: f.year,
                    }));
            }
        } else {
            let check = crate::engine::plan::site::check(
                &o.dataset,
                &o.plan,
                &o.scenario.planner,
                site,
                [f.lo, f.hi],
                f.year,
            );
            site_state.done = Some((key, check));
        }
    }
    let current = site_state.done.as_ref().is_some_and(|(k, _)| *k == key);
    site_state.done.as_ref().map(|(_, c)| (c, !current))
}

/// A distance as shown: "2.4 km by road, 36 min" / "2.4 km straight".
fn link_text(l: &SiteLink, lang: Lang) -> String {
    match (lang, l.by_road) {
        (Lang::Zh, true) => format!("道路 {:.1} 公里，约 {:.0} 分钟", l.km, l.minutes),
        (Lang::Zh, false) => format!("直线 {:.1} 公里，约 {:.0} 分钟", l.km, l.minutes),
        (Lang::En, true) => format!("{:.1} km by road, about {:.0} min", l.km, l.minutes),
        (Lang::En, false) => format!("{:.1} km straight, about {:.0} min", l.km, l.minutes),
    }
}

/// A new school's site against its service radius: the nearest school
/// already teaching its grades, and each new estate of the plan, with
/// whether it is within the radius (by road where an extract was opened).
fn site_check_ui(
    ui: &mut egui::Ui,
    check: &SiteCheck,
    measuring: bool,
    planner: &PlannerSettings,
    lang: Lang,
) {
    if measuring {
        measuring_ui(
            ui,
            lang.pick(
                "正在按道路测算新校址（下为上一个位置的结果）…",
                "Measuring the new site by road (the last place's check below)…",
            ),
        );
    }
    let radius = check.radius_km;
    let how = if planner.transport {
        lang.pick("校车", "by school bus")
    } else {
        lang.pick("步行", "on foot")
    };
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "选址检查（{}，服务半径 {radius:.1} 公里，{how}）：",
                check.level.name(lang)
            ),
            Lang::En => format!(
                "The site ({}, service radius {radius:.1} km, {how}):",
                check.level.name(lang)
            ),
        })
        .weak(),
    );
    if let Some(n) = &check.nearest {
        ui.label(match lang {
            Lang::Zh => format!("  最近的同学段学校 {}：{}", n.name, link_text(n, lang)),
            Lang::En => format!(
                "  nearest school of these grades, {}: {}",
                n.name,
                link_text(n, lang)
            ),
        });
    }
    if check.estates.is_empty() {
        ui.label(
            RichText::new(lang.pick(
                "  方案中没有标了位置的新建小区。",
                "  The plan has no new housing with a location.",
            ))
            .weak(),
        );
    }
    for e in &check.estates {
        let text = match (lang, e.within) {
            (Lang::Zh, true) => format!(
                "  新建小区 {}：{}，在服务半径内",
                e.name,
                link_text(e, lang)
            ),
            (Lang::Zh, false) => format!(
                "  新建小区 {}：{}，超出服务半径",
                e.name,
                link_text(e, lang)
            ),
            (Lang::En, true) => format!(
                "  new housing {}: {}, within the service radius",
                e.name,
                link_text(e, lang)
            ),
            (Lang::En, false) => format!(
                "  new housing {}: {}, beyond the service radius",
                e.name,
                link_text(e, lang)
            ),
        };
        within_ui(ui, text, e.within);
    }
}

/// Where a new estate's pupils would go from the place typed or clicked:
/// each school with how far, and whether within its own service radius.
fn receivers_ui(ui: &mut egui::Ui, check: &SiteCheck, measuring: bool, lang: Lang) {
    if measuring {
        measuring_ui(
            ui,
            lang.pick(
                "正在按道路测算（下为上一个位置的结果）…",
                "Measuring by road (the last place's answer below)…",
            ),
        );
    }
    if check.receivers.is_empty() {
        ui.weak(lang.pick(
            "附近没有带坐标的学校可接收这里的学生。",
            "No school with coordinates would take pupils from here.",
        ));
        return;
    }
    ui.weak(lang.pick("此处小区的学生将就读：", "Pupils from here would go to:"));
    for l in &check.receivers {
        let text = match (lang, l.within) {
            (Lang::Zh, true) => format!("  {}：{}，在其服务半径内", l.name, link_text(l, lang)),
            (Lang::Zh, false) => format!("  {}：{}，超出其服务半径", l.name, link_text(l, lang)),
            (Lang::En, true) => format!(
                "  {}: {}, within its service radius",
                l.name,
                link_text(l, lang)
            ),
            (Lang::En, false) => format!(
                "  {}: {}, beyond its service radius",
                l.name,
                link_text(l, lang)
            ),
        };
        within_ui(ui, text, l.within);
    }
}

/// A distance's line, in red when beyond the radius.
fn within_ui(ui: &mut egui::Ui, text: String, within: bool) {
    if within {
        ui.label(text);
    } else {
        ui.colored_label(egui::Color32::from_rgb(0xa0, 0x10, 0x10), text);
    }
}

/// "Measuring by road…" with a spinner, while a site check is under way.
fn measuring_ui(ui: &mut egui::Ui, text: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(text);
    });
}

/// What a new estate brings by the county's own yield, beside the common
/// 千人指标 (docs/places.md).
fn housing_yield_ui(ui: &mut egui::Ui, o: &crate::engine::Outcome, lang: Lang) {
    use crate::engine::plan::housing::PER_1000_RESIDENTS;
    let h = &o.scenario.housing;
    let per_100 = h.per_100_by_stage(&o.dataset);
    let common: Vec<f64> = PER_1000_RESIDENTS
        .iter()
        .map(|p| p / 1000.0 * h.persons_per_dwelling * 100.0)
        .collect();
    let rate = h.birth_rate(&o.dataset);
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "每百户学生（本县出生率 {rate:.2}‰ × 每户 {:.1} 人）：幼儿园 {:.1}、小学 {:.1}、初中 {:.1}、高中 {:.1}；按常用千人指标（幼 42、小 84、初 42）则为 {:.1}、{:.1}、{:.1}",
                h.persons_per_dwelling, per_100[0], per_100[1], per_100[2], per_100[3], common[0], common[1], common[2]
            ),
            Lang::En => format!(
                "Pupils per 100 dwellings (births {rate:.2}‰ × {:.1} persons a dwelling): kindergarten {:.1}, primary {:.1}, junior {:.1}, senior {:.1}; the common 千人指标 (42, 84, 42 per 1,000) would give {:.1}, {:.1}, {:.1}",
                h.persons_per_dwelling, per_100[0], per_100[1], per_100[2], per_100[3], common[0], common[1], common[2]
            ),
        })
        .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_receivers_are_read_or_refused() {
        let r = receivers("甲小学:40%, 乙小学：60", Lang::Zh).expect("reads");
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].school.as_str(), r[0].share), ("甲小学", 40.0));
        assert_eq!((r[1].school.as_str(), r[1].share), ("乙小学", 60.0));
        let one = receivers("North", Lang::En).expect("reads");
        assert_eq!(one[0].share, 1.0);
        // A mistyped share is refused, not read as 100 %.
        let e = receivers("North:4O%", Lang::En).expect_err("refused");
        assert!(e.contains("4O%") && e.contains("North"), "{e}");
        assert!(receivers("North:0", Lang::En).is_err());
        assert!(receivers("North:-1", Lang::En).is_err());
        assert!(receivers(" , ", Lang::En).is_err());
    }
}
