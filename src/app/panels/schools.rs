//! The Schools tab: every school in one sortable, filterable line, warning
//! colours on the figures that earn them. Rows are laid out only when
//! visible, so thousands scroll smoothly. Clicking a row opens the school.

use super::{Computed, Cx, Panel, Tab};
use crate::app::commands::Command;
use crate::app::state::{SchoolsTable, SortBy};
use crate::app::style::warning_color;
use crate::engine::outcome::SchoolSummary;
use crate::i18n::{Lang, thousands};
use crate::model::Dataset;
use crate::text::labels::*;
use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct Schools {
    /// The order shown, and what it was worked out from.
    order: Vec<usize>,
    order_key: Option<(u64, SchoolsTable)>,
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |u| format!("{:.0} %", u * 100.0))
}

fn n(v: f64) -> String {
    thousands(v.round() as i64)
}

impl Schools {
    /// Filter and sort the schools (only when the data or the table's settings change).
    fn refresh(&mut self, d: &Dataset, rows: &[SchoolSummary], generation: u64, t: &SchoolsTable) {
        let key = (generation, t.clone());
        if self.order_key.as_ref() == Some(&key) {
            return;
        }
        let needle = t.filter.trim().to_lowercase();
        let mut order: Vec<usize> = rows
            .iter()
            .filter(|r| {
                let s = &d.schools[r.school];
                (!t.only_short || r.shortfall > 0.0)
                    && (needle.is_empty()
                        || s.name.to_lowercase().contains(&needle)
                        || s.key().to_lowercase().contains(&needle)
                        || s.area
                            .as_deref()
                            .is_some_and(|a| a.to_lowercase().contains(&needle))
                        || s.level.name(Lang::Zh).contains(&needle)
                        || s.level.name(Lang::En).contains(&needle))
            })
            .map(|r| r.school)
            .collect();
        let f = |o: Option<f64>| o.unwrap_or(f64::NEG_INFINITY);
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a], &rows[b]);
            let (sa, sb) = (&d.schools[a], &d.schools[b]);
            let ord = match t.sort {
                SortBy::Name => sa.name.cmp(&sb.name),
                SortBy::Area => sa.area.cmp(&sb.area),
                SortBy::Level => sa.level.cmp(&sb.level),
                SortBy::PupilsNow => ra.pupils_now.total_cmp(&rb.pupils_now),
                SortBy::Peak => ra.peak.total_cmp(&rb.peak),
                SortBy::Capacity => f(ra.capacity).total_cmp(&f(rb.capacity)),
                SortBy::Utilisation => f(ra.utilisation_now).total_cmp(&f(rb.utilisation_now)),
                SortBy::Shortfall => ra.shortfall.total_cmp(&rb.shortfall),
            };
            let ord = if t.descending { ord.reverse() } else { ord };
            ord.then_with(|| sa.name.cmp(&sb.name))
        });
        self.order = order;
        self.order_key = Some(key);
    }
}

impl Panel for Schools {
    fn id(&self) -> Tab {
        Tab::Schools
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("学校列表", "Schools")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let d = &computed.outcome.dataset;
        let o = &computed.outcome;
        // Sorted and filtered on a copy, sent back where it changed.
        let mut table = cx.state.schools_table.clone();
        let t = &mut table;
        filter_ui(ui, t, lang);
        self.refresh(d, &o.schools, computed.generation, t);
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!(
                    "{} 所学校（共 {} 所）；点击一行查看该校",
                    self.order.len(),
                    d.schools.len()
                ),
                Lang::En => format!(
                    "{} of {} schools; click a row to open the school",
                    self.order.len(),
                    d.schools.len()
                ),
            })
            .weak(),
        );
        let headers: [(SortBy, &str); 8] = [
            (SortBy::Name, lang.pick("学校", "School")),
            (SortBy::Area, lang.pick("片区", "Area")),
            (SortBy::Level, lang.pick("学段", "Level")),
            (SortBy::PupilsNow, lang.pick("现有学生", "Pupils now")),
            (SortBy::Peak, lang.pick("预测峰值（年）", "Peak (year)")),
            (SortBy::Capacity, lang.pick("容量", "Capacity")),
            (SortBy::Utilisation, lang.pick("使用率", "Utilisation")),
            (
                SortBy::Shortfall,
                lang.pick("最大缺口（年）", "Shortfall (year)"),
            ),
        ];
        let mut clicked = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .column(Column::initial(170.0).at_least(80.0).clip(true))
            .columns(Column::initial(96.0).at_least(40.0).clip(true), 7)
            .column(Column::remainder().at_least(80.0))
            .header(row_height + 4.0, |mut header| {
                for (key, title) in headers {
                    header.col(|ui| {
                        let arrow = match (t.sort == key, t.descending) {
                            (true, true) => " ▼",
                            (true, false) => " ▲",
                            _ => "",
                        };
                        if ui
                            .add(
                                egui::Button::new(
                                    RichText::new(format!("{title}{arrow}")).strong(),
                                )
                                // One line: a narrow column cuts it, never
                                // breaks it inside its brackets.
                                .wrap_mode(egui::TextWrapMode::Truncate)
                                .frame(false),
                            )
                            .clicked()
                        {
                            if t.sort == key {
                                t.descending = !t.descending;
                            } else {
                                t.sort = key;
                                t.descending =
                                    !matches!(key, SortBy::Name | SortBy::Area | SortBy::Level);
                            }
                        }
                    });
                }
                header.col(|ui| {
                    ui.strong(lang.pick("标记", "Flags"));
                });
            })
            .body(|body| {
                body.rows(row_height, self.order.len(), |mut row| {
                    let i = self.order[row.index()];
                    let r = &o.schools[i];
                    let s = &d.schools[i];
                    let tint = warning_color(r.warning);
                    row.col(|ui| {
                        let name = ui
                            .add(egui::Label::new(&s.name).sense(Sense::click()))
                            .on_hover_text(s.key());
                        if name.clicked() {
                            clicked = Some(i);
                        }
                    });
                    row.col(|ui| {
                        ui.label(s.area.as_deref().unwrap_or("—"));
                    });
                    row.col(|ui| {
                        ui.label(s.level.name(lang));
                    });
                    row.col(|ui| {
                        ui.label(n(r.pupils_now));
                    });
                    row.col(|ui| {
                        let peak = ui.label(format!("{} ({})", n(r.peak), r.peak_year));
                        if let Some((lo, hi)) = r.peak_range {
                            peak.on_hover_text(match lang {
                                Lang::Zh => format!("80% 可能区间 {}–{}", n(lo), n(hi)),
                                Lang::En => format!("80 % range {}–{}", n(lo), n(hi)),
                            });
                        }
                    });
                    row.col(|ui| {
                        ui.label(r.capacity.map_or_else(|| "—".into(), n));
                    });
                    row.col(|ui| {
                        coloured(ui, tint, &pct(r.utilisation_now));
                    });
                    row.col(|ui| {
                        let text = match (r.shortfall_year, r.capacity) {
                            (Some(y), _) => format!("{} ({y})", n(r.shortfall)),
                            // Capacity unknown: so is the shortfall.
                            (None, None) => "—".into(),
                            (None, Some(_)) => "0".into(),
                        };
                        coloured(ui, tint, &text);
                    });
                    row.col(|ui| {
                        ui.label(r.flags.labels(lang).join(lang.pick("、", ", ")));
                    });
                    if row.response().clicked() {
                        clicked = Some(i);
                    }
                });
            });
        if table != cx.state.schools_table {
            cx.send(Command::SetSchoolsTable(table));
        }
        if let Some(i) = clicked {
            cx.send(Command::OpenSchool(i));
        }
    }
}

/// A cell on its warning colour.
fn coloured(ui: &mut egui::Ui, tint: Color32, text: &str) {
    let rect = ui.max_rect();
    ui.painter()
        .rect_filled(rect, 2.0, tint.gamma_multiply(0.35));
    ui.label(text);
}

/// The filter: text in a name, area or level; only schools short of seats.
fn filter_ui(ui: &mut egui::Ui, t: &mut crate::app::state::SchoolsTable, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(lang.pick("筛选：", "Filter:"));
        ui.add(
            egui::TextEdit::singleline(&mut t.filter)
                .hint_text(lang.pick("校名、片区或学段", "name, area or level"))
                .desired_width(220.0),
        );
        ui.checkbox(
            &mut t.only_short,
            lang.pick("只看学位不足", "Only schools short of seats"),
        );
    });
}
