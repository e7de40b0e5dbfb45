//! What a panel can ask the app to do. Panels read the state and push
//! commands; the app carries them out after the frame is drawn
//! (`app_commands.rs`). Every change a panel makes goes this one way: no
//! panel holds the app's state mutably, and none reaches into another.

use super::background::one_off::{Pick, ScenarioIo};
use super::state::SchoolsTable;
use super::tab::Tab;
use crate::chart::Chart;
use crate::engine::plan::Action;
use crate::engine::scenario::Scenario;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Show a school (by index) on the School tab.
    OpenSchool(usize),
    /// Select a school without leaving the tab.
    Select(usize),
    ShowTab(Tab),
    /// Load files (none: the sample county).
    Open(Vec<PathBuf>),
    /// Show the native file dialog for a pick.
    Browse(Pick),
    /// Ask where and how to save this chart.
    SaveChart(Box<Chart>),
    /// Ask where to save every chart of the county, its areas and schools.
    SaveAllCharts,
    /// Ask where to write the report (tables, Excel workbook, charts).
    ExportReport,
    /// Ask where to save the working scenario (plan) as a file.
    SaveScenario,
    /// Ask for a scenario file to open as the working scenario.
    OpenScenario,
    /// Save the working scenario to this file, or open this file as it.
    ScenarioFile(ScenarioIo, PathBuf),
    /// Ask for a teacher norms file to open, or where to save the norms in force.
    NormsFile(ScenarioIo),
    /// Keep a copy of the working scenario on the Compare tab.
    HoldScenario,
    /// Show the column-mapping step for the sheets of the data shown.
    MapColumns,
    /// Show the column-mapping step for the sheets of the load that failed.
    MapFailedColumns,
    /// Find every feasible merge (in the background) and add them to the plan.
    MergeAllFeasible,
    /// Run the layout optimiser on the working scenario (in the
    /// background; the Plan tab gets the answer).
    Optimise,
    /// Keep this scenario on the Compare tab.
    Hold(Box<Scenario>),
    /// Check a new school's site by road (in the background; the Plan tab
    /// gets the answer).
    CheckSite(super::background::one_off::SiteRequest),
    /// Replace the plan's actions (one undo entry).
    SetActions(Vec<Action>),
    /// A new plan: no actions, no name, no file ([`super::state::AppState::new_plan`]).
    NewPlan,
    /// Replace the actions from a widget being dragged or typed in: every
    /// change while the same widget is held makes one undo entry.
    EditActions {
        widget: eframe::egui::Id,
        actions: Vec<Action>,
    },
    /// The widget of the edit under way let go.
    EndEdit,
    Undo,
    Redo,
    /// Replace the what-ifs and settings of the working scenario; its
    /// actions stay (they change only through the commands above).
    SetScenario(Box<Scenario>),
    /// Make a scenario kept on the Compare tab the working one (its
    /// actions one undo entry).
    UseHeld(usize),
    /// Drop a scenario kept on the Compare tab.
    DropHeld(usize),
    /// The Schools table's sorting and filters.
    SetSchoolsTable(SchoolsTable),
    /// Name the areas by this boundary property (the files are read again).
    AreaNamesFrom(String),
}
