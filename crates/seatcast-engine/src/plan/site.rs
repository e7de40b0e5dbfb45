//! A place checked for the plan (docs/places.md). For a new school's site:
//! the nearest school already teaching its grades that fall, and each new
//! estate of the plan, with whether the estate lies within the radius. For
//! a new estate's place: the schools its pupils would go to, as the plan
//! would send them. By road for the way pupils travel when an extract was
//! opened and a road joins them, else in a straight line; each distance
//! says which.

use super::actions::Plan;
use super::planner::PlannerSettings;
use crate::grades::{Grade, GradeSpan, Level};
use crate::model::{Coords, Dataset};

/// A site and what it is measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCheck {
    /// The level its grades make, and that level's radius, km.
    pub level: Level,
    /// That level's radius, km, as pupils travel under the settings.
    pub radius_km: f64,
    /// The nearest school teaching any of its grades in the year it opens.
    pub nearest: Option<SiteLink>,
    /// Each new estate of the plan with a location, in the plan's order.
    pub estates: Vec<SiteLink>,
    /// The schools the pupils of an estate here would go to (the nearest
    /// open that fall teaching each grade), youngest grades first, each
    /// once; `within` is against that school's own radius.
    pub receivers: Vec<SiteLink>,
}

/// How far the site is from a school or an estate.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteLink {
    /// The school's or the estate's name.
    pub name: String,
    /// Where it stands.
    pub at: Coords,
    /// How far it is from the site, km.
    pub km: f64,
    /// By road (else a straight line).
    pub by_road: bool,
    /// Within the site's service radius.
    pub within: bool,
    /// Minutes at the planner's speed for the way pupils travel.
    pub minutes: f64,
}

/// Check a site for a school of `grades` opening in `year`, against the
/// dataset's schools and the plan's estates.
pub fn check_site(
    d: &Dataset,
    plan: &Plan,
    planner: &PlannerSettings,
    site: Coords,
    grades: [i8; 2],
    year: i32,
) -> SiteCheck {
    let span = GradeSpan::new(
        Grade(grades[0].min(grades[1])),
        Grade(grades[0].max(grades[1])),
    );
    let level = d.grade_system.level_for_span(span);
    let radius_km = planner.radius_km(level);
    let mode = planner.mode();
    let link = |name: &str, at: Coords, (km, by_road): (f64, bool)| SiteLink {
        name: name.to_string(),
        at,
        km,
        by_road,
        within: km <= radius_km,
        minutes: planner.minutes(km),
    };
    let travel = d.travel_from(site, mode);
    let mut receivers: Vec<SiteLink> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for slot in 0..crate::method::observed::GRADE_SLOTS {
        let Some(i) =
            super::housing::receiving_school(d, slot, year, Some(&travel), None, &[], |i, y| {
                plan.closed_by(i, y)
            })
        else {
            continue;
        };
        if seen.contains(&i) {
            continue;
        }
        seen.push(i);
        let s = &d.schools[i];
        if let (Some(at), Some(Some((km, by_road)))) = (s.coords, travel.get(i)) {
            receivers.push(SiteLink {
                name: s.name.clone(),
                at,
                km: *km,
                by_road: *by_road,
                within: *km <= planner.radius_km(s.level),
                minutes: planner.minutes(*km),
            });
        }
    }
    let nearest = travel
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            let s = &d.schools[*i];
            s.span.grades().any(|g| span.contains(g))
                && s.open_in(year)
                && !plan.closed_by(*i, year)
        })
        .filter_map(|(i, t)| Some((i, t?)))
        .min_by(|a, b| a.1.0.total_cmp(&b.1.0))
        .and_then(|(i, t)| Some(link(&d.schools[i].name, d.schools[i].coords?, t)));
    let placed: Vec<(&str, Coords)> = plan
        .developments
        .iter()
        .filter_map(|dev| Some((dev.name.as_str(), dev.coords?)))
        .collect();
    let points: Vec<Option<Coords>> = placed.iter().map(|(_, c)| Some(*c)).collect();
    let estates = placed
        .iter()
        .zip(d.travel_between(site, &points, mode))
        .filter_map(|((name, at), t)| Some(link(name, *at, t?)))
        .collect();
    SiteCheck {
        level,
        radius_km,
        nearest,
        estates,
        receivers,
    }
}
