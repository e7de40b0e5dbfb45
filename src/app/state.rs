//! What the app remembers between starts (through eframe's storage): the
//! language, the files, the tab, the what-if values, the table's sorting.
//! Every field has a default, so an old or partial save still loads.

use super::tab::Tab;
use crate::engine::plan::Action;
use crate::engine::scenario::Scenario;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The key under which the state is stored.
pub const STORAGE_KEY: &str = "seatcast-state";

/// How many sets of files the recent list keeps.
const RECENT: usize = 8;

/// How many action lists undo goes back.
const UNDO_DEPTH: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// None: follow the system's language.
    pub lang: Option<Lang>,
    /// The files shown last (empty: the sample county).
    pub files: Vec<PathBuf>,
    /// Sets of files opened before, newest first.
    pub recent: Vec<Vec<PathBuf>>,
    pub tab: Tab,
    /// The what-if values (the sliders).
    pub scenario: Scenario,
    /// The school shown on the School tab, by its ID or name.
    pub selected: Option<String>,
    pub schools_table: SchoolsTable,
    /// The save windows' last choices (size, scale, formats, folder).
    pub save: super::save::SaveSettings,
    /// Scenarios kept side by side on the Compare tab.
    pub held: Vec<Scenario>,
    /// The file the working scenario was last saved to or opened from.
    pub scenario_path: Option<PathBuf>,
    /// Column mappings the planner has given, by header: applied again to
    /// any file with the same header.
    pub mapping: crate::import::Mapping,
    /// What bare years name where the files do not say (None: as Seatcast reads them).
    pub years: Option<crate::import::YearConvention>,
    /// The file the column mapping was last saved to or opened from.
    pub mapping_path: Option<PathBuf>,
    /// The datum of coordinates a file does not name (None: GCJ-02).
    pub datum: Option<crate::places::datum::Datum>,
    /// The boundary property the areas are named by (None: the first
    /// name-like one).
    pub area_name_key: Option<String>,
    /// Where the map's tiles come from (none by default: no network).
    pub basemap: crate::places::tiles::BasemapSource,
    /// Earlier action lists, for undo (not remembered between starts).
    #[serde(skip)]
    pub undo: Vec<Vec<Action>>,
    #[serde(skip)]
    pub redo: Vec<Vec<Action>>,
    /// The widget whose drag or typing is changing the actions now: its
    /// steps make one undo entry (not remembered between starts).
    #[serde(skip)]
    pub editing: Option<eframe::egui::Id>,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: None,
            files: Vec::new(),
            recent: Vec::new(),
            tab: Tab::Overview,
            scenario: Scenario::default(),
            selected: None,
            schools_table: SchoolsTable::default(),
            save: super::save::SaveSettings::default(),
            held: Vec::new(),
            scenario_path: None,
            mapping: crate::import::Mapping::default(),
            years: None,
            mapping_path: None,
            datum: None,
            area_name_key: None,
            basemap: crate::places::tiles::BasemapSource::None,
            undo: Vec::new(),
            redo: Vec::new(),
            editing: None,
        }
    }
}

impl AppState {
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    /// Change the plan's actions, keeping the old list for undo.
    /// A new plan: no actions (Undo brings them back), no name, and no file,
    /// so the next save asks where instead of overwriting the old plan's.
    pub fn new_plan(&mut self) {
        self.set_actions(Vec::new());
        self.scenario.name.clear();
        self.scenario_path = None;
    }

    pub fn set_actions(&mut self, actions: Vec<Action>) {
        self.editing = None;
        if actions == self.scenario.actions {
            return;
        }
        let old = std::mem::replace(&mut self.scenario.actions, actions);
        self.push_undo(old);
    }

    /// Change the actions in place from a widget: every change while the
    /// same widget is dragged or typed in is one undo entry.
    pub fn edit_actions(&mut self, widget: eframe::egui::Id, edit: impl FnOnce(&mut Vec<Action>)) {
        let before = (self.editing != Some(widget)).then(|| self.scenario.actions.clone());
        edit(&mut self.scenario.actions);
        if let Some(old) = before
            && old != self.scenario.actions
        {
            self.push_undo(old);
            self.editing = Some(widget);
        }
    }

    /// The widget let go: the next change is a new undo entry.
    pub fn end_edit(&mut self) {
        self.editing = None;
    }

    fn push_undo(&mut self, old: Vec<Action>) {
        self.undo.push(old);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn undo(&mut self) {
        self.editing = None;
        if let Some(prev) = self.undo.pop() {
            let now = std::mem::replace(&mut self.scenario.actions, prev);
            self.redo.push(now);
        }
    }

    pub fn redo(&mut self) {
        self.editing = None;
        if let Some(next) = self.redo.pop() {
            let now = std::mem::replace(&mut self.scenario.actions, next);
            self.undo.push(now);
        }
    }

    /// How the files are read: the planner's mappings and year convention.
    pub fn import_options(&self) -> crate::import::ImportOptions {
        crate::import::ImportOptions {
            grade_system: None,
            mapping: self.mapping.clone(),
            years: self.years,
            datum: self.datum,
            mapping_remembered: true,
            area_name_key: self.area_name_key.clone(),
        }
    }

    /// Remember a set of files as the newest.
    pub fn remember(&mut self, files: &[PathBuf]) {
        if files.is_empty() {
            return;
        }
        self.recent.retain(|r| r != files);
        self.recent.insert(0, files.to_vec());
        self.recent.truncate(RECENT);
    }
}

/// The Schools table's sorting and filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolsTable {
    pub sort: SortBy,
    pub descending: bool,
    pub filter: String,
    pub only_short: bool,
}

impl Default for SchoolsTable {
    fn default() -> Self {
        SchoolsTable {
            sort: SortBy::Shortfall,
            descending: true,
            filter: String::new(),
            only_short: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortBy {
    #[default]
    Name,
    Area,
    Level,
    PupilsNow,
    Peak,
    Capacity,
    Utilisation,
    Shortfall,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_or_partial_save_still_loads() {
        let empty: AppState = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, AppState::default());
        let partial: AppState =
            serde_json::from_str(r#"{"tab":"Map","scenario":{"urban_drift_pct":2.5}}"#).unwrap();
        assert_eq!(partial.tab, Tab::Map);
        assert_eq!(partial.scenario.urban_drift_pct, 2.5);
        assert_eq!(partial.scenario.horizon, 15);
    }

    #[test]
    fn column_mappings_are_remembered_between_starts() {
        use crate::import::{Role, SheetMapping};
        let mut s = AppState::default();
        s.mapping.set(SheetMapping {
            header: vec!["单位".into(), "甲".into()],
            header_rows: 1,
            roles: vec![Some(Role::SchoolName), None],
            years: None,
            year: Some(2024),
            sheet: None,
        });
        let json = serde_json::to_string(&s).unwrap();
        let back: AppState = serde_json::from_str(&json).unwrap();
        assert_eq!(back.mapping, s.mapping);
    }

    #[test]
    fn one_drag_is_one_undo_entry() {
        use crate::engine::plan::Action;
        let expand = |classrooms| Action::Expand {
            year: 2026,
            school: "P".into(),
            classrooms,
            seats: 0.0,
        };
        let mut s = AppState::default();
        s.set_actions(vec![expand(2.0)]);
        assert_eq!(s.undo.len(), 1);
        let widget = eframe::egui::Id::unique("classrooms");
        // Five steps of one drag.
        for n in 3..=7 {
            s.edit_actions(widget, |a| a[0] = expand(n as f64));
        }
        assert_eq!(s.undo.len(), 2);
        assert_eq!(s.scenario.actions, vec![expand(7.0)]);
        // Let go, drag again: a second entry.
        s.end_edit();
        s.edit_actions(widget, |a| a[0] = expand(9.0));
        assert_eq!(s.undo.len(), 3);
        // One undo goes back over the whole second drag, the next over the first.
        s.undo();
        assert_eq!(s.scenario.actions, vec![expand(7.0)]);
        s.undo();
        assert_eq!(s.scenario.actions, vec![expand(2.0)]);
        s.redo();
        assert_eq!(s.scenario.actions, vec![expand(7.0)]);
    }

    /// File → New plan clears the name and the file as well as the actions,
    /// so the next save cannot overwrite the old plan (issue 39: "plan1"
    /// stayed); Undo brings the actions back.
    #[test]
    fn a_new_plan_has_no_name_and_no_file() {
        use crate::engine::plan::Action;
        let mut s = AppState::default();
        let a = Action::Expand {
            year: 2026,
            school: "东关小学".into(),
            classrooms: 2.0,
            seats: 0.0,
        };
        s.set_actions(vec![a.clone()]);
        s.scenario.name = "plan1".into();
        s.scenario_path = Some(PathBuf::from("plan1.json"));
        s.new_plan();
        assert!(s.scenario.actions.is_empty());
        assert!(s.scenario.name.is_empty());
        assert!(s.scenario_path.is_none());
        s.undo();
        assert_eq!(s.scenario.actions, vec![a]);
    }

    #[test]
    fn the_recent_list_keeps_the_newest_first_without_repeats() {
        let mut s = AppState::default();
        let a = vec![PathBuf::from("a.xlsx")];
        let b = vec![PathBuf::from("b.xlsx"), PathBuf::from("c.csv")];
        s.remember(&a);
        s.remember(&b);
        s.remember(&a);
        assert_eq!(s.recent, vec![a.clone(), b]);
        for i in 0..20 {
            s.remember(&[PathBuf::from(format!("{i}.xlsx"))]);
        }
        assert_eq!(s.recent.len(), 8);
        s.remember(&[]);
        assert_eq!(s.recent.len(), 8);
    }
}
