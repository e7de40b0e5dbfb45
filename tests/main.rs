//! Seatcast's integration tests, one binary with a module per concern
//! (`cargo test --test main MODULE::` runs one), so polars and egui are
//! linked once, not once per file (issue 42).

mod adaptive;
mod app;
mod architecture;
mod cli;
mod docs_figures;
mod export;
mod facilities;
mod housing;
mod import_layouts;
mod import_problems;
mod places;
mod real_data;
mod real_files;
mod real_rules;
mod real_shapes;
mod responsive;
mod sample_report;
mod scenario_file;
mod teacher_roster;
