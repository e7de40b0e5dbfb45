//! The column-mapping step: a sheet's first rows with the role Seatcast
//! guessed for each column. The planner fixes the roles (and the header
//! row, and the year where the sheet does not say it); the files reload with
//! the mapping, which is remembered for every file with the same header and
//! can be saved and opened as a small JSON file (`seatcast … --mapping`).

use crate::grades::{Grade, GradeLabel, GradeSystem};
use crate::i18n::Lang;
use crate::import::mapping::PLAIN_ROLES;
use crate::import::{Role, SheetMapping, SheetPreview, YearConvention};
use eframe::egui::{self, Color32, RichText};
use std::path::PathBuf;

/// What the planner asked for in the window.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingAction {
    /// Reload the files with this sheet's mapping added.
    Apply(SheetMapping),
    /// Write every remembered mapping to a file.
    Save(PathBuf),
    /// Add the mappings of a file and reload.
    Open(PathBuf),
    Close,
}

/// The window's state while open.
pub struct MappingWindow {
    /// The files the sheets are from (reloaded on apply).
    pub files: Vec<PathBuf>,
    pub sheets: Vec<SheetPreview>,
    /// The sheet shown.
    pub selected: usize,
    /// Row of the preview that is the header, and how many rows it takes.
    header_row: usize,
    header_rows: usize,
    roles: Vec<Option<Role>>,
    years: Option<YearConvention>,
    /// The fall year of a sheet with none, as typed.
    year: String,
    /// The mapping file's path, as typed.
    pub path: String,
    /// What the last save or open said.
    pub message: Option<Result<String, String>>,
    system: GradeSystem,
    /// The mappings remembered so far: a sheet whose header has one opens
    /// with its roles (so a load that failed keeps what the planner set).
    remembered: crate::import::Mapping,
}

/// What a column's first box says: a role, or "a grade's pupils/classes"
/// with the grade in a second box.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Plain(Role),
    GradePupils,
    GradeClasses,
}

impl Kind {
    fn of(role: Role) -> Kind {
        match role {
            Role::GradePupils(_) => Kind::GradePupils,
            Role::GradeClasses(_) => Kind::GradeClasses,
            r => Kind::Plain(r),
        }
    }

    fn name(self, lang: Lang, system: GradeSystem) -> String {
        match self {
            Kind::Plain(r) => r.name(lang, system),
            Kind::GradePupils => lang.pick("某年级人数", "a grade's pupils").into(),
            Kind::GradeClasses => lang.pick("某年级班数", "a grade's classes").into(),
        }
    }
}

/// The kinds offered for a column, the common ones first.
fn offered() -> Vec<Kind> {
    let first = [Role::Ignore, Role::SchoolId, Role::SchoolName];
    let mut out: Vec<Kind> = first.iter().map(|r| Kind::Plain(*r)).collect();
    out.push(Kind::GradePupils);
    out.push(Kind::GradeClasses);
    out.extend(
        PLAIN_ROLES
            .iter()
            .map(|(_, r)| *r)
            .filter(|r| !first.contains(r))
            .map(Kind::Plain),
    );
    out
}

impl MappingWindow {
    /// Open on the sheets of a load, showing the first that needs the planner.
    pub fn new(
        files: Vec<PathBuf>,
        sheets: Vec<SheetPreview>,
        system: GradeSystem,
        path: Option<&PathBuf>,
        remembered: &crate::import::Mapping,
    ) -> MappingWindow {
        let selected = sheets.iter().position(|s| s.needs_mapping).unwrap_or(0);
        let mut w = MappingWindow {
            files,
            sheets,
            selected,
            header_row: 0,
            header_rows: 1,
            roles: Vec::new(),
            years: None,
            year: String::new(),
            path: path.map_or_else(
                || "seatcast-mapping.json".to_string(),
                |p| p.display().to_string(),
            ),
            message: None,
            system,
            remembered: remembered.clone(),
        };
        w.select(selected);
        w
    }

    fn select(&mut self, i: usize) {
        self.selected = i.min(self.sheets.len().saturating_sub(1));
        if let Some(s) = self.sheets.get(self.selected) {
            self.header_row = s.header_row;
            self.header_rows = s.header_rows.max(1);
            let width = s.rows.iter().map(Vec::len).max().unwrap_or(0);
            self.roles = (0..width)
                .map(|c| s.roles.get(c).copied().flatten())
                .collect();
            // What the planner set for this header before (a load that
            // failed, or another file with the same header) stands.
            let key = s
                .rows
                .get(self.header_row)
                .map(|r| crate::import::header::header_key(r));
            let before = self
                .remembered
                .sheets
                .iter()
                .find(|m| Some(crate::import::header::header_key(&m.header)) == key);
            if let Some(m) = before {
                for (c, r) in m.roles.iter().enumerate().take(width) {
                    self.roles[c] = r.filter(|r| *r != Role::Ignore);
                }
                self.header_rows = m.header_rows.max(1);
                self.years = m.years;
                self.year = m.year.map(|y| y.to_string()).unwrap_or_default();
            }
        }
    }

    /// A column's header text as the sheet writes it.
    fn header_text(&self, col: usize) -> &str {
        self.sheets
            .get(self.selected)
            .and_then(|s| s.rows.get(self.header_row))
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// The mapping the window says, for the sheet shown.
    pub fn mapping(&self) -> Option<SheetMapping> {
        let s = self.sheets.get(self.selected)?;
        let header = s.rows.get(self.header_row)?.clone();
        Some(SheetMapping {
            header,
            header_rows: self.header_rows,
            roles: self.roles.clone(),
            years: self.years,
            year: self.year.trim().parse().ok(),
            sheet: Some(s.sheet.clone()),
        })
    }

    /// Set a column's role (the window's combo boxes; tests).
    pub fn set_role(&mut self, col: usize, role: Option<Role>) {
        if col >= self.roles.len() {
            self.roles.resize(col + 1, None);
        }
        self.roles[col] = role.filter(|r| *r != Role::Ignore);
    }

    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Option<MappingAction> {
        let mut action = None;
        let mut open = true;
        egui::Window::new(lang.pick("列对应", "Column mapping"))
            .open(&mut open)
            .default_width(900.0)
            .default_height(480.0)
            .show(ctx, |ui| action = self.contents_ui(ui, lang));
        if !open {
            return Some(MappingAction::Close);
        }
        action
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<MappingAction> {
        let mut action = None;
        ui.label(lang.pick(
            "请为每一列指明内容；Seatcast 不改动原文件。表头相同的文件以后会按此读取。",
            "Say what each column holds; the bureau's file is not changed. Files with the same header are read this way from now on.",
        ));
        let mut picked = self.selected;
        ui.horizontal(|ui| {
            ui.label(lang.pick("工作表：", "Sheet:"));
            let name = |s: &SheetPreview| {
                let flag = if s.needs_mapping {
                    lang.pick("（待指定）", " (to settle)")
                } else {
                    ""
                };
                format!("{} · {}{flag}", s.file, s.sheet)
            };
            let current = self.sheets.get(self.selected).map(name).unwrap_or_default();
            egui::ComboBox::from_id_salt("mapping-sheet")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (i, s) in self.sheets.iter().enumerate() {
                        ui.selectable_value(&mut picked, i, name(s));
                    }
                })
                .response
                .accessible_name(lang.pick("工作表", "Sheet"));
        });
        if picked != self.selected {
            self.select(picked);
        }
        let Some(sheet) = self.sheets.get(self.selected).cloned() else {
            ui.label(lang.pick("没有可显示的工作表。", "No sheet to show."));
            return None;
        };
        self.settings_ui(ui, &sheet, lang);
        ui.separator();
        self.grid_ui(ui, &sheet, lang);
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .button(lang.pick("按此读取", "Load with these columns"))
                .clicked()
                && let Some(m) = self.mapping()
            {
                action = Some(MappingAction::Apply(m));
            }
            ui.separator();
            ui.label(lang.pick("列对应文件：", "Mapping file:"));
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(240.0));
            if ui.button(lang.pick("保存", "Save mapping")).clicked() {
                action = Some(MappingAction::Save(PathBuf::from(self.path.trim())));
            }
            if ui.button(lang.pick("打开", "Open mapping")).clicked() {
                action = Some(MappingAction::Open(PathBuf::from(self.path.trim())));
            }
        });
        if let Some(m) = &self.message {
            let (text, colour) = match m {
                Ok(t) => (t.clone(), Color32::from_rgb(0x1b, 0x6e, 0x20)),
                Err(t) => (t.clone(), Color32::from_rgb(0xa0, 0x10, 0x10)),
            };
            ui.label(RichText::new(text).color(colour));
        }
        action
    }

    /// Where the header is, and what years mean in the sheet.
    fn settings_ui(&mut self, ui: &mut egui::Ui, sheet: &SheetPreview, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(lang.pick("表头在第", "Header on row"));
            let max = sheet.rows.len().saturating_sub(1);
            let mut shown = self.header_row + 1;
            ui.add(egui::DragValue::new(&mut shown).range(1..=max + 1));
            self.header_row = shown.saturating_sub(1).min(max);
            ui.label(lang.pick("行（下表中），占", "(of the rows below), taking"));
            ui.add(egui::DragValue::new(&mut self.header_rows).range(1..=2));
            ui.label(lang.pick("行", "row(s)"));
        });
        ui.horizontal(|ui| {
            ui.label(lang.pick("单独的年份表示：", "A year alone means:"));
            ui.radio_value(
                &mut self.years,
                None,
                lang.pick("自动", "as Seatcast reads it"),
            );
            ui.radio_value(
                &mut self.years,
                Some(YearConvention::Fall),
                lang.pick("秋季（2023 = 2023—2024学年）", "the fall (2023 = 2023-24)"),
            );
            ui.radio_value(
                &mut self.years,
                Some(YearConvention::Spring),
                lang.pick(
                    "春季（2024 = 2023—2024学年）",
                    "the spring (2024 = 2023-24)",
                ),
            );
        });
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick(
                "表中没有年份时，其秋季年份：",
                "The sheet's fall year, where it gives none:",
            ));
            ui.add(egui::TextEdit::singleline(&mut self.year).desired_width(60.0))
                .labelled_by(label.id);
            ui.label(lang.pick("（如 2024）", "(e.g. 2024)"));
        });
    }

    /// The sheet's top rows, with each column's role to choose above them.
    fn grid_ui(&mut self, ui: &mut egui::Ui, sheet: &SheetPreview, lang: Lang) {
        let offered = offered();
        let header_texts: Vec<String> = (0..self.roles.len())
            .map(|c| self.header_text(c).to_string())
            .collect();
        egui::ScrollArea::both().max_height(300.0).show(ui, |ui| {
            egui::Grid::new("mapping-grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.label("");
                    for c in 0..self.roles.len() {
                        ui.strong(crate::diagnostics::column_letters(c as u32));
                    }
                    ui.end_row();
                    ui.label(lang.pick("内容", "Holds"));
                    for c in 0..self.roles.len() {
                        self.role_cell_ui(ui, c, &header_texts, &offered, lang);
                    }
                    ui.end_row();
                    for (i, row) in sheet.rows.iter().enumerate() {
                        let is_header =
                            i >= self.header_row && i < self.header_row + self.header_rows;
                        ui.label(format!("{}", i + 1));
                        for c in 0..self.roles.len() {
                            // Long cells cut for the grid (the header saved is whole).
                            let mut text: String = row
                                .get(c)
                                .map_or("", String::as_str)
                                .chars()
                                .take(40)
                                .collect();
                            if row.get(c).is_some_and(|t| t.chars().count() > 40) {
                                text.push('…');
                            }
                            if is_header {
                                ui.label(
                                    RichText::new(text)
                                        .strong()
                                        .color(Color32::from_rgb(0x1f, 0x4e, 0x9a)),
                                );
                            } else {
                                ui.label(text);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    }

    /// A column's role, and the grade of a grade's column, in a box of its own.
    fn role_cell_ui(
        &mut self,
        ui: &mut egui::Ui,
        c: usize,
        header_texts: &[String],
        offered: &[Kind],
        lang: Lang,
    ) {
        let system = self.system;
        let role = self.roles[c].unwrap_or(Role::Ignore);
        let mut kind = Kind::of(role);
        ui.vertical(|ui| {
            egui::ComboBox::from_id_salt(("mapping-role", c))
                .selected_text(kind.name(lang, system))
                .width(130.0)
                .height(480.0)
                .show_ui(ui, |ui| {
                    for k in offered {
                        ui.selectable_value(&mut kind, *k, k.name(lang, system));
                    }
                });
            // The grade of a grade's column, in a box of its
            // own: newly chosen, the grade its header names
            // (`2年級男學生數` → grade 2), else grade 1.
            let grade = match role {
                Role::GradePupils(g) | Role::GradeClasses(g) => g,
                _ => {
                    let head = header_texts.get(c).map_or("", String::as_str);
                    crate::import::columns::grade_named_in(&crate::hant::fold(head), false)
                        .or_else(|| crate::grades::parse_grade_label(head, false))
                        .unwrap_or(GradeLabel::Fixed(Grade(1)))
                }
            };
            let mut grade_now = grade.resolve(system);
            if matches!(kind, Kind::GradePupils | Kind::GradeClasses) {
                egui::ComboBox::from_id_salt(("mapping-grade", c))
                    .selected_text(grade_now.label(system, lang))
                    .width(130.0)
                    .height(480.0)
                    .show_ui(ui, |ui| {
                        for n in Grade::LOWEST..=Grade::HIGHEST {
                            let g = Grade(n);
                            ui.selectable_value(&mut grade_now, g, g.label(system, lang));
                        }
                    });
            }
            let label = if grade_now == grade.resolve(system) {
                grade
            } else {
                GradeLabel::Fixed(grade_now)
            };
            let new = match kind {
                Kind::Plain(r) => r,
                Kind::GradePupils => Role::GradePupils(label),
                Kind::GradeClasses => Role::GradeClasses(label),
            };
            self.set_role(c, Some(new));
        });
    }
}
