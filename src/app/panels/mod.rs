//! The window's panels, one file each. A panel is a small [`View`]: it draws
//! itself from the current data and asks for changes through [`Cx`].

pub mod accuracy;
pub mod compare;
pub mod compliance;
pub mod data;
pub mod map;
pub mod overview;
pub mod plan;
pub mod plot;
pub mod school;
pub mod schools;
pub mod side;
pub mod teachers;

use super::commands::Command;
use super::state::AppState;
use super::worker::{Computed, LoadedData};
use crate::diagnostics::Problem;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::text::labels::*;
use eframe::egui;
use serde::{Deserialize, Serialize};

/// The central tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Tab {
    #[default]
    Overview,
    Schools,
    School,
    Map,
    Plan,
    Teachers,
    Compliance,
    Compare,
    Accuracy,
    Data,
}

impl Tab {
    pub const ALL: [Tab; 10] = [
        Tab::Overview,
        Tab::Schools,
        Tab::School,
        Tab::Map,
        Tab::Plan,
        Tab::Teachers,
        Tab::Compliance,
        Tab::Compare,
        Tab::Accuracy,
        Tab::Data,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Overview => lang.pick("总览", "Overview"),
            Tab::Schools => lang.pick("学校列表", "Schools"),
            Tab::School => lang.pick("单校", "School"),
            Tab::Map => lang.pick("地图", "Map"),
            Tab::Plan => lang.pick("规划", "Plan"),
            Tab::Teachers => lang.pick("教师", "Teachers"),
            Tab::Compliance => lang.pick("优质均衡", "Compliance"),
            Tab::Compare => lang.pick("对比", "Compare"),
            Tab::Accuracy => lang.pick("准确度", "Accuracy"),
            Tab::Data => lang.pick("数据", "Data"),
        }
    }

    /// The tab named in any language, or by its English key.
    pub fn parse(text: &str) -> Option<Tab> {
        let t = text.trim().to_lowercase();
        Tab::ALL
            .into_iter()
            .find(|tab| t == tab.title(Lang::En).to_lowercase() || t == tab.title(Lang::Zh))
    }
}

/// What a panel sees and may change.
pub struct Cx<'a> {
    pub lang: Lang,
    pub data: Option<&'a LoadedData>,
    /// The latest projection of the data shown (None while the first is computed).
    pub computed: Option<&'a Computed>,
    pub state: &'a mut AppState,
    pub commands: &'a mut Vec<Command>,
    /// "Merge all feasible" is looking for merges in the background.
    pub merging: bool,
    /// The map's tiles (the Map and Plan tabs draw them).
    pub basemap: &'a mut crate::app::basemap::Basemap,
    /// Why the latest computation failed, while no projection is shown.
    pub compute_error: Option<&'a crate::engine::EngineError>,
}

impl Cx<'_> {
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

/// A panel of the window.
pub trait View {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>);
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
                cx.commands.push(Command::ShowTab(Tab::Plan));
            }
            if !cx.state.scenario.actions.is_empty()
                && ui
                    .button(lang.pick("新建方案（清空措施）", "New plan (clear the actions)"))
                    .clicked()
            {
                cx.state.set_actions(Vec::new());
            }
        });
    });
}
