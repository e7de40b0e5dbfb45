//! The plan's header (its figures against no actions, undo, save) and its
//! list of actions, each editable in place.

use super::*;

/// The figures of the plan against the same what-ifs without actions.
pub(super) fn header_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
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

/// The action's own number, where it has one, as a field.
pub(super) fn number_ui(ui: &mut egui::Ui, a: &Action) -> Option<(egui::Response, Edit)> {
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
pub(super) enum Edit {
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
pub(super) fn actions_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
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
