//! The Plan tab: the scenario's actions (edit, remove, undo, redo), the merge
//! planner, the expansion helper and a form for every other action. Every
//! change goes into the scenario; the worker recomputes it like a slider.

use super::{Computed, Cx, Panel, Tab, waiting_ui};
use crate::app::commands::Command;
use crate::engine::Wants;
use crate::engine::plan::{
    self, Action, Candidate, Expansion, PlannerSettings, Receiver, SiteCheck, SiteLink,
};
use crate::i18n::{Lang, thousands};
use crate::model::Coords;
use crate::places::datum::Datum;
use eframe::egui::{self, RichText};
mod actions;
use actions::*;
mod merges;
use merges::*;
mod site;
use site::*;
mod form;
use form::*;
mod optimise;
use optimise::OptimiserState;

/// What kind of action the form adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Merge,
    Expand,
    Open,
    Feeder,
    EntryShare,
    GradeSpan,
    Housing,
}

/// The "add an action" form's fields.
#[derive(Debug, Clone, Default)]
struct Form {
    kind: Kind,
    year: i32,
    school: String,
    other: String,
    number: f64,
    name: String,
    area: String,
    x: f64,
    y: f64,
    lo: i8,
    hi: i8,
    share_pct: f64,
    /// The datum the place's longitude and latitude are typed in (None:
    /// the roster's, as read): a place copied from AMap is in GCJ-02.
    datum: Option<Datum>,
    /// Why the last "Add to the plan" was refused.
    error: Option<String>,
}

impl Form {
    /// The number fields' starting values for the kind chosen: they are
    /// shared between kinds (classrooms, dwellings; a share, years to full).
    fn defaults_for_kind(&mut self) {
        let (number, share) = match self.kind {
            Kind::Housing => (1000.0, 3.0),
            Kind::Open => (12.0, 30.0),
            Kind::EntryShare => (0.0, 100.0),
            _ => (6.0, 30.0),
        };
        self.number = number;
        self.share_pct = share;
        self.error = None;
    }
}

pub struct Plan {
    form: Form,
    /// The plan on a map beside the lists, where a click places a new
    /// school or estate.
    map: super::map::Map,
    /// The site checks: the last answer, and the last asked for.
    site: SiteState,
    /// Whether the "Add an action" form was open last frame: only then does
    /// a click on the map place its school or estate.
    form_open: bool,
    /// The layout optimiser's pins being entered and its last answer.
    optimiser: OptimiserState,
    /// The base fall the form's year was set for: new data with another
    /// base fall starts the form at its next fall.
    form_base: Option<i32>,
}

/// The new-school site check's answers, by what they were worked out for.
#[derive(Default)]
struct SiteState {
    done: Option<(SiteKey, SiteCheck)>,
    asked: Option<SiteKey>,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            form: Form::default(),
            map: super::map::Map::compact("plan-map"),
            site: SiteState::default(),
            form_open: false,
            optimiser: OptimiserState::default(),
            form_base: None,
        }
    }
}

/// What a site check was worked out for: (generation, site's bits, grades, year).
pub type SiteKey = (u64, [u64; 2], [i8; 2], i32);

impl Panel for Plan {
    fn id(&self) -> Tab {
        Tab::Plan
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("规划", "Plan")
    }

    fn wants(&self) -> Wants {
        Wants {
            planner: true,
            comparison: true,
            ..Wants::default()
        }
    }

    fn waiting_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        waiting_ui(ui, cx);
        // A plan that cannot be computed can still be mended here.
        if cx.compute_error.is_some() {
            ui.separator();
            actions_ui(ui, cx);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let o = &computed.outcome;
        if self.form.year == 0 {
            self.form.lo = 1;
            self.form.hi = 6;
            self.form.number = 6.0;
            self.form.share_pct = 30.0;
        }
        // An action starts in the first projected fall, the one after the
        // base fall of the data shown.
        if self.form_base != Some(o.projection.base_year) {
            self.form.year = o.projection.base_year + 1;
            self.form_base = Some(o.projection.base_year);
        }
        let lists = computed.planner.clone();
        if let Some(lonlat) = self.map.refresh(computed) {
            let wide = ui.available_width();
            egui::Panel::right("plan-map-panel")
                .resizable(true)
                .default_size(wide * 0.42)
                .size_range(240.0..=wide * 0.7)
                .show(ui, |ui| self.map_ui(ui, cx, lonlat));
        }
        // The lists in what the map leaves, clipped there and scrolled both
        // ways (a merge's receivers run wide).
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::both()
                .id_salt("plan-scroll")
                .show(ui, |ui| self.lists_ui(ui, cx, lists.as_deref()))
        });
    }
}

impl Plan {
    fn lists_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut Cx<'_>,
        lists: Option<&crate::engine::PlannerLists>,
    ) {
        let lang = cx.lang;
        {
            header_ui(ui, cx);
            ui.separator();
            actions_ui(ui, cx);
            ui.separator();
            let form = egui::CollapsingHeader::new(
                RichText::new(lang.pick("新增措施", "Add an action")).strong(),
            )
            .default_open(false)
            .show(ui, |ui| self.form_ui(ui, cx));
            self.form_open = form.body_returned.is_some();
            ui.separator();
            egui::CollapsingHeader::new(RichText::new(lang.pick("优化方案", "Optimise")).strong())
                .id_salt("optimiser")
                .default_open(false)
                .show(ui, |ui| self.optimise_ui(ui, cx));
            ui.separator();
            match lists {
                Some(p) => {
                    merge_planner_ui(ui, cx, &p.candidates);
                    ui.separator();
                    expansion_ui(ui, cx, &p.expansions);
                }
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(
                            lang.pick("正在查找撤并与扩建建议…", "Finding merges and expansions…"),
                        );
                    });
                }
            }
        }
    }
}

/// The actions list's height before it scrolls.
const ACTIONS_HEIGHT: f32 = 320.0;

/// Rows a planner table shows (a province has thousands of candidates).
const SHOWN: usize = 200;

impl Plan {
    /// A site check came back from the background: kept if the form still
    /// asks for it.
    pub fn site_checked(&mut self, key: SiteKey, check: SiteCheck) {
        if self.site.asked == Some(key) {
            self.site.done = Some((key, check));
        }
    }

    /// The form's place: longitude and latitude, or X and Y in km.
    pub fn place(&self) -> [f64; 2] {
        [self.form.x, self.form.y]
    }

    /// Type a place into the form (for tests).
    pub fn set_place(&mut self, p: [f64; 2]) {
        [self.form.x, self.form.y] = p;
    }

    /// The plan on the map: merges, new and expanded schools, new estates,
    /// and the place being entered in the form with its service radius and
    /// what it is checked against. While a new school or estate is being
    /// entered, a click on the map places it.
    fn map_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, lonlat: bool) {
        use super::map::{Extras, Site};
        let lang = cx.lang;
        ui.strong(lang.pick("方案地图", "The plan on the map"));
        if lonlat {
            cx.basemap.sync(&cx.state.basemap, ui.ctx());
            cx.basemap.status_ui(ui, &cx.state.basemap, lang);
        }
        let placing = self.form_open && matches!(self.form.kind, Kind::Open | Kind::Housing);
        let roster = roster_datum(cx);
        let shown = if placing { self.form.kind } else { Kind::Merge };
        ui.label(
            RichText::new(match (shown, lang) {
                (Kind::Open, Lang::Zh) => "点击地图选定新学校的校址（“新增措施”表单）。",
                (Kind::Open, Lang::En) => "Click the map to place the new school (the “Add an action” form).",
                (Kind::Housing, Lang::Zh) => "点击地图选定新建小区的位置（“新增措施”表单）。",
                (Kind::Housing, Lang::En) => "Click the map to place the new housing (the “Add an action” form).",
                (_, Lang::Zh) => "箭头为撤并，星号为新建学校，方框为扩建，菱形为新建小区；点击圆点查看该校。",
                (_, Lang::En) => "Arrows: merges; stars: new schools; squares: expanded; diamonds: new housing. Click a dot to open the school.",
            })
            .weak(),
        );
        let f = &self.form;
        let entered = f.x != 0.0 || f.y != 0.0;
        let name = |fallback: &str| {
            let n = f.name.trim();
            if n.is_empty() {
                fallback.to_string()
            } else {
                n.to_string()
            }
        };
        let site = match f.kind {
            _ if !self.form_open => None,
            Kind::Open if entered => {
                let check = site_check(&mut self.site, f, cx, lonlat).map(|(c, _)| c);
                Some(Site {
                    at: form_site(f, lonlat, roster),
                    label: name(lang.pick("新校址", "new school's site")),
                    housing: false,
                    radius_km: check.map(|c| c.radius_km),
                    links: check.map_or_else(Vec::new, |c| {
                        c.nearest.iter().chain(&c.estates).map(|l| l.at).collect()
                    }),
                })
            }
            Kind::Housing if entered => {
                let check = site_check(&mut self.site, f, cx, lonlat).map(|(c, _)| c);
                Some(Site {
                    at: form_site(f, lonlat, roster),
                    label: name(lang.pick("新建小区位置", "new housing's place")),
                    housing: true,
                    radius_km: None,
                    links: check
                        .map_or_else(Vec::new, |c| c.receivers.iter().map(|l| l.at).collect()),
                })
            }
            _ => None,
        };
        let picked = self.map.canvas_ui(
            ui,
            cx,
            &Extras {
                site,
                pick: placing,
            },
        );
        if let Some(p) = picked {
            // Shown in the datum the place is typed in.
            let (x, y, decimals) = match p {
                Coords::LonLat { lon, lat } => {
                    let (x, y) = self.form.datum.unwrap_or(roster).from_wgs84(lon, lat);
                    (x, y, 1e5)
                }
                Coords::Km { x, y } => (x, y, 1e2),
            };
            self.form.x = (x * decimals).round() / decimals;
            self.form.y = (y * decimals).round() / decimals;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_receivers_are_read_or_refused() {
        let r = receivers("甲小学:40%, 乙小学：60", Lang::Zh).expect("reads");
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].school.as_str(), r[0].share), ("甲小学", 40.0));
        assert_eq!((r[1].school.as_str(), r[1].share), ("乙小学", 60.0));
        let one = receivers("North", Lang::En).expect("reads");
        assert_eq!(one[0].share, 1.0);
        // A mistyped share is refused, not read as 100 %.
        let e = receivers("North:4O%", Lang::En).expect_err("refused");
        assert!(e.contains("4O%") && e.contains("North"), "{e}");
        assert!(receivers("North:0", Lang::En).is_err());
        assert!(receivers("North:-1", Lang::En).is_err());
        assert!(receivers(" , ", Lang::En).is_err());
    }
}
