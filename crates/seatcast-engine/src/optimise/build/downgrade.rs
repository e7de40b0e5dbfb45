//! Downgrading a school to a 教学点 (domain.md: remote villages keep a
//! low-grade 小规模学校, with a boarding 中心学校 in the township): its
//! grades 1–3 stay, its grades 4–6 go to schools within reach or board at
//! a 中心校. `down[i,k]` (binary, once down stays down, only while open);
//! `u[i,j,k]` the share of its grade 4–6 pupils at `j`, summing to `down`,
//! fixed once it is down (the engine's downgrade keeps its shares), to
//! schools that stay open to the horizon. The school's classes for grades
//! 4–6 go, and with them their staff.

use super::{Loads, Parts, Vars};
use crate::optimise::model::{Model, Sense};

/// One grade 4–6 assignment `u[i,j,k]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpAssign {
    pub from: usize,
    pub to: usize,
    pub period: usize,
    pub var: usize,
    pub km: f64,
    pub bus: bool,
    pub boarding: bool,
    pub minutes: f64,
}

/// The downgrade variables: `down[i][k]` where school `i` may become a
/// 教学点.
pub(super) fn down_vars(m: &mut Model, p: &Parts, v: &Vars) -> Vec<Option<Vec<usize>>> {
    let (inst, periods, settings) = (p.inst, p.periods, p.settings);
    (0..inst.nodes.len())
        .map(|i| {
            let may = settings.close
                && inst.nodes[i].closable
                && inst
                    .uplinks
                    .iter()
                    .any(|u| u.from == i && p.costs.seats[u.to].is_some());
            may.then(|| {
                let vars: Vec<usize> = periods
                    .iter()
                    .enumerate()
                    .map(|(k, period)| {
                        let too_soon = period.first == 1 && !settings.close_first_fall;
                        let hi = if too_soon || m.vars[v.open[i][k]].upper <= 0.0 {
                            0.0
                        } else {
                            1.0
                        };
                        m.var(format!("down_{}_{k}", p.name(i)), 0.0, hi, true)
                    })
                    .collect();
                for (k, &d) in vars.iter().enumerate() {
                    // Only while open; once down, down for good.
                    m.row(
                        format!("down_open_{}_{k}", p.name(i)),
                        vec![(d, 1.0), (v.open[i][k], -1.0)],
                        Sense::Le,
                        0.0,
                    );
                    if k > 0 {
                        m.row(
                            format!("down_once_{}_{k}", p.name(i)),
                            vec![(vars[k - 1], 1.0), (d, -1.0)],
                            Sense::Le,
                            0.0,
                        );
                    }
                }
                vars
            })
        })
        .collect()
}

/// The grade 4–6 assignments of downgraded schools: their pupils placed,
/// their trips costed, their loads on the receivers and taken off the
/// school (pupils, staff at the ratio, the classes of grades 4–6).
pub(super) fn up_assignments(
    m: &mut Model,
    p: &Parts,
    v: &Vars,
    down: &[Option<Vec<usize>>],
    l: &mut Loads,
) -> Vec<UpAssign> {
    let (inst, periods) = (p.inst, p.periods);
    let last = periods.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, d) in down.iter().enumerate() {
        let Some(d) = d else { continue };
        let node = &inst.nodes[i];
        for (k, period) in periods.iter().enumerate() {
            let peak = p.demand.upper_peak[i][k];
            let mean = p.demand.upper_years[i][k] / period.years();
            let mut sum = vec![(d[k], -1.0)];
            for u in inst
                .uplinks
                .iter()
                .filter(|u| u.from == i && p.costs.seats[u.to].is_some())
            {
                if m.vars[v.open[u.to][last]].upper <= 0.0 {
                    continue;
                }
                let x = m.var(
                    format!("u_{}_{}_{k}", p.name(i), p.name(u.to)),
                    0.0,
                    1.0,
                    false,
                );
                let per_pupil = if u.boarding {
                    p.settings.boarding_yuan
                } else {
                    let (bus, time) = p.prices.trip(u.km, u.bus, u.minutes);
                    bus + time
                };
                if per_pupil > 0.0 {
                    m.cost.push((
                        x,
                        per_pupil * p.prices.travel_weight * p.demand.upper_years[i][k],
                    ));
                }
                sum.push((x, 1.0));
                if m.vars[v.open[u.to][last]].lower < 1.0 {
                    m.row(
                        format!("u_open_{}_{}_{k}", p.name(i), p.name(u.to)),
                        vec![(x, 1.0), (v.open[u.to][last], -1.0)],
                        Sense::Le,
                        0.0,
                    );
                }
                l.load[u.to][k].push((x, peak, mean / p.costs.ratio[0]));
                l.incoming[u.to][k] = true;
                out.push(UpAssign {
                    from: i,
                    to: u.to,
                    period: k,
                    var: x,
                    km: u.km,
                    bus: u.bus,
                    boarding: u.boarding,
                    minutes: u.minutes,
                });
            }
            m.row(format!("u_placed_{}_{k}", p.name(i)), sum, Sense::Eq, 0.0);
            // Off the school: its grade 4–6 pupils, and their classes.
            l.load[i][k].push((d[k], -peak, -mean / p.costs.ratio[0]));
            l.class_extra[i][k].push((d[k], -p.costs.per_class * node.upper_grades as f64));
        }
    }
    // A downgraded school's shares hold: |u[k+1] − u[k]| ≤ 1 − down[k].
    for a in &out {
        let Some(b) = out
            .iter()
            .find(|b| b.from == a.from && b.to == a.to && b.period == a.period + 1)
        else {
            continue;
        };
        let Some(d) = &down[a.from] else { continue };
        let dk = d[a.period];
        m.row(
            format!("u_keep_up_{}", m.vars[a.var].name),
            vec![(b.var, 1.0), (a.var, -1.0), (dk, 1.0)],
            Sense::Le,
            1.0,
        );
        m.row(
            format!("u_keep_down_{}", m.vars[a.var].name),
            vec![(a.var, 1.0), (b.var, -1.0), (dk, 1.0)],
            Sense::Le,
            1.0,
        );
    }
    beds_rows(m, p, &out);
    out
}

/// Boarders sent to a school no more than its beds left (床位 less the
/// boarders it has), where the roster gives its beds: per receiver and
/// period, Σ share × the sender's grade 4–6 pupils at their peak.
fn beds_rows(m: &mut Model, p: &Parts, ups: &[UpAssign]) {
    let inst = p.inst;
    for (j, node) in inst.nodes.iter().enumerate() {
        let Some(spare) = node.spare_beds else {
            continue;
        };
        for k in 0..p.periods.len() {
            let terms: Vec<(usize, f64)> = ups
                .iter()
                .filter(|a| a.to == j && a.period == k && a.boarding)
                .map(|a| (a.var, p.demand.upper_peak[a.from][k]))
                .collect();
            if !terms.is_empty() {
                m.row(format!("beds_{}_{k}", p.name(j)), terms, Sense::Le, spare);
            }
        }
    }
}
