//! What the engine can carry out, and what no decision changes:
//!
//! - a closed school's pupils keep the shares it closed with, and a new
//!   school takes a staying school's pupils cohort by cohort;
//! - the upkeep and staff of a school that can neither close, become a
//!   教学点, receive pupils nor give any to a new school are the same in
//!   every plan: left out of the objective (so that the gap measures what
//!   the plan decides), its staff fixed at what they are.

use super::downgrade::UpAssign;
use super::{Assign, Loads, Parts, Target, Vars};
use crate::optimise::model::{Model, Sense};

/// What the engine can carry out: a closed school's pupils keep the shares
/// it closed with (a merge's shares hold every year after), and a new
/// school takes a school's pupils that stay there cohort by cohort (its
/// entry grade each year, so after `t` years `t` of the level's grades).
/// Returns, per staying donor, site and level, the variable of the share
/// of its pupils the site takes once full: (donor, site, level, variable).
pub(super) fn share_rows(
    m: &mut Model,
    p: &Parts,
    v: &Vars,
    assign: &[Assign],
) -> Vec<(usize, usize, usize, usize)> {
    let mut shares = Vec::new();
    use std::collections::BTreeMap;
    let mut by: BTreeMap<(usize, Target, usize), Vec<(usize, usize)>> = BTreeMap::new();
    for a in assign {
        by.entry((a.from, a.to, a.level))
            .or_default()
            .push((a.period, a.var));
    }
    let first = |k: usize| p.periods[k].first as f64;
    for ((i, to, l), vars) in &by {
        let open = &v.open[*i];
        if *to != Target::Node(*i) {
            for w in vars.windows(2) {
                let ((k, a), (k2, b)) = (w[0], w[1]);
                if k2 != k + 1 || m.vars[open[k]].lower >= 1.0 {
                    continue;
                }
                let tag = m.vars[a].name.clone();
                m.row(
                    format!("keep_share_up_{tag}"),
                    vec![(b, 1.0), (a, -1.0), (open[k], -1.0)],
                    Sense::Le,
                    0.0,
                );
                m.row(
                    format!("keep_share_down_{tag}"),
                    vec![(a, 1.0), (b, -1.0), (open[k], -1.0)],
                    Sense::Le,
                    0.0,
                );
            }
        }
        let Target::Site(c) = *to else { continue };
        // A staying donor gives the new school a constant share `z` of its
        // entry cohort each year from the fall it opens: after t years,
        // z · ramp(t) of its pupils. w[j] = z · opened[c, j] (opened = site[j]
        // − site[j−1], 0 or 1) is exact as four rows (McCormick); then
        // x = Σ_{j ≤ k} ramp(j, k) · w[j] while the donor is open.
        let grades = if *l == 0 { p.grades.0 } else { p.grades.1 };
        let ramp = |k0: usize, k: usize| ((first(k) - first(k0) + 1.0) / grades).min(1.0);
        let name = format!("{}_c{c}_{l}", p.name(*i));
        let z = m.var(format!("z_{name}"), 0.0, 1.0, false);
        shares.push((*i, c, *l, z));
        let w: Vec<usize> = (0..p.periods.len())
            .map(|j| {
                let w = m.var(format!("zw_{name}_{j}"), 0.0, 1.0, false);
                let mut opened = vec![(v.site_open[c][j], 1.0)];
                if j > 0 {
                    opened.push((v.site_open[c][j - 1], -1.0));
                }
                m.row(
                    format!("zw_z_{name}_{j}"),
                    vec![(w, 1.0), (z, -1.0)],
                    Sense::Le,
                    0.0,
                );
                let mut t = vec![(w, 1.0)];
                t.extend(opened.iter().map(|&(x, a)| (x, -a)));
                m.row(format!("zw_open_{name}_{j}"), t, Sense::Le, 0.0);
                let mut t = vec![(z, 1.0), (w, -1.0)];
                t.extend(opened.iter().copied());
                m.row(format!("zw_low_{name}_{j}"), t, Sense::Le, 1.0);
                w
            })
            .collect();
        for &(k, x) in vars {
            if m.vars[open[k]].upper <= 0.0 {
                continue;
            }
            for (sign, tag) in [(1.0, "up"), (-1.0, "down")] {
                let mut t = vec![(x, sign), (open[k], 1.0)];
                for (j, &wj) in w.iter().enumerate().take(k + 1) {
                    t.push((wj, -sign * ramp(j, k)));
                }
                m.row(format!("ramp_{tag}_{name}_{k}"), t, Sense::Le, 1.0);
            }
        }
    }
    shares
}

/// Take the costs no decision changes out of the objective: a school open
/// throughout that receives no one, sends no one to a new school and
/// cannot become a 教学点 keeps its upkeep and the staff beyond its pupils
/// at the ratio whatever the plan. Its staff are fixed at that; the totals
/// still count them.
pub(super) fn fold_constants(m: &mut Model, p: &Parts, v: &Vars, l: &Loads, ups: &[UpAssign]) {
    let n = p.inst.nodes.len();
    let mut fixed = vec![true; n];
    for (i, f) in fixed.iter_mut().enumerate() {
        let open_throughout = v.open[i].iter().all(|&x| m.vars[x].lower >= 1.0);
        let receives = l.load[i].iter().any(|terms| terms.len() > 1)
            || ups.iter().any(|u| u.from == i || u.to == i);
        *f = open_throughout && !receives;
    }
    // A school that gives pupils to a new school.
    for a in l.assign.iter().filter(|a| matches!(a.to, Target::Site(_))) {
        fixed[a.from] = false;
    }
    let mut dropped: Vec<usize> = Vec::new();
    for i in (0..n).filter(|&i| fixed[i]) {
        let node = &p.inst.nodes[i];
        let grades = (node.grades_taught[0] + node.grades_taught[1]) as f64;
        for (k, period) in p.periods.iter().enumerate() {
            let own: f64 = (0..2)
                .map(|lv| p.demand.pupil_years[i][k][lv] / period.years() / p.costs.ratio[lv])
                .sum();
            let posts = (p.costs.per_class * grades - own).max(0.0);
            let var = &mut m.vars[v.posts[i][k]];
            var.lower = posts;
            var.upper = posts;
            dropped.push(v.posts[i][k]);
            dropped.push(v.open[i][k]);
        }
    }
    dropped.sort_unstable();
    m.cost.retain(|(x, _)| dropped.binary_search(x).is_err());
}
