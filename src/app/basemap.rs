//! The basemap under the maps (docs/places.md, "Basemap"). Tiles come from
//! an XYZ server (walkers' `HttpTiles`, kept in an HTTP cache on disk), a
//! PMTiles archive of raster tiles (walkers' `PmTiles`), or a folder of
//! `z/x/y` images read here on a thread of their own. Each is drawn as an
//! image under the plot's other items, placed at its WGS-84 bounds.
//!
//! Which tiles cover a view, and where a tile lies, is `places::tiles`.

use super::background::runner::{Finished, Jobs, lanes};
use crate::i18n::Lang;
use crate::places::datum::Datum;
use crate::places::tiles::{self, BasemapSource, OnlineTiles, PRESETS, SourceError, TileKey};
use eframe::egui::{self, Color32, Rect, TextureHandle, pos2};
use egui_plot::{
    PlotBounds, PlotGeometry, PlotItem, PlotItemBase, PlotPoint, PlotTransform, PlotUi,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The tiles of the basemap chosen, and what they drew last.
#[derive(Default)]
pub struct Basemap {
    /// The source the loader was made for.
    made_for: BasemapSource,
    loader: Option<Loader>,
    /// Why the source chosen cannot be used (the map is drawn without it).
    pub problem: Option<SourceError>,
    /// The last frame: the zoom, the tiles drawn, and how many of them were
    /// at that zoom (the rest stood in from a coarser one while loading).
    pub zoom: u8,
    pub drawn: usize,
    pub exact: usize,
    /// The counts of the frame before, to know when they change.
    shown: (u8, usize, usize),
    /// The settings window, while open.
    pub window: Option<BasemapWindow>,
    /// Where downloaded tiles are kept (None: not kept between starts).
    cache_dir: Option<PathBuf>,
}

enum Loader {
    Walkers(Box<dyn walkers::Tiles>),
    Folder(FolderTiles),
}

impl Loader {
    fn at(&mut self, t: TileKey) -> Option<(TextureHandle, Rect)> {
        match self {
            Loader::Walkers(w) => {
                let piece = w.at(walkers::TileId {
                    x: t.x,
                    y: t.y,
                    zoom: t.z,
                })?;
                match piece.tile {
                    walkers::Tile::Raster(tex) => Some((tex, piece.uv)),
                }
            }
            Loader::Folder(f) => f.at(t),
        }
    }

    /// Before a frame's tiles: take in the tiles read since the last.
    fn frame_start(&mut self) {
        if let Loader::Folder(f) = self {
            f.take_in();
        }
    }

    /// After them: start reading the tiles the frame asked for.
    fn frame_end(&mut self) {
        if let Loader::Folder(f) = self {
            f.start_batch();
        }
    }

    fn loading(&self) -> usize {
        match self {
            Loader::Walkers(w) => w.stats().in_progress,
            Loader::Folder(f) => f.pending.len(),
        }
    }
}

/// The tile size sources are drawn for (XYZ tiles are 256 pixels).
const TILE_PX: f64 = 256.0;

impl Basemap {
    pub fn new(cache_dir: Option<PathBuf>) -> Basemap {
        Basemap {
            cache_dir,
            ..Basemap::default()
        }
    }

    /// Make the loader for `source` if it is not the one made already.
    pub fn sync(&mut self, source: &BasemapSource, ctx: &egui::Context) {
        if *source == self.made_for && (self.loader.is_some() || self.problem.is_some()) {
            return;
        }
        if *source == self.made_for && source.is_none() {
            return;
        }
        self.made_for = source.clone();
        self.loader = None;
        self.problem = source.check().err();
        (self.drawn, self.exact) = (0, 0);
        if self.problem.is_some() {
            return;
        }
        self.loader = match source {
            BasemapSource::None => None,
            BasemapSource::Online(o) => {
                install_tls();
                let options = walkers::HttpOptions {
                    cache: self.cache_dir.clone(),
                    user_agent: Some(walkers::HeaderValue::from_static(concat!(
                        "Seatcast/",
                        env!("CARGO_PKG_VERSION"),
                        " (school-place planning desktop app)"
                    ))),
                    ..walkers::HttpOptions::default()
                };
                Some(Loader::Walkers(Box::new(walkers::HttpTiles::with_options(
                    UrlSource(o.clone()),
                    options,
                    ctx.clone(),
                ))))
            }
            BasemapSource::PmTiles { path, .. } => Some(Loader::Walkers(Box::new(
                walkers::PmTiles::with_style_and_tile_size(
                    path,
                    walkers::Style,
                    TILE_PX as u32,
                    ctx.clone(),
                ),
            ))),
            BasemapSource::Folder { path, .. } => {
                Some(Loader::Folder(FolderTiles::new(path.clone(), ctx.clone())))
            }
        };
    }

    /// Whether there are tiles to draw.
    pub fn active(&self) -> bool {
        self.loader.is_some()
    }

    /// Tiles still being fetched or read.
    pub fn loading(&self) -> usize {
        self.loader.as_ref().map_or(0, Loader::loading)
    }

    fn max_zoom(&self) -> u8 {
        match (&self.made_for, &self.loader) {
            (BasemapSource::Online(o), _) => o.max_zoom.min(22),
            (_, Some(Loader::Folder(f))) => f.max_zoom,
            _ => 15,
        }
    }

    /// Draw the tiles covering the plot's view, `points_wide` screen points
    /// across; first, so every other item lies over them. They are one plot
    /// item with no bounds of its own, so the plot's automatic bounds (the
    /// schools' and the areas', with a margin) never grow to hold them.
    pub fn tiles_ui(&mut self, plot: &mut PlotUi<'_>, points_wide: f32) {
        (self.drawn, self.exact) = (0, 0);
        let datum = self.made_for.datum();
        let max_zoom = self.max_zoom();
        let Some(loader) = &mut self.loader else {
            return;
        };
        let b = plot.plot_bounds();
        let view = [b.min()[0], b.min()[1], b.max()[0], b.max()[1]];
        if view[0] < -180.0 || view[2] > 180.0 || view[1] < -86.0 || view[3] > 86.0 {
            // Not degrees (or the whole world): no tiles.
            return;
        }
        let (z, keys) = tiles::view_tiles(view, f64::from(points_wide), TILE_PX, max_zoom, datum);
        self.zoom = z;
        let full = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        let mut layer = TileLayer {
            base: PlotItemBase::new(String::new()),
            tiles: Vec::with_capacity(keys.len()),
        };
        loader.frame_start();
        for key in keys {
            // walkers panics when its download thread has died: the map
            // goes on without tiles and says so, rather than the window
            // closing.
            let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| loader.at(key)));
            let Ok(got) = got else {
                self.loader = None;
                self.problem = Some(SourceError::LoaderStopped);
                return;
            };
            let Some((tex, uv)) = got else {
                continue;
            };
            self.drawn += 1;
            if uv == full {
                self.exact += 1;
            }
            layer.tiles.push((tex.id(), tiles::bounds(key, datum), uv));
        }
        loader.frame_end();
        if !layer.tiles.is_empty() {
            plot.add(layer);
        }
        // The line above the map was drawn before these counts: one more
        // frame when they change, so it never stays a frame behind.
        let now = (self.zoom, self.drawn, self.exact);
        if self.shown != now {
            self.shown = now;
            plot.ctx().request_repaint();
        }
    }

    /// The credit (and the loading count) in the map's lower right corner.
    pub fn attribution_ui(&self, ui: &egui::Ui, map: Rect, lang: Lang) {
        if !self.active() {
            return;
        }
        let mut text = self.made_for.attribution().to_owned();
        let loading = self.loading();
        if loading > 0 {
            text = match lang {
                Lang::Zh => format!("正在加载 {loading} 张瓦片　{text}"),
                Lang::En => format!("loading {loading} tiles   {text}"),
            };
        }
        if text.trim().is_empty() {
            return;
        }
        let painter = ui.painter_at(map);
        let font = egui::FontId::proportional(11.0);
        let galley = painter.layout_no_wrap(text, font, Color32::from_gray(40));
        let pos = map.right_bottom() - galley.size() - egui::vec2(6.0, 4.0);
        painter.rect_filled(
            Rect::from_min_size(pos, galley.size()).expand(3.0),
            2.0,
            Color32::from_white_alpha(200),
        );
        painter.galley(pos, galley, Color32::from_gray(40));
    }

    /// One line under the map: the basemap, or why there is none.
    pub fn status_ui(&mut self, ui: &mut egui::Ui, source: &BasemapSource, lang: Lang) {
        ui.horizontal(|ui| {
            if ui
                .button(lang.pick("底图…", "Basemap…"))
                .on_hover_text(lang.pick(
                    "在线瓦片地址、离线瓦片文件夹或 PMTiles 文件",
                    "An online tile address, an offline tile folder or a PMTiles file",
                ))
                .clicked()
            {
                self.open_window(source);
            }
            if let Some(p) = &self.problem {
                ui.colored_label(
                    Color32::from_rgb(0xb0, 0x30, 0x20),
                    match lang {
                        Lang::Zh => format!("底图不可用：{}", p.explain(lang)),
                        Lang::En => format!("No basemap: {}", p.explain(lang)),
                    },
                );
            } else if source.is_none() {
                ui.weak(lang.pick("无底图", "No basemap"));
            } else if self.drawn > 0 {
                ui.weak(match lang {
                    Lang::Zh => format!("底图第 {} 级，{} 张瓦片", self.zoom, self.drawn),
                    Lang::En => format!("Basemap zoom {}, {} tiles", self.zoom, self.drawn),
                });
            } else if self.loading() == 0 {
                ui.weak(lang.pick(
                    "此范围没有底图瓦片（或无法下载）",
                    "No basemap tiles here (or they could not be fetched)",
                ));
            }
        });
    }

    pub fn open_window(&mut self, source: &BasemapSource) {
        self.window = Some(BasemapWindow::new(source));
    }

    /// The settings window, while open: sets `source` when the planner
    /// applies a choice that works.
    pub fn window_ui(&mut self, ctx: &egui::Context, source: &mut BasemapSource, lang: Lang) {
        let Some(w) = &mut self.window else {
            return;
        };
        let mut open = true;
        let mut close = None;
        egui::Window::new(lang.pick("底图", "Basemap"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .show(ctx, |ui| {
                close = w.contents_ui(ui, source, lang);
            });
        if close == Some(true) {
            // Applied: read the source afresh even if it is the same one
            // (a folder filled since, a loader that stopped).
            self.made_for = BasemapSource::None;
            self.loader = None;
            self.problem = None;
        }
        if !open || close.is_some() {
            self.window = None;
        }
    }
}

/// The kinds offered in the settings window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    Online,
    Folder,
    PmTiles,
}

/// The settings being edited.
pub struct BasemapWindow {
    kind: Kind,
    online: OnlineTiles,
    path: String,
    datum: Datum,
    attribution: String,
    error: Option<String>,
}

impl BasemapWindow {
    fn new(source: &BasemapSource) -> BasemapWindow {
        let mut w = BasemapWindow {
            kind: Kind::None,
            online: OnlineTiles::default(),
            path: String::new(),
            datum: Datum::Wgs84,
            attribution: String::new(),
            error: None,
        };
        match source {
            BasemapSource::None => {}
            BasemapSource::Online(o) => {
                w.kind = Kind::Online;
                w.online = o.clone();
            }
            BasemapSource::Folder {
                path,
                datum,
                attribution,
            }
            | BasemapSource::PmTiles {
                path,
                datum,
                attribution,
            } => {
                w.kind = if matches!(source, BasemapSource::Folder { .. }) {
                    Kind::Folder
                } else {
                    Kind::PmTiles
                };
                w.path = path.to_string_lossy().into_owned();
                w.datum = *datum;
                w.attribution = attribution.clone();
            }
        }
        w
    }

    fn source(&self) -> BasemapSource {
        let path = PathBuf::from(self.path.trim());
        match self.kind {
            Kind::None => BasemapSource::None,
            Kind::Online => BasemapSource::Online(OnlineTiles {
                url: self.online.url.trim().to_owned(),
                ..self.online.clone()
            }),
            Kind::Folder => BasemapSource::Folder {
                path,
                datum: self.datum,
                attribution: self.attribution.clone(),
            },
            Kind::PmTiles => BasemapSource::PmTiles {
                path,
                datum: self.datum,
                attribution: self.attribution.clone(),
            },
        }
    }

    /// Returns whether to close.
    /// The window's contents; Some when it closes (true: a source applied).
    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        source: &mut BasemapSource,
        lang: Lang,
    ) -> Option<bool> {
        ui.horizontal_wrapped(|ui| {
            ui.radio_value(&mut self.kind, Kind::None, lang.pick("无底图", "None"));
            ui.radio_value(
                &mut self.kind,
                Kind::Online,
                lang.pick("在线瓦片", "Online tiles"),
            );
            ui.radio_value(
                &mut self.kind,
                Kind::Folder,
                lang.pick("离线瓦片文件夹", "Tile folder"),
            );
            ui.radio_value(
                &mut self.kind,
                Kind::PmTiles,
                lang.pick("PMTiles 文件", "PMTiles file"),
            );
        });
        ui.separator();
        match self.kind {
            Kind::None => {
                ui.label(lang.pick(
                    "地图只画学校、片区和规划，不需要网络。",
                    "The map draws the schools, areas and plan only; no network is needed.",
                ));
            }
            Kind::Online => self.online_ui(ui, lang),
            Kind::Folder | Kind::PmTiles => self.local_ui(ui, lang),
        }
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(0xb0, 0x30, 0x20), e);
        }
        ui.separator();
        let mut close = None;
        ui.horizontal(|ui| {
            if ui.button(lang.pick("应用", "Apply")).clicked() {
                let s = self.source();
                match s.check() {
                    Ok(()) => {
                        *source = s;
                        close = Some(true);
                    }
                    Err(e) => self.error = Some(e.explain(lang)),
                }
            }
            if ui.button(lang.pick("取消", "Cancel")).clicked() {
                close = Some(false);
            }
        });
        close
    }

    fn online_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(lang.pick("常用：", "Presets:"));
            for p in &PRESETS {
                if ui.button(p.name(lang)).clicked() {
                    self.online = p.tiles();
                    self.error = None;
                }
            }
        });
        egui::Grid::new("basemap-online").num_columns(2).show(ui, |ui| {
            ui.label(lang.pick("瓦片地址", "Tile address"));
            ui.add(
                egui::TextEdit::singleline(&mut self.online.url)
                    .desired_width(420.0)
                    .hint_text("https://…/{z}/{x}/{y}.png"),
            )
            .on_hover_text(lang.pick(
                "{z}{x}{y} 为级别和行列号；{s} 依次取子域名。天地图须把 YOUR_KEY 换成本单位的密钥。",
                "{z}{x}{y}: zoom, column, row; {s} takes each subdomain in turn. Tianditu needs the office's own key in place of YOUR_KEY.",
            ));
            ui.end_row();
            ui.label(lang.pick("子域名", "Subdomains"));
            ui.text_edit_singleline(&mut self.online.subdomains);
            ui.end_row();
            ui.label(lang.pick("版权说明", "Attribution"));
            ui.text_edit_singleline(&mut self.online.attribution);
            ui.end_row();
            ui.label(lang.pick("瓦片坐标系", "Tiles' datum"));
            datum_ui(ui, "basemap-online-datum", &mut self.online.datum, lang);
            ui.end_row();
            ui.label(lang.pick("最大级别", "Highest zoom"));
            ui.add(egui::DragValue::new(&mut self.online.max_zoom).range(1..=22));
            ui.end_row();
        });
        ui.weak(lang.pick(
            "下载的瓦片缓存在本机，再次打开不必重新下载。请遵守瓦片服务商的使用条款。",
            "Downloaded tiles are cached on this computer. Follow the tile provider's terms of use.",
        ));
    }

    fn local_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        egui::Grid::new("basemap-local")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(if self.kind == Kind::Folder {
                    lang.pick("文件夹", "Folder")
                } else {
                    lang.pick("文件", "File")
                });
                ui.add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width(420.0)
                        .hint_text(if self.kind == Kind::Folder {
                            "D:\\tiles  (z/x/y.png)"
                        } else {
                            "D:\\county.pmtiles"
                        }),
                );
                ui.end_row();
                ui.label(lang.pick("瓦片坐标系", "Tiles' datum"));
                datum_ui(ui, "basemap-local-datum", &mut self.datum, lang);
                ui.end_row();
                ui.label(lang.pick("版权说明", "Attribution"));
                ui.text_edit_singleline(&mut self.attribution);
                ui.end_row();
            });
        ui.weak(if self.kind == Kind::Folder {
            lang.pick(
                "文件夹内按“级别/列/行.png”存放（瓦片下载器、gdal2tiles --xyz 的输出）。",
                "The folder holds zoom/column/row.png, as tile downloaders and gdal2tiles --xyz write them.",
            )
        } else {
            lang.pick("PMTiles 须为栅格瓦片（PNG 或 JPEG）。", "The PMTiles archive must hold raster tiles (PNG or JPEG).")
        });
    }
}

fn datum_ui(ui: &mut egui::Ui, id: &str, datum: &mut Datum, lang: Lang) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(datum.name(lang))
        .show_ui(ui, |ui| {
            for d in [Datum::Wgs84, Datum::Gcj02] {
                ui.selectable_value(datum, d, d.name(lang));
            }
        })
        .response
        .accessible_name(lang.pick("瓦片坐标系", "Tiles' datum"));
}

/// TLS for the tile downloads: rustls with ring, installed once.
fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The tiles of a view as one plot item: each a textured rectangle from its
/// WGS-84 bounds, a stand-in showing the part `uv` of its coarser tile.
struct TileLayer {
    base: PlotItemBase,
    tiles: Vec<(egui::TextureId, [f64; 4], Rect)>,
}

impl PlotItem for TileLayer {
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<egui::Shape>) {
        // A little faded, so the schools and areas stand out.
        let tint = Color32::from_white_alpha(235);
        for (tex, [w, s, e, n], uv) in &self.tiles {
            let rect = transform.rect_from_values(&PlotPoint::new(*w, *s), &PlotPoint::new(*e, *n));
            let mut mesh = egui::Mesh::with_texture(*tex);
            mesh.add_rect_with_uv(rect, *uv, tint);
            shapes.push(egui::Shape::mesh(mesh));
        }
    }

    fn initialize(&mut self, _x_range: std::ops::RangeInclusive<f64>) {}

    fn color(&self) -> Color32 {
        Color32::TRANSPARENT
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    /// None: the tiles never widen the plot's automatic bounds.
    fn bounds(&self) -> PlotBounds {
        PlotBounds::NOTHING
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// An XYZ address as walkers' tile source.
struct UrlSource(OnlineTiles);

impl walkers::sources::TileSource for UrlSource {
    fn tile_url(&self, t: walkers::TileId) -> String {
        self.0.url_of(TileKey {
            z: t.zoom,
            x: t.x,
            y: t.y,
        })
    }

    fn attribution(&self) -> walkers::sources::Attribution {
        // Drawn by `attribution_ui` from the settings (walkers wants a
        // 'static text, and never draws it here).
        walkers::sources::Attribution {
            text: "",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        self.0.max_zoom
    }
}

/// A folder of `z/x/y.png` tiles, read and decoded off the UI thread by
/// the job runner ([`super::background::runner`]): the tiles asked for while one batch
/// is read go in the next.
struct FolderTiles {
    root: PathBuf,
    ctx: egui::Context,
    max_zoom: u8,
    /// Tiles read: their texture, or None when the folder has no such tile
    /// (or it is not an image).
    loaded: HashMap<TileKey, Option<TextureHandle>>,
    /// Asked for and not read yet (some in the batch being read).
    pending: HashSet<TileKey>,
    /// Asked for since the last batch started.
    wanted: Vec<TileKey>,
    jobs: Jobs<FolderTiles>,
}

/// How many tiles a folder keeps in memory before it forgets them all.
const FOLDER_KEEP: usize = 4096;

impl FolderTiles {
    fn new(root: PathBuf, ctx: egui::Context) -> FolderTiles {
        let max_zoom = tiles::folder_zooms(&root).last().copied().unwrap_or(0);
        let wake = ctx.clone();
        FolderTiles {
            root,
            ctx,
            max_zoom,
            loaded: HashMap::new(),
            pending: HashSet::new(),
            wanted: Vec::new(),
            jobs: Jobs::new(move || wake.request_repaint()),
        }
    }

    /// Take in the tiles read since the last frame.
    fn take_in(&mut self) {
        for f in self.jobs.poll() {
            if let Finished::Done(apply) = f {
                apply(self);
            }
            // A tile that panics its decoder is simply not drawn.
        }
    }

    /// Start reading the tiles wanted since the last batch, unless one is
    /// being read (they go in the next).
    fn start_batch(&mut self) {
        if self.wanted.is_empty() || self.jobs.running(lanes::TILES) {
            return;
        }
        let batch = std::mem::take(&mut self.wanted);
        let (root, ctx) = (self.root.clone(), self.ctx.clone());
        let asked = batch.clone();
        let started = self.jobs.start(lanes::TILES, move |_| {
            let read: Vec<_> = batch
                .iter()
                .map(|&t| (t, read_tile(&root, t, &ctx)))
                .collect();
            Box::new(move |f: &mut FolderTiles| {
                for (k, tex) in read {
                    f.pending.remove(&k);
                    f.loaded.insert(k, tex);
                }
            })
        });
        if started.is_err() {
            // No thread now: asked again next frame.
            for k in asked {
                self.pending.remove(&k);
            }
        }
    }

    fn at(&mut self, t: TileKey) -> Option<(TextureHandle, Rect)> {
        if self.loaded.len() > FOLDER_KEEP {
            self.loaded.clear();
        }
        // Past the folder's deepest zoom, its deepest tiles are enlarged.
        let want = ancestor(t, t.z.saturating_sub(self.max_zoom)).0;
        if !self.loaded.contains_key(&want) && self.pending.insert(want) {
            self.wanted.push(want);
        }
        // The tile itself, else the nearest coarser one that has come.
        (0..=t.z).find_map(|up| {
            let (k, uv) = ancestor(t, up);
            self.loaded.get(&k).cloned().flatten().map(|tex| (tex, uv))
        })
    }
}

/// The tile `up` zooms above `t`, and the part of it `t` covers.
fn ancestor(t: TileKey, up: u8) -> (TileKey, Rect) {
    if up == 0 {
        return (t, Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)));
    }
    let k = TileKey {
        z: t.z - up,
        x: t.x >> up,
        y: t.y >> up,
    };
    let n = (1u32 << up) as f32;
    let (fx, fy) = ((t.x % (1 << up)) as f32 / n, (t.y % (1 << up)) as f32 / n);
    (
        k,
        Rect::from_min_max(pos2(fx, fy), pos2(fx + 1.0 / n, fy + 1.0 / n)),
    )
}

/// One tile of a folder as a texture (None: missing, unreadable or not an image).
fn read_tile(root: &Path, t: TileKey, ctx: &egui::Context) -> Option<TextureHandle> {
    let path = tiles::folder_tile(root, t)?;
    let bytes = std::fs::read(path).ok()?;
    match walkers::Tile::new(&bytes, &walkers::Style, t.z, TILE_PX as u32, ctx) {
        Ok(walkers::Tile::Raster(tex)) => Some(tex),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coarser_tile_stands_in_by_its_part() {
        // Tile (12, 3413, 1689) is in zoom-10 tile (853, 422): 3413 = 4·853 + 1,
        // 1689 = 4·422 + 1, so the second quarter across and down.
        let t = TileKey {
            z: 12,
            x: 3413,
            y: 1689,
        };
        let (k, uv) = ancestor(t, 2);
        assert_eq!(
            k,
            TileKey {
                z: 10,
                x: 853,
                y: 422
            }
        );
        assert_eq!(uv, Rect::from_min_max(pos2(0.25, 0.25), pos2(0.5, 0.5)));
        assert_eq!(ancestor(t, 0).0, t);
    }
}
