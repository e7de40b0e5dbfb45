//! The figures that decide between plans, worked out once per outcome in
//! one pass over its rows: seat-years short, schools over capacity at the
//! peak, small schools left, classrooms built and their cost, the added
//! travel of merged pupils, and the plan's 优质均衡 resources priced.

use crate::Outcome;
use crate::outcome::RowKind;
use crate::settings::actions::Action;
use crate::settings::planner::PlannerSettings;
use serde::Serialize;

/// The figures that decide between plans.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PlanFigures {
    /// Σ over projected school-years of seats short.
    pub seat_years_short: f64,
    /// Schools over capacity in the worst projected year.
    pub schools_over_at_peak: usize,
    /// 小规模 schools in the last projected year.
    pub small_schools_left: usize,
    /// Classrooms the plan builds (expansions, new schools, new grades).
    pub classrooms_built: f64,
    /// Their cost, yuan: the classrooms built × the price of a classroom.
    pub cost: f64,
    /// Added travel of merged pupils: pupil-weighted mean and maximum, km.
    pub mean_added_km: Option<f64>,
    /// The farthest a merged school's pupils go, km (None where no distance
    /// is known).
    pub max_added_km: Option<f64>,
    /// 大班额 schools in the worst projected year.
    pub oversized_class_schools_at_peak: usize,
    /// Schools the plan closes by a merge.
    pub merges: usize,
    /// The plan's 优质均衡 resources priced at the scenario's unit costs:
    /// once (building, equipment, rooms, training) and a year (teachers).
    pub resources_once: f64,
    /// The teachers, 元 a year (see resources_once).
    pub resources_yearly: f64,
    /// Schools projected, and those of them whose capacity is known (in
    /// some projected fall): where none is, no seat can be judged short.
    pub schools: usize,
    /// Of them, those whose capacity is known.
    pub capacity_known: usize,
}

impl PlanFigures {
    /// The figures of an outcome, in one pass over its rows.
    pub fn of(o: &Outcome, settings: &PlannerSettings) -> PlanFigures {
        let d = &o.dataset;
        let base = o.projection.base_year;
        let horizon = o.projection.horizon;
        let last = base + horizon as i32;
        // Per projected year: schools over capacity, schools with 大班额.
        let mut over = vec![0usize; horizon + 1];
        let mut oversized = vec![0usize; horizon + 1];
        let mut seat_years_short = 0.0;
        let mut small_schools_left = 0;
        let mut projected = vec![false; d.schools.len()];
        let mut known = vec![false; d.schools.len()];
        for r in o.rows.iter().filter(|r| r.kind == RowKind::Projected) {
            if let Some(p) = projected.get_mut(r.school) {
                *p = true;
            }
            if let Some(k) = known.get_mut(r.school) {
                *k |= r.capacity.is_some();
            }
            let h = (r.year - base).clamp(0, horizon as i32) as usize;
            seat_years_short += r.shortfall;
            over[h] += usize::from(r.shortfall > 0.0);
            oversized[h] += usize::from(r.flags.oversized_class);
            small_schools_left += usize::from(r.year == last && r.flags.small_school);
        }
        // Classrooms: the plan's capacity changes (seats counted as the
        // classrooms they fill), and the new schools' own.
        let mut classrooms = 0.0;
        for c in o.plan.capacity.iter().filter(|c| !c.closes) {
            let per_room = crate::outcome::seats_per_room(
                &d.schools[c.school],
                d.grade_system,
                &o.scenario.class_sizes,
            );
            classrooms += c.classrooms + (c.seats / per_room.max(1.0)).ceil();
        }
        for a in &o.scenario.actions {
            if let Action::Open { classrooms: c, .. } = a {
                classrooms += c;
            }
        }
        let mut moved = 0.0;
        let mut moved_km = 0.0;
        let mut max_km: Option<f64> = None;
        for m in &o.plan.moves {
            let h = (m.year - base).max(0) as usize;
            // Pupils of the merged school the year before it closes (of
            // the grades a downgrade sends), by grade and receiver.
            let grades = o.projection.grades(m.school, h.saturating_sub(1));
            let mut sent: Vec<(usize, f64)> = Vec::new();
            for (g, &p) in grades.iter().enumerate() {
                for (to, share) in m.shares_of(g) {
                    match sent.iter_mut().find(|s| s.0 == to) {
                        Some(s) => s.1 += p * share,
                        None => sent.push((to, p * share)),
                    }
                }
            }
            for (to, pupils) in sent {
                let share = 1.0;
                let km = d
                    .travel_km(m.school, to, o.scenario.planner.mode())
                    .map(|t| t.0);
                if let Some(km) = km {
                    moved += pupils * share;
                    moved_km += pupils * share * km;
                    max_km = Some(max_km.map_or(km, |x: f64| x.max(km)));
                }
            }
        }
        let k = &o.scenario.compliance.costs;
        let (mut resources_once, mut resources_yearly) = (0.0, 0.0);
        for r in &o.plan.resources {
            resources_once += r.floor_m2 * k.floor_m2
                + r.sports_m2 * k.sports_m2
                + r.equipment_yuan
                + r.multimedia_rooms * k.multimedia_room
                + r.qualification_upgrades * k.qualification_upgrade
                + r.backbone_trained * k.backbone_training;
            resources_yearly += (r.pe_teachers + r.arts_teachers) * k.teacher_year;
        }
        PlanFigures {
            resources_once,
            resources_yearly,
            seat_years_short,
            schools_over_at_peak: over.iter().copied().max().unwrap_or(0),
            small_schools_left,
            classrooms_built: classrooms,
            cost: classrooms * settings.cost_per_classroom,
            mean_added_km: (moved > 0.0).then(|| moved_km / moved),
            max_added_km: max_km,
            oversized_class_schools_at_peak: oversized.iter().copied().max().unwrap_or(0),
            merges: o.plan.moves.iter().filter(|m| m.closes).count(),
            schools: projected.iter().filter(|&&p| p).count(),
            capacity_known: known.iter().filter(|&&k| k).count(),
        }
    }

    /// The same figures at another price per classroom.
    pub fn priced(&self, cost_per_classroom: f64) -> PlanFigures {
        PlanFigures {
            cost: self.classrooms_built * cost_per_classroom,
            ..self.clone()
        }
    }
}
