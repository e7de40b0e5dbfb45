//! The basemap's tiles (docs/places.md, "Basemap"): where they come from and
//! which of them cover a view. The web's "slippy map" scheme: at zoom `z`
//! the world in Web Mercator is 2^z × 2^z square tiles, x from 180° W
//! eastwards, y from 85.05° N southwards.
//!
//! Seatcast keeps every point in WGS-84. Tiles drawn in GCJ-02 (AMap,
//! Tencent) are placed by converting their corners, so a school copied from
//! AMap sits on the street AMap shows it on.

use super::datum::Datum;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;
use std::path::{Path, PathBuf};

/// One tile of the pyramid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileKey {
    /// Zoom: the world is 2^z tiles across.
    pub z: u8,
    /// Column, from 180° W eastwards.
    pub x: u32,
    /// Row, from 85.05° N southwards.
    pub y: u32,
}

/// A tile's place in tile units (fractional) at zoom `z`, for a point in the
/// tiles' own datum. Latitudes beyond Web Mercator's ±85.0511° are clamped.
pub fn tile_xy(lon: f64, lat: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z.min(30));
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n;
    (x, y)
}

/// The longitude and latitude of a point in tile units (the inverse of
/// [`tile_xy`]), in the tiles' datum.
pub fn lon_lat(x: f64, y: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z.min(30));
    let lon = x / n * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y / n)).sinh().atan().to_degrees();
    (lon, lat)
}

/// A tile's bounds in WGS-84, [west, south, east, north], for tiles drawn in
/// `datum`.
pub fn bounds(t: TileKey, datum: Datum) -> [f64; 4] {
    let (w, n) = lon_lat(f64::from(t.x), f64::from(t.y), t.z);
    let (e, s) = lon_lat(f64::from(t.x) + 1.0, f64::from(t.y) + 1.0, t.z);
    let (w, s) = datum.to_wgs84(w, s);
    let (e, n) = datum.to_wgs84(e, n);
    [w, s, e, n]
}

/// The zoom whose tiles are drawn near their own size (`tile_px` screen
/// points a tile) when `points_per_degree` screen points show one degree of
/// longitude; within `0..=max_zoom`.
pub fn zoom_for(points_per_degree: f64, tile_px: f64, max_zoom: u8) -> u8 {
    if !(points_per_degree.is_finite() && points_per_degree > 0.0 && tile_px > 0.0) {
        return 0;
    }
    // At zoom z a tile spans 360 / 2^z degrees: it is drawn
    // 360 · ppd / 2^z points wide. Choose z with that nearest tile_px
    // (in the log: a tile is drawn between 0.71 and 1.41 times its size).
    let z = (points_per_degree * 360.0 / tile_px).log2().round();
    z.clamp(0.0, f64::from(max_zoom)) as u8
}

/// The tiles at zoom `z` that cover a view [west, south, east, north]
/// (WGS-84) for tiles in `datum`, row by row from the north-west.
pub fn covering(view: [f64; 4], z: u8, datum: Datum) -> Vec<TileKey> {
    let [w, s, e, n] = view;
    if !(w < e && s < n) || [w, s, e, n].iter().any(|v| !v.is_finite()) {
        return Vec::new();
    }
    let (w, s) = datum.from_wgs84(w.max(-180.0), s);
    let (e, n) = datum.from_wgs84(e.min(180.0), n);
    let (x0, y0) = tile_xy(w, n, z);
    let (x1, y1) = tile_xy(e, s, z);
    let last = (1u64 << z.min(30)) - 1;
    let clamp = |v: f64| (v.floor().max(0.0) as u64).min(last) as u32;
    let (x0, x1, y0, y1) = (clamp(x0), clamp(x1), clamp(y0), clamp(y1));
    let mut out = Vec::with_capacity(((x1 - x0 + 1) * (y1 - y0 + 1)) as usize);
    for y in y0..=y1 {
        for x in x0..=x1 {
            out.push(TileKey { z, x, y });
        }
    }
    out
}

/// The most tiles one view draws: past this the zoom steps down (a
/// province on a 4K screen stays within it).
pub const MAX_TILES: usize = 96;

/// The zoom and the tiles for a view `points_wide` screen points across.
pub fn view_tiles(
    view: [f64; 4],
    points_wide: f64,
    tile_px: f64,
    max_zoom: u8,
    datum: Datum,
) -> (u8, Vec<TileKey>) {
    let span = view[2] - view[0];
    let mut z = zoom_for(points_wide / span, tile_px, max_zoom);
    loop {
        let tiles = covering(view, z, datum);
        if tiles.len() <= MAX_TILES || z == 0 {
            return (z, tiles);
        }
        z -= 1;
    }
}

/// Where the basemap's tiles come from (Settings → Basemap). Saved with the
/// app's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum BasemapSource {
    /// No basemap: the map is drawn on plain axes, as before.
    #[default]
    None,
    /// An XYZ tile server.
    Online(OnlineTiles),
    /// A folder of tiles, `z/x/y.png` (or `.jpg`, `.jpeg`, `.webp`), as
    /// tile downloaders and `gdal2tiles --xyz` write them.
    Folder {
        /// The folder of `z/x/y` tiles.
        path: PathBuf,
        /// The datum the tiles are drawn in.
        #[serde(default = "default_datum")]
        datum: Datum,
        /// The credit shown in the map's corner.
        #[serde(default)]
        attribution: String,
    },
    /// One PMTiles archive of raster tiles.
    PmTiles {
        /// The `.pmtiles` file.
        path: PathBuf,
        /// The datum the tiles are drawn in.
        #[serde(default = "default_datum")]
        datum: Datum,
        /// The credit shown in the map's corner.
        #[serde(default)]
        attribution: String,
    },
}

fn default_datum() -> Datum {
    Datum::Wgs84
}

/// An XYZ tile server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OnlineTiles {
    /// `https://…/{z}/{x}/{y}.png`; `{s}` takes each of `subdomains` in turn.
    pub url: String,
    /// What `{s}` takes, a character each (`1234`, `abc`); empty for none.
    pub subdomains: String,
    /// Shown in the map's corner, as the tile provider's terms ask.
    pub attribution: String,
    /// The datum the tiles are drawn in (AMap and Tencent: GCJ-02).
    pub datum: Datum,
    /// The highest zoom the server has tiles for.
    pub max_zoom: u8,
}

impl Default for OnlineTiles {
    fn default() -> Self {
        PRESETS[0].tiles()
    }
}

/// A tile server a planner may pick from a list.
pub struct Preset {
    /// Its name in Chinese.
    pub name_zh: &'static str,
    /// Its name in English.
    pub name_en: &'static str,
    /// The tile address, as in `OnlineTiles::url`.
    pub url: &'static str,
    /// What `{s}` takes, a character each.
    pub subdomains: &'static str,
    /// The credit its terms ask for.
    pub attribution: &'static str,
    /// The datum its tiles are drawn in.
    pub datum: Datum,
    /// The highest zoom it has tiles for.
    pub max_zoom: u8,
}

impl Preset {
    /// Its name in the planner's language.
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_zh, self.name_en)
    }

    /// The settings of this server.
    pub fn tiles(&self) -> OnlineTiles {
        OnlineTiles {
            url: self.url.into(),
            subdomains: self.subdomains.into(),
            attribution: self.attribution.into(),
            datum: self.datum,
            max_zoom: self.max_zoom,
        }
    }
}

/// The servers offered. Each provider's terms apply: OpenStreetMap's tile
/// policy asks for light use and its attribution; 天地图 needs a key of the
/// office's own (the `tk=` of the address).
pub const PRESETS: [Preset; 3] = [
    Preset {
        name_zh: "OpenStreetMap",
        name_en: "OpenStreetMap",
        url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        subdomains: "",
        attribution: "© OpenStreetMap contributors",
        datum: Datum::Wgs84,
        max_zoom: 19,
    },
    Preset {
        name_zh: "高德地图（GCJ-02）",
        name_en: "AMap (GCJ-02)",
        url: "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        subdomains: "1234",
        attribution: "© 高德地图 AutoNavi",
        datum: Datum::Gcj02,
        max_zoom: 18,
    },
    Preset {
        name_zh: "天地图（需要密钥）",
        name_en: "Tianditu (needs a key)",
        url: "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=YOUR_KEY",
        subdomains: "01234567",
        attribution: "© 天地图 国家地理信息公共服务平台",
        // CGCS2000, within centimetres of WGS-84 at a map's scale.
        datum: Datum::Wgs84,
        max_zoom: 18,
    },
];

/// What is wrong with a basemap's settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SourceError {
    /// The address does not start with `http://` or `https://`.
    #[error("the tile address must begin with http:// or https://")]
    NotHttp,
    /// The address lacks a placeholder: `{z}`, `{x}` or `{y}`.
    #[error("the tile address lacks {0}")]
    Missing(&'static str),
    /// The address has `{s}` but no subdomains are given.
    #[error("the tile address has {{s}} but no subdomains are given")]
    NoSubdomains,
    /// No folder or file is given.
    #[error("no folder or file is given")]
    NoPath,
    /// The tile folder does not exist.
    #[error("{0}: no such folder")]
    NoFolder(PathBuf),
    /// The tile folder holds no zoom folders (it should hold `z/x/y.png`).
    #[error("{0}: no tiles in it (it should hold z/x/y.png)")]
    EmptyFolder(PathBuf),
    /// The PMTiles file does not exist.
    #[error("{0}: no such file")]
    NoFile(PathBuf),
    /// The file cannot be read or is not a PMTiles archive.
    #[error("{0}: not a PMTiles archive")]
    NotPmTiles(PathBuf),
    /// BD-09 tiles: Baidu's tiles are no XYZ tiles, and cannot be drawn.
    #[error("BD-09 tiles (Baidu) are not XYZ tiles and cannot be drawn")]
    Baidu,
    /// The tile loader stopped (its download thread failed).
    #[error("the tile loader stopped; choose the basemap again to retry")]
    LoaderStopped,
}

impl SourceError {
    /// What the planner should do, in their language.
    pub fn explain(&self, lang: Lang) -> String {
        match (self, lang) {
            (SourceError::NotHttp, Lang::Zh) => "瓦片地址须以 http:// 或 https:// 开头".into(),
            (SourceError::Missing(p), Lang::Zh) => format!("瓦片地址缺少 {p}"),
            (SourceError::NoSubdomains, Lang::Zh) => "地址含 {s}，但没有填写子域名".into(),
            (SourceError::NoPath, Lang::Zh) => "没有填写文件夹或文件".into(),
            (SourceError::NoFolder(p), Lang::Zh) => format!("{}：文件夹不存在", p.display()),
            (SourceError::EmptyFolder(p), Lang::Zh) => {
                format!("{}：没有瓦片（应为 z/x/y.png 结构）", p.display())
            }
            (SourceError::NoFile(p), Lang::Zh) => format!("{}：文件不存在", p.display()),
            (SourceError::NotPmTiles(p), Lang::Zh) => {
                format!("{}：不是 PMTiles 文件", p.display())
            }
            (SourceError::Baidu, Lang::Zh) => "百度（BD-09）瓦片不是标准 XYZ 瓦片，无法使用".into(),
            (SourceError::LoaderStopped, Lang::Zh) => "瓦片加载已停止：请重新选择底图再试".into(),
            (e, Lang::En) => {
                let t = e.to_string();
                let mut c = t.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        }
    }
}

impl OnlineTiles {
    /// The tile's address: `{z}`, `{x}`, `{y}` filled in, and `{s}` with a
    /// subdomain chosen by the tile (so a tile is always asked of the same
    /// server, and the HTTP cache finds it again).
    pub fn url_of(&self, t: TileKey) -> String {
        let mut url = self
            .url
            .replace("{z}", &t.z.to_string())
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string());
        let subs: Vec<char> = self
            .subdomains
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !subs.is_empty() {
            let s = subs[((t.x as usize) + (t.y as usize)) % subs.len()];
            url = url.replace("{s}", &s.to_string());
        }
        url
    }

    /// Whether the server's settings can work: an http(s) address with `{z}`,
    /// `{x}` and `{y}`, subdomains for `{s}`, and not BD-09.
    pub fn check(&self) -> Result<(), SourceError> {
        let u = self.url.trim();
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(SourceError::NotHttp);
        }
        for p in ["{z}", "{x}", "{y}"] {
            if !u.contains(p) {
                return Err(SourceError::Missing(p));
            }
        }
        if u.contains("{s}") && self.subdomains.trim().is_empty() {
            return Err(SourceError::NoSubdomains);
        }
        if self.datum == Datum::Bd09 {
            return Err(SourceError::Baidu);
        }
        Ok(())
    }
}

/// The image formats a tile folder may hold, in the order tried.
pub const FOLDER_EXTENSIONS: [&str; 4] = ["png", "jpg", "jpeg", "webp"];

/// A tile's file in a tile folder, if there is one.
pub fn folder_tile(root: &Path, t: TileKey) -> Option<PathBuf> {
    let dir = root.join(t.z.to_string()).join(t.x.to_string());
    FOLDER_EXTENSIONS
        .iter()
        .map(|ext| dir.join(format!("{}.{ext}", t.y)))
        .find(|p| p.is_file())
}

/// The zoom levels a tile folder holds (its numeric subfolders).
pub fn folder_zooms(root: &Path) -> Vec<u8> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut zooms: Vec<u8> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str()?.parse::<u8>().ok())
        .filter(|z| *z <= 24)
        .collect();
    zooms.sort_unstable();
    zooms
}

impl BasemapSource {
    /// Whether there is no basemap.
    pub fn is_none(&self) -> bool {
        matches!(self, BasemapSource::None)
    }

    /// The datum the tiles are drawn in.
    pub fn datum(&self) -> Datum {
        match self {
            BasemapSource::None => Datum::Wgs84,
            BasemapSource::Online(o) => o.datum,
            BasemapSource::Folder { datum, .. } | BasemapSource::PmTiles { datum, .. } => *datum,
        }
    }

    /// The credit shown on the map.
    pub fn attribution(&self) -> &str {
        match self {
            BasemapSource::None => "",
            BasemapSource::Online(o) => &o.attribution,
            BasemapSource::Folder { attribution, .. }
            | BasemapSource::PmTiles { attribution, .. } => attribution,
        }
    }

    /// Whether the settings can work: an address with its placeholders, a
    /// folder that holds tiles, a file that is a PMTiles archive.
    pub fn check(&self) -> Result<(), SourceError> {
        match self {
            BasemapSource::None => Ok(()),
            BasemapSource::Online(o) => o.check(),
            BasemapSource::Folder { path, datum, .. } => {
                if *datum == Datum::Bd09 {
                    return Err(SourceError::Baidu);
                }
                if path.as_os_str().is_empty() {
                    return Err(SourceError::NoPath);
                }
                if !path.is_dir() {
                    return Err(SourceError::NoFolder(path.clone()));
                }
                if folder_zooms(path).is_empty() {
                    return Err(SourceError::EmptyFolder(path.clone()));
                }
                Ok(())
            }
            BasemapSource::PmTiles { path, datum, .. } => {
                if *datum == Datum::Bd09 {
                    return Err(SourceError::Baidu);
                }
                if path.as_os_str().is_empty() {
                    return Err(SourceError::NoPath);
                }
                let mut magic = [0u8; 7];
                let read = std::fs::File::open(path)
                    .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic));
                match read {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Err(SourceError::NoFile(path.clone()))
                    }
                    Err(_) => Err(SourceError::NotPmTiles(path.clone())),
                    Ok(()) if &magic != b"PMTiles" => Err(SourceError::NotPmTiles(path.clone())),
                    Ok(()) => Ok(()),
                }
            }
        }
    }

    /// The source named on a command line: an `http(s)://` address, a
    /// `.pmtiles` file, or a tile folder (WGS-84 unless `datum` says).
    pub fn from_arg(arg: &str, datum: Option<Datum>) -> BasemapSource {
        let datum = datum.unwrap_or(Datum::Wgs84);
        if arg.starts_with("http://") || arg.starts_with("https://") {
            let preset = PRESETS.iter().find(|p| p.url == arg);
            BasemapSource::Online(match preset {
                Some(p) => p.tiles(),
                None => OnlineTiles {
                    url: arg.into(),
                    subdomains: "abc".into(),
                    attribution: String::new(),
                    datum,
                    max_zoom: 19,
                },
            })
        } else if arg.to_lowercase().ends_with(".pmtiles") {
            BasemapSource::PmTiles {
                path: arg.into(),
                datum,
                attribution: String::new(),
            }
        } else {
            BasemapSource::Folder {
                path: arg.into(),
                datum,
                attribution: String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_falls_in_the_tile_worked_out_by_hand() {
        // 120° E, 30° N at zoom 10 (1,024 tiles a side):
        // x = (120 + 180) / 360 · 1024 = 853.33;
        // y = (1 − ln(tan 30° + sec 30°) / π) / 2 · 1024
        //   = (1 − ln(0.57735 + 1.15470) / π) / 2 · 1024
        //   = (1 − 0.549306 / 3.141593) / 2 · 1024 = 0.412575 · 1024 = 422.477.
        let (x, y) = tile_xy(120.0, 30.0, 10);
        assert!((x - 853.333).abs() < 1e-3, "{x}");
        assert!((y - 422.477).abs() < 1e-3, "{y}");
        let (lon, lat) = lon_lat(x, y, 10);
        assert!((lon - 120.0).abs() < 1e-9 && (lat - 30.0).abs() < 1e-9);
        // Zoom 0 is one tile, its north edge at 85.0511°.
        let [w, s, e, n] = bounds(TileKey { z: 0, x: 0, y: 0 }, Datum::Wgs84);
        assert_eq!((w, e), (-180.0, 180.0));
        assert!((n - 85.051_129).abs() < 1e-6 && (s + 85.051_129).abs() < 1e-6);
    }

    #[test]
    fn the_zoom_keeps_tiles_near_their_size() {
        // 1,000 points showing 0.5° of longitude: 2,000 points a degree.
        // A zoom-11 tile spans 360/2048 = 0.1758°: 351.6 points (1.37×);
        // zoom 12: 175.8 points (0.69×). log2(2000·360/256) = 11.46 → 11.
        assert_eq!(zoom_for(2000.0, 256.0, 19), 11);
        assert_eq!(zoom_for(2000.0, 256.0, 10), 10);
        assert_eq!(zoom_for(f64::NAN, 256.0, 19), 0);
        let view = [120.0, 29.95, 120.5, 30.25];
        let (z, tiles) = view_tiles(view, 1000.0, 256.0, 19, Datum::Wgs84);
        assert_eq!(z, 11);
        // x 1706.67..1709.51 → 1706..=1709; y at 30.25° N and 29.95° N:
        // 843.3..845.3 → 843..=845 (12 tiles).
        let xs: Vec<u32> = tiles.iter().map(|t| t.x).collect();
        assert_eq!(xs.iter().min(), Some(&1706));
        assert_eq!(xs.iter().max(), Some(&1709));
        assert_eq!(tiles.len(), 12);
        // A whole continent at high zoom is stepped down to MAX_TILES.
        let (z, tiles) = view_tiles([70.0, 15.0, 140.0, 55.0], 4000.0, 256.0, 19, Datum::Wgs84);
        assert!(tiles.len() <= MAX_TILES && z < 7, "{z} {}", tiles.len());
    }

    #[test]
    fn gcj_tiles_are_placed_by_their_corners_in_wgs84() {
        // A GCJ-02 tile's corners lie some 500 m south-east… of the same
        // tile's in WGS-84: converted back, its bounds shift north-west by
        // the GCJ offset (about 0.0046° of longitude and 0.0024° of
        // latitude near 120° E, 30° N).
        let t = TileKey {
            z: 12,
            x: 3413,
            y: 1689,
        };
        let w = bounds(t, Datum::Wgs84);
        let g = bounds(t, Datum::Gcj02);
        let (dx, dy) = (w[0] - g[0], w[1] - g[1]);
        assert!((0.003..0.007).contains(&dx), "{dx}");
        assert!((0.001..0.004).contains(&dy.abs()), "{dy}");
        // And the covering tiles of a view move with it.
        let view = [g[0] + 1e-4, g[1] + 1e-4, g[2] - 1e-4, g[3] - 1e-4];
        assert_eq!(covering(view, 12, Datum::Gcj02), vec![t]);
    }

    #[test]
    fn addresses_are_filled_in_and_bad_ones_refused() {
        let osm = PRESETS[0].tiles();
        let t = TileKey { z: 3, x: 6, y: 2 };
        assert_eq!(osm.url_of(t), "https://tile.openstreetmap.org/3/6/2.png");
        let amap = PRESETS[1].tiles();
        // (6 + 2) % 4 = 0: the first subdomain.
        assert!(
            amap.url_of(t)
                .starts_with("https://webrd01.is.autonavi.com/")
        );
        assert!(amap.url_of(t).ends_with("&x=6&y=2&z=3"));
        assert_eq!(amap.check(), Ok(()));
        let bad = |url: &str, subs: &str| {
            OnlineTiles {
                url: url.into(),
                subdomains: subs.into(),
                ..OnlineTiles::default()
            }
            .check()
        };
        assert_eq!(
            bad("tile.example/{z}/{x}/{y}.png", ""),
            Err(SourceError::NotHttp)
        );
        assert_eq!(
            bad("https://t.example/{z}/{x}.png", ""),
            Err(SourceError::Missing("{y}"))
        );
        assert_eq!(
            bad("https://{s}.t.example/{z}/{x}/{y}.png", " "),
            Err(SourceError::NoSubdomains)
        );
        assert!(
            SourceError::NoSubdomains
                .explain(Lang::En)
                .starts_with("The tile")
        );
    }

    #[test]
    fn folders_and_archives_are_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("tiles");
        let src = BasemapSource::from_arg(&root.to_string_lossy(), None);
        assert_eq!(src.check(), Err(SourceError::NoFolder(root.clone())));
        std::fs::create_dir_all(root.join("cache")).expect("dir");
        assert_eq!(src.check(), Err(SourceError::EmptyFolder(root.clone())));
        std::fs::create_dir_all(root.join("12").join("3413")).expect("dir");
        std::fs::write(root.join("12/3413/1689.jpg"), b"x").expect("tile");
        assert_eq!(src.check(), Ok(()));
        assert_eq!(folder_zooms(&root), vec![12]);
        let t = TileKey {
            z: 12,
            x: 3413,
            y: 1689,
        };
        assert_eq!(folder_tile(&root, t), Some(root.join("12/3413/1689.jpg")));
        assert_eq!(folder_tile(&root, TileKey { y: 1690, ..t }), None);
        let pm = dir.path().join("county.pmtiles");
        let src = BasemapSource::from_arg(&pm.to_string_lossy(), Some(Datum::Gcj02));
        assert_eq!(src.datum(), Datum::Gcj02);
        assert_eq!(src.check(), Err(SourceError::NoFile(pm.clone())));
        std::fs::write(&pm, b"PK\x03\x04 not tiles").expect("file");
        assert_eq!(src.check(), Err(SourceError::NotPmTiles(pm.clone())));
        std::fs::write(&pm, b"PMTiles\x03").expect("file");
        assert_eq!(src.check(), Ok(()));
    }
}
