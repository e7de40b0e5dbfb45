//! Longitude and latitude datums. Bureau rosters copy coordinates from AMap
//! or Tencent (GCJ-02, "Mars" coordinates) or Baidu (BD-09); GPS and
//! OpenStreetMap use WGS-84. Seatcast keeps every point in WGS-84, converted
//! on import with the `coordtransform` crate (its offsets apply inside
//! mainland China only; elsewhere a point is returned unchanged).

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The system a longitude/latitude pair is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    /// GPS, OpenStreetMap, Google Earth.
    Wgs84,
    /// AMap (高德), Tencent (腾讯), Google Maps in China: 国测局坐标.
    Gcj02,
    /// Baidu (百度).
    Bd09,
}

impl Datum {
    /// Every datum, WGS-84 first.
    pub const ALL: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

    /// The datum a column header or a sheet title names, if it names one:
    /// 经度（高德）, `lng_bd09`, 纬度(WGS84), 百度坐标 …
    pub fn named_in(text: &str) -> Option<Datum> {
        let t = text.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["百度", "baidu", "bd09", "bd-09", "bd_09"]) {
            Some(Datum::Bd09)
        } else if has(&[
            "高德",
            "腾讯",
            "火星",
            "国测局",
            "amap",
            "gaode",
            "tencent",
            "gcj",
        ]) {
            Some(Datum::Gcj02)
        } else if has(&["wgs", "gps", "北斗", "osm", "openstreetmap"]) {
            Some(Datum::Wgs84)
        } else {
            None
        }
    }

    /// A point in this datum, in WGS-84.
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => coordtransform::gcj02_to_wgs84(lon, lat),
            Datum::Bd09 => coordtransform::bd09_to_wgs84(lon, lat),
        }
    }

    /// A WGS-84 point in this datum (for tiles drawn in it).
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => coordtransform::wgs84_to_gcj02(lon, lat),
            Datum::Bd09 => coordtransform::wgs84_to_bd09(lon, lat),
        }
    }

    /// The datum as a planner knows it, with the maps that use it.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Datum::Wgs84 => lang.pick(
                "WGS-84（GPS、OpenStreetMap）",
                "WGS-84 (GPS, OpenStreetMap)",
            ),
            Datum::Gcj02 => lang.pick("GCJ-02（高德、腾讯）", "GCJ-02 (AMap, Tencent)"),
            Datum::Bd09 => lang.pick("BD-09（百度）", "BD-09 (Baidu)"),
        }
    }

    /// The key in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
            Datum::Bd09 => "bd09",
        }
    }

    /// A datum from a setting or `--datum`: `wgs84`, `gcj02`, `bd09`, or any
    /// name `named_in` knows.
    pub fn parse(s: &str) -> Option<Datum> {
        Datum::named_in(s).or(match s.trim().to_lowercase().as_str() {
            "wgs84" | "wgs-84" => Some(Datum::Wgs84),
            _ => None,
        })
    }
}

/// Where a roster names no datum: GCJ-02, the datum of the AMap and
/// Tencent maps most Chinese rosters are copied from. Outside China the
/// conversion leaves a point as it is, so the default does no harm there.
pub const DEFAULT: Datum = Datum::Gcj02;

/// Whether a longitude/latitude pair looks swapped: the "longitude" is a
/// plausible latitude of China and the "latitude" a plausible longitude,
/// or the latitude is beyond ±90° while the longitude is within it.
pub fn swapped(lon: f64, lat: f64) -> bool {
    let china = (3.0..=54.0).contains(&lon) && (73.0..=136.0).contains(&lat);
    china || (lat.abs() > 90.0 && lon.abs() <= 90.0)
}

/// Great-circle distance between two WGS-84 points, metres (haversine).
pub fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_008.8;
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published reference points. WGS-84 → GCJ-02 in Shanghai, Shenzhen
    /// and Beijing from the eviltransform test suite
    /// (github.com/googollee/eviltransform, python/test.py), both ways; and
    /// BD-09 ↔ GCJ-02 at (116.404, 39.915) from the coordtransform test
    /// (github.com/wandergis/coordtransform, test/app.js). Each to within
    /// a metre. (eviltransform's BD-09 → WGS-84 pairs are 10 m from its own
    /// formulas, exact inverse or fast, so they are not used.)
    #[test]
    fn conversions_match_the_published_reference_points_to_a_metre() {
        let wgs_gcj = [
            (
                (121.5272106, 31.1774276),
                (121.531541859215, 31.17530398364597),
            ),
            (
                (113.912316, 22.543847),
                (113.9171764808363, 22.540796131694766),
            ),
            (
                (116.377817, 39.911954),
                (116.38404722455657, 39.91334545536069),
            ),
        ];
        for (wgs, gcj) in wgs_gcj {
            let got = Datum::Gcj02.from_wgs84(wgs.0, wgs.1);
            assert!(
                metres(got, gcj) < 1.0,
                "wgs→gcj {wgs:?}: {got:?} vs {gcj:?}"
            );
            let back = Datum::Gcj02.to_wgs84(gcj.0, gcj.1);
            assert!(
                metres(back, wgs) < 1.0,
                "gcj→wgs {gcj:?}: {back:?} vs {wgs:?}"
            );
        }
        let p = (116.404, 39.915);
        let gcj = coordtransform::bd09_to_gcj02(p.0, p.1);
        assert!(
            metres(gcj, (116.39762729119315, 39.90865673957631)) < 1.0,
            "{gcj:?}"
        );
        let bd = coordtransform::gcj02_to_bd09(p.0, p.1);
        assert!(
            metres(bd, (116.41036949371029, 39.92133699351021)) < 1.0,
            "{bd:?}"
        );
        // BD-09 → WGS-84 is BD-09 → GCJ-02 → WGS-84: back in GCJ-02 it is
        // the published point.
        let wgs = Datum::Bd09.to_wgs84(p.0, p.1);
        let again = Datum::Gcj02.from_wgs84(wgs.0, wgs.1);
        assert!(metres(again, (116.39762729119315, 39.90865673957631)) < 1.0);
        assert!(metres(Datum::Bd09.from_wgs84(wgs.0, wgs.1), p) < 1.0);
        // The offsets are hundreds of metres: a datum taken for another
        // puts a school that far off.
        let (wgs, gcj) = wgs_gcj[2];
        assert!(metres(wgs, gcj) > 500.0);
        // Outside China a point stays where it is.
        assert_eq!(Datum::Gcj02.to_wgs84(-91.5, 44.8), (-91.5, 44.8));
    }

    #[test]
    fn headers_name_their_datum_and_swaps_are_seen() {
        assert_eq!(Datum::named_in("经度（高德）"), Some(Datum::Gcj02));
        assert_eq!(Datum::named_in("lng_bd09"), Some(Datum::Bd09));
        assert_eq!(Datum::named_in("Latitude (WGS84)"), Some(Datum::Wgs84));
        assert_eq!(Datum::named_in("经度"), None);
        assert!(swapped(31.2, 121.5));
        assert!(!swapped(121.5, 31.2));
        assert!(!swapped(-91.5, 44.8));
    }
}
