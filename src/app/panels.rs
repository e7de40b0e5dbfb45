//! The window's panels, one file each. A panel is a small [`Panel`]: it draws
//! itself from the current data and asks for changes through [`Cx`].

pub mod accuracy;
pub mod compare;
pub mod compliance;
pub mod data;
pub mod map;
pub mod overview;
pub mod plan;
pub mod school;
pub mod schools;
pub mod teachers;

use super::background::results::{Computed, LoadedData};
use super::commands::Command;
use super::state::AppState;
use crate::diagnostics::Problem;
use crate::engine::Outcome;
use crate::engine::Wants;
use crate::engine::scenario::Scenario;
use crate::i18n::Lang;
use crate::text::labels::*;
use eframe::egui;

pub use super::tab::Tab;

/// The central tabs, in the order the window shows them: a new tab is a
/// file in this folder and one line here.
pub fn all() -> Vec<Box<dyn Panel>> {
    vec![
        Box::new(overview::Overview::default()),
        Box::new(schools::Schools::default()),
        Box::new(school::School::default()),
        Box::new(map::Map::default()),
        Box::new(plan::Plan::default()),
        Box::new(teachers::TeachersPanel::default()),
        Box::new(compliance::CompliancePanel::default()),
        Box::new(compare::Compare::default()),
        Box::new(accuracy::AccuracyPanel),
        Box::new(data::Data::default()),
    ]
}

/// Every tab's key and titles, in order (worked out once).
fn tabs() -> &'static [(Tab, [&'static str; 2])] {
    static TABS: std::sync::LazyLock<Vec<(Tab, [&'static str; 2])>> =
        std::sync::LazyLock::new(|| {
            all()
                .iter()
                .map(|p| (p.id(), [p.title(Lang::Zh), p.title(Lang::En)]))
                .collect()
        });
    &TABS
}

/// Every tab's key, in order.
pub fn keys() -> Vec<Tab> {
    tabs().iter().map(|(t, _)| t.clone()).collect()
}

/// The tab named in any language, or by its key.
pub fn parse(text: &str) -> Option<Tab> {
    let t = text.trim().to_lowercase();
    tabs().iter().find_map(|(tab, [zh, en])| {
        (t == tab.key() || t == en.to_lowercase() || t == *zh).then(|| tab.clone())
    })
}

/// What a panel sees and may change.
pub struct Cx<'a> {
    pub lang: Lang,
    pub data: Option<&'a LoadedData>,
    /// The latest projection of the data shown (None while the first is computed).
    pub computed: Option<&'a Computed>,
    /// What the app remembers; panels read it and change it only through
    /// [`Cx::send`].
    pub state: &'a AppState,
    commands: &'a mut Vec<Command>,
    /// "Merge all feasible" is looking for merges in the background.
    pub merging: bool,
    /// Whether the layout optimiser is running.
    pub optimising: bool,
    /// The map's tiles (the Map and Plan tabs draw them).
    pub basemap: &'a mut crate::app::basemap::Basemap,
    /// Why the latest computation failed, while no projection is shown.
    pub compute_error: Option<&'a crate::engine::EngineError>,
}

impl<'a> Cx<'a> {
    /// The view context of one frame.
    pub fn new(
        lang: Lang,
        state: &'a AppState,
        commands: &'a mut Vec<Command>,
        basemap: &'a mut crate::app::basemap::Basemap,
    ) -> Cx<'a> {
        Cx {
            lang,
            data: None,
            computed: None,
            state,
            commands,
            merging: false,
            optimising: false,
            basemap,
            compute_error: None,
        }
    }

    /// Ask the app for a change (carried out after the frame).
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Change the working scenario's what-ifs or settings: `edit` works on
    /// a copy, sent back where it changed anything (the actions stay).
    pub fn edit_scenario(&mut self, edit: impl FnOnce(&mut Scenario)) {
        let mut s = self.state.scenario.clone();
        edit(&mut s);
        if s != self.state.scenario {
            self.send(Command::SetScenario(Box::new(s)));
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.computed.map(|c| c.outcome.as_ref())
    }

    pub fn warnings(&self) -> &[Problem] {
        self.data.map_or(&[], |d| d.warnings.as_slice())
    }

    /// The selected school's index, if it is in the data.
    pub fn selected(&self) -> Option<usize> {
        let key = self.state.selected.as_deref()?;
        let d = match self.computed {
            Some(c) => &c.outcome.dataset,
            None => &self.data?.engine.dataset,
        };
        d.schools.iter().position(|s| s.key() == key)
    }
}

/// A tab of the window: its key, its title, what it needs worked out
/// beside the outcome, and how it draws. It reads the [`Cx`] and asks for
/// changes through [`Cx::send`].
pub trait Panel: std::any::Any {
    fn id(&self) -> Tab;
    fn title(&self, lang: Lang) -> &'static str;
    /// What the run works out for this tab besides the outcome (only
    /// while it is on show, so a slider elsewhere costs one projection).
    fn wants(&self) -> Wants {
        Wants::default()
    }
    /// Draw the tab from the run on show. The shell calls it only once
    /// the data and a run of it are there; until then it calls
    /// [`Panel::waiting_ui`].
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed);
    /// What the tab shows while there is no run to draw (loading, or the
    /// computation failed): the shell's note, unless the tab has more to say.
    fn waiting_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        waiting_ui(ui, cx);
    }
}

/// "Tables for: [2030 ▾]": the year a tab's tables show, chosen from
/// `years`; `chosen` is the planner's pick (None until one is made).
pub fn year_picker_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    label: &str,
    years: &[i32],
    year: i32,
    chosen: &mut Option<i32>,
) {
    ui.horizontal(|ui| {
        ui.label(format!("{label}{}", lang.pick("：", ":")));
        egui::ComboBox::from_id_salt(id)
            .selected_text(year.to_string())
            .show_ui(ui, |ui| {
                for y in years {
                    if ui.selectable_label(*y == year, y.to_string()).clicked() {
                        *chosen = Some(*y);
                    }
                }
            })
            .response
            .accessible_name(label);
    });
}

/// Shown in a tab until the first projection arrives; where the
/// computation failed, the failure and what to do, never a spinner.
pub fn waiting_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    let Some(e) = cx.compute_error else {
        ui.centered_and_justified(|ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("正在计算…", "Computing…"));
            });
        });
        return;
    };
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading(lang.pick("无法计算当前方案", "The plan cannot be computed"));
        ui.colored_label(ui.visuals().error_fg_color, e.message(lang));
        ui.label(lang.pick(
            "请在“规划”页修改或删除这项措施，或新建一个空方案（可撤销）。",
            "Change or remove that action on the Plan tab, or start a new, empty plan (Undo brings it back).",
        ));
        ui.horizontal(|ui| {
            if ui
                .button(lang.pick("打开“规划”页", "Open the Plan tab"))
                .clicked()
            {
                cx.send(Command::ShowTab(Tab::Plan));
            }
            if !cx.state.scenario.actions.is_empty()
                && ui
                    .button(lang.pick("新建方案（清空措施）", "New plan (clear the actions)"))
                    .clicked()
            {
                cx.send(Command::NewPlan);
            }
        });
    });
}
