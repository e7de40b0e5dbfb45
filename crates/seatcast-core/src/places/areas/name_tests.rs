use super::area_name;

fn props(kv: &[(&str, &str)]) -> Vec<(String, String)> {
    kv.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn an_areas_name_is_a_name_not_a_code() {
    // Taiwan's township file: a one-letter county code first.
    let tw = props(&[
        ("COUNTYID", "H"),
        ("TOWNCODE", "68000010"),
        ("TOWNNAME", "蘆竹區"),
    ]);
    assert_eq!(area_name(&tw, 0), "蘆竹區");
    // GeoAtlas: `name` beside `adcode` and `level`.
    let atlas = props(&[
        ("adcode", "330102"),
        ("name", "上城区"),
        ("level", "district"),
    ]);
    assert_eq!(area_name(&atlas, 0), "上城区");
    assert_eq!(area_name(&props(&[("ID", "7")]), 4), "#5");
}
