//! Areas named once every file is read. A sheet with a city column keys
//! its areas by city and area (`新竹市␟東區`); an area keeps its own name
//! where no other city has one of that name, and is "新竹市 東區" where
//! two do (Taiwan's national table has 東區 in four cities; a province's
//! counties each have a 城关镇).

use crate::import::sheet::CITY_SEP;
use crate::model::{Births, School};
use std::collections::{BTreeMap, BTreeSet};

/// The area part of an area key (the whole key where it has no city).
pub(super) fn area_part(key: &str) -> &str {
    key.rsplit_once(CITY_SEP).map_or(key, |(_, a)| a)
}

/// Name every school's and every birth row's area: its own name where it
/// is unique across the cities, else the city and the name.
pub(super) fn settle_area_names(schools: &mut [School], births: &mut [Births]) {
    let keys = schools
        .iter()
        .filter_map(|s| s.area.as_deref())
        .chain(births.iter().filter_map(|b| b.area.as_deref()));
    let mut cities: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for key in keys {
        if let Some((city, area)) = key.rsplit_once(CITY_SEP) {
            cities.entry(area).or_default().insert(city);
        }
    }
    let shared: BTreeSet<String> = cities
        .into_iter()
        .filter(|(_, c)| c.len() > 1)
        .map(|(a, _)| a.to_string())
        .collect();
    let name = |key: &mut Option<String>| {
        if let Some(k) = key.as_mut()
            && let Some((city, area)) = k.rsplit_once(CITY_SEP)
        {
            *k = if shared.contains(area) {
                format!("{city} {area}")
            } else {
                area.to_string()
            };
        }
    };
    for s in schools.iter_mut() {
        name(&mut s.area);
    }
    for b in births.iter_mut() {
        name(&mut b.area);
    }
}
