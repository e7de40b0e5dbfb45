//! Which property of a boundary file names its areas. Real files carry
//! several: Taiwan's township file has `COUNTYNAME` (the same city on every
//! feature) before `TOWNNAME`, GeoAtlas has `adcode` before `name`. The
//! property chosen is the one whose values match the data's area names;
//! failing that, the one with the most distinct values, a name-like key
//! first. Never a code (`TOWNID`, `TOWNCODE`, `adcode`). Where two areas of
//! one file share a name (東區 in 新竹市 and in 嘉義市), each is named with
//! the level above it, "新竹市 東區", as the dataset names its areas.

use super::{Boundary, is_text};
use std::collections::{BTreeMap, BTreeSet};

/// A key that holds codes, whatever its values look like.
fn is_code_key(key: &str) -> bool {
    let k = key.to_lowercase();
    k.ends_with("id")
        || k.ends_with("code")
        || k.ends_with("_cd")
        || k.contains("adcode")
        || ["编码", "代码", "代碼", "編碼", "编号", "編號"]
            .iter()
            .any(|w| k.contains(w))
}

/// A value that reads as a code: ASCII letters and digits with a digit, or
/// one letter.
fn is_code_value(v: &str) -> bool {
    let v = v.trim();
    v.chars().count() <= 1
        || (v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && v.chars().any(|c| c.is_ascii_digit()))
}

fn value<'a>(b: &'a Boundary, key: &str) -> Option<&'a str> {
    b.properties
        .iter()
        .find(|(k, v)| k == key && is_text(v))
        .map(|(_, v)| v.trim())
}

/// The keys that could name the areas, in the file's order.
fn name_keys(areas: &[Boundary]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (k, _) in areas.iter().flat_map(|b| b.properties.iter()) {
        if !keys.contains(k) && !is_code_key(k) {
            keys.push(k.clone());
        }
    }
    keys.retain(|k| {
        let values: Vec<&str> = areas.iter().filter_map(|b| value(b, k)).collect();
        !values.is_empty() && !values.iter().all(|v| is_code_value(v))
    });
    keys
}

/// The property that names these areas best, given the data's area names
/// (empty where the data names none).
pub fn choose_name_key(areas: &[Boundary], data_areas: &BTreeSet<String>) -> Option<String> {
    // A data area "新竹市 東區" matches a feature named 東區 too.
    let last_words: BTreeSet<&str> = data_areas
        .iter()
        .filter_map(|a| a.rsplit_once(' ').map(|(_, w)| w))
        .collect();
    let keys = name_keys(areas);
    keys.iter()
        .enumerate()
        .max_by_key(|(i, k)| {
            let values: Vec<&str> = areas.iter().filter_map(|b| value(b, k)).collect();
            let matches = values
                .iter()
                .filter(|v| data_areas.contains(**v) || last_words.contains(**v))
                .count();
            let distinct = values.iter().collect::<BTreeSet<_>>().len();
            let lower = k.to_lowercase();
            let name_like = lower.contains("name") || k.contains('名');
            (matches, distinct, name_like, std::cmp::Reverse(*i))
        })
        .map(|(_, k)| k.clone())
}

/// Name every area by `key`; where a few share a name, put before it the
/// value of the coarsest other property that tells them apart; then name
/// each as the data does (`data_areas`): a shared name the data uses alone
/// stays alone (one city's table with a national file), and a name the
/// data gives with its city ("新竹市 東區") takes it where the area has that
/// city among its properties (one city's file with a national table).
pub fn name_by(areas: &mut [Boundary], key: &str, data_areas: &BTreeSet<String>) {
    for (i, b) in areas.iter_mut().enumerate() {
        b.rename_by(key, i);
    }
    compose_shared(areas, key, data_areas);
    for b in areas.iter_mut() {
        if data_areas.is_empty() || data_areas.contains(&b.name) {
            continue;
        }
        let with_city = b
            .properties
            .iter()
            .filter(|(_, v)| is_text(v))
            .map(|(_, v)| format!("{} {}", v.trim(), b.name))
            .find(|n| data_areas.contains(n));
        if let Some(n) = with_city {
            b.name = n;
        }
    }
}

/// The few areas sharing a name, named with the level above them, unless
/// the data names that name alone.
fn compose_shared(areas: &mut [Boundary], key: &str, data_areas: &BTreeSet<String>) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for b in areas.iter() {
        *count.entry(b.name.clone()).or_default() += 1;
    }
    let shared: BTreeSet<String> = count
        .into_iter()
        .filter(|(name, n)| *n > 1 && !data_areas.contains(name))
        .map(|(name, _)| name)
        .collect();
    // A property most areas share (a level, a city) is the planner's
    // choice as it stands: only a few shared names among many are told apart.
    let sharing = areas.iter().filter(|b| shared.contains(&b.name)).count();
    if shared.is_empty() || 2 * sharing > areas.len() {
        return;
    }
    // The level above: a property whose values, with the name, tell every
    // shared name's areas apart; the one with the fewest values.
    let parent = name_keys(areas)
        .into_iter()
        .filter(|k| k != key)
        .filter(|k| {
            let mut seen = BTreeSet::new();
            areas
                .iter()
                .filter(|b| shared.contains(&b.name))
                .all(|b| value(b, k).is_some_and(|v| seen.insert((v, b.name.clone()))))
        })
        .min_by_key(|k| {
            areas
                .iter()
                .filter_map(|b| value(b, k))
                .collect::<BTreeSet<_>>()
                .len()
        });
    let Some(parent) = parent else { return };
    for b in areas.iter_mut().filter(|b| shared.contains(&b.name)) {
        if let Some(p) = value(b, &parent).map(str::to_string) {
            b.name = format!("{p} {}", b.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(kv: &[(&str, &str)]) -> Boundary {
        Boundary {
            properties: kv
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Boundary::default()
        }
    }

    /// Taiwan's township file: COUNTYNAME is the same on every feature.
    fn taoyuan() -> Vec<Boundary> {
        ["桃園區", "中壢區", "復興區"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let id = format!("H0{i}");
                let code = format!("6800{i}");
                let eng = format!("Town {i}");
                area(&[
                    ("TOWNID", &id),
                    ("TOWNCODE", &code),
                    ("COUNTYNAME", "桃園市"),
                    ("TOWNNAME", t),
                    ("TOWNENG", &eng),
                    ("COUNTYID", "H"),
                ])
            })
            .collect()
    }

    #[test]
    fn the_distinct_name_names_the_areas_not_the_city() {
        let areas = taoyuan();
        // No data areas: the most distinct values, a name-like key first.
        assert_eq!(
            choose_name_key(&areas, &BTreeSet::new()).as_deref(),
            Some("TOWNNAME")
        );
        // The data's areas decide where they match.
        let data: BTreeSet<String> = ["Town 1".to_string()].into();
        assert_eq!(choose_name_key(&areas, &data).as_deref(), Some("TOWNENG"));
    }

    #[test]
    fn two_districts_of_one_name_take_their_cities() {
        let mut areas = vec![
            area(&[("COUNTYNAME", "新竹市"), ("TOWNNAME", "東區")]),
            area(&[("COUNTYNAME", "嘉義市"), ("TOWNNAME", "東區")]),
            area(&[("COUNTYNAME", "嘉義市"), ("TOWNNAME", "西區")]),
            area(&[("COUNTYNAME", "新竹市"), ("TOWNNAME", "北區")]),
            area(&[("COUNTYNAME", "新竹市"), ("TOWNNAME", "香山區")]),
        ];
        let data: BTreeSet<String> = ["新竹市 東區".to_string(), "西區".to_string()].into();
        let key = choose_name_key(&areas, &data).unwrap();
        assert_eq!(key, "TOWNNAME");
        name_by(&mut areas, &key, &data);
        let names: Vec<&str> = areas.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            ["新竹市 東區", "嘉義市 東區", "西區", "北區", "香山區"]
        );
        // One city's table (its districts named alone) with the national
        // file: the shared name stays alone, as the data names it.
        let hsinchu: BTreeSet<String> = ["東區", "北區", "香山區"].map(String::from).into();
        let mut national: Vec<Boundary> = areas
            .iter()
            .map(|b| Boundary {
                properties: b.properties.clone(),
                ..Boundary::default()
            })
            .collect();
        name_by(&mut national, &key, &hsinchu);
        assert_eq!(national[0].name, "東區");
        // One city's file with the national table ("新竹市 東區"): the
        // area takes the data's name from its city property.
        let national_data: BTreeSet<String> =
            ["新竹市 東區", "嘉義市 東區"].map(String::from).into();
        let mut one_city = vec![area(&[("COUNTYNAME", "新竹市"), ("TOWNNAME", "東區")])];
        name_by(&mut one_city, "TOWNNAME", &national_data);
        assert_eq!(one_city[0].name, "新竹市 東區");
    }
}
