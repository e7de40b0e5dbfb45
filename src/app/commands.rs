//! What a panel can ask the app to do. Panels push commands; the app carries
//! them out after the frame is drawn (`app_commands.rs`), so no panel
//! reaches into another.

use super::panels::Tab;
use super::tasks::{Pick, ScenarioIo};
use crate::chart::Chart;
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
    /// Check a new school's site by road (in the background; the Plan tab
    /// gets the answer).
    CheckSite(super::tasks::SiteRequest),
}
